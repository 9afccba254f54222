"""The survey pages through the HTTP client: answering without JavaScript, the builder, the
printable form, paper entry, and who may see what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.surveys import services
from coproduce.surveys.models import Answer, Question, Response, Section, Survey
from tests.conftest import signed_in
from tests.surveys.conftest import full_answers, question

pytestmark = pytest.mark.django_db


def _start(client: Client, survey: Survey) -> str:
    started = client.post(reverse("surveys:start", args=[survey.slug]))
    assert started.status_code == 302
    return started["Location"]


def test_the_list_shows_open_surveys(
    client: Client, survey: Survey, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(6):
        page = client.get(reverse("surveys:survey-list"))
    assert page.status_code == 200
    assert "The library" in page.content.decode()


def test_a_draft_is_not_shown_to_residents(as_resident: Client, draft: Survey) -> None:
    assert as_resident.get(reverse("surveys:survey-detail", args=[draft.slug])).status_code == 404


def test_a_resident_answers_section_by_section_without_javascript(
    as_resident: Client, survey: Survey, django_assert_max_num_queries: Any
) -> None:
    first = _start(as_resident, survey)
    with django_assert_max_num_queries(16):
        page = as_resident.get(first)
    assert page.status_code == 200
    assert "Do you use the library?" in page.content.decode()
    uses = question(survey, "Do you use the library?")
    second = as_resident.post(first, {f"q{uses.pk}": "yes", "continue": ""})
    assert second.status_code == 302 and second["Location"].endswith("/2/")
    rating = question(survey, "How good is it?")
    third = as_resident.post(second["Location"], {f"q{rating.pk}": "9", "continue": ""})
    assert third["Location"].endswith("/3/")
    more = as_resident.get(third["Location"])
    assert "What matters most?" in more.content.decode()
    ranking = question(survey, "What matters most?")
    options = {option.value: option.pk for option in ranking.options.all()}
    check = as_resident.post(
        third["Location"],
        {
            f"q{ranking.pk}_{options['staff']}": "1",
            f"q{ranking.pk}_{options['quiet']}": "2",
            "continue": "",
        },
    )
    assert "/check/" in check["Location"]
    summary = as_resident.get(check["Location"])
    assert "Check your answers" in summary.content.decode()
    sent = as_resident.post(check["Location"])
    assert sent.status_code == 302 and sent["Location"].endswith("/thanks/")
    response = Response.objects.get()
    assert response.submitted_at is not None and response.person is None
    assert response.answers.filter(question=ranking).count() == 2


def test_answering_no_skips_the_library_section(as_resident: Client, survey: Survey) -> None:
    first = _start(as_resident, survey)
    uses = question(survey, "Do you use the library?")
    skipped = as_resident.post(first, {f"q{uses.pk}": "no", "continue": ""})
    assert skipped["Location"].endswith("/3/")
    back = as_resident.post(skipped["Location"], {"back": ""})
    assert back["Location"].endswith("/1/")


def test_a_required_question_left_empty_shows_an_error_and_saves_nothing(
    as_resident: Client, survey: Survey
) -> None:
    first = _start(as_resident, survey)
    page = as_resident.post(first, {"continue": ""})
    assert page.status_code == 200
    assert "Answer this question: it is needed." in page.content.decode()
    assert "Error:" in page.content.decode()
    assert not Answer.objects.exists()


def test_an_out_of_range_number_shows_an_error_and_saves_nothing(
    as_resident: Client, survey: Survey
) -> None:
    first = _start(as_resident, survey)
    uses = question(survey, "Do you use the library?")
    second = as_resident.post(first, {f"q{uses.pk}": "yes", "continue": ""})["Location"]
    rating = question(survey, "How good is it?")
    visits = question(survey, "Visits a month")
    page = as_resident.post(second, {f"q{rating.pk}": "7", f"q{visits.pk}": "500", "continue": ""})
    assert "Give a number from 0 to 100." in page.content.decode()
    assert not Answer.objects.filter(question__in=[rating, visits]).exists()


def test_save_and_finish_later_keeps_the_answers(as_resident: Client, survey: Survey) -> None:
    first = _start(as_resident, survey)
    uses = question(survey, "Do you use the library?")
    later = as_resident.post(first, {f"q{uses.pk}": "yes", "later": ""})
    assert later["Location"] == survey.get_absolute_url()
    page = as_resident.get(survey.get_absolute_url())
    assert "Carry on where you left off" in page.content.decode()
    assert _start(as_resident, survey) == first
    assert 'value="yes" checked' in as_resident.get(first).content.decode()


def test_another_persons_answers_cannot_be_opened_or_changed(
    as_resident: Client, as_outsider: Client, survey: Survey
) -> None:
    mine = _start(as_resident, survey)
    uses = question(survey, "Do you use the library?")
    as_resident.post(mine, {f"q{uses.pk}": "yes", "continue": ""})
    assert as_outsider.get(mine).status_code == 404
    crafted = as_outsider.post(mine, {f"q{uses.pk}": "no", "continue": ""})
    assert crafted.status_code == 404
    response = Response.objects.get()
    check = reverse("surveys:check", args=[survey.slug, response.pk])
    assert as_outsider.post(check).status_code == 404
    kept = Answer.objects.get().option
    assert kept is not None and kept.value == "yes"
    assert response.submitted_at is None


def test_a_closed_survey_says_so_and_cannot_be_started(
    as_resident: Client, survey: Survey, professional: Any
) -> None:
    services.set_status(actor=professional, survey=survey, status="closed")
    page = as_resident.get(survey.get_absolute_url())
    assert "This survey is closed." in page.content.decode()
    refused = as_resident.post(reverse("surveys:start", args=[survey.slug]), follow=True)
    assert "This survey is closed. You can no longer answer it." in refused.content.decode()
    assert not Response.objects.exists()


def test_a_second_go_where_once_is_allowed_is_refused_with_a_message(
    as_resident: Client, resident: Any, survey: Survey
) -> None:
    services.answer_survey(actor=resident, survey=survey, answers=full_answers(survey))
    page = as_resident.post(reverse("surveys:start", args=[survey.slug]), follow=True)
    assert "You have already answered this survey." in page.content.decode()
    assert Response.objects.count() == 1


def test_the_printable_form_has_a_qr_code(client: Client, survey: Survey) -> None:
    page = client.get(reverse("surveys:print", args=[survey.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in body and "cp-qr" in body
    assert "What matters most?" in body


# --- staff -------------------------------------------------------------------------------


def test_staff_build_a_survey_through_the_pages(professional: Any, council: Any) -> None:
    client = signed_in(professional)
    made = client.post(
        reverse("surveys:survey-add"), {"owner": council.pk, "template": "", "title": "Parks"}
    )
    survey = Survey.objects.get(title="Parks")
    assert made["Location"] == reverse("surveys:build", args=[survey.slug])
    client.post(reverse("surveys:section-add", args=[survey.slug]), {"title": "Your park"})
    section = Section.objects.get(survey=survey)
    added = client.post(
        reverse("surveys:question-add", args=[survey.slug, section.pk]),
        {"kind": "single", "text": "Which park?", "options": "North park\nSouth park"},
    )
    assert added.status_code == 302
    which = Question.objects.get(section=section)
    assert list(which.options.values_list("label", flat=True)) == ["North park", "South park"]
    north = which.options.first()
    assert north is not None
    client.post(
        reverse("surveys:question-translate", args=[survey.slug, which.pk, "cy"]),
        {"text": "Pa barc?", f"option_{north.pk}": "Parc y gogledd"},
    )
    assert which.translations.get(language="cy").text == "Pa barc?"
    client.post(reverse("surveys:survey-status", args=[survey.slug]), {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == Survey.Status.OPEN


def test_a_question_without_text_shows_an_error(professional: Any, draft: Survey) -> None:
    section = draft.sections.first()
    assert section is not None
    page = signed_in(professional).post(
        reverse("surveys:question-add", args=[draft.slug, section.pk]),
        {"kind": "single", "text": "", "options": "Yes\nNo"},
    )
    assert page.status_code == 200 and "Error:" in page.content.decode()


def test_a_template_becomes_a_draft_survey(professional: Any, council: Any) -> None:
    client = signed_in(professional)
    client.post(
        reverse("surveys:survey-add"),
        {"owner": council.pk, "template": "ons-wellbeing", "title": ""},
    )
    survey = Survey.objects.get(template_key="ons-wellbeing")
    assert survey.title == "Personal wellbeing"
    assert Question.objects.filter(section__survey=survey, kind="scale").count() == 4


def test_the_builder_page_is_for_staff_only(
    professional: Any, as_resident: Client, draft: Survey, django_assert_max_num_queries: Any
) -> None:
    client = signed_in(professional)
    with django_assert_max_num_queries(20):
        page = client.get(reverse("surveys:build", args=[draft.slug]))
    assert page.status_code == 200
    assert "How good is it?" in page.content.decode()
    assert as_resident.get(reverse("surveys:build", args=[draft.slug])).status_code == 404
    assert as_resident.get(reverse("surveys:manage")).status_code == 403


def test_the_preview_shows_every_question(professional: Any, draft: Survey) -> None:
    page = signed_in(professional).get(reverse("surveys:preview", args=[draft.slug]))
    body = page.content.decode()
    for text in ("Do you use the library?", "Visits a month", "What matters most?"):
        assert text in body


def test_staff_type_in_a_paper_form(professional: Any, survey: Survey, area: Any) -> None:
    client = signed_in(professional)
    url = reverse("surveys:paper", args=[survey.slug])
    assert client.get(url).status_code == 200
    uses = question(survey, "Do you use the library?")
    rating = question(survey, "How good is it?")
    saved = client.post(
        url,
        {
            "respondent_group": "users",
            "area": area.pk,
            "age_band": "45-54",
            "key": "paper-1",
            f"q{uses.pk}": "yes",
            f"q{rating.pk}": "6",
        },
    )
    assert saved.status_code == 302
    response = Response.objects.get()
    assert response.channel == "paper" and response.entered_by == professional
    assert response.area == area


def test_residents_cannot_type_in_paper_forms(as_resident: Client, survey: Survey) -> None:
    assert as_resident.get(reverse("surveys:paper", args=[survey.slug])).status_code == 403
