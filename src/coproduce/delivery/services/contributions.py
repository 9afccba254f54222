"""Hours given: logged, confirmed or rejected, corrected, and the credits they earn."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, NotFound, ServiceError
from coproduce.common.permissions import require
from coproduce.delivery import selectors
from coproduce.delivery.models import (
    Contribution,
    Opportunity,
    Shift,
    SignUp,
)
from coproduce.delivery.services._base import (
    ACTIVE,
    MAX_HOURS_A_DAY,
    _locked_shift,
)
from coproduce.people.models import User

# --- Hours given --------------------------------------------------------------------------


def parse_hours(raw: Any) -> Decimal:
    """Hours as a person types them: more than 0 and at most 24, to the minute or so."""
    try:
        hours = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ServiceError(
            _("Enter the hours as a number, like 2 or 1.5."), field="hours"
        ) from None
    if not hours.is_finite() or hours <= 0:
        raise ServiceError(_("The hours must be more than 0."), field="hours")
    if hours > MAX_HOURS_A_DAY:
        raise ServiceError(_("You cannot give more than 24 hours in a day."), field="hours")
    return hours.quantize(Decimal("0.01"))


def log_hours(
    *,
    actor: User,
    person: User,
    opportunity: Opportunity,
    hours: Any,
    date: datetime.date,
    shift: Shift | None = None,
) -> Contribution:
    """A person says they gave time; an organiser then confirms or rejects it."""
    with transaction.atomic():
        require(actor, "delivery.log_hours", person)
        amount = parse_hours(hours)
        if not opportunity.is_published and not actor.has_perm(
            "delivery.change_opportunity", opportunity
        ):
            raise NotFound(_("That opportunity is not open."))
        if date > timezone.localdate():
            raise ServiceError(_("The date cannot be in the future."), field="date")
        if shift is not None and shift.opportunity_id != opportunity.pk:
            raise ServiceError(_("That shift is not part of this opportunity."), field="shift")
        User.objects.select_for_update().filter(pk=person.pk).first()
        _check_day_total(person, date, amount)
        contribution = Contribution.objects.create(
            person=person,
            opportunity=opportunity,
            shift=shift,
            date=date,
            hours=amount,
            status=Contribution.Status.LOGGED,
            source=Contribution.Source.LOGGED,
            recorded_by=actor,
        )
        audit.record(
            actor=actor,
            action="delivery.log_hours",
            target=contribution,
            on_behalf_of=person,
            summary=f"Logged {amount} hours for {opportunity.title}",
            changes={"hours": str(amount), "date": date, "opportunity": opportunity.pk},
        )
        return contribution


def _check_day_total(person: User, date: datetime.date, hours: Decimal) -> None:
    so_far = Contribution.objects.filter(person=person, date=date).exclude(
        status=Contribution.Status.REJECTED
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if so_far + hours > MAX_HOURS_A_DAY:
        raise ServiceError(
            _(
                "That would make more than 24 hours on %(date)s. "
                "%(hours)s hours are already recorded for that day."
            )
            % {"date": date.strftime("%d/%m/%Y"), "hours": so_far.normalize()},
            field="hours",
        )


def _locked_contribution(contribution: Contribution) -> Contribution:
    locked = (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("person", "opportunity__organisation")
        .filter(pk=contribution.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("That record of hours no longer exists."))
    return locked


def _check_not_own(actor: User, contribution: Contribution) -> None:
    if actor.pk == contribution.person_id:
        raise ServiceError(
            _("You cannot confirm or change your own hours. Ask another organiser to do it."),
            code="own_hours",
        )


def _check_logged(contribution: Contribution) -> None:
    if contribution.status != Contribution.Status.LOGGED:
        raise Conflict(
            _("These hours were already %(decision)s.")
            % {"decision": str(contribution.get_status_display()).lower()},
            code="already_decided",
        )


def checked_role(role: str | None) -> str:
    """What the person did: took part (the default), led the activity, or trained others.

    Leading and training count towards the top steps of the skills escalator.
    """
    if role is None or role == "":
        return Contribution.Role.TOOK_PART
    if role not in Contribution.Role.values:
        raise ServiceError(
            _("Choose what the person did: took part, led the activity or trained others."),
            field="role",
        )
    return str(role)


def confirm_contribution(
    *, actor: User, contribution: Contribution, role: str | None = None
) -> Contribution:
    """Confirm logged hours, saying what the person did (see `checked_role`)."""
    with transaction.atomic():
        require(actor, "delivery.decide_contribution", contribution)
        chosen = checked_role(role)
        contribution = _locked_contribution(contribution)
        _check_not_own(actor, contribution)
        _check_logged(contribution)
        contribution.status = Contribution.Status.CONFIRMED
        contribution.role = chosen
        contribution.decided_by, contribution.decided_at = actor, timezone.now()
        contribution.save(update_fields=["status", "role", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action="delivery.confirm_contribution",
            target=contribution,
            summary=f"Confirmed {contribution.hours} hours by {contribution.person.display_name}",
            changes={"status": contribution.status, "role": chosen},
        )
        _credit(actor, contribution)
        return contribution


def reject_contribution(*, actor: User, contribution: Contribution, reason: str) -> Contribution:
    with transaction.atomic():
        require(actor, "delivery.decide_contribution", contribution)
        reason = " ".join(str(reason or "").split())
        if not reason:
            raise ServiceError(_("Say why the hours are not confirmed."), field="reason")
        contribution = _locked_contribution(contribution)
        _check_not_own(actor, contribution)
        _check_logged(contribution)
        contribution.status, contribution.reason = Contribution.Status.REJECTED, reason[:1000]
        contribution.decided_by, contribution.decided_at = actor, timezone.now()
        contribution.save(update_fields=["status", "reason", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action="delivery.reject_contribution",
            target=contribution,
            summary=f"Did not confirm {contribution.hours} hours by "
            f"{contribution.person.display_name}",
            changes={"status": contribution.status, "reason": reason},
        )
        return contribution


def correct_contribution(*, actor: User, contribution: Contribution, reason: str) -> Contribution:
    """Reverse confirmed hours with a new record. The original stays as it was."""
    with transaction.atomic():
        require(actor, "delivery.correct_contribution", contribution)
        reason = " ".join(str(reason or "").split())
        if not reason:
            raise ServiceError(_("Say why the hours are being corrected."), field="reason")
        original = _locked_contribution(contribution)
        _check_not_own(actor, original)
        if original.status != Contribution.Status.CONFIRMED or original.corrects_id is not None:
            raise ServiceError(_("Only confirmed hours can be corrected."), code="not_confirmed")
        if Contribution.objects.filter(corrects=original).exists():
            raise Conflict(_("These hours were already corrected."), code="already_corrected")
        correction = Contribution.objects.create(
            person=original.person,
            opportunity=original.opportunity,
            shift=original.shift,
            date=original.date,
            hours=-original.hours,
            status=Contribution.Status.CONFIRMED,
            source=Contribution.Source.CORRECTION,
            reason=reason[:1000],
            corrects=original,
            recorded_by=actor,
            decided_by=actor,
            decided_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action="delivery.correct_contribution",
            target=correction,
            summary=f"Reversed {original.hours} hours by {original.person.display_name}",
            changes={"corrects": original.pk, "hours": str(correction.hours), "reason": reason},
        )
        _credit(actor, correction)
        return correction


def mark_attendance(
    *,
    actor: User,
    shift: Shift,
    attended_person_ids: Iterable[int],
    roles: Mapping[int, str] | None = None,
) -> list[Contribution]:
    """Confirmed hours, the length of the shift, for each person who came. Marking someone
    twice changes nothing; the register can be entered long after the shift.

    `roles` says, by person id, who led the activity or trained others; the rest took part.
    """
    with transaction.atomic():
        require(actor, "delivery.view_register", shift.opportunity)
        chosen = {person_id: checked_role(role) for person_id, role in (roles or {}).items()}
        shift = _locked_shift(shift.pk)
        if shift.starts_at > timezone.now():
            raise ServiceError(_("You can mark who came once the shift has started."))
        wanted = set(attended_person_ids)
        if actor.pk in wanted:
            raise ServiceError(
                _("You cannot confirm your own hours. Ask another organiser to mark you."),
                code="own_hours",
            )
        on_register = set(
            SignUp.objects.filter(shift=shift, person_id__in=wanted, status__in=ACTIVE).values_list(
                "person_id", flat=True
            )
        )
        if wanted - on_register:
            raise ServiceError(_("Only people on this shift's register can be marked."))
        already = selectors.people_with_hours_for_shift(shift)
        created = [
            _attendance(actor, shift, person_id, chosen.get(person_id, Contribution.Role.TOOK_PART))
            for person_id in sorted(wanted - already)
        ]
        return created


def _attendance(actor: User, shift: Shift, person_id: int, role: str) -> Contribution:
    contribution = Contribution.objects.create(
        person_id=person_id,
        opportunity=shift.opportunity,
        shift=shift,
        date=timezone.localdate(shift.starts_at),
        hours=min(shift.hours, MAX_HOURS_A_DAY),
        status=Contribution.Status.CONFIRMED,
        source=Contribution.Source.ATTENDANCE,
        role=role,
        recorded_by=actor,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    audit.record(
        actor=actor,
        action="delivery.mark_attendance",
        target=contribution,
        summary=f"Marked as present on {shift.opportunity.title}",
        changes={
            "shift": shift.pk,
            "person": person_id,
            "hours": str(contribution.hours),
            "role": role,
        },
    )
    _credit(actor, contribution)
    return contribution


def _credit(actor: User, contribution: Contribution) -> None:
    """Time credits for confirmed hours, when the credits part of the product is installed.

    The key makes a retried call harmless: the ledger issues credits once per contribution.
    A correction reverses the credits the original earned.
    """
    try:
        from coproduce.credits import services as credits
    except ImportError:
        return
    if contribution.corrects_id is not None:
        _reverse_credit(actor, credits, contribution.corrects_id)
        return
    credits.credit_for_contribution(
        actor=actor,
        contribution_id=contribution.pk,
        person=contribution.person,
        organisation=contribution.opportunity.organisation,
        hours=contribution.hours,
        key=credit_key(contribution.pk),
    )


def _reverse_credit(actor: User, credits: Any, original_id: int) -> None:
    from coproduce.credits.models import HeldIssuance, Transaction
    from coproduce.credits.services.budgets import decline_held_issuance

    key = credit_key(original_id)
    earned = Transaction.objects.filter(idempotency_key=key).first()
    if earned is not None:
        credits.reverse_transaction(
            actor=actor, original=earned, memo=f"Correction of contribution {original_id}"
        )
        return
    # Credits held over budget were never posted: the correction declines them instead.
    held = HeldIssuance.objects.filter(idempotency_key=key, status=HeldIssuance.Status.HELD).first()
    if held is not None:
        decline_held_issuance(actor=actor, held=held, reason=_("The hours were corrected."))


def credit_key(contribution_id: int) -> str:
    return f"contribution-{contribution_id}"
