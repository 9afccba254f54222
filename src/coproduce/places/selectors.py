"""Reads about areas."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from coproduce.places.models import Area


def areas() -> QuerySet[Area]:
    return Area.objects.select_related("parent").annotate(
        organisation_count=Count("organisations", distinct=True)
    ).order_by("kind", "name")
