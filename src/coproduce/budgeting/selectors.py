"""Every non-trivial read in participatory budgeting, with the joins that keep pages' query
counts fixed however many ideas, supports and comments there are."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from coproduce.budgeting.models import (
    PHASE_ORDER,
    Comment,
    Follow,
    Offer,
    OfferKind,
    Phase,
    PhaseKind,
    Process,
    Project,
    Proposal,
    Support,
)
from coproduce.common.errors import NotFound
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of

SORTS = {
    "newest": ("-created_at", "-id"),
    "supports": ("-support_count", "-id"),
    "cost": ("estimated_cost", "id"),
}


def visible_processes(user: Any) -> QuerySet[Process]:
    """Published processes, and for staff also the ones they are still setting up."""
    roles = roles_of(user)
    processes = Process.objects.all()
    if ADMINISTRATOR in roles or COORDINATOR in roles:
        return processes
    if roles.is_staff_role:
        return processes.filter(Q(is_published=True) | Q(organisation_id__in=roles.member_of))
    return processes.filter(is_published=True)


def process_list(user: Any, *, area_slug: str = "") -> QuerySet[Process]:
    processes = visible_processes(user).select_related("organisation")
    if area_slug:
        processes = processes.filter(
            Q(areas__slug=area_slug) | Q(areas__children__slug=area_slug) | Q(areas__isnull=True)
        ).distinct()
    return (
        processes.annotate(
            proposal_count=Count(
                "proposals",
                filter=~Q(
                    proposals__status__in=[Proposal.Status.MERGED, Proposal.Status.WITHDRAWN]
                ),
                distinct=True,
            )
        )
        .prefetch_related("areas", "phases")
        .order_by("-is_published", "-created_at", "id")
    )


def process_by_slug(slug: str) -> Process:
    process = (
        Process.objects.select_related("organisation")
        .prefetch_related(
            Prefetch("areas"), Prefetch("phases", queryset=Phase.objects.order_by("starts_at"))
        )
        .filter(slug=slug)
        .first()
    )
    if process is None:
        raise NotFound(_("There is no budget at this address."))
    return process


@dataclass(frozen=True)
class PhaseStep:
    kind: str
    label: str
    starts_at: datetime.datetime | None
    ends_at: datetime.datetime | None
    state: str  # "done", "now" or "next"


def timeline(process: Process) -> list[PhaseStep]:
    """The phases in order, each marked done, now or to come. Uses the prefetched phases."""
    dates = {phase.kind: phase for phase in process.phases.all()}
    current = PHASE_ORDER.index(process.phase) if process.phase in PHASE_ORDER else -1
    steps = []
    for index, kind in enumerate(PHASE_ORDER):
        phase = dates.get(kind)
        state = "done" if index < current else "now" if index == current else "next"
        steps.append(
            PhaseStep(
                kind=kind,
                label=str(PhaseKind(kind).label),
                starts_at=phase.starts_at if phase else None,
                ends_at=phase.ends_at if phase else None,
                state=state,
            )
        )
    return steps


def next_phase(process: Process) -> PhaseStep | None:
    return next((step for step in timeline(process) if step.state == "next"), None)


def proposals(
    process: Process,
    *,
    search: str = "",
    category: str = "",
    area_id: int | None = None,
    status: str = "",
    sort: str = "newest",
) -> QuerySet[Proposal]:
    """The ideas of a process with their counts, merged and withdrawn ones left out."""
    found = (
        Proposal.objects.filter(process=process)
        .exclude(status__in=[Proposal.Status.MERGED, Proposal.Status.WITHDRAWN])
        .select_related("area", "author", "process")
        .annotate(
            support_count=Count("supports", distinct=True),
            offer_count=Count("offers", distinct=True),
            comment_count=Count(
                "comments", filter=Q(comments__hidden_at__isnull=True), distinct=True
            ),
        )
    )
    if search:
        found = found.filter(Q(title__icontains=search) | Q(description__icontains=search))
    if category:
        found = found.filter(category=category)
    if area_id:
        found = found.filter(area_id=area_id)
    if status:
        found = found.filter(status=status)
    return found.order_by(*SORTS.get(sort, SORTS["newest"]))


def supported_by(person: Any, proposal_ids: list[int]) -> set[int]:
    if person is None or not person.is_authenticated:
        return set()
    return set(
        Support.objects.filter(person=person, proposal_id__in=proposal_ids).values_list(
            "proposal_id", flat=True
        )
    )


def proposal_detail(process: Process, pk: int) -> Proposal:
    proposal = (
        Proposal.objects.filter(process=process, pk=pk)
        .select_related("area", "author", "group", "merged_into", "details", "project")
        .annotate(support_count=Count("supports", distinct=True))
        .first()
    )
    if proposal is None:
        raise NotFound(_("There is no idea at this address."))
    proposal.process = process
    return proposal


def offers_of(proposal: Proposal) -> QuerySet[Offer]:
    return (
        Offer.objects.filter(proposal=proposal)
        .select_related("person", "group", "opportunity")
        .order_by("created_at", "id")
    )


def comment_threads(proposal: Proposal) -> QuerySet[Comment]:
    """Top-level comments, oldest first, each with its replies loaded in one more query."""
    replies = Comment.objects.select_related("author").order_by("created_at", "id")
    return (
        Comment.objects.filter(proposal=proposal, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )


def offers_summary(process: Process) -> dict[int, dict[str, int]]:
    """For each proposal of the process: how many offers of each kind, and in all.

    `{proposal_id: {"time": 2, "skills": 0, "space": 1, "money": 0, "total": 3}}`; proposals
    without offers are left out.
    """
    counts: dict[int, dict[str, int]] = defaultdict(
        lambda: {**{kind: 0 for kind in OfferKind.values}, "total": 0}
    )
    rows = (
        Offer.objects.filter(proposal__process=process)
        .values_list("proposal_id", "kind")
        .annotate(number=Count("id"))
        .order_by()
    )
    for proposal_id, kind, number in rows:
        counts[proposal_id][kind] += number
        counts[proposal_id]["total"] += number
    return dict(counts)


def review_queue(process: Process, *, status: str = "") -> QuerySet[Proposal]:
    found = (
        Proposal.objects.filter(process=process)
        .exclude(status__in=[Proposal.Status.MERGED, Proposal.Status.WITHDRAWN])
        .select_related("area", "author")
        .annotate(support_count=Count("supports", distinct=True))
    )
    if status:
        found = found.filter(status=status)
    return found.order_by("status", "-support_count", "id")


def reported_comments(process: Process) -> QuerySet[Comment]:
    return (
        Comment.objects.filter(proposal__process=process, hidden_at__isnull=True)
        .annotate(report_count=Count("reports"))
        .filter(report_count__gt=0)
        .select_related("proposal", "author")
        .order_by("-report_count", "id")
    )


def funded_projects(process: Process) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(process=process, is_funded=True)
        .select_related("project", "area")
        .order_by("title", "id")
    )


def project_updates(proposal: Proposal) -> list[Any]:
    project = Project.objects.filter(proposal=proposal).first()
    if project is None:
        return []
    return list(project.updates.all()[:50])


def follows(person: Any, proposal: Proposal) -> bool:
    if person is None or not person.is_authenticated:
        return False
    return Follow.objects.filter(person=person, proposal=proposal).exists()


def merge_targets(proposal: Proposal) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(
            process_id=proposal.process_id,
            status__in=[Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED],
        )
        .exclude(pk=proposal.pk)
        .order_by("title", "id")
    )
