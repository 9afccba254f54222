"""Results pages, downloads, written answers with themes and invitations: who may see them,
and that breakdowns never show a group of fewer than 10 people."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.common.errors import Conflict, PermissionDenied
from coproduce.delivery.models import Opportunity
from coproduce.surveys import services
from coproduce.surveys.models import Answer, AnswerTheme, Invitation, Survey
from tests import factories
from tests.conftest import signed_in
from tests.surveys.conftest import full_answers, question

pytestmark = pytest.mark.django_db


def _answered(survey: Survey, people: int, **paper: Any) -> None:
    for number in range(people):
        person = factories.UserFactory.create()
        answers = full_answers(survey)
        answers[question(survey, "How good is it?").pk] = number % 11
        answers[question(survey, "What would make it better?").pk] = f"Idea {number}"
        if paper:
            services.enter_paper_response(
                actor=paper["by"], survey=survey, answers=answers, **paper.get("details", {})
            )
        else:
            services.answer_survey(actor=person, survey=survey, answers=answers)


def test_staff_see_the_results_with_counts_and_a_chart(
    professional: Any, survey: Survey, django_assert_max_num_queries: Any
) -> None:
    _answered(survey, 12)
    client = signed_in(professional)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("surveys:results", args=[survey.slug]))
    body = page.content.decode()
    assert page.status_code == 200
    assert "12 people answered." in body
    assert "<svg" in body
    assert "Borrow" in body or "What do you borrow?" in body


def test_results_are_public_only_once_published(
    client: Client, as_resident: Client, professional: Any, survey: Survey
) -> None:
    url = reverse("surveys:results", args=[survey.slug])
    assert as_resident.get(url).status_code == 403
    assert client.get(url).status_code == 403
    services.update_survey(actor=professional, survey=survey, data={"results_public": True})
    assert client.get(url).status_code == 200


def test_a_breakdown_hides_groups_of_fewer_than_10(
    professional: Any, survey: Survey, area: Any
) -> None:
    other = factories.AreaFactory(name="Old Quay", slug="old-quay")
    _answered(survey, 12, by=professional, details={"area": area})
    _answered(survey, 3, by=professional, details={"area": other})
    client = signed_in(professional)
    page = client.get(reverse("surveys:results", args=[survey.slug]), {"by": "area"})
    body = page.content.decode()
    assert page.status_code == 200
    assert "fewer than 10" in body
    assert "Riverside North" in body
    download = client.get(
        reverse("surveys:results-download", args=[survey.slug, "csv"]), {"by": "area"}
    )
    text = download.content.decode()
    assert "suppressed" in text
    breakdown = text.split("\r\n\r\n", 1)[-1] if "\r\n\r\n" in text else text
    old_quay_column = [line for line in breakdown.splitlines() if line.startswith("Respondents")]
    assert old_quay_column and ",3" not in old_quay_column[0]


def test_a_made_up_breakdown_is_an_error_not_a_crash(professional: Any, survey: Survey) -> None:
    page = signed_in(professional).get(
        reverse("surveys:results", args=[survey.slug]), {"by": "person"}
    )
    assert page.status_code == 200
    assert "Error:" in page.content.decode()


def test_results_download_as_csv_and_xlsx(professional: Any, survey: Survey) -> None:
    from openpyxl import load_workbook

    _answered(survey, 10)
    client = signed_in(professional)
    csv_file = client.get(reverse("surveys:results-download", args=[survey.slug, "csv"]))
    assert csv_file["Content-Type"].startswith("text/csv")
    assert "How good is it?" in csv_file.content.decode()
    xlsx = client.get(reverse("surveys:results-download", args=[survey.slug, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.max_row > 5


def test_anonymised_responses_are_for_managers_and_coordinators_only(
    professional: Any, as_coordinator: Client, resident: Any, survey: Survey
) -> None:
    _answered(survey, 2)
    url = reverse("surveys:responses-download", args=[survey.slug, "csv"])
    assert signed_in(professional).get(url).status_code == 403
    assert signed_in(resident).get(url).status_code == 403
    download = as_coordinator.get(url)
    text = download.content.decode()
    assert download.status_code == 200
    assert "Idea 0" in text
    assert "@example.org" not in text
    xlsx = as_coordinator.get(reverse("surveys:responses-download", args=[survey.slug, "xlsx"]))
    assert xlsx.status_code == 200


def test_staff_tag_written_answers_with_themes(professional: Any, survey: Survey) -> None:
    _answered(survey, 2)
    client = signed_in(professional)
    better = question(survey, "What would make it better?")
    page = client.get(reverse("surveys:free-text", args=[survey.slug]), {"question": better.pk})
    assert "Idea 1" in page.content.decode()
    answer = Answer.objects.filter(question=better).first()
    assert answer is not None
    tagged = client.post(
        reverse("surveys:tag", args=[survey.slug, answer.pk]),
        {f"a{answer.pk}-themes": "opening hours, Opening  hours, café"},
    )
    assert tagged.status_code == 302
    assert sorted(AnswerTheme.objects.values_list("theme__name", flat=True)) == [
        "café",
        "opening hours",
    ]


def test_residents_cannot_read_or_tag_written_answers(
    as_resident: Client, resident: Any, survey: Survey
) -> None:
    _answered(survey, 1)
    answer = Answer.objects.filter(question=question(survey, "What would make it better?")).get()
    assert as_resident.get(reverse("surveys:free-text", args=[survey.slug])).status_code == 403
    refused = as_resident.post(
        reverse("surveys:tag", args=[survey.slug, answer.pk]), {f"a{answer.pk}-themes": "x"}
    )
    assert refused.status_code == 403
    with pytest.raises(PermissionDenied):
        services.tag_answer(actor=resident, answer=answer, themes=["x"])
    assert not AnswerTheme.objects.exists()


def test_people_willing_to_help_are_invited_once(
    professional: Any, council: Any, area: Any
) -> None:
    willing = services.create_from_template(
        actor=professional, owner=council, key="willingness", slug="willing"
    )
    services.set_status(actor=professional, survey=willing, status="open")
    how_much = question(willing, "Would you be willing to do more to help improve your area?")
    keen, not_keen = factories.UserFactory.create(), factories.UserFactory.create()
    services.answer_survey(actor=keen, survey=willing, answers={how_much.pk: "hours_a_week"})
    services.answer_survey(actor=not_keen, survey=willing, answers={how_much.pk: "not_at_all"})
    opportunity = Opportunity.objects.create(
        organisation=council, title="Litter pick", description="Tidy the park.", is_published=True
    )
    assert services.invite_willing(actor=professional, survey=willing, opportunity=opportunity) == 1
    assert services.invite_willing(actor=professional, survey=willing, opportunity=opportunity) == 0
    assert list(Invitation.objects.values_list("person", flat=True)) == [keen.pk]


def test_nobody_is_invited_from_an_anonymous_survey_or_to_an_unpublished_opportunity(
    professional: Any, survey: Survey, council: Any, resident: Any
) -> None:
    hidden = Opportunity.objects.create(
        organisation=council, title="Draft", description="Not yet.", is_published=False
    )
    with pytest.raises(Conflict):
        services.invite_willing(actor=professional, survey=survey, opportunity=hidden)
    hidden.is_published = True
    hidden.save()
    with pytest.raises(Conflict, match="anonymous"):
        services.invite_willing(actor=professional, survey=survey, opportunity=hidden)
    with pytest.raises(PermissionDenied):
        services.invite_willing(actor=resident, survey=survey, opportunity=hidden)
    assert not Invitation.objects.exists()
