"""Issue 17 in Chromium: a reader can tell the machine's reading from a
person's, and sees where the articles disagree. Served from `corrected_db`
(the seeds and our own articles that disagree, with the example
tests/data/corrections.yml); what the tests expect is read from it."""
from urllib.parse import quote

import pytest

from tests.conftest import rows

from . import server
from .helpers import goto


def squash(text):
    return " ".join(text.split())


@pytest.fixture(scope="module")
def corrected_server(chromium_path, corrected_db, tmp_path_factory):
    proc, base = server.start(corrected_db, tmp_path_factory.mktemp("corrected-inspect") / "inspect.json")
    yield base
    server.stop(proc)


async def test_the_reader_shows_a_fact_corrected_by_hand(page, corrected_server, corrected_db):
    (fact,) = rows(corrected_db, "select * from findings where rule = 'by hand'")
    (entry,) = rows(corrected_db, "select * from corrections where id = ?", fact["correction_id"])
    await goto(page, f"{corrected_server}/-/cafcass/articles/{quote(fact['article_id'])}")
    href = f"/cafcass/findings/{fact['id']}"
    # in the text: marked as a person's, named in the legend
    mark = page.locator("article mark.by-hand").filter(has=page.locator(f'a[href="{href}"]'))
    assert await mark.first.is_visible()
    assert await page.locator(".cafcass-legend mark.by-hand").is_visible()
    # beside it: "corrected by hand: <reason>", a link to the entry
    item = page.locator('aside ul[data-table="findings"] li').filter(has=page.locator(f'a.cafcass-fact[href="{href}"]'))
    note = item.locator(".cafcass-corrected")
    assert await note.is_visible()
    assert squash(await note.inner_text()).startswith(f"corrected by hand: {entry['reason']}")
    await note.get_by_role("link", name="corrected by hand").click()
    await page.wait_for_url(f"**/cafcass/corrections/{entry['id']}")
    assert entry["reason"] in await page.locator("body").inner_text()


async def test_the_reader_shows_a_disputed_grade_and_every_reading_is_one_click_away(
        page, corrected_server, corrected_db):
    (j,) = rows(corrected_db, "select * from judgements where disputed = 1")
    readings = rows(corrected_db, "select * from judgement_evidence where judgement_id = ?", j["id"])
    await goto(page, f"{corrected_server}/-/cafcass/articles/{quote(j['article_id'])}")
    item = page.locator('aside ul[data-table="judgement_evidence"] li').filter(
        has=page.locator(f'a.cafcass-fact[href="/cafcass/judgements/{j["id"]}"]'))
    note = item.locator(".cafcass-disputed")
    assert await note.is_visible()
    assert squash(await note.inner_text()).startswith(f"disputed: {j['shown_because']}")
    # and the machine's reading: the rule that found the sentence
    assert "found by the rule" in await item.locator(".cafcass-rule").inner_text()
    await note.get_by_role("link", name="every reading").click()
    await page.wait_for_url("**/cafcass/judgement_evidence?judgement_id=**")
    assert await page.locator("table.rows-and-columns tbody tr").count() == len(readings) > 1


async def test_the_trend_marks_the_disputed_point(page, corrected_server, corrected_db):
    disputed = rows(corrected_db, """select j.inspection_id from judgements j where j.disputed = 1
        and j.judgement = 'overall effectiveness'""")
    assert disputed
    await goto(page, f"{corrected_server}/-/cafcass/trend")
    chart = page.locator(".chart-wide")
    assert await chart.locator("g.legend-disputed").is_visible()
    for d in disputed:
        mark = chart.locator(f'a[href$="inspection_evidence?inspection={d["inspection_id"]}"]')
        assert await mark.locator("circle.disputed").count() == 1
        assert "Disputed (grade)" in await mark.locator("title").text_content()
        line = page.locator("table.cafcass-trend-points tbody tr").filter(
            has=page.locator(f'a[href="/cafcass/inspections/{d["inspection_id"]}"]'))
        assert await line.locator(".cafcass-disputed").first.is_visible()
