"""Forms for giving, following, handling and publishing feedback."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.delivery.forms import DateInput
from coproduce.feedback.models import Feedback, Theme
from coproduce.feedback.photos import MAX_PHOTOS
from coproduce.organisations.models import Organisation
from coproduce.places.models import Area

RATINGS = [
    ("5", _("5: very happy")),
    ("4", _("4: happy")),
    ("3", _("3: neither happy nor unhappy")),
    ("2", _("2: unhappy")),
    ("1", _("1: very unhappy")),
]


class MultiplePhotoInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Up to MAX_PHOTOS files; they are checked to be photos by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultiplePhotoInput(attrs={"accept": "image/*"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultiplePhotoField, self).clean(item, initial) for item in files]


def _choices(field: forms.Field) -> forms.ChoiceField:
    assert isinstance(field, forms.ChoiceField)
    return field


class FeedbackForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What kind of feedback is it?"),
        choices=Feedback.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose complaint, compliment or suggestion.")},
    )
    subject_kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=Feedback.Subject.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what your feedback is about.")},
    )
    subject_name = forms.CharField(
        label=_("Name of the service, project or place"),
        help_text=_("For example: bin collection, the library, Fenwick Green park."),
        required=False,
    )
    about_organisation = forms.ModelChoiceField(
        label=_("Organisation it is about"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not sure, or none of these"),
    )
    proposal = forms.IntegerField(
        label=_("Number of the budget idea"),
        help_text=_("Only if your feedback is about an idea in a budget vote."),
        required=False,
        min_value=1,
        max_value=2**31 - 1,
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Not sure")
    )
    place = forms.CharField(
        label=_("Where did it happen?"),
        help_text=_("A street, a building, a bus stop."),
        required=False,
    )
    happened_on = forms.DateField(
        label=_("When did it happen?"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Enter a real date, like 21/03/2026.")},
    )
    what_happened = forms.CharField(
        label=_("What happened?"),
        help_text=_("Tell us in your own words. Up to 5,000 characters."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    what_would_help = forms.CharField(
        label=_("What would you like to happen?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    photos = MultiplePhotoField(
        label=_("Photos"),
        help_text=_("Up to %(count)s photos, each 10 MB or smaller (JPEG, PNG or WebP).")
        % {"count": MAX_PHOTOS},
        required=False,
    )
    name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    email = forms.CharField(
        label=_("Email address"),
        help_text=_("We send your reference and our answer here."),
        required=False,
        max_length=254,
    )
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    contact_by = forms.ChoiceField(
        label=_("How should we contact you?"),
        choices=Feedback.Contact.choices,
        widget=forms.RadioSelect,
        initial=Feedback.Contact.EMAIL,
    )
    may_publish = forms.BooleanField(
        label=_("You may publish what I raised, without my name or details"),
        help_text=_("On our “you said, we did” page, to show what changed."),
        required=False,
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, recording: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["about_organisation"]
        area = self.fields["area"]
        assert isinstance(organisation, forms.ModelChoiceField)
        assert isinstance(area, forms.ModelChoiceField)
        organisation.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        area.queryset = Area.objects.order_by("name")
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4().hex)
        if recording:
            self.fields["channel"] = forms.ChoiceField(
                label=_("How did it come in?"),
                help_text=_("Choose online if the person is giving it themselves."),
                choices=Feedback.Channel.choices,
                widget=forms.RadioSelect,
                initial=Feedback.Channel.PHONE,
            )


class FollowForm(forms.Form):
    reference = forms.CharField(
        label=_("Reference"),
        help_text=_("It looks like FB-7K3M-Q9XD."),
        max_length=40,
        error_messages={"required": _("Enter your reference.")},
    )
    email = forms.CharField(
        label=_("Email address you gave"),
        max_length=254,
        error_messages={"required": _("Enter the email address you gave with your feedback.")},
    )


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How happy are you with the answer?"),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a rating from 1 to 5."),
            "invalid_choice": _("Choose a rating from 1 to 5."),
        },
    )


class ReviewRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you want a review?"),
        help_text=_("Someone who did not give the first answer will look at it again."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class TriageForm(forms.Form):
    service = forms.ModelChoiceField(
        label=_("Service that answers it"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Not chosen yet"),
    )
    kind = forms.ChoiceField(label=_("Category"), choices=Feedback.Kind.choices)
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("None")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service = self.fields["service"]
        theme = self.fields["theme"]
        assert isinstance(service, forms.ModelChoiceField)
        assert isinstance(theme, forms.ModelChoiceField)
        service.queryset = Organisation.objects.filter(is_active=True).order_by("name")
        theme.queryset = Theme.objects.order_by("name")


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("Your answer"),
        help_text=_("The person reads this. Say what you found and what you will do."),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
    )


class SummaryForm(forms.Form):
    title = forms.CharField(label=_("Title"), required=False)
    you_said = forms.CharField(
        label=_("You said"),
        help_text=_("What was raised. No names, addresses or other personal details."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    we_did = forms.CharField(
        label=_("We did"),
        help_text=_("What changed because of it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"), queryset=Theme.objects.none(), required=False, empty_label=_("None")
    )
    publish = forms.BooleanField(label=_("Publish it now"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = Theme.objects.order_by("name")


class LinkForm(forms.Form):
    summary = forms.ChoiceField(label=_("Raised the same thing as"), required=False)

    def __init__(self, *args: Any, summaries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["summary"]).choices = [
            ("", _("Nothing published yet")),
            *((str(item.pk), item.title) for item in summaries),
        ]


class DashboardForm(forms.Form):
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        error_messages={"invalid_choice": _("Choose a service from the list.")},
    )
    stage = forms.ChoiceField(
        label=_("Waiting to be"),
        required=False,
        choices=[("", _("Anything")), *Feedback.Stage.choices],
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)

    def __init__(self, *args: Any, services: Any, unassigned: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [("", _("Everything I handle"))]
        if unassigned:
            choices.append(("unassigned", _("Not assigned to a service yet")))
        choices += [(item.slug, item.name) for item in services]
        _choices(self.fields["service"]).choices = choices


class PublicFilterForm(forms.Form):
    search = forms.CharField(label=_("Words to search for"), required=False, max_length=100)
    service = forms.ChoiceField(
        label=_("Service"),
        required=False,
        error_messages={"invalid_choice": _("We could not find that service. We show them all.")},
    )
    theme = forms.ChoiceField(
        label=_("Theme"),
        required=False,
        error_messages={"invalid_choice": _("We could not find that theme. We show them all.")},
    )

    def __init__(self, *args: Any, services: Any, themes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["service"]).choices = [
            ("", _("Every service")),
            *((item.slug, item.name) for item in services),
        ]
        _choices(self.fields["theme"]).choices = [
            ("", _("Every theme")),
            *((item.slug, item.name) for item in themes),
        ]


class TrendsForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["service"]).choices = [
            ("", _("Every service I can see")),
            *((item.slug, item.name) for item in services),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data
