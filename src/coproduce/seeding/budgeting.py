"""Budgets in the demo borough: one taking ideas, one voting, one being delivered.

Run after the residents are made and before the demo votes, which are cast on the voting and
delivery budgets. The funded projects of the delivery budget are chosen here (the most
supported that fit), so that their progress and updates can be shown; the demo count keeps them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from coproduce.budgeting.models import (
    PHASE_ORDER,
    Comment,
    Follow,
    Offer,
    Phase,
    PhaseChange,
    Process,
    Project,
    ProjectUpdate,
    Proposal,
    ProposalDetails,
    Support,
)
from coproduce.organisations.models import Organisation
from coproduce.people.models import ProfileArea, User
from coproduce.places.models import Area

DAY = datetime.timedelta(days=1)
CATEGORIES = ["Parks and green spaces", "Young people", "Older people", "Streets", "Culture"]


@dataclass(frozen=True)
class DemoBudget:
    slug: str
    title: str
    description: str
    budget: int
    ward: str | None  # area slug; None for the whole borough
    phase: str
    ideas: tuple[tuple[str, str, str, int], ...]  # title, description, category, cost


IDEAS = (
    (
        "Benches along the river path",
        "Six benches so older people can rest on walks.",
        "Older people",
        9_000,
    ),
    (
        "Free summer holiday club",
        "Four weeks of games, trips and lunches for 8 to 14s.",
        "Young people",
        24_000,
    ),
    (
        "Wildflower verges",
        "Sow wildflowers on the grass verges of the main roads.",
        "Parks and green spaces",
        6_000,
    ),
    (
        "Safer crossing by the school",
        "A zebra crossing and lights outside the primary school.",
        "Streets",
        40_000,
    ),
    (
        "Murals in the underpass",
        "Local artists and young people paint the underpass.",
        "Culture",
        12_000,
    ),
    (
        "Community fridge",
        "A fridge at the community centre where anyone can share food.",
        "Older people",
        5_000,
    ),
    (
        "Outdoor gym in the park",
        "Simple gym machines for all ages, free to use.",
        "Parks and green spaces",
        30_000,
    ),
    ("Bike repair stand", "A public tool stand and pump by the station.", "Streets", 3_000),
)

BUDGETS = [
    DemoBudget(
        "riverside-fund-2027",
        "Riverside Community Fund 2027",
        "£250,000 for ideas from anyone who lives in Riverside. Put forward yours.",
        250_000,
        None,
        "ideas",
        IDEAS[:6],
    ),
    # The demo resident lives in Riverside North, so this is the vote they can take part in.
    DemoBudget(
        "riverside-north-2026",
        "Riverside North Ward Budget 2026",
        "£60,000 for the park, the terraced streets and the old library. Vote for the projects "
        "you want.",
        60_000,
        "riverside-north",
        "voting",
        IDEAS[1:8],
    ),
    DemoBudget(
        "millbrook-2025",
        "Millbrook Ward Budget 2025",
        "Last year's budget for Millbrook. Follow how the winning projects are going.",
        50_000,
        "millbrook",
        "delivery",
        IDEAS[:7],
    ),
]

UPDATES = [
    "We ordered everything and the work starts next month.",
    "Work has started. Thank you to everyone who offered to help.",
]


def create_budgets(*, log: Callable[[str], None] = print) -> int:
    """Make the demo budgets that are missing; returns how many were made."""
    made = 0
    council = Organisation.objects.filter(slug="riverside-council").first()
    for item in BUDGETS:
        if Process.objects.filter(slug=item.slug).exists():
            continue
        with transaction.atomic():
            _create(item, council)
        made += 1
        log(f"Made the demo budget {item.title}.")
    return made


def _people_of(ward: Area | None, count: int) -> list[User]:
    people = User.objects.filter(is_active=True, is_superuser=False, email__endswith=".example")
    if ward is not None:
        people = people.filter(
            pk__in=ProfileArea.objects.filter(area=ward, relation=ProfileArea.Relation.LIVE).values(
                "profile__person"
            )
        )
    return list(people.order_by("id")[:count])


def _create(item: DemoBudget, council: Organisation | None) -> None:
    ward = Area.objects.filter(slug=item.ward).first() if item.ward else None
    process = Process.objects.create(
        title=item.title,
        slug=item.slug,
        description=item.description,
        budget=item.budget,
        organisation=council,
        residents_only=ward is not None,
        verification_required=False,
        phase=item.phase,
        is_published=True,
        categories=CATEGORIES,
    )
    if ward is not None:
        process.areas.set([ward])
    _phases(process)
    people = _people_of(ward, 40)
    if len(people) < 4:
        return
    proposals = _ideas(process, item, ward, people)
    if item.phase == "delivery":
        _deliver(process, proposals, people)


def _phases(process: Process) -> None:
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    current = PHASE_ORDER.index(process.phase)
    for index, kind in enumerate(PHASE_ORDER):
        starts = now - 2 * DAY + (index - current) * 21 * DAY
        Phase.objects.create(
            process=process,
            kind=kind,
            starts_at=starts,
            ends_at=None if kind == PHASE_ORDER[-1] else starts + 21 * DAY,
        )
    PhaseChange.objects.create(process=process, from_phase="not_started", to_phase=process.phase)


def _ideas(
    process: Process, item: DemoBudget, ward: Area | None, people: list[User]
) -> list[Proposal]:
    reviewed = process.phase != "ideas"
    made = []
    for number, (title, description, category, cost) in enumerate(item.ideas):
        author = people[number % len(people)]
        rejected = reviewed and number == 3
        proposal = Proposal.objects.create(
            process=process,
            author=author,
            title=title,
            description=description,
            category=category,
            area=ward,
            estimated_cost=cost,
            final_cost=None if not reviewed or rejected else cost + (number % 3) * 500,
            status=(
                Proposal.Status.REJECTED
                if rejected
                else Proposal.Status.ACCEPTED
                if reviewed
                else Proposal.Status.SUBMITTED
            ),
        )
        ProposalDetails.objects.create(
            proposal=proposal,
            reviewed_at=timezone.now() if reviewed else None,
            reason="The road belongs to the county, so this budget cannot pay for it. "
            "We have passed the idea on to them."
            if rejected
            else "",
        )
        supporters = [person for person in people[: 3 + (7 * number) % 11] if person != author]
        Support.objects.bulk_create([Support(proposal=proposal, person=p) for p in supporters])
        helper = people[(number + 5) % len(people)]
        Offer.objects.create(
            proposal=proposal,
            person=helper,
            kind=("time", "skills", "space", "money")[number % 4],
            description="I can help on Saturday mornings.",
            amount=100 if number % 4 == 3 else None,
        )
        first = Comment.objects.create(
            proposal=proposal, author=people[(number + 2) % len(people)], text="Great idea!"
        )
        Comment.objects.create(
            proposal=proposal, author=author, parent=first, text="Thank you. Tell your friends."
        )
        made.append(proposal)
    return made


def _deliver(process: Process, proposals: list[Proposal], people: list[User]) -> None:
    """Fund the most supported projects that fit, and show them being built."""
    left = process.budget
    ranked = sorted(
        (p for p in proposals if p.status == Proposal.Status.ACCEPTED),
        key=lambda p: (-p.supports.count(), p.pk),
    )
    for number, proposal in enumerate(ranked):
        if proposal.cost > left:
            continue
        left -= proposal.cost
        proposal.is_funded = True
        proposal.save(update_fields=["is_funded"])
        done = number == 0
        project = Project.objects.create(
            proposal=proposal,
            status=Project.Status.DONE if done else Project.Status.IN_PROGRESS,
            progress=100 if done else min(30 + 20 * number, 90),
            spent=proposal.cost if done else proposal.cost // 3,
        )
        for text in UPDATES[: 2 if done else 1]:
            ProjectUpdate.objects.create(project=project, text=text, notified_at=timezone.now())
        Follow.objects.bulk_create(
            [Follow(proposal=proposal, person=person) for person in people[:5]],
            ignore_conflicts=True,
        )
