"""What every feedback service shares: deadlines, references, and text checks."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from coproduce.common.errors import ServiceError
from coproduce.feedback import workdays
from coproduce.feedback.models import MAX_TEXT, Feedback
from coproduce.feedback.references import (  # noqa: F401 - shared with the services
    new_reference,
    normalise_reference,
    private_token,
    reference_from_token,
)


def acknowledge_days() -> int:
    return int(getattr(settings, "COPRODUCE_FEEDBACK_ACKNOWLEDGE_DAYS", 3))


def respond_days() -> int:
    return int(getattr(settings, "COPRODUCE_FEEDBACK_RESPOND_DAYS", 20))


def closed_days() -> frozenset[datetime.date]:
    """Extra days the council is closed, on top of weekends and bank holidays."""
    return frozenset(
        datetime.date.fromisoformat(day)
        for day in getattr(settings, "COPRODUCE_FEEDBACK_CLOSED_DAYS", ())
    )


def due_after(start: datetime.date, days: int) -> datetime.date:
    return workdays.add_working_days(start, days, closed_days())


def working_days(start: datetime.date, end: datetime.date) -> int:
    return workdays.working_days_between(start, end, closed_days())


def check_text(value: str, *, field: str, label: str, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ServiceError(_("Enter %(what)s.") % {"what": label}, field=field)
    if len(text) > MAX_TEXT:
        raise ServiceError(
            _("%(what)s must be %(limit)s characters or fewer. You wrote %(count)s.")
            % {"what": label.capitalize(), "limit": f"{MAX_TEXT:,}", "count": f"{len(text):,}"},
            field=field,
        )
    if "\x00" in text:
        raise ServiceError(_("%(what)s has a character we cannot store.") % {"what": label})
    return text


def set_next_due(feedback: Feedback) -> None:
    stage = feedback.stage
    if stage == Feedback.Stage.ACKNOWLEDGE:
        feedback.next_due = feedback.acknowledge_due
    elif stage == Feedback.Stage.RESPOND:
        feedback.next_due = feedback.respond_due
    elif stage == Feedback.Stage.REVIEW:
        feedback.next_due = feedback.review_due
    else:
        feedback.next_due = None


def is_authenticated(user: Any) -> bool:
    return user is not None and bool(user.is_authenticated)
