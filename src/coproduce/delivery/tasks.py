"""Background work for co-delivery. Tasks are idempotent: a second run sends nothing again."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks import task

from coproduce.delivery import notifications
from coproduce.delivery.models import SignUp

REMIND_FROM = datetime.timedelta(hours=24)
REMIND_UNTIL = datetime.timedelta(hours=48)
BATCH = 200


def due_reminders(now: datetime.datetime) -> QuerySet[SignUp]:
    """Confirmed places on shifts starting in 24 to 48 hours, not reminded yet, for people
    who have an email address and are happy to be emailed."""
    return (
        SignUp.objects.filter(
            status=SignUp.Status.CONFIRMED,
            reminded_at__isnull=True,
            shift__starts_at__gte=now + REMIND_FROM,
            shift__starts_at__lt=now + REMIND_UNTIL,
            shift__opportunity__is_published=True,
            person__is_active=True,
            person__email__isnull=False,
        )
        .exclude(person__email="")
        .filter(Q(person__profile__isnull=True) | Q(person__profile__contact_by_email=True))
        .order_by("id")
    )


@task()
def send_shift_reminders() -> int:
    """Email everyone due a reminder; returns how many were sent."""
    now = timezone.now()
    sent = 0
    while True:
        batch = _remind_batch(now)
        if not batch:
            return sent
        sent += batch


def _remind_batch(now: datetime.datetime) -> int:
    with transaction.atomic():
        # Rows another worker holds are skipped, so two runs at once never email one person twice.
        due = list(
            due_reminders(now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("person", "shift__opportunity")[:BATCH]
        )
        for signup in due:
            notifications.email_reminder(signup.person, signup.shift)
        SignUp.objects.filter(pk__in=[signup.pk for signup in due]).update(reminded_at=now)
        return len(due)
