"""Right-to-left languages: each GOV.UK component we use mirrors its left-to-right self."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from tests.browser.pagecheck import screenshot

pytestmark = pytest.mark.browser

GALLERY = (Path(__file__).parent / "component_gallery.html").read_text(encoding="utf-8")

_BOXES = """() => Object.fromEntries([...document.querySelectorAll("[data-mirror]")].map((el) => {
  const box = el.getBoundingClientRect();
  return [el.dataset.mirror, {left: box.left, right: box.right, top: box.top}];
}))"""


_TICK = """() => [...document.querySelectorAll(".govuk-checkboxes__label")].map((label) => {
  const tick = getComputedStyle(label, "::after");
  return [tick.transform, tick.borderLeftWidth, tick.borderRightWidth];
})"""


def _layout(page: Page, *, direction: str, stylesheet: str) -> dict[str, Any]:
    html = (
        GALLERY.replace("{{ dir }}", direction)
        .replace("{{ lang }}", "ar" if direction == "rtl" else "en")
        .replace("{{ stylesheet }}", stylesheet)
    )
    page.set_content(html, wait_until="load")
    boxes: dict[str, Any] = page.evaluate(_BOXES)
    boxes["ticks"] = page.evaluate(_TICK)
    return boxes


def test_right_to_left_pages_mirror_every_component(page: Page) -> None:
    # Tall enough that no scrollbar takes a side: the mirror line is then the page's middle.
    page.set_viewport_size({"width": 1280, "height": 2400})
    page.goto("/")  # the gallery is drawn at the site's address so that it finds the CSS
    english = _layout(page, direction="ltr", stylesheet="app.css")
    arabic = _layout(page, direction="rtl", stylesheet="app.rtl.css")
    screenshot(page, "components-rtl-1280")
    width = page.evaluate("() => document.documentElement.clientWidth")

    # A tick is a tick in every language: drawn the same way round, not mirrored.
    assert arabic.pop("ticks") == english.pop("ticks")
    not_mirrored = []
    for name, ltr in english.items():
        rtl = arabic[name]
        if abs(rtl["left"] - (width - ltr["right"])) > 1.5 or abs(rtl["top"] - ltr["top"]) > 1.5:
            not_mirrored.append(f"{name}: left-to-right {ltr}, right-to-left {rtl}")
    assert len(english) > 30
    assert not not_mirrored, "These are not mirrored:\n" + "\n".join(not_mirrored)
