"""Surveys for the survey tests, built through the services as staff would build them."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.surveys import services
from coproduce.surveys.models import Question, Survey


def build_library_survey(
    builder: User, owner: Organisation, *, slug: str = "library-survey", **details: Any
) -> Survey:
    """Three sections: a yes/no that skips the second section on "no", a 0-10 scale and a
    number, then a long text, a choose-any and a ranking."""
    survey = services.create_survey(
        actor=builder, owner=owner, data={"title": "The library", "slug": slug, **details}
    )
    about = services.add_section(actor=builder, survey=survey, title="About you")
    library = services.add_section(actor=builder, survey=survey, title="The library")
    more = services.add_section(actor=builder, survey=survey, title="Anything else")
    uses = services.add_question(
        actor=builder,
        section=about,
        data={"kind": "single", "text": "Do you use the library?", "required": True, "key": "uses"},
        options=[("yes", "Yes", None), ("no", "No", None)],
    )
    services.set_skip_rule(
        actor=builder, question=uses, option=uses.options.get(value="no"), section=more
    )
    services.add_question(
        actor=builder,
        section=library,
        data={"kind": "scale", "text": "How good is it?", "required": True, "key": "rating"},
    )
    services.add_question(
        actor=builder,
        section=library,
        data={"kind": "number", "text": "Visits a month", "min_value": 0, "max_value": 100},
    )
    services.add_question(
        actor=builder,
        section=more,
        data={"kind": "long_text", "text": "What would make it better?", "key": "better"},
    )
    services.add_question(
        actor=builder,
        section=more,
        data={"kind": "multiple", "text": "What do you borrow?"},
        options=[("books", "Books", None), ("films", "Films", None), ("games", "Games", None)],
    )
    services.add_question(
        actor=builder,
        section=more,
        data={"kind": "ranking", "text": "What matters most?"},
        options=[
            ("quiet", "Quiet", None),
            ("hours", "Opening hours", None),
            ("staff", "Staff", None),
        ],
    )
    return survey


def question(survey: Survey, text: str) -> Question:
    return Question.objects.get(section__survey=survey, text=text)


@pytest.fixture
def draft(professional: User, council: Organisation) -> Survey:
    return build_library_survey(professional, council)


@pytest.fixture
def survey(draft: Survey, professional: User) -> Survey:
    return services.set_status(actor=professional, survey=draft, status="open")


@pytest.fixture
def once_linked(professional: User, council: Organisation) -> Survey:
    made = build_library_survey(professional, council, slug="linked", is_anonymous=False)
    return services.set_status(actor=professional, survey=made, status="open")


def full_answers(survey: Survey) -> dict[int, Any]:
    return {
        question(survey, "Do you use the library?").pk: "yes",
        question(survey, "How good is it?").pk: 8,
        question(survey, "Visits a month").pk: 4,
        question(survey, "What would make it better?").pk: "Longer hours",
        question(survey, "What do you borrow?").pk: ["books", "games"],
        question(survey, "What matters most?").pk: ["hours", "quiet", "staff"],
    }
