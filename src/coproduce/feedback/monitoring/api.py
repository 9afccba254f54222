"""Monitoring schemes and their observations in the API.

Reading schemes is open. Recording and listing observations need a person. An observation
with photos is sent as multipart/form-data to `.../observations/with-photos`. Photos are never
given out here: they may show faces or number plates, so only those running the scheme (and
the person who took one) see them, on the web.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Path, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from pydantic import StringConstraints, WithJsonSchema

from coproduce.api.auth import signed_in
from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.common.errors import NotFound
from coproduce.feedback import api_uploads
from coproduce.feedback.monitoring import answers as answer_rules
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
PlaceKind = Annotated[Place.Kind, WithJsonSchema({"type": "string", "enum": Place.Kind.values})]
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
UPLOAD_PROBLEMS: dict[int, type[ProblemOut]] = {**PROBLEMS, 413: ProblemOut}
# Room for ten photos at their largest and the rest of the form.
MAX_REQUEST_BYTES = 10 * answer_rules.MAX_PHOTO_BYTES + 1024 * 1024


class RoutePointOut(Schema):
    latitude: float
    longitude: float


class PlaceOut(Schema):
    id: int
    name: str
    kind: PlaceKind = Field(description="point, or route: a line of points.")
    latitude: float = Field(description="The point, or where a route starts.")
    longitude: float = Field(description="The point, or where a route starts.")
    radius_m: int = Field(
        description="How far around the point, or either side of the route, an observation "
        "may be made, in metres."
    )
    route: list[RoutePointOut] = Field(
        description="A route's points in the order it is walked; empty for a point."
    )

    @staticmethod
    def resolve_route(place: Place) -> list[dict[str, float]]:
        return [{"latitude": lat, "longitude": lon} for lat, lon in place.route_points]


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


def _too_much(size: int) -> str:
    return _(
        "What you sent is %(size)s MB, which is too much. Each photo must be 5 MB or smaller. "
        "Nothing was recorded."
    ) % {"size": f"{size / 1024 / 1024:,.1f}"}


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
    """201 for a new observation; 200 with the first one when its key was sent before.
    Photo questions cannot be answered here: use `.../observations/with-photos`."""
    _actor(request)
    scheme = _scheme(request, scheme_id)
    return _submit(request, scheme, payload, _answers_of(payload))


@router.post(
    "/{scheme_id}/observations/with-photos",
    summary="Record an observation with photos",
    auth=signed_in,
    response={200: ObservationOut, 201: ObservationOut, **UPLOAD_PROBLEMS},
)
@decorate_view(
    api_uploads.limited(
        per_file=answer_rules.MAX_PHOTO_BYTES, whole=MAX_REQUEST_BYTES, too_big=_too_much
    )
)
def submit_observation_with_photos(
    request: HttpRequest,
    scheme_id: Id,
    payload: Annotated[
        str, Form(description="The same JSON as for POST .../observations (ObservationIn).")
    ],
    photos: Annotated[
        list[UploadedFile] | None,
        File(
            description="The photos, each 5 MB or smaller: JPEG, PNG, WebP or GIF. A photo "
            "question's answer in the payload is the file name of its photo."
        ),
    ] = None,
) -> Status[Observation]:
    """Sent as multipart/form-data. For example, with the question 7 asking for a photo:
    `payload` = `{"key": "...", "place": 1, "observed_at": "...", "answers": {"7":
    "sign.jpg"}}` and a `photos` part with the file `sign.jpg`. A file that is not a photo,
    or is too big, is refused with a problem that says which question, and nothing is
    recorded."""
    _actor(request)
    scheme = _scheme(request, scheme_id)
    too_big = api_uploads.skipped(request)
    if too_big:
        raise api_uploads.file_error(
            _("%(name)s is too big. Each photo must be 5 MB or smaller.") % {"name": too_big[0]}
        )
    observation_in = api_uploads.read_payload(ObservationIn, payload)
    answers = _with_photos(scheme, _answers_of(observation_in), list(photos or []))
    return _submit(request, scheme, observation_in, answers)


def _answers_of(payload: ObservationIn) -> dict[int, Any]:
    return {int(key): value for key, value in payload.answers.items() if key.isdigit()}


def _with_photos(
    scheme: Scheme, answers: dict[int, Any], uploads: list[UploadedFile]
) -> dict[int, Any]:
    """Each photo question's answer (a file name) becomes the file sent with that name."""
    by_name: dict[str, UploadedFile] = {}
    for upload in uploads:
        name = str(upload.name or "")
        if name in by_name:
            raise api_uploads.file_error(
                _("Two photos are called %(name)s. Give each photo its own file name.")
                % {"name": name}
            )
        by_name[name] = upload
    photo_questions = scheme.fields.filter(kind=Question.Kind.PHOTO).values_list("pk", flat=True)
    for question in photo_questions:
        named = answers.get(question)
        if isinstance(named, str) and named in by_name:
            answers[question] = by_name.pop(named)
    if by_name:
        raise api_uploads.file_error(
            _("%(name)s was sent, but no photo question's answer names it.")
            % {"name": next(iter(by_name))}
        )
    return answers


def _submit(
    request: HttpRequest, scheme: Scheme, payload: ObservationIn, answers: dict[int, Any]
) -> Status[Observation]:
    actor = _actor(request)
    place = scheme.places.filter(pk=payload.place).first()
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
