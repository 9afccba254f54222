"""Surveys in the API: open surveys and their questions, answering, and results.

Reading an open survey is open to everyone; answering needs a person; results follow the
same rule as the results page (staff of the survey, or everyone once published).
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import StringConstraints

from coproduce.api.auth import signed_in, token_auth
from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import Slug
from coproduce.common.errors import NotFound, PermissionDenied
from coproduce.surveys import selectors, services
from coproduce.surveys.models import Question, Response, Survey
from coproduce.surveys.results import survey_results

router = Router(tags=["surveys"])

MAX_ID = 2**31 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]
AnswerText = Annotated[str, StringConstraints(max_length=5000)]
Value = Annotated[str, StringConstraints(max_length=80)]
Breakdown = Annotated[str, StringConstraints(pattern=r"^(area|age_band|organisation)$")]


class OwnerOut(Schema):
    slug: str
    name: str


class SurveyOut(Schema):
    slug: str
    title: str
    description: str
    owner: OwnerOut
    audience: str
    is_anonymous: bool
    status: str
    opens_at: datetime.datetime | None
    closes_at: datetime.datetime | None
    results_public: bool
    web_url: str

    @staticmethod
    def resolve_web_url(survey: Survey, context: dict[str, Any]) -> str:
        return str(context["request"].build_absolute_uri(survey.get_absolute_url()))


class SurveyPageOut(PageOut[SurveyOut]):
    pass


class OptionOut(Schema):
    value: str
    label: str
    score: int | None

    @staticmethod
    def resolve_label(option: Any) -> str:
        return str(option.display_label)


class QuestionOut(Schema):
    id: int
    key: str
    kind: str
    text: str
    help_text: str
    required: bool
    domain: str
    min_value: int | None
    max_value: int | None
    options: list[OptionOut]

    @staticmethod
    def resolve_text(question: Question) -> str:
        return question.display_text

    @staticmethod
    def resolve_help_text(question: Question) -> str:
        return question.display_help

    @staticmethod
    def resolve_options(question: Question) -> list[Any]:
        return list(question.options.all())


class SectionOut(Schema):
    position: int
    title: str
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(section: Any) -> list[Question]:
        return list(section.questions.all())


class SurveyDetailOut(SurveyOut):
    source: str
    sections: list[SectionOut]

    @staticmethod
    def resolve_sections(survey: Survey) -> list[Any]:
        return list(selectors.sections_of(survey))


class AnswerIn(Schema):
    question: int = Field(ge=1, le=MAX_ID)
    choice: Value | None = Field(None, description="The value of the option chosen.")
    choices: list[Value] | None = Field(
        None, max_length=30, description="For choose-any questions: the values chosen."
    )
    ranking: list[Value] | None = Field(
        None, max_length=30, description="For rankings: the values, most important first."
    )
    number: int | None = Field(None, ge=-(2**31), le=MAX_ID)
    text: AnswerText | None = None

    def raw(self) -> Any:
        for value in (self.choice, self.choices, self.ranking, self.number, self.text):
            if value is not None:
                return value
        return None


class ResponseIn(Schema):
    answers: list[AnswerIn] = Field(max_length=500)
    idempotency_key: Annotated[str, StringConstraints(max_length=80)] = Field(
        "", description="Send the same key again to get the first response, not a second."
    )


class ResponseOut(Schema):
    id: int
    survey: str
    submitted_at: datetime.datetime | None
    channel: str

    @staticmethod
    def resolve_survey(response: Response) -> str:
        return response.survey.slug


class GivenAnswerOut(Schema):
    question: int = Field(alias="question_id")
    choice: str | None
    number: int | None
    text: str
    rank: int | None

    @staticmethod
    def resolve_choice(answer: Any) -> str | None:
        return answer.option.value if answer.option_id else None


class ResponseDetailOut(ResponseOut):
    answers: list[GivenAnswerOut]

    @staticmethod
    def resolve_answers(response: Response) -> list[Any]:
        return list(response.answers.select_related("option").order_by("question_id", "rank"))


class OptionResultOut(Schema):
    value: str
    label: str
    count: int
    percent: str


class IndexOut(Schema):
    domain: str = Field(description="Empty for the overall index.")
    value: float | None
    low: float | None
    high: float | None
    respondents: int


class QuestionResultOut(Schema):
    id: int
    key: str
    kind: str
    text: str
    respondents: int
    options: list[OptionResultOut]
    mean: float | None


class ResultsOut(Schema):
    survey: str
    respondents: int
    respondents_by_group: dict[str, int]
    index: list[IndexOut]
    questions: list[QuestionResultOut]


def _viewer(request: HttpRequest) -> Any:
    """Who is asking: reading is open, but a script's token still counts where it is sent."""
    found = getattr(request, "auth", None)
    if found is None and "HTTP_AUTHORIZATION" in request.META:
        found = token_auth(request)
    return found or request.user


def _survey(request: HttpRequest, slug: str, perm: str = "surveys.view_survey") -> Survey:
    user = _viewer(request)
    try:
        survey = selectors.survey_by_slug(slug)
    except NotFound:
        raise NotFound(_("There is no survey with that name.")) from None
    if not user.has_perm("surveys.view_survey", survey):
        raise NotFound(_("There is no survey with that name."))
    if not user.has_perm(perm, survey):
        raise PermissionDenied
    return survey


@router.get("", response={200: SurveyPageOut, 422: ProblemOut}, summary="Surveys open now")
def list_surveys(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    return paginate(request, selectors.open_surveys(), paging)


@router.get(
    "/{slug}",
    response={200: SurveyDetailOut, 404: ProblemOut, 422: ProblemOut},
    summary="A survey with its sections and questions",
)
def get_survey(request: HttpRequest, slug: Slug) -> Survey:
    return _survey(request, slug)


@router.post(
    "/{slug}/responses",
    auth=signed_in,
    response={
        201: ResponseOut,
        400: ProblemOut,
        401: ProblemOut,
        403: ProblemOut,
        404: ProblemOut,
        409: ProblemOut,
        422: ProblemOut,
    },
    summary="Answer a survey",
    description=(
        "Send every answer at once. For an anonymous survey the answers are not linked to "
        "you. A survey that can be answered once refuses a second response (409)."
    ),
)
def answer_survey(request: HttpRequest, slug: Slug, payload: ResponseIn) -> Status[Response]:
    actor = request.auth  # type: ignore[attr-defined]
    survey = _survey(request, slug)
    answers: dict[int, Any] = {}
    for given in payload.answers:
        if given.question in answers:
            raise services.AnswerErrors({given.question: _("Answer each question only once.")})
        answers[given.question] = given.raw()
    response = services.answer_survey(
        actor=actor, survey=survey, answers=answers, idempotency_key=payload.idempotency_key
    )
    return Status(201, response)


@router.get(
    "/{slug}/responses/{response_id}",
    auth=signed_in,
    response={200: ResponseDetailOut, 401: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    summary="Your own answers to a linked survey",
)
def get_response(request: HttpRequest, slug: Slug, response_id: Id) -> Response:
    actor = request.auth  # type: ignore[attr-defined]
    found = (
        Response.objects.select_related("survey")
        .filter(pk=response_id, survey__slug=slug, person=actor, submitted_at__isnull=False)
        .first()
    )
    if found is None:
        raise NotFound(_("There is no response of yours with that id."))
    return found


@router.get(
    "/{slug}/results",
    response={200: ResultsOut, 403: ProblemOut, 404: ProblemOut, 422: ProblemOut},
    summary="The results of a survey",
)
def get_results(request: HttpRequest, slug: Slug) -> dict[str, Any]:
    survey = _survey(request, slug, "surveys.view_results")
    found = survey_results(survey)
    return {
        "survey": survey.slug,
        "respondents": found.respondents,
        "respondents_by_group": found.respondents_by_group,
        "index": [
            {
                "domain": row.domain,
                "value": row.index.value,
                "low": row.index.low,
                "high": row.index.high,
                "respondents": row.index.respondents,
            }
            for row in found.index
        ],
        "questions": [
            {
                "id": q.question_id,
                "key": q.key,
                "kind": q.kind,
                "text": q.text,
                "respondents": q.respondents,
                "options": [
                    {
                        "value": option.value,
                        "label": option.label,
                        "count": option.count,
                        "percent": str(option.share.shown),
                    }
                    for option in q.options
                ],
                "mean": q.numbers.mean.estimate if q.numbers else None,
            }
            for q in found.questions
        ],
    }
