"""The "Give credits" form. It reads what was typed; the service decides."""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

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
