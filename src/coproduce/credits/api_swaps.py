"""Time-bank swaps in the API: list them, post one, answer one, say it is done.

Any member may post or answer. Only the two people in a swap confirm it; when both have, the
hours move once from the person helped to the helper (confirming again changes nothing).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import Q
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints, WithJsonSchema

from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.common.errors import NotFound, ServiceError
from coproduce.credits import selectors
from coproduce.credits.models import Swap
from coproduce.credits.rounding import QUARTERS_PER_CREDIT, credits_to_quarters
from coproduce.credits.services import swaps
from coproduce.people.models import User

router = Router(tags=["credits"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
SwapKind = Annotated[Swap.Kind, WithJsonSchema({"type": "string", "enum": Swap.Kind.values})]
SwapStatus = Annotated[Swap.Status, WithJsonSchema({"type": "string", "enum": Swap.Status.values})]
PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


class SwapOut(Schema):
    id: int
    kind: SwapKind = Field(description="offer: the poster can help; request: they need help.")
    title: str
    description: str
    hours: float = Field(description="The time, in hours; the helper gets as many credits.")
    status: SwapStatus
    posted_by: str
    responder: str | None
    poster_confirmed: bool
    responder_confirmed: bool
    transaction: int | None = Field(
        alias="transaction_id", description="The ledger transaction once the hours moved."
    )
    created_at: datetime

    @staticmethod
    def resolve_hours(swap: Swap) -> float:
        return swap.hours / QUARTERS_PER_CREDIT

    @staticmethod
    def resolve_posted_by(swap: Swap) -> str:
        return swap.posted_by.display_name

    @staticmethod
    def resolve_responder(swap: Swap) -> str | None:
        return swap.responder.display_name if swap.responder is not None else None


class SwapPageOut(PageOut[SwapOut]):
    pass


class SwapListIn(Schema):
    status: SwapStatus | None = Field(None, description="Only swaps in this state.")
    mine: bool = Field(False, description="Only swaps you posted or answered.")


class SwapIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: SwapKind
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=160)]
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    hours: Decimal = Field(description="In quarters of an hour: 1, 1.5, 0.25.", gt=0, le=24)


def _person(request: HttpRequest) -> User:
    person = request.auth  # type: ignore[attr-defined]
    assert isinstance(person, User)
    return person


def _swap(swap_id: int) -> Swap:
    found = selectors.swaps_to_list().filter(pk=swap_id).first()
    if found is None:
        raise NotFound(_("There is no swap with that id."))
    return found


@router.get("", summary="List time swaps", response={200: SwapPageOut, **PROBLEMS})
def list_swaps(
    request: HttpRequest, filters: Query[SwapListIn], paging: Query[PageIn]
) -> dict[str, Any]:
    """Offers and requests of help from members, the newest first."""
    found = selectors.swaps_to_list()
    if filters.status:
        found = found.filter(status=filters.status)
    if filters.mine:
        person = _person(request)
        found = found.filter(Q(posted_by=person) | Q(responder=person))
    return paginate(request, found.order_by("-id"), paging)


@router.post("", summary="Post a time swap", response={201: SwapOut, **PROBLEMS})
def post_swap(request: HttpRequest, payload: SwapIn) -> Status:
    """Say you can help, or that you need help."""
    try:
        quarters = credits_to_quarters(payload.hours)
    except ValueError:
        raise ServiceError(
            _("Hours come in quarters: 0.25, 0.5, 0.75 or whole hours."), field="hours"
        ) from None
    swap = swaps.post_swap(
        actor=_person(request),
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        hours=quarters,
    )
    return Status(201, swap)


@router.get("/{swap_id}", summary="Get one time swap", response={200: SwapOut, **PROBLEMS})
def get_swap(request: HttpRequest, swap_id: Id) -> Swap:
    return _swap(swap_id)


@router.post(
    "/{swap_id}/respond", summary="Answer a time swap", response={200: SwapOut, **PROBLEMS}
)
def respond(request: HttpRequest, swap_id: Id) -> Swap:
    """Take up an open swap posted by someone else."""
    return swaps.respond_to_swap(actor=_person(request), swap=_swap(swap_id))


@router.post(
    "/{swap_id}/confirm", summary="Say a time swap is done", response={200: SwapOut, **PROBLEMS}
)
def confirm(request: HttpRequest, swap_id: Id) -> Swap:
    """For the two people in the swap. The second confirmation moves the hours."""
    done = swaps.confirm_swap(actor=_person(request), swap=_swap(swap_id))
    return _swap(done.pk)
