"""Forms for people's accounts and profiles.

The account forms are allauth's, with plain-English labels and no placeholders (the GOV.UK
Design System asks for labels and hints, never placeholder text). Profile forms only collect
and tidy input; the rules live in services.py.
"""

from __future__ import annotations

import re
from typing import Any

from allauth.account import forms as allauth_forms
from allauth.account.internal.flows.manage_email import email_already_exists
from django import forms
from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coproduce.people.choices import (
    COMMUNITY_LANGUAGES,
    CONTACT_CHOICES,
    DAY_NAMES,
    PART_OF_DAY_CHOICES,
)
from coproduce.people.models import DAYS, Consent, Skill
from coproduce.places.models import Area

PASSWORD_HINT = _(
    "Use at least 10 characters. A few words you will remember, with spaces, work well. "
    "Do not use a common password or only numbers."
)
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()\-]{7,25}$")
FROM_THE_LIST = {
    "invalid_choice": _("Choose from the list"),
    "invalid_pk_value": _("Choose from the list"),
    "invalid_list": _("Choose from the list"),
}


class PlainFormMixin:
    """Drop placeholders, and let each form set its own labels and hints."""

    labels: dict[str, Any] = {}
    hints: dict[str, Any] = {}
    missing: dict[str, Any] = {}
    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
            if name in self.hints:
                field.help_text = self.hints[name]
            if name in self.missing:
                field.error_messages["required"] = self.missing[name]


# --- Signing in and out, passwords, email -------------------------------------------------------


class SignupForm(PlainFormMixin, allauth_forms.SignupForm):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Enter your name")},
        help_text=_("The name other people will see. It does not have to be your full name."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["display_name", "email", "password1", "password2"]
    labels = {
        "email": _("Email address"),
        "password1": _("Create a password"),
        "password2": _("Type the password again"),
    }
    hints = {
        "email": _("We will send you a link to check it is yours."),
        "password1": PASSWORD_HINT,
        "password2": "",
    }
    missing = {
        "email": _("Enter your email address"),
        "password1": _("Create a password"),
        "password2": _("Type the password again"),
    }

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(gettext("Enter your name"))
        return name

    def validate_unique_email(self, value: str) -> str:
        """Say plainly that the address is taken, rather than pretend to send a link.

        allauth would hide it (enumeration prevention) and email the owner instead, which
        leaves someone who forgot they had an account waiting for a link that never comes.
        Only sign-up says so: password reset still reveals nothing.
        """
        email, exists = email_already_exists(value)
        if exists:
            raise forms.ValidationError(
                gettext(
                    "There is already an account with this email address. Sign in, or reset "
                    "your password if you have forgotten it"
                ),
                code="email_taken",
            )
        self.account_already_exists = False
        return email


class LoginForm(PlainFormMixin, allauth_forms.LoginForm):
    labels = {
        "login": _("Email address"),
        "password": _("Password"),
        "remember": _("Keep me signed in on this device"),
    }
    hints = {"password": ""}
    missing = {"login": _("Enter your email address"), "password": _("Enter your password")}


class ResetPasswordForm(PlainFormMixin, allauth_forms.ResetPasswordForm):
    labels = {"email": _("Email address")}
    hints = {"email": _("Use the email address you signed up with.")}
    missing = {"email": _("Enter your email address")}


class ResetPasswordKeyForm(PlainFormMixin, allauth_forms.ResetPasswordKeyForm):
    labels = {"password1": _("New password"), "password2": _("Type the new password again")}
    hints = {"password1": PASSWORD_HINT}
    missing = {
        "password1": _("Enter a new password"),
        "password2": _("Type the new password again"),
    }


class ChangePasswordForm(PlainFormMixin, allauth_forms.ChangePasswordForm):
    labels = {
        "oldpassword": _("Current password"),
        "password1": _("New password"),
        "password2": _("Type the new password again"),
    }
    hints = {"oldpassword": "", "password1": PASSWORD_HINT}
    missing = {
        "oldpassword": _("Enter your current password"),
        "password1": _("Enter a new password"),
        "password2": _("Type the new password again"),
    }


class SetPasswordForm(PlainFormMixin, allauth_forms.SetPasswordForm):
    labels = {"password1": _("Password"), "password2": _("Type the password again")}
    hints = {"password1": PASSWORD_HINT}


class AddEmailForm(PlainFormMixin, allauth_forms.AddEmailForm):
    labels = {"email": _("New email address")}
    hints = {"email": _("We will send a link to this address to check it is yours.")}
    missing = {"email": _("Enter an email address")}


class ReauthenticateForm(PlainFormMixin, allauth_forms.ReauthenticateForm):
    labels = {"password": _("Password")}
    hints = {"password": ""}
    missing = {"password": _("Enter your password")}


# --- The profile ------------------------------------------------------------------------------


class LabelledSkillChoiceField(forms.ModelMultipleChoiceField):
    """Skills are data, but their names are translated like the rest of the page."""

    def label_from_instance(self, obj: Any) -> str:
        return gettext(obj.name)


class DetailsForm(forms.Form):
    display_name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        error_messages={"required": _("Enter your name")},
        help_text=_("The name other people will see."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for this website and our messages"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a language from the list")},
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("For example 07700 900 982 or +44 20 7946 0000."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages you speak"),
        choices=COMMUNITY_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose languages from the list")},
    )
    access_needs = forms.CharField(
        label=_("Anything that would help you take part"),
        help_text=_(
            "For example step-free access, a hearing loop, large print, or someone to come with "
            "you. Only people who organise what you sign up for will see this."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(gettext("Enter your name"))
        return name

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                gettext("Enter a phone number, like 07700 900 982 or +44 20 7946 0000")
            )
        return phone


def _day_field(day: str) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=DAY_NAMES[day],
        choices=PART_OF_DAY_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose times from the list")},
        widget=forms.CheckboxSelectMultiple,
    )


class WhereAndWhenForm(forms.Form):
    areas_live = forms.ModelMultipleChoiceField(
        label=_("Where do you live?"),
        queryset=Area.objects.order_by("name"),
        required=False,
        error_messages=FROM_THE_LIST,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )
    areas_work = forms.ModelMultipleChoiceField(
        label=_("Where do you work or study?"),
        queryset=Area.objects.order_by("name"),
        required=False,
        error_messages=FROM_THE_LIST,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for day in DAYS:
            self.fields[f"available_{day}"] = _day_field(day)

    def day_fields(self) -> list[forms.BoundField]:
        return [self[f"available_{day}"] for day in DAYS]

    def availability(self) -> dict[str, list[str]]:
        return {
            day: list(self.cleaned_data.get(f"available_{day}", []))
            for day in DAYS
            if self.cleaned_data.get(f"available_{day}")
        }


class SkillsForm(forms.Form):
    skills = LabelledSkillChoiceField(
        label=_("What are you good at?"),
        queryset=Skill.objects.filter(kind=Skill.Kind.SKILL),
        required=False,
        error_messages=FROM_THE_LIST,
        widget=forms.CheckboxSelectMultiple,
    )
    skills_other = forms.CharField(
        label=_("Other skills"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interests = LabelledSkillChoiceField(
        label=_("What do you care about?"),
        queryset=Skill.objects.filter(kind=Skill.Kind.INTEREST),
        required=False,
        error_messages=FROM_THE_LIST,
        widget=forms.CheckboxSelectMultiple,
    )
    interests_other = forms.CharField(
        label=_("Other interests"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ContactForm(forms.Form):
    contact = forms.MultipleChoiceField(
        label=_("How can we contact you?"),
        choices=CONTACT_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Choose ways to contact you from the list")},
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
    )
    consents = forms.MultipleChoiceField(
        label=_("What do you agree to?"),
        choices=Consent.Purpose.choices,
        required=False,
        error_messages=FROM_THE_LIST,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You can change your mind at any time."),
    )


# --- Data protection ------------------------------------------------------------------------


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that the account will be erased and this cannot be undone"),
        error_messages={"required": _("Tick the box to confirm you want to erase the account")},
    )


# --- Staff ------------------------------------------------------------------------------------


class AssistedAccountForm(forms.Form):
    display_name = forms.CharField(
        label=_("Their name"),
        max_length=120,
        error_messages={"required": _("Enter their name")},
        help_text=_("The name they would like other people to see."),
    )
    phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Leave this empty if they do not have one."),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language for our messages"),
        choices=settings.LANGUAGES,
        initial="en",
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a language from the list")},
    )

    clean_display_name = DetailsForm.clean_display_name
    clean_phone = DetailsForm.clean_phone

    def clean_email(self) -> str | None:
        email = self.cleaned_data["email"].strip().lower()
        return email or None
