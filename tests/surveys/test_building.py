"""Building a survey: who may, what the builder refuses, skip rules and translations."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.surveys import services
from coproduce.surveys.models import Option, Question, QuestionTranslation, Section, Survey
from tests.surveys.conftest import question

pytestmark = pytest.mark.django_db


def test_staff_of_the_organisation_build_a_survey(draft: Survey) -> None:
    assert draft.status == Survey.Status.DRAFT
    assert [s.title for s in draft.sections.order_by("position")] == [
        "About you",
        "The library",
        "Anything else",
    ]
    assert Question.objects.filter(section__survey=draft).count() == 6
    assert AuditEvent.objects.filter(action="surveys.add_survey").exists()


def test_frequency_and_agreement_questions_get_their_standard_answers(
    draft: Survey, professional: Any
) -> None:
    section = draft.sections.first()
    assert section is not None
    often = services.add_question(
        actor=professional, section=section, data={"kind": "frequency", "text": "Recycle?"}
    )
    agree = services.add_question(
        actor=professional, section=section, data={"kind": "agreement", "text": "I can help."}
    )
    assert list(often.options.values_list("value", "score")) == [
        ("never", 0),
        ("sometimes", 1),
        ("often", 2),
    ]
    assert list(agree.options.values_list("score", flat=True)) == [1, 2, 3, 4, 5]


@pytest.mark.parametrize("who", ["resident", "outsider", "group_member"])
def test_people_outside_the_organisation_cannot_make_its_surveys(
    who: str, request: pytest.FixtureRequest, council: Any
) -> None:
    person = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.create_survey(actor=person, owner=council, data={"title": "Sneaky"})
    assert not Survey.objects.exists()


def test_a_resident_cannot_add_questions_to_someone_elses_survey(
    draft: Survey, resident: Any
) -> None:
    section = draft.sections.first()
    assert section is not None
    with pytest.raises(PermissionDenied):
        services.add_question(
            actor=resident, section=section, data={"kind": "short_text", "text": "Hi"}
        )


def test_questions_cannot_change_once_the_survey_is_open(survey: Survey, professional: Any) -> None:
    section = survey.sections.first()
    assert section is not None
    with pytest.raises(Conflict):
        services.add_question(
            actor=professional, section=section, data={"kind": "short_text", "text": "Late"}
        )
    with pytest.raises(Conflict):
        services.delete_question(actor=professional, question=question(survey, "How good is it?"))
    assert Question.objects.filter(section__survey=survey).count() == 6


def test_a_survey_with_no_questions_cannot_open(professional: Any, council: Any) -> None:
    empty = services.create_survey(actor=professional, owner=council, data={"title": "Empty"})
    with pytest.raises(ServiceError, match="at least one question"):
        services.set_status(actor=professional, survey=empty, status="open")
    empty.refresh_from_db()
    assert empty.status == Survey.Status.DRAFT


def test_closing_before_opening_is_refused(professional: Any, council: Any) -> None:
    now = timezone.now()
    with pytest.raises(ServiceError, match="after the opening"):
        services.create_survey(
            actor=professional,
            owner=council,
            data={"title": "Backwards", "opens_at": now, "closes_at": now},
        )


def test_a_group_survey_needs_its_group(professional: Any, council: Any) -> None:
    with pytest.raises(ServiceError) as refused:
        services.create_survey(
            actor=professional, owner=council, data={"title": "Members", "audience": "group"}
        )
    assert refused.value.field == "group"


def test_a_choice_question_needs_two_answers(draft: Survey, professional: Any) -> None:
    section = draft.sections.first()
    assert section is not None
    with pytest.raises(ServiceError, match="two answers"):
        services.add_question(
            actor=professional,
            section=section,
            data={"kind": "single", "text": "Only one?"},
            options=[("yes", "Yes", None)],
        )
    assert not Question.objects.filter(text="Only one?").exists()


def test_a_scale_stays_between_0_and_10(draft: Survey, professional: Any) -> None:
    section = draft.sections.first()
    assert section is not None
    with pytest.raises(ServiceError, match="0 to 10"):
        services.add_question(
            actor=professional,
            section=section,
            data={"kind": "scale", "text": "Out of 20?", "max_value": 20},
        )


def test_a_skip_rule_must_point_forward_to_this_surveys_section(
    draft: Survey, professional: Any
) -> None:
    rating = question(draft, "How good is it?")
    uses = question(draft, "Do you use the library?")
    first = Section.objects.get(survey=draft, title="About you")
    with pytest.raises(ServiceError, match="comes after"):
        services.set_skip_rule(
            actor=professional, question=uses, option=uses.options.get(value="no"), section=first
        )
    with pytest.raises(ServiceError, match="this question's answers"):
        services.set_skip_rule(
            actor=professional,
            question=rating,
            option=uses.options.get(value="no"),
            section=Section.objects.get(survey=draft, title="Anything else"),
        )


def test_translations_of_a_question_and_its_answers(draft: Survey, professional: Any) -> None:
    uses = question(draft, "Do you use the library?")
    yes = uses.options.get(value="yes")
    services.translate_question(
        actor=professional,
        question=uses,
        language="cy",
        text="Ydych chi'n defnyddio'r llyfrgell?",
        option_labels={yes.pk: "Ydw"},
    )
    fresh = Question.objects.prefetch_related("translations", "options__translations").get(
        pk=uses.pk
    )
    assert fresh.translated("cy")[0] == "Ydych chi'n defnyddio'r llyfrgell?"
    assert fresh.translated("ar")[0] == "Do you use the library?"
    option = next(o for o in fresh.options.all() if o.value == "yes")
    assert option.translated("cy") == "Ydw"


def test_translating_into_an_unknown_language_or_anothers_option_is_refused(
    draft: Survey, professional: Any
) -> None:
    uses = question(draft, "Do you use the library?")
    with pytest.raises(ServiceError):
        services.translate_question(actor=professional, question=uses, language="fr", text="Oui")
    other = Option.objects.exclude(question=uses).first()
    assert other is not None
    with pytest.raises(ServiceError):
        services.translate_question(
            actor=professional,
            question=uses,
            language="cy",
            text="Iawn",
            option_labels={other.pk: "Na"},
        )
    assert not QuestionTranslation.objects.filter(question=uses).exists()


def test_moving_a_section_swaps_it_with_its_neighbour(draft: Survey, professional: Any) -> None:
    last = Section.objects.get(survey=draft, title="Anything else")
    services.move_section(actor=professional, section=last, up=True)
    assert list(draft.sections.order_by("position").values_list("title", flat=True)) == [
        "About you",
        "Anything else",
        "The library",
    ]


def test_parse_options_reads_labels_and_scores() -> None:
    assert services.parse_options("Never | 0\nOften | 2\n\n") == [
        ("never", "Never", 0),
        ("often", "Often", 2),
    ]
    with pytest.raises(ServiceError):
        services.parse_options("Often | lots")
