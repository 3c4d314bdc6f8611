"""The sources file beside the articles (sources.csv or sources.yml): each
article's url, outlet, date, author and title as someone wrote them down.
Front matter beats it, it beats what the build reads in the text, and what no
source gives stays empty. A bad file is an error, a bad row or value a warning,
each naming the file and the line."""
import csv
import subprocess
import sys
from pathlib import Path

import pytest

from datasette_cafcass.builder.pipeline import BuildError, build
from datasette_cafcass.builder.sources import read_source_list

from .conftest import SEEDS, rows

ROOT = Path(__file__).resolve().parent.parent
# the shared development corpus: ../shared beside the checkout (or beside its worktrees' folder)
DEV = next((p for p in (ROOT.parent / "shared" / "corpus" / "dev", ROOT.parent.parent / "shared" / "corpus" / "dev")
            if p.is_dir()), ROOT.parent / "shared" / "corpus" / "dev")

# Our own small articles: a dateline, a byline, an HTML page with metadata, and
# one with front matter.
PLAIN = """Cafcass praised by inspectors

By Jo Example

14 March 2019

Ofsted inspectors said Cafcass had improved its work with children and families.
"""
FRONT = """---
outlet: The Front Matter Times
published: 2018-02-03
---
Cafcass judged good

Inspectors found that Cafcass listened to children.
"""
PAGE = """<!doctype html><html><head><title>Cafcass judged good</title>
<meta property="og:site_name" content="Page Meta News">
<meta property="article:published_time" content="2017-06-01T09:00:00Z">
<link rel="canonical" href="https://page.example/original"></head>
<body><article><h1>Cafcass judged good</h1>
<p>Ofsted inspectors found that Cafcass had improved its work with children.</p></article></body></html>
"""
BARE = """Cafcass inspected again

Ofsted inspectors visited Cafcass and wrote a report on its work with children.
"""


def folder_with(tmp_path, listing=None, name="sources.csv"):
    folder = tmp_path / "articles"
    folder.mkdir()
    for file, text in {"plain.txt": PLAIN, "front.txt": FRONT, "page.html": PAGE, "bare.txt": BARE}.items():
        (folder / file).write_text(text, encoding="utf-8")
    if listing is not None:
        (folder / name).write_text(listing, encoding="utf-8")
    return folder


def articles(db):
    return {r["id"]: r for r in rows(db, "select * from articles")}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "datasette_cafcass.builder.cli", *map(str, args)],
                          capture_output=True, text=True)


def test_seeds_carry_the_shared_urls_and_outlets(seed_db):
    with open(SEEDS / "sources.csv", newline="", encoding="utf-8") as f:
        listed = {Path(r["file"]).stem: r for r in csv.DictReader(f)}
    got = articles(seed_db)
    assert set(listed) == set(got)
    for key, row in listed.items():
        assert got[key]["url"] == row["url"] and got[key]["outlet"] == row["outlet"], key
        if row["published"]:
            assert (got[key]["published"], got[key]["published_basis"]) == (row["published"], "sources file")
        else:  # what no source gives stays empty, or is what the text itself says
            assert got[key]["published_basis"] != "sources file"


def test_without_a_sources_file_nothing_is_guessed(tmp_path):
    db = tmp_path / "cafcass.db"
    build(folder_with(tmp_path), db)
    got = articles(db)
    assert (got["bare"]["url"], got["bare"]["outlet"], got["bare"]["published"]) == (None, None, None)
    assert (got["plain"]["published"], got["plain"]["published_basis"]) == ("2019-03-14", "dateline")
    assert got["page"]["outlet"] == "Page Meta News" and got["page"]["url"] == "https://page.example/original"


def test_front_matter_beats_the_sources_file_which_beats_the_text(tmp_path):
    listing = ("file,url,outlet,published,author\n"
               "plain.txt,https://listed.example/plain,Listed Weekly,2020-01-02,Sam Listed\n"
               "front.txt,https://listed.example/front,Listed Weekly,2020-01-03,\n"
               "page.html,https://listed.example/page,Listed Daily,2020-01-04,\n"
               "bare.txt,,,2021,\n")
    db = tmp_path / "cafcass.db"
    report = build(folder_with(tmp_path, listing), db)
    assert report.warnings == []
    got = articles(db)
    # over the dateline and byline read in the text
    assert (got["plain"]["published"], got["plain"]["published_basis"]) == ("2020-01-02", "sources file")
    assert got["plain"]["author"] == "Sam Listed" and got["plain"]["outlet"] == "Listed Weekly"
    # under the front matter, field by field: its url comes from the sources file
    assert (got["front"]["outlet"], got["front"]["published"]) == ("The Front Matter Times", "2018-02-03")
    assert got["front"]["published_basis"] == "front matter"
    assert got["front"]["url"] == "https://listed.example/front"
    # over the HTML page's own metadata
    assert (got["page"]["outlet"], got["page"]["url"]) == ("Listed Daily", "https://listed.example/page")
    assert (got["page"]["published"], got["page"]["published_basis"]) == ("2020-01-04", "sources file")
    # empty cells give nothing
    assert (got["bare"]["url"], got["bare"]["outlet"], got["bare"]["published"]) == (None, None, "2021")


def test_the_yaml_form_gives_the_same(tmp_path):
    as_list = """# the same as a list
- file: plain.txt
  url: https://listed.example/plain
  outlet: Listed Weekly
  published: 2020-01-02
- file: page.html
  outlet: Listed Daily
"""
    as_mapping = """plain.txt: {url: "https://listed.example/plain", outlet: Listed Weekly, published: 2020-01-02}
page.html:
  outlet: Listed Daily
"""
    csv_form = "file,url,outlet,published\nplain.txt,https://listed.example/plain,Listed Weekly,2020-01-02\npage.html,,Listed Daily,\n"
    got = []
    for i, (text, name) in enumerate([(csv_form, "sources.csv"), (as_list, "sources.yml"), (as_mapping, "sources.yaml")]):
        place = tmp_path / str(i)
        place.mkdir()
        report = build(folder_with(place, text, name), place / "cafcass.db")
        assert report.warnings == [], name
        got.append({k: (a["url"], a["outlet"], a["published"], a["published_basis"])
                    for k, a in articles(place / "cafcass.db").items()})
    assert got[0] == got[1] == got[2]


@pytest.mark.parametrize("listing, line, reason", [
    ("file,url\nplain.txt,https://a.example/x,extra\n", 2, "3 values where the first row names 2 columns"),
    ("file,url\nnope.txt,https://a.example/x\n", 2, "no article file nope.txt"),
    ("file,url\nplain.txt,https://a.example/x\n\nplain.txt,https://a.example/y\n", 4, "listed again (first on line 2)"),
    ("file,published\nplain.txt,2020-13-01\n", 2, "is not a date"),
    ("file,published\nplain.txt,last Tuesday\n", 2, "is not a date"),
    ("file,url\nplain.txt,javascript:alert(1)\n", 2, "not an http(s) address"),
    ("file,url,colour\nplain.txt,https://a.example/x,red\n", 1, "unknown column 'colour'"),
    ("file,url\n,https://a.example/x\n", 2, "no file named"),
    ('file,outlet\nplain.txt,"Two\nLines"\nnope.txt,X\n', 4, "no article file nope.txt"),  # a quoted value over two lines
])
def test_a_bad_row_is_a_warning_naming_the_line(tmp_path, listing, line, reason):
    folder = folder_with(tmp_path, listing)
    report = build(folder, tmp_path / "cafcass.db")
    mine = [w for w in report.warnings if "sources.csv" in w]
    assert len(mine) == 1, report.warnings
    assert f"sources.csv line {line}:" in mine[0] and reason in mine[0], mine[0]
    assert str(folder / "sources.csv") in mine[0]
    with pytest.raises(BuildError, match="--strict"):
        build(folder, tmp_path / "strict.db", strict=True)


@pytest.mark.parametrize("name, listing, line, reason", [
    ("sources.csv", "url,outlet\nhttps://a.example/x,A\n", 1, "'file'"),
    ("sources.csv", "", 1, "'file'"),
    ("sources.csv", 'file,outlet\nplain.txt,"unclosed\n', 2, "not valid CSV"),
    ("sources.yml", "- file: plain.txt\n  outlet: [unclosed\n", 3, "not valid YAML"),
    ("sources.yml", "just a sentence\n", 1, "expected a list of sources"),
])
def test_an_unreadable_sources_file_is_an_error_naming_it(tmp_path, name, listing, line, reason):
    folder = folder_with(tmp_path, listing, name)
    db = tmp_path / "cafcass.db"
    with pytest.raises(BuildError, match=reason) as e:
        build(folder, db)
    assert f"{folder / name} line {line}:" in str(e.value)
    run = cli("--seeds", folder, "--db", db)
    assert run.returncode == 1
    assert f"{folder / name} line {line}:" in run.stderr and "Traceback" not in run.stderr
    assert not db.exists()


def test_not_utf8_and_two_sources_files_are_errors(tmp_path):
    folder = folder_with(tmp_path)
    (folder / "sources.csv").write_bytes("file,outlet\nplain.txt,Caf\xe9 News\n".encode("cp1252"))
    with pytest.raises(BuildError, match="line 2: not UTF-8"):
        build(folder, tmp_path / "cafcass.db")
    (folder / "sources.csv").write_text("file,outlet\n", encoding="utf-8")
    (folder / "sources.yml").write_text("[]\n", encoding="utf-8")
    with pytest.raises(BuildError, match="two sources files; keep one"):
        build(folder, tmp_path / "cafcass.db")


def test_the_dev_corpus_sources_file_reads_cleanly(tmp_path):
    if not DEV.is_dir():
        pytest.skip(f"{DEV} is not here (the shared development corpus)")
    files = sorted(p.name for p in DEV.glob("*.txt"))
    listing, warnings = read_source_list(DEV, files)
    assert warnings == []
    with open(DEV / "sources.csv", newline="", encoding="utf-8") as f:
        want = {r["file"]: {k: v for k, v in r.items() if k != "file" and v} for r in csv.DictReader(f)}
    assert listing == {k: v for k, v in want.items() if k in files}
    assert all(v["url"].startswith("http") for v in listing.values())
