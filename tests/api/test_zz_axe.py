import json
from pathlib import Path
import pytest
from playwright.sync_api import sync_playwright
from tests import factories
from coproduce.api.services import create_token

AXE = Path("node_modules/axe-core/axe.min.js").read_text()

@pytest.mark.django_db(transaction=True)
def test_axe(live_server):
    import os
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    user = factories.UserFactory(email="t@example.org", display_name="T")
    create_token(actor=user, name="Script", expires_in_days=7)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        from django.test import Client
        c = Client(); c.force_login(user)
        ctx = b.new_context()
        ctx.add_cookies([{"name": "sessionid", "value": c.cookies["sessionid"].value, "url": live_server.url}])
        page = ctx.new_page()
        for url in ["/api/v1/docs", "/api/tokens/", "/api/tokens/new/", "/api/tokens/1/revoke/", "POSTEMPTY", "POSTOK"]:
            if url == "POSTEMPTY":
                page.goto(live_server.url + "/api/tokens/new/"); page.click("form[novalidate] button[type=submit]")
            elif url == "POSTOK":
                page.goto(live_server.url + "/api/tokens/new/"); page.fill("#id_name", "New"); page.click("form[novalidate] button[type=submit]")
            else:
                page.goto(live_server.url + url)
            page.add_script_tag(content=AXE)
            res = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']})")
            print(url, page.title(), [(v["id"], [n["html"][:120] for n in v["nodes"][:3]]) for v in res["violations"]])
            page.set_viewport_size({"width": 320, "height": 800})
            print("  overflow", page.evaluate("() => [document.documentElement.scrollWidth, Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > 322).slice(0,5).map(e => e.outerHTML.slice(0,100))]"))
            page.screenshot(path=f"/tmp/shot_{url.strip('/').replace('/','_')}.png", full_page=False)
            page.set_viewport_size({"width": 1280, "height": 800})
        b.close()
