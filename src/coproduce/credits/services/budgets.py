"""Issuing budgets: how much an organisation's pool may issue in a period.

Credits that would go over the budget are held, not lost: a HeldIssuance keeps the person, the
amount and the ledger key, and a coordinator approves (the credits are posted with that key,
so a double click posts once) or declines it with a reason.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.credits.models import Account, Entry, HeldIssuance, IssuingBudget, Transaction
from coproduce.credits.rounding import format_credits
from coproduce.organisations.models import Organisation
from coproduce.people.models import User


def set_issuing_budget(
    *,
    actor: User,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    credits: int,
) -> IssuingBudget:
    """Set a budget of `credits` whole credits for the period; periods may not overlap."""
    require(actor, "credits.manage_budgets")
    if ends_on < starts_on:
        raise ServiceError(_("The end date must be on or after the start date."), field="ends_on")
    if isinstance(credits, bool) or not isinstance(credits, int) or credits < 0:
        raise ServiceError(_("The budget must be a whole number, 0 or more."), field="credits")
    with transaction.atomic():
        # Lock the organisation so two budgets for it are never checked at the same time.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        overlapping = IssuingBudget.objects.filter(
            organisation=organisation, starts_on__lte=ends_on, ends_on__gte=starts_on
        )
        if overlapping.exists():
            raise ServiceError(
                _("This organisation already has a budget for some of these dates."),
                field="starts_on",
            )
        budget = IssuingBudget.objects.create(
            organisation=organisation,
            starts_on=starts_on,
            ends_on=ends_on,
            quarters=credits * 4,
            set_by=actor,
        )
        audit.record(
            actor=actor,
            action="credits.set_issuing_budget",
            target=budget,
            summary=f"Set a budget of {credits} credits for {organisation.name}",
        )
    return budget


def budget_covering(organisation: Organisation, day: datetime.date) -> IssuingBudget | None:
    return IssuingBudget.objects.filter(
        organisation=organisation, starts_on__lte=day, ends_on__gte=day
    ).first()


def issued_in(budget: IssuingBudget, pool: Account) -> int:
    """Quarter-credits the pool issued in the budget's period, net of reversals."""
    total = Entry.objects.filter(
        account=pool,
        transaction__created_at__date__gte=budget.starts_on,
        transaction__created_at__date__lte=budget.ends_on,
    ).aggregate(total=Sum("amount"))["total"]
    return -(total or 0)


def would_exceed(pool: Account, amount: int) -> bool:
    """Whether issuing `amount` now goes over the budget. Call with the pool row locked."""
    if pool.organisation_id is None:
        return False
    budget = budget_covering(pool.organisation, timezone.localdate())  # type: ignore[arg-type]
    return budget is not None and issued_in(budget, pool) + amount > budget.quarters


def should_hold(pool: Account, amount: int, key: str) -> bool:
    """Hold if already held, or if over budget; a key already posted is replayed instead."""
    if Transaction.objects.filter(idempotency_key=key).exists():
        return False
    if HeldIssuance.objects.filter(idempotency_key=key).exists():
        return True
    return would_exceed(pool, amount)


def hold(
    *,
    actor: User,
    pool: Account,
    person: User,
    amount: int,
    key: str,
    memo: str,
    contribution_id: int | None,
) -> HeldIssuance:
    """Keep credits that went over budget. The same key again finds the same hold."""
    assert pool.organisation is not None
    held, created = HeldIssuance.objects.get_or_create(
        idempotency_key=key,
        defaults={
            "organisation": pool.organisation,
            "person": person,
            "quarters": amount,
            "memo": memo,
            "contribution_id": contribution_id,
        },
    )
    if created:
        audit.record(
            actor=actor,
            action="credits.hold_issuance",
            target=held,
            on_behalf_of=person if person.pk != actor.pk else None,
            summary=f"Held {format_credits(amount)} credits over {pool.organisation.name}'s budget",
        )
    return held


def approve_held_issuance(*, actor: User, held: HeldIssuance) -> Transaction:
    """Post held credits despite the budget. Approving twice posts once."""
    from coproduce.credits import services

    require(actor, "credits.manage_budgets")
    with transaction.atomic():
        current = HeldIssuance.objects.select_for_update().get(pk=held.pk)
        if current.status == HeldIssuance.Status.DECLINED:
            raise Conflict(_("These credits were declined."), code="held_declined")
        person = current.person
        posted = services._post(
            actor=actor,
            entries=[
                (services.issuing_pool_for(current.organisation), -current.quarters),
                (services.account_for_person(person), current.quarters),
            ],
            reason=Transaction.Reason.EARNED,
            idempotency_key=current.idempotency_key,
            on_behalf_of=person if person.pk != actor.pk else None,
            memo=current.memo,
        )
        if current.status == HeldIssuance.Status.HELD:
            current.status = HeldIssuance.Status.APPROVED
            current.decided_by = actor
            current.save(update_fields=["status", "decided_by"])
            audit.record(
                actor=actor,
                action="credits.approve_held_issuance",
                target=current,
                summary=f"Approved {format_credits(current.quarters)} held credits",
            )
    held.refresh_from_db()
    return posted


def decline_held_issuance(*, actor: User, held: HeldIssuance, reason: str) -> HeldIssuance:
    """Refuse held credits, saying why. Nothing is posted."""
    require(actor, "credits.manage_budgets")
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_("Say why the credits are declined."), field="reason")
    with transaction.atomic():
        current = HeldIssuance.objects.select_for_update().get(pk=held.pk)
        if current.status != HeldIssuance.Status.HELD:
            raise Conflict(_("These credits were already decided."), code="held_decided")
        current.status = HeldIssuance.Status.DECLINED
        current.decided_by = actor
        current.reason = reason[:500]
        current.save(update_fields=["status", "decided_by", "reason"])
        audit.record(
            actor=actor,
            action="credits.decline_held_issuance",
            target=current,
            summary=f"Declined {format_credits(current.quarters)} held credits",
        )
    held.refresh_from_db()
    return current
