"""The build cache (datasette_cafcass/builder/cache.py): a warm build loads
exactly what a cold one works out; a changed file, sources row, build code or
vocabulary is worked out again; a damaged or foreign cache is a warning and
the article is worked out again, never a wrong database. A rebuild patches the
last database (builder/patch.py): the same rows as a cold build, table by
table, and the same file, byte for byte, when nothing changed."""
import json
import marshal
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from datasette_cafcass import schema, vocab
from datasette_cafcass.builder import cache as cache_mod
from datasette_cafcass.builder import cli, patch, pipeline
from datasette_cafcass.builder.cache import cache_path, code_version
from datasette_cafcass.builder.pipeline import build

from .test_parallel_build import dump

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402

N = 24


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("made") / "corpus"
    make_corpus(N, folder, seed=11)
    files = sorted(p.name for p in folder.iterdir())
    # a sources file giving two of them an outlet, so its rows are in play
    (folder / "sources.csv").write_text(
        "file,url,outlet\n"
        f"{files[0]},https://example.org/a,Example News\n"
        f"{files[1]},https://example.org/b,Example Weekly\n", encoding="utf-8")
    return folder


@pytest.fixture
def corpus(made, tmp_path):
    """A fresh copy of the made-up corpus, to change."""
    return Path(shutil.copytree(made, tmp_path / "corpus"))


def same_database(a, b):
    assert dump(a) == dump(b)
    assert Path(a).read_bytes() == Path(b).read_bytes()


WORDS = ("ofsted", "children", "inadequate", "delays", "outstanding")


def content(path):
    """Every table's rows in any order, the schema, and which rows each
    full-text index finds for some words (after SQLite checks each index
    against its table)."""
    conn = sqlite3.connect(path)
    out = {t.name: sorted(conn.execute(f"select * from [{t.name}]").fetchall(), key=repr) for t in schema.TABLES}
    out["schema"] = sorted(conn.execute("select type, name, tbl_name, sql from sqlite_master "
                                        "where name not like 'sqlite_%'").fetchall(), key=repr)
    for t in schema.TABLES:
        if t.fts:
            fts = f"{t.name}_fts"
            conn.execute(f"insert into [{fts}]([{fts}]) values ('integrity-check')")  # raises when they differ
            for word in WORDS:
                out[f"{fts} {word}"] = sorted(conn.execute(
                    f"select [{t.pk}] from [{t.name}] where rowid in (select rowid from [{fts}] where [{fts}] match ?)",
                    [word]).fetchall())
    conn.close()
    return out


def same_rows(patched, cold_db):
    """What a patched rebuild promises: a cold build's rows, schema and search."""
    a, b = content(patched), content(cold_db)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name
    assert any(v for k, v in b.items() if " " in k)  # the words are found at all


def entries(db):
    conn = sqlite3.connect(cache_path(db))
    try:
        return dict(conn.execute("select key, value from entries"))
    finally:
        conn.close()


def set_entry(db, key, value):
    conn = sqlite3.connect(cache_path(db))
    with conn:
        conn.execute("update entries set value = ? where key = ?", (value, key))
    conn.close()


def key_of(db, name):
    """The key of the entry of file name (its head names the file)."""
    for key, value in entries(db).items():
        if cache_mod.decode(cache_mod.unpack(key, value), rows=False)["source_file"] == name:
            return key
    raise AssertionError(f"no entry for {name}")


def cold(corpus, path):
    return build(corpus, path, cache=False)


def test_warm_build_equals_cold_build(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    first = build(corpus, db)
    assert (first.cached, first.worked) == (0, N)
    assert cache_path(db).exists() and len(entries(db)) == N
    before = db.read_bytes()
    warm = build(corpus, db)
    assert (warm.cached, warm.worked) == (N, 0)
    assert warm.warnings == first.warnings and warm.facts == first.facts
    assert (first.written, warm.written, warm.rows_changed) == ("all rows", "unchanged", 0)
    assert db.read_bytes() == before
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")
    assert not cache_path(tmp_path / "cold.db").exists()  # cache=False writes none


def test_a_changed_file_alone_is_worked_out_again(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    changed = sorted(corpus.glob("*.txt"))[3]
    changed.write_text(changed.read_text(encoding="utf-8") +
                       "\n\nOfsted said the service's leaders had cut delays for children.\n", encoding="utf-8")
    again = build(corpus, db)
    assert (again.cached, again.worked) == (N - 1, 1)
    assert again.written == "patched" and again.rows_changed > 0
    done = cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")
    assert (again.articles, again.passages, again.briefs, again.facts) == (
        done.articles, done.passages, done.briefs, done.facts)
    assert len(entries(db)) == N  # the old entry of the changed file is dropped


def test_removed_and_added_files(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    gone = sorted(corpus.glob("*.txt"))[5]
    text = gone.read_text(encoding="utf-8")
    gone.unlink()
    (corpus / "zz_moved.txt").write_text(text, encoding="utf-8")  # same bytes, another path: another id
    again = build(corpus, db)
    assert (again.cached, again.worked) == (N - 1, 1)
    assert again.written == "patched"
    assert len(entries(db)) == N
    cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")


def add_a_sentence(path):
    path.write_text(path.read_text(encoding="utf-8") +
                    "\n\nOfsted said the service's leaders had cut delays for children.\n", encoding="utf-8")


def test_a_database_changed_since_the_last_build_is_written_anew(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    conn = sqlite3.connect(db)
    with conn:  # someone's own edit: the record no longer names this file
        conn.execute("update articles set title = 'edited by hand'")
    conn.close()
    add_a_sentence(sorted(corpus.glob("*.txt"))[2])
    again = build(corpus, db)
    assert again.written == "all rows"
    assert again.why_all == "the database is not the one the last build wrote"
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")


def test_many_changed_articles_write_every_row(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    for path in sorted(corpus.glob("*.txt"))[:4]:
        add_a_sentence(path)
    again = build(corpus, db)
    assert (again.written, again.why_all) == ("all rows", f"4 of {N} articles changed")
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")


def test_a_patch_of_more_changed_articles_than_a_batch(corpus, tmp_path, monkeypatch):
    """The changed articles' new rows go in after their old rows are gone,
    however many batches of rows they fill."""
    monkeypatch.setattr(pipeline, "BATCH", 1)
    monkeypatch.setattr(patch, "MOST_CHANGED", 1.0)
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    for path in sorted(corpus.glob("*.txt"))[:3]:
        add_a_sentence(path)
    again = build(corpus, db)
    assert (again.worked, again.written) == (3, "patched")
    cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")


def test_no_patch_without_a_cache_or_with_full(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    assert build(corpus, db).written == "all rows"
    assert (build(corpus, db, full=True).why_all, build(corpus, db, cache=False).why_all) == ("--full", "no build cache")
    assert build(corpus, db).why_all == "the database is not the one the last build wrote"  # cache=False wrote it


def test_a_failed_patch_leaves_the_database_as_it_was(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    before = db.read_bytes()
    add_a_sentence(sorted(corpus.glob("*.txt"))[1])
    bad = tmp_path / "bad.yml"
    bad.write_text("corrections: [unclosed\n", encoding="utf-8")
    with pytest.raises(pipeline.BuildError, match="bad.yml"):
        build(corpus, db, corrections=bad)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".cafcass.db.*"))  # no temporary copy left behind
    assert build(corpus, db).written == "patched"  # the record still names the old file


def test_a_patch_whose_copy_fails_says_why_and_leaves_the_database(corpus, tmp_path, monkeypatch):
    """The copy a patch starts from is made on a thread while the cache is read:
    its failure is the build's, with the reason, and nothing is left behind."""
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    before = db.read_bytes()
    add_a_sentence(sorted(corpus.glob("*.txt"))[1])

    def full_disk(src, dst, **kw):
        with open(dst, "wb") as f:
            f.write(b"half")
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(pipeline.shutil, "copyfile", full_disk)
    with pytest.raises(pipeline.BuildError, match=r"cannot write .*cafcass\.db: No space left on device"):
        build(corpus, db)
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".cafcass.db.*"))
    monkeypatch.undo()
    assert build(corpus, db).written == "patched"


def test_a_patch_stopped_while_its_copy_is_made_leaves_no_file(corpus, tmp_path, monkeypatch):
    """Ctrl-C while the copy is still being made: the build waits for the copy
    (which cannot be stopped), then removes it."""
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    before = db.read_bytes()
    add_a_sentence(sorted(corpus.glob("*.txt"))[1])
    copied, real = [], shutil.copyfile

    def slow_copy(src, dst, **kw):
        time.sleep(0.5)
        copied.append(real(src, dst, **kw))
    monkeypatch.setattr(pipeline.shutil, "copyfile", slow_copy)
    reads = []

    def stopped(self, *a, **kw):
        reads.append(copied[:])
        raise KeyboardInterrupt
    monkeypatch.setattr(cache_mod.Cache, "get", stopped)
    with pytest.raises(KeyboardInterrupt):
        build(corpus, db)
    assert reads == [[]] and copied  # stopped before the copy was done, which then finished
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".cafcass.db.*"))


def test_corrections_alone_are_patched_in(tmp_path):
    from .conftest import DATA, SEEDS
    db = tmp_path / "cafcass.db"
    build(SEEDS, db)
    again = build(SEEDS, db, corrections=DATA / "corrections.yml")
    assert (again.cached, again.worked, again.written) == (again.files, 0, "patched")
    assert again.facts["corrections"] > 0 and again.rows_changed > 0
    build(SEEDS, tmp_path / "cold.db", cache=False, corrections=DATA / "corrections.yml")
    same_rows(db, tmp_path / "cold.db")
    back = build(SEEDS, db)  # and out again
    assert back.written == "patched"
    build(SEEDS, tmp_path / "plain.db", cache=False)
    same_rows(db, tmp_path / "plain.db")


# A paragraph no rule reads a fact from: an edit the extraction does not see.
UNSEEN = "\n\nThe weather was fine on the day of the visit.\n"


def counting_combines(monkeypatch):
    """How many times the build runs combine() (the global step over every article's facts)."""
    calls = []
    real = pipeline.combine
    monkeypatch.setattr(pipeline, "combine", lambda extracted: calls.append(len(extracted)) or real(extracted))
    return calls


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_an_edit_the_extraction_does_not_see_keeps_the_facts_as_they_were(corpus, tmp_path, monkeypatch):
    """The changed article gives combine() what its last entry gave: the last
    build's fact tables are this build's, so combine(), the corrections and
    the rest are not run again, and the rows are a cold build's all the same."""
    calls = counting_combines(monkeypatch)
    db = tmp_path / "cafcass.db"
    first = build(corpus, db)
    assert calls == [N]
    calls.clear()
    append(sorted(corpus.glob("*.txt"))[3], UNSEEN)
    again = build(corpus, db)
    assert calls == []  # not again
    assert (again.worked, again.written, again.rows_changed, again.facts_kept) == (1, "patched", 0, True)
    assert "combine" not in again.timings
    assert "the facts as they were" in cli.written(again)
    assert (again.facts, again.warnings, again.articles, again.passages) == \
        (first.facts, first.warnings, first.articles, first.passages + 1)
    cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")
    calls.clear()
    append(sorted(corpus.glob("*.txt"))[5], UNSEEN)  # and again, from the record that build kept
    assert build(corpus, db).written == "patched" and calls == []
    cold(corpus, tmp_path / "cold2.db")
    same_rows(db, tmp_path / "cold2.db")
    calls.clear()
    assert build(corpus, db).written == "unchanged" and calls == []  # nothing changed: the file as it was


def test_an_edit_that_changes_an_articles_facts_works_them_out_again(corpus, tmp_path, monkeypatch):
    calls = counting_combines(monkeypatch)
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    graded = next(p for p in sorted(corpus.glob("*.txt")) if " good" in p.read_text(encoding="utf-8"))
    graded.write_text(graded.read_text(encoding="utf-8").replace(" good", " inadequate"), encoding="utf-8")
    calls.clear()
    again = build(corpus, db)
    assert calls == [N] and again.written == "patched" and again.rows_changed > 0 and not again.facts_kept
    assert " fact rows changed)" in cli.written(again)
    cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")


def test_a_new_finding_reads_back_the_findings_and_their_themes_alone(corpus, tmp_path, monkeypatch):
    """A patch compares row_themes one themed table at a time: a finding's new
    themes do not read back the themes of every quote and judgement."""
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    synced, real = [], patch.sync
    monkeypatch.setattr(patch, "sync", lambda conn, name, rows, where="", params=():
                        synced.append((name, list(params))) or real(conn, name, rows, where, params))
    append(sorted(corpus.glob("*.txt"))[3], "\n\nInspectors found that leaders had not tackled the delay "
                                            "in allocating children's cases to social workers.\n")
    again = build(corpus, db)
    assert again.written == "patched" and again.rows_changed > 0
    assert ("findings", []) in synced and ("row_themes", ["findings"]) in synced
    assert not [s for s in synced if s[0] == "row_themes" and s[1] != ["findings"]]
    cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")


def test_the_themes_of_a_table_left_without_rows_go(corpus, tmp_path, monkeypatch):
    """A table whose rows all go loses its themes too."""
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    before = sqlite3.connect(db).execute("select count(*) from row_themes where table_name = 'events'").fetchone()
    assert before[0] > 0
    real = pipeline.combine
    monkeypatch.setattr(pipeline, "combine",
                        lambda extracted: {k: v for k, v in real(extracted).items() if k != "events"})
    append(sorted(corpus.glob("*.txt"))[3], "\n\nInspectors found that leaders had not tackled delays.\n")
    assert build(corpus, db).written == "patched"
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from events").fetchone() == (0,)
    assert conn.execute("select count(*) from row_themes where table_name = 'events'").fetchone() == (0,)


def test_the_facts_are_worked_out_again_when_the_corrections_or_strict_change(tmp_path, monkeypatch):
    """The corrections file and --strict are inputs of the global step too; and
    a correction reads the passages of the article it names, so an edit of
    that article, unseen by the extraction, still works the facts out again."""
    from .conftest import DATA, SEEDS
    monkeypatch.setattr(patch, "MOST_CHANGED", 1.0)  # five seeds: let one changed article be patched
    calls = counting_combines(monkeypatch)
    folder = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    fixes = tmp_path / "corrections.yml"
    shutil.copy(DATA / "corrections.yml", fixes)
    db = tmp_path / "cafcass.db"

    def rebuild(**options):
        calls.clear()
        report = build(folder, db, corrections=fixes, **options)
        assert report.written == "patched"
        return report, bool(calls)

    build(folder, db, corrections=fixes)
    named = folder / "004_716355896944d638.txt"
    assert named.exists() and named.stem in fixes.read_text(encoding="utf-8")
    append(named, UNSEEN)
    assert rebuild()[1]  # worked out again
    unnamed = next(p for p in sorted(folder.glob("*.txt")) if p.stem not in fixes.read_text(encoding="utf-8"))
    append(unnamed, UNSEEN)
    assert not rebuild()[1]  # kept
    build(folder, tmp_path / "cold.db", cache=False, corrections=fixes)
    same_rows(db, tmp_path / "cold.db")
    fixes.write_text(fixes.read_text(encoding="utf-8").replace("{year: 2009}", "{year: 2010}"), encoding="utf-8")
    append(unnamed, UNSEEN)
    report, again = rebuild()
    assert again and report.rows_changed > 0  # the file changed
    append(unnamed, UNSEEN)
    assert rebuild(strict=True)[1]  # --strict
    build(folder, tmp_path / "cold2.db", cache=False, corrections=fixes)
    same_rows(db, tmp_path / "cold2.db")


def test_what_the_corrections_said_is_said_again_when_the_facts_are_kept(tmp_path, monkeypatch):
    from .conftest import SEEDS
    monkeypatch.setattr(patch, "MOST_CHANGED", 1.0)
    calls = counting_combines(monkeypatch)
    folder = Path(shutil.copytree(SEEDS, tmp_path / "seeds"))
    (folder / "corrections.yml").write_text(
        "- id: not-there\n  action: drop\n  table: quotes\n  article: 004_716355896944d638\n"
        "  words: words no seed article has\n  reason: a test\n", encoding="utf-8")
    db = tmp_path / "cafcass.db"
    first = build(folder, db)
    assert any("not-there" in w for w in first.warnings)
    calls.clear()
    append(sorted(folder.glob("*.txt"))[0], UNSEEN)
    again = build(folder, db)
    assert calls == [] and again.written == "patched" and again.warnings == first.warnings


def age(folder, seconds):
    """Set every file's modification time seconds into the past."""
    when = time.time() - seconds
    for path in folder.iterdir():
        os.utime(path, (when, when))


def counting_hashes(monkeypatch):
    read = []
    real = pipeline._file_sha256
    monkeypatch.setattr(pipeline, "_file_sha256", lambda path: read.append(path.name) or real(path))
    return read


def test_unchanged_files_are_not_read_again_to_hash_them(corpus, tmp_path, monkeypatch):
    age(corpus, 60)
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    read = counting_hashes(monkeypatch)
    assert build(corpus, db).written == "unchanged"
    assert read == []  # size, modification time and inode as the last build noted them
    changed = sorted(corpus.glob("*.txt"))[6]
    add_a_sentence(changed)
    again = build(corpus, db)
    assert read == [changed.name] and again.worked == 1


def counting_matches(monkeypatch):
    """The texts the theme rule is run on (a row's text, one at a time)."""
    texts = []
    real = pipeline.Matcher.__call__
    monkeypatch.setattr(pipeline.Matcher, "__call__", lambda self, text: texts.append(text) or real(self, text))
    return texts


def record_of(db):
    conn = sqlite3.connect(cache_path(db))
    try:
        return json.loads(conn.execute("select value from builds where name = 'last'").fetchone()[0])
    finally:
        conn.close()


def set_record(db, record):
    conn = sqlite3.connect(cache_path(db))
    with conn:
        conn.execute("update builds set value = ? where name = 'last'", (json.dumps(record),))
    conn.close()


def test_a_rebuild_takes_the_facts_themes_from_the_last_build(corpus, tmp_path, monkeypatch):
    db = tmp_path / "cafcass.db"
    texts = counting_matches(monkeypatch)
    build(corpus, db)
    made = {t for t in texts if t}
    known = record_of(db)["themes"]
    assert made and made <= known.keys()  # every fact text the rule was run on
    assert any(known.values())
    texts.clear()
    add_a_sentence(sorted(corpus.glob("*.txt"))[3])
    assert build(corpus, db).worked == 1
    assert not set(texts) & made  # none of them again
    cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")


def test_themes_of_another_version_or_of_no_use_are_worked_out_again(corpus, tmp_path, monkeypatch):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    record = record_of(db)
    text = next(t for t, found in record["themes"].items() if found)
    record["themes"][text] = "not a list of themes"
    set_record(db, record)
    texts = counting_matches(monkeypatch)
    add_a_sentence(sorted(corpus.glob("*.txt"))[3])
    build(corpus, db)
    assert text in texts and record_of(db)["themes"][text] == pipeline.theme_matcher()(text) != []
    cold(corpus, tmp_path / "cold.db")
    same_rows(db, tmp_path / "cold.db")
    record = record_of(db)
    record["themes"][text], record["version"] = [], "another version"
    set_record(db, record)
    texts.clear()
    build(corpus, db)  # everything worked out again: its themes too
    assert text in texts
    same_rows(db, tmp_path / "cold.db")


def test_a_file_changed_just_after_it_was_hashed_is_read_again(corpus, tmp_path, monkeypatch):
    age(corpus, 1)  # within the two seconds a file system's timestamps may not tell apart
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    changed = sorted(corpus.glob("*.txt"))[6]
    st = changed.stat()
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("Ofsted", "OFSTED", 1), encoding="utf-8")  # the same size
    os.utime(changed, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same time
    assert changed.stat().st_size == st.st_size and "Ofsted" in text
    read = counting_hashes(monkeypatch)
    again = build(corpus, db)
    assert len(read) == N and again.worked == 1


def test_full_ignores_the_cache_and_refills_it(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    full = build(corpus, db, full=True)
    assert (full.cached, full.worked) == (0, N)
    warm = build(corpus, db)
    assert warm.cached == N
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")


def test_a_sources_row_is_part_of_the_key(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    listing = (corpus / "sources.csv").read_text(encoding="utf-8")
    (corpus / "sources.csv").write_text(listing.replace("Example Weekly", "Example Monthly"), encoding="utf-8")
    again = build(corpus, db)
    assert (again.cached, again.worked) == (N - 1, 1)
    conn = sqlite3.connect(db)
    assert conn.execute("select count(*) from articles where outlet = 'Example Monthly'").fetchone() == (1,)
    conn.close()


def test_code_version_follows_the_vocabulary_and_the_build_code(tmp_path, monkeypatch):
    base = code_version()
    assert code_version() == base  # stable
    words = tmp_path / "vocab"
    shutil.copytree(vocab.FOLDER, words)
    monkeypatch.setattr(vocab, "FOLDER", words)
    assert code_version() == base  # the same files, the same version
    themes = words / "themes.csv"
    themes.write_text(themes.read_text(encoding="utf-8") + "delay,hold-up\n", encoding="utf-8")
    assert code_version() != base
    monkeypatch.undo()
    package = tmp_path / "package"
    shutil.copytree(cache_mod.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_mod, "PACKAGE", package)
    assert code_version() == base
    clean = package / "builder" / "clean.py"
    clean.write_text(clean.read_text(encoding="utf-8") + "\n# a change\n", encoding="utf-8")
    assert code_version() != base


def test_another_code_version_works_everything_out_again(corpus, tmp_path, monkeypatch):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    monkeypatch.setattr(pipeline, "code_version", lambda: "another version of the code")
    again = build(corpus, db)
    assert (again.cached, again.worked) == (0, N)
    assert len(entries(db)) == N  # the old version's entries are dropped


def test_a_damaged_entry_is_a_warning_and_worked_out_again(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    first = build(corpus, db)
    name = sorted(p.name for p in corpus.glob("*.txt"))[2]
    key = key_of(db, name)
    value = entries(db)[key]
    assert b"body" in value
    set_entry(db, key, value.replace(b"body", b"bodY", 1))  # the checksum no longer matches
    again = build(corpus, db, strict=True)  # a cache warning is not an input warning
    assert (again.cached, again.worked) == (N - 1, 1)
    assert again.warnings == first.warnings
    assert len(again.cache_warnings) == 1 and name in again.cache_warnings[0]
    assert "damaged" in again.cache_warnings[0]
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")
    assert build(corpus, db).cached == N  # rewritten


def test_a_foreign_entry_is_a_warning(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    a, b = sorted(p.name for p in corpus.glob("*.txt"))[:2]
    ka, kb = key_of(db, a), key_of(db, b)
    values = entries(db)
    set_entry(db, ka, values[kb])  # b's entry under a's key, and the other way round
    set_entry(db, kb, values[ka])
    again = build(corpus, db)
    assert (again.cached, again.worked) == (N - 2, 2)
    assert sorted(w.split("the entry of ")[1].split(" is")[0] for w in again.cache_warnings) == [a, b]
    assert all("another file's entry" in w for w in again.cache_warnings)
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")


@pytest.mark.parametrize("data", [marshal.dumps([1, 2, 3]), b"%d\n" % len(marshal.dumps({"article": {}})) +
                                  marshal.dumps({"article": {}}) * 2, b"3\nnot marshal", b"\xff"],
                         ids=["a list", "dicts of other keys", "not marshal", "one stray byte"])
def test_an_entry_that_is_not_a_result(corpus, tmp_path, data):
    db = tmp_path / "cafcass.db"
    build(corpus, db)
    name = sorted(p.name for p in corpus.glob("*.txt"))[4]
    key = key_of(db, name)
    set_entry(db, key, cache_mod.pack(key, data))
    again = build(corpus, db)
    assert (again.cached, again.worked) == (N - 1, 1)
    assert len(again.cache_warnings) == 1 and name in again.cache_warnings[0]
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")


@pytest.mark.parametrize("junk", [b"", b"this is not a database", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_cache_file_that_is_not_a_cache(corpus, tmp_path, junk):
    db = tmp_path / "cafcass.db"
    cache_path(db).write_bytes(junk)
    first = build(corpus, db)
    assert (first.cached, first.worked) == (0, N)
    if junk:  # an empty file is an empty SQLite database: nothing to say
        assert len(first.cache_warnings) == 1 and "cannot be read" in first.cache_warnings[0]
    assert build(corpus, db).cached == N  # written anew, and used


def test_a_cache_of_another_shape(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    conn = sqlite3.connect(cache_path(db))
    conn.execute("create table entries (name text, data text)")
    conn.commit()
    conn.close()
    first = build(corpus, db)
    assert first.worked == N and "cannot be read" in first.cache_warnings[0]
    assert build(corpus, db).cached == N


def test_a_cache_that_cannot_be_written_is_a_warning(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    cache_path(db).mkdir()  # a folder where the cache file would go
    report = build(corpus, db)
    assert report.worked == N and report.articles == N
    assert any("not written" in w for w in report.cache_warnings)
    cold(corpus, tmp_path / "cold.db")
    same_database(db, tmp_path / "cold.db")


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "datasette_cafcass.builder.cli", *map(str, args)],
                          capture_output=True, text=True)


def test_cli_says_how_many_came_from_the_cache(corpus, tmp_path):
    db = tmp_path / "cafcass.db"
    first = run_cli("--seeds", corpus, "--db", db, "--workers", 2)
    assert first.returncode == 0, first.stderr
    assert f"0 articles from the build cache, {N} worked out" in first.stderr
    warm = run_cli("--seeds", corpus, "--db", db)
    assert warm.returncode == 0, warm.stderr
    assert f"{N} articles from the build cache, 0 worked out" in warm.stderr
    assert str(cache_path(db)) in warm.stderr
    assert "wrote every row (no record of the last build in the cache)" in first.stderr
    assert "nothing changed: the database file is as it was" in warm.stderr
    graded = next(p for p in sorted(corpus.glob("*.txt")) if " good" in p.read_text(encoding="utf-8"))
    graded.write_text(graded.read_text(encoding="utf-8").replace(" good", " inadequate"), encoding="utf-8")
    patched = run_cli("--seeds", corpus, "--db", db)
    assert "patched the last build's database (" in patched.stderr and " fact rows changed)" in patched.stderr
    append(graded, UNSEEN)
    kept = run_cli("--seeds", corpus, "--db", db)
    assert "patched the last build's database (its articles; the facts as they were" in kept.stderr
    full = run_cli("--seeds", corpus, "--db", db, "--full")
    assert f"0 articles from the build cache, {N} worked out; cache refilled (--full) in" in full.stderr
    assert "wrote every row (--full)" in full.stderr
    cache_path(db).write_bytes(b"junk")
    strict = run_cli("--seeds", corpus, "--db", db, "--strict")
    assert strict.returncode == 0, strict.stderr  # the cache's trouble is not the input's
    assert "warning: build cache" in strict.stderr and "cannot be read" in strict.stderr


def test_cli_help_and_bad_options():
    help_ = run_cli("--help")
    assert help_.returncode == 0
    for option in ("--seeds", "--db", "--strict", "--full", "--workers"):
        assert option in help_.stdout
    for bad in (["--workers", "0"], ["--workers", "many"], ["--nope"]):
        run = run_cli(*bad)
        assert run.returncode == 2, run.stderr
        assert "Traceback" not in run.stderr and "Error:" in run.stderr
