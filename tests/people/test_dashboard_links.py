from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_coordinator_finds_the_impact_report_from_their_account(as_coordinator: Client) -> None:
    page = as_coordinator.get("/people/me/").content.decode()
    assert 'href="/opportunities/impact/"' in page


def test_manager_finds_the_impact_report_from_their_account(as_group_member: Client) -> None:
    assert 'href="/opportunities/impact/"' in as_group_member.get("/people/me/").content.decode()


def test_resident_is_not_offered_the_impact_report(as_resident: Client) -> None:
    assert "/opportunities/impact/" not in as_resident.get("/people/me/").content.decode()


def test_coordinator_finds_issuing_budgets_from_their_account(as_coordinator: Client) -> None:
    assert 'href="/credits/budgets/"' in as_coordinator.get("/people/me/").content.decode()
