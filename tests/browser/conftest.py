"""Real-browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Every browser context is fenced in: a request to anywhere but the live server is blocked and
fails the test, as does a same-site file that does not load or a script error.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.pagecheck import Guard, register_guard

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid and not item.get_closest_marker("browser"):
            raise pytest.UsageError(f"{item.nodeid} must be marked @pytest.mark.browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium per test module.

    Playwright's sync API keeps an event loop running in this thread, and Django refuses to
    touch the database from a thread with a running loop unless told it is safe, which it is
    here: the loop only waits for the browser. The permission lasts as long as the loop, so it
    never reaches other tests, nor the programs they start.
    """
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"the browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def new_context(browser: Browser, live_server: Any) -> Iterator[Callable[..., BrowserContext]]:
    """Makes browser contexts that may only talk to the live server. Checked at the end."""
    made: list[tuple[BrowserContext, Guard]] = []

    def make(**options: Any) -> BrowserContext:
        options.setdefault("viewport", {"width": 1280, "height": 800})
        options.setdefault("locale", "en-GB")
        options.setdefault("accept_downloads", True)
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(10_000)
        guard = Guard(origin=live_server.url, javascript=options.get("java_script_enabled", True))
        guard.watch(context)
        register_guard(context, guard)
        made.append((context, guard))
        return context

    yield make
    problems = [problem for _context, guard in made for problem in guard.problems()]
    for context, _guard in made:
        context.close()
    if problems:
        pytest.fail("The browser saw problems:\n" + "\n".join(problems))


@pytest.fixture
def page(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context().new_page()


@pytest.fixture
def page_without_js(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(java_script_enabled=False).new_page()
