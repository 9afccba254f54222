"""Page weight: what a phone on a slow connection downloads for the home page.

Counted as a production server sends it: HTML, CSS and JavaScript, gzip-compressed (the
demo's test server sends files uncompressed, so each is compressed here the way the
production server's gzip would). Fonts and images are left out, as the budget says.
"""

from __future__ import annotations

import gzip

import pytest
from playwright.sync_api import Page, Response

from tests.browser.pagecheck import PROJECT_DIR

pytestmark = pytest.mark.browser

BUDGET = 100 * 1024
COUNTED = {"document", "stylesheet", "script"}


def test_home_page_weighs_less_than_100_kb_compressed(page: Page) -> None:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/", wait_until="networkidle")

    sizes = {
        response.url: len(gzip.compress(response.body(), compresslevel=6))
        for response in responses
        if response.request.resource_type in COUNTED and response.ok
    }
    total = sum(sizes.values())
    report = "\n".join(f"{size / 1024:7.1f} KB  {url}" for url, size in sorted(sizes.items()))
    report += f"\n{total / 1024:7.1f} KB  in all (budget {BUDGET / 1024:.0f} KB)\n"
    artefacts = PROJECT_DIR / "test-artifacts"
    artefacts.mkdir(exist_ok=True)
    (artefacts / "page-weight.txt").write_text(report, encoding="utf-8")

    assert any(url.endswith("app.css") for url in sizes), report
    assert total < BUDGET, report
