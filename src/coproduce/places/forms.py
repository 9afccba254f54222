"""Forms for setting up areas. They read what was typed; the services decide what is allowed."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from coproduce.places.models import Area

MAX_BOUNDARY_CHARACTERS = 2_000_000


class AreaChoiceField(forms.ModelChoiceField[Area]):
    def label_from_instance(self, obj: Area) -> str:
        return obj.name


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(
        label=_("What kind of area is it?"),
        choices=Area.Kind.choices,
        initial=Area.Kind.WARD,
        widget=forms.RadioSelect,
    )
    parent = AreaChoiceField(
        label=_("Which area is it inside?"),
        queryset=Area.objects.none(),
        required=False,
        empty_label=_("None: it is not inside another area"),
        help_text=_("For a ward, choose the borough. For a neighbourhood, choose its ward."),
    )
    slug = forms.CharField(
        label=_("Web address"),
        max_length=120,
        required=False,
        help_text=_(
            "Lower-case letters a to z, numbers and hyphens, like riverside-north. "
            "Leave it empty to make one from the name."
        ),
    )
    code = forms.CharField(
        label=_("Official code"),
        max_length=20,
        required=False,
        help_text=_("For example an ONS ward code, like E05000001."),
    )
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    latitude = forms.DecimalField(
        label=_("Latitude of its centre"),
        required=False,
        help_text=_("In degrees, between -90 and 90. For example 51.5072."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude of its centre"),
        required=False,
        help_text=_("In degrees, between -180 and 180. For example -0.1276."),
    )
    boundary = forms.CharField(
        label=_("Boundary"),
        required=False,
        max_length=MAX_BOUNDARY_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_("Paste a GeoJSON Polygon or MultiPolygon, or leave it empty."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent_field = self.fields["parent"]
        assert isinstance(parent_field, AreaChoiceField)
        parent_field.queryset = Area.objects.only("id", "name").order_by("name", "id")

    def clean_boundary(self) -> Any:
        text = self.cleaned_data["boundary"].strip()
        if not text:
            return None
        try:
            return json.loads(text)
        except ValueError:
            raise forms.ValidationError(
                _("The boundary is not valid GeoJSON. Check you copied all of it.")
            ) from None

    @staticmethod
    def initial_for(area: Area) -> dict[str, Any]:
        return {
            "name": area.name,
            "kind": area.kind,
            "parent": area.parent_id,
            "slug": area.slug,
            "code": area.code,
            "description": area.description,
            "latitude": area.latitude,
            "longitude": area.longitude,
            "boundary": json.dumps(area.boundary) if area.boundary else "",
        }
