"""The form for making a personal access token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from coproduce.api.services import NAME_MAX_LENGTH, TOKEN_LIFETIMES_IN_DAYS


def _lifetime_choices() -> list[tuple[int, str]]:
    return [
        (days, ngettext_lazy("%(days)d day", "%(days)d days", days) % {"days": days})
        for days in TOKEN_LIFETIMES_IN_DAYS
    ]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("What is the key for?"),
        help_text=_('For example, "Weekly report script". This helps you tell your keys apart.'),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Enter what the key is for."),
            "max_length": _("What the key is for must be %(limit_value)d characters or fewer."),
        },
    )
    expires_in_days = forms.TypedChoiceField(
        label=_("How long should the key work?"),
        help_text=_("After this the key stops working and you can make a new one."),
        choices=_lifetime_choices,
        coerce=int,
        initial=30,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how long the key should work."),
            "invalid_choice": _("Choose how long the key should work."),
        },
    )
