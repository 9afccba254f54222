"""An organiser's message to everyone signed up for a shift."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.delivery import notifications
from coproduce.delivery.models import Shift, SignUp
from coproduce.people.models import User

MAX_SUBJECT = 150
MAX_BODY = 5_000


def message_shift(*, actor: User, shift: Shift, subject: str, body: str) -> int:
    """Email the people with a place on the shift. Returns how many were emailed.

    The audit log keeps how many, never what was said: the message may be personal.
    """
    subject, body = _checked(subject, body)
    with transaction.atomic():
        require(actor, "delivery.message_shift", shift.opportunity)
        people = [
            signup.person
            for signup in SignUp.objects.filter(shift=shift, status=SignUp.Status.CONFIRMED)
            .select_related("person__profile")
            .order_by("id")
        ]
        reachable = [person for person in people if notifications.can_email(person)]
        for person in reachable:
            notifications.email_from_organiser(
                person, shift, sender=actor, subject=subject, body=body
            )
        audit.record(
            actor=actor,
            action="delivery.message_shift",
            target=shift,
            summary=f"Emailed {len(reachable)} people signed up for {shift.opportunity.title}",
            changes={"sent": len(reachable), "not_reachable": len(people) - len(reachable)},
        )
        return len(reachable)


def _checked(subject: str, body: str) -> tuple[str, str]:
    # One line: a line break in a subject could smuggle extra email headers.
    subject = " ".join(subject.split())
    body = body.strip()
    if not subject:
        raise ServiceError(_("Enter a subject."), field="subject")
    if len(subject) > MAX_SUBJECT:
        raise ServiceError(
            _("The subject must be %(max)s characters or fewer.") % {"max": MAX_SUBJECT},
            field="subject",
        )
    if not body:
        raise ServiceError(_("Enter your message."), field="body")
    if len(body) > MAX_BODY:
        raise ServiceError(
            _("The message must be %(max)s characters or fewer.") % {"max": MAX_BODY},
            field="body",
        )
    return subject, body
