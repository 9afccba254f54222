"""Reads for voting: the ballot paper, a voter's ballot, the counted election, turnout."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Count, QuerySet

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting.models import (
    Ballot,
    Channel,
    IdentityConfirmation,
    PaperBallot,
    ResultsPublication,
    VotingSettings,
)
from coproduce.common import rows
from coproduce.common.queries import the_one
from coproduce.people.models import ProfileArea

if TYPE_CHECKING:
    from coproduce.budgeting.counting import Election
    from coproduce.people.models import User

# Areas with fewer voters than this are shown as "fewer than 10", so nobody can be picked out.
SMALLEST_CELL = 10


def settings_of(process: Process) -> VotingSettings:
    """The process's voting settings, or the defaults (not saved) when staff set none."""
    if "voting_settings" in process._state.fields_cache:
        # Read with the process (process_for_page): no second query on the busy voting path.
        loaded = process._state.fields_cache["voting_settings"]
        return loaded if loaded is not None else VotingSettings(process=process)
    found = the_one(VotingSettings.objects.filter(process=process))
    return found if found is not None else VotingSettings(process=process)


def costs_on_ballot(process: Process) -> dict[int, int]:
    """Each project on the ballot paper and its cost: what checking a ballot needs, read for
    every ballot."""
    found = rows.values(
        Proposal,
        ["id", "final_cost", "estimated_cost"],
        "process_id = %s AND status = %s",
        [process.pk, Proposal.Status.ACCEPTED],
    )
    # As Proposal.cost: the cost set at review, or else the estimate.
    return {pk: final if final is not None else estimate for pk, final, estimate in found}


def ballot_proposals(process: Process) -> QuerySet[Proposal]:
    """The projects on the ballot paper, in a fixed order."""
    return Proposal.objects.filter(process=process, status=Proposal.Status.ACCEPTED).order_by(
        "title", "id"
    )


def current_ballot(process: Process, voter: User) -> Ballot | None:
    return the_one(Ballot.objects.filter(process=process, voter=voter, is_current=True))


def current_ballots(process: Process) -> QuerySet[Ballot]:
    return Ballot.objects.filter(process=process, is_current=True)


def identity_confirmed(process: Process, person: User) -> bool:
    return IdentityConfirmation.objects.filter(process=process, person=person).exists()


def latest_publication(process: Process) -> ResultsPublication | None:
    return ResultsPublication.objects.filter(process=process).first()


def papers_to_check(process: Process) -> QuerySet[PaperBallot]:
    return PaperBallot.objects.filter(process=process, status=PaperBallot.Status.MISMATCH)


def recent_papers(process: Process) -> QuerySet[PaperBallot]:
    return PaperBallot.objects.filter(process=process).order_by("-created_at", "-id")


def election_for(process: Process, *, proposals: list[Proposal] | None = None) -> Election:
    """The stored current ballots as an election the counting package can count.

    Ballots are sorted by their content, not by voter or time, so the published file cannot
    be matched to who voted when.
    """
    from coproduce.budgeting.counting import Election, Project

    settings = settings_of(process)
    on_ballot = list(ballot_proposals(process)) if proposals is None else proposals
    projects = tuple(
        Project(id=str(proposal.pk), cost=int(proposal.cost), name=proposal.title)
        for proposal in on_ballot
    )
    ids = {project.id for project in projects}
    ballots: list[dict[str, int]] = []
    for choices in current_ballots(process).values_list("choices", flat=True).iterator():
        kept = {key: int(points) for key, points in choices.items() if key in ids and points}
        if kept:
            ballots.append(kept)
    ballots.sort(key=lambda ballot: sorted(ballot.items()))
    kind: Literal["approval", "cumulative"] = (
        "cumulative" if settings.ballot_kind == "cumulative" else "approval"
    )
    return Election(budget=int(process.budget), projects=projects, ballots=ballots, kind=kind)


@dataclass(frozen=True)
class TurnoutLine:
    label: str
    voters: int
    # False when the number is too small to show.
    shown: bool = True


def turnout_by_channel(process: Process) -> list[TurnoutLine]:
    counts = dict(
        current_ballots(process)
        .order_by()
        .values_list("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return [
        TurnoutLine(label=str(channel.label), voters=counts[channel.value])
        for channel in Channel
        if counts.get(channel.value)
    ]


def turnout_by_area(process: Process, not_known: str) -> list[TurnoutLine]:
    """Voters by the area they live in; areas with fewer than 10 voters are not shown."""
    voters = current_ballots(process).exclude(voter=None).values("voter_id")
    rows = (
        ProfileArea.objects.filter(relation=ProfileArea.Relation.LIVE, profile__person__in=voters)
        .values("area__name")
        .annotate(n=Count("profile__person", distinct=True))
        .order_by("area__name")
    )
    lines = [_line(row["area__name"], row["n"]) for row in rows]
    placed = (
        ProfileArea.objects.filter(relation=ProfileArea.Relation.LIVE, profile__person__in=voters)
        .values("profile__person")
        .distinct()
        .count()
    )
    unplaced = current_ballots(process).count() - placed
    if unplaced:
        lines.append(_line(not_known, unplaced))
    return lines


def _line(label: str, voters: int) -> TurnoutLine:
    return TurnoutLine(label=label, voters=voters, shown=voters >= SMALLEST_CELL)


def process_for_page(slug: str) -> Process | None:
    """The process with its organisation and voting settings, in one statement written once:
    every ballot cast through the API starts here."""
    return rows.select_one(Process, "slug = %s", [slug], joined=["organisation", "voting_settings"])


@dataclass(frozen=True)
class CardHolder:
    """Who a polling card is posted to. People's profiles hold no street address, only a
    postcode and the areas they live in, so the card shows those."""

    name: str
    postcode: str
    areas: list[str]


def card_holders(people: list[User]) -> dict[int, CardHolder]:
    """Name, postcode and home areas of each person, in two queries however many there are."""
    from coproduce.people.models import Profile

    ids = [person.pk for person in people]
    postcodes = dict(Profile.objects.filter(person__in=ids).values_list("person_id", "postcode"))
    areas: dict[int, list[str]] = {}
    living = (
        ProfileArea.objects.filter(relation=ProfileArea.Relation.LIVE, profile__person__in=ids)
        .order_by("area__name")
        .values_list("profile__person_id", "area__name")
    )
    for person_id, name in living:
        areas.setdefault(person_id, []).append(name)
    return {
        person.pk: CardHolder(
            name=person.display_name,
            postcode=(postcodes.get(person.pk) or "").upper(),
            areas=areas.get(person.pk, []),
        )
        for person in people
    }


def voting_phase(process: Process) -> Any:
    """The voting phase's dates, or None for a process without dates (an imported one)."""
    from coproduce.budgeting.models import Phase, PhaseKind

    return the_one(Phase.objects.filter(process=process, kind=PhaseKind.VOTING))
