"""row_themes: which rows of which text columns mention which theme, stored by
the build. It must say what the rule says (checked with a regex written apart
from datasette_cafcass/themes.py), and the theme facet and ?_theme_COLUMN=
filter reading it must give what they give without it (the rule run in SQL,
as on tables the build did not make), filtered pages included."""
import random
import re
import shutil
import sqlite3
import sys
import urllib.parse
from pathlib import Path

import pytest

from datasette_cafcass import schema
from datasette_cafcass.themes import words
from datasette_cafcass.builder.pipeline import build

from .conftest import make_datasette
from .test_facets import all_rows, facet, get_json, mentions, themes

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from make_corpus import make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    """A database of 60 made-up articles: more of every fact than the seeds."""
    place = tmp_path_factory.mktemp("themes")
    make_corpus(60, place / "corpus", seed=5)
    build(place / "corpus", place / "cafcass.db", cache=False)
    return place / "cafcass.db"


@pytest.fixture(scope="module")
def without_db(corpus_db, tmp_path_factory):
    """The same database without row_themes: the facet falls back to the rule in SQL."""
    path = tmp_path_factory.mktemp("nothemes") / "cafcass.db"
    shutil.copy(corpus_db, path)
    conn = sqlite3.connect(path)
    conn.execute("drop table row_themes")
    conn.commit()
    conn.close()
    return path


def stored(path):
    conn = sqlite3.connect(path)
    try:
        return set(conn.execute("select table_name, column_name, row_id, theme from row_themes"))
    finally:
        conn.close()


@pytest.mark.parametrize("which", ["seeds", "corpus"])
def test_row_themes_are_what_the_rule_says(seed_db, corpus_db, which):
    path = seed_db if which == "seeds" else corpus_db
    taxonomy = themes(path)
    conn = sqlite3.connect(path)
    want = set()
    for table, column in schema.THEMED_COLUMNS:
        for row_id, text in conn.execute(f"select id, [{column}] from [{table}]"):
            want |= {(table, column, row_id, t) for t, terms in taxonomy.items() if mentions(text, terms)}
    conn.close()
    got = stored(path)
    assert got == want
    assert {t for t, *_ in got} >= {"articles", "passages", "findings"}


def test_a_term_across_two_passages_themes_the_body_not_them(tmp_path):
    """The build reads the body's words once for the article and its passages:
    a term cut by a paragraph break ("the child's / voice") is the body's theme,
    not the first passage's; the second keeps the same theme from a term that
    starts inside the cut one ("voice of the child")."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "Cafcass inspection report published\n\nInspectors said they did not hear the child's\n\n"
        "voice of the child in court, and at risk of delay.\n", encoding="utf-8")
    build(folder, tmp_path / "a.db", cache=False)
    conn = sqlite3.connect(tmp_path / "a.db")
    passages = dict(conn.execute("select text, id from passages"))
    conn.close()
    got = stored(tmp_path / "a.db")
    cut, rest = passages["Inspectors said they did not hear the child's"], passages[
        "voice of the child in court, and at risk of delay."]
    assert ("articles", "body", "a", "the child's voice") in got
    assert {t for table, _, row, t in got if row == cut} == set()
    assert {t for table, _, row, t in got if row == rest} >= {"the child's voice", "safeguarding", "delay"}


def test_facts_matched_together_keep_their_own_themes():
    # themes_of() matches a table's texts in one pass: a term cut across two rows'
    # texts themes neither, an empty text and a repeated one are as the rule says
    from datasette_cafcass.builder.pipeline import theme_matcher, themes_of

    rows = [{"id": "a", "text": "Inspectors did not hear the child's"}, {"id": "b", "text": "voice in court"},
            {"id": "c", "text": None}, {"id": "d", "text": ""}, {"id": "e", "text": "Delays in court"},
            {"id": "f", "text": "Delays in court"}, {"id": "g", "text": "the child's voice, and delay"}]
    got = themes_of("findings", rows, seen={})
    rule = theme_matcher()
    assert got == [["findings", "text", r["id"], t] for r in rows for t in rule(r["text"])]
    assert {r for _, _, r, _ in got} == {"e", "f", "g"}


def test_themed_tables_are_keyed_by_id():
    # the facet and filter find rows of row_themes by the table's id
    for table, column in schema.THEMED_COLUMNS:
        t = schema.BY_NAME[table]
        assert t.pk == "id" and column in t.column_names


PAGES = [
    "/cafcass/findings.json?_facet_theme=text",
    "/cafcass/findings.json?_facet_theme=text&kind=weakness",
    "/cafcass/findings.json?_facet_theme=text&_search=children",
    "/cafcass/findings.json?_facet_theme=text&inspection_id__notnull=1",
    "/cafcass/passages.json?_facet_theme=text&kind=paragraph",
    "/cafcass/passages.json?_facet_theme=text&_theme_text=delay",
    "/cafcass/quotes.json?_facet_theme=text",
    "/cafcass/articles.json?_facet_theme=body&_theme_body=leadership&_theme_body=workforce",
    "/cafcass/judgement_evidence.json?_facet_theme=evidence&rating=good",
    "/cafcass/events.json?_facet_theme=description",
]


@pytest.mark.parametrize("url", PAGES)
async def test_stored_themes_give_what_the_rule_in_sql_gives(corpus_db, without_db, url):
    # time enough for the rule in SQL on a busy machine (it is what the table saves)
    fast = make_datasette(corpus_db, {}, facet_time_limit_ms=60_000)
    slow = make_datasette(without_db, {}, facet_time_limit_ms=60_000)
    a, b = await get_json(fast, url), await get_json(slow, url)
    column = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["_facet_theme"][0]
    fa, fb = facet(a, column, "theme"), facet(b, column, "theme")
    assert [(v["value"], v["count"], v["selected"]) for v in fa["results"]] == \
        [(v["value"], v["count"], v["selected"]) for v in fb["results"]]
    assert a["filtered_table_rows_count"] == b["filtered_table_rows_count"]
    assert a["human_description_en"] == b["human_description_en"]
    assert fa["results"], url  # something to compare


async def test_counts_and_filter_match_the_rows(corpus_db):
    ds = make_datasette(corpus_db, {})
    taxonomy = themes(corpus_db)
    f = facet(await get_json(ds, "/cafcass/findings.json?_facet_theme=text&kind=weakness"), "text", "theme")
    for v in f["results"][:4]:
        rows = await all_rows(ds, v["toggle_url"])
        assert len(rows) == v["count"]
        assert all(r["kind"] == "weakness" and mentions(r["text"], taxonomy[v["value"]]) for r in rows)


async def test_a_view_falls_back_to_the_rule(corpus_db):
    # inspection_judgements is a view: not in row_themes, the rule runs in SQL
    ds = make_datasette(corpus_db, {}, facet_time_limit_ms=60_000)
    data = await get_json(ds, "/cafcass/inspection_judgements.json?_facet_theme=evidence")
    taxonomy = themes(corpus_db)
    conn = sqlite3.connect(corpus_db)
    texts = [r[0] for r in conn.execute("select evidence from inspection_judgements")]
    conn.close()
    want = {t: sum(mentions(x, terms) for x in texts) for t, terms in taxonomy.items()}
    assert {v["value"]: v["count"] for v in facet(data, "evidence", "theme")["results"]} == \
        {t: n for t, n in want.items() if n}


def test_words_splits_where_the_regex_of_the_rule_would():
    """themes.words() translates rather than substitutes, for speed: it gives
    what its definition, anything but a letter or digit ([\\W_]) separating
    words, gives, over letters, digits, marks and punctuation of many scripts."""
    rng = random.Random(7)
    alphabet = [chr(c) for c in range(0x20, 0x3000)] + ["İ", "ẞ", "ǅ", "_", "٣", "²", "½", "’", "–"]
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert words(text) == " " + re.sub(r"[\W_]+", " ", text.lower()).strip() + " ", repr(text)
    assert words("The Child’s voice—heard") == " the child s voice heard "
