"""Making a draft survey from one of the templates that come with the product."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import NotFound
from coproduce.common.permissions import require
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.surveys.models import (
    Option,
    OptionTranslation,
    Question,
    QuestionTranslation,
    Section,
    Survey,
)
from coproduce.surveys.services.building import unique_slug
from coproduce.surveys.shipped import TEMPLATES, QuestionSpec, TemplateSpec, Text


def create_from_template(
    *,
    actor: User,
    owner: Organisation,
    key: str,
    title: str = "",
    slug: str = "",
    check_permission: bool = True,
) -> Survey:
    """A draft survey with the template's sections and questions, in every site language the
    site has been translated into. `check_permission=False` is for installing from the
    command line, where there is no one signed in."""
    spec = TEMPLATES.get(key)
    if spec is None:
        raise NotFound(_("There is no template with that name."))
    with transaction.atomic():
        if check_permission:
            require(actor, "surveys.add_survey", owner)
        english = _in(settings.LANGUAGE_CODE, spec.title)
        survey = Survey.objects.create(
            title=title.strip() or english,
            slug=slug.strip() or unique_slug(title.strip() or english),
            description=_in(settings.LANGUAGE_CODE, spec.description),
            source=_in(settings.LANGUAGE_CODE, spec.source),
            audience=spec.audience,
            is_anonymous=spec.is_anonymous,
            pacing=spec.pacing,
            owner=owner,
            template_key=spec.key,
            created_by=actor if check_permission else None,
        )
        _build(survey, spec)
        audit.record(
            actor=actor if check_permission else None,
            action="surveys.add_survey",
            target=survey,
            summary=f"Added the survey {survey.title} from the template {spec.key}",
        )
        return survey


def install_templates(*, owner: Organisation) -> list[Survey]:
    """A draft of every template for the organisation, skipping those it already has."""
    have = set(
        Survey.objects.filter(owner=owner)
        .exclude(template_key="")
        .values_list("template_key", flat=True)
    )
    return [
        create_from_template(actor=None, owner=owner, key=key, check_permission=False)  # type: ignore[arg-type]
        for key in TEMPLATES
        if key not in have
    ]


def _in(language: str, text: Text) -> str:
    with translation.override(language):
        return str(text)


def _other_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _build(survey: Survey, spec: TemplateSpec) -> None:
    base = settings.LANGUAGE_CODE
    for section_number, section_spec in enumerate(spec.sections, start=1):
        section = Section.objects.create(
            survey=survey,
            position=section_number,
            title=_in(base, section_spec.title),
            intro=_in(base, section_spec.intro),
        )
        for number, question_spec in enumerate(section_spec.questions, start=1):
            _question(section, number, question_spec)


def _question(section: Section, position: int, spec: QuestionSpec) -> None:
    base = settings.LANGUAGE_CODE
    question = Question.objects.create(
        section=section,
        position=position,
        kind=spec.kind,
        text=_in(base, spec.text),
        help_text=_in(base, spec.help_text),
        required=spec.required,
        domain=spec.domain,
        key=spec.key,
        min_value=spec.min_value,
        max_value=spec.max_value,
    )
    options = Option.objects.bulk_create(
        Option(
            question=question,
            position=number,
            label=_in(base, option.label),
            value=option.value,
            score=option.score,
        )
        for number, option in enumerate(spec.options, start=1)
    )
    for language in _other_languages():
        text = _in(language, spec.text)
        if text != question.text:
            QuestionTranslation.objects.create(
                question=question,
                language=language,
                text=text,
                help_text=_in(language, spec.help_text),
            )
        OptionTranslation.objects.bulk_create(
            OptionTranslation(option=option, language=language, label=label)
            for option, option_spec in zip(options, spec.options, strict=True)
            if (label := _in(language, option_spec.label)) != option.label
        )
