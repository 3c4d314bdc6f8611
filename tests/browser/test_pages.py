"""What a person sees in Chromium: the database page, a faceted table, search,
the trend view, the reader, a canned query and a CSV download."""
import csv
import io
import sqlite3

import pytest


def db_rows(path, sql, *params):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


async def test_database_page_lists_tables(page, live_server):
    await page.goto(live_server + "/cafcass")
    assert await page.locator("h1").first.is_visible()
    for table in ("inspections", "judgements", "articles"):
        assert await page.get_by_role("link", name=table, exact=True).first.is_visible()


async def test_rating_facet_filters_rows(page, live_server, seed_db):
    await page.goto(live_server + "/cafcass/inspections?_facet_rating=overall_rating")
    facet = page.locator(".facet-info").filter(has_text="overall_rating")
    assert await facet.is_visible()
    link = facet.get_by_role("link", name="inadequate")
    await link.click()
    await page.wait_for_url("**overall_rating__exact=inadequate**")
    want = db_rows(seed_db, "select count(*) from inspections where overall_rating = 'inadequate'")[0][0]
    assert want > 0
    assert await page.locator("table.rows-and-columns tbody tr").count() == want


async def test_search_box_finds_passages(page, live_server):
    await page.goto(live_server + "/cafcass/passages")
    await page.fill("input[name=_search]", "backlog")
    await page.keyboard.press("Enter")
    await page.wait_for_url("**_search=backlog**")
    rows = page.locator("table.rows-and-columns tbody tr")
    assert await rows.count() > 0
    assert "backlog" in (await rows.first.inner_text()).lower()


async def test_trend_view(page, live_server, seed_db):
    await page.goto(live_server + "/-/cafcass/trend")
    chart = page.locator("svg[role=img]")
    assert await chart.is_visible()
    box = await chart.bounding_box()
    assert box["width"] > 300 and box["height"] > 150
    points = chart.locator("a")
    assert await points.count() >= 3
    href = await points.first.get_attribute("href")
    await page.goto(live_server + href if href.startswith("/") else href)
    assert "/cafcass/inspections/" in page.url
    # The filter form narrows the chart to one scope.
    await page.goto(live_server + "/-/cafcass/trend")
    await page.select_option("select[name=scope]", "national")
    await page.locator("form").filter(has=page.locator("select[name=scope]")).locator("[type=submit]").click()
    await page.wait_for_url("**scope=national**")
    assert await page.locator("svg[role=img]").is_visible()


async def test_reader_highlights_and_links(page, live_server, seed_db):
    article_id, passage_id, judgement_id = db_rows(
        seed_db, "select article_id, passage_id, id from judgements order by id limit 1")[0]
    await page.goto(f"{live_server}/-/cafcass/articles/{article_id}")
    marks = page.locator("mark")
    assert await marks.count() > 0
    assert await marks.first.is_visible()
    assert await page.locator(f"#p{passage_id}").is_visible()
    link = page.locator(f"a[href$='/cafcass/judgements/{judgement_id}']").first
    await link.click()
    await page.wait_for_url(f"**/cafcass/judgements/{judgement_id}")
    assert await page.locator("h1").first.is_visible()


async def test_canned_query_form(page, live_server, metadata):
    queries = metadata["databases"]["cafcass"].get("queries") or {}
    with_params = [name for name, q in queries.items() if ":" in q["sql"]]
    assert with_params, "metadata.yml declares no canned query with parameters"
    await page.goto(f"{live_server}/cafcass/{with_params[0]}")
    inputs = page.locator("form.sql input[type=text]")
    assert await inputs.count() > 0
    await inputs.first.fill("Cafcass")
    await page.locator("form.sql [type=submit]").click()
    assert await page.locator("table.rows-and-columns, p.zero-results").first.is_visible()


async def test_csv_download(page, live_server, seed_db):
    """The advanced export form with "download file" ticked saves a CSV."""
    await page.goto(live_server + "/cafcass/judgements")
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


@pytest.mark.parametrize("path", ["/cafcass", "/cafcass/inspections?_facet_rating=overall_rating",
                                  "/-/cafcass/trend", "/-/cafcass/search?q=outstanding"])
async def test_narrow_phone_screen(phone, live_server, path):
    await phone.goto(live_server + path)
    width = await phone.evaluate("document.documentElement.scrollWidth")
    # Datasette's wide tables scroll inside their own box; the page itself must not.
    assert width <= 390 + 2, f"{path} is {width}px wide on a 390px screen"


async def test_keyboard_reaches_the_trend_form(page, live_server):
    await page.goto(live_server + "/-/cafcass/trend")
    names = []
    for _ in range(60):
        await page.keyboard.press("Tab")
        names.append(await page.evaluate("document.activeElement && document.activeElement.getAttribute('name')"))
        if "scope" in names:
            break
    assert "scope" in names, "the trend filter form cannot be reached with the keyboard"
