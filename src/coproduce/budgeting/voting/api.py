"""Ballots and results in the API: cast, change and see your own ballot; read the results.

The same services as the pages, so the same checks. Send an `Idempotency-Key` header with a
ballot: if the connection drops and you send it again with the same key, it counts once.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Header, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from coproduce.api.auth import signed_in
from coproduce.api.problems import ProblemOut
from coproduce.api.types import Slug
from coproduce.budgeting.models import Process
from coproduce.budgeting.voting import selectors, services
from coproduce.budgeting.voting.models import Ballot
from coproduce.budgeting.voting.results import results_of
from coproduce.budgeting.voting.services.results import MAX_PB_BYTES
from coproduce.common.errors import NotFound, PermissionDenied, ServiceError
from coproduce.people.models import User

router = Router(tags=["ballots"])

PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}
IdempotencyKey = Annotated[str, StringConstraints(max_length=100)]


class ChoiceIn(Schema):
    project: int = Field(ge=1, le=2**31 - 1, description="The project's id.")
    points: int = Field(
        1, ge=1, le=10_000, description="1 on an approval ballot; the points on a cumulative one."
    )


class BallotIn(Schema):
    choices: list[ChoiceIn] = Field(max_length=1_000)


class ChoiceOut(Schema):
    project: int
    points: int


class BallotOut(Schema):
    id: int
    channel: str
    cast_at: datetime.datetime
    choices: list[ChoiceOut]

    @staticmethod
    def resolve_choices(ballot: Ballot) -> list[dict[str, int]]:
        return [{"project": int(key), "points": value} for key, value in ballot.choices.items()]


class ProjectResultOut(Schema):
    project: int
    title: str
    cost: int
    votes: int
    supporters: int
    chosen: bool
    chosen_by_greedy: bool
    chosen_by_equal_shares: bool
    why: str


class ChannelOut(Schema):
    channel: str
    ballots: int


class ResultsOut(Schema):
    process: str
    rule: str
    published: bool
    ballots: int
    budget: int
    spent: int
    winners: list[int]
    projects: list[ProjectResultOut]
    turnout_by_channel: list[ChannelOut]


class ImportedOut(Schema):
    slug: str
    title: str
    web_url: str


def _actor(request: HttpRequest) -> User:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, User)
    return actor


def _process(request: HttpRequest, slug: str) -> Process:
    process = selectors.process_for_page(slug)
    if process is None or not request.user.has_perm("budgeting.view_process", process):
        raise NotFound(_("There is no budget with that short name."))
    return process


@router.get(
    "/{slug}/ballot",
    summary="See your ballot",
    auth=signed_in,
    response={200: BallotOut, **PROBLEMS},
)
def my_ballot(request: HttpRequest, slug: Slug) -> Ballot:
    """Your current ballot in this budget."""
    process = _process(request, slug)
    found = selectors.current_ballot(process, _actor(request))
    if found is None:
        raise NotFound(_("You have not voted in this budget."))
    return found


@router.put(
    "/{slug}/ballot",
    summary="Cast or change your ballot",
    auth=signed_in,
    response={200: BallotOut, 201: BallotOut, **PROBLEMS},
)
def cast(
    request: HttpRequest,
    slug: Slug,
    payload: BallotIn,
    idempotency_key: Annotated[IdempotencyKey | None, Header(None, alias="Idempotency-Key")] = None,
) -> Status[Ballot]:
    """201 with the new ballot; 200 with the same ballot when the same `Idempotency-Key` was
    already used for it. Changing a ballot is allowed only online, while voting is open, and
    when the budget allows changes."""
    process = _process(request, slug)
    actor = _actor(request)
    choices: dict[int, int] = {}
    for choice in payload.choices:
        choices[choice.project] = choices.get(choice.project, 0) + choice.points
    ballot = services.cast_ballot(
        actor=actor,
        voter=actor,
        process=process,
        choices=choices,
        idempotency_key=idempotency_key or "",
    )
    return Status(200 if ballot.replayed else 201, ballot)


def _results(request: HttpRequest, process: Process) -> dict[str, Any]:
    if not request.user.has_perm("voting.view_results", process):
        raise PermissionDenied(_("The results are not published yet."))
    report = results_of(process)
    return {
        "process": process.slug,
        "rule": report.rule,
        "published": selectors.latest_publication(process) is not None,
        "ballots": report.ballots,
        "budget": int(process.budget),
        "spent": sum(int(proposal.cost) for proposal in report.winners),
        "winners": [proposal.pk for proposal in report.winners],
        "projects": [
            {
                "project": line.proposal.pk,
                "title": line.proposal.title,
                "cost": int(line.proposal.cost),
                "votes": line.votes,
                "supporters": line.supporters,
                "chosen": line.chosen,
                "chosen_by_greedy": line.chosen_by_greedy,
                "chosen_by_equal_shares": line.chosen_by_equal_shares,
                "why": line.reason,
            }
            for line in report.lines
        ],
        "turnout_by_channel": [
            {"channel": line.label, "ballots": line.voters} for line in report.by_channel
        ],
    }


@router.get(
    "/{slug}/results", summary="Results of the vote", response={200: ResultsOut, **PROBLEMS}
)
def results(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    """Open to everyone once staff publish the results; staff can see them before."""
    return _results(request, _process(request, slug))


@router.post(
    "/import/pb",
    summary="Import a published election",
    auth=signed_in,
    response={201: ImportedOut, **PROBLEMS},
)
def import_election(request: HttpRequest, file: File[UploadedFile]) -> Status[dict[str, str]]:
    """A `.pb` file (the pabulib format) becomes a new budget in its results phase, with its
    projects and anonymous ballots, so that it can be recounted here. Coordinators and
    administrators only."""
    if file.size is not None and file.size > MAX_PB_BYTES:
        raise ServiceError(_("The file is too large. A .pb file can be up to 50 MB."), field="file")
    process = services.import_pb(actor=_actor(request), source=file.read())
    return Status(
        201,
        {
            "slug": process.slug,
            "title": process.title,
            "web_url": request.build_absolute_uri(f"/budgets/{process.slug}/results/"),
        },
    )
