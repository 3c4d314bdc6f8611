"""The build under bad input: each bad file gets one warning naming it and the
reason, the good files are built, --strict fails, and a failed or killed build
leaves the previous database byte for byte. Never a traceback."""
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from datasette_cafcass.builder.pipeline import BuildError, build

from .conftest import SEEDS, rows

GOOD = sorted(SEEDS.glob("*.txt"))[:2]
GOOD_IDS = {p.stem for p in GOOD}
ARTICLE = (
    "Cafcass rated good by Ofsted\n\n"
    "By Jo Example\n\n"
    "Ofsted inspectors found that Cafcass, which advises the family courts, had improved its work "
    "with children and families since the last inspection.\n\n"
    "The report said social workers listened to children and wrote clear reports for the court.\n"
)


def corpus(tmp_path, files):
    """A folder holding the good seeds plus files ({name: bytes or str})."""
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in GOOD:
        shutil.copy(p, folder / p.name)
    for name, data in files.items():
        target = folder / name
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)
    return folder



def article_ids(db):
    return {r["id"] for r in rows(db, "select id from articles")}


def one_warning(report, name, reason):
    """The one warning that names the file; it must give the reason."""
    mine = [w for w in report.warnings if name in w]
    assert len(mine) == 1, report.warnings
    assert reason in mine[0], mine[0]
    return mine[0]


def cli(*args):
    return subprocess.run([sys.executable, "-m", "datasette_cafcass.builder.cli", *map(str, args)],
                          capture_output=True, text=True)


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name,data,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\t\r\n   \n", "only white space"),
    ("picture.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40, "not a text file"),
])
def test_unusable_file_is_skipped_with_one_warning(tmp_path, name, data, reason):
    folder = corpus(tmp_path, {name: data})
    db = tmp_path / "cafcass.db"
    report = build(folder, db)
    one_warning(report, name, reason)
    assert len(report.warnings) == 1
    assert article_ids(db) == GOOD_IDS


def test_binary_without_nul_bytes_is_not_taken_for_text(tmp_path):
    noise = bytes((i * 7919 + 13) % 31 + 1 for i in range(5000))  # control bytes, no NUL
    folder = corpus(tmp_path, {"noise.txt": noise})
    report = build(folder, tmp_path / "cafcass.db")
    one_warning(report, "noise.txt", "not a text file")
    assert article_ids(tmp_path / "cafcass.db") == GOOD_IDS


def test_cp1252_text_is_read_with_a_warning(tmp_path):
    text = ARTICLE + "\nThe service costs £120m a year.\n"
    folder = corpus(tmp_path, {"pounds.txt": text.encode("cp1252")})
    db = tmp_path / "cafcass.db"
    report = build(folder, db)
    one_warning(report, "pounds.txt", "read as cp1252")
    body = rows(db, "select body from articles where id = 'pounds'")[0]["body"]
    assert "£120m" in body and "\ufffd" not in body


def test_utf8_bom_is_dropped_silently(tmp_path):
    folder = corpus(tmp_path, {"bom.txt": b"\xef\xbb\xbf" + ARTICLE.encode()})
    db = tmp_path / "cafcass.db"
    report = build(folder, db)
    assert report.warnings == []
    art = rows(db, "select title, author from articles where id = 'bom'")[0]
    assert art["title"] == "Cafcass rated good by Ofsted"
    assert art["author"] == "Jo Example"


def test_crlf_line_ends_build_the_same_article(tmp_path):
    folder = corpus(tmp_path, {"lf.txt": ARTICLE + "\nLF copy.\n",
                               "crlf.txt": (ARTICLE + "\nCRLF copy.\n").replace("\n", "\r\n").encode()})
    db = tmp_path / "cafcass.db"
    assert build(folder, db).warnings == []
    lf, crlf = (rows(db, "select title, author, body from articles where id = ?", i)[0] for i in ("lf", "crlf"))
    assert "\r" not in crlf["body"]
    assert crlf["body"].replace("CRLF", "LF") == lf["body"]
    assert (crlf["title"], crlf["author"]) == (lf["title"], lf["author"])
    kinds = [r["kind"] for r in rows(db, "select kind from passages where article_id = 'crlf' order by seq")]
    assert kinds == [r["kind"] for r in rows(db, "select kind from passages where article_id = 'lf' order by seq")]


def test_very_large_file_is_built(tmp_path):
    # 20 MB of real article paragraphs; the build is linear (see benchmarks/ for timings)
    seed = GOOD[0].read_text(encoding="utf-8")
    size = 20 * 1024 * 1024
    big = (seed + "\n\n") * (size // len(seed) + 1)
    folder = corpus(tmp_path, {"big.txt": big[:size]})
    db = tmp_path / "cafcass.db"
    report = build(folder, db)
    assert report.warnings == []
    assert article_ids(db) == GOOD_IDS | {"big"}
    (count,) = rows(db, "select count(*) as n from passages where article_id = 'big'")[0].values()
    assert count > 50_000
    hits = rows(db, "select count(*) as n from passages_fts where passages_fts match 'cafcass'")[0]["n"]
    assert hits > 10_000


def test_html_scripts_styles_handlers_and_comments_never_reach_the_body(tmp_path):
    page = """<!doctype html><html><head><title>Cafcass judged good</title>
<style>body { color: red } .secret-style {}</style>
<script>var secretScript = "alert(1)";</script></head>
<body onload="secretOnload()"><!-- secret comment -->
<article><h1>Cafcass judged good</h1>
<p onclick="secretOnclick()">Ofsted inspectors found that Cafcass had improved its work with children.</p>
<img src="x" onerror="secretOnerror()">
<script type="text/javascript">document.write("secret write")</script>
<noscript>secret noscript</noscript>
<p>The report praised <a href="javascript:secretLink()">the service</a> and its staff.<!-- secret inline --></p>
<style>.secret-inline-style {}</style>
</article></body></html>"""
    folder = corpus(tmp_path, {"page.html": page})
    db = tmp_path / "cafcass.db"
    assert build(folder, db).warnings == []
    art = rows(db, "select * from articles where id = 'page'")[0]
    stored = art["title"] + art["body"] + "".join(r["text"] for r in rows(db, "select text from passages where article_id = 'page'"))
    assert "improved its work with children" in art["body"]
    assert "the service and its staff" in art["body"]
    for junk in ("secret", "alert", "color", "document.write", "javascript", "<", ">"):
        assert junk not in stored, junk


def test_same_text_in_two_files_is_stored_once(tmp_path):
    folder = corpus(tmp_path, {"a first.txt": ARTICLE, "b copy.txt": ARTICLE.replace("\n", "\r\n").encode()})
    db = tmp_path / "cafcass.db"
    report = build(folder, db)
    warning = one_warning(report, "b copy.txt", "same text")
    assert "a first.txt" in warning
    assert article_ids(db) == GOOD_IDS | {"a first"}


def test_file_without_cafcass_is_stored_but_not_about_cafcass(tmp_path):
    text = ("Council opens new library\n\nThe council opened a new library on the high street, "
            "with space for 20,000 books and a café.\n")
    folder = corpus(tmp_path, {"library.txt": text})
    db = tmp_path / "cafcass.db"
    assert build(folder, db).warnings == []
    assert rows(db, "select about_cafcass from articles where id = 'library'") == [{"about_cafcass": 0}]
    assert {r["about_cafcass"] for r in rows(db, "select about_cafcass from articles where id != 'library'")} == {1}


@pytest.mark.parametrize("front", [
    "---\ntitle: [unclosed\nauthor: Jo\n---\n",
    "---\n- just\n- a list\n---\n",
    "---\ntitle: \"bad \\q escape\"\n---\n",
])
def test_malformed_front_matter_is_a_warning_and_the_article_is_kept(tmp_path, front):
    folder = corpus(tmp_path, {"front.txt": front + ARTICLE})
    db = tmp_path / "cafcass.db"
    report = build(folder, db)
    one_warning(report, "front.txt", "malformed front matter")
    art = rows(db, "select title, body from articles where id = 'front'")[0]
    assert art["title"] == "Cafcass rated good by Ofsted"
    assert "---" not in art["body"]


def test_file_name_with_spaces_and_non_ascii_letters(tmp_path):
    name = "Ofsted – Cafcass été Łódź report.txt"
    folder = corpus(tmp_path, {name: ARTICLE})
    db = tmp_path / "cafcass.db"
    assert build(folder, db).warnings == []
    art = rows(db, "select id, source_file from articles where source_file = ?", name)
    assert art == [{"id": name[:-4], "source_file": name}]


@pytest.mark.parametrize("files", [{}, {"notes.pdf": b"%PDF-1.4", "readme.md": "# hi"}, {"empty.txt": b"", "blank.html": "  "}])
def test_folder_with_no_articles_is_a_clear_error(tmp_path, files):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode())
    db = tmp_path / "cafcass.db"
    with pytest.raises(BuildError, match="no articles found"):
        build(folder, db)
    run = cli("--seeds", folder, "--db", db)
    assert run.returncode == 1
    assert "no articles found in" in run.stderr and str(folder) in run.stderr
    for name in files:
        if name.endswith((".txt", ".html")):
            assert f"warning: {name}:" in run.stderr
    assert "Traceback" not in run.stderr
    assert not db.exists()


def test_missing_input_folder_is_a_clear_error(tmp_path):
    run = cli("--seeds", tmp_path / "nowhere", "--db", tmp_path / "cafcass.db")
    assert run.returncode == 1
    assert "nowhere" in run.stderr and "does not exist" in run.stderr
    assert "Traceback" not in run.stderr


def folder_we_cannot_write(tmp_path):
    """A read-only folder. As root, chmod does not stop writes, so use /proc."""
    ro = tmp_path / "readonly"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        (ro / "probe").touch()
    except OSError:
        return ro
    (ro / "probe").unlink()
    ro.chmod(0o755)
    if os.path.isdir("/proc") and _cannot_create_in("/proc"):
        return type(ro)("/proc")
    pytest.skip("running as root on a system without a read-only folder to write to")


def _cannot_create_in(folder):
    try:
        fd = os.open(os.path.join(folder, "cafcass-probe"), os.O_CREAT | os.O_WRONLY)
    except OSError:
        return True
    os.close(fd)
    os.unlink(os.path.join(folder, "cafcass-probe"))
    return False


@pytest.mark.parametrize("where", ["missing folder", "under a file", "read-only folder"])
def test_target_database_that_cannot_be_written(tmp_path, where):
    if where == "missing folder":
        db, reason = tmp_path / "no" / "such" / "cafcass.db", "does not exist"
    elif where == "under a file":
        (tmp_path / "afile").write_text("x")
        db, reason = tmp_path / "afile" / "cafcass.db", "is not a folder"
    else:
        db, reason = folder_we_cannot_write(tmp_path) / "cafcass.db", "not writable"
    with pytest.raises(BuildError, match=reason):
        build(SEEDS, db)
    run = cli("--seeds", SEEDS, "--db", db)
    assert run.returncode == 1
    assert str(db) in run.stderr and reason in run.stderr
    assert "Traceback" not in run.stderr
    assert not db.exists()


def test_strict_fails_and_leaves_the_previous_database(tmp_path, seed_db):
    folder = corpus(tmp_path, {"empty.txt": b"", "good.txt": ARTICLE})
    db = tmp_path / "cafcass.db"
    shutil.copy(seed_db, db)
    before = sha(db)
    run = cli("--seeds", folder, "--db", db, "--strict")
    assert run.returncode == 1
    assert "warning: empty.txt: empty file" in run.stderr
    assert "--strict" in run.stderr and "Traceback" not in run.stderr
    assert sha(db) == before
    relaxed = cli("--seeds", folder, "--db", db)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "warning: empty.txt: empty file" in relaxed.stderr
    assert article_ids(db) == GOOD_IDS | {"good"}


def start_build_and_wait_until_it_writes(tmp_path, seed_db):
    """A cafcass-build subprocess over a corpus big enough to be caught while it
    writes its temporary database, a previous database in place, and its hash."""
    folder = tmp_path / "big"
    folder.mkdir()
    seed = GOOD[0].read_text(encoding="utf-8")
    for i in range(4):
        (folder / f"{i:03}.txt").write_text(f"Article {i}\n\n" + (seed + "\n\n") * 60, encoding="utf-8")
    db = tmp_path / "cafcass.db"
    shutil.copy(seed_db, db)
    before = sha(db)
    proc = subprocess.Popen([sys.executable, "-m", "datasette_cafcass.builder.cli", "--seeds", str(folder), "--db", str(db)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    temp = None
    deadline = time.monotonic() + 300  # a bound on waiting, not a timing assertion
    while temp is None and proc.poll() is None and time.monotonic() < deadline:
        temp = next(tmp_path.glob(".cafcass.db.*.building"), None)
        time.sleep(0.005)
    assert temp is not None and proc.poll() is None, "the build ended before it could be stopped: make the corpus bigger"
    return proc, db, before, temp


def test_killed_build_leaves_the_previous_database(tmp_path, seed_db):
    proc, db, before, temp = start_build_and_wait_until_it_writes(tmp_path, seed_db)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert sha(db) == before
    assert temp.exists()  # SIGKILL leaves its temporary file; the next build removes it
    again = cli("--seeds", SEEDS, "--db", db)
    assert again.returncode == 0, again.stderr
    assert not list(tmp_path.glob(".cafcass.db.*.building"))
    assert article_ids(db) == {p.stem for p in SEEDS.glob("*.txt")}
    assert rows(db, "pragma integrity_check") == [{"integrity_check": "ok"}]


def test_terminated_build_cleans_up_and_says_so(tmp_path, seed_db):
    proc, db, before, temp = start_build_and_wait_until_it_writes(tmp_path, seed_db)
    proc.terminate()
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130
    assert "interrupted; the previous database, if any, is unchanged" in err
    assert "Traceback" not in err
    assert sha(db) == before
    assert not list(tmp_path.glob(".cafcass.db.*.building"))


def test_a_running_build_keeps_its_temporary_file(tmp_path):
    """Stale-file cleaning must not delete the file of a build still running."""
    import fcntl

    from datasette_cafcass.builder.pipeline import remove_stale_temp_files

    db = tmp_path / "cafcass.db"
    live, dead = tmp_path / ".cafcass.db.live.building", tmp_path / ".cafcass.db.dead.building"
    live.write_bytes(b"x")
    dead.write_bytes(b"x")
    fd = os.open(live, os.O_RDWR)
    fcntl.flock(fd, fcntl.LOCK_EX)
    child = subprocess.run([sys.executable, "-c",
                            "import sys; from pathlib import Path; from datasette_cafcass.builder.pipeline import remove_stale_temp_files; "
                            "remove_stale_temp_files(Path(sys.argv[1]))", str(db)], capture_output=True, text=True)
    os.close(fd)
    assert child.returncode == 0, child.stderr
    assert live.exists() and not dead.exists()
    remove_stale_temp_files(db)
    assert not live.exists()
