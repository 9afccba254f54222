"""Safeguarding checks, and forgetting a person who asks to be erased."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.permissions import require
from coproduce.delivery.models import (
    SafeguardingCheck,
    SignUp,
)
from coproduce.delivery.services._base import (
    ACTIVE,
    _locked_shift,
)
from coproduce.delivery.services.signups import _promote_waiting
from coproduce.people.models import User

# --- Safeguarding -------------------------------------------------------------------------


def record_check(
    *,
    actor: User,
    person: User,
    kind: str,
    checked_on: datetime.date,
    expires_on: datetime.date,
) -> SafeguardingCheck:
    """That a coordinator saw a person's check. The certificate itself is never kept."""
    with transaction.atomic():
        require(actor, "delivery.record_check")
        if kind not in SafeguardingCheck.Kind.values:
            raise ServiceError(_("Choose the kind of check."), field="kind")
        if checked_on > timezone.localdate():
            raise ServiceError(
                _("The date of the check cannot be in the future."), field="checked_on"
            )
        if expires_on <= checked_on:
            raise ServiceError(
                _("The check must be valid until a date after it was made."), field="expires_on"
            )
        if not person.is_active or person.erased_at is not None:
            raise NotFound(_("We could not find that person."))
        check = SafeguardingCheck.objects.create(
            person=person,
            kind=kind,
            checked_on=checked_on,
            expires_on=expires_on,
            verified_by=actor,
        )
        audit.record(
            actor=actor,
            action="delivery.record_check",
            target=check,
            on_behalf_of=person,
            summary=f"Recorded a {kind} check for {person.display_name}",
            changes={"kind": kind, "checked_on": checked_on, "expires_on": expires_on},
        )
        return check


def forget_person(*, actor: User, person: User) -> None:
    """On erasure: checks go, places are given up; hours given stay, anonymised."""
    SafeguardingCheck.objects.filter(person=person).delete()
    shift_ids = list(
        SignUp.objects.filter(
            person=person, status__in=ACTIVE, shift__starts_at__gt=timezone.now()
        ).values_list("shift_id", flat=True)
    )
    SignUp.objects.filter(person=person).filter(~Q(status=SignUp.Status.WITHDRAWN)).update(
        status=SignUp.Status.WITHDRAWN, position=None
    )
    for shift_id in shift_ids:
        shift = _locked_shift(shift_id)
        _promote_waiting(actor=actor, shift=shift)
