from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/", "Make local services better, together"),
        ("/accessibility/", "Accessibility statement"),
        ("/privacy/", "Privacy notice"),
        ("/cookies/", "Cookies"),
    ],
)
def test_public_pages_open_without_an_account(client: Client, path: str, heading: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert heading in response.content.decode()


def test_unknown_page_says_what_to_do_next(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "check it is correct" in response.content.decode()


def test_health_check_reaches_the_database(client: Client) -> None:
    assert client.get("/health/").json() == {"status": "ok"}
