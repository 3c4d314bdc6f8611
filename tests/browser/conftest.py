"""Browser tests: Debian's Chromium driven by Playwright against a real
`datasette serve` on loopback, the way ./scripts/serve runs it.

Chromium is never downloaded: the tests launch /usr/bin/chromium (or
$CHROMIUM). Under CI (CI=true) a missing browser fails the tests; on a
developer machine without it they are skipped with the reason.
"""
import os
import shutil
from pathlib import Path

import pytest

from . import server

ROOT = server.ROOT

ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Flags that keep Chromium off the network and quiet in a sandboxed root shell.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _browser_missing():
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="session")
def chromium_path():
    reason = _browser_missing()
    if reason:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"browser tests must run under CI: {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest.fixture(scope="session")
def live_server(seed_db, chromium_path, tmp_path_factory):
    """Base URL of `datasette serve -i cafcass.db` on 127.0.0.1."""
    proc, base = server.start(seed_db, tmp_path_factory.mktemp("inspect") / "inspect.json")
    yield base
    server.stop(proc)


@pytest.fixture(scope="session")
async def browser(chromium_path):
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        b = await p.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield b
        await b.close()


async def _page(browser, request, **options):
    context = await browser.new_context(**options)
    pg = await context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    await pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    await context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
async def page(browser, request):
    """A fresh desktop-sized page; its screenshot is saved under test-artifacts/."""
    async for pg in _page(browser, request, viewport={"width": 1280, "height": 900}, accept_downloads=True):
        yield pg


@pytest.fixture
async def phone(browser, request):
    """A 390 px wide page, like a phone."""
    async for pg in _page(browser, request, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True):
        yield pg
