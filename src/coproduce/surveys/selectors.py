"""Reads for surveys: lists, a survey's structure in a few queries, answers and downloads."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from coproduce.common.errors import NotFound
from coproduce.people.models import User
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of
from coproduce.surveys.models import (
    TEXT_KINDS,
    Answer,
    Option,
    Participation,
    Question,
    Response,
    Section,
    Survey,
)


def survey_by_slug(slug: str) -> Survey:
    survey = (
        Survey.objects.select_related(
            "owner", "group", "series", "opportunity", "process", "initiative"
        )
        .filter(slug=slug)
        .first()
    )
    if survey is None:
        raise NotFound
    return survey


def sections_of(survey: Survey) -> list[Section]:
    """The survey's sections with their questions, options and translations: four queries."""
    options = Option.objects.order_by("position", "id").prefetch_related("translations")
    questions = (
        Question.objects.order_by("position", "id")
        .prefetch_related("translations", Prefetch("options", queryset=options))
        .select_related("skip_if_option", "skip_to_section")
    )
    return list(
        Section.objects.filter(survey=survey)
        .order_by("position", "id")
        .prefetch_related(Prefetch("questions", queryset=questions))
    )


def questions_of(sections: list[Section]) -> list[Question]:
    return [question for section in sections for question in section.questions.all()]


def surveys_run_by(actor: User) -> QuerySet[Survey]:
    """The surveys a member of staff may build: their organisations', or all for coordinators
    and administrators."""
    roles = roles_of(actor)
    surveys = Survey.objects.select_related("owner").annotate(
        submitted=Count("responses", filter=Q(responses__submitted_at__isnull=False))
    )
    if roles.names & {COORDINATOR, ADMINISTRATOR}:
        return surveys.order_by("-created_at", "id")
    own = set(roles.manager_of)
    if roles.is_staff_role:
        own |= roles.member_of
    return surveys.filter(owner_id__in=own).order_by("-created_at", "id")


def open_surveys() -> QuerySet[Survey]:
    now = timezone.now()
    return (
        Survey.objects.filter(status=Survey.Status.OPEN)
        .filter(Q(opens_at__isnull=True) | Q(opens_at__lte=now))
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("owner")
        .order_by("closes_at", "title", "id")
    )


def published_results() -> QuerySet[Survey]:
    return (
        Survey.objects.filter(results_public=True)
        .exclude(status=Survey.Status.DRAFT)
        .select_related("owner")
        .order_by("-closes_at", "title", "id")
    )


def response_in_progress(survey: Survey, person: User) -> Response | None:
    return (
        Response.objects.filter(survey=survey, respondent=person, submitted_at__isnull=True)
        .order_by("-started_at", "id")
        .first()
    )


def own_response(person: User, pk: int) -> Response:
    """A response only its own respondent may open; anyone else gets "not found"."""
    response = (
        Response.objects.select_related("survey__owner")
        .filter(pk=pk, respondent=person, submitted_at__isnull=True)
        .first()
    )
    if response is None:
        raise NotFound
    return response


def has_taken_part(survey: Survey, person: User) -> bool:
    return Participation.objects.filter(survey=survey, person=person).exists()


def answers_by_question(response: Response) -> dict[int, list[Answer]]:
    rows: dict[int, list[Answer]] = {}
    for answer in response.answers.select_related("option").order_by("rank", "id"):
        rows.setdefault(answer.question_id, []).append(answer)
    return rows


def text_questions(survey: Survey) -> QuerySet[Question]:
    return Question.objects.filter(section__survey=survey, kind__in=TEXT_KINDS).order_by(
        "section__position", "position", "id"
    )


def free_text_answers(question: Question) -> QuerySet[Answer]:
    """Submitted text answers to one question, newest first, with their themes."""
    return (
        Answer.objects.filter(question=question, response__submitted_at__isnull=False)
        .exclude(text="")
        .prefetch_related("theme_tags__theme")
        .order_by("-response__submitted_at", "-id")
    )


def question_counts(survey: Survey) -> dict[int, dict[int, int]]:
    """Submitted responses choosing each option, per question: one aggregate query."""
    rows = (
        Answer.objects.filter(
            question__section__survey=survey,
            response__submitted_at__isnull=False,
            option__isnull=False,
        )
        .values("question_id", "option_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    counts: dict[int, dict[int, int]] = {}
    for row in rows:
        counts.setdefault(row["question_id"], {})[row["option_id"]] = row["n"]
    return counts


def answered_counts(survey: Survey) -> dict[int, int]:
    rows = (
        Answer.objects.filter(
            question__section__survey=survey, response__submitted_at__isnull=False
        )
        .values("question_id")
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    return {row["question_id"]: row["n"] for row in rows}


def submitted_count(survey: Survey) -> int:
    return Response.objects.filter(survey=survey, submitted_at__isnull=False).count()


@dataclass(frozen=True)
class ResponseRow:
    number: int
    channel: str
    group: str
    area: str
    age_band: str
    submitted: str
    answers: dict[int, str]


def anonymised_rows(survey: Survey, questions: list[Question]) -> Iterator[ResponseRow]:
    """Each submitted response with its answers, and nothing that names the person: a
    sequence number instead of ids, the area and age band only. Two queries a batch."""
    responses = list(
        Response.objects.filter(survey=survey, submitted_at__isnull=False)
        .select_related("area")
        .order_by("submitted_at", "id")
    )
    wanted = {question.pk for question in questions}
    number = 0
    for start in range(0, len(responses), EXPORT_BATCH):
        batch = responses[start : start + EXPORT_BATCH]
        answers = _answers_as_text([response.pk for response in batch], wanted)
        for response in batch:
            number += 1
            yield ResponseRow(
                number=number,
                channel=response.channel,
                group=response.respondent_group,
                area=response.area.name if response.area else "",
                age_band=response.age_band,
                submitted=response.submitted_at.date().isoformat() if response.submitted_at else "",
                answers=answers.get(response.pk, {}),
            )


EXPORT_BATCH = 500


def _answers_as_text(response_ids: list[int], wanted: set[int]) -> dict[int, dict[int, str]]:
    parts: dict[int, dict[int, list[str]]] = {}
    rows = (
        Answer.objects.filter(response_id__in=response_ids, question_id__in=wanted)
        .values_list("response_id", "question_id", "option__value", "rank", "number", "text")
        .order_by("response_id", "question_id", "rank", "id")
    )
    for response_id, question_id, option_value, rank, number, text in rows:
        if option_value is not None:
            value = f"{rank}:{option_value}" if rank is not None else option_value
        elif number is not None:
            value = str(number)
        else:
            value = text
        parts.setdefault(response_id, {}).setdefault(question_id, []).append(value)
    return {
        response_id: {question_id: "; ".join(values) for question_id, values in by_q.items()}
        for response_id, by_q in parts.items()
    }


def willing_people(survey: Survey, *, area_id: int | None = None) -> QuerySet[User]:
    """People who, in a linked (not anonymous) survey, said they would do more."""
    willing = Answer.objects.filter(
        question__section__survey=survey,
        question__key="willingness",
        option__score__gt=0,
        response__submitted_at__isnull=False,
        response__person__isnull=False,
    )
    if area_id is not None:
        willing = willing.filter(Q(response__area_id=area_id) | Q(response__area__isnull=True))
    return User.objects.filter(
        pk__in=willing.values("response__person_id"), is_active=True
    ).order_by("display_name", "id")


def survey_choices_for_series(survey: Survey) -> QuerySet[Survey]:
    return Survey.objects.filter(owner=survey.owner).exclude(pk=survey.pk).order_by("title")
