"""Signing up for shifts, the waiting list and withdrawing."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, NotFound, ServiceError
from coproduce.common.permissions import require
from coproduce.delivery import notifications, selectors
from coproduce.delivery.models import (
    SafeguardingLevel,
    Shift,
    SignUp,
)
from coproduce.delivery.services._base import (
    ACTIVE,
    _confirmed_count,
    _locked_shift,
)
from coproduce.people.models import User

# --- Signing up ---------------------------------------------------------------------------


def sign_up(*, actor: User, person: User, shift: Shift) -> SignUp:
    """A place on the shift, or a place on its waiting list when it is full."""
    with transaction.atomic():
        require(actor, "delivery.sign_up", person)
        # The person first, then the shift: one person's sign-ups happen one at a time, so two
        # overlapping shifts cannot both be taken at the same instant.
        User.objects.select_for_update().filter(pk=person.pk).first()
        shift = _locked_shift(shift.pk)
        opportunity = shift.opportunity
        if not opportunity.is_published:
            raise NotFound(_("That opportunity is not open for sign-ups."))
        _check_can_take(person, shift)
        existing = SignUp.objects.filter(shift=shift, person=person).first()
        if existing is not None and existing.status in ACTIVE:
            raise _already_signed_up(existing, actor, person)
        full = _confirmed_count(shift) >= shift.capacity
        status = SignUp.Status.WAITING if full else SignUp.Status.CONFIRMED
        position = _next_position(shift) if full else None
        created_by = actor if actor.pk != person.pk else None
        if existing is None:
            signup = SignUp.objects.create(
                shift=shift, person=person, status=status, position=position, created_by=created_by
            )
        else:
            signup = existing
            signup.status, signup.position, signup.created_by = status, position, created_by
            signup.save(update_fields=["status", "position", "created_by", "updated_at"])
        audit.record(
            actor=actor,
            action="delivery.sign_up",
            target=signup,
            on_behalf_of=person,
            summary=f"{'Joined the waiting list' if full else 'Signed up'} for {opportunity.title}",
            changes={"shift": shift.pk, "status": status, "position": position},
        )
        return signup


def _check_can_take(person: User, shift: Shift) -> None:
    if shift.starts_at <= timezone.now():
        raise ServiceError(_("This shift has already started, so you cannot sign up for it."))
    overlapping = selectors.overlapping_sign_up(person=person, shift=shift)
    if overlapping is not None:
        raise Conflict(
            _(
                "You are already signed up for %(title)s at the same time "
                "(%(start)s). You cannot be in two places at once."
            )
            % {
                "title": overlapping.shift.opportunity.title,
                "start": timezone.localtime(overlapping.shift.starts_at).strftime("%d/%m/%Y %H:%M"),
            },
            code="overlap",
        )
    _check_age(person, shift)
    _check_safeguarding(person, shift)


def _check_age(person: User, shift: Shift) -> None:
    minimum = shift.opportunity.minimum_age
    born = getattr(getattr(person, "profile", None), "date_of_birth", None)
    if not minimum or born is None:
        return
    on = timezone.localdate(shift.starts_at)
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < minimum:
        raise ServiceError(
            _("You need to be %(age)s or older to do this.") % {"age": minimum}, code="too_young"
        )


def _check_safeguarding(person: User, shift: Shift) -> None:
    level = shift.opportunity.safeguarding
    if level == SafeguardingLevel.NONE:
        return
    on = timezone.localdate(shift.ends_at)
    if selectors.valid_check(person=person, level=level, on=on) is not None:
        return
    needed = SafeguardingLevel(level).label
    raise ServiceError(
        _(
            "This needs a %(check)s that is valid on %(date)s. We have no record of one. "
            "Ask a coordinator to record your check, then sign up again."
        )
        % {"check": str(needed).lower(), "date": on.strftime("%d/%m/%Y")},
        code="safeguarding",
    )


def _next_position(shift: Shift) -> int:
    highest = SignUp.objects.filter(shift=shift, status=SignUp.Status.WAITING).aggregate(
        top=Max("position")
    )["top"]
    return (highest or 0) + 1


def _already_signed_up(existing: SignUp, actor: User, person: User) -> Conflict:
    waiting = existing.status == SignUp.Status.WAITING
    if actor.pk == person.pk:
        message = (
            _("You are already on the waiting list for this shift.")
            if waiting
            else _("You are already signed up for this shift.")
        )
    else:
        message = _("%(person)s is already signed up for this shift.") % {
            "person": person.display_name
        }
    return Conflict(message, code="duplicate")


def withdraw(*, actor: User, person: User, shift: Shift) -> SignUp:
    """Give up a place (or a place in the queue). The first person waiting takes a freed place."""
    with transaction.atomic():
        require(actor, "delivery.sign_up", person)
        shift = _locked_shift(shift.pk)
        signup = SignUp.objects.filter(shift=shift, person=person, status__in=ACTIVE).first()
        if signup is None:
            raise ServiceError(_("You are not signed up for this shift."), code="not_signed_up")
        was = signup.status
        signup.status, signup.position = SignUp.Status.WITHDRAWN, None
        signup.save(update_fields=["status", "position", "updated_at"])
        audit.record(
            actor=actor,
            action="delivery.withdraw",
            target=signup,
            on_behalf_of=person,
            summary=f"Withdrew from {shift.opportunity.title}",
            changes={"shift": shift.pk, "was": was},
        )
        _promote_waiting(actor=actor, shift=shift)
        return signup


def _promote_waiting(*, actor: User, shift: Shift) -> list[SignUp]:
    """Fill free places from the front of the waiting list. The shift must be locked."""
    free = shift.capacity - _confirmed_count(shift)
    if free <= 0:
        return []
    promoted = list(
        SignUp.objects.filter(shift=shift, status=SignUp.Status.WAITING)
        .select_related("person__profile")
        .order_by("position", "id")[:free]
    )
    for signup in promoted:
        signup.status, signup.position = SignUp.Status.CONFIRMED, None
        signup.save(update_fields=["status", "position", "updated_at"])
        audit.record(
            actor=actor,
            action="delivery.promote_from_waiting_list",
            target=signup,
            on_behalf_of=signup.person,
            summary=f"A place on {shift.opportunity.title} freed up and was given",
            changes={"shift": shift.pk},
        )
        notifications.email_promoted(signup.person, shift)
    return promoted
