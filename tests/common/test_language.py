from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_switching_to_welsh_sets_the_page_language(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "cy", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="cy" dir="ltr"' in response.content.decode()


def test_arabic_pages_are_laid_out_right_to_left(client: Client) -> None:
    client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    assert '<html lang="ar" dir="rtl"' in client.get("/").content.decode()


def test_unknown_language_gets_a_clear_message_and_changes_nothing(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"}, follow=True)
    page = response.content.decode()
    assert "We do not have the site in that language yet." in page
    assert '<html lang="en"' in page


def test_language_switch_never_redirects_to_another_site(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
