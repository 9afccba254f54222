"""Forms for co-monitoring. They read what was typed; the services decide what is allowed."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.delivery.forms import DateInput, NamedChoiceField, TimeInput
from coproduce.delivery.models import Opportunity
from coproduce.feedback.monitoring.answers import MAX_TEXT, field_key
from coproduce.feedback.monitoring.models import Field, Place, Scheme
from coproduce.organisations.models import Organisation
from coproduce.places.models import Area


class TitledChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return str(getattr(obj, "title", None) or getattr(obj, "label", obj))


class SchemeForm(forms.Form):
    title = forms.CharField(label=_("Name of the scheme"), max_length=160)
    description = forms.CharField(
        label=_("What it is about"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What volunteers watch, and why."),
    )
    kind = forms.ChoiceField(label=_("Kind of scheme"), choices=Scheme.Kind.choices)
    organisation = NamedChoiceField(
        label=_("Organisation running it"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("None"),
    )
    area = NamedChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("Any area")
    )
    requirement = forms.ChoiceField(
        label=_("What volunteers must do before recording"),
        choices=Scheme.Requirement.choices,
        widget=forms.RadioSelect,
    )
    code_of_conduct = forms.CharField(
        label=_("Code of conduct"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Volunteers observe and report. They never confront anyone."),
    )
    training = forms.CharField(
        label=_("Training needed"),
        max_length=200,
        required=False,
        help_text=_("For example: a one-hour session with the police, using the speed device."),
    )
    baseline_start = forms.DateField(
        label=_("Baseline period: from"), required=False, widget=DateInput()
    )
    baseline_end = forms.DateField(
        label=_("Baseline period: to"), required=False, widget=DateInput()
    )
    recent_days = forms.IntegerField(
        label=_("Compare the baseline with the last how many days?"),
        min_value=1,
        max_value=3660,
        initial=90,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_queryset("organisation", Organisation.objects.filter(is_active=True))
        self._set_queryset("area", Area.objects.order_by("name"))

    def _set_queryset(self, name: str, queryset: Any) -> None:
        chosen = self.fields[name]
        assert isinstance(chosen, forms.ModelChoiceField)
        chosen.queryset = queryset


class SchemeEditForm(SchemeForm):
    status = forms.ChoiceField(label=_("Status"), choices=Scheme.Status.choices)
    opportunity = TitledChoiceField(
        label=_("Opportunity it counts towards"),
        queryset=Opportunity.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("Volunteers can then log the time they spent as hours given."),
    )
    measure_label = forms.CharField(
        label=_("What the change is about"),
        max_length=120,
        required=False,
        help_text=_("For example: vehicles over the limit."),
    )
    measure_kind = forms.ChoiceField(
        label=_("How it is worked out"), choices=Scheme.MeasureKind.choices
    )
    measure_field = TitledChoiceField(
        label=_("The number counted"),
        queryset=Field.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("For a share, the part: for example vehicles over the limit."),
    )
    measure_total_field = TitledChoiceField(
        label=_("Out of"),
        queryset=Field.objects.none(),
        required=False,
        empty_label=_("None"),
        help_text=_("For a share only: for example all vehicles counted."),
    )

    def __init__(self, *args: Any, scheme: Scheme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        numbers = Field.objects.filter(scheme=scheme, kind=Field.Kind.NUMBER).order_by("order")
        self._set_queryset("measure_field", numbers)
        self._set_queryset("measure_total_field", numbers)
        self._set_queryset(
            "opportunity", Opportunity.objects.filter(is_published=True).order_by("title")
        )

    @staticmethod
    def initial_for(scheme: Scheme) -> dict[str, Any]:
        names = [*SchemeForm.base_fields, "status", "opportunity", "measure_label"]
        initial = {name: getattr(scheme, name) for name in names}
        initial.update(
            measure_kind=scheme.measure_kind,
            measure_field=scheme.measure_field_id,
            measure_total_field=scheme.measure_total_field_id,
        )
        return initial


class FieldForm(forms.Form):
    label = forms.CharField(label=_("Question"), max_length=200)
    help_text = forms.CharField(label=_("Hint"), max_length=300, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of answer"), choices=Field.Kind.choices, widget=forms.RadioSelect
    )
    required = forms.BooleanField(label=_("An answer is needed"), required=False, initial=True)
    min_value = forms.DecimalField(
        label=_("Smallest answer allowed"),
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text=_("Numbers only."),
    )
    max_value = forms.DecimalField(
        label=_("Largest answer allowed"),
        required=False,
        max_digits=14,
        decimal_places=4,
        help_text=_("Numbers only."),
    )
    choices = forms.CharField(
        label=_("Answers to choose from"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Choices only. One a line."),
    )


class PlaceForm(forms.Form):
    """A point with a distance around it, or a route with a distance either side of it. The
    form only reads what was typed for the kind chosen; the service checks the points."""

    name = forms.CharField(label=_("Name of the place or route"), max_length=120)
    kind = forms.ChoiceField(
        label=_("What is watched?"),
        choices=Place.Kind.choices,
        widget=forms.RadioSelect,
        initial=Place.Kind.POINT,
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        help_text=_("For example 51.4620"),
        error_messages={"required": _("Enter the latitude of the place.")},
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        help_text=_("For example -2.5810"),
        error_messages={"required": _("Enter the longitude of the place.")},
    )
    route = forms.CharField(
        label=_("Points along the route"),
        max_length=10_000,
        error_messages={"required": _("Enter the points along the route, one a line.")},
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_(
            "In the order the route is walked, from where it starts to where it ends. One "
            "point a line, latitude then longitude, like 51.4620, -2.5810. At least 2 points "
            "and at most 200; up to 50 km long."
        ),
    )
    radius_m = forms.IntegerField(
        label=_("How far around the point, or either side of the route, counts, in metres"),
        min_value=5,
        max_value=50_000,
        initial=200,
        help_text=_("Observations further away than this are refused."),
    )

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and not data.get("kind"):
            # A form sent without the choice (an older page) is for a point, as it was then.
            data = data.copy()
            data["kind"] = Place.Kind.POINT
        super().__init__(data, *args, **kwargs)
        # Each kind needs its own fields; on the blank form both sets are marked as needed.
        if self.is_bound:
            route = self.data.get("kind") == Place.Kind.ROUTE
            self.fields["route"].required = route
            self.fields["latitude"].required = not route
            self.fields["longitude"].required = not route


class TrainingForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the volunteer"))
    completed_on = forms.DateField(label=_("Date they completed the training"), widget=DateInput())


class ExcludeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why leave this observation out?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who runs the scheme can read this in the audit log."),
        error_messages={"required": _("Say why the observation is left out.")},
    )


class ObservationForm(forms.Form):
    """The scheme's own questions, after the place and the time. The hidden key is made here,
    so that a browser with no JavaScript also sends an observation only once."""

    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    place = forms.TypedChoiceField(
        label=_("Where did you watch?"),
        coerce=int,
        error_messages={
            "required": _("Choose the place you watched."),
            "invalid_choice": _("Choose the place you watched."),
        },
    )
    date = forms.DateField(
        label=_("Date"),
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date of the observation."),
            "invalid": _("Enter the date of the observation, like 23/11/2026."),
        },
    )
    time = forms.TimeField(
        label=_("Time you started"),
        widget=TimeInput(),
        error_messages={
            "required": _("Enter the time you started."),
            "invalid": _("Enter the time you started, like 14:30."),
        },
    )

    def __init__(self, *args: Any, scheme: Scheme, fields: list[Field], **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "key": uuid.uuid4().hex,
                "date": timezone.localdate(),
                "time": timezone.localtime().time().replace(second=0, microsecond=0),
            },
        )
        super().__init__(*args, **kwargs)
        place = self.fields["place"]
        assert isinstance(place, forms.TypedChoiceField)
        place.choices = [("", _("Choose a place"))] + [(p.pk, p.name) for p in scheme.places.all()]
        self.scheme_fields = fields
        for scheme_field in fields:
            self.fields[field_key(scheme_field)] = _form_field(scheme_field)
        if scheme.opportunity_id is not None:
            self.fields["hours"] = forms.DecimalField(
                label=_("Time you spent, in hours"),
                required=False,
                min_value=Decimal("0.25"),
                max_value=Decimal(24),
                help_text=_("It counts as time given. The organiser confirms it."),
            )

    def question_fields(self) -> list[forms.BoundField]:
        return [self[field_key(f)] for f in self.scheme_fields]

    def observed_at(self) -> datetime.datetime:
        day, at = self.cleaned_data["date"], self.cleaned_data["time"]
        return timezone.make_aware(datetime.datetime.combine(day, at))

    def answers(self) -> dict[int, Any]:
        """The raw answers; the service checks them, so the API and the form agree."""
        data = self.cleaned_data
        return {f.pk: data.get(field_key(f)) for f in self.scheme_fields}


def _form_field(scheme_field: Field) -> forms.Field:
    """Every answer is read as text (or a file) here; the service says what is wrong with it,
    so that a reading out of range gets the same sentence on the web and in the API."""
    common: dict[str, Any] = {
        "label": scheme_field.label,
        "help_text": scheme_field.help_text,
        "required": False,
    }
    kind = scheme_field.kind
    if kind == Field.Kind.NUMBER:
        attrs = {"inputmode": "decimal", "spellcheck": "false"}
        return forms.CharField(max_length=40, widget=forms.TextInput(attrs=attrs), **common)
    if kind == Field.Kind.CHOICE:
        choices = [(c, c) for c in scheme_field.choices]
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Field.Kind.PHOTO:
        attrs = {"accept": "image/jpeg,image/png,image/webp,image/gif"}
        return forms.FileField(widget=forms.ClearableFileInput(attrs=attrs), **common)
    if kind == Field.Kind.TIME:
        return forms.CharField(max_length=5, widget=TimeInput(), **common)
    if kind == Field.Kind.LOCATION:
        attrs = {"autocomplete": "off", "data-location": "true"}
        common["help_text"] = scheme_field.help_text or _(
            "Latitude and longitude, like 51.4620, -2.5810."
        )
        return forms.CharField(max_length=60, widget=forms.TextInput(attrs=attrs), **common)
    return forms.CharField(max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}), **common)
