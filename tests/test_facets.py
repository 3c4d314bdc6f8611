"""The rating, year, era and theme facets and the ?_theme_COLUMN= filter, on the
built seed database served by Datasette. Expected values are computed from the
database itself (with SQL and plain Python written apart from the plugin's), so
the tests mean the same before and after the extraction fills the fact tables."""
import asyncio
import csv
import json
import re
import shutil
import sqlite3
import urllib.parse

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from datasette.app import Datasette

from datasette_cafcass import schema
from datasette_cafcass.serving.facets.fold import SYNONYMS, fold, fold_sql

from .conftest import make_datasette

DATA = schema.__file__.rsplit("/", 1)[0] + "/vocab"


# ---------------------------------------------------------------- helpers

def query(path, sql, *params):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def facet(data, name, type_):
    """The facet entry for column name of the given type in a table's JSON."""
    found = [f for f in data["facet_results"].values() if f["name"] == name and f["type"] == type_]
    assert len(found) == 1, (name, type_, list(data["facet_results"]))
    return found[0]


def local(url):
    """A toggle_url (absolute or not) as a path ds.client can get."""
    parts = urllib.parse.urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def json_url(url):
    """A table page's URL turned into its .json URL (toggle URLs keep the format)."""
    path = local(url)
    base, _, qs = path.partition("?")
    if not base.endswith(".json"):
        base += ".json"
    return base + (f"?{qs}" if qs else "")


async def get_json(ds, url):
    response = await ds.client.get(json_url(url))
    assert response.status_code == 200, response.text[:500]
    return response.json()


async def all_rows(ds, url):
    """Every row (as dicts) of the table page at url, following pages."""
    rows, url = [], json_url(url)
    url += ("&" if "?" in url else "?") + "_shape=objects&_size=max"
    while url:
        data = (await ds.client.get(local(url))).json()
        rows += data["rows"]
        url = data.get("next_url")
    return rows


def year_of(value):
    """Year of an ISO-prefix date or integer year, written apart from the plugin."""
    if isinstance(value, (int, float)):
        return int(value)
    if isinstance(value, str) and re.match(r"\d{4}(\D|$)", value):
        return int(value[:4])
    return None


def first_day(value):
    if isinstance(value, (int, float)):
        return f"{int(value):04d}-01-01"
    if isinstance(value, str) and re.match(r"\d{4}", value):
        return (value + "-01-01")[:10]
    return None


def scale(path):
    return [r[0] for r in query(path, "select rating from rating_scale order by rank, rowid")]


def themes(path):
    out = {}
    for theme, term in query(path, "select theme, term from themes order by rowid"):
        out.setdefault(theme, []).append(term)
    return out


def mentions(text, terms):
    """Does text have a word starting with one of terms? (regex, not the plugin's LIKE)"""
    if text is None:
        return False
    for term in terms:
        parts = [re.escape(w) for w in re.findall(r"[^\W_]+", term.lower())]
        if re.search(r"(?<![^\W_])" + r"[\W_]+".join(parts), text.lower()):
            return True
    return False


def empty(path, table):
    return query(path, f"select count(*) from [{table}]")[0][0] == 0


# ---------------------------------------------------------------- rating

async def test_rating_facet_in_scale_order_with_counts(ds, seed_db):
    # rating_scale is the one table with ratings before the extraction lands.
    data = await get_json(ds, "/cafcass/rating_scale.json?_facet_rating=rating")
    f = facet(data, "rating", "rating")
    assert [v["value"] for v in f["results"]] == scale(seed_db)
    assert [v["value"] for v in f["results"]][0] == "outstanding"
    assert [v["value"] for v in f["results"]][-1] == "inadequate"
    want = dict(query(seed_db, "select rating, count(*) from rating_scale group by rating"))
    assert {v["value"]: v["count"] for v in f["results"]} == want
    assert f["hideable"] and not f["truncated"]
    assert not any(v["selected"] for v in f["results"])


@pytest.mark.parametrize("table, column", [("judgements", "rating"), ("inspections", "overall_rating"),
                                           ("inspection_judgements", "rating")])
async def test_rating_defaults_count_every_grade_with_zeros(ds, seed_db, table, column):
    data = await get_json(ds, f"/cafcass/{table}.json")
    f = facet(data, column, "rating")
    assert not f["hideable"]  # from metadata.yml
    assert [v["value"] for v in f["results"]] == scale(seed_db)
    want = {}
    for value, n in query(seed_db, f"select [{column}], count(*) from [{table}] where [{column}] is not null group by 1"):
        want[fold(value)] = want.get(fold(value), 0) + n
    assert {v["value"]: v["count"] for v in f["results"]} == {g: want.get(g, 0) for g in scale(seed_db)}


@pytest.mark.parametrize("table, column", [("judgements", "rating"), ("inspections", "overall_rating")])
async def test_rating_facet_on_extracted_facts(ds, seed_db, table, column):
    if empty(seed_db, table):
        pytest.skip(f"{table} is empty until the extraction lands on main")
    f = facet(await get_json(ds, f"/cafcass/{table}.json"), column, "rating")
    graded = query(seed_db, f"select count(*) from [{table}] where [{column}] is not null")[0][0]
    assert graded and sum(v["count"] for v in f["results"]) == graded
    assert any(v["count"] == 0 for v in f["results"])  # the gaps show (six words, four ranks)
    for v in f["results"]:
        if v["count"]:
            rows = await all_rows(ds, v["toggle_url"])
            assert len(rows) == v["count"] and {fold(r[column]) for r in rows} == {v["value"]}


@pytest.mark.parametrize("table", ["judgements", "inspection_judgements"])
async def test_rating_facet_counts_judgements_not_sentences(ds, seed_db, gold, table):
    """The counts are of (inspection, judgement) pairs, counted here by hand from
    the sentences that report them, however many sentences report each."""
    pairs = {}
    for inspection, judgement, rating in query(
            seed_db, "select inspection_id, judgement, rating from judgement_evidence"):
        pairs.setdefault((inspection, judgement), set()).add(fold(rating))
    sentences = query(seed_db, "select count(*) from judgement_evidence")[0][0]
    assert pairs and len(pairs) < sentences  # some judgement is reported twice: the case that matters
    agreed = {}
    for (inspection, judgement), ratings in pairs.items():
        if len(ratings) == 1:
            grade = next(iter(ratings))
        else:  # the sentences disagree: the row says so and takes one of their grades
            (grade, conflict), = query(seed_db, "select rating, conflict from judgements "
                                                "where inspection_id = ? and judgement = ?", inspection, judgement)
            assert conflict == 1 and grade in ratings
        agreed[grade] = agreed.get(grade, 0) + 1
    f = facet(await get_json(ds, f"/cafcass/{table}.json"), "rating", "rating")
    assert {v["value"]: v["count"] for v in f["results"]} == {g: agreed.get(g, 0) for g in scale(seed_db)}
    # and every grade the gold file requires is among them
    found = {(scope, area, year): i for i, scope, area, year in query(
        seed_db, "select id, scope, area, year from inspections")}
    for g in gold["inspections"]:
        inspection = found[(g["scope"], g["area"], g["year"])]
        for judgement, rating in g["required"].items():
            assert rating in pairs[(inspection, judgement)], (inspection, judgement)


async def test_rating_toggle_on_and_off(ds, seed_db):
    start = "/cafcass/rating_scale.json?_facet_rating=rating"
    f = facet(await get_json(ds, start), "rating", "rating")
    good = next(v for v in f["results"] if v["value"] == "good")
    assert "rating__exact=good" in good["toggle_url"]
    on = await get_json(ds, good["toggle_url"])
    assert [r[0] for r in on["rows"]] == ["good"]
    f_on = facet(on, "rating", "rating")
    assert [v["value"] for v in f_on["results"] if v["selected"]] == ["good"]
    # the other grades stay listed, with zero
    assert {v["value"]: v["count"] for v in f_on["results"]} == {g: int(g == "good") for g in scale(seed_db)}
    off_url = next(v for v in f_on["results"] if v["selected"])["toggle_url"]
    assert local(off_url) == start
    off = await get_json(ds, off_url)
    assert off["filtered_table_rows_count"] == len(scale(seed_db))
    # ?rating=good (the column facet's form) counts as selected, and toggles off
    plain = facet(await get_json(ds, start + "&rating=good"), "rating", "rating")
    chosen = [v for v in plain["results"] if v["selected"]]
    assert [v["value"] for v in chosen] == ["good"] and local(chosen[0]["toggle_url"]) == start


@pytest.fixture(scope="module")
def odd_db(seed_db, tmp_path_factory):
    """A copy of the seed database with one extra table holding what the seeds do
    not: grades spelt other ways, integer years either side of an era boundary."""
    path = tmp_path_factory.mktemp("odd") / "cafcass.db"
    shutil.copy(seed_db, path)
    conn = sqlite3.connect(path)
    conn.execute("create table graded (id integer primary key, rating text, year integer, note text)")
    conn.executemany("insert into graded (rating, year, note) values (?, ?, ?)", [
        ("Requires improvement to be good", 2021, "Delays in allocation"),
        ("requires improvement", 2022, None),
        ("good", 2012, "Strong LEADERSHIP."),
        ("Good ", 2013, "child-centred work"),
        ("outstanding", None, "the children's views were heard"),
        ("not graded", 2020, "misleading figures"),  # 'lead' must not match mis-lead
        (None, 2030, None),
    ])
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def odd_ds(odd_db):
    return make_datasette(odd_db, {})


async def test_rating_folds_synonyms_and_filters_all_spellings(odd_ds, odd_db):
    f = facet(await get_json(odd_ds, "/cafcass/graded.json?_facet_rating=rating"), "rating", "rating")
    counts = {v["value"]: v["count"] for v in f["results"]}
    assert counts["requires improvement"] == 2 and counts["good"] == 2 and counts["outstanding"] == 1
    assert counts["inadequate"] == 0 and "not graded" not in counts
    for v in f["results"]:
        rows = await all_rows(odd_ds, v["toggle_url"])
        assert len(rows) == v["count"] and all(fold(r["rating"]) == v["value"] for r in rows)
    ri = next(v for v in f["results"] if v["value"] == "requires improvement")
    selected = facet(await get_json(odd_ds, ri["toggle_url"]), "rating", "rating")
    back = next(v for v in selected["results"] if v["selected"])
    assert back["value"] == "requires improvement"
    assert local(back["toggle_url"]) == "/cafcass/graded.json?_facet_rating=rating"


def test_fold_and_its_sql_agree():
    conn = sqlite3.connect(":memory:")
    words = list(SYNONYMS) + ["Good", " requires improvement to be good ", "Outstanding", "nonsense", "GOOD "]
    sql, params = fold_sql(":w", "x")
    for word in words:
        assert conn.execute(f"select {sql}", {**params, "w": word}).fetchone()[0] == fold(word)
    assert fold(None) is None and fold("Requires Improvement To Be Good") == "requires improvement"


# ---------------------------------------------------------------- year and era

async def test_year_facet_newest_first_with_undated(ds, seed_db):
    data = await get_json(ds, "/cafcass/articles.json?_facet_year=published")
    f = facet(data, "published", "year")
    values = [r[0] for r in query(seed_db, "select published from articles")]
    years = {}
    for v in values:
        if year_of(v) is not None:
            years[year_of(v)] = years.get(year_of(v), 0) + 1
    want = [(y, years[y]) for y in sorted(years, reverse=True)]
    undated = sum(v is None for v in values)
    if undated:
        want.append((None, undated))
    assert [(v["value"], v["count"]) for v in f["results"]] == want
    assert years and undated  # the seeds have both dated and undated articles
    assert f["results"][-1]["label"] == "undated"


async def test_year_and_undated_toggles_select_their_rows(ds, seed_db):
    start = "/cafcass/articles.json?_facet_year=published"
    f = facet(await get_json(ds, start), "published", "year")
    for v in f["results"]:
        rows = await all_rows(ds, v["toggle_url"])
        assert len(rows) == v["count"]
        assert all(year_of(r["published"]) == v["value"] for r in rows)
        again = facet(await get_json(ds, v["toggle_url"]), "published", "year")
        chosen = [x for x in again["results"] if x["selected"]]
        assert [x["value"] for x in chosen] == [v["value"]]
        assert local(chosen[0]["toggle_url"]) == start
    assert "published__isnull=1" in f["results"][-1]["toggle_url"]


def eras(path):
    return query(path, 'select name, start, "end" from eras order by start is not null, start, id')


def era_counts(path, values):
    out = []
    for name, start, end in eras(path):
        days = [first_day(v) for v in values]
        out.append((name, sum(
            d is not None and (start is None or d >= first_day(start)) and (end is None or d < first_day(end))
            for d in days)))
    return out


async def test_era_facet_buckets_by_the_eras_table(ds, seed_db):
    f = facet(await get_json(ds, "/cafcass/articles.json?_facet_era=published"), "published", "era")
    values = [r[0] for r in query(seed_db, "select published from articles")]
    want = era_counts(seed_db, values) + [(None, sum(v is None for v in values))]
    assert [(v["value"] if v["value"] else None, v["count"]) for v in f["results"]] == want
    assert any(v["count"] == 0 for v in f["results"])  # eras with no rows are listed
    assert len(eras(seed_db)) >= 3
    for v in f["results"]:
        assert len(await all_rows(ds, v["toggle_url"])) == v["count"]


async def test_era_and_year_on_integer_years(odd_ds, odd_db):
    """2021 is before the April 2021 boundary (a year counts from its first day),
    and each era's toggle selects the rows it counted."""
    data = await get_json(odd_ds, "/cafcass/graded.json?_facet_era=year&_facet_year=year")
    values = [r[0] for r in query(odd_db, "select year from graded")]
    era = facet(data, "year", "era")
    assert [(v["value"], v["count"]) for v in era["results"]] == era_counts(odd_db, values) + [(None, 1)]
    for v in era["results"]:
        rows = await all_rows(odd_ds, v["toggle_url"])
        assert len(rows) == v["count"]
    year = facet(data, "year", "year")
    assert [v["value"] for v in year["results"]] == [2030, 2022, 2021, 2020, 2013, 2012, None]


@pytest.mark.parametrize("table", ["inspections", "inspection_judgements"])
async def test_year_and_era_defaults(ds, seed_db, table):
    """By year from the year column; by era from the framework column, which names
    each inspection's era even when the articles do not date it."""
    data = await get_json(ds, f"/cafcass/{table}.json")
    year, era = facet(data, "year", "year"), facet(data, "framework", "era")
    assert not year["hideable"] and not era["hideable"]
    values = [r[0] for r in query(seed_db, f"select year from [{table}]")]
    assert sum(v["count"] for v in year["results"]) == len(values)
    frameworks = [r[0] for r in query(seed_db, f"select framework from [{table}]")]
    assert [(v["value"], v["count"]) for v in era["results"]] == [
        (name, frameworks.count(name)) for name, _, _ in eras(seed_db)] + (
        [(None, frameworks.count(None))] if None in frameworks else [])
    assert [v["label"] for v in era["results"]][:len(eras(seed_db))] == [e[0] for e in eras(seed_db)]


async def test_year_and_era_on_extracted_inspections(ds, seed_db):
    if empty(seed_db, "inspections"):
        pytest.skip("inspections is empty until the extraction lands on main")
    data = await get_json(ds, "/cafcass/inspections.json")
    year = facet(data, "year", "year")
    dated = [v for v in year["results"] if v["value"] is not None]
    assert dated and [v["value"] for v in dated] == sorted((v["value"] for v in dated), reverse=True)
    for v in facet(data, "framework", "era")["results"] + year["results"]:
        assert len(await all_rows(ds, v["toggle_url"])) == v["count"]


async def test_era_facet_on_a_date_column_when_values_are_not_era_names(ds, seed_db):
    """The same facet on the year column still buckets by date, undated apart."""
    data = await get_json(ds, "/cafcass/inspections.json?_facet_era=year")
    f = facet(data, "year", "era")
    values = [r[0] for r in query(seed_db, "select year from inspections")]
    assert [(v["value"], v["count"]) for v in f["results"] if v["value"]] == era_counts(seed_db, values)


# ---------------------------------------------------------------- theme

async def test_theme_facet_counts_rows_mentioning_each_theme(ds, seed_db):
    f = facet(await get_json(ds, "/cafcass/passages.json?_facet_theme=text"), "text", "theme")
    texts = [r[0] for r in query(seed_db, "select text from passages")]
    taxonomy = themes(seed_db)
    want = {t: sum(mentions(x, terms) for x in texts) for t, terms in taxonomy.items()}
    got = {v["value"]: v["count"] for v in f["results"]}
    assert got == {t: n for t, n in want.items() if n}  # themes no row mentions are left out
    counts = [v["count"] for v in f["results"]]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    assert len(got) >= 3


async def test_theme_toggle_filters_and_unfilters(ds, seed_db):
    start = "/cafcass/passages.json?_facet_theme=text"
    f = facet(await get_json(ds, start), "text", "theme")
    taxonomy = themes(seed_db)
    for v in f["results"][:3]:
        assert "_theme_text=" in v["toggle_url"]
        data = await get_json(ds, v["toggle_url"])
        assert data["filtered_table_rows_count"] == v["count"]
        assert f'mentions the theme "{v["value"]}"' in data["human_description_en"]
        rows = await all_rows(ds, v["toggle_url"])
        assert all(mentions(r["text"], taxonomy[v["value"]]) for r in rows)
        chosen = [x for x in facet(data, "text", "theme")["results"] if x["selected"]]
        assert [x["value"] for x in chosen] == [v["value"]] and chosen[0]["count"] == v["count"]
        assert local(chosen[0]["toggle_url"]) == start


async def test_two_themes_both_apply(ds, seed_db):
    taxonomy = themes(seed_db)
    texts = [r[0] for r in query(seed_db, "select text from passages")]
    want = sum(mentions(x, taxonomy["leadership"]) and mentions(x, taxonomy["workforce"]) for x in texts)
    data = await get_json(ds, "/cafcass/passages.json?_theme_text=leadership&_theme_text=workforce")
    assert data["filtered_table_rows_count"] == want


async def test_theme_word_starts_case_and_punctuation(odd_ds):
    data = await get_json(odd_ds, "/cafcass/graded.json?_facet_theme=note")
    got = {v["value"]: v["count"] for v in facet(data, "note", "theme")["results"]}
    assert got["delay"] == 1  # "Delays"
    assert got["leadership"] == 1  # "LEADERSHIP." and not "misleading"
    assert got["the child's voice"] == 2  # "child-centred", "children's views"


async def test_theme_default_on_findings(ds, seed_db):
    data = await get_json(ds, "/cafcass/findings.json")
    f = facet(data, "text", "theme")
    assert not f["hideable"]
    texts = [r[0] for r in query(seed_db, "select text from findings")]
    want = {t: sum(mentions(x, terms) for x in texts) for t, terms in themes(seed_db).items()}
    assert {v["value"]: v["count"] for v in f["results"]} == {t: n for t, n in want.items() if n}
    if texts:
        assert f["results"], "no finding mentions any theme: is the taxonomy too narrow?"


def test_themes_table_is_the_data_file(seed_db):
    with open(f"{DATA}/themes.csv", newline="", encoding="utf-8") as fh:
        rows = [(r["theme"], r["term"]) for r in csv.DictReader(fh)]
    assert query(seed_db, "select theme, term from themes order by rowid") == rows
    assert {"delay", "safeguarding", "the child's voice", "leadership", "workforce", "partnerships",
            "domestic abuse", "equality and diversity"} <= {t for t, _ in rows}
    assert all(sum(t == theme for t, _ in rows) >= 3 for theme, _ in rows)


# ---------------------------------------------------------------- config, JSON and HTML

async def test_json_config_matches_simple_form(ds):
    simple = await get_json(ds, "/cafcass/articles.json?_facet_year=published")
    config = json.dumps({"column": "published"})
    as_json = await get_json(ds, "/cafcass/articles.json?_facet_year=" + urllib.parse.quote(config))
    a, b = facet(simple, "published", "year"), facet(as_json, "published", "year")
    assert [(v["value"], v["count"]) for v in a["results"]] == [(v["value"], v["count"]) for v in b["results"]]
    assert local(b["toggle_url"]) == "/cafcass/articles.json"  # hiding it removes the JSON form


async def test_metadata_and_url_give_one_facet(ds):
    data = await get_json(ds, "/cafcass/inspections.json?_facet_rating=overall_rating")
    assert [f["type"] for f in data["facet_results"].values()].count("rating") == 1
    assert not facet(data, "overall_rating", "rating")["hideable"]


async def test_metadata_defaults_render_on_html_pages(ds, metadata):
    tables = metadata["databases"]["cafcass"]["tables"]
    assert tables["inspections"]["facets"] == [{"rating": "overall_rating"}, {"year": "year"}, {"era": "framework"},
                                               "disputed"]
    assert tables["judgements"]["facets"] == [{"rating": "rating"}, "disputed"]
    assert tables["findings"]["facets"] == [{"theme": "text"}]
    page = (await ds.client.get("/cafcass/inspections")).text
    for label in ("overall_rating (rating)", "year (year)", "framework (era)"):
        assert label in page
    assert "outstanding" in page and "national framework 2013" in page
    assert "text (theme)" in (await ds.client.get("/cafcass/findings")).text


async def test_html_facet_links_toggle(ds):
    page = (await ds.client.get("/cafcass/passages?_facet_theme=text&_theme_text=delay")).text
    soup = BeautifulSoup(page, "html.parser")
    box = soup.find("div", id="facet-text")
    assert "text (theme)" in box.find("p").get_text(" ", strip=True)
    chosen = [li for li in box.find_all("li") if li.find("a", class_="cross")]
    assert len(chosen) == 1 and chosen[0].get_text(" ", strip=True).startswith("delay")
    assert local(chosen[0].find("a", class_="cross")["href"]) == "/cafcass/passages?_facet_theme=text"
    assert 'mentions the theme "delay"' in soup.get_text()


async def test_suggestions_are_by_column_name(seed_db):
    bare = make_datasette(seed_db, {})  # no metadata defaults, so nothing is enabled yet
    def suggested(data):
        return {(s["name"], s.get("type")) for s in data["suggested_facets"]}
    judgements = suggested(await get_json(bare, "/cafcass/judgements.json"))
    assert ("rating", "rating") in judgements and ("rating_rank", "rating") not in judgements
    articles = suggested(await get_json(bare, "/cafcass/articles.json"))
    assert {("published", "year"), ("published", "era"), ("body", "theme")} <= articles
    assert ("title", "rating") not in articles and ("title", "theme") not in articles
    passages = suggested(await get_json(bare, "/cafcass/passages.json"))
    assert ("text", "theme") in passages
    assert not {t for _, t in passages} & {"rating", "year", "era"}
    # once enabled, a facet is not suggested again
    enabled = suggested(await get_json(bare, "/cafcass/articles.json?_facet_year=published"))
    assert ("published", "year") not in enabled and ("published", "era") in enabled
    link = next(s for s in (await get_json(bare, "/cafcass/passages.json"))["suggested_facets"]
                if s.get("type") == "theme")
    assert "_facet_theme=text" in link["toggle_url"]


# ---------------------------------------------------------------- limits and bad input

async def test_timed_out_facets_are_reported_as_datasette_does(seed_db, metadata):
    # A negative limit has passed before the first check: every facet query stops.
    slow = make_datasette(seed_db, metadata, facet_time_limit_ms=-1)
    url = "/cafcass/articles?_facet_rating=title&_facet_year=published&_facet_era=url&_facet_theme=body"
    page = await slow.client.get(url)
    assert page.status_code == 200
    reported = re.search(r"These facets timed out: ([^<]*)<", page.text).group(1).split(", ")
    assert {"title", "published", "url", "body"} <= set(reported)
    data = (await slow.client.get(json_url(url))).json()
    assert not [f for f in data["facet_results"].values() if f["type"] in ("rating", "year", "era", "theme")]
    assert len(data["rows"]) == 5  # the page itself is served


BAD = [
    ("/cafcass/articles.json?_facet_rating=nope", "_facet_rating", "nope"),
    ("/cafcass/articles.json?_facet_year=" + urllib.parse.quote('{"column": 5}'), "_facet_year", "column name"),
    ("/cafcass/articles.json?_facet_era=" + urllib.parse.quote('{"x": "published"}'), "_facet_era", "column name"),
    ("/cafcass/articles.json?_facet_theme=", "_facet_theme", "''"),
    ("/cafcass/articles.json?_facet_theme=" + urllib.parse.quote("body; drop table articles"), "_facet_theme", "drop"),
    ("/cafcass/passages.json?_theme_text=nope", "_theme_text", "unknown theme 'nope'"),
    ("/cafcass/passages.json?_theme_nope=delay", "_theme_nope", "no column 'nope'"),
    ("/cafcass/passages.json?_theme_text=" + urllib.parse.quote("delay' or 1=1 --"), "_theme_text", "unknown theme"),
]


@pytest.mark.parametrize("url, param, detail", BAD)
async def test_bad_parameters_are_400s_that_say_why(ds, url, param, detail):
    for u in (url, url.replace(".json", "", 1)):
        response = await ds.client.get(u)
        assert response.status_code == 400, (u, response.text[:300])
    error = (await ds.client.get(url)).json()["error"]
    assert param in error and detail in error


async def test_odd_but_valid_parameters_do_not_fail(ds):
    for url in ["/cafcass/articles.json?_facet_year=" + urllib.parse.quote('["published"]'),
                "/cafcass/articles.json?_facet_year=published&_facet_year=published",
                "/cafcass/articles.json?_facet_year=published&published__gte=abc",
                "/cafcass/articles.json?_facet_rating=word_count&_facet_theme=word_count",
                "/cafcass/articles.json?_facet_year=published&_facet_size=1",
                "/cafcass/articles.json?_facet_theme=" + urllib.parse.quote("x" * 5000)]:
        response = await ds.client.get(url)
        assert response.status_code in (200, 400), (url, response.status_code)
        if response.status_code == 400:
            assert response.json()["error"]


async def test_bad_column_in_metadata_is_skipped(seed_db):
    odd = make_datasette(seed_db, {"databases": {"cafcass": {"tables": {"articles": {
        "facets": [{"rating": "nope"}, {"year": {"column": 5}}, {"year": "published"}]}}}}})
    data = await get_json(odd, "/cafcass/articles.json")
    assert [(f["name"], f["type"]) for f in data["facet_results"].values()] == [("published", "year")]


async def test_facet_size_truncates_years(ds, seed_db):
    data = await get_json(ds, "/cafcass/passages.json?_facet_year=seq&_facet_size=3")
    f = facet(data, "seq", "year")
    assert len(f["results"]) == 3 and f["truncated"]
    top = [r[0] for r in query(seed_db, "select distinct seq from passages order by seq desc limit 3")]
    assert [v["value"] for v in f["results"]] == top


def test_views_are_declared_and_built(seed_db):
    built = {r[0] for r in query(seed_db, "select name from sqlite_master where type = 'view'")}
    assert set(schema.VIEWS) <= built
    cols = [r[1] for r in query(seed_db, "pragma table_info(inspection_judgements)")]
    assert {"rating", "year", "judgement", "evidence", "subject"} <= set(cols)


# Any facet or theme value, except a "{" that is not JSON: Datasette itself parses
# those before any plugin (a 500 that the asgi guard of the hostile-input work answers).
facet_values = st.one_of(
    st.text(max_size=40).filter(lambda v: not v.startswith("{")),
    st.dictionaries(st.sampled_from(["column", "simple", "x"]),
                    st.one_of(st.text(max_size=20), st.integers(), st.none(), st.lists(st.integers(), max_size=2)),
                    max_size=2).map(json.dumps),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    table=st.sampled_from(["articles", "inspections", "judgements", "passages", "inspection_judgements"]),
    pairs=st.lists(st.tuples(
        st.one_of(st.sampled_from(["_facet_rating", "_facet_year", "_facet_era", "_facet_theme", "_theme_text"]),
                  st.text(max_size=12).map(lambda s: "_theme_" + s)),
        facet_values), min_size=1, max_size=3),
)
def test_any_facet_parameters_give_200_or_400(seed_db, metadata, table, pairs):
    async def fetch():
        ds = make_datasette(seed_db, metadata)
        for suffix in (".json", ""):
            response = await ds.client.get(f"/cafcass/{table}{suffix}?" + urllib.parse.urlencode(pairs))
            assert response.status_code in (200, 400), (pairs, response.status_code, response.text[:300])
    asyncio.run(fetch())


# ------------------------------------------- read once of an immutable database

def theme_counts(data, column="text"):
    return {v["value"]: v["count"] for v in facet(data, column, "theme")["results"]}


async def test_theme_facet_of_a_mutable_database_follows_its_changes(seed_db, metadata, tmp_path):
    # memo.py keeps a whole table's theme counts and the themes only for an
    # immutable database; a mutable one is read afresh on every page.
    path = tmp_path / "cafcass.db"
    shutil.copy(seed_db, path)
    immutable = make_datasette(seed_db, metadata)
    mutable = Datasette(files=[str(path)], metadata=metadata)
    before = theme_counts(await get_json(mutable, "/cafcass/findings.json"))
    assert before == theme_counts(await get_json(immutable, "/cafcass/findings.json"))
    top = max(before, key=before.get)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("delete from row_themes where table_name = 'findings' and theme = ? and row_id in "
                     "(select row_id from row_themes where table_name = 'findings' and theme = ? limit 1)",
                     (top, top))
        conn.execute("insert into themes (theme, term) values ('zzz new theme', 'the')")
    conn.close()
    after = theme_counts(await get_json(mutable, "/cafcass/findings.json"))
    assert after.get(top, 0) == before[top] - 1
    html = (await mutable.client.get("/cafcass/findings")).text
    assert "zzz new theme" in html  # the note on what the facet counts lists the new theme's words
    # the immutable database's answer is the same however often it is asked
    again = theme_counts(await get_json(immutable, "/cafcass/findings.json"))
    assert again == before


async def test_theme_facet_on_a_filtered_page_is_not_the_whole_tables(ds, seed_db):
    whole = theme_counts(await get_json(ds, "/cafcass/findings.json"))
    taxonomy = themes(seed_db)
    for kind in ("strength", "weakness"):
        texts = [r[0] for r in query(seed_db, "select text from findings where kind = ?", kind)]
        want = {t: sum(mentions(x, terms) for x in texts) for t, terms in taxonomy.items()}
        got = theme_counts(await get_json(ds, f"/cafcass/findings.json?kind={kind}"))
        assert got == {t: n for t, n in want.items() if n}
        assert all(n <= whole[t] for t, n in got.items())


# The SQL each of our facet types runs for a page (the theme facet's stored counts,
# the rating facet's folded grades, the year facet's years, the era facet's eras).
FACET_SQL = ("from row_themes", "cafcass_rating_", "group by year, undated", "from eras e")


def facet_sql(data):
    return [t["sql"] for t in data["_trace"]["traces"] if any(m in (t.get("sql") or "") for m in FACET_SQL)]


@pytest.mark.parametrize("table,column", [("findings", "kind"), ("inspections", "scope")])
async def test_a_filtered_pages_facets_are_counted_once_per_filter(seed_db, metadata, table, column):
    """Of an immutable database a filtered page's facet counts are kept per SQL and
    parameters (memo.py): the same filter again runs none of our facets' SQL and
    gives what a fresh instance gives; another filter is counted afresh."""
    ds = make_datasette(seed_db, metadata, trace_debug=True)
    fresh = make_datasette(seed_db, metadata, trace_debug=True)
    values = [v for (v,) in query(seed_db, f"select distinct [{column}] from [{table}] where [{column}] is not null")]
    assert len(values) >= 2
    counted = []
    for value in values:
        url = f"/cafcass/{table}.json?{urllib.parse.urlencode({column: value})}&_trace=1"
        first = await get_json(ds, url)
        assert facet_sql(first), url
        again = await get_json(ds, url)
        assert not facet_sql(again), url
        assert again["facet_results"] == first["facet_results"] == (await get_json(fresh, url))["facet_results"]
        counted.append([[b["count"] for b in f["results"]] for f in first["facet_results"].values()])
    assert len({json.dumps(c) for c in counted}) == len(values)  # each filter its own counts


async def test_a_filtered_pages_theme_facet_of_a_mutable_database_follows_its_rows(seed_db, metadata, tmp_path):
    path = tmp_path / "cafcass.db"
    shutil.copy(seed_db, path)
    mutable = Datasette(files=[str(path)], metadata=metadata)
    url = "/cafcass/findings.json?kind=weakness"
    before = theme_counts(await get_json(mutable, url))
    top = max(before, key=before.get)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("delete from row_themes where table_name = 'findings' and theme = ? and row_id = "
                     "(select id from findings where kind = 'weakness' and id in (select row_id from row_themes "
                     "where table_name = 'findings' and theme = ?) limit 1)", (top, top))
    conn.close()
    assert theme_counts(await get_json(mutable, url)).get(top, 0) == before[top] - 1


async def test_rating_facet_of_a_mutable_database_follows_its_scale(seed_db, metadata, tmp_path):
    path = tmp_path / "cafcass.db"
    shutil.copy(seed_db, path)
    mutable = Datasette(files=[str(path)], metadata=metadata)
    url = "/cafcass/judgements.json?_facet_rating=rating"
    before = [v["value"] for v in facet(await get_json(mutable, url), "rating", "rating")["results"]]
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("insert into rating_scale (rating, rank, scale) values ('zzz exemplary', 0, 'test')")
    conn.close()
    after = [v["value"] for v in facet(await get_json(mutable, url), "rating", "rating")["results"]]
    assert after == ["zzz exemplary", *before]


async def test_whole_table_facets_of_a_mutable_database_follow_its_rows(seed_db, metadata, tmp_path):
    # An immutable database's whole-table facet counts are kept (memo.py); a mutable
    # database's are counted on every page.
    path = tmp_path / "cafcass.db"
    shutil.copy(seed_db, path)
    mutable = Datasette(files=[str(path)], metadata=metadata)
    url = "/cafcass/inspections.json"

    def counts(data, name, type_):
        return {v["label"]: v["count"] for v in facet(data, name, type_)["results"]}

    before = await get_json(mutable, url)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("update inspections set overall_rating = 'outstanding', year = 1999 "
                     "where id = (select min(id) from inspections)")
    conn.close()
    after = await get_json(mutable, url)
    assert counts(after, "year", "year").get("1999") == 1 and "1999" not in counts(before, "year", "year")
    assert counts(after, "overall_rating", "rating") != counts(before, "overall_rating", "rating")
    immutable = make_datasette(seed_db, metadata)
    first = await get_json(immutable, url)
    assert (await get_json(immutable, url))["facet_results"] == first["facet_results"]
    assert counts(first, "year", "year") == counts(before, "year", "year")
