#!/usr/bin/env python3
"""Regenerate the README's screenshots (docs/screenshots/*.png) in Debian's
Chromium: the trend view and a table with the rating facet.

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

WIDTH, HEIGHT = 1200, 900
# name: (page, what must be in the picture)
SHOTS = {
    "trend.png": ("/-/cafcass/trend", ".cafcass-trend-chart"),
    "rating-facet.png": ("/cafcass/judgements?_facet_rating=rating", "table.rows-and-columns tbody tr"),
}


async def top_of_shot(page, must_show):
    """The top of the page, or, when column descriptions push what the picture
    is for out of the frame, the row count heading above it."""
    bottom = await page.locator(must_show).first.bounding_box()
    bottom = bottom["y"] + bottom["height"]
    if bottom < HEIGHT - 20:
        return 0
    heading = await page.locator("h3").first.bounding_box()
    if heading and bottom - heading["y"] < HEIGHT - 40:
        return heading["y"] - 16
    return bottom - HEIGHT + 20


async def shoot(base, out):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": WIDTH, "height": HEIGHT})
        for name, (path, must_show) in SHOTS.items():
            await page.goto(base + path)
            y = await top_of_shot(page, must_show)
            await page.screenshot(path=str(out / name), full_page=True,
                                  clip={"x": 0, "y": y, "width": WIDTH, "height": HEIGHT})
            print(f"wrote {out / name}")
        await browser.close()


def main():
    out = ROOT / "docs" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "cafcass.db"
        build(ROOT / "seeds", db)
        proc, base = server.start(db, Path(tmp) / "inspect.json")
        try:
            asyncio.run(shoot(base, out))
        finally:
            server.stop(proc)


if __name__ == "__main__":
    main()
