"""The "Give credits" form. It reads what was typed; the service decides."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.credits.models import Offer, Swap
from coproduce.credits.rounding import credits_to_quarters
from coproduce.organisations.models import Organisation

MAX_GIFT_CREDITS = 1000


def new_key() -> str:
    """A fresh key for one showing of the form: sending it twice makes one gift."""
    return secrets.token_urlsafe(24)


class OrganisationField(forms.ModelChoiceField[Organisation]):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class GiveForm(forms.Form):
    PERSON = "person"
    ORGANISATION = "organisation"

    to = forms.ChoiceField(
        label=_("Who do you want to give credits to?"),
        choices=[
            (PERSON, _("Another member")),
            (ORGANISATION, _("A group or organisation")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who to give credits to.")},
    )
    email = forms.EmailField(
        label=_("Email address of the member"),
        required=False,
        help_text=_("Fill this in if you chose another member."),
    )
    organisation = OrganisationField(
        label=_("The group or organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choose a group"),
        help_text=_("Choose one if you chose a group or organisation."),
    )
    amount = forms.CharField(
        label=_("How many credits?"),
        max_length=10,
        help_text=_("For example 2, or 1.5 for an hour and a half."),
        error_messages={"required": _("Enter how many credits to give.")},
    )
    memo = forms.CharField(
        label=_("A note"), required=False, max_length=200, help_text=_("Say thank you.")
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, OrganisationField)
        if organisations is not None:
            field.queryset = organisations

    def clean_amount(self) -> int:
        raw = self.cleaned_data["amount"]
        try:
            quarters = credits_to_quarters(raw)
        except ValueError:
            raise forms.ValidationError(
                _("Enter a number of credits in quarters, like 2, 1.5 or 0.25.")
            ) from None
        if quarters <= 0:
            raise forms.ValidationError(_("The amount must be more than 0."))
        if quarters > MAX_GIFT_CREDITS * 4:
            raise forms.ValidationError(
                _("You can give up to %(most)s credits at a time.") % {"most": MAX_GIFT_CREDITS}
            )
        return quarters

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        to = cleaned.get("to")
        if to == self.PERSON and not cleaned.get("email") and "email" not in self.errors:
            self.add_error("email", _("Enter the email address of the member."))
        if (
            to == self.ORGANISATION
            and not cleaned.get("organisation")
            and "organisation" not in self.errors
        ):
            self.add_error("organisation", _("Choose the group or organisation."))
        return cleaned


class OfferForm(forms.Form):
    title = forms.CharField(
        label=_("What people get"),
        max_length=160,
        help_text=_("For example: one swim, or a cup of tea and a cake."),
        error_messages={"required": _("Enter what people get for their credits.")},
    )
    cost = forms.CharField(
        label=_("How many credits it costs"),
        max_length=10,
        help_text=_("For example 1, or 0.5 for half a credit."),
        error_messages={"required": _("Enter how many credits it costs.")},
    )
    monthly_cap = forms.IntegerField(
        label=_("How many times one person can use it each month"),
        min_value=0,
        max_value=1000,
        initial=0,
        help_text=_("Enter 0 for no limit."),
        error_messages={"invalid": _("Enter a whole number, like 0 or 4.")},
    )
    is_active = forms.BooleanField(
        label=_("People can use this offer now"), required=False, initial=True
    )

    def clean_cost(self) -> int:
        return _quarters(self.cleaned_data["cost"])


def _quarters(raw: str) -> int:
    try:
        quarters = credits_to_quarters(raw)
    except ValueError:
        raise forms.ValidationError(_("Enter a number in quarters, like 2, 1.5 or 0.25.")) from None
    if quarters <= 0:
        raise forms.ValidationError(_("The number must be more than 0."))
    return quarters


class RedeemForm(forms.Form):
    code = forms.CharField(
        label=_("The code"),
        max_length=20,
        help_text=_("The 8 letters and numbers the person shows you."),
        error_messages={"required": _("Enter the code.")},
    )


class OfferField(forms.ModelChoiceField[Offer]):
    def label_from_instance(self, obj: Offer) -> str:
        return f"{obj.title} ({obj.cost_display})"


class SpendForPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        error_messages={"required": _("Enter their email address.")},
    )
    offer = OfferField(
        label=_("What they are using"),
        queryset=Offer.objects.none(),
        empty_label=_("Choose an offer"),
        error_messages={"required": _("Choose what they are using.")},
    )
    key = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args: Any, offers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["offer"]
        assert isinstance(field, OfferField)
        if offers is not None:
            field.queryset = offers


class SwapForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Can you help, or do you need help?"),
        choices=Swap.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose if you can help or need help.")},
    )
    title = forms.CharField(
        label=_("What is it?"),
        max_length=160,
        help_text=_("For example: I can help with a CV."),
        error_messages={"required": _("Say what the help is.")},
    )
    description = forms.CharField(
        label=_("More about it"), required=False, max_length=2000, widget=forms.Textarea
    )
    hours = forms.CharField(
        label=_("About how many hours?"),
        max_length=10,
        help_text=_("For example 1, or 1.5 for an hour and a half."),
        error_messages={"required": _("Enter about how many hours.")},
    )

    def clean_hours(self) -> int:
        return _quarters(self.cleaned_data["hours"])


class BudgetDateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class BudgetForm(forms.Form):
    organisation = OrganisationField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Choose"),
        error_messages={"required": _("Choose an organisation.")},
    )
    starts_on = forms.DateField(label=_("From"), widget=BudgetDateInput())
    ends_on = forms.DateField(label=_("To"), widget=BudgetDateInput())
    credits = forms.IntegerField(label=_("Credits"), min_value=0, max_value=10_000_000)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why?"),
        max_length=500,
        error_messages={"required": _("Say why the credits are declined.")},
    )
