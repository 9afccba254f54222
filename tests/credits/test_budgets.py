"""Issuing budgets: credits over an organisation's budget are held for approval, not lost."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.credits import services
from coproduce.credits.models import Account, HeldIssuance, IssuingBudget, Transaction
from coproduce.credits.selectors import ledger_report
from coproduce.organisations.models import Organisation
from coproduce.people.models import User

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def set_budget(actor: User, organisation: Organisation, credits: int) -> IssuingBudget:
    return services.set_issuing_budget(
        actor=actor,
        organisation=organisation,
        starts_on=TODAY - DAY,
        ends_on=TODAY + 30 * DAY,
        credits=credits,
    )


def earn(
    actor: User, organisation: Organisation, person: User, hours: str, key: str
) -> Transaction | None:
    return services.credit_for_contribution(
        actor=actor,
        contribution_id=int(key.rsplit("-", 1)[-1]),
        person=person,
        organisation=organisation,
        hours=hours,
        key=key,
    )


def balance(person: User) -> int:
    account = Account.objects.filter(person=person).first()
    return account.balance if account is not None else 0


@pytest.fixture
def held(
    coordinator: User, group_member: User, vcs_group: Organisation, resident: User
) -> HeldIssuance:
    set_budget(coordinator, vcs_group, 2)
    assert earn(group_member, vcs_group, resident, "3", "c-1") is None
    return HeldIssuance.objects.get()


def test_coordinator_sets_a_budget_and_it_is_audited(
    coordinator: User, vcs_group: Organisation
) -> None:
    budget = set_budget(coordinator, vcs_group, 10)
    assert budget.quarters == 40
    assert AuditEvent.objects.filter(
        action="credits.set_issuing_budget", actor=coordinator
    ).exists()


def test_budgets_for_one_organisation_cannot_overlap(
    coordinator: User, vcs_group: Organisation
) -> None:
    set_budget(coordinator, vcs_group, 10)
    with pytest.raises(ServiceError) as refused:
        services.set_issuing_budget(
            actor=coordinator,
            organisation=vcs_group,
            starts_on=TODAY + 30 * DAY,
            ends_on=TODAY + 60 * DAY,
            credits=5,
        )
    assert refused.value.field == "starts_on"
    assert IssuingBudget.objects.count() == 1


def test_a_budget_that_ends_before_it_starts_is_refused(
    administrator: User, vcs_group: Organisation
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.set_issuing_budget(
            actor=administrator,
            organisation=vcs_group,
            starts_on=TODAY,
            ends_on=TODAY - DAY,
            credits=5,
        )
    assert refused.value.field == "ends_on"
    assert not IssuingBudget.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "group_member", "professional"])
def test_only_coordinators_and_administrators_set_budgets(
    request: pytest.FixtureRequest, persona: str, vcs_group: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        set_budget(request.getfixturevalue(persona), vcs_group, 10)
    assert not IssuingBudget.objects.exists()


def test_credits_under_the_budget_are_posted(
    coordinator: User, group_member: User, vcs_group: Organisation, resident: User
) -> None:
    set_budget(coordinator, vcs_group, 5)
    assert earn(group_member, vcs_group, resident, "2", "c-1") is not None
    assert earn(group_member, vcs_group, resident, "3", "c-2") is not None
    assert balance(resident) == 20
    assert not HeldIssuance.objects.exists()


def test_credits_over_the_budget_are_held_not_posted(
    held: HeldIssuance, resident: User, vcs_group: Organisation
) -> None:
    assert balance(resident) == 0
    assert held.status == HeldIssuance.Status.HELD
    assert (held.person, held.organisation, held.quarters) == (resident, vcs_group, 12)
    assert held.contribution_id == 1
    assert not Transaction.objects.exists()
    assert AuditEvent.objects.filter(action="credits.hold_issuance").exists()


def test_the_same_key_twice_holds_once(
    held: HeldIssuance, group_member: User, vcs_group: Organisation, resident: User
) -> None:
    assert earn(group_member, vcs_group, resident, "3", "c-1") is None
    assert HeldIssuance.objects.count() == 1


def test_a_budget_for_another_period_does_not_hold(
    coordinator: User, group_member: User, vcs_group: Organisation, resident: User
) -> None:
    services.set_issuing_budget(
        actor=coordinator,
        organisation=vcs_group,
        starts_on=TODAY + 10 * DAY,
        ends_on=TODAY + 20 * DAY,
        credits=0,
    )
    assert earn(group_member, vcs_group, resident, "3", "c-1") is not None


def test_approving_posts_the_held_credits_exactly_once(
    held: HeldIssuance, coordinator: User, resident: User
) -> None:
    first = services.approve_held_issuance(actor=coordinator, held=held)
    second = services.approve_held_issuance(actor=coordinator, held=held)
    assert first.pk == second.pk
    assert Transaction.objects.count() == 1
    assert balance(resident) == 12
    held.refresh_from_db()
    assert held.status == HeldIssuance.Status.APPROVED
    assert held.decided_by == coordinator
    assert AuditEvent.objects.filter(action="credits.approve_held_issuance").count() == 1
    assert ledger_report().ok


def test_confirming_again_after_approval_posts_nothing_more(
    held: HeldIssuance,
    coordinator: User,
    group_member: User,
    vcs_group: Organisation,
    resident: User,
) -> None:
    approved = services.approve_held_issuance(actor=coordinator, held=held)
    again = earn(group_member, vcs_group, resident, "3", "c-1")
    assert again is not None and again.pk == approved.pk
    assert balance(resident) == 12


def test_a_held_key_stays_held_after_the_budget_grows(
    held: HeldIssuance,
    coordinator: User,
    group_member: User,
    vcs_group: Organisation,
    resident: User,
) -> None:
    IssuingBudget.objects.update(quarters=1000)
    assert earn(group_member, vcs_group, resident, "3", "c-1") is None
    assert balance(resident) == 0


def test_declining_needs_a_reason_and_posts_nothing(
    held: HeldIssuance, coordinator: User, resident: User
) -> None:
    with pytest.raises(ServiceError) as refused:
        services.decline_held_issuance(actor=coordinator, held=held, reason="  ")
    assert refused.value.field == "reason"
    services.decline_held_issuance(actor=coordinator, held=held, reason="Budget spent")
    held.refresh_from_db()
    assert (held.status, held.reason) == (HeldIssuance.Status.DECLINED, "Budget spent")
    assert balance(resident) == 0
    with pytest.raises(Conflict):
        services.approve_held_issuance(actor=coordinator, held=held)
    assert not Transaction.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "group_member", "professional"])
def test_only_coordinators_and_administrators_decide_held_credits(
    request: pytest.FixtureRequest, persona: str, held: HeldIssuance
) -> None:
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.approve_held_issuance(actor=actor, held=held)
    with pytest.raises(PermissionDenied):
        services.decline_held_issuance(actor=actor, held=held, reason="No")
    held.refresh_from_db()
    assert held.status == HeldIssuance.Status.HELD


def test_coordinator_page_approves_and_declines(
    as_coordinator: Client, held: HeldIssuance, resident: User
) -> None:
    page = as_coordinator.get(reverse("credits:budgets"))
    assert page.status_code == 200
    assert resident.display_name in page.content.decode()
    url = reverse("credits:held-decline", args=[held.pk])
    assert as_coordinator.post(url, {"reason": ""}).status_code == 400
    response = as_coordinator.post(reverse("credits:held-approve", args=[held.pk]))
    assert response.status_code == 302
    assert as_coordinator.post(reverse("credits:held-approve", args=[held.pk])).status_code == 302
    assert balance(resident) == 12


def test_coordinator_page_sets_a_budget(as_coordinator: Client, vcs_group: Organisation) -> None:
    data = {
        "organisation": vcs_group.pk,
        "starts_on": TODAY.isoformat(),
        "ends_on": (TODAY - DAY).isoformat(),
        "credits": "10",
    }
    assert as_coordinator.post(reverse("credits:budgets"), data).status_code == 400
    data["ends_on"] = (TODAY + DAY).isoformat()
    assert as_coordinator.post(reverse("credits:budgets"), data).status_code == 302
    assert IssuingBudget.objects.get().quarters == 40


def test_residents_cannot_see_the_budgets_page(as_resident: Client) -> None:
    assert as_resident.get(reverse("credits:budgets")).status_code == 403


def test_confirming_hours_over_the_budget_holds_the_credits(
    coordinator: User, group_member: User, vcs_group: Organisation, resident: User
) -> None:
    from coproduce.delivery import services as delivery
    from tests.delivery.conftest import make_opportunity

    set_budget(coordinator, vcs_group, 1)
    contribution = delivery.log_hours(
        actor=resident,
        person=resident,
        opportunity=make_opportunity(vcs_group),
        hours="2",
        date=TODAY - DAY,
    )
    delivery.confirm_contribution(actor=group_member, contribution=contribution)
    held = HeldIssuance.objects.get()
    assert (held.contribution_id, held.quarters) == (contribution.pk, 8)
    assert balance(resident) == 0
    services.approve_held_issuance(actor=coordinator, held=held)
    assert balance(resident) == 8


def test_correcting_hours_whose_credits_are_held_declines_the_hold(
    coordinator: User, group_member: User, vcs_group: Organisation, resident: User
) -> None:
    from coproduce.delivery import services as delivery
    from tests.delivery.conftest import make_opportunity

    set_budget(coordinator, vcs_group, 1)
    contribution = delivery.log_hours(
        actor=resident,
        person=resident,
        opportunity=make_opportunity(vcs_group),
        hours="2",
        date=TODAY - DAY,
    )
    delivery.confirm_contribution(actor=group_member, contribution=contribution)
    delivery.correct_contribution(actor=coordinator, contribution=contribution, reason="Typo")
    held = HeldIssuance.objects.get()
    assert held.status == HeldIssuance.Status.DECLINED
    with pytest.raises(Conflict):
        services.approve_held_issuance(actor=coordinator, held=held)
    assert balance(resident) == 0
