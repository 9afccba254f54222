"""Background work for surveys. Safe to run twice: a closed survey stays closed."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from coproduce.common import audit
from coproduce.surveys.models import Survey


@task()
def close_finished_surveys() -> int:
    """Mark open surveys whose closing time has passed as closed; returns how many."""
    finished = list(
        Survey.objects.filter(status=Survey.Status.OPEN, closes_at__lte=timezone.now())
        .order_by("id")
        .values_list("pk", "title")
    )
    for pk, title in finished:
        closed = Survey.objects.filter(pk=pk, status=Survey.Status.OPEN).update(
            status=Survey.Status.CLOSED, updated_at=timezone.now()
        )
        if closed:
            audit.record(
                actor=None,
                action="surveys.close_survey",
                target=Survey(pk=pk, title=title),
                summary=f"Closed {title} at its closing time",
            )
    return len(finished)
