"""The published OpenAPI description, and the documentation page drawn from it."""

from __future__ import annotations

import re
from typing import Any

import pytest
import schemathesis
from django.test import Client
from django.urls import reverse

OUR_PATHS = {
    "/api/v1/me": {"get", "patch"},
    "/api/v1/areas": {"get"},
    "/api/v1/areas/{slug}": {"get"},
    "/api/v1/organisations": {"get"},
    "/api/v1/organisations/{slug}": {"get"},
    "/api/v1/opportunities": {"get"},
    "/api/v1/opportunities/{opportunity_id}": {"get"},
    "/api/v1/shifts/{shift_id}/sign-ups": {"post"},
    "/api/v1/shifts/{shift_id}/attendance": {"post"},
    "/api/v1/contributions": {"get", "post"},
    "/api/v1/contributions/{contribution_id}/confirm": {"post"},
    "/api/v1/contributions/{contribution_id}/reject": {"post"},
    "/api/v1/credits/balance": {"get"},
    "/api/v1/credits/transactions": {"get"},
    "/api/v1/credits/gifts": {"post"},
    "/api/v1/credits/offers": {"get"},
    "/api/v1/credits/offers/{offer_id}/codes": {"post"},
    "/api/v1/credits/swaps": {"get", "post"},
    "/api/v1/credits/swaps/{swap_id}": {"get"},
    "/api/v1/credits/swaps/{swap_id}/respond": {"post"},
    "/api/v1/credits/swaps/{swap_id}/confirm": {"post"},
    "/api/v1/credits/budgets": {"get", "post"},
    "/api/v1/credits/budgets/held": {"get"},
    "/api/v1/credits/budgets/held/{held_id}/approve": {"post"},
    "/api/v1/credits/budgets/held/{held_id}/decline": {"post"},
    "/api/v1/reports/impact": {"get"},
    "/api/v1/feedback": {"post"},
    "/api/v1/feedback/with-photos": {"post"},
    "/api/v1/feedback/follow": {"post"},
    "/api/v1/feedback/you-said-we-did": {"get"},
    "/api/v1/monitoring/schemes": {"get"},
    "/api/v1/monitoring/schemes/{scheme_id}": {"get"},
    "/api/v1/monitoring/schemes/{scheme_id}/observations": {"get", "post"},
    "/api/v1/monitoring/schemes/{scheme_id}/observations/with-photos": {"post"},
    "/api/v1/budgets": {"get"},
    "/api/v1/budgets/import/pb": {"post"},
    "/api/v1/budgets/{slug}": {"get"},
    "/api/v1/budgets/{slug}/ballot": {"get", "put"},
    "/api/v1/budgets/{slug}/results": {"get"},
    "/api/v1/budgets/{slug}/proposals": {"get", "post"},
    "/api/v1/budgets/{slug}/proposals/{proposal_id}": {"get", "patch"},
    "/api/v1/budgets/{slug}/proposals/{proposal_id}/support": {"delete", "post"},
    "/api/v1/surveys": {"get"},
    "/api/v1/surveys/{slug}": {"get"},
    "/api/v1/surveys/{slug}/responses": {"post"},
    "/api/v1/surveys/{slug}/responses/{response_id}": {"get"},
    "/api/v1/surveys/{slug}/results": {"get"},
}


@pytest.fixture
def openapi(client: Client, db: None) -> dict[str, Any]:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_the_description_is_openapi_3_1_with_our_paths(openapi: dict[str, Any]) -> None:
    assert openapi["openapi"].startswith("3.1")
    assert openapi["info"]["title"] == "coproduce API"
    assert {path: set(methods) for path, methods in openapi["paths"].items()} == OUR_PATHS


def test_the_description_is_valid(openapi: dict[str, Any]) -> None:
    schema = schemathesis.openapi.from_dict(openapi)

    operations = [result.ok() for result in schema.get_all_operations()]

    assert len(operations) == sum(len(methods) for methods in OUR_PATHS.values())


def test_schemas_are_named_thing_in_and_thing_out(openapi: dict[str, Any]) -> None:
    names = set(openapi["components"]["schemas"])

    assert {"MeOut", "MeIn", "AreaOut", "AreaDetailOut", "OrganisationOut", "ProblemOut"} <= names
    assert all(name.endswith(("In", "Out")) for name in names)


def test_errors_are_described_as_problem_json(openapi: dict[str, Any]) -> None:
    answers = openapi["paths"]["/api/v1/me"]["patch"]["responses"]

    assert set(answers["422"]["content"]) == {"application/problem+json"}
    assert set(answers["200"]["content"]) == {"application/json"}


def test_me_needs_a_token_or_the_session_and_lists_do_not(openapi: dict[str, Any]) -> None:
    schemes = openapi["components"]["securitySchemes"]

    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"
    assert openapi["paths"]["/api/v1/me"]["get"]["security"]
    assert "security" not in openapi["paths"]["/api/v1/areas"]["get"]


def test_the_documentation_page_lists_every_operation_and_schema(
    client: Client, openapi: dict[str, Any]
) -> None:
    response = client.get(reverse("api-1:openapi-view"))

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    for path, methods in OUR_PATHS.items():
        for method in methods:
            assert f"{method.upper()} {path}</code>" in html
    for name in openapi["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert html.count("<h1") == 1
    assert "<title>API for developers" in html


def test_the_documentation_page_loads_nothing_from_elsewhere(client: Client, db: None) -> None:
    html = client.get("/api/v1/docs").content.decode()

    outside = re.findall(r'(?:src|href)="((?:https?:)?//[^"]+)"', html)
    assert outside == []
    assert "swagger" not in html.lower()


def test_the_documentation_page_links_each_type_to_its_schema(client: Client, db: None) -> None:
    html = client.get("/api/v1/docs").content.decode()

    for anchor in set(re.findall(r'href="#(schema-[^"]+)"', html)):
        assert f'id="{anchor}"' in html


def test_the_documentation_page_offers_token_management_when_signed_in(
    as_resident: Client,
) -> None:
    html = as_resident.get("/api/v1/docs").content.decode()

    assert reverse("api:token-list") in html


def test_the_footer_links_to_the_documentation(client: Client, db: None) -> None:
    html = client.get("/").content.decode()

    assert 'href="/api/v1/docs"' in html
