"""Schemathesis sends the API requests made from its own OpenAPI description, in-process.

Whatever it generates, from well-formed to strange, no operation may answer with a 5xx.
Bounded: the read operations and PATCH /me, a few dozen examples each.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from coproduce.api.api import api
from coproduce.api.services import create_token
from coproduce.people.models import User
from tests import factories

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_params={})).include(
    method="GET"
)
patch_me = schemathesis.openapi.from_dict(api.get_openapi_schema(path_params={})).include(
    method="PATCH", path="/api/v1/me"
)
app = get_wsgi_application()
FUZZ_SETTINGS = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(autouse=True)
def keep_database_open() -> Iterator[None]:
    """A WSGI request closes the database connection as it starts and ends, but the test's
    connection holds its data and must stay open. Django's test client does the same."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def borough(db: Any) -> None:
    riverside = factories.AreaFactory(slug="riverside", name="Riverside", kind="borough")
    ward = factories.AreaFactory(slug="riverside-north", name="Riverside North", parent=riverside)
    organisation = factories.OrganisationFactory(slug="food-bank", name="Food Bank")
    organisation.areas.add(ward)


@pytest.fixture
def bearer(resident: User) -> dict[str, str]:
    _token, secret = create_token(actor=resident, name="fuzz", expires_in_days=7)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.django_db
@schema.parametrize()
@FUZZ_SETTINGS
def test_no_read_operation_fails_on_generated_input(
    case: schemathesis.Case, borough: None, bearer: dict[str, str]
) -> None:
    case.call_and_validate(app=app, headers=bearer, checks=[not_a_server_error])


@pytest.mark.django_db
@patch_me.parametrize()
@FUZZ_SETTINGS
def test_changing_your_account_never_fails_on_generated_input(
    case: schemathesis.Case, bearer: dict[str, str]
) -> None:
    response = case.call_and_validate(app=app, headers=bearer, checks=[not_a_server_error])
    assert response.status_code in {200, 400, 401, 405, 422}
