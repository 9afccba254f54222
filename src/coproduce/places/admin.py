"""Areas in the site administration, with the same checks as the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from coproduce.common.errors import ServiceError
from coproduce.places import selectors
from coproduce.places.models import Area
from coproduce.places.validation import check_boundary, check_parent, check_point, check_slug


class AreaAdminForm(forms.ModelForm[Area]):
    class Meta:
        model = Area
        fields = (
            "name",
            "slug",
            "kind",
            "parent",
            "code",
            "description",
            "latitude",
            "longitude",
            "boundary",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        try:
            self._check(data)
        except ServiceError as error:
            self.add_error(error.field if error.field in self.fields else None, error.message)
        return data

    def _check(self, data: dict[str, Any]) -> None:
        if data.get("slug"):
            check_slug(data["slug"])
        data["latitude"], data["longitude"] = check_point(
            data.get("latitude"), data.get("longitude")
        )
        data["boundary"] = check_boundary(data.get("boundary"))
        parent = data.get("parent")
        check_parent(
            area_id=self.instance.pk,
            parent_id=parent.pk if parent else None,
            parent_of=selectors.parent_map(),
        )


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    form = AreaAdminForm
    list_display = ("name", "kind", "parent", "code", "slug")
    list_filter = ("kind",)
    list_select_related = ("parent",)
    search_fields = ("name", "slug", "code")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    ordering = ("name",)
