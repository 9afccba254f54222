"""Votes on the demo's budgeting processes, so that the results pages have something to show.

Runs after the budgeting seed. Every process that is voting or past it, has projects on the
ballot and no ballots yet gets ballots from residents who live in its areas, through every
channel, made the same way every time. Processes past voting also get their results published.
"""

from __future__ import annotations

import random
from collections.abc import Callable

from django.db import transaction
from django.db.models import Q

from coproduce.budgeting.models import PhaseKind, Process, Proposal
from coproduce.budgeting.voting import selectors
from coproduce.budgeting.voting.models import (
    Ballot,
    BallotKind,
    Channel,
    PaperBallot,
    ResultsPublication,
    VotingSettings,
)
from coproduce.common import audit
from coproduce.people.models import ProfileArea, User
from coproduce.places.models import Area
from coproduce.seeding import DEMO_DOMAIN

SEED = 20_270_401
MOST_VOTERS = 400
CHANNELS = [(Channel.ONLINE, 80), (Channel.PAPER, 12), (Channel.ASSISTED, 8)]


def create_votes(*, log: Callable[[str], None] = print) -> int:
    """Cast the demo ballots; returns how many were made (none on a second run)."""
    made = 0
    phases = (PhaseKind.VOTING, PhaseKind.RESULTS, PhaseKind.DELIVERY)
    for process in Process.objects.filter(phase__in=phases).order_by("id"):
        if Ballot.objects.filter(process=process).exists():
            continue
        proposals = list(selectors.ballot_proposals(process))
        if not proposals:
            continue
        with transaction.atomic():
            count = _vote(process, proposals)
            if process.phase != PhaseKind.VOTING and count:
                _publish(process)
        made += count
        log(f"Cast {count} demo ballots in {process.title}.")
    return made


def _voters(process: Process, rng: random.Random) -> list[User]:
    # The demo logins keep their vote, for whoever tries the demo to cast.
    people = User.objects.filter(is_active=True, erased_at=None, is_superuser=False).exclude(
        email__endswith=f"@{DEMO_DOMAIN}"
    )
    areas = list(process.areas.values_list("pk", flat=True))
    if process.residents_only and areas:
        inside = set(areas) | set(
            Area.objects.filter(Q(parent__in=areas) | Q(parent__parent__in=areas)).values_list(
                "pk", flat=True
            )
        )
        people = people.filter(
            pk__in=ProfileArea.objects.filter(
                area__in=inside, relation=ProfileArea.Relation.LIVE
            ).values("profile__person")
        )
    ids = list(people.order_by("id").values_list("pk", flat=True)[: MOST_VOTERS * 3])
    rng.shuffle(ids)
    chosen = sorted(ids[:MOST_VOTERS])
    return list(User.objects.filter(pk__in=chosen).order_by("id"))


def _choices(
    settings: VotingSettings, proposals: list[Proposal], budget: int, rng: random.Random
) -> dict[str, int]:
    # Some projects are liked more than others, so that the count has a story to tell.
    weights = [1 + (index * 7) % 5 for index in range(len(proposals))]
    order = sorted(proposals, key=lambda p: -rng.random() * weights[proposals.index(p)])
    if settings.ballot_kind == BallotKind.CUMULATIVE:
        points = settings.points or 10
        picks: dict[str, int] = {}
        for _ in range(points):
            pick = order[min(int(rng.expovariate(0.8)), len(order) - 1)]
            picks[str(pick.pk)] = picks.get(str(pick.pk), 0) + 1
        return picks
    most = settings.max_choices if settings.ballot_kind == BallotKind.APPROVAL_K else len(order)
    wanted = rng.randint(1, max(1, min(most or 1, 5)))
    chosen: dict[str, int] = {}
    spent = 0
    for proposal in order:
        if len(chosen) >= wanted:
            break
        cost = int(proposal.cost)
        if settings.ballot_kind == BallotKind.APPROVAL_BUDGET and spent + cost > budget:
            continue
        chosen[str(proposal.pk)] = 1
        spent += cost
    return chosen


def _vote(process: Process, proposals: list[Proposal]) -> int:
    rng = random.Random(SEED + process.pk)  # noqa: S311 - made-up demo data, not secrets
    settings = selectors.settings_of(process)
    staff = User.objects.filter(is_superuser=False, role_grants__isnull=False).first()
    ballots = []
    for n, person in enumerate(_voters(process, rng)):
        choices = _choices(settings, proposals, int(process.budget), rng)
        if not choices:
            continue
        channel = rng.choices([c for c, _w in CHANNELS], weights=[w for _c, w in CHANNELS])[0]
        ballots.append(
            Ballot(
                process=process,
                voter=person,
                channel=channel,
                choices=dict(sorted(choices.items())),
                cast_by=staff if channel != Channel.ONLINE else None,
                paper_number=f"D{n + 1:05d}" if channel == Channel.PAPER else "",
            )
        )
    Ballot.objects.bulk_create(ballots, batch_size=1_000)
    PaperBallot.objects.bulk_create(
        [
            PaperBallot(
                process=process,
                paper_number=ballot.paper_number,
                status=PaperBallot.Status.COUNTED,
                ballot=ballot,
            )
            for ballot in Ballot.objects.filter(process=process, channel=Channel.PAPER)
        ]
    )
    return len(ballots)


def _publish(process: Process) -> None:
    from coproduce.budgeting.counting import count

    settings = selectors.settings_of(process)
    election = selectors.election_for(process)
    outcome = count(election, settings.rule)
    winners = [int(pk) for pk in outcome.winners]
    if not Proposal.objects.filter(process=process, is_funded=True).exists():
        Proposal.objects.filter(pk__in=winners).update(is_funded=True)
    ResultsPublication.objects.create(
        process=process,
        rule=settings.rule,
        winners=winners,
        spent=outcome.spent,
        ballots=len(election.ballots),
        published_by=None,
    )
    audit.record(
        actor=None,
        action="voting.publish_results",
        target=process,
        summary="Demo results published",
        changes={"winners": winners},
    )
