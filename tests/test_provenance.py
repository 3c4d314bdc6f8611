"""Issue 17's display: every page that shows a fact says how it was read (the
rule of the extraction, in words, or "by hand"), any correction by hand with
its reason and source, and where the articles disagree which reading is shown
and why, with every reading a click away. Expected values are read from the
built databases (the seeds with the example tests/data/corrections.yml, and
`corrected_db`: the same plus our own articles that disagree)."""
import csv
import io
import json
import shutil
import textwrap
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from datasette_cafcass import schema
from datasette_cafcass.builder.pipeline import build
from datasette_cafcass.serving import provenance

from .conftest import DATA, make_datasette, rows

SVG = "{http://www.w3.org/2000/svg}"
# Fact tables whose rows the reader links to through another row (reader.SHOW).
VIA = {"judgement_evidence": ("judgements", "judgement_id"), "mentions": ("people", "person_id")}


def squash(text):
    return " ".join(text.split())


async def soup(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return BeautifulSoup(response.text, "html.parser")


def reasons(db):
    return {c["id"]: c for c in rows(db, "select * from corrections")}


def corrected_words(entry):
    """What a page says of a row that entry made or changed."""
    return f"corrected by hand: {entry['reason']}"


@pytest.fixture(scope="module")
def seed_example_ds(seed_example_db, metadata):
    return make_datasette(seed_example_db, metadata)


@pytest.fixture(scope="module")
def cds(corrected_db, metadata):
    return make_datasette(corrected_db, metadata)


# ---------------------------------------------------------------- done when

async def test_the_seed_example_shows_in_the_reader_the_rows_json_and_the_corrections_table(
        seed_example_db, seed_example_ds):
    ds, db = seed_example_ds, seed_example_db
    entries = reasons(db)
    assert entries and all(e["matched"] == 1 for e in entries.values())
    added = rows(db, "select * from findings where rule = ?", provenance.BY_HAND)
    changed = rows(db, "select * from figures where correction_id is not null")
    assert len(added) == 1 and len(changed) == 1
    for table, fact in (("findings", added[0]), ("figures", changed[0])):
        entry = entries[fact["correction_id"]]
        href = f"/cafcass/{table}/{fact['id']}"
        # 1. the reader: the fact is marked at its words as a person's, and listed with the reason
        page = await soup(ds, f"/-/cafcass/articles/{quote(fact['article_id'], safe='/')}")
        mark = next(m for m in page.select("article mark") if m.find("a", href=href))
        assert ("by-hand" if table == "findings" else "corrected") in mark["class"]
        assert corrected_words(entry) in mark.find("a", href=href)["title"]
        item = page.select_one(f'aside ul[data-table="{table}"] a.cafcass-fact[href="{href}"]').find_parent("li")
        assert corrected_words(entry) in squash(item.get_text())
        assert item.select_one(".cafcass-corrected a")["href"] == f"/cafcass/corrections/{entry['id']}"
        assert (provenance.found_by(fact["rule"])) in squash(item.get_text())
        legend = {c for m in page.select(".cafcass-legend mark") for c in m["class"]}
        assert "by-hand" in legend if table == "findings" else "corrected" in legend
        # 2. the row's JSON, and its page under the heading
        (row,) = (await ds.client.get(f"{href}.json?_shape=array")).json()
        assert row["correction_id"] == entry["id"] and row["rule"] == fact["rule"]
        note = squash((await soup(ds, href)).select_one(".cafcass-row-provenance").get_text())
        assert corrected_words(entry) in note and provenance.found_by(fact["rule"]) in note
        if entry["source"]:
            assert f"source: {entry['source']}" in note
        # 3. the corrections table lists the entry with the row it touched
        (listed,) = (await ds.client.get(f"/cafcass/corrections.json?_shape=array&id={entry['id']}")).json()
        assert {"table": table, "id": fact["id"]} in [{k: r[k] for k in ("table", "id")}
                                                     for r in json.loads(listed["rows"])]


async def test_a_corrected_inspection_says_so_in_the_reader_and_on_its_page(seed_example_db, seed_example_ds):
    (insp,) = rows(seed_example_db, "select * from inspections where correction_id is not null")
    entry = reasons(seed_example_db)[insp["correction_id"]]
    articles = [r["article_id"] for r in rows(
        seed_example_db, "select article_id from inspection_articles where inspection_id = ?", insp["id"])]
    for article_id in articles:
        page = await soup(seed_example_ds, f"/-/cafcass/articles/{quote(article_id, safe='/')}")
        link = page.select_one(f'ul.cafcass-inspections a.cafcass-inspection[href="/cafcass/inspections/{insp["id"]}"]')
        assert corrected_words(entry) in squash(link.find_parent("li").get_text())
    note = squash((await soup(seed_example_ds, f"/cafcass/inspections/{insp['id']}")).select_one(
        ".cafcass-row-provenance").get_text())
    assert corrected_words(entry) in note and entry["source"] in note


# ------------------------------------------------------------- the rules' words

def test_every_rule_the_builds_use_has_words(seed_db, corrected_db):
    """A reader sees each rule in words, not only its name: a rule the extraction
    starts using needs a line in vocab/rules.csv."""
    used = {r["rule"] for db in (seed_db, corrected_db) for t in schema.FACT_TABLES
            for r in rows(db, f"select distinct rule from [{t}]")}
    assert provenance.BY_HAND in used and len(used) > 10
    assert [r for r in sorted(used) if not provenance.rule_words(r)] == []


# ------------------------------------------------------------------- the reader

async def test_the_reader_says_how_every_fact_was_read(corrected_db, cds):
    entries = reasons(corrected_db)
    checked = 0
    for (article_id,) in [tuple(r.values()) for r in rows(corrected_db, "select id from articles order by id")]:
        page = await soup(cds, f"/-/cafcass/articles/{quote(article_id, safe='/')}")
        for table in schema.FACT_TABLES:
            target, column = VIA.get(table, (table, "id"))
            for fact in rows(corrected_db, f"select * from [{table}] where article_id = ?", article_id):
                href = f"/cafcass/{target}/{fact[column]}"
                # the list beside the text
                items = [a.find_parent("li") for a in page.select(f'aside ul[data-table="{table}"] a.cafcass-fact')
                         if a["href"] == href]
                said = [squash(i.select_one(".cafcass-provenance").get_text()) for i in items]
                want = provenance.found_by(fact["rule"])
                assert any(s.startswith(want) for s in said), (table, fact["id"], said)
                if fact["correction_id"]:
                    assert any(corrected_words(entries[fact["correction_id"]]) in s for s in said)
                else:
                    assert not any("corrected by hand" in s for s in said) or table in VIA
                # the marks' titles in the text
                titles = [a["title"] for a in page.select(f'article mark a[href="{href}"]')]
                assert any(want in t for t in titles), (table, fact["id"], titles)
                checked += 1
    assert checked == sum(rows(corrected_db, f"select count(*) n from [{t}]")[0]["n"] for t in schema.FACT_TABLES)


async def test_the_reader_shows_a_disputed_grade_and_dates_with_every_reading(corrected_db, cds):
    disputed = rows(corrected_db, "select * from judgements where disputed = 1")
    dated = rows(corrected_db, "select * from inspections where disputed = 1")
    assert disputed and dated
    for j in disputed:
        for e in rows(corrected_db, "select * from judgement_evidence where judgement_id = ?", j["id"]):
            page = await soup(cds, f"/-/cafcass/articles/{quote(e['article_id'], safe='/')}")
            items = [a.find_parent("li") for a in page.select('aside ul[data-table="judgement_evidence"] a.cafcass-fact')
                     if a["href"] == f"/cafcass/judgements/{j['id']}"]
            note = items[0].select_one(".cafcass-disputed")
            assert squash(note.get_text()).startswith(f"disputed: {j['shown_because']}")
            # every reading, one click away
            readings = note.find("a")["href"]
            assert readings == f"/cafcass/judgement_evidence?judgement_id={quote(j['id'])}"
            listed = (await cds.client.get(readings.replace("?", ".json?", 1) + "&_shape=array")).json()
            assert sorted(r["id"] for r in listed) == sorted(
                r["id"] for r in rows(corrected_db, "select id from judgement_evidence where judgement_id = ?", j["id"]))
            assert {r["rating"] for r in listed} == set(j["ratings_seen"].split("; "))
    for i in dated:
        for (article_id,) in [tuple(r.values()) for r in rows(
                corrected_db, "select article_id from inspection_articles where inspection_id = ?", i["id"])]:
            page = await soup(cds, f"/-/cafcass/articles/{quote(article_id, safe='/')}")
            link = page.select_one(f'ul.cafcass-inspections a.cafcass-inspection[href="/cafcass/inspections/{i["id"]}"]')
            note = link.find_parent("li").select_one(".cafcass-disputed")
            assert squash(note.get_text()).startswith(f"disputed: {i['shown_because']}")
            readings = note.find("a")["href"]
            listed = (await cds.client.get(readings.replace("?", ".json?", 1) + "&_shape=array")).json()
            assert len(listed) == len(rows(corrected_db, "select id from inspection_dates where inspection_id = ?",
                                           i["id"])) > 1


async def test_the_reader_reads_provenance_in_one_query_per_kind(corrected_db, metadata):
    """No query per fact (page budgets): each of the page's queries runs once,
    however many facts the article has, and there are a fixed few of them."""
    ds = make_datasette(corrected_db, metadata, trace_debug=True)
    most = 0
    for (article_id,) in [tuple(r.values()) for r in rows(corrected_db, "select id from articles")]:
        facts = sum(rows(corrected_db, f"select count(*) n from [{t}] where article_id = ?", article_id)[0]["n"]
                    for t in schema.FACT_TABLES)
        page = await soup(ds, f"/-/cafcass/articles/{quote(article_id, safe='/')}?_trace=1")
        traces = json.loads(page.find_all("pre")[-1].get_text())["traces"]
        data = [" ".join(t["sql"].split()) for t in traces if "sqlite_master" not in t.get("sql", "sqlite_master")]
        assert len(data) == len(set(data)), article_id
        # the article, its passages, each fact table, people, inspections, judgements, corrections
        assert len(data) <= 2 + len(schema.FACT_TABLES) + 4, data
        most = max(most, facts)
    assert most > 2 * (2 + len(schema.FACT_TABLES) + 4)  # a page with far more facts than queries


# ------------------------------------------------------------------ row pages

async def test_every_fact_row_page_says_how_it_was_read(corrected_db, cds):
    entries = reasons(corrected_db)
    for table in schema.FACT_TABLES:
        for fact in rows(corrected_db, f"select * from [{table}]"):
            note = squash((await soup(cds, f"/cafcass/{table}/{quote(fact['id'])}")).select_one(
                ".cafcass-row-provenance").get_text())
            words = provenance.rule_words(fact["rule"])
            assert f"How it was read: {provenance.found_by(fact['rule'])}: {words}" in note, (table, fact["id"])
            if fact["correction_id"]:
                assert corrected_words(entries[fact["correction_id"]]) in note
            else:
                assert "corrected by hand" not in note


async def test_judgement_and_inspection_pages_say_how_they_were_read_and_what_is_disputed(corrected_db, cds):
    entries = reasons(corrected_db)
    for j in rows(corrected_db, "select * from judgements"):
        page = await soup(cds, f"/cafcass/judgements/{quote(j['id'])}")
        note = squash(page.select_one(".cafcass-row-provenance").get_text())
        for r in rows(corrected_db, "select rule, count(*) n from judgement_evidence where judgement_id = ? "
                                    "group by rule", j["id"]):
            assert f"{r['n']} sentence{'s' if r['n'] != 1 else ''}, {provenance.found_by(r['rule'])}" in note
        if j["correction_id"]:
            assert corrected_words(entries[j["correction_id"]]) in note
        else:
            assert "corrected by hand" not in note
        disputed = page.select_one(".cafcass-row-provenance .cafcass-disputed")
        assert bool(disputed) == bool(j["disputed"])
        if disputed:
            assert squash(disputed.get_text()).startswith(f"disputed: {j['shown_because']}")
            assert disputed.find("a")["href"] == f"/cafcass/judgement_evidence?judgement_id={quote(j['id'])}"
    for i in rows(corrected_db, "select * from inspections"):
        page = await soup(cds, f"/cafcass/inspections/{quote(i['id'])}")
        note = squash(page.select_one(".cafcass-row-provenance").get_text())
        if i["correction_id"]:
            assert corrected_words(entries[i["correction_id"]]) in note
        else:
            assert "corrected by hand" not in note
        disputed = page.select_one(".cafcass-row-provenance .cafcass-disputed")
        assert bool(disputed) == bool(i["disputed"])
        if disputed:
            assert disputed.find("a")["href"] == f"/cafcass/inspection_dates?inspection_id={quote(i['id'])}"
        # the inspection's lists: each sentence, finding and quote says how it was read
        for kind, sql in (("judgements", "select e.rule from judgement_evidence e where e.inspection_id = ?"),
                          ("findings", "select rule from findings where inspection_id = ?"),
                          ("quotes", "select rule from quotes where inspection_id = ?")):
            said = sorted(squash(s.get_text()) for s in page.select(f"ul.cafcass-inspection-{kind} .cafcass-rule"))
            assert said == sorted(provenance.found_by(r["rule"]) for r in rows(corrected_db, sql, i["id"])), kind


async def test_a_reading_that_is_not_shown_says_so(corrected_db, cds):
    others = rows(corrected_db, """select e.id from judgement_evidence e join judgements j on j.id = e.judgement_id
        where j.disputed = 1 and e.shown = 0""")
    dates = rows(corrected_db, """select d.id from inspection_dates d join inspections i on i.id = d.inspection_id
        where i.disputed = 1 and d.shown = 0""")
    assert others and dates
    for table, found in (("judgement_evidence", others), ("inspection_dates", dates)):
        for r in found:
            note = squash((await soup(cds, f"/cafcass/{table}/{quote(r['id'])}")).select_one(
                ".cafcass-row-provenance").get_text())
            assert "not the one shown" in note and "disputed: " in note
    # and in the reader, beside the text
    for table, target in (("judgement_evidence", "judgement_id"), ("inspection_dates", "id")):
        found = {r["id"] for r in (others if table == "judgement_evidence" else dates)}
        for fact in rows(corrected_db, f"select * from [{table}] where inspection_id in "
                                       "(select e.inspection_id from judgement_evidence e join judgements j "
                                       "on j.id = e.judgement_id where j.disputed = 1)"):
            page = await soup(cds, f"/-/cafcass/articles/{quote(fact['article_id'], safe='/')}")
            link = "judgements" if table == "judgement_evidence" else table
            items = [a.find_parent("li") for a in page.select(f'aside ul[data-table="{table}"] a.cafcass-fact')
                     if a["href"] == f"/cafcass/{link}/{quote(fact[target])}"]
            assert items
            said = " ".join(squash(i.get_text()) for i in items)
            assert ("another reading, not the one shown" in said) == (fact["id"] in found), (table, fact["id"])


async def test_table_cells_show_rules_corrections_and_disputes(corrected_db, cds):
    entries = reasons(corrected_db)
    page = await soup(cds, "/cafcass/findings?_size=max")
    for td in page.select("td.col-rule"):
        rule = td.get_text().strip()
        assert td.span["title"] == provenance.rule_words(rule)
    corrected = page.select("td.col-correction_id a.cafcass-corrected")
    assert len(corrected) == len(rows(corrected_db, "select 1 from findings where correction_id is not null")) > 0
    for a in corrected:
        entry = entries[a["href"].rsplit("/", 1)[1]]
        assert squash(a.find_parent("td").get_text()) == corrected_words(entry)
    for table, readings in (("judgements", "judgement_evidence?judgement_id="),
                            ("inspections", "inspection_dates?inspection_id="),
                            ("inspection_judgements", "judgement_evidence?judgement_id=")):
        page = await soup(cds, f"/cafcass/{table}?_size=max")
        links = {a["href"] for a in page.select("td.col-disputed a.cafcass-disputed")}
        base = "judgements" if table == "inspection_judgements" else table
        assert links == {f"/cafcass/{readings}{quote(r['id'])}"
                         for r in rows(corrected_db, f"select id from [{base}] where disputed = 1")} != set()


# ------------------------------------------------------------ the disputed facet

@pytest.mark.parametrize("table", ["judgements", "inspections", "inspection_judgements"])
async def test_the_disputed_facet(corrected_db, cds, table):
    counts = {r["disputed"]: r["n"] for r in rows(
        corrected_db, f"select disputed, count(*) n from [{table}] group by disputed")}
    assert counts.get(1)
    for path in (f"/cafcass/{table}.json", f"/cafcass/{table}.json?_facet=disputed"):  # configured, and asked for
        data = (await cds.client.get(path)).json()
        facet = data["facet_results"]["disputed"]
        assert {r["value"]: r["count"] for r in facet["results"]} == counts
    toggle = next(r for r in facet["results"] if r["value"] == 1)["toggle_url"]
    chosen = (await cds.client.get(toggle.replace("http://localhost", "").replace(
        f"/{table}.json?", f"/{table}.json?_shape=array&", 1))).json()
    base = "judgements" if table == "inspection_judgements" else table
    assert sorted(r["id"] for r in chosen) == sorted(
        r["id"] for r in rows(corrected_db, f"select id from [{base}] where disputed = 1"))
    html = await soup(cds, f"/cafcass/{table}")  # shown on the page without asking
    links = html.select('.facet-info[data-column="disputed"] li a')
    assert {a.get_text().strip(): a.next_sibling.strip() for a in links} == {str(k): str(v) for k, v in counts.items()}


# ----------------------------------------------------------------- canned queries

async def test_canned_query_pages_show_rules_and_corrections(corrected_db, cds):
    entries = reasons(corrected_db)
    page = await soup(cds, "/cafcass/who_said_what")
    rules = [td for td in page.select("td.col-rule") if td.get_text().strip()]
    assert rules and all(s.get("title") == provenance.rule_words(s.get_text()) for td in rules for s in td.select("span"))
    corrected = [squash(td.get_text()) for td in page.select("td.col-corrected_by_hand") if td.get_text().strip()]
    assert corrected and all(c[len("corrected by hand: "):] in {e["reason"] for e in entries.values()}
                             for c in corrected)
    disputed = [squash(td.get_text()) for td in page.select("td.col-shown_because") if td.get_text().strip()]
    assert disputed == [f"disputed: {j['shown_because']}" for j in rows(
        corrected_db, "select shown_because from judgements where disputed = 1")]
    # the disputed query's readings lead to every reading
    page = await soup(cds, "/cafcass/disputed")
    hrefs = {a["href"] for a in page.select("td.col-readings a")}
    assert hrefs == {f"/cafcass/judgement_evidence?judgement_id={quote(r['id'])}" for r in rows(
        corrected_db, "select id from judgements where disputed = 1")} | {
        f"/cafcass/inspection_dates?inspection_id={quote(r['id'])}" for r in rows(
            corrected_db, "select id from inspections where disputed = 1")}


# -------------------------------------------------------------------- the trend

async def test_the_trend_marks_disputed_points_everywhere(corrected_db, cds):
    def disputed_ids(judgement="overall effectiveness"):
        return {r["inspection_id"] for r in rows(corrected_db, """select j.inspection_id from judgements j
            join inspections i on i.id = j.inspection_id where j.judgement = ? and (j.disputed = 1 or i.disputed = 1)""",
            judgement)}
    want = disputed_ids()
    assert want
    # JSON: a field, with why and every reading
    data = (await cds.client.get("/-/cafcass/trend.json")).json()
    points = {p["inspection_id"]: p for s in data["series"] for p in s["points"]}
    assert {i for i, p in points.items() if p["disputed"]} == want
    for i in want:
        j = rows(corrected_db, "select * from judgements where inspection_id = ? and judgement = ?",
                 i, "overall effectiveness")[0]
        grade = next(d for d in points[i]["disputes"] if d["what"] == "grade") if j["disputed"] else None
        if grade:
            assert grade["shown_because"] == j["shown_because"]
            assert grade["readings_url"] == f"/cafcass/judgement_evidence?judgement_id={quote(j['id'])}"
    for i, p in points.items():
        rules = sorted({r["rule"] for r in rows(corrected_db, """select e.rule from judgement_evidence e
            join judgements j on j.id = e.judgement_id where j.inspection_id = ? and j.judgement = ?""",
            i, "overall effectiveness")})
        assert [r["rule"] for r in p["found_by"]] == rules
    # CSV: a column
    table = list(csv.DictReader(io.StringIO((await cds.client.get("/-/cafcass/trend.csv")).text)))
    assert {r["inspection_id"] for r in table if r["disputed"] == "1"} == want
    assert all(r["shown_because"] for r in table if r["disputed"] == "1")
    # SVG: a ring on each disputed mark, named in the legend, why in the title
    root = ET.fromstring((await cds.client.get("/-/cafcass/trend.svg")).content)
    ringed = set()
    for a in root.iter(f"{SVG}a"):
        title = a.find(f"{SVG}title").text
        if a.find(f"{SVG}circle[@class='disputed']") is not None:
            ringed.add(a.get("href").rsplit("=", 1)[1])
            assert "Disputed (" in title
        else:
            assert "Disputed" not in title
    assert ringed == want
    legend = root.find(f".//{SVG}g[@class='legend-disputed']")
    assert legend is not None and "disputed" in "".join(legend.itertext())
    # HTML: the line per inspection
    page = await soup(cds, "/-/cafcass/trend")
    lines = page.select("table.cafcass-trend-points tbody tr")
    flagged = {tr.find("a")["href"].rsplit("/", 1)[1] for tr in lines if tr.select_one(".cafcass-disputed")}
    assert flagged == want
    assert all(tr.select_one(".cafcass-provenance") for tr in lines)
    # nothing disputed among the marks shown: no ring, no legend entry
    assert not rows(corrected_db, """select 1 from inspections i where i.scope = 'national' and (i.disputed = 1
        or exists (select 1 from judgements j where j.inspection_id = i.id and j.disputed = 1))""")
    root = ET.fromstring((await cds.client.get("/-/cafcass/trend.svg?scope=national")).content)
    assert root.find(f".//{SVG}g[@class='legend-disputed']") is None
    assert root.find(f".//{SVG}circle[@class='disputed']") is None


async def test_the_trend_names_corrections_by_hand(corrected_db, cds):
    entries = reasons(corrected_db)
    corrected = {r["inspection_id"]: r["correction_id"] for r in rows(corrected_db, """select j.inspection_id,
        coalesce(j.correction_id, i.correction_id) as correction_id from judgements j
        join inspections i on i.id = j.inspection_id
        where j.judgement = 'overall effectiveness' and coalesce(j.correction_id, i.correction_id) is not null""")}
    assert corrected
    data = (await cds.client.get("/-/cafcass/trend.json")).json()
    points = {p["inspection_id"]: p for s in data["series"] for p in s["points"]}
    for i, p in points.items():
        assert ([c["id"] for c in p["corrections"]][:1] == [corrected[i]]) if i in corrected else not p["corrections"]
    table = {r["inspection_id"]: r for r in csv.DictReader(io.StringIO(
        (await cds.client.get("/-/cafcass/trend.csv")).text))}
    for i, cid in corrected.items():
        assert entries[cid]["reason"] in table[i]["corrected_by_hand"]


# ------------------------------------------------------ escaped, linked, base_url

HOSTILE = """\
- id: dorset-dated
  action: change
  table: inspections
  article: c04_dorset_undated
  set: {year: 2011}
  reason: <script>alert(1)</script> dated by <b>hand</b>
  source: https://example.org/report?a=1&b=2
- id: records-finding
  action: add
  table: findings
  article: c04_dorset_undated
  words: Some case records were not kept up to date
  set: {kind: weakness}
  reason: a finding "missed" <img src=x onerror=alert(1)>
  source: javascript:alert(1)
"""


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-corrections") / "articles"
    shutil.copytree(DATA / "corrections", folder)
    (folder / "corrections.yml").write_text(textwrap.dedent(HOSTILE), encoding="utf-8")
    path = folder.parent / "cafcass.db"
    assert build(folder, path, strict=True).warnings == []
    return path


def assert_inert(html):
    page = BeautifulSoup(html, "html.parser")
    assert page.find("img") is None and page.find("b") is None
    assert all("alert" not in s.get_text() for s in page.find_all("script"))
    assert not any(str(t.get("href", "")).lower().startswith("javascript") for t in page.find_all(True))
    return page


async def test_reasons_and_sources_are_escaped_and_only_web_addresses_are_links(hostile_db, metadata):
    ds = make_datasette(hostile_db, metadata)
    (finding,) = rows(hostile_db, "select * from findings where rule = ?", provenance.BY_HAND)
    for path in ("/-/cafcass/articles/c04_dorset_undated", f"/cafcass/findings/{finding['id']}",
                 "/cafcass/inspections/dorset-2011", "/cafcass/findings", "/-/cafcass/trend?area=Dorset",
                 "/cafcass/who_said_what?subject=Dorset", "/-/cafcass/search?q=records"):
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        assert_inert(response.text)
    for path in ("/-/cafcass/articles/c04_dorset_undated", "/cafcass/inspections/dorset-2011",
                 "/-/cafcass/trend?area=Dorset"):
        text = BeautifulSoup((await ds.client.get(path)).text, "html.parser").get_text()
        assert "corrected by hand: <script>alert(1)</script> dated by <b>hand</b>" in squash(text), path
    page = BeautifulSoup((await ds.client.get("/cafcass/inspections/dorset-2011")).text, "html.parser")
    assert page.select_one(".cafcass-row-provenance a[href='https://example.org/report?a=1&b=2']")
    page = BeautifulSoup((await ds.client.get(f"/cafcass/findings/{finding['id']}")).text, "html.parser")
    note = page.select_one(".cafcass-row-provenance")
    assert "source: javascript:alert(1)" in squash(note.get_text()) and not note.select("a[rel]")


async def test_new_links_respect_base_url(corrected_db, metadata):
    ds = make_datasette(corrected_db, metadata, base_url="/prefix/")
    (j,) = rows(corrected_db, "select * from judgements where disputed = 1")
    (e,) = rows(corrected_db, "select * from judgement_evidence where judgement_id = ? and shown = 1 limit 1", j["id"])
    added = rows(corrected_db, "select * from findings where correction_id is not null limit 1")[0]
    paths = [f"/-/cafcass/articles/{e['article_id']}", f"/-/cafcass/articles/{added['article_id']}",
             f"/cafcass/judgements/{j['id']}", f"/cafcass/inspections/{j['inspection_id']}",
             "/-/cafcass/trend", "/cafcass/disputed", f"/cafcass/findings/{added['id']}"]
    for path in paths:
        page = await soup(ds, path)
        hrefs = [a["href"] for a in page.select(".cafcass-disputed a, .cafcass-corrected a, td.col-readings a")
                 if not a["href"].startswith("http")]
        assert all(h.startswith("/prefix/") for h in hrefs), (path, hrefs)
    assert "/prefix/cafcass/judgement_evidence?judgement_id=" in (await ds.client.get(paths[0])).text
