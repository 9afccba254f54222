"""Reads about organisations."""

from __future__ import annotations

from django.db.models import QuerySet

from coproduce.organisations.models import Organisation


def organisations(*, kind: str = "", area_slug: str = "") -> QuerySet[Organisation]:
    result = Organisation.objects.filter(is_active=True)
    if kind:
        result = result.filter(kind=kind)
    if area_slug:
        result = result.filter(areas__slug=area_slug)
    return result.order_by("name", "id")
