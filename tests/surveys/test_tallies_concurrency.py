"""People sending their answers at the same instant: every response counted, once.

Real threads with their own connections and real transactions, on SQLite and PostgreSQL,
as with many web processes.
"""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.people.models import User
from coproduce.surveys import services, tallies
from coproduce.surveys.models import Response, ResponseCount, Survey
from coproduce.surveys.results import survey_results
from tests import factories
from tests.credits.test_ledger_concurrency import run_in_threads
from tests.surveys.conftest import full_answers

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 8


def test_answers_sent_at_the_same_instant_are_all_counted(
    survey: Survey, professional: User
) -> None:
    answers = full_answers(survey)
    questions = [q for section in survey.sections.all() for q in section.questions.all()]
    people = factories.UserFactory.create_batch(PEOPLE)
    started = []
    for person in people:
        response = services.start_response(actor=person, survey=survey)
        services.save_answers(actor=person, response=response, questions=questions, answers=answers)
        started.append(response)

    def send(number: int) -> Any:
        if number == PEOPLE:  # staff typing in a paper form at the same moment
            actor = User.objects.get(pk=professional.pk)
            return services.enter_paper_response(actor=actor, survey=survey, answers=answers)
        person = User.objects.get(pk=people[number].pk)
        return services.submit_response(actor=person, response=started[number])

    failures = run_in_threads(PEOPLE + 1, send)

    assert failures == []
    sent = Response.objects.filter(survey=survey, submitted_at__isnull=False).count()
    assert sent == PEOPLE + 1
    everyone = ResponseCount.objects.get(survey=survey, breakdown="")
    assert everyone.n == PEOPLE + 1
    assert tallies.disagreements(survey) == []
    results = survey_results(survey)
    assert results.respondents == PEOPLE + 1
    assert results == survey_results(survey, from_answers=True)
