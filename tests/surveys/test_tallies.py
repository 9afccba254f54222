"""Running totals: kept as responses are submitted, the same results as counting every
answer, checked and mended by `surveys_verify`."""

from __future__ import annotations

import random
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from coproduce.people.models import User
from coproduce.surveys import services, tallies
from coproduce.surveys.models import (
    AnswerCount,
    IndexScoreCount,
    QuestionKind,
    Response,
    ResponseCount,
    Survey,
)
from coproduce.surveys.results import survey_results
from coproduce.surveys.totals import BREAKDOWNS
from tests import factories
from tests.surveys import stats_factories as make
from tests.surveys.conftest import full_answers, question

pytestmark = pytest.mark.django_db

EVERY_VIEW = (None, *BREAKDOWNS)


def _community_survey(people: int = 160, seed: int = 3) -> Survey:
    """A survey shaped like the shipped community one, answered by residents and staff in
    three areas (and none), four age bands and two groups, some skipping questions."""
    survey = make.make_survey()
    frequencies = [
        make.frequency(survey, f"{domain}-{n}", domain)
        for domain in ("environment", "health")
        for n in (1, 2)
    ]
    frequencies.append(make.frequency(survey, "no-domain", ""))
    willing = make.choices(survey, QuestionKind.SINGLE, ["month", "week", "none"], key="willing")
    at_what = make.choices(survey, QuestionKind.MULTIPLE, ["parks", "library", "youth"])
    matters = make.choices(survey, QuestionKind.RANKING, ["safety", "cost", "time"])
    happy = make.add_question(survey, QuestionKind.SCALE, key="ons_happy")
    hours = make.add_question(survey, QuestionKind.NUMBER, key="hours", min_value=0)
    said = make.add_question(survey, QuestionKind.LONG_TEXT, key="anything_else")
    areas = [None, *[factories.AreaFactory(name=name) for name in ("North", "South", "East")]]
    groups = [None, *factories.OrganisationFactory.create_batch(2)]
    rng = random.Random(seed)
    for number in range(people):
        answers: dict[Any, Any] = {
            q: rng.choice(["never", "sometimes", "often"])
            for q in frequencies
            if rng.random() < 0.9
        }
        answers[willing] = rng.choice(["month", "week", "none"])
        chosen = [v for v in ("parks", "library", "youth") if rng.random() < 0.4]
        if chosen:
            answers[at_what] = chosen
        if rng.random() < 0.8:
            answers[matters] = rng.sample(["safety", "cost", "time"], 3)
        answers[happy] = rng.randint(0, 10)
        answers[hours] = rng.choice([0, 0, 2, 5, 40])
        if rng.random() < 0.2:
            answers[said] = "More benches"
        make.respond(
            survey,
            answers,
            group=Response.Group.STAFF if number % 7 == 0 else Response.Group.USERS,
            area=rng.choice(areas),
            age_band=rng.choice(["", "18-24", "25-34", "65-74"]),
            organisation=rng.choice(groups),
            submitted=number % 25 != 0,  # a few still in progress: they never count
        )
    return survey


def test_results_from_the_running_totals_equal_results_counted_from_every_answer() -> None:
    survey = _community_survey()
    _community_survey(people=30, seed=4)  # another survey's answers must not leak in

    for by in EVERY_VIEW:
        kept = survey_results(survey, by=by)
        counted = survey_results(survey, by=by, from_answers=True)
        assert kept == counted, by
    whole = survey_results(survey, by="area")
    assert whole.respondents == 160 - 7
    assert whole.overall_index is not None and whole.overall_index.respondents > 100
    assert tallies.disagreements(survey) == []


def test_each_way_of_answering_adds_to_the_totals(
    survey: Survey, resident: User, professional: User, area: Any
) -> None:
    answers = full_answers(survey)
    services.answer_survey(actor=resident, survey=survey, answers=answers)  # the API
    services.enter_paper_response(
        actor=professional, survey=survey, answers=answers, area=area, age_band="25-34"
    )
    neighbour = factories.UserFactory()
    started = services.start_response(actor=neighbour, survey=survey)  # the web pages
    questions = [q for section in survey.sections.all() for q in section.questions.all()]
    services.save_answers(actor=neighbour, response=started, questions=questions, answers=answers)
    services.submit_response(actor=neighbour, response=started)
    services.start_response(actor=factories.UserFactory(), survey=survey)  # not sent

    results = survey_results(survey, by="area")

    assert results.respondents == 3
    borrowed = results.question(question(survey, "What do you borrow?").pk)
    assert borrowed is not None and borrowed.respondents == 3
    assert [o.count for o in borrowed.options] == [3, 0, 3]
    assert tallies.disagreements(survey) == []
    for by in EVERY_VIEW:
        assert survey_results(survey, by=by) == survey_results(survey, by=by, from_answers=True)


def test_a_response_refused_adds_nothing(survey: Survey, resident: User) -> None:
    answers = full_answers(survey)
    answers[question(survey, "How good is it?").pk] = 11
    with pytest.raises(services.AnswerErrors):
        services.answer_survey(actor=resident, survey=survey, answers=answers)
    assert not ResponseCount.objects.filter(survey=survey).exists()
    assert not AnswerCount.objects.filter(survey=survey).exists()


def test_verify_finds_a_changed_total_and_rebuild_mends_it(capsys: Any) -> None:
    survey = _community_survey(people=40)
    call_command("surveys_verify")
    assert "agree" in capsys.readouterr().out

    changed = AnswerCount.objects.filter(survey=survey, breakdown="area").order_by("pk")[0]
    AnswerCount.objects.filter(pk=changed.pk).update(n=F("n") + 1)
    IndexScoreCount.objects.filter(survey=survey, breakdown="").order_by("pk")[0].delete()
    with pytest.raises(CommandError, match="1 survey"):
        call_command("surveys_verify")
    said = capsys.readouterr().out
    assert "answercount: 1 row(s) differ" in said
    assert "indexscorecount: 1 row(s) differ" in said

    with pytest.raises(CommandError):
        call_command("surveys_verify", "--survey", survey.slug)
    call_command("surveys_verify", "--survey", survey.slug, "--rebuild")
    assert "made again" in capsys.readouterr().out
    call_command("surveys_verify")
    assert tallies.disagreements(survey) == []
    assert survey_results(survey, by="area") == survey_results(survey, by="area", from_answers=True)


def test_verify_refuses_a_survey_that_does_not_exist() -> None:
    with pytest.raises(CommandError, match="no survey"):
        call_command("surveys_verify", "--survey", "nowhere")


def test_rebuild_gives_the_totals_kept_as_people_answered() -> None:
    survey = _community_survey(people=60)
    kept = tallies.stored_rows(survey)

    tallies.rebuild(survey)

    assert tallies.stored_rows(survey) == kept
