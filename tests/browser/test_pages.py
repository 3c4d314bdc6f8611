"""What a person sees in Chromium: the database page, a faceted table, search,
the trend view, the reader, a canned query and a CSV download. Every count a
test expects is read from the built seed database, never written in."""
import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest

from .helpers import ROWS, db_rows, goto


async def in_viewport(page, locator):
    box = await locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] < height and box["y"] + box["height"] > 0


async def test_database_page_lists_tables(page, live_server, seed_db):
    await goto(page, live_server + "/cafcass")
    assert await page.locator("h1").first.is_visible()
    tables = [name for (name,) in db_rows(
        seed_db, "select name from sqlite_master where type = 'table' "
                  "and name not like '%\\_fts%' escape '\\' and name not like 'sqlite\\_%' escape '\\'")]
    assert {"inspections", "judgements", "articles"} <= set(tables)
    for table in tables:
        assert await page.get_by_role("link", name=table, exact=True).first.is_visible(), table
    await page.get_by_role("link", name="inspections", exact=True).first.click()
    await page.wait_for_url("**/cafcass/inspections")
    want = db_rows(seed_db, "select count(*) from inspections")[0][0]
    assert await page.locator(ROWS).count() == want


async def test_rating_facet_filters_rows(page, live_server, seed_db):
    counts = dict(db_rows(seed_db, "select overall_rating, count(*) from inspections "
                                   "where overall_rating is not null group by overall_rating"))
    assert counts, "no graded inspections in the seed database"
    await goto(page, live_server + "/cafcass/inspections?_facet_rating=overall_rating")
    facet = page.locator(".facet-info").filter(has_text="overall_rating")
    assert await facet.is_visible()
    # Each grade shows with the number of rows it has.
    for rating, n in counts.items():
        item = facet.locator("li").filter(has=page.get_by_role("link", name=rating, exact=True))
        assert await item.is_visible(), rating
        assert str(n) in await item.inner_text(), (rating, await item.inner_text())
    rating = max(counts, key=lambda r: (counts[r], r))
    await facet.get_by_role("link", name=rating, exact=True).click()
    await page.wait_for_url(f"**overall_rating__exact={rating}**")
    rows = page.locator(ROWS)
    assert await rows.count() == counts[rating]
    for cell in await rows.locator("td.col-overall_rating").all_inner_texts():
        assert cell.strip() == rating
    # The chosen grade is shown selected, with a way to remove it.
    assert await facet.locator("li", has_text=rating).locator("a.cross").is_visible()


async def test_search_box_finds_passages(page, live_server, seed_db, metadata):
    # How many passages the full-text index finds for the word; a page shows metadata's size of them.
    want = db_rows(seed_db, "select count(*) from passages_fts where passages_fts match 'inspection'")[0][0]
    size = metadata["databases"]["cafcass"]["tables"]["passages"]["size"]
    await goto(page, live_server + "/cafcass/passages")
    box = page.locator("input[name=_search]")
    assert await box.is_visible()
    await box.fill("inspection")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**_search=inspection**")
    assert f"{want} row" in await page.locator("h3").first.inner_text()
    rows = page.locator(ROWS)
    assert await rows.count() == min(want, size)
    assert "inspect" in (await rows.first.inner_text()).lower()


async def test_search_page_marks_words_and_leads_into_the_reader(page, live_server, seed_db):
    await goto(page, live_server + "/-/cafcass/search")
    box = page.locator("form.cafcass-search input[name=q]")
    assert await box.is_visible()
    await box.fill("outstanding")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**q=outstanding**")
    passages = page.locator("section[data-kind=passages]")
    want = db_rows(seed_db, "select count(*) from passages_fts where passages_fts match 'outstanding'")[0][0]
    assert want > 0
    assert f"({want}" in await passages.locator("h2").inner_text()
    mark = passages.locator("mark").first
    assert await mark.is_visible()
    assert "outstanding" in (await mark.inner_text()).lower()
    link = passages.locator("a.cafcass-in-text").first
    href = await link.get_attribute("href")
    await link.click()
    await page.wait_for_url("**/-/cafcass/articles/**")
    fragment = urlparse(href).fragment
    assert fragment.startswith("p")
    passage = page.locator(f"#{fragment}")
    assert await passage.is_visible()
    assert await in_viewport(page, passage), "the reader did not scroll to the passage"
    assert "outstanding" in (await passage.inner_text()).lower()


async def test_trend_view(page, live_server, seed_db):
    await goto(page, live_server + "/-/cafcass/trend")
    chart = page.locator(".cafcass-trend-chart .chart-wide svg[role=img]")
    assert await chart.is_visible()
    assert not await page.locator(".chart-narrow svg").is_visible()  # the phone's drawing waits for a phone
    box = await chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    # Every line of the table below the chart is a mark on the chart, both leading to its evidence.
    table_links = set(await page.locator(".cafcass-trend-points td:nth-child(5) a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"))
    chart_links = set(await chart.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))"))
    assert table_links and table_links <= chart_links
    # A person clicks a mark and lands on that inspection's evidence.
    point = chart.locator("a").first
    href = await point.get_attribute("href")
    inspection_id = parse_qs(urlparse(href).query)["inspection"][0]
    await point.click()
    await page.wait_for_url("**/cafcass/inspection_evidence?inspection=**")
    want = db_rows(seed_db, "select count(*) from judgement_evidence where inspection_id = ?", inspection_id)[0][0]
    assert await page.locator(ROWS).count() == want > 0
    for cell in await page.locator(f"{ROWS} td.col-inspection").all_inner_texts():
        assert cell.strip() == inspection_id
    # The filter form narrows the chart and the table to one scope.
    await goto(page, live_server + "/-/cafcass/trend")
    judgement = await page.locator("select[name=judgement]").input_value()
    scope = "national"
    want = db_rows(seed_db, "select count(distinct i.id) from inspections i join judgements j "
                            "on j.inspection_id = i.id where i.scope = ? and j.judgement = ? "
                            "and j.rating is not null", scope, judgement)[0][0]
    assert want > 0
    await page.select_option("select[name=scope]", scope)
    await page.locator("form.cafcass-trend-form [type=submit]").click()
    await page.wait_for_url(f"**scope={scope}**")
    assert await page.locator(".cafcass-trend-chart .chart-wide svg[role=img]").is_visible()
    assert await page.locator(".cafcass-trend-points tbody tr").count() == want
    assert await page.locator("select[name=scope]").input_value() == scope


async def test_reader_highlights_and_links(page, live_server, seed_db):
    article_id, passage_id, judgement_id, evidence = db_rows(
        seed_db, "select article_id, passage_id, id, evidence from judgements "
                 "where passage_id is not null order by id limit 1")[0]
    await goto(page, f"{live_server}/-/cafcass/articles/{article_id}")
    passage = page.locator(f"#p{passage_id}")
    assert await passage.is_visible()
    mark = passage.locator("mark").first
    assert await mark.is_visible()
    colour = await mark.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent"), "the highlight has no colour"
    link = page.locator(f"aside a[href$='/cafcass/judgements/{judgement_id}']").first
    assert await link.is_visible()
    await link.click()
    await page.wait_for_url(f"**/cafcass/judgements/{judgement_id}")
    assert str(judgement_id) in await page.locator("h1").first.inner_text()
    assert await page.locator(ROWS).count() == 1


async def test_canned_query_form(page, live_server, seed_db, metadata):
    queries = metadata["databases"]["cafcass"].get("queries") or {}
    assert "rating_history" in queries, "metadata.yml has no rating_history query"
    subject = db_rows(seed_db, "select subject from inspections where scope = 'service area' "
                               "order by subject limit 1")[0][0]
    want = db_rows(seed_db, "select count(*) from inspections where subject like ?", f"%{subject}%")[0][0]
    await goto(page, f"{live_server}/cafcass/rating_history")
    field = page.get_by_label("subject")
    assert await field.is_visible()
    await field.fill(subject)
    await page.locator("form.sql [type=submit]").click()
    await page.wait_for_url("**subject=**")
    rows = page.locator(ROWS)
    assert await rows.count() == want
    for cell in await rows.locator("td.col-subject").all_inner_texts():
        assert subject in cell


async def test_canned_query_links_into_the_reader(page, live_server, seed_db):
    inspection, passage_id = db_rows(
        seed_db, "select inspection_id, passage_id from judgements where passage_id is not null order by id limit 1")[0]
    await goto(page, f"{live_server}/cafcass/inspection_evidence")
    await page.get_by_label("inspection").fill(inspection)
    await page.locator("form.sql [type=submit]").click()
    await page.wait_for_url("**inspection=**")
    want = db_rows(seed_db, "select count(*) from judgement_evidence where inspection_id = ?", inspection)[0][0]
    assert await page.locator(ROWS).count() == want
    link = page.locator(f"{ROWS} a[href$='#p{passage_id}']").first
    await link.click()
    await page.wait_for_url(f"**/-/cafcass/articles/**#p{passage_id}")
    assert await page.locator(f"#p{passage_id}").is_visible()


async def test_csv_download(page, live_server, seed_db):
    """The advanced export form with "download file" ticked saves a CSV."""
    await goto(page, live_server + "/cafcass/judgements")
    form = page.locator("#export form")
    await form.locator("input[name=_dl]").check()
    async with page.expect_download() as info:
        await form.locator("input[type=submit]").click()
    download = await info.value
    assert download.suggested_filename.endswith(".csv")
    text = open(await download.path(), encoding="utf-8").read()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == db_rows(seed_db, "select count(*) from judgements")[0][0]
    assert {"judgement", "rating", "evidence"} <= set(rows[0])
    want = {(str(i), r) for i, r in db_rows(seed_db, "select id, rating from judgements")}
    assert {(r["id"], r["rating"]) for r in rows} == want


def first_article(seed_db):
    return db_rows(seed_db, "select article_id from judgements where passage_id is not null order by id limit 1")[0][0]


PHONE_PAGES = {
    "database": lambda db: "/cafcass",
    "facet": lambda db: "/cafcass/inspections?_facet_rating=overall_rating",
    "trend": lambda db: "/-/cafcass/trend",
    "reader": lambda db: "/-/cafcass/articles/" + first_article(db),
    "search": lambda db: "/-/cafcass/search?q=outstanding",
    "canned-query": lambda db: "/cafcass/rating_history?subject=Cafcass",
}


@pytest.mark.parametrize("kind", PHONE_PAGES)
async def test_narrow_phone_screen(phone, live_server, seed_db, kind):
    path = PHONE_PAGES[kind](seed_db)
    await goto(phone, live_server + path)
    assert await phone.locator("h1").first.is_visible()
    width = await phone.evaluate("document.documentElement.scrollWidth")
    # Datasette's wide tables scroll inside their own box; the page itself must not.
    assert width <= 390 + 2, f"{path} is {width}px wide on a 390px screen"
    # Nothing a person reads or uses pokes out past the right edge.
    wide = await phone.evaluate("""() => [...document.querySelectorAll('h1, h2, p, label, input, select, svg, li, .facet-info')]
        .filter(e => e.checkVisibility({visibilityProperty: true}) && !e.closest('.table-wrapper, .cafcass-table-wrap'))
        .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .map(e => e.tagName + '.' + e.className)""")
    assert not wide, f"{path}: {wide} stick out past 390px"


# The focused element's look (and its parent's, for Datasette's select
# wrappers), kept so that after the next Tab it can be compared unfocused.
FOCUS_STEP = """() => {
  const look = el => { const s = getComputedStyle(el);
    return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.borderColor,
            s.backgroundColor, s.color, s.textDecorationLine].join('|'); };
  const both = el => look(el) + '/' + (el.parentElement ? look(el.parentElement) : '');
  let previous = null;
  if (window.__focused && window.__focused !== document.activeElement) {
    previous = {what: window.__what, shown: both(window.__focused) !== window.__look};
  }
  const e = document.activeElement;
  if (!e || e === document.body) { window.__focused = null; return {previous, current: null}; }
  window.__focused = e; window.__look = both(e);
  window.__what = e.tagName + ' ' + (e.getAttribute('name') || (e.textContent || '').trim().slice(0, 40));
  return {previous, current: {name: e.getAttribute('name'), tag: e.tagName,
                              text: (e.textContent || '').trim().slice(0, 40)}};
}"""


async def tab_to(page, wanted, limit=80):
    """Press Tab until wanted(focused element) holds. Every element on the way
    must look different focused from unfocused: a keyboard user sees where they are."""
    for _ in range(limit):
        await page.keyboard.press("Tab")
        step = await page.evaluate(FOCUS_STEP)
        if step["previous"]:
            assert step["previous"]["shown"], f"no visible focus on {step['previous']['what']}"
        if step["current"] and wanted(step["current"]):
            return step["current"]
    raise AssertionError("not reachable with the keyboard")


async def test_keyboard_alone_uses_the_trend_form(page, live_server):
    await goto(page, live_server + "/-/cafcass/trend")
    await tab_to(page, lambda f: f["name"] == "scope")
    # Choose "national" with the arrow keys, then Enter submits the form.
    options = await page.locator("select[name=scope] option").evaluate_all("os => os.map(o => o.value)")
    for _ in range(options.index("national")):
        await page.keyboard.press("ArrowDown")
    assert await page.locator("select[name=scope]").input_value() == "national"
    await tab_to(page, lambda f: f["name"] == "from")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**scope=national**")
    # The chart's marks are links a keyboard reaches too (SVG tags are lower case).
    await tab_to(page, lambda f: f["tag"] == "a")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**/cafcass/inspection_evidence?inspection=**")


async def test_keyboard_alone_uses_the_rating_facet(page, live_server, seed_db):
    rating = db_rows(seed_db, "select overall_rating from inspections where overall_rating is not null "
                              "order by overall_rank limit 1")[0][0]
    await goto(page, live_server + "/cafcass/inspections?_facet_rating=overall_rating")
    await tab_to(page, lambda f: f["tag"] == "A" and f["text"] == rating, limit=120)
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**overall_rating__exact={rating}**")


KEYBOARD_FORMS = {
    # page, the field's name, what to type (from the database), where Enter leads
    "table-search": ("/cafcass/passages", "_search", lambda db: "inspection", "_search="),
    "search-page": ("/-/cafcass/search", "q", lambda db: "outstanding", "q="),
    "canned-query": ("/cafcass/rating_history", "subject",
                     lambda db: db_rows(db, "select subject from inspections order by subject limit 1")[0][0],
                     "subject="),
}


@pytest.mark.parametrize("kind", KEYBOARD_FORMS)
async def test_keyboard_alone_fills_and_sends_a_form(page, live_server, seed_db, kind):
    path, name, words, lands = KEYBOARD_FORMS[kind]
    await goto(page, live_server + path)
    await tab_to(page, lambda f: f["name"] == name)
    await page.keyboard.type(words(seed_db))
    await page.keyboard.press("Enter")
    await page.wait_for_url(f"**{lands}**")
    assert await page.locator(f"{ROWS}, ul.cafcass-search-results li").first.is_visible()
