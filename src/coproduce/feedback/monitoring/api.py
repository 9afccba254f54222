"""Monitoring schemes and their observations in the API.

Reading schemes is open. Recording and listing observations need a person. Photos are sent
with the web form only.
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
from coproduce.common.errors import NotFound
from coproduce.feedback.monitoring import selectors, services
from coproduce.feedback.monitoring.models import Field as Question
from coproduce.feedback.monitoring.models import Observation, Place, Reading, Scheme
from coproduce.people.models import User

router = Router(tags=["monitoring"])

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
SchemeKind = Annotated[Scheme.Kind, WithJsonSchema({"type": "string", "enum": Scheme.Kind.values})]
SchemeStatus = Annotated[
    Scheme.Status, WithJsonSchema({"type": "string", "enum": Scheme.Status.values})
]
QuestionKind = Annotated[
    Question.Kind, WithJsonSchema({"type": "string", "enum": Question.Kind.values})
]
IdempotencyKey = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{8,64}$")]
PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    401: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    409: ProblemOut,
    422: ProblemOut,
}


class PlaceOut(Schema):
    id: int
    name: str
    latitude: float
    longitude: float
    radius_m: int


class QuestionOut(Schema):
    id: int
    label: str
    help_text: str
    kind: QuestionKind
    required: bool
    min_value: float | None
    max_value: float | None
    choices: list[str]


class ChangeOut(Schema):
    label: str
    baseline: float | None = Field(description="The measure in the baseline period.")
    recent: float | None = Field(description="The measure in the latest period.")
    change_percent: float | None = Field(description="How much it moved, as a share of before.")
    text: str = Field(description='As the scheme page says it: "38% → 23%, down 40%".')


class SchemeOut(Schema):
    id: int
    title: str
    description: str
    kind: SchemeKind
    status: SchemeStatus
    area: str | None
    organisation: str | None
    web_url: str

    @staticmethod
    def resolve_area(scheme: Scheme) -> str | None:
        return scheme.area.name if scheme.area else None

    @staticmethod
    def resolve_organisation(scheme: Scheme) -> str | None:
        return scheme.organisation.name if scheme.organisation else None

    @staticmethod
    def resolve_web_url(scheme: Scheme, context: dict[str, Any]) -> str:
        return str(context["request"].build_absolute_uri(scheme.get_absolute_url()))


class SchemeDetailOut(SchemeOut):
    requirement: str = Field(description="agree (to the code of conduct) or training.")
    code_of_conduct: str
    training: str
    baseline_start: datetime.date | None
    baseline_end: datetime.date | None
    places: list[PlaceOut]
    questions: list[QuestionOut]
    change: ChangeOut | None = Field(description="Against the baseline, when there is a measure.")

    @staticmethod
    def resolve_places(scheme: Scheme) -> list[Place]:
        return list(scheme.places.all())

    @staticmethod
    def resolve_questions(scheme: Scheme) -> list[Question]:
        return list(scheme.fields.all())

    @staticmethod
    def resolve_change(scheme: Scheme) -> dict[str, Any] | None:
        return getattr(scheme, "change", None)


class SchemePageOut(PageOut[SchemeOut]):
    pass


class ObservationIn(Schema):
    key: IdempotencyKey = Field(
        description="Made by your app for each observation. Sending the same key again "
        "(after a lost connection) returns the first observation and records nothing new."
    )
    place: int = Field(ge=1, le=MAX_ID, description="The id of one of the scheme's places.")
    observed_at: datetime.datetime
    answers: dict[str, str | float | None] = Field(
        default_factory=dict,
        description="Answers by question id. A location is 'latitude, longitude'.",
    )
    hours: Decimal | None = Field(
        None, description="Time spent, logged as hours given if the scheme is an opportunity."
    )


class ReadingOut(Schema):
    question: int = Field(alias="field_id")
    value: str

    @staticmethod
    def resolve_value(reading: Reading) -> str:
        return reading.display


class ObservationOut(Schema):
    id: int
    place: int = Field(alias="place_id")
    observed_at: datetime.datetime
    excluded: bool = Field(alias="is_excluded")
    excluded_reason: str
    readings: list[ReadingOut]

    @staticmethod
    def resolve_readings(observation: Observation, context: dict[str, Any]) -> list[Reading]:
        """Counts and choices for everyone; free text too for those who run the scheme."""
        details = context["request"].user.has_perm(
            "monitoring.view_observation_details", observation.scheme
        )
        shown = {Question.Kind.NUMBER, Question.Kind.CHOICE}
        if details:
            shown |= {Question.Kind.TEXT, Question.Kind.TIME, Question.Kind.LOCATION}
        return [r for r in observation.readings.all() if r.field.kind in shown]


class ObservationPageOut(PageOut[ObservationOut]):
    pass


def _scheme(request: HttpRequest, scheme_id: int) -> Scheme:
    scheme = selectors.scheme_detail(scheme_id)
    if scheme is None or not request.user.has_perm("monitoring.view_scheme", scheme):
        raise NotFound(_("There is no monitoring scheme with that id."))
    return scheme


def _actor(request: HttpRequest) -> User:
    actor = request.auth  # type: ignore[attr-defined]
    assert isinstance(actor, User)
    # Permissions below read request.user; a token sets only request.auth.
    request.user = actor
    return actor


@router.get("", summary="List monitoring schemes", response={200: SchemePageOut, **PROBLEMS})
def list_schemes(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    """Open and closed schemes, by name."""
    return paginate(request, selectors.visible_schemes(request.user), paging)


@router.get(
    "/{scheme_id}",
    summary="Get one scheme with its places, questions and change",
    response={200: SchemeDetailOut, **PROBLEMS},
)
def get_scheme(request: HttpRequest, scheme_id: Id) -> Scheme:
    from coproduce.feedback.monitoring.presenting import change_text

    scheme = _scheme(request, scheme_id)
    change = None
    if scheme.has_measure:
        trend = selectors.trend_of(scheme, list(scheme.places.all()))
        label = scheme.measure_label or _("Measure")
        change = {
            "label": label,
            "baseline": trend.overall.before,
            "recent": trend.overall.after,
            "change_percent": trend.overall.percent,
            "text": change_text(label, trend.overall, scheme.measure_kind),
        }
    scheme.change = change  # type: ignore[attr-defined]
    return scheme


@router.get(
    "/{scheme_id}/observations",
    summary="List a scheme's observations",
    auth=signed_in,
    response={200: ObservationPageOut, **PROBLEMS},
)
def list_observations(request: HttpRequest, scheme_id: Id, paging: Query[PageIn]) -> dict[str, Any]:
    """The newest first. Observations left out by a coordinator are listed, marked."""
    _actor(request)
    scheme = _scheme(request, scheme_id)
    found = selectors.observations_of(scheme).select_related("scheme__organisation")
    return paginate(request, found, paging)


@router.post(
    "/{scheme_id}/observations",
    summary="Record an observation",
    auth=signed_in,
    response={200: ObservationOut, 201: ObservationOut, **PROBLEMS},
)
def submit_observation(
    request: HttpRequest, scheme_id: Id, payload: ObservationIn
) -> Status[Observation]:
    """201 for a new observation; 200 with the first one when its key was sent before."""
    actor = _actor(request)
    scheme = _scheme(request, scheme_id)
    place = scheme.places.filter(pk=payload.place).first()
    answers: dict[int, Any] = {}
    for key, value in payload.answers.items():
        if key.isdigit():
            answers[int(key)] = value
    observation, created = services.submit_observation(
        actor=actor,
        scheme=scheme,
        person=actor,
        place=place,
        observed_at=payload.observed_at,
        answers_in=answers,
        key=payload.key,
        hours=payload.hours,
    )
    found = selectors.observations_of(scheme).select_related("scheme").get(pk=observation.pk)
    return Status(201 if created else 200, found)
