"""Forms for surveys. They collect what was typed; the services decide whether it is right."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.surveys.models import (
    Audience,
    Pacing,
    Question,
    QuestionKind,
    Response,
)
from coproduce.surveys.services.answering import AGE_BAND_CHOICES
from coproduce.surveys.shipped import TEMPLATES

# Each form sets its real choices when it is made.
NO_CHOICES: Any = None
NEEDED = _("Answer this question: it is needed.")
NOT_GIVEN = _("Choose one of the answers given.")
DOMAINS = [
    ("", _("None")),
    ("environment", _("Environment")),
    ("health", _("Health")),
    ("crime_prevention", _("Crime prevention")),
    ("crime_reporting", _("Crime reporting")),
    ("wellbeing", _("Wellbeing")),
]


def _date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"})


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("What it is about"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    audience = forms.ChoiceField(
        label=_("Who it is for"), choices=Audience.choices, widget=forms.RadioSelect
    )
    group: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Group"),
        queryset=NO_CHOICES,
        required=False,
        help_text=_("Only if it is for members of a named group."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Anonymous: do not link answers to the people who give them"), required=False
    )
    pacing = forms.ChoiceField(
        label=_("How the questions are shown"), choices=Pacing.choices, widget=forms.RadioSelect
    )
    opens_on = forms.DateField(label=_("Opens on"), required=False, widget=_date_input())
    closes_on = forms.DateField(
        label=_("Closes at the end of"), required=False, widget=_date_input()
    )
    allow_multiple = forms.BooleanField(
        label=_("A person may answer more than once"), required=False
    )
    results_public = forms.BooleanField(
        label=_("Publish the results for everyone to see"), required=False
    )
    series: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Repeat of an earlier survey"),
        queryset=NO_CHOICES,
        required=False,
        help_text=_("To measure change over time. Keep the question keys the same."),
    )
    opportunity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("About an opportunity"), queryset=NO_CHOICES, required=False
    )
    process: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("About a budgeting process"), queryset=NO_CHOICES, required=False
    )
    initiative: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("About an initiative or group"), queryset=NO_CHOICES, required=False
    )

    def __init__(self, *args: Any, choices: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("group", "series", "opportunity", "process", "initiative"):
            self.fields[name].queryset = choices[name]  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        opens_on: datetime.date | None = data.pop("opens_on")
        closes_on: datetime.date | None = data.pop("closes_on")
        data["opens_at"] = _start_of(opens_on) if opens_on else None
        data["closes_at"] = _start_of(closes_on + datetime.timedelta(days=1)) if closes_on else None
        data.pop("owner", None)
        data.pop("template", None)
        return data


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def survey_initial(survey: Any) -> dict[str, Any]:
    local = timezone.localtime
    return {
        "title": survey.title,
        "description": survey.description,
        "audience": survey.audience,
        "group": survey.group_id,
        "is_anonymous": survey.is_anonymous,
        "pacing": survey.pacing,
        "opens_on": local(survey.opens_at).date() if survey.opens_at else None,
        "closes_on": (local(survey.closes_at) - datetime.timedelta(days=1)).date()
        if survey.closes_at
        else None,
        "allow_multiple": survey.allow_multiple,
        "results_public": survey.results_public,
        "series": survey.series_id,
        "opportunity": survey.opportunity_id,
        "process": survey.process_id,
        "initiative": survey.initiative_id,
    }


class NewSurveyForm(forms.Form):
    owner: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Run by"), queryset=NO_CHOICES
    )
    template = forms.ChoiceField(
        label=_("Start from"), widget=forms.RadioSelect, required=False, choices=()
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=160,
        required=False,
        help_text=_("Leave empty to use the template's title."),
    )

    def __init__(self, *args: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = owners  # type: ignore[attr-defined]
        self.fields["template"].choices = [("", _("A blank survey"))] + [  # type: ignore[attr-defined]
            (key, spec.title) for key, spec in TEMPLATES.items()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("template") and not cleaned.get("title"):
            self.add_error("title", _("Enter a title, or choose a template."))
        return cleaned


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    intro = forms.CharField(
        label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=QuestionKind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(label=_("Question"), max_length=500)
    help_text = forms.CharField(
        label=_("Hint"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    required = forms.BooleanField(label=_("An answer is needed"), required=False)
    options = forms.CharField(
        label=_("Answers to choose from"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_(
            "One a line. To score an answer for the index, add | and a number, like "
            "“Often | 2”. Leave empty for never, sometimes, often or the agreement scale."
        ),
    )
    domain = forms.ChoiceField(label=_("Co-production domain"), choices=DOMAINS, required=False)
    key = forms.SlugField(
        label=_("Key"),
        required=False,
        max_length=80,
        help_text=_("Use the same key in every repeat of the survey to pair the answers."),
    )
    min_value = forms.IntegerField(label=_("Lowest number"), required=False)
    max_value = forms.IntegerField(label=_("Highest number"), required=False)

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("options")
        return data


def question_initial(question: Question) -> dict[str, Any]:
    options = "\n".join(
        option.label + (f" | {option.score}" if option.score is not None else "")
        for option in question.options.all()
    )
    return {
        "kind": question.kind,
        "text": question.text,
        "help_text": question.help_text,
        "required": question.required,
        "options": options,
        "domain": question.domain,
        "key": question.key,
        "min_value": question.min_value,
        "max_value": question.max_value,
    }


class SkipForm(forms.Form):
    option = forms.ChoiceField(label=_("If the answer is"), required=False)
    section = forms.ChoiceField(label=_("Skip to section"), required=False)

    def __init__(
        self, *args: Any, options: Sequence[Any], sections: Sequence[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [("", _("No skip"))] + [  # type: ignore[attr-defined]
            (str(option.pk), option.label) for option in options
        ]
        self.fields["section"].choices = [("", _("No skip"))] + [  # type: ignore[attr-defined]
            (str(section.pk), f"{section.position}. {section.title}") for section in sections
        ]


class TranslationForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=500, required=False)
    help_text = forms.CharField(
        label=_("Hint"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, options: Sequence[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.option_names: dict[int, str] = {}
        for option in options:
            name = f"option_{option.pk}"
            self.fields[name] = forms.CharField(
                label=_("Answer: %(label)s") % {"label": option.label},
                max_length=300,
                required=False,
            )
            self.option_names[option.pk] = name

    def option_labels(self) -> dict[int, str]:
        return {pk: self.cleaned_data.get(name, "") for pk, name in self.option_names.items()}


class AnswerForm(forms.Form):
    """The questions of one page. Field names are `q<question id>`; a ranking has one
    `q<question id>_<option id>` number box per answer."""

    def __init__(
        self, *args: Any, questions: Sequence[Question], partial: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            if question.kind == QuestionKind.RANKING:
                self._ranking_fields(question)
            else:
                self.fields[f"q{question.pk}"] = _answer_field(question)
        if partial:
            # Saving to finish later: needed questions may still be empty.
            for field in self.fields.values():
                field.required = False

    def _ranking_fields(self, question: Question) -> None:
        options = list(question.options.all())
        numbers = [("", _("Not ranked"))] + [(str(n), str(n)) for n in range(1, len(options) + 1)]
        for option in options:
            self.fields[f"q{question.pk}_{option.pk}"] = forms.ChoiceField(
                label=option.display_label,
                choices=numbers,
                required=False,
                widget=forms.Select(attrs={"class": "govuk-select"}),
                error_messages={"invalid_choice": NOT_GIVEN},
            )

    def layout(self) -> list[tuple[Question, Any]]:
        """Each question with its field, or its list of fields for a ranking."""
        rows: list[tuple[Question, Any]] = []
        for question in self.questions:
            if question.kind == QuestionKind.RANKING:
                fields = [self[f"q{question.pk}_{o.pk}"] for o in question.options.all()]
                rows.append((question, fields))
            else:
                rows.append((question, self[f"q{question.pk}"]))
        return rows

    def raw_answers(self) -> dict[int, Any]:
        data = self.cleaned_data
        answers: dict[int, Any] = {}
        for question in self.questions:
            if question.kind == QuestionKind.RANKING:
                answers[question.pk] = {
                    option.value: data.get(f"q{question.pk}_{option.pk}")
                    for option in question.options.all()
                }
            else:
                answers[question.pk] = data.get(f"q{question.pk}")
        return answers

    def add_answer_errors(self, errors: Mapping[int, str]) -> None:
        for question in self.questions:
            message = errors.get(question.pk)
            if message is None:
                continue
            if question.kind == QuestionKind.RANKING:
                first = next(iter(question.options.all()), None)
                name = f"q{question.pk}_{first.pk}" if first else None
                self.add_error(name, message)
            else:
                self.add_error(f"q{question.pk}", message)


def answer_initial(questions: Sequence[Question], given: Mapping[int, list[Any]]) -> dict[str, Any]:
    """The form's starting values from answers saved before."""
    initial: dict[str, Any] = {}
    for question in questions:
        rows = given.get(question.pk, [])
        if not rows:
            continue
        if question.kind == QuestionKind.RANKING:
            for row in rows:
                initial[f"q{question.pk}_{row.option_id}"] = str(row.rank or "")
        elif question.kind == QuestionKind.MULTIPLE:
            initial[f"q{question.pk}"] = [row.option.value for row in rows]
        elif question.has_options:
            initial[f"q{question.pk}"] = rows[0].option.value
        elif question.is_number:
            initial[f"q{question.pk}"] = str(rows[0].number)
        else:
            initial[f"q{question.pk}"] = rows[0].text
    return initial


def _answer_field(question: Question) -> forms.Field:
    label, hint = question.translated()
    common: dict[str, Any] = {
        "label": label,
        "help_text": hint,
        "required": question.required,
        "error_messages": {"required": NEEDED, "invalid_choice": NOT_GIVEN},
    }
    choices = [(option.value, option.display_label) for option in question.options.all()]
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.has_options:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.SCALE:
        low = question.min_value if question.min_value is not None else 0
        high = question.max_value if question.max_value is not None else 10
        numbers = [(str(n), str(n)) for n in range(low, high + 1)]
        return forms.ChoiceField(choices=numbers, widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.NUMBER:
        return forms.CharField(
            max_length=12, widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common
        )
    if question.kind == QuestionKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 5}), **common)
    return forms.CharField(**common)


class PaperDetailsForm(forms.Form):
    respondent_group = forms.ChoiceField(
        label=_("Who filled the form in"),
        choices=Response.Group.choices,
        widget=forms.RadioSelect,
        initial=Response.Group.USERS,
    )
    email = forms.EmailField(
        label=_("Their email address"),
        required=False,
        help_text=_("Only if the survey is linked to people and they have an account."),
    )
    area: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Where they live"), queryset=NO_CHOICES, required=False
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        choices=[("", _("Not given"))] + [(band, band) for band in AGE_BAND_CHOICES],
        required=False,
    )
    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]


class TagForm(forms.Form):
    themes = forms.CharField(
        label=_("Themes"),
        max_length=400,
        required=False,
        help_text=_("Separate themes with commas."),
    )

    def names(self) -> list[str]:
        return [name for name in self.cleaned_data["themes"].split(",") if name.strip()]


class InviteForm(forms.Form):
    opportunity: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Invite them to"), queryset=NO_CHOICES
    )

    def __init__(self, *args: Any, opportunities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opportunity"].queryset = opportunities  # type: ignore[attr-defined]


class BreakdownForm(forms.Form):
    by = forms.ChoiceField(
        label=_("Break down by"),
        required=False,
        choices=[
            ("", _("Everyone together")),
            ("area", _("Area")),
            ("age_band", _("Age band")),
            ("organisation", _("Group")),
        ],
    )
