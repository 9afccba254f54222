"""What every delivery service shares: limits, and the permission and model checks."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coproduce.common.errors import NotFound, ServiceError
from coproduce.delivery.models import (
    Shift,
    SignUp,
)

OPPORTUNITY_FIELDS = frozenset(
    {
        "title",
        "description",
        "what_you_do",
        "what_you_gain",
        "skills",
        "area",
        "place",
        "is_remote",
        "accessibility",
        "languages",
        "minimum_age",
        "safeguarding",
        "kind",
        "contact_name",
        "contact_email",
        "contact_phone",
    }
)
TEXT_FIELDS = (
    "title",
    "description",
    "what_you_do",
    "what_you_gain",
    "place",
    "accessibility",
    "contact_name",
    "contact_email",
    "contact_phone",
)
MAX_HOURS_A_DAY = Decimal(24)
MAX_SHIFT = datetime.timedelta(hours=24)
MAX_CAPACITY = 10_000
ACTIVE = (SignUp.Status.CONFIRMED, SignUp.Status.WAITING)


def _validate_model(instance: Any, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False, exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(str(messages[0]), field=None if field == "__all__" else field) from None


def _locked_shift(pk: int) -> Shift:
    """The shift, locked: sign-ups to one shift happen one at a time, so places are never
    given twice. (SQLite's IMMEDIATE transactions already serialise every writer.)"""
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("opportunity__organisation")
        .filter(pk=pk)
        .first()
    )
    if shift is None:
        raise NotFound(_("That shift no longer exists."))
    return shift


def _confirmed_count(shift: Shift) -> int:
    return SignUp.objects.filter(shift=shift, status=SignUp.Status.CONFIRMED).count()
