"""Issuing budgets in the API, for coordinators and administrators, as on the budgets page.

A budget limits what an organisation's pool issues in a period. Credits that would go over it
are held; approving them posts them once, however often it is asked; declining needs a reason.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints, WithJsonSchema

from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import Slug
from coproduce.common.errors import NotFound
from coproduce.common.permissions import require
from coproduce.credits.models import HeldIssuance, IssuingBudget, Transaction
from coproduce.credits.rounding import QUARTERS_PER_CREDIT
from coproduce.credits.services import budgets
from coproduce.organisations.models import Organisation
from coproduce.people.models import User

router = Router(tags=["credits"])

Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
HeldStatus = Annotated[
    HeldIssuance.Status, WithJsonSchema({"type": "string", "enum": HeldIssuance.Status.values})
]
PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


class BudgetOut(Schema):
    id: int
    organisation: str = Field(description="The organisation's slug.")
    organisation_name: str
    starts_on: datetime.date
    ends_on: datetime.date
    credits: float = Field(description="What the pool may issue in the period.")

    @staticmethod
    def resolve_organisation(budget: IssuingBudget) -> str:
        return budget.organisation.slug

    @staticmethod
    def resolve_organisation_name(budget: IssuingBudget) -> str:
        return budget.organisation.name

    @staticmethod
    def resolve_credits(budget: IssuingBudget) -> float:
        return budget.quarters / QUARTERS_PER_CREDIT


class BudgetPageOut(PageOut[BudgetOut]):
    pass


class BudgetIn(Schema):
    model_config = ConfigDict(extra="forbid")

    organisation: Slug = Field(description="The organisation's slug.")
    starts_on: datetime.date
    ends_on: datetime.date = Field(description="On or after starts_on; periods may not overlap.")
    credits: int = Field(ge=0, le=10_000_000, description="Whole credits.")


class HeldOut(Schema):
    id: int
    organisation: str = Field(description="The issuing organisation's slug.")
    person: str = Field(description="Who would get the credits.")
    credits: float
    status: HeldStatus
    reason: str = Field(description="Why they were declined.")
    transaction: int | None = Field(None, description="The ledger transaction once approved.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_organisation(held: HeldIssuance) -> str:
        return held.organisation.slug

    @staticmethod
    def resolve_person(held: HeldIssuance) -> str:
        return held.person.display_name

    @staticmethod
    def resolve_credits(held: HeldIssuance) -> float:
        return held.quarters / QUARTERS_PER_CREDIT

    @staticmethod
    def resolve_transaction(held: HeldIssuance) -> int | None:
        return getattr(held, "posted_transaction_id", None)


class HeldPageOut(PageOut[HeldOut]):
    pass


class HeldListIn(Schema):
    status: HeldStatus = Field(HeldIssuance.Status.HELD, description="Waiting ones by default.")


class DeclineIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = Field(
        description="Why the credits are declined."
    )


def _staff(request: HttpRequest) -> User:
    person = request.auth  # type: ignore[attr-defined]
    assert isinstance(person, User)
    require(person, "credits.manage_budgets")
    return person


def _held(held_id: int) -> HeldIssuance:
    found = HeldIssuance.objects.select_related("organisation", "person").filter(pk=held_id)
    held = found.first()
    if held is None:
        raise NotFound(_("There are no held credits with that id."))
    return held


@router.get("", summary="List issuing budgets", response={200: BudgetPageOut, **PROBLEMS})
def list_budgets(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    """Every organisation's budgets, the latest period first."""
    _staff(request)
    found = IssuingBudget.objects.select_related("organisation").order_by("-starts_on", "-id")
    return paginate(request, found, paging)


@router.post("", summary="Set an issuing budget", response={201: BudgetOut, **PROBLEMS})
def set_budget(request: HttpRequest, payload: BudgetIn) -> Status:
    actor = _staff(request)
    organisation = Organisation.objects.filter(slug=payload.organisation).first()
    if organisation is None:
        raise NotFound(
            _("There is no organisation called %(slug)s.") % {"slug": payload.organisation}
        )
    budget = budgets.set_issuing_budget(
        actor=actor,
        organisation=organisation,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        credits=payload.credits,
    )
    return Status(201, budget)


@router.get(
    "/held", summary="List credits held over budget", response={200: HeldPageOut, **PROBLEMS}
)
def list_held(request: HttpRequest, filters: Query[HeldListIn], paging: Query[PageIn]) -> Any:
    _staff(request)
    posted = Transaction.objects.filter(idempotency_key=OuterRef("idempotency_key"))
    found = (
        HeldIssuance.objects.filter(status=filters.status)
        .select_related("organisation", "person")
        .annotate(posted_transaction_id=Subquery(posted.values("pk")[:1]))
        .order_by("created_at", "id")
    )
    return paginate(request, found, paging)


@router.post(
    "/held/{held_id}/approve",
    summary="Approve credits held over budget",
    response={200: HeldOut, **PROBLEMS},
)
def approve(request: HttpRequest, held_id: Id) -> HeldIssuance:
    """The credits are posted. Asking again answers the same, and posts nothing more."""
    actor = _staff(request)
    held = _held(held_id)
    posted = budgets.approve_held_issuance(actor=actor, held=held)
    held.posted_transaction_id = posted.pk  # type: ignore[attr-defined]
    return held


@router.post(
    "/held/{held_id}/decline",
    summary="Decline credits held over budget",
    response={200: HeldOut, **PROBLEMS},
)
def decline(request: HttpRequest, held_id: Id, payload: DeclineIn) -> HeldIssuance:
    actor = _staff(request)
    return budgets.decline_held_issuance(actor=actor, held=_held(held_id), reason=payload.reason)
