"""Spending credits in the API: partners' offers, and one-time codes to show at the counter.

The list of offers is open to anyone, like the page. A code is made for yourself only; it
is returned once (only its hash is kept) and works once, for 15 minutes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status

from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import Slug
from coproduce.common.errors import NotFound
from coproduce.credits import selectors
from coproduce.credits.models import Offer
from coproduce.credits.rounding import QUARTERS_PER_CREDIT
from coproduce.credits.services import spending
from coproduce.people.models import User

router = Router(tags=["credits"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


class OfferOut(Schema):
    id: int
    title: str = Field(description="What you get.")
    partner: str = Field(description="The partner's name.")
    partner_slug: str
    credits: float = Field(description="What it costs, in credits.")
    quarters: int = Field(description="The same cost in quarter-credits.")
    monthly_cap: int = Field(description="Times one person may use it a month; 0 for no limit.")

    @staticmethod
    def resolve_partner(offer: Offer) -> str:
        return offer.organisation.name

    @staticmethod
    def resolve_partner_slug(offer: Offer) -> str:
        return offer.organisation.slug

    @staticmethod
    def resolve_credits(offer: Offer) -> float:
        return offer.cost / QUARTERS_PER_CREDIT

    @staticmethod
    def resolve_quarters(offer: Offer) -> int:
        return offer.cost


class OfferPageOut(PageOut[OfferOut]):
    pass


class OfferListIn(Schema):
    partner: Slug | None = Field(None, description="Only this partner's offers (its slug).")


class CodeOut(Schema):
    code: str = Field(description="Show it at the counter. It is not shown again.")
    offer: OfferOut
    expires_at: datetime = Field(description="It works once, until then.")


def _person(request: HttpRequest) -> User:
    person = request.auth  # type: ignore[attr-defined]
    assert isinstance(person, User)
    return person


@router.get(
    "",
    summary="List places to spend credits",
    auth=None,
    response={200: OfferPageOut, 400: ProblemOut, 404: ProblemOut, 422: ProblemOut},
)
def list_offers(
    request: HttpRequest, filters: Query[OfferListIn], paging: Query[PageIn]
) -> dict[str, Any]:
    """Every offer open now, by partner."""
    offers: QuerySet[Offer] = selectors.open_offers()
    if filters.partner:
        offers = offers.filter(organisation__slug=filters.partner)
    return paginate(request, offers, paging)


@router.post(
    "/{offer_id}/codes",
    summary="Make a code to spend credits",
    response={201: CodeOut, **PROBLEMS},
)
def make_code(request: HttpRequest, offer_id: Id) -> Status:
    """A one-time code for this offer, for yourself. You need enough credits, and the offer's
    monthly limit must not be reached; both are checked again when the code is taken."""
    offer = selectors.open_offers().filter(pk=offer_id).first()
    if offer is None:
        raise NotFound(_("There is no open offer with that id."))
    made, code = spending.make_spend_code(
        actor=_person(request), person=_person(request), offer=offer
    )
    return Status(201, {"code": code, "offer": offer, "expires_at": made.expires_at})
