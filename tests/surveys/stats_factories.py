"""Surveys, questions and submitted responses for the results tests, made directly."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from coproduce.surveys import tallies
from coproduce.surveys.models import (
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    Section,
    Survey,
)
from tests import factories

FREQUENCY = [("Never", "never", 0), ("Sometimes", "sometimes", 1), ("Often", "often", 2)]
_numbers = itertools.count(1)


def make_survey(**fields: Any) -> Survey:
    number = next(_numbers)
    fields.setdefault("owner", factories.OrganisationFactory.create())
    fields.setdefault("title", f"Survey {number}")
    fields.setdefault("slug", f"results-survey-{number}")
    fields.setdefault("status", Survey.Status.OPEN)
    survey = Survey.objects.create(**fields)
    Section.objects.create(survey=survey, position=1, title="About you")
    return survey


def add_question(
    survey: Survey,
    kind: str,
    *,
    key: str = "",
    domain: str = "",
    options: Sequence[tuple[str, str, int | None]] = (),
    text: str = "",
    min_value: int | None = None,
    max_value: int | None = None,
) -> Question:
    section = survey.sections.order_by("position").first()
    assert section is not None
    question = Question.objects.create(
        section=section,
        position=section.questions.count() + 1,
        kind=kind,
        text=text or f"{kind} question {key}",
        key=key,
        domain=domain,
        min_value=min_value,
        max_value=max_value,
    )
    for position, (label, value, score) in enumerate(options, start=1):
        Option.objects.create(
            question=question, position=position, label=label, value=value, score=score
        )
    return question


def frequency(survey: Survey, key: str, domain: str) -> Question:
    return add_question(survey, QuestionKind.FREQUENCY, key=key, domain=domain, options=FREQUENCY)


def choices(survey: Survey, kind: str, values: Sequence[str], *, key: str = "") -> Question:
    return add_question(
        survey, kind, key=key, options=[(value.title(), value, None) for value in values]
    )


def respond(
    survey: Survey,
    answers: dict[Question, Any],
    *,
    group: str = Response.Group.USERS,
    submitted: bool = True,
    submitted_at: datetime.datetime | None = None,
    **fields: Any,
) -> Response:
    """A response with its answers: an option's value, a list of values (multiple choice, or
    a ranking in order, first first), a number, or a text."""
    response = Response.objects.create(
        survey=survey,
        respondent_group=group,
        submitted_at=(submitted_at or timezone.now()) if submitted else None,
        **fields,
    )
    rows = []
    for question, value in answers.items():
        options = {option.value: option for option in question.options.all()}
        if question.kind == QuestionKind.RANKING:
            rows += [
                Answer(response=response, question=question, option=options[v], rank=rank)
                for rank, v in enumerate(value, start=1)
            ]
        elif isinstance(value, list):
            rows += [Answer(response=response, question=question, option=options[v]) for v in value]
        elif isinstance(value, int):
            rows.append(Answer(response=response, question=question, number=value))
        elif question.kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
            rows.append(Answer(response=response, question=question, text=value))
        else:
            rows.append(Answer(response=response, question=question, option=options[value]))
    Answer.objects.bulk_create(rows)
    if submitted:
        tallies.count_response(response)  # as submitting it through the services would
    return response


def many(survey: Survey, count: int, answers: dict[Question, Any], **fields: Any) -> None:
    for _ in range(count):
        respond(survey, answers, **fields)
