"""The impact of co-delivery in the API: the same numbers, and the same rules on who sees
them, as the staff page."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from coproduce.api.auth import signed_in
from coproduce.api.problems import ProblemOut
from coproduce.api.types import Slug
from coproduce.common.errors import NotFound, PermissionDenied, ServiceError
from coproduce.credits.rounding import QUARTERS_PER_CREDIT
from coproduce.delivery import impact, reports
from coproduce.delivery.models import Opportunity
from coproduce.organisations.models import Organisation
from coproduce.places.models import Area

router = Router(tags=["reports"])
MAX_ID = 2**31 - 1


class ImpactIn(Schema):
    area: Slug | None = Field(
        None, description="Activities in the area with this slug or inside it."
    )
    organisation: Slug | None = Field(
        None, description="Offered by the organisation with this slug."
    )
    opportunity: int | None = Field(None, ge=1, le=MAX_ID, description="For this opportunity.")
    start: datetime.date | None = Field(None, description="Hours given on or after this day.")
    end: datetime.date | None = Field(None, description="Hours given on or before this day.")


class LineOut(Schema):
    label: str = Field(description="The month (YYYY-MM), age band or area; empty if not known.")
    people: int
    hours: float


class PartnerOut(Schema):
    partner: str
    credits: float


class ImpactOut(Schema):
    headline: str = Field(description='"N people have given M hours".')
    people: int = Field(description="People with confirmed hours in the scope.")
    new_people: int = Field(description="Whose first hours in the scope fall in the period.")
    returning_people: int
    hours: float = Field(description="Confirmed hours, less any corrections.")
    credits_earned: float
    credits_spent: float
    by_month: list[LineOut]
    by_age: list[LineOut]
    by_area: list[LineOut]
    spent_by_partner: list[PartnerOut]


def _scope(request: HttpRequest, filters: ImpactIn) -> reports.Scope:
    allowed = reports.impact_organisations(request.auth)  # type: ignore[attr-defined]
    if allowed is not None and not allowed:
        raise PermissionDenied(_("Only coordinators, administrators and managers see this."))
    if filters.start and filters.end and filters.end < filters.start:
        raise ServiceError(_("The end date must be on or after the start date."), field="end")
    organisation = None
    if filters.organisation:
        organisation = Organisation.objects.filter(slug=filters.organisation).first()
        if organisation is None or (allowed is not None and organisation.pk not in allowed):
            raise NotFound(_("There is no organisation you may report on with that slug."))
    area = Area.objects.filter(slug=filters.area).first() if filters.area else None
    if filters.area and area is None:
        raise NotFound(_("There is no area called %(slug)s.") % {"slug": filters.area})
    opportunity = None
    if filters.opportunity:
        opportunity = Opportunity.objects.filter(pk=filters.opportunity).first()
        if opportunity is None:
            raise NotFound(_("There is no opportunity with that id."))
    return reports.Scope(
        area=area,
        organisation=organisation,
        opportunity=opportunity,
        start=filters.start,
        end=filters.end,
        organisation_ids=allowed,
    )


def _lines(lines: list[impact.Line]) -> list[dict[str, Any]]:
    return [
        {"label": line.label, "people": line.people, "hours": float(line.hours)} for line in lines
    ]


@router.get(
    "/impact",
    auth=signed_in,
    summary="The impact of co-delivery",
    response={
        200: ImpactOut,
        400: ProblemOut,
        401: ProblemOut,
        403: ProblemOut,
        404: ProblemOut,
        422: ProblemOut,
    },
)
def get_impact(request: HttpRequest, filters: Query[ImpactIn]) -> dict[str, Any]:
    report = reports.impact_of(_scope(request, filters))
    totals = report.totals
    return {
        "headline": f"{totals.people} people have given {report.hours_text} hours",
        "people": totals.people,
        "new_people": totals.new_people,
        "returning_people": totals.returning_people,
        "hours": float(totals.hours),
        "credits_earned": report.credits_earned / QUARTERS_PER_CREDIT,
        "credits_spent": report.credits_spent / QUARTERS_PER_CREDIT,
        "by_month": _lines(totals.by_month),
        "by_age": _lines(totals.by_age),
        "by_area": _lines(totals.by_area),
        "spent_by_partner": [
            {"partner": name, "credits": amount / QUARTERS_PER_CREDIT}
            for name, amount in report.spent_by_partner
        ],
    }
