"""What every page must pass, checked in a real browser: `check_page(page, name)`.

- axe-core finds no WCAG 2.2 A/AA problem at 1280 px and at 320 px wide;
- a full-page screenshot at both widths lands in test-artifacts/screenshots/;
- exactly one h1, and a title that says what the page is and no other page shares;
- nothing scrolls sideways at 320 px (what 400% zoom on a laptop looks like);
- the first Tab reaches the skip link, and following it puts focus on the main content;
- nothing was loaded from outside the site.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Request, Response, Route

PROJECT_DIR = Path(__file__).resolve().parents[2]
SCREENSHOTS = PROJECT_DIR / "test-artifacts" / "screenshots"
AXE_SOURCE_PATH = PROJECT_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WIDTHS = (1280, 320)
TITLE_SEPARATOR = " \N{EN DASH} "

_RUN_AXE = """async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), html: n.html,
                                summary: n.failureSummary})),
  }));
}"""

# With JavaScript switched off the page's timers never fire, and axe waits on timers; run
# them as microtasks instead (page scripts are off anyway, so nothing else notices).
_TIMERS_AS_MICROTASKS = """() => {
  window.setTimeout = (fn, _ms, ...args) => {
    Promise.resolve().then(() => fn(...args));
    return 0;
  };
  window.clearTimeout = () => {};
}"""

_FOCUS_TOP_OF_PAGE = """() => {
  const start = document.createElement("span");
  start.tabIndex = -1;
  document.body.prepend(start);
  start.focus();
  start.remove();
}"""

_HEADING_TEXT_BOX = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  const box = range.getBoundingClientRect();
  return {left: box.left, right: box.right};
}"""

_CONTENT_BOX = """(selector) => {
  const element = document.querySelector(selector);
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  return {left: box.left + parseFloat(style.paddingLeft),
          right: box.right - parseFloat(style.paddingRight)};
}"""


@dataclass
class Guard:
    """Fences a browser context in to the live server and notes what went wrong."""

    origin: str
    javascript: bool = True
    blocked: list[str] = field(default_factory=list)
    broken: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        context.route("**/*", self._route)
        context.on("response", self._response)
        context.on("page", lambda page: page.on("pageerror", self._script_error))

    def _route(self, route: Route) -> None:
        if _same_origin(route.request.url, self.origin):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort("blockedbyclient")

    def _response(self, response: Response) -> None:
        request: Request = response.request
        if request.resource_type != "document" and response.status >= 400:
            self.broken.append(f"{response.status} {request.url}")

    def _script_error(self, error: Any) -> None:
        self.script_errors.append(str(error))

    def problems(self) -> list[str]:
        return (
            [f"tried to load from outside the site: {url}" for url in self.blocked]
            + [f"a file the page needs did not load: {line}" for line in self.broken]
            + [f"script error: {line}" for line in self.script_errors]
        )


_guards: weakref.WeakKeyDictionary[BrowserContext, Guard] = weakref.WeakKeyDictionary()
# title -> the page (path with numbers masked) that first used it, across the whole run
_titles: dict[str, str] = {}


def register_guard(context: BrowserContext, guard: Guard) -> None:
    _guards[context] = guard


def guard_for(page: Page) -> Guard:
    return _guards[page.context]


def _same_origin(url: str, origin: str) -> bool:
    if url.startswith(("data:", "blob:", "about:")):
        return True
    parts, home = urlsplit(url), urlsplit(origin)
    return (parts.scheme, parts.netloc) == (home.scheme, home.netloc)


def check_page(page: Page, name: str) -> None:
    """Run every per-page check on the page the browser is showing now."""
    page.wait_for_load_state("load")
    original = page.viewport_size or {"width": 1280, "height": 800}
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": original["height"]})
            _let_scripts_see_the_new_size(page)
            assert_no_axe_violations(page, f"{name} at {width}px")
            screenshot(page, f"{name}-{width}")
            if width <= 320:
                assert_no_sideways_scrolling(page, width)
    finally:
        page.set_viewport_size(original)
    assert_one_h1(page)
    assert_title_is_unique(page)
    assert_skip_link_works(page)
    problems = guard_for(page).problems()
    assert not problems, "\n".join(problems)


def _let_scripts_see_the_new_size(page: Page) -> None:
    """Wait two frames, so that the page's own resize handlers have run before we look."""
    if guard_for(page).javascript:
        page.evaluate(
            "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))"
        )


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        if not guard_for(page).javascript:
            page.evaluate(_TIMERS_AS_MICROTASKS)
        page.evaluate(AXE_SOURCE_PATH.read_text(encoding="utf-8"))
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, AXE_TAGS)
    return violations


def assert_no_axe_violations(page: Page, where: str) -> None:
    violations = axe_violations(page)
    if violations:
        raise AssertionError(
            f"axe found problems on {where} ({page.url}):\n" + _describe(violations)
        )


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            summary = " ".join(node["summary"].split())
            lines.append(f"      {summary[:300]}")
    return "\n".join(lines)


def assert_no_sideways_scrolling(page: Page, width: int) -> None:
    scroll_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert scroll_width <= width + 1, (
        f"{page.url} scrolls sideways at {width}px: it is {scroll_width}px wide"
    )


def assert_one_h1(page: Page) -> None:
    headings = page.locator("h1").all_inner_texts()
    assert len(headings) == 1, f"{page.url} has {len(headings)} h1 headings: {headings}"
    assert headings[0].strip(), f"{page.url} has an empty h1"


def assert_title_is_unique(page: Page) -> None:
    title = page.title()
    what = title.split(TITLE_SEPARATOR)[0].strip()
    assert what, f"{page.url} has no title of its own: {title!r}"
    shape = _page_shape(page)
    first = _titles.setdefault(title, shape)
    assert first == shape, f"{page.url} has the same title as {first}: {title!r}"


def _page_shape(page: Page) -> str:
    """Which page this is, whoever it is for: /people/12/ and /people/13/ are one page, and
    so is the 404 page, whatever the address."""
    status = page.evaluate(
        "() => performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0"
    )
    if status >= 400:
        return f"the {status} page"
    return re.sub(r"/\d+(?=/|$)", "/<n>", urlsplit(page.url).path)


def assert_skip_link_works(page: Page) -> None:
    page.evaluate(_FOCUS_TOP_OF_PAGE)
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]"
    )
    assert "govuk-skip-link" in focused[0], (
        f"on {page.url} the first Tab goes to {focused}, not the skip link"
    )
    page.keyboard.press("Enter")
    focused_id = page.evaluate("() => document.activeElement.id")
    assert focused_id == "main-content", (
        f"on {page.url} the skip link moved focus to #{focused_id}, not the main content"
    )


def heading_alignment(page: Page) -> dict[str, float]:
    """Where the main heading's text sits inside the page's content column (in px)."""
    text = page.evaluate(_HEADING_TEXT_BOX, "main h1")
    column = page.evaluate(_CONTENT_BOX, ".govuk-width-container:has(main)")
    return {
        "from_left": text["left"] - column["left"],
        "from_right": column["right"] - text["right"],
    }


def assert_only_documented_cookies(page: Page) -> None:
    """Every cookie the browser holds is one the cookies page lists."""
    held = {cookie["name"] for cookie in page.context.cookies()}
    page.goto("/cookies/")
    listed = set(page.locator("table tbody th").all_inner_texts())
    assert "sessionid" in listed
    assert held <= listed, f"cookies not on the cookies page: {sorted(held - listed)}"
