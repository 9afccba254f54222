"""GET /api/v1/areas and /api/v1/areas/{slug}, with paging and its bad input."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.places.models import Area
from tests import factories
from tests.api.conftest import problem_of

AREAS = "/api/v1/areas"


@pytest.fixture
def borough(db: Any) -> Area:
    riverside = factories.AreaFactory(slug="riverside", name="Riverside", kind=Area.Kind.BOROUGH)
    for name in ("North", "South", "East"):
        factories.AreaFactory(slug=f"riverside-{name.lower()}", name=name, parent=riverside)
    factories.AreaFactory(slug="elsewhere", name="Elsewhere")
    return riverside


def test_the_list_has_every_area_with_paging_fields(client: Client, borough: Area) -> None:
    body = client.get(AREAS).json()

    assert body["count"] == 5
    assert (body["page"], body["pages"], body["page_size"]) == (1, 1, 20)
    assert body["next"] is None
    assert body["previous"] is None
    assert {item["slug"] for item in body["items"]} == {
        "riverside",
        "riverside-north",
        "riverside-south",
        "riverside-east",
        "elsewhere",
    }


def test_a_ward_names_its_parent(client: Client, borough: Area) -> None:
    items = client.get(AREAS, {"kind": "ward", "parent": "riverside"}).json()["items"]
    north = next(item for item in items if item["slug"] == "riverside-north")

    assert north["parent"] == {"slug": "riverside", "name": "Riverside", "kind": "borough"}
    assert north["web_url"] == "http://testserver/areas/riverside-north/"


def test_the_list_filters_by_kind(client: Client, borough: Area) -> None:
    body = client.get(AREAS, {"kind": "borough"}).json()

    assert [item["slug"] for item in body["items"]] == ["riverside"]


def test_the_list_filters_by_parent(client: Client, borough: Area) -> None:
    body = client.get(AREAS, {"parent": "riverside"}).json()

    assert sorted(item["name"] for item in body["items"]) == ["East", "North", "South"]


def test_an_unknown_parent_finds_nothing(client: Client, borough: Area) -> None:
    body = client.get(AREAS, {"parent": "atlantis"}).json()

    assert (body["count"], body["items"], body["pages"]) == (0, [], 1)


def test_an_unknown_kind_is_a_422_problem(client: Client, borough: Area) -> None:
    body = problem_of(client.get(AREAS, {"kind": "planet"}), 422)

    assert body["errors"][0]["field"] == "kind"
    assert body["errors"][0]["location"] == "query"


def test_pages_link_to_each_other_and_keep_filters(client: Client, borough: Area) -> None:
    first = client.get(AREAS, {"page_size": 2, "kind": "ward"}).json()
    second = client.get(AREAS, {"page_size": 2, "kind": "ward", "page": 2}).json()

    assert (first["count"], first["pages"], len(first["items"])) == (4, 2, 2)
    assert first["next"].startswith("http://testserver/api/v1/areas?")
    assert "kind=ward" in first["next"]
    assert "page=2" in first["next"]
    assert second["previous"] is not None
    assert "page=1" in second["previous"]
    assert second["next"] is None
    seen = [item["slug"] for item in first["items"] + second["items"]]
    assert len(set(seen)) == 4


@pytest.mark.parametrize(
    ("page", "status", "words"),
    [
        ("-1", 400, "1 or more"),
        ("0", 400, "1 or more"),
        ("abc", 400, "whole number"),
        ("1.5", 400, "whole number"),
        ("9" * 5000, 400, "whole number"),
        (str(10**9), 404, "no page 1000000000"),
        ("2", 404, "no page 2"),
    ],
)
def test_a_page_that_cannot_be_shown_is_a_problem_that_says_why(
    client: Client, borough: Area, page: str, status: int, words: str
) -> None:
    body = problem_of(client.get(AREAS, {"page": page}), status)

    assert words in body["detail"]


@pytest.mark.parametrize("size", ["0", "-5", "101", "abc", str(10**9)])
def test_a_page_size_out_of_range_is_a_400_problem(
    client: Client, borough: Area, size: str
) -> None:
    body = problem_of(client.get(AREAS, {"page_size": size}), 400)

    assert "1 to 100" in body["detail"]
    assert body["errors"] == [
        {"field": "page_size", "location": "query", "message": body["detail"], "code": "invalid"}
    ]


def test_the_largest_page_size_is_allowed(client: Client, borough: Area) -> None:
    assert client.get(AREAS, {"page_size": "100"}).json()["page_size"] == 100


def test_the_list_takes_a_bounded_number_of_queries(
    client: Client, borough: Area, django_assert_max_num_queries: Any
) -> None:
    for _ in range(30):
        factories.AreaFactory(parent=borough)

    with django_assert_max_num_queries(3):
        response = client.get(AREAS, {"page_size": 50})

    assert len(response.json()["items"]) == 35


def test_one_area_has_its_children(client: Client, borough: Area) -> None:
    body = client.get(f"{AREAS}/riverside").json()

    assert body["name"] == "Riverside"
    assert body["parent"] is None
    assert [child["name"] for child in body["children"]] == ["East", "North", "South"]
    assert body["boundary"] is None


def test_coordinates_are_numbers(client: Client, borough: Area) -> None:
    Area.objects.filter(pk=borough.pk).update(latitude="51.507400", longitude="-0.127800")

    body = client.get(f"{AREAS}/riverside").json()

    assert (body["latitude"], body["longitude"]) == (51.5074, -0.1278)


def test_one_area_takes_a_bounded_number_of_queries(
    client: Client, borough: Area, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(3):
        client.get(f"{AREAS}/riverside")


def test_an_unknown_area_is_a_404_problem(client: Client, borough: Area) -> None:
    body = problem_of(client.get(f"{AREAS}/atlantis"), 404)

    assert "atlantis" in body["detail"]


@pytest.mark.parametrize("url", [f"{AREAS}/a%00b", f"{AREAS}?parent=a%00b", f"{AREAS}/caf%C3%A9"])
def test_a_slug_that_cannot_exist_is_a_422_problem(client: Client, borough: Area, url: str) -> None:
    problem_of(client.get(url), 422)
