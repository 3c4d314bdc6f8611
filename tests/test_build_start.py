"""What a build costs before it reads an article: a build of one article
imports only what it uses, and what it does without the modules it leaves out
is what they would have done.

- The build writes the schema's SQL itself (pipeline.table_sql, index_sql,
  view_sql, fts_sql) rather than importing sqlite-utils for it: the database
  must be the one sqlite-utils makes, statement for statement.
- A new cache, and a --full build's, is written to a file beside it without a
  journal, synced once and renamed into place: a failed build leaves the old.
- The code version reads the versions of BeautifulSoup and PyYAML without
  importing importlib.metadata (cache._versions): the same versions.
"""
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest
import sqlite_utils

from datasette_cafcass import schema, vocab
from datasette_cafcass.builder import cache, pipeline
from datasette_cafcass.builder.cache import cache_path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
# Imported only by the builds that need them (a pool, a patch, a corrections
# file, front matter, a row sqlite3 cannot bind, an unusual install).
NOT_IMPORTED = ("sqlite_utils", "yaml", "multiprocessing", "importlib.metadata", "tempfile", "shutil")


def test_a_plain_build_imports_none_of_what_it_does_not_use(tmp_path):
    code = ("import sys; from datasette_cafcass.builder.cli import main; "
            f"status = main(['--seeds', sys.argv[1], '--db', sys.argv[2], '--no-progress']); "
            f"print([m for m in {NOT_IMPORTED!r} if m in sys.modules]); sys.exit(status)")
    done = subprocess.run([sys.executable, "-c", code, str(SEEDS), str(tmp_path / "x.db")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_the_versions_are_importlib_metadatas():
    names = sorted({d.metadata["Name"] for d in metadata.distributions()})
    assert "PyYAML" in names and "beautifulsoup4" in names
    assert cache._versions(*names) == [metadata.version(n) for n in names]
    assert cache._versions("beautifulsoup4", "PyYAML") == [metadata.version("beautifulsoup4"),
                                                           metadata.version("PyYAML")]
    assert cache._versions("no-such-distribution") == [None]


def by_sqlite_utils(db):
    """The schema as the build made it with sqlite-utils (before it wrote the SQL itself)."""
    for t in schema.TABLES:
        if t.without_rowid:
            columns = ", ".join(f"[{c.name}] {sqlite_utils.db.COLUMN_TYPE_MAPPING[c.type]}" for c in t.columns)
            pk = ", ".join(f"[{c}]" for c in t.pk_columns)
            db.execute(f"create table [{t.name}] ({columns}, primary key ({pk})) without rowid")
        else:
            db[t.name].create({c.name: c.type for c in t.columns}, pk=t.pk,
                              foreign_keys=[tuple(fk) for fk in t.foreign_keys])
    for t in schema.TABLES:
        for cols in t.indexes:
            db[t.name].create_index(list(cols))
    for v in schema.VIEWS.values():
        db.create_view(v.name, v.sql)


def fill(db):
    articles = [{"id": f"a{i}", "source_file": f"a{i}.txt", "sha256": "0" * 64, "title": f"Cafcass {i}",
                 "author": None, "published": "2019", "published_basis": None, "outlet": None, "url": None,
                 "body": f"Ofsted rated Cafcass good, article {i}.", "word_count": 6, "about_cafcass": 1}
                for i in range(3)]
    passages = [{"id": f"a{i}-1", "article_id": f"a{i}", "seq": 1, "kind": "p", "text": a["body"],
                 "char_start": 0, "char_end": len(a["body"])} for i, a in enumerate(articles)]
    pipeline.load(db, {"articles": articles, "passages": passages,
                       "rating_scale": vocab.read_csv("rating_scale.csv")})


def master(db):
    return db.execute("select type, name, tbl_name, sql from sqlite_master order by rowid").fetchall()


def test_the_schema_is_the_sql_sqlite_utils_writes(tmp_path):
    theirs = sqlite_utils.Database(tmp_path / "theirs.db")
    by_sqlite_utils(theirs)
    fill(theirs)
    for t in schema.TABLES:
        if t.fts:
            theirs[t.name].enable_fts(list(t.fts), tokenize="porter", create_triggers=True, replace=True)
    theirs.execute("analyze")

    ours = pipeline.Database(tmp_path / "ours.db")
    pipeline.create_tables(ours)
    fill(ours)
    pipeline.finish(ours)

    assert master(ours) == master(theirs)
    assert list(ours.conn.iterdump()) == list(theirs.conn.iterdump())
    # the full-text index holds the rows, and the triggers keep it up to date
    assert ours.execute("select rowid from articles_fts where articles_fts match 'rated'").fetchall() == [
        (1,), (2,), (3,)]
    ours.execute("update articles set body = 'nothing' where id = 'a1'")
    assert ours.execute("select count(*) from articles_fts where articles_fts match 'rated'").fetchone() == (2,)


def test_finish_on_a_database_with_full_text_search_replaces_nothing(tmp_path):
    # what sqlite-utils' enable_fts(replace=True) does there: keeps the index as it is
    db = pipeline.Database(tmp_path / "x.db")
    pipeline.create_tables(db)
    fill(db)
    pipeline.finish(db)
    before = master(db)
    pipeline.finish(db)
    assert master(db) == before


def test_a_version_header_reads_as_the_email_parser_reads_it_or_not_at_all():
    import email

    texts = ["Metadata-Version: 2.1\nName: x\nVersion: 1.2.3\n\nVersion: 9\n",
             "Metadata-Version: 2.1\r\nName: x\r\nversion:\t1.2\r\n",
             "Name: x\nSummary: a\n  folded\nVersion: 2.0\n",
             "Name: x\nVersion: 2.0\n  folded\n",
             "Name: x\nnot a header\nVersion: 2.0\n",
             "Name: x\n\nVersion: 2.0\n",
             "Version:\n"]
    for text in texts:
        mine = cache._version_header(text)
        assert mine is None or mine == email.message_from_string(text)["Version"], text
    assert cache._version_header(texts[0]) == "1.2.3"
    assert cache._version_header(texts[2]) == "2.0"


def test_a_full_build_writes_its_cache_anew_and_a_failed_one_leaves_the_old(tmp_path):
    folder = tmp_path / "in"
    shutil.copytree(SEEDS, folder)
    db = tmp_path / "x.db"
    first = pipeline.build(folder, db)
    before, inode = cache_path(db).read_bytes(), os.stat(cache_path(db)).st_ino
    (folder / "zz_empty.txt").write_text("")  # a warning, so --strict fails
    with pytest.raises(pipeline.BuildError, match="--strict"):
        pipeline.build(folder, db, full=True, strict=True)
    assert cache_path(db).read_bytes() == before
    full = pipeline.build(folder, db, full=True)
    assert (full.cached, full.worked) == (0, first.worked)
    assert os.stat(cache_path(db)).st_ino != inode  # a new file, renamed over the old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "x.db", "x.db.cache"]  # no journal, no leftovers
    assert pipeline.build(folder, db).cached == first.worked
