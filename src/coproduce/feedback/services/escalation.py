"""Overdue feedback goes to a manager: once per stage, however often the check runs."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q

from coproduce.common import audit
from coproduce.feedback import notifications, selectors
from coproduce.feedback.models import Feedback

BATCH = 200
STAGE_OF_STATUS = {
    Feedback.Status.RECEIVED: Feedback.Stage.ACKNOWLEDGE,
    Feedback.Status.ACKNOWLEDGED: Feedback.Stage.RESPOND,
    Feedback.Status.REVIEW: Feedback.Stage.REVIEW,
}


def overdue_not_escalated(today: datetime.date) -> Q:
    waiting = Q()
    for status, stage in STAGE_OF_STATUS.items():
        waiting |= Q(status=status) & ~Q(escalated_stage=stage)
    return Q(next_due__lt=today) & waiting


def escalate_overdue(*, today: datetime.date) -> int:
    """Email the managers about every overdue item not yet escalated at its stage."""
    sent = 0
    while True:
        with transaction.atomic():
            batch = list(
                Feedback.objects.filter(overdue_not_escalated(today))
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("service", "area")
                .order_by("next_due", "id")[:BATCH]
            )
            for feedback in batch:
                stage = STAGE_OF_STATUS[Feedback.Status(feedback.status)]
                recipients = selectors.escalation_addresses(feedback)
                notifications.feedback_overdue(feedback, recipients)
                Feedback.objects.filter(pk=feedback.pk).update(escalated_stage=stage)
                audit.record(
                    actor=None,
                    action="feedback.escalate",
                    target=feedback,
                    summary=f"Overdue ({stage}) sent to {len(recipients)} managers",
                    changes={"stage": stage, "recipients": len(recipients)},
                )
        sent += len(batch)
        if len(batch) < BATCH:
            return sent
