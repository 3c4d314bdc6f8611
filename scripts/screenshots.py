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

from datasette_cafcass.build import build  # noqa: E402
from tests.browser import server  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

SHOTS = {
    "trend.png": "/-/cafcass/trend",
    "rating-facet.png": "/cafcass/judgements?_facet_rating=rating",
}


async def shoot(base, out):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1200, "height": 900})
        for name, path in SHOTS.items():
            await page.goto(base + path)
            await page.screenshot(path=str(out / name), full_page=False)
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
