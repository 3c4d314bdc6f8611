#!/usr/bin/env python3
"""Regenerate the README's screenshots (docs/screenshots/*.png) in Debian's
Chromium: the home page, the trend view (desktop and phone), a table with the
rating facet, an inspection's row, the evidence reader and a canned query, on
the seeds; and the reader showing a fact corrected by hand and a disputed
grade (in the reader and the trend), on the seeds and our own articles that disagree with the example
tests/data/corrections.yml.

    .venv/bin/python scripts/screenshots.py
"""
import asyncio
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from datasette_cafcass.builder.pipeline import build  # noqa: E402
from tests.browser import server  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from tests.conftest import build_corrected  # noqa: E402

WIDTH, HEIGHT = 1200, 900
PHONE = {"width": 390, "height": 844}
# name: (page, what must be in the picture, viewport or None for the desktop)
SHOTS = {
    "home.png": ("/", "ul.cafcass-start", None),
    "trend.png": ("/-/cafcass/trend", ".cafcass-trend-chart", None),
    "trend-phone.png": ("/-/cafcass/trend", ".chart-narrow svg", PHONE),
    "rating-facet.png": ("/cafcass/judgements?_facet_rating=rating", "table.rows-and-columns tbody tr", None),
    "inspection.png": ("/cafcass/inspections/greater-london-undated", "h1", None),
    "reader.png": ("/-/cafcass/articles/001_ab02a42a79af61fa", "article.cafcass-marks", None),
    "who-said-what.png": ("/cafcass/who_said_what?subject=Greater+London", "table.rows-and-columns tbody tr", None),
}
# The same, on the database with corrections and disagreements.
CORRECTED_SHOTS = {
    "reader-corrected.png": ("/-/cafcass/articles/004_716355896944d638", "aside .cafcass-corrected", None),
    "reader-disputed.png": ("/-/cafcass/articles/c02_news_avon_good", "aside .cafcass-disputed", None),
    "trend-disputed.png": ("/-/cafcass/trend?scope=service+area", ".cafcass-trend-chart", None),
}


async def top_of_shot(page, must_show, height):
    """The top of the page, or, when what the picture is for starts below the
    frame, a little above it."""
    box = await page.locator(must_show).first.bounding_box()
    if box["y"] + min(box["height"], height / 2) < height - 20:
        return 0
    return max(0, box["y"] - 60)


async def shoot(base, out, shots):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for name, (path, must_show, viewport) in shots.items():
            viewport = viewport or {"width": WIDTH, "height": HEIGHT}
            context = await browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 600)
            page = await context.new_page()
            await page.goto(base + path)
            y = await top_of_shot(page, must_show, viewport["height"])
            await page.screenshot(path=str(out / name), full_page=True,
                                  clip={"x": 0, "y": y, "width": viewport["width"], "height": viewport["height"]})
            await context.close()
            print(f"wrote {out / name}")
        await browser.close()


def main():
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cafcass.db"
        build(ROOT / "seeds", db)
        corrected = Path(tmp) / "corrected" / "cafcass.db"  # served as the cafcass database too
        build_corrected(corrected.parent / "articles", corrected)
        for path, shots in ((db, SHOTS), (corrected, CORRECTED_SHOTS)):
            proc, base = server.start(path, path.parent / "inspect.json")
            try:
                asyncio.run(shoot(base, out, shots))
            finally:
                server.stop(proc)


if __name__ == "__main__":
    main()
