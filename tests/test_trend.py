"""The rating-trend view, /-/cafcass/trend, on the built seed database."""
import copy
import re
import shutil
import csv
import io
import sqlite3
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from datasette.app import Datasette

from .conftest import make_datasette

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def gold_graded(gold, judgement="overall effectiveness"):
    """(scope, area, year, rating) for each gold inspection that must carry this grade."""
    return {(g["scope"], g["area"], g["year"], g["required"][judgement])
            for g in gold["inspections"] if judgement in g.get("required", {})}


def points_of(data):
    return {(s["scope"], s["area"], p["year"] if p["date"] else None, p["rating"])
            for s in data["series"] for p in s["points"]}


def local(url):
    """An absolute link of the standalone SVG as the path it names."""
    parts = urlsplit(url)
    assert parts.scheme == "http" and parts.netloc == "localhost", url  # the host the request came to
    return parts.path + (f"?{parts.query}" if parts.query else "")


async def get_json(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, response.text
    return response.json()


# -- the page and its variants ----------------------------------------------

async def test_page_renders_chart_form_and_table(ds):
    response = await ds.client.get("/-/cafcass/trend")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    soup = BeautifulSoup(response.text, "html.parser")
    for layout in ("wide", "narrow"):  # one for a desktop, one for a phone; CSS shows one
        svg = soup.find("svg", attrs={"role": "img",
                                      "aria-labelledby": f"cafcass-trend-{layout}-title cafcass-trend-{layout}-desc"})
        assert svg is not None and svg.find("title").text and svg.find("desc").text
        assert soup.find(id=f"cafcass-trend-{layout}-title") is svg.find("title")
    assert not soup.find_all("script", src=True) or all(
        s["src"].startswith("/") for s in soup.find_all("script", src=True))  # nothing from other hosts
    assert not svg.find("script")
    form = soup.find("form", class_="cafcass-trend-form")
    assert form["method"] == "get" and form["action"] == "/-/cafcass/trend"
    assert {i["name"] for i in form.find_all(["select", "input"]) if i.get("name")} == {
        "judgement", "scope", "area", "from", "to"}
    assert "Data license" in response.text  # footer metadata is passed
    hrefs = {a["href"] for a in soup.find_all("a")}
    assert {"/-/cafcass/trend.json", "/-/cafcass/trend.csv", "/-/cafcass/trend.svg"} <= hrefs


async def test_national_and_area_series_match_gold(ds, gold):
    data = await get_json(ds, "/-/cafcass/trend.json")
    assert data["filters"]["judgement"] == "overall effectiveness"
    want = gold_graded(gold)
    assert ("national", None, 2014, "good") in want and ("service area", "Greater London", None, "inadequate") in want
    assert want <= points_of(data)
    national = next(s for s in data["series"] if s["scope"] == "national")
    years = [p["year"] for p in national["points"] if p["date"]]
    assert years == sorted(years)  # joined in time order
    london = next(s for s in data["series"] if s["area"] == "Greater London")
    assert all(p["date"] is None and p["year"] is None for p in london["points"])  # never an invented date
    assert data["series"][0]["scope"] == "national"


async def test_every_point_cites_a_passage_of_its_article(ds, seed_db):
    data = await get_json(ds, "/-/cafcass/trend.json")
    points = [p for s in data["series"] for p in s["points"]]
    assert points
    conn = sqlite3.connect(seed_db)
    for p in points:
        assert p["inspection_url"] == f"/cafcass/inspections/{p['inspection_id']}"
        cited = [s for s in p["sources"] if s["passage_id"] is not None]
        assert cited, p
        for s in cited:
            assert s["evidence_url"] == f"/-/cafcass/articles/{s['article_id']}#p{s['passage_id']}"
            (article_id,) = conn.execute("select article_id from passages where id = ?", [s["passage_id"]]).fetchone()
            assert article_id == s["article_id"]
            rating = conn.execute(
                "select rating from judgements where inspection_id = ? and passage_id = ? and judgement = ?",
                [p["inspection_id"], s["passage_id"], p["judgement"]]).fetchone()
            assert rating == (p["rating"],)
    conn.close()


async def test_undated_grades_carry_the_period_their_era_allows(ds, seed_db):
    data = await get_json(ds, "/-/cafcass/trend.json")
    undated = [p for s in data["series"] for p in s["points"] if p["date"] is None]
    assert undated
    conn = sqlite3.connect(seed_db)
    for p in undated:
        era = conn.execute("select name, start, [end] from eras where name = ?", [p["framework"]]).fetchone()
        if era is None:
            assert p["period"] is None
        else:
            assert (p["period"]["era"], p["period"]["start"], p["period"]["end"]) == era
    conn.close()
    svg = ET.fromstring((await ds.client.get("/-/cafcass/trend.svg")).content)
    for p in undated:
        link = next(a for a in svg.iter(f"{SVG}a") if local(a.get("href")) == p["evidence_url"])
        assert "undated" in link.find(f"{SVG}title").text
        bands = link.findall(f"{SVG}rect[@stroke-dasharray]")
        assert len(bands) == (1 if p["period"] else 0)
        if p["period"]:
            texts = [t.text for t in link.iter(f"{SVG}text")]
            assert any(p["period"]["text"] in t for t in texts)


async def test_svg_variant_is_the_chart_alone(ds, gold):
    response = await ds.client.get("/-/cafcass/trend.svg")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("image/svg+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert root.find(f"{SVG}title").text.startswith("Ofsted grades over time")
    desc = root.find(f"{SVG}desc").text
    assert "National: " in desc and "Greater London: undated inadequate" in desc
    links = root.findall(f".//{SVG}a")
    data = await get_json(ds, "/-/cafcass/trend.json")
    marks = [p for s in data["series"] for p in s["points"] + s["ungraded"]]
    assert len(links) == len(marks) >= len(gold_graded(gold))
    for a in links:  # each mark leads to its inspection's evidence
        assert local(a.get("href")).startswith("/cafcass/inspection_evidence?inspection=")
        assert a.get(f"{XLINK}href") == a.get("href")
        title = a.find(f"{SVG}title").text
        assert "When: " in title
        assert "Source: " in title or " grade in the articles" in title  # graded marks name their source
    titles = [a.find(f"{SVG}title").text for a in links]
    assert any(t.startswith("National: good") and "When: 2014" in t for t in titles)
    assert any(t.startswith("Greater London: inadequate") and "undated" in t for t in titles)
    assert len(root.findall(f".//{SVG}polyline")) >= 1  # national's points are joined
    assert b"<script" not in response.content


async def test_csv_variant_has_a_row_per_point(ds):
    response = await ds.client.get("/-/cafcass/trend.csv")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    data = await get_json(ds, "/-/cafcass/trend.json")
    assert len(rows) == sum(len(s["points"]) + len(s["ungraded"]) for s in data["series"])
    national = [(r["year"], r["rating"]) for r in rows if r["scope"] == "national" and r["rating"]]
    assert ("2014", "good") in national and ("2018", "outstanding") in national and ("2024", "outstanding") in national
    london = [r for r in rows if r["area"] == "Greater London" and r["rating"]]
    assert london and all(r["year"] == "" and r["date"] == "" for r in london)


async def test_page_table_is_a_summary_per_inspection(ds, seed_db):
    """One line per graded inspection, linking to the inspection and to its
    evidence, which lists every sentence reporting the grade."""
    soup = BeautifulSoup((await ds.client.get("/-/cafcass/trend")).text, "html.parser")
    table = soup.find("table", class_="cafcass-trend-points")
    rows = table.find("tbody").find_all("tr")
    data = await get_json(ds, "/-/cafcass/trend.json")
    points = [p for s in data["series"] for p in s["points"]]
    assert len(rows) == len(points) == len({p["inspection_id"] for p in points})
    conn = sqlite3.connect(seed_db)
    for tr in rows:
        hrefs = [a["href"] for a in tr.find_all("a")]
        assert any(h.startswith("/cafcass/inspections/") for h in hrefs)
        evidence = [h for h in hrefs if h.startswith("/cafcass/inspection_evidence?")]
        assert len(evidence) == 1
        inspection = parse_qs(urlsplit(evidence[0]).query)["inspection"][0]
        (n,) = conn.execute("select evidence_count from judgements where inspection_id = ? and judgement = ?",
                            [inspection, "overall effectiveness"]).fetchone() or (0,)
        if n:
            assert f"{n} sentence" in tr.get_text()
            page = await ds.client.get(evidence[0].replace("/inspection_evidence?", "/inspection_evidence.json?") + "&_shape=array")
            sentences = [r for r in page.json() if r["judgement"] == "overall effectiveness"]
            assert len(sentences) == n and all(r["passage_link"] for r in sentences)
    conn.close()
    undated = [tr for tr in rows if tr.find_all("td")[1].text.strip().startswith("undated")]
    assert any("Greater London" in tr.text and "inadequate" in tr.text for tr in undated)


FILTERS = ("", "judgement=private+law", "scope=national", "area=Greater+London", "from=2015")


def traced_sql(data):
    return [t["sql"] for t in data["_trace"]["traces"] if t.get("sql")]


async def test_page_costs_the_same_few_queries_whatever_the_filter(seed_db, metadata, tmp_path):
    """No query per grade or per sentence: the page is a summary (issue 15). A
    mutable database is read afresh on every request, so each costs them all."""
    path = tmp_path / "cafcass.db"
    shutil.copy(seed_db, path)
    ds = Datasette(files=[str(path)], metadata=metadata, settings={"trace_debug": True})
    counts = set()
    for qs in FILTERS * 2:
        data = (await ds.client.get(f"/-/cafcass/trend.json?_trace=1&{qs}")).json()
        counts.add(data["_trace"]["num_traces"])
    assert len(counts) == 1 and counts.pop() <= 8


async def test_an_immutable_database_is_read_once_per_filter(seed_db, metadata):
    """Of an immutable database, what the filters choose (and what they accept) is
    read once (memo.py): another page of the JSON, the HTML or the CSV for the same
    filter runs none of the trend's SQL again, and gives what a fresh instance gives."""
    ds = make_datasette(seed_db, metadata, trace_debug=True, default_page_size=2)
    trend_sql = ("from inspections i", "from judgements j", "rating_scale order by rank")
    for qs in FILTERS:
        first = (await ds.client.get(f"/-/cafcass/trend.json?_trace=1&{qs}")).json()
        assert any(any(t in sql for t in trend_sql) for sql in traced_sql(first))
        again = (await ds.client.get(f"/-/cafcass/trend.json?_trace=1&{qs}")).json()
        assert not any(any(t in sql for t in trend_sql) for sql in traced_sql(again))
        for data in (first, again):
            del data["_trace"]
        assert again == first
        if first["next"]:
            second = (await ds.client.get(f"/-/cafcass/trend.json?_trace=1&_next={first['next']}&{qs}")).json()
            assert not any(any(t in sql for t in trend_sql) for sql in traced_sql(second))
    fresh = make_datasette(seed_db, metadata, default_page_size=2)
    for path in ("/-/cafcass/trend.json?_next=2", "/-/cafcass/trend.csv", "/-/cafcass/trend.svg"):
        assert (await ds.client.get(path)).content == (await fresh.client.get(path)).content


async def test_a_mutable_database_is_read_afresh(seed_db, metadata, tmp_path):
    path = tmp_path / "cafcass.db"
    shutil.copy(seed_db, path)
    ds = Datasette(files=[str(path)], metadata=metadata)
    before = await get_json(ds, "/-/cafcass/trend.json?scope=national")
    graded = [p for s in before["series"] for p in s["points"]]
    assert graded
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("update inspections set subject = 'zzz renamed' where id = ?", (graded[0]["inspection_id"],))
        conn.execute("insert into rating_scale (rating, rank, scale) values ('zzz exemplary', 0, 'test')")
        conn.execute("update inspections set area = 'Zzz New Area' where scope = 'service area' and id = "
                     "(select min(id) from inspections where scope = 'service area')")
    conn.close()
    after = await get_json(ds, "/-/cafcass/trend.json?scope=national")
    assert [p["subject"] for s in after["series"] for p in s["points"]
            if p["inspection_id"] == graded[0]["inspection_id"]] == ["zzz renamed"]
    assert {"rank": 0, "label": "zzz exemplary"} in after["scale"]
    assert (await ds.client.get("/-/cafcass/trend.json?area=Zzz+New+Area")).status_code == 200


async def test_a_subject_keeps_its_colour_and_marker_whatever_the_filter(ds):
    def looks(svg_bytes):
        root = ET.fromstring(svg_bytes)
        out = {}
        for g in root.iter(f"{SVG}g"):
            mark = next(iter(g.iter(f"{SVG}a")), None)
            if mark is None:
                continue
            shape = [el for el in mark if el.tag != f"{SVG}title" and el.get("stroke")][-1]
            out[g.get("data-series")] = (shape.tag, shape.get("stroke"))
        return out
    everything = looks((await ds.client.get("/-/cafcass/trend.svg")).content)
    assert len(set(everything.values())) == len(everything) >= 3
    for qs in ("scope=service+area", "area=Greater+London", "area=North+East", "scope=national", "from=2015"):
        for label, look in looks((await ds.client.get(f"/-/cafcass/trend.svg?{qs}")).content).items():
            assert everything[label] == look, (qs, label)
    data = await get_json(ds, "/-/cafcass/trend.json?area=Greater+London")
    full = await get_json(ds, "/-/cafcass/trend.json")
    assert [s["style"] for s in data["series"]] == [s["style"] for s in full["series"] if s["area"] == "Greater London"]


def year_labels(svg_bytes):
    root = ET.fromstring(svg_bytes)
    return [int(t.text) for t in root.iter(f"{SVG}text") if t.text and t.text.isdigit() and len(t.text) == 4]


async def test_the_time_axis_fits_the_data(ds, seed_db):
    # only undated grades: no year axis at all, only the undated strip
    svg = (await ds.client.get("/-/cafcass/trend.svg?area=Greater+London")).content
    assert year_labels(svg) == []
    assert b"undated: the articles give no date" in svg
    # one dated inspection: a few years around it, its own year labelled
    conn = sqlite3.connect(seed_db)
    years = sorted(r[0] for r in conn.execute("select year from inspections where scope = 'service area' and year is not null"))
    all_years = sorted(r[0] for r in conn.execute("select year from inspections where year is not null"))
    conn.close()
    labels = year_labels((await ds.client.get("/-/cafcass/trend.svg?scope=service+area")).content)
    assert len(labels) >= 2 and min(labels) <= years[0] <= max(labels) and max(labels) - min(labels) <= 6
    labels = year_labels((await ds.client.get("/-/cafcass/trend.svg")).content)
    assert min(labels) >= all_years[0] - 1 and max(labels) <= all_years[-1] + 1


async def test_standalone_svg_has_absolute_links_and_its_source(ds):
    svg = ET.fromstring((await ds.client.get("/-/cafcass/trend.svg?scope=national")).content)
    hrefs = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert hrefs and all(h.startswith("http://localhost/cafcass/inspection_evidence?") for h in hrefs)
    text = " ".join(t.text or "" for t in svg.iter(f"{SVG}text"))
    assert "Source: Cafcass inspections, http://localhost/-/cafcass/trend?scope=national" in text


async def test_narrow_drawing_for_a_phone(ds):
    soup = BeautifulSoup((await ds.client.get("/-/cafcass/trend")).text, "html.parser")
    narrow = soup.select_one(".chart-narrow svg")
    wide = soup.select_one(".chart-wide svg")
    assert int(narrow["width"]) <= 400 < int(wide["width"])
    assert int(narrow["font-size"]) > int(wide["font-size"])  # larger text for its width
    assert 2 <= len(year_labels(str(narrow).encode())) < len(year_labels(str(wide).encode()))


# -- filters ----------------------------------------------------------------

async def test_scope_filter(ds):
    national = await get_json(ds, "/-/cafcass/trend.json?scope=national")
    assert national["series"] and {s["scope"] for s in national["series"]} == {"national"}
    areas = await get_json(ds, "/-/cafcass/trend.json?scope=service+area")
    assert {s["area"] for s in areas["series"]} >= {"North East", "Greater London"}
    assert {s["scope"] for s in areas["series"]} == {"service area"}


async def test_area_filter(ds):
    data = await get_json(ds, "/-/cafcass/trend.json?area=north+east")  # matched without case
    assert data["filters"]["area"] == "North East"
    assert [(s["area"], [(p["year"], p["rating"]) for p in s["points"]]) for s in data["series"]] == [
        ("North East", [(2010, "good")])]


async def test_year_filters(ds):
    data = await get_json(ds, "/-/cafcass/trend.json?from=2015&to=2020")
    years = {p["year"] for s in data["series"] for p in s["points"] + s["ungraded"]}
    assert 2018 in years and all(2015 <= y <= 2020 for y in years)  # undated ones left out
    data = await get_json(ds, "/-/cafcass/trend.json?from=2024")
    assert {(s["scope"], p["year"], p["rating"]) for s in data["series"] for p in s["points"]} >= {
        ("national", 2024, "outstanding")}
    svg = ET.fromstring((await ds.client.get("/-/cafcass/trend.svg?from=2015&to=2020")).content)
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert "2015" in labels and "2020" in labels and "2014" not in labels and "2021" not in labels


async def test_judgement_filter(ds, gold):
    data = await get_json(ds, "/-/cafcass/trend.json?judgement=private+law")
    assert data["filters"]["judgement"] == "private law"
    assert gold_graded(gold, "private law") <= points_of(data)
    page = await ds.client.get("/-/cafcass/trend?judgement=private+law")
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find("select", attrs={"name": "judgement"}).find("option", selected=True)["value"] == "private law"


async def test_judgements_in_the_database_are_offered(ds, seed_db):
    conn = sqlite3.connect(seed_db)
    names = {r[0] for r in conn.execute("select distinct judgement from judgements")}
    conn.close()
    soup = BeautifulSoup((await ds.client.get("/-/cafcass/trend")).text, "html.parser")
    offered = {o["value"] for o in soup.find("select", attrs={"name": "judgement"}).find_all("option")}
    assert offered == names | {"overall effectiveness"}


# -- bad input --------------------------------------------------------------

BAD = [
    ("scope=county", "scope"),
    ("judgement=vibes", "judgement"),
    ("area=Atlantis", "area"),
    ("from=twenty", "from"),
    ("to=99999999999999999999999999", "to"),
    ("from=0999", "from"),
    ("from=2020&to=2010", "to"),
    ("scope=national&scope=national", "scope"),
    ("area=%ff%fe%00", "area"),
    ("judgement=%00", "judgement"),
]


@pytest.mark.parametrize("query,param", BAD)
async def test_bad_values_get_a_400_naming_the_parameter(ds, query, param):
    response = await ds.client.get(f"/-/cafcass/trend.json?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == param and body["error"].startswith(f"{param}: ")
    assert "accepts" in body["error"]
    for fmt in ("csv", "svg"):
        response = await ds.client.get(f"/-/cafcass/trend.{fmt}?{query}")
        assert response.status_code == 400 and param in response.text
    page = await ds.client.get(f"/-/cafcass/trend?{query}")
    assert page.status_code == 400
    soup = BeautifulSoup(page.text, "html.parser")
    alert = soup.find(attrs={"role": "alert"})
    assert alert.find("code").text == param and "accepts" in alert.text
    assert soup.find("form", class_="cafcass-trend-form")  # the form is there to fix it


async def test_error_page_keeps_the_good_values_in_the_form(ds):
    page = await ds.client.get("/-/cafcass/trend?scope=county&from=2015&to=2001")
    assert page.status_code == 400
    soup = BeautifulSoup(page.text, "html.parser")
    assert soup.find(attrs={"role": "alert"}).find("code").text == "scope"
    assert soup.find("input", attrs={"name": "from"})["value"] == "2015"
    assert soup.find("input", attrs={"name": "to"})["value"] == ""  # also bad: left blank
    assert soup.find("select", attrs={"name": "scope"}).find("option", selected=True)["value"] == ""


async def test_request_values_are_echoed_escaped(ds):
    evil = "<script>alert(1)</script>"
    page = await ds.client.get("/-/cafcass/trend", params={"scope": evil})
    assert page.status_code == 400
    assert evil not in page.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    svg = await ds.client.get("/-/cafcass/trend.svg", params={"area": evil})
    assert svg.status_code == 400 and svg.headers["content-type"].startswith("text/plain")


async def test_unknown_parameters_and_blanks_are_ignored(ds):
    data = await get_json(ds, "/-/cafcass/trend.json?scope=&area=&from=&to=&judgement=&_x=1&foo=%ff")
    assert data["filters"] == {"judgement": "overall effectiveness", "scope": None, "area": None,
                               "from": None, "to": None}


async def test_unknown_format_is_a_404(ds):
    assert (await ds.client.get("/-/cafcass/trend.xlsx")).status_code == 404


# -- Datasette's settings, permissions and links ----------------------------

async def test_base_url_is_respected(seed_db, metadata):
    ds = make_datasette(seed_db, metadata, base_url="/prefix/")
    response = await ds.client.get("/-/cafcass/trend")  # the client adds the prefix
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.find("form", class_="cafcass-trend-form")["action"] == "/prefix/-/cafcass/trend"
    local = [a["href"] for a in soup.find_all("a") if a["href"].startswith("/")]
    assert local and all(h.startswith("/prefix/") for h in local)
    svg = ET.fromstring((await ds.client.get("/-/cafcass/trend.svg")).content)
    assert all(a.get("href").startswith("http://localhost/prefix/cafcass/inspection_evidence?")
               for a in svg.iter(f"{SVG}a"))
    data = (await ds.client.get("/-/cafcass/trend.json")).json()
    assert all(s["evidence_url"].startswith("/prefix/-/cafcass/articles/")
               for se in data["series"] for p in se["points"] for s in p["sources"])


async def test_works_with_arbitrary_sql_turned_off(seed_db, metadata):
    ds = make_datasette(seed_db, metadata, default_allow_sql=False)
    assert (await ds.client.get("/cafcass.json?sql=select+1")).status_code == 403
    on = await get_json(make_datasette(seed_db, metadata), "/-/cafcass/trend.json")
    assert await get_json(ds, "/-/cafcass/trend.json") == on


async def test_view_database_permission_is_checked(seed_db, metadata):
    denied = copy.deepcopy(metadata)
    denied.setdefault("databases", {}).setdefault("cafcass", {})["allow"] = False
    ds = make_datasette(seed_db, denied)
    for path in ("/-/cafcass/trend", "/-/cafcass/trend.json", "/-/cafcass/trend.csv", "/-/cafcass/trend.svg"):
        assert (await ds.client.get(path)).status_code == 403, path
    assert "/-/cafcass/trend" not in (await ds.client.get("/")).text  # no menu link either


async def test_menu_and_action_links(ds):
    for path in ("/", "/cafcass", "/cafcass/inspections", "/cafcass/judgements"):
        soup = BeautifulSoup((await ds.client.get(path)).text, "html.parser")
        assert soup.select('.nav-menu a[href="/-/cafcass/trend"]'), path
    for path in ("/cafcass", "/cafcass/inspections"):
        soup = BeautifulSoup((await ds.client.get(path)).text, "html.parser")
        assert soup.select('.actions-menu-links a[href="/-/cafcass/trend"]'), path
    soup = BeautifulSoup((await ds.client.get("/cafcass/articles")).text, "html.parser")
    assert not soup.select('.actions-menu-links a[href="/-/cafcass/trend"]')


# Any query string at all: a page or a 400, never a 500. Hypothesis draws the
# names from the real parameters and the values from arbitrary text.
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

NAMES = st.sampled_from(["judgement", "scope", "area", "from", "to", "_facet", "x"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(pairs=st.lists(st.tuples(NAMES, st.text(max_size=30)), max_size=4),
       fmt=st.sampled_from(["", ".json", ".csv", ".svg"]))
async def test_arbitrary_query_strings_never_500(ds, pairs, fmt):
    response = await ds.client.get(f"/-/cafcass/trend{fmt}", params=pairs)
    assert response.status_code in (200, 400), response.text
    if response.status_code == 400 and fmt == ".json":
        assert response.json()["parameter"] in {name for name, _ in pairs}


def _luminance(hex_colour):
    def channel(c):
        c = int(c, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(hex_colour[i:i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_series_styles_contrast_and_differ_in_more_than_colour():
    from datasette_cafcass.serving import trend_svg
    for colour in trend_svg.COLOURS:
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour  # WCAG contrast on white
    styles = [trend_svg.style_for(i) for i in range(24)]
    assert len({(shape, dash) for _, shape, dash in styles[:len(trend_svg.SHAPES)]}) == len(trend_svg.SHAPES)
    assert len(set(styles)) == 24  # no two of the first 24 series share colour, shape and dash


async def test_svg_refers_to_nothing_outside(ds):
    """Its links name the site it came from, and nothing else: no script, font or image."""
    body = (await ds.client.get("/-/cafcass/trend.svg")).text
    root = ET.fromstring(body.encode())
    for el in root.iter():
        for key, value in el.attrib.items():
            if key.endswith("href"):
                assert local(value).startswith("/cafcass/"), value
    assert not [u for u in re.findall(r"https?://[^\s\"'<]+", body)
                if not u.startswith(("http://www.w3.org/", "http://localhost/"))]


# -- the JSON in pages, as Datasette pages a table's JSON -------------------

def listed(data):
    """[(series label, list, inspection id)] in the order the JSON gives them."""
    return [(s["label"], where, p["inspection_id"])
            for s in data["series"] for where in ("points", "ungraded") for p in s[where]]


async def test_json_pages_with_size_and_next_cover_the_whole_list_in_order(ds):
    whole = await get_json(ds, "/-/cafcass/trend.json")
    assert whole["next"] is None and whole["next_url"] is None  # the seeds fit in one page of 100
    assert whole["inspections"] == len(listed(whole)) >= 3
    pages, path = [], "/-/cafcass/trend.json?_size=2"
    while path:
        data = await get_json(ds, path)
        assert data["inspections"] == whole["inspections"]
        assert len(listed(data)) <= 2 and all(s["points"] or s["ungraded"] for s in data["series"])
        pages.append(data)
        path = local(data["next_url"]) if data["next_url"] else None
        if path:  # the next link keeps the page size and says where the next page starts
            assert parse_qs(urlsplit(path).query)["_size"] == ["2"]
            assert parse_qs(urlsplit(path).query)["_next"] == [data["next"]]
    assert len(pages) == -(-whole["inspections"] // 2)
    assert [x for page in pages for x in listed(page)] == listed(whole)
    # each inspection keeps everything the whole list says of it
    by_id = {p["inspection_id"]: p for s in whole["series"] for w in ("points", "ungraded") for p in s[w]}
    for page in pages:
        for s in page["series"]:
            for w in ("points", "ungraded"):
                assert all(p == by_id[p["inspection_id"]] for p in s[w])


async def test_json_page_keeps_the_filters_in_its_next_link(ds):
    data = await get_json(ds, "/-/cafcass/trend.json?scope=service+area&_size=1")
    if data["inspections"] > 1:
        query = parse_qs(urlsplit(data["next_url"]).query)
        assert query["scope"] == ["service area"] and query["_next"] == ["1"]


@pytest.mark.parametrize("query, parameter", [
    ("_size=0", "_size"), ("_size=ten", "_size"), ("_size=100000", "_size"),
    ("_next=-1", "_next"), ("_next=abc", "_next"),
])
async def test_json_bad_page_parameters_are_a_400_naming_them(ds, query, parameter):
    response = await ds.client.get(f"/-/cafcass/trend.json?{query}")
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


async def test_json_size_max_and_a_next_past_the_end(ds):
    whole = await get_json(ds, "/-/cafcass/trend.json")
    assert listed(await get_json(ds, "/-/cafcass/trend.json?_size=max")) == listed(whole)
    past = await get_json(ds, f"/-/cafcass/trend.json?_next={whole['inspections']}")
    assert past["series"] == [] and past["next"] is None and past["inspections"] == whole["inspections"]
