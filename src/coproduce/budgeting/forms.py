"""Forms for participatory budgeting. They read what was typed; the services decide what is
allowed, so a rule holds the same for the pages and the API."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.budgeting.models import PHASE_ORDER, OfferKind, PhaseKind, Process, Project, Proposal
from coproduce.budgeting.services._base import CURRENCIES, MAX_IMAGE_BYTES, MAX_MONEY
from coproduce.organisations.models import Organisation
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


def money_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.IntegerField:
    """Whole amounts only, with the limits said in words rather than by the browser."""
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=MAX_MONEY,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"}),
        error_messages={
            "invalid": _("Enter a whole number, like 5000, with no pence."),
            "min_value": _("The amount cannot be less than 0."),
            "max_value": _("The amount is too large. Enter at most 12 digits."),
        },
    )


class PictureField(forms.ImageField):
    """A real picture (Pillow reads it), no bigger than 5 MB."""

    default_error_messages = {
        "invalid_image": _(
            "The file is not a picture we can use. Choose a JPG, PNG, GIF or WebP photo."
        ),
    }

    def clean(self, data: Any, initial: Any = None) -> Any:
        if data and getattr(data, "size", 0) > MAX_IMAGE_BYTES:
            raise forms.ValidationError(
                _("The picture must be smaller than 5 MB. Try a smaller photo.")
            )
        return super().clean(data, initial)


class ProcessForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    slug = forms.CharField(
        label=_("Short name for the web address"),
        max_length=80,
        help_text=_("Small letters, numbers and hyphens, like riverside-2025."),
    )
    description = forms.CharField(
        label=_("What it is about"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    organisation = NamedChoiceField(
        label=_("Run by"), queryset=Organisation.objects.none(), required=False
    )
    budget = money_field(_("Budget"), help_text=_("The whole amount, in whole units."))
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[(code, code) for code in CURRENCIES], initial="GBP"
    )
    areas = NamedMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty for the whole borough."),
    )
    residents_only = forms.BooleanField(
        label=_("Only people who live in these areas may take part"), required=False
    )
    minimum_age = forms.IntegerField(
        label=_("Minimum age"),
        required=False,
        min_value=0,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter the minimum age as a number."),
            "min_value": _("Enter a minimum age from 0 to 120, or leave it empty."),
            "max_value": _("Enter a minimum age from 0 to 120, or leave it empty."),
        },
    )
    verification_required = forms.BooleanField(
        label=_("People must confirm their email address (or be checked by staff)"),
        required=False,
    )
    categories = forms.CharField(
        label=_("Categories"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line, like Parks or Young people. Leave empty for none."),
    )
    starts_ideas = forms.DateField(label=_("Ideas phase starts"), widget=DateInput())
    starts_review = forms.DateField(label=_("Review phase starts"), widget=DateInput())
    starts_voting = forms.DateField(label=_("Voting starts"), widget=DateInput())
    starts_results = forms.DateField(label=_("Results are published"), widget=DateInput())
    starts_delivery = forms.DateField(label=_("Delivery starts"), widget=DateInput())

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]
        self.fields["areas"].queryset = Area.objects.order_by("kind", "name")  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        data = {
            key: self.cleaned_data[key]
            for key in (
                "title",
                "slug",
                "description",
                "budget",
                "currency",
                "residents_only",
                "minimum_age",
                "verification_required",
            )
        }
        data["areas"] = list(self.cleaned_data["areas"])
        data["categories"] = self.cleaned_data["categories"].splitlines()
        return data

    def phase_starts(self) -> dict[str, datetime.datetime]:
        zone = timezone.get_current_timezone()
        return {
            kind: datetime.datetime.combine(
                self.cleaned_data[f"starts_{kind}"], datetime.time(0, 0), tzinfo=zone
            )
            for kind in PHASE_ORDER
        }

    @staticmethod
    def initial_for(process: Process) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "title": process.title,
            "slug": process.slug,
            "description": process.description,
            "organisation": process.organisation,
            "budget": process.budget,
            "currency": process.currency,
            "areas": list(process.areas.all()),
            "residents_only": process.residents_only,
            "minimum_age": process.minimum_age,
            "verification_required": process.verification_required,
            "categories": "\n".join(process.categories),
        }
        for phase in process.phases.all():
            initial[f"starts_{phase.kind}"] = timezone.localtime(phase.starts_at).date()
        return initial


class PhaseMoveForm(forms.Form):
    to_phase = forms.ChoiceField(
        label=_("Move to the phase"),
        choices=[("not_started", _("Not started")), *PhaseKind.choices],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Why are you moving it by hand?"),
        max_length=300,
        help_text=_("This is kept in the record of changes."),
    )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Give your idea a short title"), max_length=160)
    description = forms.CharField(
        label=_("What is your idea, and why does it matter?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Say who it helps and where. Plain words are best."),
    )
    category = forms.ChoiceField(label=_("Category"), required=False)
    area = NamedChoiceField(
        label=_("Area"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("Not one area"),
        help_text=_("Where would it happen?"),
    )
    latitude = forms.DecimalField(
        label=_("Latitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        help_text=_("If you know the exact spot, like 51.4530."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter the latitude as a number, like 51.4530.")},
    )
    longitude = forms.DecimalField(
        label=_("Longitude (optional)"),
        required=False,
        max_digits=9,
        decimal_places=6,
        help_text=_("Like -2.5880."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"}),
        error_messages={"invalid": _("Enter the longitude as a number, like -2.5880.")},
    )
    estimated_cost = money_field(
        _("Roughly how much would it cost?"),
        help_text=_("A whole number. Staff will check it later."),
    )
    image = PictureField(
        label=_("A picture (optional)"),
        required=False,
        help_text=_("A JPG, PNG, GIF or WebP photo, smaller than 5 MB."),
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, process: Process, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas  # type: ignore[attr-defined]
        if process.categories:
            self.fields["category"].choices = [  # type: ignore[attr-defined]
                ("", _("Choose a category")),
                *[(name, name) for name in process.categories],
            ]
        else:
            del self.fields["category"]
        if not self.is_bound:
            self.initial.setdefault("submission_key", uuid.uuid4())

    def values(self) -> dict[str, Any]:
        names = ("title", "description", "area", "latitude", "longitude", "estimated_cost")
        data = {name: self.cleaned_data[name] for name in names}
        if "category" in self.fields:
            data["category"] = self.cleaned_data["category"]
        return data

    @staticmethod
    def initial_for(proposal: Proposal) -> dict[str, Any]:
        return {
            "title": proposal.title,
            "description": proposal.description,
            "category": proposal.category,
            "area": proposal.area,
            "latitude": proposal.latitude,
            "longitude": proposal.longitude,
            "estimated_cost": proposal.estimated_cost,
        }


class OfferForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What can you offer?"), choices=OfferKind.choices, widget=forms.RadioSelect
    )
    description = forms.CharField(
        label=_("Describe your offer"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: I will help run it on Saturdays."),
    )
    amount = money_field(_("Amount of money (only for an offer of money)"), required=False)
    group = NamedChoiceField(
        label=_("Offer on behalf of a group"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("No, just me"),
    )

    def __init__(self, *args: Any, groups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Your comment"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Does it go to the vote?"),
        choices=[
            (Proposal.Status.ACCEPTED, _("Yes, put it on the ballot")),
            (Proposal.Status.REJECTED, _("No, it cannot go ahead")),
        ],
        widget=forms.RadioSelect,
    )
    final_cost = money_field(
        _("Checked cost"), required=False, help_text=_("Needed when it goes to the vote.")
    )
    feasibility = forms.CharField(
        label=_("Notes on whether it can be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For staff. Not shown to the public."),
    )
    reason = forms.CharField(
        label=_("Reason, in plain English"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when it cannot go ahead. Everyone will see it."),
    )


class ResponseForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Everyone will see it on your idea's page."),
    )


class MergeForm(forms.Form):
    target = NamedChoiceField(label=_("Join it into"), queryset=Proposal.objects.none())
    reason = forms.CharField(label=_("Why are the ideas alike?"), max_length=300)

    def __init__(self, *args: Any, targets: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target"]
        field.queryset = targets  # type: ignore[attr-defined]
        field.label_from_instance = lambda obj: str(obj.title)  # type: ignore[attr-defined]


class ProjectForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Project.Status.choices)
    progress = forms.IntegerField(
        label=_("How far along, in per cent"),
        min_value=0,
        max_value=100,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _("Enter how far along it is from 0 to 100."),
            "min_value": _("Enter how far along it is from 0 to 100."),
            "max_value": _("Enter how far along it is from 0 to 100."),
        },
    )
    spent = money_field(_("Money spent so far"))


class ProjectUpdateForm(forms.Form):
    text = forms.CharField(
        label=_("What happened?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = PictureField(
        label=_("A photo (optional)"),
        required=False,
        help_text=_("A JPG, PNG, GIF or WebP photo, smaller than 5 MB."),
    )
    photo_description = forms.CharField(
        label=_("Describe the photo"),
        required=False,
        max_length=200,
        help_text=_("For people who cannot see it."),
    )


class ProposalFilterForm(forms.Form):
    search = forms.CharField(label=_("Search"), required=False, max_length=100)
    category = forms.ChoiceField(label=_("Category"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest first")),
            ("supports", _("Most supported")),
            ("cost", _("Lowest cost")),
        ],
    )

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if process.categories:
            self.fields["category"].choices = [  # type: ignore[attr-defined]
                ("", _("All categories")),
                *[(name, name) for name in process.categories],
            ]
        else:
            del self.fields["category"]

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}
