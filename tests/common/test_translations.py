"""The foundation's pages exist in full in Welsh and Arabic, not half in English."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.test import Client

from coproduce.people.models import User

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|<[^>]+>")
TRANSLATED = ["cy", "ar"]
PAGES = [
    "/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
    "/organisations/",
    "/areas/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/api/v1/docs",
]
SIGNED_IN_PAGES = ["/people/me/", "/people/me/profile/", "/people/me/profile/details/"]


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def english_sentences(language: str) -> set[str]:
    """Source sentences long enough that seeing one on a page means it was not translated."""
    sentences = set()
    for entry in catalogue(language):
        text = PLACEHOLDER.sub("", entry.msgid).strip()
        if len(text) >= 20 and " " in text and entry.msgstr != entry.msgid:
            sentences.add(text)
    return sentences


def visible_text(page: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated(language: str) -> None:
    po = catalogue(language)
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_placeholders_and_markup(language: str) -> None:
    for entry in catalogue(language).translated_entries():
        if entry.msgid_plural:
            continue
        assert sorted(PLACEHOLDER.findall(entry.msgstr)) == sorted(
            PLACEHOLDER.findall(entry.msgid)
        ), entry.msgid


@pytest.mark.parametrize("language", TRANSLATED)
def test_foundation_pages_show_no_english_sentences(
    client: Client, resident: User, language: str
) -> None:
    english = english_sentences(language)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    # The API's own description (field names, model labels) is published in English.
    api_spec = client.get("/api/v1/openapi.json").content.decode()
    untranslated: dict[str, list[str]] = {}
    for path in PAGES:
        text = visible_text(client.get(path).content.decode())
        spec = api_spec if path.startswith("/api/") else ""
        if found := [s for s in english if s in text and s not in spec]:
            untranslated[path] = found
    client.force_login(resident)
    for path in SIGNED_IN_PAGES:
        text = visible_text(client.get(path).content.decode())
        if found := [sentence for sentence in english if sentence in text]:
            untranslated[path] = found
    assert untranslated == {}


def test_welsh_home_page_speaks_welsh(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "cy", "next": "/"})
    page = client.get("/").content.decode()
    assert '<html lang="cy"' in page
    assert "Neidio i'r prif gynnwys" in page
