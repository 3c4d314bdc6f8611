"""Issue 16 in Chromium: what a journalist, a family lawyer or a parents'
group sees. Each test is one item of the issue; expected values come from the
built database, never written in."""
import shutil
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlparse

import pytest

from datasette_cafcass.builder.pipeline import build
from tests.conftest import SEEDS
from tests.test_pages import CITED, CITED_ID

from . import server
from .helpers import ROWS, db_rows, goto


@pytest.fixture(scope="module")
def cited_server(chromium_path, tmp_path_factory):
    """A server for the seeds plus our own article with outlet, date and address."""
    folder = tmp_path_factory.mktemp("cited") / "articles"
    shutil.copytree(SEEDS, folder)
    (folder / f"{CITED_ID}.txt").write_text(CITED, encoding="utf-8")
    db = folder.parent / "cafcass.db"
    build(folder, db)
    proc, base = server.start(db, folder.parent / "inspect.json")
    yield base, db
    server.stop(proc)


# 1. whole values --------------------------------------------------------------

async def test_1_a_part_of_a_name_finds_nothing_the_whole_name_finds_it(page, live_server, seed_db):
    area = db_rows(seed_db, "select area from inspections where area like '% %' order by area")[0][0]
    await goto(page, live_server + "/cafcass/rating_history")
    field = page.get_by_label("Subject")
    await field.fill(area.split()[-1])
    await page.get_by_role("button", name="Show the answer").click()
    await page.wait_for_url("**subject=**")
    assert await page.locator(".zero-results").is_visible()
    await page.get_by_label("Subject").fill(area)
    await page.get_by_role("button", name="Show the answer").click()
    await page.wait_for_url("**subject=**")
    want = db_rows(seed_db, "select count(*) from inspections where area = ?", area)[0][0]
    assert await page.locator(ROWS).count() == want > 0
    # era 2 is era 2 alone
    await goto(page, live_server + "/cafcass/inspections_by_era?era=2")
    cells = await page.locator(f"{ROWS} td.col-era_id").all_inner_texts()
    assert cells and {c.strip() for c in cells} == {"2"}


# 2. the trend chart -----------------------------------------------------------

async def mark_looks(page):
    return await page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.chart-wide g.series')]
        .map(g => { const s = [...g.querySelector('a').children].filter(e => e.getAttribute('stroke')).pop();
                    return [g.dataset.series, s.tagName + ' ' + s.getAttribute('stroke')]; }))""")


async def test_2_trend_keeps_each_subjects_look_and_fits_its_axis(page, live_server, seed_db):
    await goto(page, live_server + "/-/cafcass/trend")
    everything = await mark_looks(page)
    assert len(set(everything.values())) == len(everything) >= 3
    for area in [a for (a,) in db_rows(seed_db, "select distinct area from inspections where area is not null")]:
        await goto(page, live_server + "/-/cafcass/trend?" + f"area={area.replace(' ', '+')}")
        for label, look in (await mark_looks(page)).items():
            assert everything[label] == look, (area, label)
        years = await page.locator(".chart-wide svg text").evaluate_all(
            "ts => ts.map(t => t.textContent).filter(t => /^[0-9]{4}$/.test(t))")
        dated = db_rows(seed_db, "select count(*) from inspections where area = ? and year is not null", area)[0][0]
        if not dated:
            assert years == []  # nothing dated: no time axis
        else:
            assert years and all(1990 < int(y) < 2100 for y in years)
            assert max(map(int, years)) - min(map(int, years)) <= 6


async def test_2_trend_reads_on_a_phone(phone, live_server):
    await goto(phone, live_server + "/-/cafcass/trend")
    narrow = phone.locator(".chart-narrow svg")
    assert await narrow.is_visible() and not await phone.locator(".chart-wide svg").is_visible()
    # the smallest text of the chart, as drawn on the screen
    smallest = await narrow.evaluate("""svg => Math.min(...[...svg.querySelectorAll('text')]
        .filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect().height))""")
    assert smallest >= 10, f"the chart's text is {smallest:.1f}px tall on a phone"


async def test_2_standalone_svg_links_home(page, live_server):
    response = await page.request.get(live_server + "/-/cafcass/trend.svg")
    root = ET.fromstring(await response.body())
    hrefs = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert hrefs and all(h.startswith(live_server + "/cafcass/inspection_evidence?") for h in hrefs)
    texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert f"Source: Cafcass inspections, {live_server}/-/cafcass/trend" in texts
    await goto(page, hrefs[0])
    assert await page.locator(ROWS).count() > 0


# 3. citable sources -----------------------------------------------------------

async def test_3_reader_and_fact_rows_cite_outlet_date_and_original(page, cited_server):
    base, db = cited_server
    await goto(page, f"{base}/-/cafcass/articles/{CITED_ID}")
    byline = await page.locator(".cafcass-byline").inner_text()
    outlet, published, url = db_rows(db, "select outlet, published, url from articles where id = ?", CITED_ID)[0]
    assert outlet in byline and published in byline and not byline.strip().endswith("·")
    assert await page.locator("a.source-link").get_attribute("href") == url
    # a fact in the sidebar, then its row, which names the source
    await page.locator("aside ul.cafcass-facts a").first.click()
    await page.wait_for_url(f"{base}/cafcass/**")
    source = page.locator(".cafcass-source")
    text = await source.inner_text()
    assert outlet in text and published in text
    assert await source.locator(f"a[href='{url}']").count() == 1


# 4. home and database pages ----------------------------------------------------

async def test_4_home_leads_to_the_questions_and_the_best_pages(page, live_server):
    await goto(page, live_server + "/")
    for name in ("search everything", "read the articles", "the rating trend"):
        assert await page.get_by_role("link", name=name).first.is_visible(), name
    questions = page.locator("ul.cafcass-start > li")
    assert await questions.count() >= 5
    await page.get_by_role("link", name="How was Greater London rated, and who said what about it?").click()
    await page.wait_for_url("**who_said_what?subject=Greater+London")
    assert await page.locator(ROWS).count() > 0
    # second click: the sentence in the reader, scrolled to
    link = page.locator(f"{ROWS} td.col-passage_link a").first
    fragment = urlparse(await link.get_attribute("href")).fragment
    await link.click()
    await page.wait_for_url("**/-/cafcass/articles/**")
    assert await page.locator(f"[id='{fragment}']").is_visible()


# 5. canned queries for people ------------------------------------------------

async def test_5_a_canned_query_is_a_page_for_people(page, live_server, seed_db, metadata):
    q = metadata["databases"]["cafcass"]["queries"]["who_said_what"]
    await goto(page, live_server + "/cafcass/who_said_what?subject=Greater+London")
    assert await page.title() == f"{q['title']} · cafcass"
    assert not await page.locator("pre#sql-query").is_visible()
    await page.get_by_role("link", name="Show the SQL").click()
    await page.wait_for_url("**_show_sql=1**")
    assert await page.locator("pre#sql-query").is_visible()
    assert await page.get_by_label(q["param_labels"]["subject"]).input_value() == "Greater London"
    # cells lead on: the inspection to its evidence
    cell = page.locator(f"{ROWS} td.col-inspection a").first
    inspection = await cell.inner_text()
    await cell.click()
    await page.wait_for_url(f"**/inspection_evidence?inspection={inspection}")
    assert await page.locator(ROWS).count() > 0
    # and the CSV downloads as a file
    async with page.expect_download() as info:
        await page.get_by_role("link", name="CSV file").click()
    download = await info.value
    assert download.suggested_filename.endswith(".csv")


# 6. links between tables ------------------------------------------------------

async def test_6_from_an_inspection_to_the_words_that_report_it_in_one_click(page, live_server, seed_db):
    inspection, article_id, passage_id = db_rows(
        seed_db, "select inspection_id, article_id, passage_id from judgement_evidence order by id limit 1")[0]
    await goto(page, f"{live_server}/cafcass/inspections/{inspection}")
    link = page.locator(f"section.cafcass-inspection a[href$='#p{passage_id}']").first
    await link.click()
    await page.wait_for_url(f"**/-/cafcass/articles/{article_id}#p{passage_id}")
    assert await page.locator(f"[id='p{passage_id}']").is_visible()
    # people lead to what they said
    await goto(page, f"{live_server}/cafcass/people")
    name = page.locator("td.col-name a").first
    who = await name.inner_text()
    await name.click()
    await page.wait_for_url("**/person_quotes?name=**")
    cells = await page.locator(f"{ROWS} td.col-name").all_inner_texts()
    assert cells and {c.strip() for c in cells} == {who}


# 7. figures ------------------------------------------------------------------

async def test_7_figures_read_as_numbers_and_words(page, live_server, seed_db):
    await goto(page, live_server + "/cafcass/figures?_size=max")
    values = await page.locator("td.col-value").all_inner_texts()
    assert values and not [v for v in values if v.strip().endswith(".0")]
    biggest = max(v for (v,) in db_rows(seed_db, "select value from figures"))
    assert f"{biggest:,.0f}" in [v.strip() for v in values]
    units = {u.strip() for u in await page.locator("td.col-unit").all_inner_texts()}
    assert "GBP" not in units


# 8. the reader ---------------------------------------------------------------

async def test_8_reader_files_facts_under_each_inspection_with_the_legends_colours(page, live_server, seed_db):
    article = db_rows(seed_db, "select article_id from inspection_articles group by article_id "
                               "order by count(*) desc, article_id limit 1")[0][0]
    await goto(page, f"{live_server}/-/cafcass/articles/{article}")
    sections = page.locator("section.cafcass-inspection-facts")
    assert await sections.count() >= 1
    for i in range(await sections.count()):
        heading = await sections.nth(i).locator("h3").inner_text()
        inspection = await sections.nth(i).get_attribute("data-inspection")
        subject, year = db_rows(seed_db, "select subject, year from inspections where id = ?", inspection)[0]
        assert heading == f"{subject}, {year if year is not None else 'undated'}"
    colour = await page.locator("aside h4 mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
    legend = await page.locator(".cafcass-legend mark.f-grade").evaluate("m => getComputedStyle(m).backgroundColor")
    grade = page.locator("aside h4 mark.f-grade").first
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert await grade.evaluate("m => getComputedStyle(m).backgroundColor") == legend
    # a fact's passage link says which passage, and takes you there
    link = page.locator("aside a.cafcass-in-text").first
    text = await link.inner_text()
    assert text.startswith("passage ")
    fragment = urlparse(await link.get_attribute("href")).fragment
    await link.click()
    assert await page.locator(f"[id='{fragment}']").evaluate("e => e.matches(':target')")


# 9. search -------------------------------------------------------------------

async def test_9_search_shows_every_result_of_a_kind(page, live_server, seed_db):
    total = db_rows(seed_db, "select count(*) from passages_fts where passages_fts match 'cafcass'")[0][0]
    await goto(page, live_server + "/-/cafcass/search?q=cafcass")
    assert await page.get_by_role("heading", name="Round-up items about other sectors").count() <= 1
    await page.get_by_role("link", name=f"All {total} passages").click()
    await page.wait_for_url("**kind=passages**")
    shown = await page.locator("ul.cafcass-search-results > li").count()
    while await page.locator("a[rel=next]").count():
        await page.locator("a[rel=next]").click()
        await page.wait_for_load_state()
        shown += await page.locator("ul.cafcass-search-results > li").count()
    assert shown == total


# 10. one era -----------------------------------------------------------------

async def test_10_one_era_for_each_inspection(page, live_server, seed_db):
    await goto(page, live_server + "/cafcass/inspections")
    facet = page.locator(".facet-info").filter(has_text="framework (era)")
    assert await facet.is_visible()
    era, n = db_rows(seed_db, "select framework, count(*) from inspections where year is null "
                              "and framework is not null group by framework limit 1")[0]
    total = db_rows(seed_db, "select count(*) from inspections where framework = ?", era)[0][0]
    item = facet.locator("li").filter(has=page.get_by_role("link", name=era, exact=True))
    assert str(total) in await item.inner_text()
    await item.get_by_role("link", name=era, exact=True).click()
    await page.wait_for_url("**framework__exact=**")
    assert await page.locator(ROWS).count() == total
    await goto(page, live_server + "/cafcass/inspections_by_era?era=" + era.replace(" ", "+"))
    assert await page.locator(ROWS).count() == total
    # what the theme facet counts, said on the page
    await goto(page, live_server + "/cafcass/findings")
    note = page.locator("details.cafcass-theme-note")
    await note.locator("summary").click()
    assert "delay" in await note.inner_text()


# 11. accessibility -------------------------------------------------------------

OUR_PAGES = ["/", "/cafcass", "/-/cafcass/trend", "/-/cafcass/search?q=delay", "/-/cafcass/articles",
             "/cafcass/who_said_what?subject=Greater+London", "/cafcass/articles"]


@pytest.mark.parametrize("path", OUR_PAGES)
async def test_11_pages_are_accessible(page, live_server, path):
    """Every page says its language; our own pages (the plugin's, and canned
    queries' template) label their fields and keep their headings in order.
    Datasette's own table and SQL forms are Datasette's (they are not checked)."""
    await goto(page, live_server + path)
    assert await page.locator("html").get_attribute("lang") == "en"
    ours = path.startswith("/-/") or "who_said_what" in path
    unnamed = [] if not ours else await page.evaluate("""() => [...document.querySelectorAll(
        'form input:not([type=hidden]):not([type=submit]), form select, form textarea')]
        .filter(e => e.checkVisibility())
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label'))
        .map(e => e.name)""")
    assert not unnamed, f"{path}: fields without a label: {unnamed}"
    if ours:
        levels = await page.evaluate("() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
        assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    height = await page.evaluate("document.documentElement.scrollHeight")
    if path == "/cafcass/articles":
        assert height < 6000, f"the articles table is {height}px tall"


# 12. the feed ------------------------------------------------------------------

async def test_12_the_feed_is_atom_newest_first(page, live_server, seed_db):
    await goto(page, live_server + "/cafcass/inspections_feed")
    link = page.get_by_role("link", name="atom")
    href = await link.get_attribute("href")
    response = await page.request.get(live_server + href if href.startswith("/") else href)
    assert response.ok
    feed = ET.fromstring(await response.body())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    updated = [e.find("{http://www.w3.org/2005/Atom}updated").text for e in entries]
    assert len(updated) > 1 and updated == sorted(updated, reverse=True)
    first = entries[0].find("{http://www.w3.org/2005/Atom}link").get("href")
    # a feed reader resolves the entry's link against the feed's address
    target = urlparse(live_server + "/cafcass/" + first)
    await goto(page, target.geturl())
    assert parse_qs(target.query)["inspection"][0] in await page.content()
