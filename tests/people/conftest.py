"""Helpers for the people tests: real sign-ins, one-time codes, page checks."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import PASSWORD


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """One-time codes are remembered in the cache; start every test with none used."""
    cache.clear()
    yield
    cache.clear()


def totp_code(secret: str, offset: int = 0) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def sign_in(client: Client, email: str, password: str = PASSWORD) -> Any:
    return client.post("/accounts/login/", {"login": email, "password": password})


def page_parts(response: Any) -> tuple[str, list[str]]:
    """The page's <title> and the text of every <h1>, for checking the page's shape."""
    html = response.content.decode()
    title_match = re.search(r"<title>(.*?)</title>", html, re.S)
    title = " ".join(title_match.group(1).split()) if title_match else ""
    headings = [
        " ".join(re.sub(r"<[^>]+>", "", h).split())
        for h in re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    ]
    return title, headings


def assert_good_page(response: Any, heading: str) -> str:
    """200, exactly one h1 with the given text, and a title that starts with it."""
    assert response.status_code == 200, response.status_code
    title, headings = page_parts(response)
    assert headings == [heading], headings
    assert title.startswith(heading), title
    return title
