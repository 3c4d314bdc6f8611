"""The build from seeds/ to SQLite: articles, passages, briefs, FTS, repeatability."""
import hashlib
import re
import sqlite3
import subprocess
import sys
import threading

import pytest

from datasette_cafcass import schema
from datasette_cafcass.builder import pipeline
from datasette_cafcass.builder.pipeline import BuildError, build

from .conftest import SEEDS, rows

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def norm(text):
    return None if text is None else re.sub(r"\s+", " ", text.translate(QUOTES)).strip().lower()



def test_every_seed_is_an_article(seed_db, gold):
    ids = {r["id"] for r in rows(seed_db, "select id from articles")}
    assert ids == set(gold["articles"])


@pytest.mark.parametrize("field", ["title", "author", "published", "about_cafcass"])
def test_article_metadata_matches_gold(seed_db, gold, field):
    got = {r["id"]: r for r in rows(seed_db, "select * from articles")}
    for key, want in gold["articles"].items():
        have = got[key][field]
        if field == "published":
            assert have in want["published"]["accept"], key
        elif field == "about_cafcass":
            assert bool(have) == want["about_cafcass"], key
        elif field == "title":
            assert norm(have).rstrip(".") == norm(want["title"]).rstrip("."), key
        else:
            assert norm(have) == norm(want[field]), key


def test_bodies_are_free_of_boilerplate(seed_db, gold):
    got = {r["id"]: norm(r["body"]) for r in rows(seed_db, "select id, body from articles")}
    for key, want in gold["articles"].items():
        for junk in want.get("body_must_not_contain") or []:
            assert norm(junk) not in got[key], (key, junk)


def test_passages_are_offsets_into_the_body(seed_db):
    bodies = {r["id"]: r["body"] for r in rows(seed_db, "select id, body from articles")}
    passages = rows(seed_db, "select * from passages order by id")
    assert len(passages) > 50
    for p in passages:
        assert bodies[p["article_id"]][p["char_start"]:p["char_end"]] == p["text"]
    kinds = {p["kind"] for p in passages}
    assert {"paragraph", "list item", "heading", "caption", "brief"} <= kinds


def test_caption_printed_twice_is_kept_once(seed_db):
    captions = rows(seed_db, "select article_id, text from passages where kind = 'caption'")
    assert captions
    for c in captions:
        body = rows(seed_db, "select body from articles where id = ?", c["article_id"])[0]["body"]
        assert body.count(c["text"]) == 1


def test_briefs_match_gold(seed_db, gold):
    for key, want in gold["articles"].items():
        have = rows(seed_db, "select sector, text, passage_id from briefs where article_id = ? order by seq", key)
        assert len(have) == len(want.get("briefs") or [])
        for h, w in zip(have, want.get("briefs") or []):
            assert h["sector"] == w["sector"]
            assert norm(h["text"]).startswith(norm(w["starts"]))
            assert rows(seed_db, "select kind from passages where id = ?", h["passage_id"])[0]["kind"] == "brief"


def test_schema_is_the_declared_one(seed_db):
    conn = sqlite3.connect(seed_db)
    for t in schema.TABLES:
        cols = [r[1] for r in conn.execute(f"pragma table_info([{t.name}])")]
        assert cols == t.column_names, t.name
        fks = {(r[3], r[2], r[4]) for r in conn.execute(f"pragma foreign_key_list([{t.name}])")}
        assert fks == set(t.foreign_keys), t.name
    assert conn.execute("pragma foreign_key_check").fetchall() == []
    conn.close()


@pytest.mark.parametrize("table", [t.name for t in schema.TABLES if t.fts])
def test_fts_integrity(seed_db, table):
    conn = sqlite3.connect(seed_db)
    conn.execute(f"insert into [{table}_fts]([{table}_fts]) values('integrity-check')")
    count = conn.execute(f"select count(*) from [{table}_fts]").fetchone()[0]
    assert count == conn.execute(f"select count(*) from [{table}]").fetchone()[0]
    conn.close()


def test_fts_finds_words_with_porter_stemming(seed_db):
    hits = rows(seed_db, "select rowid from passages_fts where passages_fts match 'inspect'")
    assert len(hits) > 5  # "inspected", "inspection", "inspections" all stem to inspect


def dump(path):
    conn = sqlite3.connect(path)
    out = {t.name: conn.execute(f"select * from [{t.name}] order by 1").fetchall() for t in schema.TABLES}
    conn.close()
    return out


def test_build_is_repeatable(seed_db, tmp_path):
    again = tmp_path / "again.db"
    build(SEEDS, again)
    assert dump(again) == dump(seed_db)


def test_failed_build_leaves_previous_database(seed_db, tmp_path):
    target = tmp_path / "cafcass.db"
    target.write_bytes(seed_db.read_bytes())
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    with pytest.raises(BuildError):
        build(tmp_path / "no-such-folder", target)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(BuildError):
        build(empty, target)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.building"))


@pytest.mark.parametrize("error", [KeyboardInterrupt(), BuildError("stopped")])
def test_build_stopped_while_indexing_leaves_previous_database(seed_db, tmp_path, monkeypatch, error):
    target = tmp_path / "cafcass.db"
    target.write_bytes(seed_db.read_bytes())
    before = hashlib.sha256(target.read_bytes()).hexdigest()

    started, go, real = threading.Event(), threading.Event(), pipeline.full_text_search

    def full_text_search(db, names=None):  # the article tables' first, on the thread of their own
        started.set()
        go.wait(60)
        return real(db, names)

    def combine(extracted):  # the build stops while that thread runs
        assert started.wait(60)
        go.set()
        raise error

    monkeypatch.setattr(pipeline, "full_text_search", full_text_search)
    monkeypatch.setattr(pipeline, "combine", combine)
    with pytest.raises(type(error)):
        build(SEEDS, target, full=True)
    assert not any(t.name == "indexes" for t in threading.enumerate())  # not left running
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.building"))


def test_a_sqlite_that_cannot_share_a_connection_indexes_in_the_build_thread(seed_db, tmp_path, monkeypatch):
    threads = []
    real = pipeline.full_text_search

    def full_text_search(db, names=None):
        threads.append(threading.current_thread().name)
        return real(db, names)

    monkeypatch.setattr(pipeline, "full_text_search", full_text_search)
    monkeypatch.setattr(sqlite3, "threadsafety", 1)  # SQLite built multi-thread, not serialized
    target = tmp_path / "cafcass.db"
    build(SEEDS, target, full=True)
    assert threads and "indexes" not in threads
    assert dump(target) == dump(seed_db)


def test_indexing_that_fails_fails_the_build(seed_db, tmp_path, monkeypatch):
    target = tmp_path / "cafcass.db"
    target.write_bytes(seed_db.read_bytes())
    before = hashlib.sha256(target.read_bytes()).hexdigest()

    def full_text_search(db, names=None):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(pipeline, "full_text_search", full_text_search)
    with pytest.raises(BuildError, match=r"cannot write .*cafcass.db: database or disk is full"):
        build(SEEDS, target, full=True)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before
    assert not list(tmp_path.glob("*.building"))


def test_articles_are_found_under_the_folder_by_their_extension(tmp_path):
    """Sub-folders are walked (paths with "/", sorted), the extension in any case;
    other files, a folder named like an article, and a symlinked folder are not
    articles; a symlinked file is."""
    from datasette_cafcass.builder.sources import find_relative

    (tmp_path / "b" / "deeper").mkdir(parents=True)
    (tmp_path / "notes.txt.d").mkdir()
    for rel in ("z.txt", "a.HTML", "b/c.htm", "b/deeper/d.Txt", "b/readme.md", "sources.csv", "x.json"):
        (tmp_path / rel).write_text("text")
    elsewhere = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    elsewhere.mkdir()
    (elsewhere / "e.txt").write_text("text")
    (tmp_path / "linked").symlink_to(elsewhere, target_is_directory=True)
    (tmp_path / "f.txt").symlink_to(elsewhere / "e.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    assert find_relative(tmp_path) == ["a.HTML", "b/c.htm", "b/deeper/d.Txt", "f.txt", "z.txt"]
    assert find_relative(str(tmp_path)) == find_relative(tmp_path)


def test_cli_reports_summary_and_errors(tmp_path):
    db = tmp_path / "out.db"
    ok = subprocess.run([sys.executable, "-m", "datasette_cafcass.builder.cli", "--seeds", str(SEEDS), "--db", str(db)],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "5 files read, 5 articles" in ok.stderr
    bad = subprocess.run([sys.executable, "-m", "datasette_cafcass.builder.cli", "--seeds", str(tmp_path / "nope"), "--db", str(db)],
                         capture_output=True, text=True)
    assert bad.returncode == 1
    assert "nope" in bad.stderr and "does not exist" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_every_row_is_checked_against_the_schema():
    """An unknown or a missing key is an error naming the table and the key, never a silent NULL."""
    from datasette_cafcass import schema
    table = schema.BY_NAME["figures"]
    row = {c: None for c in table.column_names}
    assert table.check(row) is row
    with pytest.raises(schema.SchemaError, match=r"figures row has unknown 'lable'"):
        table.check({**row, "lable": "children"})
    with pytest.raises(schema.SchemaError, match=r"missing 'label'"):
        table.check({k: v for k, v in row.items() if k != "label"})


def test_fact_tables_are_derived_from_the_schema():
    from datasette_cafcass import schema
    assert set(schema.FACT_TABLES) == {"judgement_evidence", "findings", "mentions", "quotes", "figures", "events",
                                       "inspection_dates"}
    for name in schema.FACT_TABLES:
        columns = schema.BY_NAME[name].column_names
        assert {"article_id", "passage_id", "char_start", "char_end", "rule", schema.BY_NAME[name].words} <= set(columns)


def one_article(tmp_path, text):
    """The database built from a folder holding one article, a.txt, of this text."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(text, encoding="utf-8")
    build(folder, tmp_path / "a.db")
    return tmp_path / "a.db"


def test_paragraphs_one_to_a_line_keep_their_headline(tmp_path):
    """A text with no blank lines, one paragraph to a line: the headline stays its own block."""
    db = one_article(tmp_path,
                     "Cafcass praised by the inspectors in its latest national report\n"
                     "Cafcass has been rated good by Ofsted after an inspection of its work with children in 2014, "
                     "the court advisory service said on Friday when the report was published.\n"
                     "Inspectors found that practitioners worked well with families and that leaders knew the "
                     "service well.\n")
    (article,) = rows(db, "select title from articles")
    assert article["title"] == "Cafcass praised by the inspectors in its latest national report"


def test_a_wrapped_line_that_stops_mid_sentence_goes_on(tmp_path):
    """Hard-wrapped text: a line ending on "to" carries on, even into a short line in title case."""
    db = one_article(tmp_path, "Inspections of Cafcass\n\n"
                                "You can read more about the 2024 inspection below as well as our 2018\n"
                                "inspection and the two focused visits which Ofsted made to\n"
                                "Cafcass in 2021 and 2023.\n")
    texts = [r["text"] for r in rows(db, "select text from passages order by seq")]
    assert texts[-1].endswith("which Ofsted made to Cafcass in 2021 and 2023."), texts


def test_a_wrapped_line_ending_in_a_comma_goes_on(tmp_path):
    db = one_article(tmp_path, "Cafcass rated outstanding\n\n"
                                "The full inspection, which took place between 22 January and 16 February\n"
                                "2024, assessed the quality and effectiveness of private law practice,\n"
                                "public law practice and the impact of leaders on practice.\n")
    texts = [r["text"] for r in rows(db, "select text from passages order by seq")]
    assert texts == ["The full inspection, which took place between 22 January and 16 February 2024, assessed the "
                     "quality and effectiveness of private law practice, public law practice and the impact of "
                     "leaders on practice."], texts


def test_a_wrapped_list_item_keeps_its_lines(tmp_path):
    db = one_article(tmp_path, "Cafcass rated good\n\nOfsted's inspectors also found the following:\n"
                                "  \u2022 Cafcass successfully helps children and young people express their\n"
                                "wishes and feelings, and makes sure the court understands them.\n"
                                "  \u2022 Cafcass staff feel Cafcass is a good place to work and levels of\n"
                                "sickness are very low.\n")
    items = [r["text"] for r in rows(db, "select text from passages where kind = 'list item' order by seq")]
    assert items == ["Cafcass successfully helps children and young people express their wishes and feelings, "
                     "and makes sure the court understands them.",
                     "Cafcass staff feel Cafcass is a good place to work and levels of sickness are very low."], items


def test_a_wrapped_caption_printed_twice_is_one_caption(tmp_path):
    """A caption printed twice in a row is a caption, whether it fills one line or, hard-wrapped, two."""
    caption = ["Ofsted spoke to hundreds of children and Cafcass practitioners during",
               "the inspection this year. Picture: Peter Crane/posed by models"]
    body = "Cafcass was judged outstanding in all three areas of its inspection this year."
    db = one_article(tmp_path, "Cafcass judged outstanding\n\n" + "\n".join(caption * 2) + "\n\n" + body + "\n")
    passages = rows(db, "select kind, text from passages order by seq")
    captions = [p["text"] for p in passages if p["kind"] == "caption"]
    assert len(captions) == 1 and captions[0].startswith(caption[0] + " the inspection this year."), passages
    assert passages[-1]["text"] == body
    assert "Picture:" not in rows(db, "select body from articles")[0]["body"]  # the credit goes, as furniture


def test_a_wrapped_line_with_a_bracket_left_open_goes_on(tmp_path):
    db = one_article(tmp_path, "Cafcass rated outstanding\n\n"
                                "The report opened on a compass arrow pointing to the word 'improvement' (credit:\n"
                                "Coloures-Pic / Adobe Stock) and rated the service outstanding in every area.\n")
    texts = [r["text"] for r in rows(db, "select text from passages order by seq")]
    assert texts == ["The report opened on a compass arrow pointing to the word 'improvement' (credit: Coloures-Pic / "
                     "Adobe Stock) and rated the service outstanding in every area."], texts


@pytest.mark.parametrize("second, joined", [
    ("2 February 2018 - 2 March 2018 The overall judgement is outstanding.", True),
    ("which were seen by inspectors, and the service was judged outstanding.", True),
    ("\u201cWe are delighted with the outcome of the inspection,\u201d she said.", False),
    ("Cafcass said it would act on the report's recommendations at once.", False),
])
def test_a_wrapped_line_ending_in_a_colon_goes_on_into_words_or_a_number(tmp_path, second, joined):
    """A colon ends a wrapped line mid-sentence before words or a number; before a
    quotation or a capital it may end the paragraph, as it did."""
    first = "Inspection of Cafcass as a national organisation 2018 Inspection dates:"
    db = one_article(tmp_path, f"Cafcass inspected\n\nThe inspectors looked at the service's work with children this spring\n{first}\n{second}\n")
    texts = [r["text"] for r in rows(db, "select text from passages order by seq")]
    assert any(f"{first} {second}" in t for t in texts) == joined, texts
    assert any(t.endswith(first) for t in texts) != joined, texts


@pytest.mark.parametrize("line", [
    "By Jane Smith | 12 March 2014",
    "By Jane Smith, Wednesday, March 12, 2014",
    "Posted on March 12, 2014 by admin",
    "Wednesday 12 March 2014 10.31 GMT",
    "Last updated: 12th March 2014",
    "Published 12/03/2014",
    "Posted by Jane Smith on 12/03/2014",
    "Wed 12 Mar 2014 11.45 GMT",
    "By Jane Smith\n\nSocial affairs correspondent\n\nWednesday 12 March 2014",
    "Posted on 12 March 2014 by Jane Smith",
])
def test_a_dateline_or_a_byline_with_its_date_dates_the_article(tmp_path, line):
    db = one_article(tmp_path, f"Cafcass rated good by Ofsted\n\n{line}\n\n"
                               "Cafcass has been rated good by Ofsted in its first national inspection.\n")
    (article,) = rows(db, "select published, published_basis, author, body from articles")
    assert (article["published"], article["published_basis"]) == ("2014-03-12", "dateline")
    assert article["author"] == ("Jane Smith" if "Jane" in line else None)
    assert "2014" not in article["body"] and "correspondent" not in article["body"]


def test_every_furniture_pattern_compiles_and_says_why():
    from datasette_cafcass import vocab

    rows = vocab.read_csv("furniture.csv")
    assert rows
    for row in rows:
        re.compile(row["pattern"], re.I)
        assert row["action"] in ("drop", "strip", "footer", "links") and row["why"], row
        assert None not in row, row  # a comma in a pattern left unquoted splits it


def test_site_furniture_around_the_headline_is_dropped(tmp_path):
    """Navigation, cookie and sharing lines around a headline (vocab/furniture.csv): the headline
    above the dateline is the title, and none of them is a passage."""
    furniture = ["Skip to main content", "Accept all cookies", "Home | News | Contact",
                 "You are here: Home / News / Family justice", "Share on Twitter", "Advertisement"]
    db = one_article(tmp_path, "\n\n".join(furniture[:4] + [
        "Cafcass rated outstanding by Ofsted for second time", furniture[4], "14 June 2018",
        "Cafcass has been rated outstanding by Ofsted following its latest inspection.", furniture[5],
        "Inspectors said leaders had a relentless focus on children.", "Comments (0)"]) + "\n")
    (article,) = rows(db, "select title, published from articles")
    assert article == {"title": "Cafcass rated outstanding by Ofsted for second time", "published": "2018-06-14"}
    texts = [r["text"] for r in rows(db, "select text from passages order by seq")]
    assert not set(texts) & set(furniture + ["Comments (0)"]), texts


def test_a_menu_over_a_blog_post_and_a_label_over_a_byline_are_not_the_headline(tmp_path):
    """One-word menu lines above a post and its "Posted by" line; a label and a site's name
    between a release's headline and its date: the headline is the title either way."""
    db = one_article(tmp_path, "Home\nNews\nJobs\n\nCafcass Avon service rated good\n\n"
                               "Posted by Jane Smith on 03/03/2009\n\nShare on Facebook Share on Twitter Email this article\n\n"
                               "Cafcass's Avon service has been rated good by Ofsted.\n")
    (article,) = rows(db, "select title, author, published from articles")
    assert article == {"title": "Cafcass Avon service rated good", "author": "Jane Smith", "published": "2009-03-03"}
    assert [r["text"] for r in rows(db, "select text from passages order by seq")] == [
        "Cafcass's Avon service has been rated good by Ofsted."]
    (tmp_path / "release").mkdir()
    db = one_article(tmp_path / "release", "Cafcass welcomes Ofsted report\n\nPRESS RELEASE\nCafcass\n12 December 2010\n\n"
                                           "Cafcass's Avon service has been rated good by Ofsted.\n")
    (article,) = rows(db, "select title, published from articles")
    assert article == {"title": "Cafcass welcomes Ofsted report", "published": "2010-12-12"}
    # the labels between the headline and the date are the page's, not the article's
    assert [r["text"] for r in rows(db, "select text from passages order by seq")] == [
        "Cafcass's Avon service has been rated good by Ofsted."]


def test_the_outlets_own_name_is_neither_headline_nor_byline(tmp_path):
    """A masthead line that is the outlet the sources file gives; a newspaper's name
    over the byline, with no sources file."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Cafcass outstanding again, Ofsted says\n\nChildren & Young People Now\n\n"
                                  "By Jo Smith\n\n14 June 2018\n\nCafcass has been rated outstanding by Ofsted.\n")
    (folder / "sources.csv").write_text("file,url,outlet\na.txt,,Children & Young People Now\n")
    build(folder, tmp_path / "a.db")
    assert rows(tmp_path / "a.db", "select title, author, outlet from articles") == [
        {"title": "Cafcass outstanding again, Ofsted says", "author": "Jo Smith",
         "outlet": "Children & Young People Now"}]
    (tmp_path / "b").mkdir()
    db = one_article(tmp_path / "b", "Cafcass praised\n\nEssex Chronicle\n\nBy Gary Penn\n\n14 June 2018\n\n"
                                     "Cafcass has been rated outstanding by Ofsted.\n")
    assert rows(db, "select title, author from articles") == [{"title": "Cafcass praised", "author": "Gary Penn"}]


def test_an_author_that_is_the_outlet_itself_is_no_author(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.html").write_text(
        '<html><head><title>Cafcass rated good</title><meta name="author" content="Family Law Week">'
        '<meta property="og:site_name" content="Family Law Week"></head><body><article><h1>Cafcass rated good</h1>'
        "<p>Cafcass has been rated good by Ofsted in its first national inspection.</p></article></body></html>")
    build(folder, tmp_path / "a.db")
    assert rows(tmp_path / "a.db", "select author, outlet from articles") == [{"author": None, "outlet": "Family Law Week"}]


def test_a_quoted_lede_under_the_dateline_is_not_the_headline(tmp_path):
    db = one_article(tmp_path, "Cafcass chief: 'We are no longer the problem child'\n\nBy Jo Smith\n24 April 2014\n\n"
                               "\"We are delighted,\" said Cafcass chair Sam Reid. \"This is recognition of hard work.\"\n\n"
                               "Ofsted's report rated the service good overall.\n")
    (article,) = rows(db, "select title, author from articles")
    assert article == {"title": "Cafcass chief: 'We are no longer the problem child'", "author": "Jo Smith"}
    assert rows(db, "select text from passages order by seq")[0]["text"].startswith("\"We are delighted,\"")


def test_the_headline_over_its_standfirst_over_the_byline(tmp_path):
    db = one_article(tmp_path, "Cafcass service in the South West rated inadequate by Ofsted\n\n"
                               "Inspectors say children were left at risk because of delays in allocating cases to advisers\n\n"
                               "By Jo Smith, social work reporter\n\nTuesday 13 October 2009 11:45\n\n"
                               "Cafcass's South West service has been rated inadequate by Ofsted.\n")
    (article,) = rows(db, "select title, author, published from articles")
    assert article == {"title": "Cafcass service in the South West rated inadequate by Ofsted", "author": "Jo Smith",
                       "published": "2009-10-13"}
    assert rows(db, "select text from passages order by seq")[0]["text"].startswith("Inspectors say children")


@pytest.mark.parametrize("top, under", [
    # a government page: cookie banner, menu, breadcrumbs, its publisher line and a standfirst sentence
    ("Skip to main content\nCookies on GOV.UK\nWe use some essential cookies to make this website work.\n"
     "Accept additional cookies Reject additional cookies View cookies\nGOV.UK\nNavigation menu\nHome\n"
     "Education, training and skills\nPress release\n",
     "Inspectors found that children's interests were at the heart of the service that Cafcass provides.\n"
     "From: Ofsted\nPublished 5 March 2018\nLast updated 6 March 2018 — See all updates\nContents\n"),
    # a site's cookie banner and a long menu before the headline
    ("This website uses cookies\nWe use cookies to improve your experience.\nAccept all cookies\nManage preferences\n"
     "Menu\nSearch\nParents and carers\nChildren and young people\nProfessionals\nAbout us\nCareers\nNews\n",
     "Posted: 5 March 2018\n"),
])
def test_a_sites_banner_menu_and_publisher_lines_are_not_the_headline(tmp_path, top, under):
    db = one_article(tmp_path, top + "Ofsted rates Cafcass outstanding for the first time\n" + under +
                     "Ofsted has today rated Cafcass outstanding after its inspection in January 2018.\n"
                     "Inspectors said leaders had a relentless focus on children.\n")
    (article,) = rows(db, "select title, published from articles")
    assert article == {"title": "Ofsted rates Cafcass outstanding for the first time", "published": "2018-03-05"}
    texts = [r["text"] for r in rows(db, "select text from passages order by seq")]
    assert not any("cookies" in t or t.startswith(("From:", "Last updated", "Contents")) for t in texts), texts


def test_a_reports_dates_line_is_neither_headline_nor_lost(tmp_path):
    db = one_article(tmp_path, "Ofsted\nInspection of Cafcass West Midlands\nInspection report\n"
                               "Inspection dates: 2 to 13 March 2009\nPublished: 30 April 2009\n"
                               "Judgement | Grade\nOverall effectiveness | Inadequate\nSafeguarding | Inadequate\n")
    assert rows(db, "select title, published from articles") == [
        {"title": "Inspection of Cafcass West Midlands", "published": "2009-04-30"}]
    assert rows(db, "select id, fieldwork_start, fieldwork_end from inspections") == [
        {"id": "west-midlands-2009", "fieldwork_start": "2009-03-02", "fieldwork_end": "2009-03-13"}]
    assert {(r["judgement"], r["rating"]) for r in rows(db, "select judgement, rating from judgements")} == {
        ("overall effectiveness", "inadequate"), ("safeguarding", "inadequate")}


def test_a_box_of_links_inside_the_article_goes_alone(tmp_path):
    """"Related articles" and its headlines in the middle: the box is dropped and the article goes
    on; at the end, with no running text after it, the box ends the article as a footer does."""
    after = ("Social workers' union Napo said the findings reflected years of underfunding, and its "
             "officials said that staff were working under impossible pressure.")
    db = one_article(tmp_path, "Cafcass South West rated inadequate\n\n14 October 2009\n\n"
                               "Cafcass's South West service has been rated inadequate by Ofsted.\n\n"
                               "Related articles\n\nCafcass chief defends record on delays\n\n"
                               "Ofsted to inspect Cafcass every three years\n\n" + after + "\n\n"
                               "This article is only available to subscribers.\n\nAlready a subscriber? Log in\n\n"
                               "Related articles\n\nCafcass wins praise\n")
    assert [r["text"] for r in rows(db, "select text from passages order by seq")] == [
        "Cafcass's South West service has been rated inadequate by Ofsted.", after]


def test_a_blogs_category_line_under_the_byline_is_dropped_alone(tmp_path):
    db = one_article(tmp_path, "Ofsted's verdict on Cafcass Avon\n\nPosted on 18 June 2009 by Rachel Green\n\n"
                               "Posted in Family Law, Children Law\n\n"
                               "Ofsted has judged the Cafcass service in Avon satisfactory overall.\n")
    assert rows(db, "select author from articles") == [{"author": "Rachel Green"}]
    assert [r["text"] for r in rows(db, "select text from passages order by seq")] == [
        "Ofsted has judged the Cafcass service in Avon satisfactory overall."]
