"""Small helpers for reading rows."""

from __future__ import annotations

from typing import TypeVar

from django.db.models import Model, QuerySet

M = TypeVar("M", bound=Model)


def the_one(queryset: QuerySet[M]) -> M | None:
    """The row a unique lookup finds, or None.

    Unlike `.first()` it adds no ORDER BY: on busy paths (every API call's token, every ballot)
    building and running the ordering costs more than the lookup itself.
    """
    found = list(queryset.order_by()[:1])
    return found[0] if found else None
