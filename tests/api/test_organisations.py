"""GET /api/v1/organisations and /api/v1/organisations/{slug}."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.organisations.models import Organisation
from coproduce.places.models import Area
from tests import factories
from tests.api.conftest import problem_of

ORGANISATIONS = "/api/v1/organisations"


@pytest.fixture
def ward(db: Any) -> Area:
    return factories.AreaFactory(slug="riverside-north", name="Riverside North")


@pytest.fixture
def listed(ward: Area) -> list[Organisation]:
    food_bank = factories.OrganisationFactory(slug="food-bank", name="Food Bank")
    food_bank.areas.add(ward)
    council = factories.OrganisationFactory(
        slug="council", name="Council", kind=Organisation.Kind.PUBLIC_BODY
    )
    cafe = factories.OrganisationFactory(
        slug="cafe", name="Cafe", kind=Organisation.Kind.BUSINESS, is_spend_partner=True
    )
    factories.OrganisationFactory(slug="closed", name="Closed Group", is_active=False)
    return [food_bank, council, cafe]


def test_the_list_has_active_organisations_in_name_order(
    client: Client, listed: list[Organisation]
) -> None:
    body = client.get(ORGANISATIONS).json()

    assert [item["slug"] for item in body["items"]] == ["cafe", "council", "food-bank"]
    assert body["count"] == 3


def test_an_organisation_shows_its_areas(client: Client, listed: list[Organisation]) -> None:
    items = client.get(ORGANISATIONS).json()["items"]
    food_bank = next(item for item in items if item["slug"] == "food-bank")

    assert food_bank["areas"] == [
        {"slug": "riverside-north", "name": "Riverside North", "kind": "ward"}
    ]
    assert food_bank["kind"] == "vcs"
    assert food_bank["web_url"] == "http://testserver/organisations/food-bank/"


def test_the_list_filters_by_kind(client: Client, listed: list[Organisation]) -> None:
    body = client.get(ORGANISATIONS, {"kind": "business"}).json()

    assert [(item["slug"], item["is_spend_partner"]) for item in body["items"]] == [("cafe", True)]


def test_the_list_filters_by_area(client: Client, listed: list[Organisation]) -> None:
    body = client.get(ORGANISATIONS, {"area": "riverside-north"}).json()

    assert [item["slug"] for item in body["items"]] == ["food-bank"]


def test_an_unknown_area_finds_nothing(client: Client, listed: list[Organisation]) -> None:
    assert client.get(ORGANISATIONS, {"area": "atlantis"}).json()["count"] == 0


def test_an_unknown_kind_is_a_422_problem(client: Client, listed: list[Organisation]) -> None:
    body = problem_of(client.get(ORGANISATIONS, {"kind": "club"}), 422)

    assert body["errors"][0]["field"] == "kind"


@pytest.mark.parametrize(("page", "status"), [("-1", 400), ("abc", 400), (str(10**9), 404)])
def test_a_bad_page_is_a_problem(
    client: Client, listed: list[Organisation], page: str, status: int
) -> None:
    problem_of(client.get(ORGANISATIONS, {"page": page}), status)


def test_the_list_takes_a_bounded_number_of_queries(
    client: Client, ward: Area, django_assert_max_num_queries: Any
) -> None:
    for _ in range(25):
        organisation = factories.OrganisationFactory()
        organisation.areas.add(ward, factories.AreaFactory())

    with django_assert_max_num_queries(4):
        response = client.get(ORGANISATIONS, {"page_size": 25})

    assert all(len(item["areas"]) == 2 for item in response.json()["items"])


def test_one_organisation(client: Client, listed: list[Organisation]) -> None:
    body = client.get(f"{ORGANISATIONS}/food-bank").json()

    assert body["name"] == "Food Bank"
    assert [area["slug"] for area in body["areas"]] == ["riverside-north"]


def test_an_inactive_or_unknown_organisation_is_a_404_problem(
    client: Client, listed: list[Organisation]
) -> None:
    problem_of(client.get(f"{ORGANISATIONS}/closed"), 404)
    body = problem_of(client.get(f"{ORGANISATIONS}/nobody"), 404)

    assert "nobody" in body["detail"]


@pytest.mark.parametrize("url", [f"{ORGANISATIONS}/x%00", f"{ORGANISATIONS}?area=a%00"])
def test_a_slug_that_cannot_exist_is_a_422_problem(
    client: Client, listed: list[Organisation], url: str
) -> None:
    problem_of(client.get(url), 422)
