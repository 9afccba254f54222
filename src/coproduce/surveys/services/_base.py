"""What the survey services share: checking answers, skip logic and model validation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from coproduce.common.errors import ServiceError
from coproduce.surveys.models import Option, Question, QuestionKind, Section

SHORT_TEXT_LIMIT = 500
LONG_TEXT_LIMIT = 5000
SCALE_RANGE = (0, 10)


class AnswerErrors(ServiceError):
    """Answers that cannot be accepted, one message per question (keyed by question id)."""

    def __init__(self, errors: Mapping[int, str]) -> None:
        question_id, first = next(iter(errors.items()))
        super().__init__(first, field=f"answers.{question_id}", code="invalid_answers")
        self.errors = dict(errors)


@dataclass(frozen=True)
class AnswerValue:
    """One row to store: an option (with its rank for rankings), a number, or some text."""

    option: Option | None = None
    number: int | None = None
    text: str = ""
    rank: int | None = None


def validate_model(instance: Any, exclude: Iterable[str] = ()) -> None:
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False, exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(str(messages[0]), field=None if field == "__all__" else field) from None


def is_empty(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    if isinstance(raw, Mapping):
        return all(is_empty(value) for value in raw.values())
    if isinstance(raw, list | tuple | set):
        return all(is_empty(value) for value in raw)
    return False


def number_range(question: Question) -> tuple[int | None, int | None]:
    if question.kind == QuestionKind.SCALE:
        low = question.min_value if question.min_value is not None else SCALE_RANGE[0]
        high = question.max_value if question.max_value is not None else SCALE_RANGE[1]
        return low, high
    return question.min_value, question.max_value


def clean_answer(question: Question, raw: Any, *, partial: bool = False) -> list[AnswerValue]:
    """The rows to store for one question's raw answer, or a ServiceError saying why not.

    Raw answers: an option's value for one-choice kinds, a list of values for "choose any",
    a mapping of value to rank (or values in order) for rankings, a whole number, or text.
    """
    if is_empty(raw):
        if question.required and not partial:
            raise ServiceError(_("Answer this question: it is needed."))
        return []
    if question.kind in (QuestionKind.SINGLE, QuestionKind.FREQUENCY, QuestionKind.AGREEMENT):
        return [AnswerValue(option=_option(question, raw))]
    if question.kind == QuestionKind.MULTIPLE:
        values = raw if isinstance(raw, list | tuple | set) else [raw]
        chosen = {_option(question, value).pk: _option(question, value) for value in values}
        return [AnswerValue(option=option) for option in chosen.values()]
    if question.kind == QuestionKind.RANKING:
        return _ranking(question, raw)
    if question.is_number:
        return [AnswerValue(number=_number(question, raw))]
    return [AnswerValue(text=_text(question, raw))]


def _options_by_value(question: Question) -> dict[str, Option]:
    return {option.value: option for option in question.options.all()}


def _option(question: Question, raw: Any) -> Option:
    option = _options_by_value(question).get(str(raw).strip())
    if option is None:
        raise ServiceError(_("Choose one of the answers given."))
    return option


def _ranking(question: Question, raw: Any) -> list[AnswerValue]:
    if isinstance(raw, Mapping):
        pairs = [(value, rank) for value, rank in raw.items() if not is_empty(rank)]
    elif isinstance(raw, list | tuple):
        pairs = [(value, position) for position, value in enumerate(raw, start=1)]
    else:
        raise ServiceError(_("Put the answers in order."))
    options = _options_by_value(question)
    rows: list[AnswerValue] = []
    seen: set[int] = set()
    for value, rank in pairs:
        option = options.get(str(value))
        if option is None:
            raise ServiceError(_("Choose one of the answers given."))
        number = _whole_number(rank)
        if number is None or not 1 <= number <= len(options):
            raise ServiceError(
                _("Give each answer a number from 1 to %(count)s.") % {"count": len(options)}
            )
        if number in seen:
            raise ServiceError(_("Give each answer a different number."))
        seen.add(number)
        rows.append(AnswerValue(option=option, rank=number))
    if seen != set(range(1, len(seen) + 1)):
        raise ServiceError(_("Number the answers in order from 1, without gaps."))
    return sorted(rows, key=lambda row: row.rank or 0)


def _whole_number(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    try:
        return int(str(raw).strip())
    except ValueError:
        return None


def _number(question: Question, raw: Any) -> int:
    number = _whole_number(raw)
    if number is None:
        raise ServiceError(_("Enter a whole number, like 3."))
    low, high = number_range(question)
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            message = _("Give a number from %(low)s to %(high)s.")
        elif low is not None:
            message = _("Give a number of %(low)s or more.")
        else:
            message = _("Give a number of %(high)s or less.")
        raise ServiceError(message % {"low": low, "high": high})
    return number


def _text(question: Question, raw: Any) -> str:
    text = str(raw).strip()
    limit = SHORT_TEXT_LIMIT if question.kind == QuestionKind.SHORT_TEXT else LONG_TEXT_LIMIT
    if len(text) > limit:
        raise ServiceError(_("Keep your answer under %(limit)s characters.") % {"limit": limit})
    return text


def clean_answers(
    questions: Sequence[Question], raw_answers: Mapping[int, Any], *, partial: bool = False
) -> dict[int, list[AnswerValue]]:
    """Every question's rows, or AnswerErrors with a message for each question that failed."""
    cleaned: dict[int, list[AnswerValue]] = {}
    errors: dict[int, str] = {}
    for question in questions:
        try:
            cleaned[question.pk] = clean_answer(
                question, raw_answers.get(question.pk), partial=partial
            )
        except ServiceError as error:
            errors[question.pk] = error.message
    if errors:
        raise AnswerErrors(errors)
    return cleaned


def visible_sections(sections: Sequence[Section], chosen_option_ids: set[int]) -> list[Section]:
    """The sections a respondent sees, given the options they chose so far: an answer with a
    skip rule jumps over the sections between its own and the one it points to."""
    positions = {section.pk: section.position for section in sections}
    shown: list[Section] = []
    skip_to: int | None = None
    for section in sections:
        if skip_to is not None and section.position < skip_to:
            continue
        skip_to = None
        shown.append(section)
        for question in section.questions.all():
            target = positions.get(question.skip_to_section_id or 0)
            if (
                question.skip_if_option_id in chosen_option_ids
                and target is not None
                and target > section.position
            ):
                skip_to = target
                break
    return shown
