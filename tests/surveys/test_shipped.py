"""The survey templates that come with the product, installing them, and the demo surveys."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from coproduce.seeding.surveys import create_surveys
from coproduce.surveys import services
from coproduce.surveys.models import Option, Question, QuestionTranslation, Response, Survey
from coproduce.surveys.shipped import TEMPLATES
from tests import factories

pytestmark = pytest.mark.django_db


def test_every_template_cites_where_it_comes_from() -> None:
    assert set(TEMPLATES) >= {
        "community-coproduction",
        "willingness",
        "capabilities-residents",
        "capabilities-staff",
        "ons-wellbeing",
        "perception-gap",
    }
    for spec in TEMPLATES.values():
        assert len(str(spec.source)) > 40
        keys = [q.key for section in spec.sections for q in section.questions]
        assert len(keys) == len(set(keys)), spec.key


def test_the_community_survey_asks_the_indicators_by_domain_never_to_often(
    professional: Any, council: Any
) -> None:
    survey = services.create_from_template(
        actor=professional, owner=council, key="community-coproduction"
    )
    questions = Question.objects.filter(section__survey=survey)
    assert set(questions.values_list("domain", flat=True)) == {
        "environment",
        "health",
        "crime_prevention",
        "crime_reporting",
    }
    assert set(questions.values_list("kind", flat=True)) == {"frequency"}
    texts = " ".join(questions.values_list("text", flat=True))
    for behaviour in ("lock doors", "recycle", "neighbour's home", "community safety problem"):
        assert behaviour in texts
    scores = Option.objects.filter(question__in=questions).values_list("value", "score").distinct()
    assert set(scores) == {("never", 0), ("sometimes", 1), ("often", 2)}


def test_the_wellbeing_survey_has_the_four_ons_questions_from_0_to_10(
    professional: Any, council: Any
) -> None:
    survey = services.create_from_template(actor=professional, owner=council, key="ons-wellbeing")
    questions = Question.objects.filter(section__survey=survey)
    assert questions.count() == 4
    assert set(questions.values_list("kind", "min_value", "max_value")) == {("scale", 0, 10)}
    assert "Office for National Statistics" in survey.source


def test_installing_makes_each_template_once(council: Any) -> None:
    out = StringIO()
    call_command("install_survey_templates", council.slug, stdout=out)
    call_command("install_survey_templates", council.slug, stdout=out)
    assert Survey.objects.filter(owner=council).count() == len(TEMPLATES)
    assert "0 templates installed" in out.getvalue()
    with pytest.raises(CommandError):
        call_command("install_survey_templates", "nowhere")


def test_a_template_installed_after_translation_arrives_translated(
    professional: Any, council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = translation.gettext

    def welsh(message: str) -> str:
        if translation.get_language() == "cy" and message == "Never":
            return "Byth"
        return real(message)

    monkeypatch.setattr("django.utils.translation.gettext", welsh)
    survey = services.create_from_template(
        actor=professional, owner=council, key="community-coproduction"
    )
    never = Option.objects.filter(question__section__survey=survey, value="never").first()
    assert never is not None
    assert never.translations.filter(language="cy", label="Byth").exists()
    assert not QuestionTranslation.objects.filter(
        question__section__survey=survey, language="ar", text=""
    ).exists()


def test_residents_cannot_make_surveys_from_templates(resident: Any, council: Any) -> None:
    from coproduce.common.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.create_from_template(actor=resident, owner=council, key="willingness")
    assert not Survey.objects.exists()


def test_the_demo_surveys_are_answered_a_few_hundred_times(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    council = factories.OrganisationFactory.create(
        name="Riverside Council", slug="riverside-council", kind="public_body"
    )
    for number in range(3):
        factories.AreaFactory(name=f"Ward {number}", slug=f"ward-{number}")
    for _number in range(30):
        factories.UserFactory.create()
    made = create_surveys(log=lambda _line: None)
    assert made > 500
    assert create_surveys(log=lambda _line: None) == 0
    community = Survey.objects.get(owner=council, template_key="community-coproduction")
    assert community.status == Survey.Status.OPEN and community.results_public
    assert Response.objects.filter(survey=community, submitted_at__isnull=False).count() >= 300
    repeat = Survey.objects.get(series__isnull=False)
    assert repeat.series is not None and repeat.series.template_key == "ons-wellbeing"
    staff = Response.objects.filter(survey__template_key="perception-gap", respondent_group="staff")
    assert staff.count() >= 10
    for survey, expected in (
        (community, "Index of co-production"),
        (repeat, "Change over time"),
        (Survey.objects.get(template_key="perception-gap"), "Perception gap"),
    ):
        with django_assert_max_num_queries(30):
            page = client.get(f"/surveys/{survey.slug}/results/")
        assert page.status_code == 200
        assert expected in page.content.decode()
