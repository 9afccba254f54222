"""Answering: bad input changes nothing, skip logic, anonymity, once only, paper forms."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from coproduce.common.errors import Conflict, NotFound, PermissionDenied, ServiceError
from coproduce.people.models import Profile, ProfileArea
from coproduce.surveys import services
from coproduce.surveys.models import Answer, Participation, Response, Survey
from tests.surveys.conftest import full_answers, question

pytestmark = pytest.mark.django_db


def _nothing_stored() -> None:
    assert not Response.objects.filter(submitted_at__isnull=False).exists()
    assert not Answer.objects.exists()


def test_a_whole_response_is_stored_without_the_persons_name(survey: Survey, resident: Any) -> None:
    response = services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))
    assert response.submitted_at is not None
    assert response.person is None and response.respondent is None
    assert response.respondent_group == Response.Group.USERS
    assert Participation.objects.filter(survey=survey, person=resident).exists()
    borrowed = Answer.objects.filter(
        response=response, question=question(survey, "What do you borrow?")
    )
    assert sorted(borrowed.values_list("option__value", flat=True)) == ["books", "games"]
    ranked = Answer.objects.filter(
        response=response, question=question(survey, "What matters most?")
    )
    assert list(ranked.order_by("rank").values_list("option__value", "rank")) == [
        ("hours", 1),
        ("quiet", 2),
        ("staff", 3),
    ]


def test_a_linked_survey_keeps_the_person_and_where_they_live(
    once_linked: Survey, resident: Any, area: Any
) -> None:
    profile, _created = Profile.objects.get_or_create(person=resident)
    profile.date_of_birth = timezone.localdate() - timedelta(days=365 * 40)
    profile.save()
    ProfileArea.objects.create(profile=profile, area=area, relation=ProfileArea.Relation.LIVE)
    response = services.answer_survey(
        actor=resident, survey=once_linked, answers=full_answers(once_linked)
    )
    assert response.person == resident
    assert response.area == area
    assert response.age_band == "35-44"


@pytest.mark.parametrize(
    ("text", "value", "message"),
    [
        ("How good is it?", 11, "from 0 to 10"),
        ("How good is it?", -1, "from 0 to 10"),
        ("Visits a month", 101, "from 0 to 100"),
        ("Visits a month", "lots", "whole number"),
        ("Do you use the library?", "maybe", "answers given"),
        ("What matters most?", {"quiet": 1, "hours": 1}, "different number"),
        ("What matters most?", {"quiet": 4}, "from 1 to 3"),
    ],
)
def test_an_answer_out_of_range_is_refused_and_nothing_is_stored(
    survey: Survey, resident: Any, text: str, value: Any, message: str
) -> None:
    answers = full_answers(survey)
    answers[question(survey, text).pk] = value
    with pytest.raises(services.AnswerErrors, match=message) as refused:
        services.answer_survey(actor=resident, survey=survey, answers=answers)
    assert question(survey, text).pk in refused.value.errors
    _nothing_stored()
    assert not Participation.objects.exists()


def test_a_required_question_skipped_is_refused(survey: Survey, resident: Any) -> None:
    answers = full_answers(survey)
    del answers[question(survey, "How good is it?").pk]
    with pytest.raises(services.AnswerErrors, match="needed"):
        services.answer_survey(actor=resident, survey=survey, answers=answers)
    _nothing_stored()


def test_skip_logic_drops_the_skipped_section_and_its_required_question(
    survey: Survey, resident: Any
) -> None:
    answers = {
        question(survey, "Do you use the library?").pk: "no",
        question(survey, "What would make it better?").pk: "A café",
    }
    response = services.answer_survey(actor=resident, survey=survey, answers=answers)
    assert response.answers.count() == 2


def test_answering_a_closed_survey_is_refused(
    survey: Survey, professional: Any, resident: Any
) -> None:
    services.set_status(actor=professional, survey=survey, status="closed")
    with pytest.raises(Conflict, match="closed"):
        services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))
    _nothing_stored()


def test_answering_after_the_closing_time_is_refused(survey: Survey, resident: Any) -> None:
    Survey.objects.filter(pk=survey.pk).update(
        opens_at=timezone.now() - timedelta(days=2), closes_at=timezone.now() - timedelta(days=1)
    )
    survey.refresh_from_db()
    with pytest.raises(Conflict, match="closed"):
        services.start_response(actor=resident, survey=survey)
    assert not Response.objects.exists()


def test_answering_twice_where_once_is_allowed_is_refused(survey: Survey, resident: Any) -> None:
    services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))
    with pytest.raises(Conflict, match="already answered"):
        services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))
    with pytest.raises(Conflict, match="already answered"):
        services.start_response(actor=resident, survey=survey)
    assert Response.objects.count() == 1


def test_answering_again_is_fine_where_the_survey_allows_it(
    survey: Survey, resident: Any, professional: Any
) -> None:
    Survey.objects.filter(pk=survey.pk).update(allow_multiple=True)
    survey.refresh_from_db()
    services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))
    services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))
    assert Participation.objects.get(survey=survey, person=resident).times == 2


def test_the_same_idempotency_key_gives_the_first_response(survey: Survey, resident: Any) -> None:
    first = services.answer_survey(
        actor=resident, survey=survey, answers=full_answers(survey), idempotency_key="k-1"
    )
    again = services.answer_survey(
        actor=resident, survey=survey, answers=full_answers(survey), idempotency_key="k-1"
    )
    assert first.pk == again.pk
    assert Response.objects.count() == 1


def test_someone_elses_response_in_progress_cannot_be_touched(
    survey: Survey, resident: Any, outsider: Any
) -> None:
    mine = services.start_response(actor=resident, survey=survey)
    uses = question(survey, "Do you use the library?")
    with pytest.raises(NotFound):
        services.save_answers(
            actor=outsider, response=mine, questions=[uses], answers={uses.pk: "no"}
        )
    with pytest.raises(NotFound):
        services.submit_response(actor=outsider, response=mine)
    assert not Answer.objects.exists()


def test_progress_is_saved_page_by_page_and_sent_at_the_end(survey: Survey, resident: Any) -> None:
    response = services.start_response(actor=resident, survey=survey)
    uses = question(survey, "Do you use the library?")
    rating = question(survey, "How good is it?")
    services.save_answers(
        actor=resident, response=response, questions=[uses], answers={uses.pk: "yes"}
    )
    assert services.start_response(actor=resident, survey=survey).pk == response.pk
    with pytest.raises(services.AnswerErrors) as refused:
        services.submit_response(actor=resident, response=response)
    assert rating.pk in refused.value.errors
    services.save_answers(
        actor=resident, response=response, questions=[rating], answers={rating.pk: 7}
    )
    sent = services.submit_response(actor=resident, response=response)
    assert sent.submitted_at is not None and sent.person is None


def test_saving_to_finish_later_lets_a_needed_question_wait(survey: Survey, resident: Any) -> None:
    response = services.start_response(actor=resident, survey=survey)
    rating = question(survey, "How good is it?")
    services.save_answers(
        actor=resident,
        response=response,
        questions=[rating],
        answers={rating.pk: None},
        partial=True,
    )
    with pytest.raises(services.AnswerErrors):
        services.save_answers(actor=resident, response=response, questions=[rating], answers={})


def test_a_staff_only_survey_refuses_residents(
    professional: Any, council: Any, resident: Any
) -> None:
    from tests.surveys.conftest import build_library_survey

    staff_only = build_library_survey(professional, council, slug="staff", audience="staff")
    services.set_status(actor=professional, survey=staff_only, status="open")
    with pytest.raises(PermissionDenied):
        services.answer_survey(actor=resident, survey=staff_only, answers=full_answers(staff_only))
    response = services.answer_survey(
        actor=professional, survey=staff_only, answers=full_answers(staff_only)
    )
    assert response.respondent_group == Response.Group.STAFF


def test_staff_type_in_a_paper_form_for_someone(
    survey: Survey, professional: Any, resident: Any, area: Any
) -> None:
    response = services.enter_paper_response(
        actor=professional,
        survey=survey,
        answers=full_answers(survey),
        person=resident,
        area=area,
        age_band="65-74",
    )
    assert response.channel == Response.Channel.PAPER
    assert response.entered_by == professional
    assert response.area == area and response.age_band == "65-74"
    with pytest.raises(Conflict):
        services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))


def test_a_resident_cannot_type_in_paper_forms(survey: Survey, resident: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.enter_paper_response(actor=resident, survey=survey, answers=full_answers(survey))
    _nothing_stored()


def test_a_paper_form_with_a_made_up_age_band_is_refused(survey: Survey, professional: Any) -> None:
    with pytest.raises(ServiceError, match="age band"):
        services.enter_paper_response(
            actor=professional, survey=survey, answers=full_answers(survey), age_band="ancient"
        )
    _nothing_stored()


def test_answers_to_questions_of_another_survey_are_refused(
    survey: Survey, once_linked: Survey, resident: Any
) -> None:
    answers = full_answers(survey) | {question(once_linked, "How good is it?").pk: 5}
    with pytest.raises(ServiceError, match="not in this survey"):
        services.answer_survey(actor=resident, survey=survey, answers=answers)
    _nothing_stored()
