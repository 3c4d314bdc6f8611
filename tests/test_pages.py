"""What a reader sees on the pages (issue 16), checked in the HTML Datasette
serves: pages that lead somewhere, citable sources on every fact, tables that
lead to each other, figures that read well, the reader's facts under their
inspection, and accessible markup. The browser tests (tests/browser/) check
the same in Chromium."""
import csv
import io
import re
import shutil
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from datasette_cafcass import schema
from datasette_cafcass.builder.pipeline import build
from datasette_cafcass.serving import figures

from .conftest import SEEDS, make_datasette, rows

# Our own article, with the front matter a journalist would give it.
CITED = """---
title: Cafcass East Anglia judged inadequate
author: Sam Writer
outlet: The Example Gazette
published: 2012-03-14
url: https://example.org/news/cafcass-east-anglia
---
Cafcass East Anglia judged inadequate

Ofsted has rated Cafcass's service in East Anglia inadequate.

Inspectors found that more than 300 children waited too long for a family court adviser.

The head of service, Priya Lowe, said: "We accept the findings and will act on them quickly."
"""
CITED_ID = "zz_cited"


async def soup_of(ds, path):
    response = await ds.client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    return BeautifulSoup(response.text, "html.parser")


@pytest.fixture(scope="module")
def cited_db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cited") / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / f"{CITED_ID}.txt").write_text(CITED, encoding="utf-8")
    path = folder.parent / "cafcass.db"
    build(folder, path)
    return path


@pytest.fixture(scope="module")
def cited_ds(cited_db, metadata):
    return make_datasette(cited_db, metadata)


# ------------------------------------------------------ pages that lead somewhere

QUESTIONS = ("who_said_what?subject=Greater+London", "-/cafcass/trend", "_theme_text=delay", "person_quotes?name=")


@pytest.mark.parametrize("path", ["/", "/cafcass"])
async def test_home_and_database_pages_lead_somewhere(ds, path):
    soup = await soup_of(ds, path)
    links = [(a.get_text(" ", strip=True), urljoin(path, a["href"])) for a in soup.select("a[href]")]
    hrefs = [h for _, h in links]
    for wanted in ("/-/cafcass/trend", "/-/cafcass/search", "/-/cafcass/articles"):
        assert any(urlsplit(h).path == wanted for h in hrefs), (path, wanted)
    start = soup.select_one("ul.cafcass-start")
    questions = start.find_all("li", recursive=False)
    assert len(questions) >= 5
    for li in questions:
        first = li.find("a")
        assert first.get_text().endswith("?")  # a question, then a line on what it shows
        assert len(li.get_text(" ", strip=True)) > len(first.get_text()) + 20
        response = await ds.client.get(urljoin(path, first["href"]))
        assert response.status_code == 200, first["href"]
    assert all(any(q in h for h in hrefs) for q in QUESTIONS)


async def test_the_three_questions_from_home_within_three_clicks(ds, seed_db):
    """Greater London's rating and who said what; the national grades since 2009;
    the findings on delay: each answered one click from /, with its sources."""
    home = await soup_of(ds, "/")
    def follow(text):
        a = next(a for a in home.select("ul.cafcass-start a") if text in a.get_text())
        return urljoin("/", a["href"])
    london = await soup_of(ds, follow("Greater London"))
    assert "inadequate" in london.get_text()
    cite = london.select("td.col-passage_link a")
    assert cite and all(a["href"].startswith("/-/cafcass/articles/") for a in cite)
    trend = await soup_of(ds, follow("national grades"))
    assert {td.get_text(strip=True)[:4] for td in trend.select("table.cafcass-trend-points td:nth-of-type(2)")} >= {"2014", "2018"}
    assert trend.select("table.cafcass-trend-points a[href*='inspection_evidence']")
    delay = await soup_of(ds, follow("delay"))
    want = rows(seed_db, "select count(*) n from findings")[0]["n"]
    shown = delay.select("table.rows-and-columns tbody tr")
    assert 0 < len(shown) < want
    assert all(td.select("a.cafcass-read") for td in delay.select("td.col-passage_id"))


# ----------------------------------------------------------------- citable sources

async def test_reader_shows_outlet_date_and_the_original(cited_ds):
    soup = await soup_of(cited_ds, f"/-/cafcass/articles/{CITED_ID}")
    byline = soup.select_one(".cafcass-byline").get_text()
    assert byline == "By Sam Writer · The Example Gazette · Published 2012-03-14"
    original = soup.select_one("a.source-link")
    assert original["href"] == "https://example.org/news/cafcass-east-anglia"
    assert "The Example Gazette" in original.get_text()


async def test_byline_never_trails_off(ds, seed_db):
    for a in rows(seed_db, "select id from articles"):
        byline = (await soup_of(ds, f"/-/cafcass/articles/{a['id']}")).select_one(".cafcass-byline").get_text()
        assert byline.strip() and not byline.strip().endswith(("·", "By")), byline


async def test_every_fact_row_page_names_its_source(cited_ds, cited_db):
    checked = 0
    for table in schema.SOURCED_TABLES:
        for fact in rows(cited_db, f"select t.id, t.article_id, t.passage_id, a.outlet, a.published, a.url "
                                   f"from [{table}] t join articles a on a.id = t.article_id where t.article_id = ?",
                         CITED_ID):
            soup = await soup_of(cited_ds, f"/cafcass/{table}/{fact['id']}")
            source = soup.select_one(".cafcass-source")
            text = " ".join(source.get_text(" ").split())
            assert fact["outlet"] in text and fact["published"] in text, (table, text)
            hrefs = {a["href"] for a in source.select("a")}
            assert fact["url"] in hrefs
            assert any(h.startswith(f"/-/cafcass/articles/{CITED_ID}#p") for h in hrefs)
            checked += 1
    assert checked >= 2  # the build found facts in our article


async def test_every_fact_csv_carries_outlet_date_and_url(cited_ds, cited_db):
    for table in schema.SOURCED_TABLES:
        soup = await soup_of(cited_ds, f"/cafcass/{table}?article_id={CITED_ID}")
        link = soup.select_one(".cafcass-sources-link a[href*='.csv']")
        assert link is not None, table
        response = await cited_ds.client.get(link["href"])
        assert response.status_code == 200
        assert response.headers["content-disposition"].startswith("attachment")
        got = list(csv.DictReader(io.StringIO(response.text)))
        want = rows(cited_db, f"select t.id, a.outlet, a.published, a.url from [{table}] t "
                              f"left join articles a on a.id = t.article_id where t.article_id = ?", CITED_ID)
        assert sorted((r["id"], r["outlet"], r["published"], r["url"]) for r in got) == sorted(
            (w["id"], w["outlet"] or "", w["published"] or "", w["url"] or "") for w in want), table
        assert set(schema.BY_NAME[table].column_names) <= set(got[0] if got else schema.BY_NAME[table].column_names)


async def test_a_source_without_a_date_says_so(ds, seed_db):
    undated = rows(seed_db, "select f.id from findings f join articles a on a.id = f.article_id "
                            "where a.published is null limit 1")
    if not undated:
        pytest.skip("every seed article is dated")
    text = (await soup_of(ds, f"/cafcass/findings/{undated[0]['id']}")).select_one(".cafcass-source").get_text()
    assert "undated" in text


# ------------------------------------------------------------ links between tables

async def test_an_inspections_row_leads_to_its_evidence(ds, seed_db):
    for inspection in rows(seed_db, "select id from inspections"):
        soup = await soup_of(ds, f"/cafcass/inspections/{inspection['id']}")
        hub = soup.select_one("section.cafcass-inspection")
        articles = rows(seed_db, "select article_id from inspection_articles where inspection_id = ?", inspection["id"])
        listed = {urlsplit(a["href"]).path for a in hub.select("ul.cafcass-inspection-articles a")
                  if a["href"].startswith("/-/")}
        assert listed == {f"/-/cafcass/articles/{a['article_id']}" for a in articles}
        sentences = rows(seed_db, "select article_id, passage_id from judgement_evidence where inspection_id = ?",
                         inspection["id"])
        cited = {a["href"] for a in hub.select("ul.cafcass-inspection-judgements ul a") if a["href"].startswith("/-/")}
        assert cited == {f"/-/cafcass/articles/{s['article_id']}#p{s['passage_id']}" for s in sentences}
        findings = rows(seed_db, "select article_id, passage_id from findings where inspection_id = ?", inspection["id"])
        assert len(hub.select("ul.cafcass-inspection-findings > li")) == len(findings)
        quotes = rows(seed_db, "select id from quotes where inspection_id = ?", inspection["id"])
        assert len(hub.select("ul.cafcass-inspection-quotes > li")) == len(quotes)
        # one click from the inspection to a passage that reports it
        if sentences:
            s = sentences[0]
            reader = await soup_of(ds, f"/-/cafcass/articles/{s['article_id']}")
            assert reader.find(id=f"p{s['passage_id']}")


async def test_people_lead_to_their_quotes(ds, seed_db):
    soup = await soup_of(ds, "/cafcass/people")
    for a in soup.select("td.col-name a"):
        assert urlsplit(a["href"]).path == "/cafcass/person_quotes"
        name = parse_qs(urlsplit(a["href"]).query)["name"][0]
        said = (await ds.client.get(f"/cafcass/person_quotes.json?_shape=array&name={name}")).json()
        want = rows(seed_db, "select count(*) n from quotes q join people p on p.id = q.person_id where p.name = ?", name)
        assert len(said) == want[0]["n"] > 0
    for person in rows(seed_db, "select id from people"):
        page = await soup_of(ds, f"/cafcass/people/{person['id']}")
        quotes = rows(seed_db, "select id from quotes where person_id = ?", person["id"])
        assert len(page.select("ul.cafcass-person-quotes > li")) == len(quotes)


async def test_inspection_judgements_view_links(ds, seed_db):
    soup = await soup_of(ds, "/cafcass/inspection_judgements")
    row = soup.select_one("table.rows-and-columns tbody tr")
    assert row.select_one("td.col-id a")["href"].startswith("/cafcass/judgements/")
    assert row.select_one("td.col-inspection_id a")["href"].startswith("/cafcass/inspections/")
    assert row.select_one("td.col-passage_id a.cafcass-read")["href"].startswith("/-/cafcass/articles/")


async def test_judgement_links_to_its_sentences(ds, seed_db):
    soup = await soup_of(ds, "/cafcass/judgements")
    for a in soup.select("td.col-evidence_count a"):
        judgement = parse_qs(urlsplit(a["href"]).query)["judgement_id"][0]
        n = rows(seed_db, "select count(*) n from judgement_evidence where judgement_id = ?", judgement)[0]["n"]
        assert a.get_text().startswith(f"{n} sentence")


# ---------------------------------------------------------------------- figures

def test_figures_read_as_people_write_them():
    assert figures.number(140000.0) == "140,000"
    assert figures.number(3300000.0) == "3,300,000"
    assert figures.number(2.5) == "2.5"
    assert figures.unit_words("GBP") == "pounds" and figures.unit_words("percent") == "per cent"
    assert figures.amount({"text": "300", "qualifier": "more than", "value": 300.0}) == "more than 300"
    assert figures.amount({"text": "more than 300", "qualifier": "more than", "value": 300.0}) == "more than 300"
    assert figures.amount({"text": None, "qualifier": None, "value": 54.0, "unit": "percent"}) == "54 per cent"
    assert figures.describe({"text": "£3.3m", "value": 3300000.0, "unit": "GBP", "label": "cost of sickness",
                             "year": "2009/10"}) == "£3.3m: cost of sickness (2009/10)"


async def test_figures_table_and_reader_show_formatted_numbers(ds, seed_db):
    soup = await soup_of(ds, "/cafcass/figures?_size=max")
    values = [td.get_text(strip=True) for td in soup.select("td.col-value")]
    assert values and not [v for v in values if re.fullmatch(r"\d+\.0", v)]
    assert all(figures.number(r["value"]) in values for r in rows(seed_db, "select value from figures"))
    units = {td.get_text(strip=True) for td in soup.select("td.col-unit")}
    assert "GBP" not in units
    for f in rows(seed_db, "select * from figures where year is not null limit 3"):
        reader = await soup_of(ds, f"/-/cafcass/articles/{f['article_id']}")
        listed = [li.get_text(" ", strip=True) for li in reader.select('ul[data-table="figures"] li')]
        assert any(figures.describe(f) in text for text in listed), (f, listed)


# ------------------------------------------------------------------- the reader

async def test_reader_files_facts_under_their_inspection(ds, seed_db):
    for a in rows(seed_db, "select id from articles"):
        soup = await soup_of(ds, f"/-/cafcass/articles/{a['id']}")
        for section in soup.select("section.cafcass-inspection-facts"):
            inspection = section["data-inspection"]
            heading = section.find("h3").get_text()
            subject, year = rows(seed_db, "select subject, year from inspections where id = ?", inspection)[0].values()
            assert heading == f"{subject}, {year if year is not None else 'undated'}"
            for ul in section.select("ul[data-table]"):
                table = ul["data-table"]
                assert "inspection_id" in schema.BY_NAME[table].column_names
                ids = rows(seed_db, f"select count(*) n from [{table}] where article_id = ? and inspection_id = ?",
                           a["id"], inspection)[0]["n"]
                assert len(ul.find_all("li")) == ids
        # the same grade of two inspections is never listed without its inspection
        loose = soup.select("section.cafcass-other-facts ul[data-table=judgement_evidence] li")
        assert not loose or not rows(seed_db, "select 1 from judgement_evidence where article_id = ? and "
                                              "inspection_id is not null", a["id"])


async def test_reader_legend_colours_and_link_texts(ds, seed_db):
    article = rows(seed_db, "select article_id from judgement_evidence order by id limit 1")[0]["article_id"]
    soup = await soup_of(ds, f"/-/cafcass/articles/{article}")
    assert soup.select("aside h4 mark[class^='f-']")  # the sidebar's headings carry the legend's colours
    assert "small number" in soup.select_one(".cafcass-legend").get_text()
    texts = [a.get_text(strip=True) for a in soup.select("aside a")]
    assert "↗ in text" not in texts and "¶" not in texts
    for a in soup.select("aside a.cafcass-in-text"):
        assert re.fullmatch(r"passage \d+", a.get_text())
    for a in soup.select("a.pilcrow"):
        assert re.fullmatch(r"Link to passage \d+", a["aria-label"])


async def test_reader_index_lists_every_article(ds, seed_db):
    soup = await soup_of(ds, "/-/cafcass/articles")
    links = {li.find("a")["href"] for li in soup.select("ul.cafcass-article-list > li")}
    assert links == {f"/-/cafcass/articles/{a['id']}" for a in rows(seed_db, "select id from articles")}


# -------------------------------------------------------------- accessibility

PAGES = ["/", "/cafcass", "/cafcass/inspections", "/cafcass/articles", "/-/cafcass/trend",
         "/-/cafcass/search?q=delay", "/-/cafcass/articles", "/cafcass/rating_history?subject=Cafcass",
         "/cafcass/inspections/national-2014"]


@pytest.mark.parametrize("path", PAGES + ["reader"])
async def test_pages_say_their_language_and_label_their_fields(ds, seed_db, path):
    if path == "reader":
        path = "/-/cafcass/articles/" + rows(seed_db, "select id from articles order by id limit 1")[0]["id"]
    response = await ds.client.get(path)
    assert response.status_code == 200
    soup = BeautifulSoup(response.text, "html.parser")
    assert soup.html["lang"] == "en"
    if path.startswith("/-/") or "rating_history" in path:  # our own pages
        levels = [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
        for field in soup.select("main input:not([type=hidden]):not([type=submit]), main select, "
                                 "form input:not([type=hidden]):not([type=submit]), form select"):
            labelled = field.get("aria-label") or (field.get("id") and soup.find("label", attrs={"for": field["id"]})) \
                or field.find_parent("label")
            assert labelled, (path, field)


async def test_articles_table_shows_an_excerpt_not_the_body(ds, seed_db):
    soup = await soup_of(ds, "/cafcass/articles")
    for td in soup.select("td.col-body"):
        assert len(td.get_text()) <= 260
    for td in soup.select("td.col-sha256"):
        assert len(td.get_text(strip=True)) <= 14 and len(td.span["title"]) == 64
    # the whole body stays in JSON and CSV
    got = (await ds.client.get("/cafcass/articles.json?_shape=array")).json()
    assert {r["id"]: r["body"] for r in got} == {r["id"]: r["body"] for r in rows(seed_db, "select id, body from articles")}


BASE_URL_PAGES = ["/", "/cafcass", "/-/cafcass/articles", "/cafcass/inspections/national-2014", "/cafcass/findings",
                  "/cafcass/people/jacky-tiotto", "/cafcass/who_said_what?subject=Greater+London",
                  "/cafcass/person_quotes", "/cafcass/figures", "/-/cafcass/search?q=cafcass&kind=passages&limit=2",
                  "/cafcass/inspection_judgements", "/cafcass/judgements"]


async def test_every_new_link_respects_base_url(seed_db, metadata):
    ds = make_datasette(seed_db, metadata, base_url="/prefix/")
    for path in BASE_URL_PAGES:
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        soup = BeautifulSoup(response.text, "html.parser")
        page_url = "/prefix" + path
        for a in soup.select("a[href]"):
            href = a["href"]
            if href.startswith(("#", "http://", "https://", "mailto:")):
                continue
            resolved = urljoin(page_url, href)
            assert resolved.startswith("/prefix/"), (path, href)


def test_table_templates_are_table_html_with_our_include():
    # Made from the table.html the loader finds (one {% extends %} less for every piece
    # of a page); where its block is not as expected, they extend table.html instead.
    from jinja2 import DictLoader, Environment

    from datasette_cafcass.serving import rows

    table_html = '{% extends "base.html" %}<h1>t</h1>' + rows._BLOCK + "<p>rows</p>"
    made = rows.templates(DictLoader({"table.html": table_html}), Environment())
    page = made["table-cafcass-judgements.html"]
    assert "extends \"table.html\"" not in page and page.startswith('{% extends "base.html" %}<h1>t</h1>')
    assert '{% include "datasette_cafcass/_table_extra.html" %}{% endblock %}<p>rows</p>' in page
    assert made["row-cafcass-judgements.html"] == rows.TEMPLATES["row-cafcass-judgements.html"]
    for other in ({"table.html": "{% block content %}{% endblock %}"}, {}):
        assert rows.templates(DictLoader(other), Environment()) == rows.TEMPLATES
