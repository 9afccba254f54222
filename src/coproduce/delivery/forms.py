"""Forms for co-delivery. They read what was typed; the services decide what is allowed."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.delivery.models import (
    Contribution,
    Opportunity,
    SafeguardingCheck,
    SafeguardingLevel,
)
from coproduce.organisations.models import Organisation
from coproduce.people.choices import COMMUNITY_LANGUAGES
from coproduce.people.models import Skill
from coproduce.places.models import Area


class NamedChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class NamedMultipleChoiceField(forms.ModelMultipleChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class OpportunityForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(
        label=_("What it is about"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few sentences in plain words."),
    )
    what_you_do = forms.CharField(
        label=_("What you will do"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    what_you_gain = forms.CharField(
        label=_("What you will gain"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example new skills, meeting people, a reference."),
    )
    kind = forms.ChoiceField(
        label=_("How often?"),
        choices=Opportunity.Kind.choices,
        initial=Opportunity.Kind.ONE_OFF,
        widget=forms.RadioSelect,
    )
    area = NamedChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Any area")
    )
    place = forms.CharField(
        label=_("Where"), required=False, max_length=200, help_text=_("The address or building.")
    )
    is_remote = forms.BooleanField(label=_("It can be done from home"), required=False)
    accessibility = forms.CharField(
        label=_("Access to the place"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example step-free entrance, accessible toilet, hearing loop."),
    )
    skills = NamedMultipleChoiceField(
        label=_("Skills that help"),
        queryset=Skill.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=COMMUNITY_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    minimum_age = forms.IntegerField(
        label=_("Minimum age"), required=False, min_value=0, max_value=120
    )
    safeguarding = forms.ChoiceField(
        label=_("Safeguarding check needed"),
        choices=SafeguardingLevel.choices,
        initial=SafeguardingLevel.NONE,
        widget=forms.RadioSelect,
    )
    contact_name = forms.CharField(label=_("Contact name"), required=False, max_length=120)
    contact_email = forms.EmailField(label=_("Contact email address"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone number"), required=False, max_length=40)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_queryset("area", Area.objects.only("id", "name").order_by("name", "id"))
        self._set_queryset(
            "skills", Skill.objects.filter(kind=Skill.Kind.SKILL).order_by("name", "id")
        )

    def _set_queryset(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    @staticmethod
    def initial_for(opportunity: Opportunity) -> dict[str, Any]:
        names = [name for name in OpportunityForm.base_fields if name not in {"skills", "area"}]
        initial = {name: getattr(opportunity, name) for name in names}
        initial["area"] = opportunity.area_id
        initial["skills"] = [skill.pk for skill in opportunity.skills.all()]
        return initial


class NewOpportunityForm(OpportunityForm):
    organisation = NamedChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())

    field_order = ["organisation"]

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_queryset("organisation", organisations)

    def opportunity_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("organisation", None)
        return data


class ShiftForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    ends = forms.TimeField(label=_("Ends at"), widget=TimeInput())
    capacity = forms.IntegerField(
        label=_("Number of places"), min_value=1, max_value=10_000, initial=5
    )

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        day = self.cleaned_data["date"]
        starts = datetime.datetime.combine(day, self.cleaned_data["starts"])
        ends = datetime.datetime.combine(day, self.cleaned_data["ends"])
        return timezone.make_aware(starts), timezone.make_aware(ends)


class OpportunityChoiceField(forms.ModelChoiceField[Opportunity]):
    def label_from_instance(self, obj: Opportunity) -> str:
        return f"{obj.title} ({obj.organisation.name})"


class LogHoursForm(forms.Form):
    opportunity = OpportunityChoiceField(
        label=_("What did you do?"), queryset=Opportunity.objects.none()
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.CharField(label=_("Hours"), max_length=10, help_text=_("For example 2 or 1.5."))

    def __init__(self, *args: Any, opportunities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["opportunity"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = opportunities


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Were these hours given?"),
        choices=[("confirm", _("Yes, confirm them")), ("reject", _("No"))],
        widget=forms.RadioSelect,
    )
    role = forms.ChoiceField(
        label=_("If yes, what did they do?"),
        choices=Contribution.Role.choices,
        initial=Contribution.Role.TOOK_PART,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("Leading an activity or training others is a step up the skills escalator."),
    )
    reason = forms.CharField(
        label=_("If not, say why"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person will see this."),
    )


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are these hours being reversed?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CheckForm(forms.Form):
    email = forms.EmailField(
        label=_("The person's email address"),
        required=False,
        help_text=_("Leave empty if you are helping someone now: the check is for them."),
    )
    kind = forms.ChoiceField(
        label=_("Kind of check"), choices=SafeguardingCheck.Kind.choices, widget=forms.RadioSelect
    )
    checked_on = forms.DateField(label=_("Date of the check"), widget=DateInput())
    expires_on = forms.DateField(label=_("Valid until"), widget=DateInput())


class FilterForm(forms.Form):
    """The list's filters. A value that is not on the list is reported and then ignored."""

    search = forms.CharField(label=_("Words to search for"), required=False, max_length=100)
    area = forms.ChoiceField(
        label=_("Area"),
        required=False,
        error_messages={"invalid_choice": _("We could not find that area. We show every area.")},
    )
    skill = forms.ChoiceField(
        label=_("Skill"),
        required=False,
        error_messages={"invalid_choice": _("We could not find that skill. We show every one.")},
    )
    kind = forms.ChoiceField(
        label=_("How often"),
        required=False,
        choices=[("", _("One-off or regular")), *Opportunity.Kind.choices],
        error_messages={"invalid_choice": _("Choose from the list. We show every kind.")},
    )
    on = forms.DateField(
        label=_("On this date"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date. We show every date.")},
    )
    suits_me = forms.BooleanField(label=_("Suits when I am free"), required=False)

    def __init__(self, *args: Any, areas: Any, skills: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        skill = self.fields["skill"]
        assert isinstance(area, forms.ChoiceField) and isinstance(skill, forms.ChoiceField)
        area.choices = [("", _("Any area")), *((a.slug, a.name) for a in areas)]
        skill.choices = [("", _("Any skill")), *((str(s.pk), s.name) for s in skills)]

    def filters(self) -> dict[str, Any]:
        """The filters that were valid; the rest are dropped."""
        self.is_valid()
        return {
            name: value
            for name in self.fields
            if (value := self.cleaned_data.get(name)) and name not in self.errors
        }


class ShiftMessageForm(forms.Form):
    subject = forms.CharField(
        label=_("Subject"),
        max_length=150,
        error_messages={
            "required": _("Enter a subject."),
            "max_length": _("The subject must be 150 characters or fewer."),
        },
    )
    body = forms.CharField(
        label=_("Message"),
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Plain text. Up to 5,000 characters."),
        error_messages={
            "required": _("Enter your message."),
            "max_length": _("The message must be 5,000 characters or fewer."),
        },
    )
