"""Every API error is an RFC 9457 problem, whatever raised it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory

from coproduce.api.api import api
from coproduce.common.errors import Conflict, NotFound, PermissionDenied, ServiceError
from tests.api.conftest import problem_of


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ServiceError("That cannot be done.", field="name"), 400),
        (PermissionDenied(), 403),
        (NotFound(), 404),
        (Conflict("Someone changed it first."), 409),
    ],
)
def test_service_errors_become_problems_with_their_status(error: ServiceError, status: int) -> None:
    request = RequestFactory().get("/api/v1/anything")

    body = problem_of(api.on_exception(request, error), status)

    assert body["detail"] == error.message
    assert body["instance"] == "/api/v1/anything"


def test_a_service_error_on_a_field_lists_it() -> None:
    request = RequestFactory().post("/api/v1/anything")
    error = ServiceError("Enter a name.", field="name")

    body = problem_of(api.on_exception(request, error), 400)

    assert body["errors"] == [
        {"field": "name", "location": "body", "message": "Enter a name.", "code": "invalid"}
    ]


@pytest.mark.parametrize(
    ("error", "status"), [(Http404("No Area matches"), 404), (DjangoPermissionDenied(), 403)]
)
def test_djangos_own_errors_become_problems(error: Exception, status: int) -> None:
    request = RequestFactory().get("/api/v1/anything")

    body = problem_of(api.on_exception(request, error), status)

    assert "Area" not in body["detail"]


def test_an_unexpected_failure_is_a_500_problem_that_gives_nothing_away() -> None:
    request = RequestFactory().get("/api/v1/anything")

    body = problem_of(api.on_exception(request, RuntimeError("secret internals")), 500)

    assert "secret" not in body["detail"]


def test_an_unknown_address_under_the_api_is_a_404_problem(client: Client) -> None:
    problem_of(client.get("/api/v1/nothing-here"), 404)
    problem_of(client.post("/api/v1/nothing/here"), 404)


def test_the_api_root_leads_to_the_documentation(client: Client) -> None:
    response = client.get("/api/v1/")

    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs"


def test_a_wrong_method_on_a_public_list_is_a_405_problem(client: Client, db: None) -> None:
    response = client.post("/api/v1/areas", {}, content_type="application/json")

    problem_of(response, 405)
    assert response["Allow"] == "GET"
