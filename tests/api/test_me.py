"""GET and PATCH /api/v1/me: the person using the API."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.common import audit
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests import factories
from tests.api.conftest import problem_of

ME = "/api/v1/me"


def patch(client: Client, data: Any) -> Any:
    return client.patch(ME, data, content_type="application/json")


def test_me_describes_the_resident(script: Client, resident: User) -> None:
    assert script.get(ME).json() == {
        "id": resident.pk,
        "display_name": "Rita Resident",
        "email": "rita@example.org",
        "preferred_language": "en",
        "roles": ["resident"],
        "organisations": [],
    }


def test_me_lists_roles_and_organisations_of_a_group_member(
    as_group_member: Client, vcs_group: Organisation
) -> None:
    body = as_group_member.get(ME).json()

    assert body["roles"] == ["resident", "group_member"]
    assert body["organisations"] == [
        {
            "slug": "riverside-food-bank",
            "name": "Riverside Food Bank",
            "kind": "vcs",
            "role": "manager",
            "title": "",
        }
    ]


def test_me_shows_a_coordinators_role(as_coordinator: Client) -> None:
    assert "coordinator" in as_coordinator.get(ME).json()["roles"]


def test_me_takes_a_bounded_number_of_queries(
    resident: User, script: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(5):
        factories.MembershipFactory(person=resident)

    with django_assert_max_num_queries(8):
        response = script.get(ME)

    assert len(response.json()["organisations"]) == 5


def test_changing_name_and_language_saves_and_is_audited(script: Client, resident: User) -> None:
    response = patch(script, {"display_name": "  Rita R  ", "preferred_language": "cy"})

    assert response.status_code == 200
    assert response.json()["display_name"] == "Rita R"
    assert response.json()["preferred_language"] == "cy"
    resident.refresh_from_db()
    assert (resident.display_name, resident.preferred_language) == ("Rita R", "cy")
    event = audit.events_for(resident).get()
    assert event.actor == resident
    assert event.changes["preferred_language"] == "cy"


def test_sending_only_one_field_leaves_the_other(script: Client, resident: User) -> None:
    patch(script, {"preferred_language": "ar"})

    resident.refresh_from_db()
    assert (resident.display_name, resident.preferred_language) == ("Rita Resident", "ar")


def test_an_empty_change_changes_nothing(script: Client, resident: User) -> None:
    response = patch(script, {})

    assert response.status_code == 200
    assert not audit.events_for(resident).exists()


def test_an_unknown_language_is_a_422_problem_naming_the_field(
    script: Client, resident: User
) -> None:
    body = problem_of(patch(script, {"preferred_language": "xx"}), 422)

    assert [error["field"] for error in body["errors"]] == ["preferred_language"]
    assert body["errors"][0]["location"] == "body"
    resident.refresh_from_db()
    assert resident.preferred_language == "en"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "   "}, "display_name"),
        ({"display_name": "x" * 121}, "display_name"),
        ({"display_name": "Rita\x00"}, "display_name"),
        ({"display_name": "Ri\nta"}, "display_name"),
        ({"display_name": 42}, "display_name"),
        ({"display_name": ["Rita"]}, "display_name"),
        ({"preferred_language": 1}, "preferred_language"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
)
def test_wrong_values_and_types_are_a_422_problem(
    script: Client, resident: User, data: dict[str, Any], field: str
) -> None:
    body = problem_of(patch(script, data), 422)

    assert field in [error["field"] for error in body["errors"]]
    assert all(error["message"] for error in body["errors"])
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"


@pytest.mark.parametrize("raw", ['{"display_name": "Rita"', "not json", "\x00\xff", "{'a': 1}"])
def test_malformed_json_is_a_400_problem(script: Client, resident: User, raw: str) -> None:
    body = problem_of(script.patch(ME, raw, content_type="application/json"), 400)

    assert "JSON" in body["detail"]
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"


@pytest.mark.parametrize("raw", ["[]", '"Rita"', "42", "null"])
def test_json_that_is_not_an_object_is_a_4xx_problem(script: Client, raw: str) -> None:
    response = script.patch(ME, raw, content_type="application/json")

    assert response.status_code in {400, 422}
    problem_of(response, response.status_code)


def test_me_needs_sign_in(client: Client) -> None:
    problem_of(client.get(ME), 401)
    problem_of(patch(client, {"display_name": "Anyone"}), 401)


def test_another_method_is_a_405_problem(script: Client) -> None:
    response = script.delete(ME)

    problem_of(response, 405)
    assert set(response["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}


def test_a_body_too_big_to_read_is_a_413_problem(
    script: Client, resident: User, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100

    response = patch(script, {"display_name": "x" * 200})

    problem_of(response, 413)
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"
