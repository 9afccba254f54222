"""Budgeting processes and their ideas in the API.

Reading published processes and ideas is open; putting forward, changing and supporting an idea
need a person, with the same checks as the pages (phase, eligibility, author).
"""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints, WithJsonSchema

from coproduce.api.auth import signed_in
from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import LineOfText, Slug
from coproduce.budgeting import selectors, services
from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.services._base import MAX_MONEY
from coproduce.common.errors import NotFound
from coproduce.people.models import User
from coproduce.places.api import AreaRefOut
from coproduce.places.models import Area

router = Router(tags=["budgets"])

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
ProposalStatus = Annotated[
    Proposal.Status, WithJsonSchema({"type": "string", "enum": Proposal.Status.values})
]
Money = Annotated[int, Field(ge=1, le=MAX_MONEY)]
Title = Annotated[LineOfText, StringConstraints(min_length=1, max_length=160)]
Text = Annotated[str, StringConstraints(max_length=5000)]
WRITE_PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


class PhaseOut(Schema):
    kind: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime | None


class ProcessOut(Schema):
    slug: str
    title: str
    description: str
    budget: int = Field(description="In whole units of the currency.")
    currency: str
    phase: str = Field(description="The phase on now: not_started, ideas, review, voting, ...")
    areas: list[AreaRefOut]
    minimum_age: int | None
    residents_only: bool
    verification_required: bool
    categories: list[str]
    phases: list[PhaseOut]
    web_url: str

    @staticmethod
    def resolve_areas(process: Process) -> list[Area]:
        return list(process.areas.all())

    @staticmethod
    def resolve_phases(process: Process) -> list[Any]:
        return sorted(process.phases.all(), key=lambda phase: phase.starts_at)

    @staticmethod
    def resolve_web_url(process: Process, context: dict[str, Any]) -> str:
        return str(context["request"].build_absolute_uri(process.get_absolute_url()))


class ProcessPageOut(PageOut[ProcessOut]):
    pass


class ProposalOut(Schema):
    id: int
    title: str
    description: str
    category: str
    area: AreaRefOut | None
    latitude: float | None
    longitude: float | None
    estimated_cost: int
    final_cost: int | None = Field(description="Set at review; the ballot uses it.")
    cost: int = Field(description="The checked cost, or the rough one before review.")
    status: ProposalStatus
    is_funded: bool
    supports: int
    author: str
    web_url: str

    @staticmethod
    def resolve_latitude(proposal: Proposal) -> float | None:
        return float(proposal.latitude) if proposal.latitude is not None else None

    @staticmethod
    def resolve_longitude(proposal: Proposal) -> float | None:
        return float(proposal.longitude) if proposal.longitude is not None else None

    @staticmethod
    def resolve_supports(proposal: Proposal) -> int:
        return int(getattr(proposal, "support_count", 0))

    @staticmethod
    def resolve_author(proposal: Proposal) -> str:
        return proposal.author.display_name if proposal.author else ""

    @staticmethod
    def resolve_web_url(proposal: Proposal, context: dict[str, Any]) -> str:
        return str(context["request"].build_absolute_uri(proposal.get_absolute_url()))


class ProposalPageOut(PageOut[ProposalOut]):
    pass


class ProposalListIn(Schema):
    search: Annotated[LineOfText, StringConstraints(max_length=100)] | None = None
    category: Annotated[LineOfText, StringConstraints(max_length=80)] | None = None
    status: ProposalStatus | None = None
    sort: Annotated[str, StringConstraints(pattern=r"^(newest|supports|cost)$")] | None = None


class ProposalIn(Schema):
    title: Title
    description: Text
    estimated_cost: Money = Field(description="The rough cost, in whole units; at most the budget.")
    category: Annotated[LineOfText, StringConstraints(max_length=80)] = ""
    area: Slug | None = Field(None, description="The slug of an area in the process.")
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    submission_key: uuid.UUID | None = Field(
        None,
        description="Send the same key again after a dropped connection to get the same idea "
        "back rather than a second one.",
    )


class ProposalChangeIn(Schema):
    title: Title | None = None
    description: Text | None = None
    estimated_cost: Money | None = None
    category: Annotated[LineOfText, StringConstraints(max_length=80)] | None = None
    area: Slug | None = None


def _actor(request: HttpRequest) -> User:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, User)
    return actor


def _process(request: HttpRequest, slug: str) -> Process:
    try:
        process = selectors.process_by_slug(slug)
    except NotFound:
        process = None
    if process is None or not request.user.has_perm("budgeting.view_process", process):
        raise NotFound(_("There is no budget called %(slug)s.") % {"slug": slug})
    return process


def _proposal(request: HttpRequest, slug: str, proposal_id: int) -> Proposal:
    return selectors.proposal_detail(_process(request, slug), proposal_id)


def _area(slug: str | None) -> Area | None:
    if not slug:
        return None
    area = Area.objects.filter(slug=slug).first()
    if area is None:
        raise NotFound(_("There is no area called %(slug)s.") % {"slug": slug})
    return area


@router.get(
    "", summary="List budgets", response={200: ProcessPageOut, 400: ProblemOut, 404: ProblemOut}
)
def list_processes(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    """Published budgets, each with its phase now and the dates of every phase."""
    return paginate(request, selectors.process_list(request.user), paging)


@router.get(
    "/{slug}",
    summary="Get one budget",
    response={200: ProcessOut, 404: ProblemOut, 422: ProblemOut},
)
def get_process(request: HttpRequest, slug: Slug) -> Process:
    return _process(request, slug)


@router.get(
    "/{slug}/proposals",
    summary="List a budget's ideas",
    response={200: ProposalPageOut, 400: ProblemOut, 404: ProblemOut, 422: ProblemOut},
)
def list_proposals(
    request: HttpRequest, slug: Slug, filters: Query[ProposalListIn], paging: Query[PageIn]
) -> dict[str, Any]:
    process = _process(request, slug)
    found = selectors.proposals(
        process,
        search=filters.search or "",
        category=filters.category or "",
        status=filters.status or "",
        sort=filters.sort or "newest",
    )
    return paginate(request, found, paging)


@router.get(
    "/{slug}/proposals/{proposal_id}",
    summary="Get one idea",
    response={200: ProposalOut, 404: ProblemOut, 422: ProblemOut},
)
def get_proposal(request: HttpRequest, slug: Slug, proposal_id: Id) -> Proposal:
    return _proposal(request, slug, proposal_id)


@router.post(
    "/{slug}/proposals",
    summary="Put forward an idea",
    auth=signed_in,
    response={201: ProposalOut, **WRITE_PROBLEMS},
)
def create_proposal(request: HttpRequest, slug: Slug, payload: ProposalIn) -> Status[Proposal]:
    """In the ideas phase, for people who may take part (age, area, confirmed email)."""
    process = _process(request, slug)
    data: dict[str, Any] = payload.dict(exclude={"submission_key", "area"})
    data["area"] = _area(payload.area)
    proposal = services.create_proposal(
        actor=_actor(request),
        process=process,
        data=data,
        submission_key=payload.submission_key,
    )
    return Status(201, selectors.proposal_detail(process, proposal.pk))


@router.patch(
    "/{slug}/proposals/{proposal_id}",
    summary="Change your idea",
    auth=signed_in,
    response={200: ProposalOut, **WRITE_PROBLEMS},
)
def change_proposal(
    request: HttpRequest, slug: Slug, proposal_id: Id, payload: ProposalChangeIn
) -> Proposal:
    """Only the author, and only until review starts. Send only what changes."""
    proposal = _proposal(request, slug, proposal_id)
    data: dict[str, Any] = payload.dict(exclude_unset=True, exclude={"area"})
    if "area" in payload.model_fields_set:
        data["area"] = _area(payload.area)
    services.update_proposal(actor=_actor(request), proposal=proposal, data=data)
    return selectors.proposal_detail(proposal.process, proposal.pk)


@router.post(
    "/{slug}/proposals/{proposal_id}/support",
    summary="Support an idea",
    auth=signed_in,
    response={201: ProposalOut, **WRITE_PROBLEMS},
)
def support(request: HttpRequest, slug: Slug, proposal_id: Id) -> Status[Proposal]:
    """Once per person, in the ideas phase. Supporting again is a 409."""
    proposal = _proposal(request, slug, proposal_id)
    services.support_proposal(actor=_actor(request), proposal=proposal)
    return Status(201, selectors.proposal_detail(proposal.process, proposal.pk))


@router.delete(
    "/{slug}/proposals/{proposal_id}/support",
    summary="Stop supporting an idea",
    auth=signed_in,
    response={204: None, **WRITE_PROBLEMS},
)
def withdraw_support(request: HttpRequest, slug: Slug, proposal_id: Id) -> Status[None]:
    proposal = _proposal(request, slug, proposal_id)
    services.withdraw_support(actor=_actor(request), proposal=proposal)
    return Status(204, None)
