"""Background work for participatory budgeting. Tasks are idempotent: a second run changes
nothing and emails nobody twice."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from coproduce.budgeting import notifications
from coproduce.budgeting.models import Follow, Process, ProjectUpdate
from coproduce.budgeting.services import advance_by_dates


@task()
def advance_phases() -> int:
    """Move every published process whose next phase's date has passed; returns how many."""
    ids = list(
        Process.objects.filter(is_published=True)
        .exclude(phase="delivery")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    return sum(advance_by_dates(process_id=pk, now=now) for pk in ids)


@task()
def email_followers(*, update_id: int) -> int:
    """Email the people following a project about one update, once."""
    with transaction.atomic():
        update = (
            ProjectUpdate.objects.select_for_update(of=("self",))
            .select_related("project__proposal__process")
            .filter(pk=update_id, notified_at__isnull=True)
            .first()
        )
        if update is None:
            return 0
        proposal = update.project.proposal
        follows = Follow.objects.filter(proposal=proposal).select_related("person__profile")
        sent = 0
        for follow in follows.iterator(chunk_size=500):
            if notifications.can_email(follow.person):
                notifications.email_project_update(follow.person, proposal, update.text)
                sent += 1
        update.notified_at = timezone.now()
        update.save(update_fields=["notified_at"])
        return sent
