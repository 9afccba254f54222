"""Schemathesis sends the feedback operations whatever it can make of their description:
no answer may be a server error, whatever arrives."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from coproduce.api.api import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_params={})).include(
    path_regex="^/api/v1/feedback"
)
app = get_wsgi_application()


@pytest.fixture(autouse=True)
def keep_database_open() -> Iterator[None]:
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_feedback_operation_fails_on_generated_input(case: schemathesis.Case, db: Any) -> None:
    cache.clear()
    response = case.call_and_validate(app=app, checks=[not_a_server_error])
    assert response.status_code < 500
