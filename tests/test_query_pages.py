"""The canned queries as pages for people, on the built seed database:
parameters that match whole values, a title, labelled fields, SQL behind a
link, cells that link on, a CSV that downloads, quotes filed under the
inspection they are about, and the Atom feed (datasette-atom)."""
import csv
import io
import shutil
import sqlite3
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from .conftest import make_datasette, rows
from .test_metadata import expect_who_said_what, queries

ATOM = "{http://www.w3.org/2005/Atom}"


async def query_json(ds, query, **params):
    response = await ds.client.get(f"/cafcass/{query}.json?" + urlencode({"_shape": "array", **params}))
    assert response.status_code == 200, response.text
    return response.json()


async def query_json_table(ds, table):
    response = await ds.client.get(f"/cafcass/{table}.json?_shape=array&_size=max")
    assert response.status_code == 200, response.text
    return response.json()


def one(db, sql, *params):
    found = rows(db, sql, *params)
    assert found, sql
    return found[0]


def whole_and_part(db):
    """(query, column to check, whole value, a part of it) from the data itself."""
    area = one(db, "select area from inspections where area like '% %' order by area")["area"]
    inspection = one(db, "select id from inspections where id like '%-%-%' order by id")["id"]
    person = one(db, "select name from people where name like '% %' order by name")["name"]
    surname = person.split()[-1]
    label = one(db, "select label from figures where length(label) > 5 order by label")["label"].split()[0]
    era = one(db, "select e.id, e.name from eras e join inspections i on i.framework = e.name "
                  "where e.name glob '*[0-9]*' order by e.id")
    digits = "".join(c for c in era["name"] if c.isdigit())
    return [
        ("rating_history", "subject", {"subject": area}, {"subject": area.split()[-1]}),
        ("who_said_what", "subject", {"subject": area}, {"subject": area.split()[-1]}),
        ("inspection_evidence", "inspection", {"inspection": inspection}, {"inspection": inspection.rsplit("-", 1)[0]}),
        ("person_quotes", "name", {"name": surname}, {"name": surname[:-1]}),
        ("person_quotes", "name", {"name": person}, {"name": person[:-1]}),
        ("inspections_by_era", "era_id", {"era": str(era["id"])}, {"era": digits}),
        ("inspections_by_era", "era_id", {"era": era["name"]}, {"era": era["name"][:-1]}),
        ("figures_by_label", "label", {"label": label}, {"label": label[:-1]}),
        ("figures_by_label", "unit", {"unit": "percent"}, {"unit": "per"}),
        ("search_findings", "kind", {"q": "children", "kind": "strength"}, {"q": "children", "kind": "streng"}),
        ("search_findings", "snippet", {"q": "management"}, {"q": "managem"}),
        ("articles_mentioning", "snippet", {"term": "inspectorate"}, {"term": "inspectora"}),
    ]


async def test_every_parameter_matches_whole_values(ds, seed_db, metadata):
    """A value that is part of another (a word of a name, digits of a year in an
    era's name, the start of an id) matches nothing; the whole value matches."""
    cases = whole_and_part(seed_db)
    with_params = {n for n, q in queries(metadata).items() if q.get("param_labels")}
    assert {c[0] for c in cases} | {"events_between"} == with_params
    for name, column, whole, part in cases:
        assert await query_json(ds, name, **part) == [], (name, part)
        got = await query_json(ds, name, **whole)
        assert got, (name, whole)
    # the era's number picks that era alone (era=2 once matched "2013" and "2021")
    era = whole_and_part(seed_db)[5][2]["era"]
    assert {r["era_id"] for r in await query_json(ds, "inspections_by_era", era=era)} == {int(era)}
    # years are numbers: a year gives that year's events, never one whose digits contain it
    year = one(seed_db, "select substr(date, 1, 4) y from events where date is not null order by date")["y"]
    got = await query_json(ds, "events_between", from_year=year, to_year=year)
    assert got and {r["date"][:4] for r in got} == {year}


async def test_one_era_for_each_inspection(ds, seed_db):
    """The row's framework, the era facet and inspections_by_era agree, undated inspections too."""
    by_query = {r["inspection"]: r["era"] for r in await query_json(ds, "inspections_by_era")}
    response = await ds.client.get("/cafcass/inspections.json?_size=max")
    data = response.json()
    facet = next(f for f in data["facet_results"].values() if f["type"] == "era")
    counted = {v["value"]: v["count"] for v in facet["results"]}
    by_row = {r["id"]: r["framework"] for r in await query_json_table(ds, "inspections")}
    assert by_row == by_query
    assert rows(seed_db, "select 1 from inspections where year is null and framework is not null")  # the case that used to differ
    for era in set(by_row.values()):
        assert counted[era] == list(by_row.values()).count(era)
        toggle = urlsplit(next(v["toggle_url"] for v in facet["results"] if v["value"] == era))
        toggled = await ds.client.get(f"{toggle.path}?{toggle.query}&_shape=array")
        assert {r["id"] for r in toggled.json()} == {i for i, e in by_row.items() if e == era}


async def test_query_page_reads_as_a_page(ds, metadata):
    for name, q in queries(metadata).items():
        response = await ds.client.get(f"/cafcass/{name}")
        assert response.status_code == 200, name
        soup = BeautifulSoup(response.text, "html.parser")
        assert soup.title.get_text().startswith(q["title"]), name  # not the SQL
        assert soup.h1.get_text(strip=True) == q["title"]
        assert soup.select_one("pre#sql-query") is None, name  # the SQL waits behind a link
        show = soup.find("a", string="Show the SQL")
        assert show, name
        shown = BeautifulSoup((await ds.client.get(show["href"])).text, "html.parser")
        assert " ".join(shown.select_one("pre#sql-query").get_text().split()) == " ".join(q["sql"].split())
        fields = soup.select("form.cafcass-query input[type=text]")
        assert {f["name"] for f in fields} == set(q.get("param_labels") or ()), name
        for field in fields:
            label = soup.find("label", attrs={"for": field["id"]})
            assert label and label.get_text() == q["param_labels"][field["name"]], (name, field["name"])


async def test_query_csv_downloads_as_a_file(ds, seed_db):
    soup = BeautifulSoup((await ds.client.get("/cafcass/rating_history?subject=Cafcass")).text, "html.parser")
    href = soup.find("a", string="CSV file")["href"]
    assert parse_qs(urlsplit(href).query)["_dl"] == ["1"]
    response = await ds.client.get(href)
    assert response.status_code == 200
    assert response.headers["content-disposition"].startswith("attachment")
    assert response.headers["content-type"].startswith("text/csv")
    want = rows(seed_db, "select id from inspections where lower(subject) = 'cafcass' or lower(area) = 'cafcass'")
    assert sorted(r["inspection"] for r in csv.DictReader(io.StringIO(response.text))) == sorted(r["id"] for r in want)


async def test_result_cells_link_on(ds, seed_db):
    soup = BeautifulSoup((await ds.client.get("/cafcass/who_said_what?subject=Greater+London")).text, "html.parser")
    inspection = soup.select_one("td.col-inspection a")
    assert parse_qs(urlsplit(inspection["href"]).query) == {"inspection": [inspection.get_text()]}
    assert urlsplit(inspection["href"]).path == "/cafcass/inspection_evidence"
    for td in soup.select("td.col-article"):
        a = td.find("a")
        passage = td.find_parent("tr").select_one("td.col-passage_link a")
        assert a["href"] == passage["href"] and a["href"].startswith("/-/cafcass/articles/")
    texts = [a.get_text() for a in soup.select("td.col-passage_link a")]
    assert texts and all(t.startswith("passage ") for t in texts)
    # people lead to what they said
    soup = BeautifulSoup((await ds.client.get("/cafcass/person_quotes")).text, "html.parser")
    names = soup.select("td.col-name a")
    assert names
    for a in names:
        assert urlsplit(a["href"]).path == "/cafcass/person_quotes"
        said = await query_json(ds, "person_quotes", **{k: v[0] for k, v in parse_qs(urlsplit(a["href"]).query).items()})
        assert said and {r["name"] for r in said} == {a.get_text()}


@pytest.fixture(scope="module")
def filed_db(seed_db, tmp_path_factory):
    """The seed database with quotes filed by hand under the one inspection their
    article reports (until the extraction fills quotes.inspection_id itself)."""
    path = tmp_path_factory.mktemp("filed") / "cafcass.db"
    shutil.copy(seed_db, path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("""update quotes set inspection_id = (
            select min(inspection_id) from inspection_articles ia where ia.article_id = quotes.article_id)
            where article_id in (select article_id from inspection_articles group by article_id having count(*) = 1)""")
        assert conn.execute("select count(*) from quotes where inspection_id is not null").fetchone()[0] > 0
    conn.close()
    return path


async def test_who_said_what_files_quotes_under_their_inspection(filed_db, metadata):
    ds = make_datasette(filed_db, metadata)
    got = await query_json(ds, "who_said_what")
    assert got == expect_who_said_what(filed_db, "")
    quotes = [r for r in got if r["what"].startswith("quote")]
    filed = rows(filed_db, "select inspection_id, text from quotes where inspection_id is not null")
    assert sorted((r["inspection"], r["said"]) for r in quotes) == sorted((q["inspection_id"], q["text"]) for q in filed)
    # and a quote about nothing in particular stays out
    unfiled = {q["text"] for q in rows(filed_db, "select text from quotes where inspection_id is null")}
    assert unfiled and not unfiled & {r["said"] for r in quotes}


async def test_who_said_what_shows_no_quote_that_is_not_filed(ds, seed_db):
    filed = rows(seed_db, "select count(*) n from quotes where inspection_id is not null")[0]["n"]
    got = await query_json(ds, "who_said_what")
    assert len([r for r in got if r["what"].startswith("quote")]) == filed


async def test_atom_feed_of_inspections_newest_first(ds, seed_db):
    response = await ds.client.get("/cafcass/inspections_feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    feed = ET.fromstring(response.content)
    assert feed.find(f"{ATOM}title").text == "Cafcass inspections: a feed, newest first"
    entries = feed.findall(f"{ATOM}entry")
    dated = rows(seed_db, "select id from inspections where coalesce(published, fieldwork_start, year) is not null")
    assert len(entries) == len(dated) > 1
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    for e in entries:
        link = e.find(f"{ATOM}link").get("href")
        inspection = parse_qs(urlsplit(link).query)["inspection"][0]
        assert e.find(f"{ATOM}id").text.endswith("/" + inspection)
        # the link is relative to the feed, so it works under any base_url
        page = await ds.client.get("/cafcass/" + link)
        assert page.status_code == 200 and inspection in page.text
    # the HTML page of the query offers the feed
    soup = BeautifulSoup((await ds.client.get("/cafcass/inspections_feed")).text, "html.parser")
    assert soup.find("a", href=lambda h: h and h.startswith("/cafcass/inspections_feed.atom"))


async def test_a_feed_with_no_dated_inspection_is_a_clear_404(tmp_path, metadata):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "meeting.txt").write_text("Cafcass news\n\nCafcass held a meeting about its work with family courts.\n",
                                        encoding="utf-8")
    from datasette_cafcass.builder.pipeline import build
    build(folder, tmp_path / "cafcass.db")
    ds = make_datasette(tmp_path / "cafcass.db", metadata)
    assert await query_json(ds, "inspections_feed") == []
    response = await ds.client.get("/cafcass/inspections_feed.atom")
    assert response.status_code == 404
    assert "no entries yet" in response.text and "Traceback" not in response.text


async def test_query_tables_show_every_row_and_column_of_the_answer(ds, metadata):
    """The table rows are written by query_cells.rows_html(), not a template
    loop: every row and column of the JSON, each cell classed by its column
    (the columns query_cells.py shows in words or links by name aside)."""
    from datasette_cafcass.serving.query_cells import COLUMNS

    shown = 0
    for name in queries(metadata):
        data = (await ds.client.get(f"/cafcass/{name}.json?_shape=objects")).json()
        shown += len(data["rows"])
        soup = BeautifulSoup((await ds.client.get(f"/cafcass/{name}")).text, "html.parser")
        trs = soup.select("table.rows-and-columns tbody tr")
        assert len(trs) == len(data["rows"]), name
        heads = [th.get_text() for th in soup.select("table.rows-and-columns thead th")]
        for tr, row in zip(trs, data["rows"]):
            tds = tr.find_all("td", recursive=False)
            assert heads == list(row) == [td["class"][0].removeprefix("col-") for td in tds], name
            for td, (column, value) in zip(tds, row.items()):
                if value is None:
                    assert td.get_text() == "\xa0"  # Datasette's blank cell
                elif column not in COLUMNS and not td.find(True) and isinstance(value, str):
                    assert td.get_text() == value, (name, value)  # plain text, escaped once
    assert shown > 20


def test_query_rows_escape_text_and_keep_html():
    from markupsafe import Markup

    from datasette.utils import to_css_class
    from datasette_cafcass.serving.query_cells import rows_html

    html = rows_html([["<b>x</b> & y", Markup('<a href="/p">p</a>'), 3]], ["a b", "passage_link", "n"])
    tds = BeautifulSoup(html, "html.parser").find_all("td")
    assert [td["class"] for td in tds] == [[f"col-{to_css_class(c)}"] for c in ("a b", "passage_link", "n")]
    assert tds[0].get_text() == "<b>x</b> & y" and tds[0].find(True) is None
    assert tds[1].a["href"] == "/p" and tds[2].get_text() == "3"
