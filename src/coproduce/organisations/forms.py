"""Forms for organisations and their members. They read what was typed; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.organisations.models import Membership, Organisation
from coproduce.places.models import Area


class AreasField(forms.ModelMultipleChoiceField[Area]):
    def label_from_instance(self, obj: Area) -> str:
        return obj.name


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    kind = forms.ChoiceField(
        label=_("What kind of organisation is it?"),
        choices=Organisation.Kind.choices,
        widget=forms.RadioSelect,
    )
    description = forms.CharField(
        label=_("What you do"),
        required=False,
        widget=forms.Textarea,
        help_text=_("A few sentences in plain words. Who you help and how."),
    )
    areas = AreasField(
        label=_("Areas you work in"),
        queryset=Area.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_("Website"), required=False, max_length=200, assume_scheme="https"
    )
    email = forms.EmailField(label=_("Contact email address"), required=False)
    phone = forms.CharField(label=_("Contact phone number"), required=False, max_length=40)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_spend_partner = forms.BooleanField(
        label=_("We accept time credits"),
        required=False,
        help_text=_("People can spend the time credits they earn with you."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas_field = self.fields["areas"]
        assert isinstance(areas_field, AreasField)
        areas_field.queryset = Area.objects.only("id", "name").order_by("name", "id")

    @staticmethod
    def initial_for(organisation: Organisation) -> dict[str, Any]:
        return {
            "name": organisation.name,
            "kind": organisation.kind,
            "description": organisation.description,
            "areas": [area.pk for area in organisation.areas.all()],
            "website": organisation.website,
            "email": organisation.email,
            "phone": organisation.phone,
            "address": organisation.address,
            "is_spend_partner": organisation.is_spend_partner,
        }


class NewOrganisationForm(OrganisationForm):
    slug = forms.CharField(
        label=_("Web address"),
        max_length=160,
        required=False,
        help_text=_(
            "Lower-case letters a to z, numbers and hyphens, like riverside-food-bank. "
            "Leave it empty to make one from the name."
        ),
    )
    creator_is_manager = forms.BooleanField(
        label=_("Make me a manager of this organisation"),
        required=False,
        initial=True,
        help_text=_("Managers can change its details and add people to it."),
    )

    field_order = ["name", "slug", "kind"]

    def organisation_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("creator_is_manager", None)
        return data


ROLE_HELP = _("Managers can change the organisation's details and its members.")


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label=_("Their email address"),
        help_text=_("They must already have an account."),
        max_length=254,
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.MEMBER,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
    )
    title = forms.CharField(
        label=_("Job title"),
        required=False,
        max_length=120,
        help_text=_("For example Volunteer coordinator."),
    )


class MembershipForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        widget=forms.RadioSelect,
        help_text=ROLE_HELP,
    )
    title = forms.CharField(label=_("Job title"), required=False, max_length=120)


class OrganisationFilterForm(forms.Form):
    """The list's filters. A value that is not on the list is reported and then ignored."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Any kind")), *Organisation.Kind.choices],
        error_messages={
            "invalid_choice": _("Choose a kind from the list. We are showing every kind.")
        },
    )
    area = forms.ChoiceField(
        label=_("Area"),
        required=False,
        error_messages={
            "invalid_choice": _("We could not find that area. We are showing every area.")
        },
    )

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = [("", _("Any area")), *((area.slug, area.name) for area in areas)]

    def filters(self) -> dict[str, str]:
        """The filters that were valid; the rest are dropped."""
        self.is_valid()
        return {
            name: value
            for name in ("kind", "area")
            if (value := self.cleaned_data.get(name)) and name not in self.errors
        }
