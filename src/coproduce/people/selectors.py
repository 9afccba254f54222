"""Reads about people."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from coproduce.people.models import User


def people_search(*, query: str = "") -> QuerySet[User]:
    people = User.objects.filter(is_active=True, erased_at__isnull=True)
    if query:
        people = people.filter(
            Q(display_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
        )
    return people.order_by("display_name", "id")
