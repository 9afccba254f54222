"""Building a survey: its details, sections, questions, options, skip rules and translations.

The questions of a survey can change only while it is a draft, so that every answer given
is an answer to the question as it stands. Translations may be added at any time.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.surveys.models import (
    CHOICE_KINDS,
    Option,
    OptionTranslation,
    Question,
    QuestionKind,
    QuestionTranslation,
    Section,
    Survey,
)
from coproduce.surveys.services._base import validate_model

SURVEY_FIELDS = frozenset(
    {
        "title",
        "slug",
        "description",
        "audience",
        "group",
        "is_anonymous",
        "opens_at",
        "closes_at",
        "results_public",
        "allow_multiple",
        "pacing",
        "series",
        "opportunity",
        "process",
        "initiative",
    }
)
QUESTION_FIELDS = frozenset(
    {"kind", "text", "help_text", "required", "domain", "key", "min_value", "max_value"}
)
STANDARD_OPTIONS: dict[str, list[tuple[str, str, int]]] = {
    QuestionKind.FREQUENCY: [
        ("never", "Never", 0),
        ("sometimes", "Sometimes", 1),
        ("often", "Often", 2),
    ],
    QuestionKind.AGREEMENT: [
        ("strongly_disagree", "Strongly disagree", 1),
        ("disagree", "Disagree", 2),
        ("neither", "Neither agree nor disagree", 3),
        ("agree", "Agree", 4),
        ("strongly_agree", "Strongly agree", 5),
    ],
}
MAX_OPTIONS = 30
# Addresses of pages under /surveys/ that a survey's own address must not hide.
RESERVED_SLUGS = frozenset({"manage", "new"})


# --- The survey ----------------------------------------------------------------------------


def create_survey(*, actor: User, owner: Organisation, data: Mapping[str, Any]) -> Survey:
    """A new draft survey run by `owner`."""
    with transaction.atomic():
        require(actor, "surveys.add_survey", owner)
        values = _survey_values(data)
        values.setdefault("slug", unique_slug(str(values.get("title", ""))))
        survey = Survey(owner=owner, created_by=actor, **values)
        _check_survey(survey)
        survey.save()
        audit.record(
            actor=actor,
            action="surveys.add_survey",
            target=survey,
            summary=f"Added the survey {survey.title}",
            changes=values,
        )
        return survey


def update_survey(*, actor: User, survey: Survey, data: Mapping[str, Any]) -> Survey:
    with transaction.atomic():
        require(actor, "surveys.change_survey", survey)
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        values = _survey_values(data)
        locked = ("is_anonymous", "audience")
        if survey.status != Survey.Status.DRAFT and any(
            name in values and getattr(survey, name) != values[name] for name in locked
        ):
            raise Conflict(
                _("Who answers and whether it is anonymous cannot change once it has opened.")
            )
        changes = audit.changed_fields(survey, values)
        if changes:
            _check_survey(survey)
            survey.save()
            audit.record(
                actor=actor,
                action="surveys.change_survey",
                target=survey,
                summary=f"Changed the survey {survey.title}",
                changes=changes,
            )
        return survey


def set_status(*, actor: User, survey: Survey, status: str) -> Survey:
    """Open a survey for answers, or close it. A closed survey may open again."""
    with transaction.atomic():
        require(actor, "surveys.change_survey", survey)
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        if status not in (Survey.Status.OPEN, Survey.Status.CLOSED):
            raise ServiceError(_("A survey can only be opened or closed."))
        if survey.status == status:
            return survey
        if status == Survey.Status.OPEN:
            if not Question.objects.filter(section__survey=survey).exists():
                raise ServiceError(_("Add at least one question before you open the survey."))
            if survey.closes_at and survey.closes_at <= timezone.now():
                raise ServiceError(
                    _("The closing date has passed. Change it before you open the survey."),
                    field="closes_at",
                )
        survey.status = status
        survey.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor,
            action=f"surveys.{'open' if status == Survey.Status.OPEN else 'close'}_survey",
            target=survey,
            summary=f"{'Opened' if status == Survey.Status.OPEN else 'Closed'} {survey.title}",
            changes={"status": status},
        )
        return survey


def unique_slug(title: str) -> str:
    base = slugify(title)[:70] or "survey"
    slug = base
    number = 2
    while slug in RESERVED_SLUGS or Survey.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def _survey_values(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - SURVEY_FIELDS
    if unknown:
        raise ServiceError(
            _("These details cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    for name in ("title", "description", "slug"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    if not values.get("slug", True):
        values.pop("slug")
    return values


def _check_survey(survey: Survey) -> None:
    if not survey.title:
        raise ServiceError(_("Enter a title."), field="title")
    if survey.audience == "group" and survey.group is None:
        raise ServiceError(_("Choose the group the survey is for."), field="group")
    if survey.opens_at and survey.closes_at and survey.closes_at <= survey.opens_at:
        raise ServiceError(_("The closing date must be after the opening date."), field="closes_at")
    if survey.series_id is not None and survey.series_id == survey.pk:
        raise ServiceError(_("A survey cannot repeat itself."), field="series")
    if survey.slug in RESERVED_SLUGS:
        raise ServiceError(_("Choose another web address: that one is taken."), field="slug")
    clash = Survey.objects.filter(slug=survey.slug).exclude(pk=survey.pk).exists()
    if clash:
        raise ServiceError(_("Another survey already uses that web address."), field="slug")
    validate_model(survey, exclude=["owner", "created_by"])


def _editable(survey: Survey) -> None:
    if survey.status != Survey.Status.DRAFT:
        raise Conflict(
            _("The questions cannot change once the survey has opened. Make a copy instead.")
        )


# --- Sections ------------------------------------------------------------------------------


def add_section(*, actor: User, survey: Survey, title: str, intro: str = "") -> Section:
    with transaction.atomic():
        require(actor, "surveys.change_survey", survey)
        survey = Survey.objects.select_for_update().get(pk=survey.pk)
        _editable(survey)
        last = survey.sections.aggregate(last=Max("position"))["last"] or 0
        section = Section(
            survey=survey, position=last + 1, title=title.strip(), intro=intro.strip()
        )
        if not section.title:
            raise ServiceError(_("Enter a title for the section."), field="title")
        validate_model(section, exclude=["survey"])
        section.save()
        _record(actor, survey, "add_section", f"Added the section {section.title}")
        return section


def update_section(*, actor: User, section: Section, title: str, intro: str = "") -> Section:
    with transaction.atomic():
        require(actor, "surveys.change_survey", section.survey)
        _editable(section.survey)
        section.title = title.strip()
        section.intro = intro.strip()
        if not section.title:
            raise ServiceError(_("Enter a title for the section."), field="title")
        validate_model(section, exclude=["survey"])
        section.save()
        _record(actor, section.survey, "change_section", f"Changed the section {section.title}")
        return section


def delete_section(*, actor: User, section: Section) -> None:
    with transaction.atomic():
        require(actor, "surveys.change_survey", section.survey)
        _editable(section.survey)
        title = section.title
        section.delete()
        _record(actor, section.survey, "delete_section", f"Removed the section {title}")


def move_section(*, actor: User, section: Section, up: bool) -> None:
    with transaction.atomic():
        require(actor, "surveys.change_survey", section.survey)
        _editable(section.survey)
        siblings = list(Section.objects.select_for_update().filter(survey=section.survey_id))
        _swap(siblings, section.pk, up)


def _swap(items: Sequence[Any], pk: int, up: bool) -> None:
    ordered = sorted(items, key=lambda item: (item.position, item.pk))
    for number, item in enumerate(ordered, start=1):
        item.position = number
    index = next(i for i, item in enumerate(ordered) if item.pk == pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(ordered):
        ordered[index].position, ordered[other].position = (
            ordered[other].position,
            ordered[index].position,
        )
    for item in ordered:
        item.save(update_fields=["position"])


# --- Questions -----------------------------------------------------------------------------


def add_question(
    *,
    actor: User,
    section: Section,
    data: Mapping[str, Any],
    options: Sequence[tuple[str, str, int | None]] | None = None,
) -> Question:
    """A question at the end of the section. `options` are (value, label, score); choice
    kinds with standard answers (frequency, agreement) get them when none are given."""
    with transaction.atomic():
        require(actor, "surveys.change_survey", section.survey)
        _editable(section.survey)
        values = _question_values(data)
        last = section.questions.aggregate(last=Max("position"))["last"] or 0
        question = Question(section=section, position=last + 1, **values)
        _check_question(question)
        question.save()
        _set_options(question, options)
        _record(actor, section.survey, "add_question", f"Added the question {question.text}")
        return question


def update_question(
    *,
    actor: User,
    question: Question,
    data: Mapping[str, Any],
    options: Sequence[tuple[str, str, int | None]] | None = None,
) -> Question:
    with transaction.atomic():
        survey = question.section.survey
        require(actor, "surveys.change_survey", survey)
        _editable(survey)
        for name, value in _question_values(data).items():
            setattr(question, name, value)
        _check_question(question)
        question.save()
        if options is not None or not question.has_options:
            _set_options(question, options)
        _record(actor, survey, "change_question", f"Changed the question {question.text}")
        return question


def delete_question(*, actor: User, question: Question) -> None:
    with transaction.atomic():
        survey = question.section.survey
        require(actor, "surveys.change_survey", survey)
        _editable(survey)
        text = question.text
        question.delete()
        _record(actor, survey, "delete_question", f"Removed the question {text}")


def move_question(*, actor: User, question: Question, up: bool) -> None:
    with transaction.atomic():
        require(actor, "surveys.change_survey", question.section.survey)
        _editable(question.section.survey)
        siblings = list(Question.objects.select_for_update().filter(section=question.section_id))
        _swap(siblings, question.pk, up)


def set_skip_rule(
    *, actor: User, question: Question, option: Option | None, section: Section | None
) -> Question:
    """ "If the answer is `option`, skip to `section`"; both None removes the rule."""
    with transaction.atomic():
        survey = question.section.survey
        require(actor, "surveys.change_survey", survey)
        _editable(survey)
        if (option is None) != (section is None):
            raise ServiceError(_("Choose both an answer and a section, or neither."))
        if option is not None and section is not None:
            if option.question_id != question.pk:
                raise ServiceError(_("Choose one of this question's answers."), field="option")
            if section.survey_id != survey.pk or section.position <= question.section.position:
                raise ServiceError(
                    _("Choose a section that comes after this question."), field="section"
                )
        question.skip_if_option = option
        question.skip_to_section = section
        question.save(update_fields=["skip_if_option", "skip_to_section"])
        _record(actor, survey, "change_question", f"Set the skip rule of {question.text}")
        return question


def _question_values(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - QUESTION_FIELDS
    if unknown:
        raise ServiceError(
            _("These details cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    for name in ("text", "help_text", "domain", "key"):
        if name in values:
            values[name] = str(values[name] or "").strip()
    return values


def _check_question(question: Question) -> None:
    if question.kind not in QuestionKind.values:
        raise ServiceError(_("Choose a kind of answer."), field="kind")
    if not question.text:
        raise ServiceError(_("Enter the question."), field="text")
    low, high = question.min_value, question.max_value
    if low is not None and high is not None and low >= high:
        raise ServiceError(_("The highest number must be more than the lowest."), field="max_value")
    if question.kind == QuestionKind.SCALE and (
        (low is not None and low < 0) or (high is not None and high > 10)
    ):
        raise ServiceError(_("A 0 to 10 scale stays between 0 and 10."), field="max_value")
    validate_model(question, exclude=["section", "skip_if_option", "skip_to_section"])


def _set_options(question: Question, options: Sequence[tuple[str, str, int | None]] | None) -> None:
    if question.kind not in CHOICE_KINDS:
        question.options.all().delete()
        return
    if not options:
        standard = STANDARD_OPTIONS.get(question.kind)
        if standard is None:
            if question.options.exists():
                return
            raise ServiceError(_("Give at least two answers to choose from."), field="options")
        options = [(value, _(label), score) for value, label, score in standard]
    if len(options) < 2:
        raise ServiceError(_("Give at least two answers to choose from."), field="options")
    if len(options) > MAX_OPTIONS:
        raise ServiceError(
            _("Give no more than %(count)s answers.") % {"count": MAX_OPTIONS}, field="options"
        )
    values = [value for value, _label, _score in options]
    if len(set(values)) != len(values):
        raise ServiceError(_("Each answer must be different."), field="options")
    question.options.all().delete()
    Option.objects.bulk_create(
        Option(question=question, position=number, label=label[:300], value=value[:80], score=score)
        for number, (value, label, score) in enumerate(options, start=1)
    )


def parse_options(text: str) -> list[tuple[str, str, int | None]]:
    """Answers typed one a line, as "label" or "label | score"."""
    options: list[tuple[str, str, int | None]] = []
    for line in text.splitlines():
        label, _bar, score_text = line.partition("|")
        label = label.strip()
        if not label:
            continue
        score: int | None = None
        if score_text.strip():
            try:
                score = int(score_text.strip())
            except ValueError:
                raise ServiceError(
                    _("After the | put a whole number score, like “Often | 2”."), field="options"
                ) from None
        value = slugify(label)[:60] or f"answer-{len(options) + 1}"
        while value in {existing for existing, _l, _s in options}:
            value = f"{value}-{len(options) + 1}"
        options.append((value, label, score))
    return options


# --- Translations --------------------------------------------------------------------------


def translate_question(
    *,
    actor: User,
    question: Question,
    language: str,
    text: str,
    help_text: str = "",
    option_labels: Mapping[int, str] | None = None,
) -> None:
    """Set the question's (and its answers') wording in another site language. An empty
    text removes the translation, and the original wording shows instead."""
    with transaction.atomic():
        survey = question.section.survey
        require(actor, "surveys.change_survey", survey)
        if language not in dict(settings.LANGUAGES) or language == settings.LANGUAGE_CODE:
            raise ServiceError(_("Choose one of the site's other languages."), field="language")
        text = text.strip()
        if len(text) > 500:
            raise ServiceError(_("Keep the question under 500 characters."), field="text")
        if text:
            QuestionTranslation.objects.update_or_create(
                question=question,
                language=language,
                defaults={"text": text, "help_text": help_text.strip()},
            )
        else:
            QuestionTranslation.objects.filter(question=question, language=language).delete()
        own_options = {option.pk for option in question.options.all()}
        for option_id, label in (option_labels or {}).items():
            if option_id not in own_options:
                raise ServiceError(_("Choose one of this question's answers."))
            if label.strip():
                OptionTranslation.objects.update_or_create(
                    option_id=option_id, language=language, defaults={"label": label.strip()[:300]}
                )
            else:
                OptionTranslation.objects.filter(option_id=option_id, language=language).delete()
        _record(actor, survey, "translate_question", f"Translated {question.text} into {language}")


def _record(actor: User, survey: Survey, verb: str, summary: str) -> None:
    audit.record(actor=actor, action=f"surveys.{verb}", target=survey, summary=summary)
