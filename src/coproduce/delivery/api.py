"""Opportunities, shifts, sign-ups and hours given in the API.

Reading opportunities is open; signing up and hours need a person.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints, WithJsonSchema

from coproduce.api.auth import signed_in
from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import LineOfText, Slug
from coproduce.common.errors import NotFound
from coproduce.common.permissions import require
from coproduce.delivery import selectors, services
from coproduce.delivery.models import Contribution, Opportunity, SafeguardingLevel, Shift, SignUp
from coproduce.people.models import Skill, User
from coproduce.places.api import AreaRefOut
from coproduce.places.models import Area

router = Router(tags=["opportunities"])
shifts_router = Router(tags=["opportunities"])

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
OpportunityKind = Annotated[
    Opportunity.Kind, WithJsonSchema({"type": "string", "enum": Opportunity.Kind.values})
]
Safeguarding = Annotated[
    SafeguardingLevel, WithJsonSchema({"type": "string", "enum": SafeguardingLevel.values})
]
SignUpStatus = Annotated[
    SignUp.Status, WithJsonSchema({"type": "string", "enum": SignUp.Status.values})
]
SearchText = Annotated[LineOfText, StringConstraints(max_length=100)]


class OrganisationRefOut(Schema):
    slug: str
    name: str


class ShiftOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int
    confirmed: int = Field(description="How many places are taken.")
    waiting: int = Field(description="How many people are on the waiting list.")


class OpportunityOut(Schema):
    id: int
    title: str
    description: str
    organisation: OrganisationRefOut
    area: AreaRefOut | None
    place: str
    is_remote: bool
    kind: OpportunityKind
    safeguarding: Safeguarding = Field(description="The check a person needs to sign up.")
    minimum_age: int | None
    next_shift: datetime.datetime | None = Field(description="When the next shift starts.")
    web_url: str

    @staticmethod
    def resolve_web_url(opportunity: Opportunity, context: dict[str, Any]) -> str:
        return str(context["request"].build_absolute_uri(opportunity.get_absolute_url()))

    @staticmethod
    def resolve_next_shift(opportunity: Opportunity) -> datetime.datetime | None:
        return getattr(opportunity, "next_shift", None)


class OpportunityDetailOut(OpportunityOut):
    what_you_do: str
    what_you_gain: str
    accessibility: str
    languages: list[str]
    skills: list[str]
    contact_name: str
    contact_email: str
    contact_phone: str
    shifts: list[ShiftOut] = Field(description="Shifts still to come, the first 50.")

    @staticmethod
    def resolve_skills(opportunity: Opportunity) -> list[str]:
        return [skill.name for skill in opportunity.skills.all()]

    @staticmethod
    def resolve_shifts(opportunity: Opportunity) -> list[Shift]:
        return list(selectors.shifts_with_places(opportunity)[:50])


class OpportunityPageOut(PageOut[OpportunityOut]):
    pass


class OpportunityListIn(Schema):
    search: SearchText | None = Field(None, description="Words in the title or description.")
    area: Slug | None = Field(None, description="In the area with this slug, or inside it.")
    skill: int | None = Field(None, ge=1, le=MAX_ID, description="Wanting the skill with this id.")
    kind: OpportunityKind | None = Field(None, description="one_off or regular.")
    on: datetime.date | None = Field(None, description="With a shift on this date.")


class SignUpOut(Schema):
    id: int
    shift: int = Field(alias="shift_id")
    status: SignUpStatus
    position: int | None = Field(description="Place on the waiting list, if waiting.")


class SignUpIn(Schema):
    person: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Sign up someone you help (coordinators). Leave out to sign yourself up.",
    )


@router.get(
    "",
    summary="Find things to do",
    response={200: OpportunityPageOut, 400: ProblemOut, 404: ProblemOut, 422: ProblemOut},
)
def list_opportunities(
    request: HttpRequest, filters: Query[OpportunityListIn], paging: Query[PageIn]
) -> dict[str, Any]:
    """Published opportunities, the soonest first."""
    area = None
    if filters.area:
        area = Area.objects.filter(slug=filters.area).first()
        if area is None:
            raise NotFound(_("There is no area called %(slug)s.") % {"slug": filters.area})
    skill = Skill.objects.filter(pk=filters.skill).first() if filters.skill else None
    if filters.skill and skill is None:
        raise NotFound(_("There is no skill with that id."))
    chosen = selectors.OpportunityFilters(
        area=area,
        skill=skill,
        kind=filters.kind or "",
        on=filters.on,
        search=filters.search or "",
    )
    return paginate(request, selectors.opportunities(chosen), paging)


@router.get(
    "/{opportunity_id}",
    summary="Get one opportunity with its shifts",
    response={200: OpportunityDetailOut, 404: ProblemOut, 422: ProblemOut},
)
def get_opportunity(request: HttpRequest, opportunity_id: Id) -> Opportunity:
    try:
        opportunity = selectors.opportunity_detail(opportunity_id)
    except NotFound:
        opportunity = None
    if opportunity is None or not request.user.has_perm("delivery.view_opportunity", opportunity):
        raise NotFound(_("There is no opportunity with that id."))
    return opportunity


@shifts_router.post(
    "/{shift_id}/sign-ups",
    summary="Sign up for a shift",
    auth=signed_in,
    response={
        201: SignUpOut,
        400: ProblemOut,
        401: ProblemOut,
        403: ProblemOut,
        404: ProblemOut,
        409: ProblemOut,
        422: ProblemOut,
    },
)
def sign_up(request: HttpRequest, shift_id: Id, payload: SignUpIn | None = None) -> Status[SignUp]:
    """A place on the shift, or on its waiting list when it is full (see `status`)."""
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, User)
    shift = Shift.objects.filter(pk=shift_id).first()
    if shift is None:
        raise NotFound(_("There is no shift with that id."))
    person = actor
    if payload is not None and payload.person is not None:
        found = User.objects.filter(pk=payload.person, is_active=True).first()
        if found is None:
            raise NotFound(_("There is no person with that id."))
        person = found
    return Status(201, services.sign_up(actor=actor, person=person, shift=shift))


# --- Hours given --------------------------------------------------------------------------

contributions_router = Router(tags=["contributions"], auth=signed_in)

ContributionStatus = Annotated[
    Contribution.Status, WithJsonSchema({"type": "string", "enum": Contribution.Status.values})
]
ContributionRole = Annotated[
    Contribution.Role, WithJsonSchema({"type": "string", "enum": Contribution.Role.values})
]
CONTRIBUTION_PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


class ContributionOut(Schema):
    id: int
    person: str = Field(description="The name of the person who gave the time.")
    opportunity: int = Field(alias="opportunity_id")
    opportunity_title: str
    date: datetime.date
    hours: float = Field(description="Negative for a correction that reverses earlier hours.")
    status: ContributionStatus
    role: ContributionRole = Field(
        description="What the person did: took part, led the activity, or trained others."
    )
    reason: str = Field(description="Why the hours were not confirmed or were corrected.")

    @staticmethod
    def resolve_person(contribution: Contribution) -> str:
        return contribution.person.display_name

    @staticmethod
    def resolve_opportunity_title(contribution: Contribution) -> str:
        return contribution.opportunity.title

    @staticmethod
    def resolve_hours(contribution: Contribution) -> float:
        return float(contribution.hours)


class ContributionPageOut(PageOut[ContributionOut]):
    pass


class ContributionListIn(Schema):
    opportunity: int | None = Field(
        None,
        ge=1,
        le=MAX_ID,
        description="Everyone's hours for this opportunity (organisers of it only).",
    )


class ContributionIn(Schema):
    opportunity: int = Field(ge=1, le=MAX_ID, description="The opportunity the time was for.")
    date: datetime.date = Field(description="The day the time was given; not in the future.")
    hours: Decimal = Field(description="More than 0 and at most 24, like 2 or 1.5.")


class ConfirmIn(Schema):
    """In the query string, so that a confirmation needs no body."""

    role: ContributionRole = Field(
        Contribution.Role.TOOK_PART,
        description="What the person did. Leading or training others is a step up the "
        "skills escalator.",
    )


class AttendedIn(Schema):
    person: int = Field(ge=1, le=MAX_ID, description="Someone on the shift's register.")
    role: ContributionRole = Field(Contribution.Role.TOOK_PART, description="What they did.")


class AttendanceIn(Schema):
    attended: list[AttendedIn] = Field(max_length=500, description="Everyone who came.")


class RejectionIn(Schema):
    reason: Annotated[str, StringConstraints(max_length=1000)] = Field(
        description="Why the hours are not confirmed; the person sees it."
    )


def _actor(request: HttpRequest) -> User:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, User)
    return actor


def _contribution(contribution_id: int) -> Contribution:
    found = (
        Contribution.objects.select_related("person", "opportunity__organisation")
        .filter(pk=contribution_id)
        .first()
    )
    if found is None:
        raise NotFound(_("There is no record of hours with that id."))
    return found


@contributions_router.get(
    "",
    summary="List hours given",
    response={200: ContributionPageOut, **CONTRIBUTION_PROBLEMS},
)
def list_contributions(
    request: HttpRequest, filters: Query[ContributionListIn], paging: Query[PageIn]
) -> dict[str, Any]:
    """Your own hours, the newest first; or, for an opportunity you organise, everyone's."""
    actor = _actor(request)
    if filters.opportunity is None:
        found = selectors.contributions_of(actor)
    else:
        opportunity = Opportunity.objects.filter(pk=filters.opportunity).first()
        if opportunity is None:
            raise NotFound(_("There is no opportunity with that id."))
        require(actor, "delivery.view_register", opportunity)
        found = Contribution.objects.filter(opportunity=opportunity)
    found = found.select_related("person", "opportunity").order_by("-date", "-id")
    return paginate(request, found, paging)


@contributions_router.post(
    "",
    summary="Log hours you gave",
    response={201: ContributionOut, **CONTRIBUTION_PROBLEMS},
)
def log_hours(request: HttpRequest, payload: ContributionIn) -> Status[Contribution]:
    """The hours wait for an organiser of the opportunity to confirm them."""
    actor = _actor(request)
    opportunity = Opportunity.objects.filter(pk=payload.opportunity).first()
    if opportunity is None:
        raise NotFound(_("There is no opportunity with that id."))
    contribution = services.log_hours(
        actor=actor, person=actor, opportunity=opportunity, hours=payload.hours, date=payload.date
    )
    return Status(201, contribution)


@contributions_router.post(
    "/{contribution_id}/confirm",
    summary="Confirm someone's hours",
    response={200: ContributionOut, **CONTRIBUTION_PROBLEMS},
)
def confirm(request: HttpRequest, contribution_id: Id, chosen: Query[ConfirmIn]) -> Contribution:
    """For organisers of the opportunity. Confirmed hours earn time credits."""
    contribution = _contribution(contribution_id)
    return services.confirm_contribution(
        actor=_actor(request), contribution=contribution, role=chosen.role
    )


@shifts_router.post(
    "/{shift_id}/attendance",
    summary="Mark who came to a shift",
    auth=signed_in,
    response={200: list[ContributionOut], **CONTRIBUTION_PROBLEMS},
)
def mark_attendance(
    request: HttpRequest, shift_id: Id, payload: AttendanceIn
) -> list[Contribution]:
    """For organisers. Each person gets confirmed hours the length of the shift, once; the
    answer lists the hours recorded now (people marked before are left as they were)."""
    shift = Shift.objects.select_related("opportunity").filter(pk=shift_id).first()
    if shift is None:
        raise NotFound(_("There is no shift with that id."))
    made = services.mark_attendance(
        actor=_actor(request),
        shift=shift,
        attended_person_ids=[entry.person for entry in payload.attended],
        roles={entry.person: entry.role for entry in payload.attended},
    )
    ids = [contribution.pk for contribution in made]
    return list(
        Contribution.objects.filter(pk__in=ids)
        .select_related("person", "opportunity")
        .order_by("id")
    )


@contributions_router.post(
    "/{contribution_id}/reject",
    summary="Do not confirm someone's hours",
    response={200: ContributionOut, **CONTRIBUTION_PROBLEMS},
)
def reject(request: HttpRequest, contribution_id: Id, payload: RejectionIn) -> Contribution:
    """For organisers of the opportunity, with the reason why."""
    contribution = _contribution(contribution_id)
    return services.reject_contribution(
        actor=_actor(request), contribution=contribution, reason=payload.reason
    )
