"""Reads about areas."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from coproduce.common.errors import NotFound
from coproduce.places.models import Area


def areas(*, kind: str = "", parent_slug: str = "") -> QuerySet[Area]:
    """Every area with its parent and how many active organisations serve it directly."""
    result = Area.objects.select_related("parent").annotate(
        organisation_count=Count(
            "organisations", filter=Q(organisations__is_active=True), distinct=True
        )
    )
    if kind:
        result = result.filter(kind=kind)
    if parent_slug:
        result = result.filter(parent__slug=parent_slug)
    return result.order_by("kind", "name", "id")


def area_detail(slug: str) -> Area:
    """One area with its parent; NotFound if there is no such area."""
    area = Area.objects.select_related("parent").filter(slug=slug).first()
    if area is None:
        raise NotFound
    return area


def children_of(area: Area) -> QuerySet[Area]:
    return area.children.order_by("name", "id")


def top_level_areas() -> QuerySet[Area]:
    """Areas inside no other: usually the borough, or a ward not yet placed in one."""
    return Area.objects.filter(parent__isnull=True).order_by("name", "id")


def all_areas_for_choices() -> QuerySet[Area]:
    return Area.objects.only("id", "name", "slug").order_by("name", "id")


def parent_map() -> dict[int, int | None]:
    """Each area's id mapped to its parent's id, in one query; areas number hundreds at most."""
    return dict(Area.objects.values_list("id", "parent_id"))


def area_and_inside_ids(area: Area) -> set[int]:
    """The area's id with the ids of every area inside it, however deep."""
    children: defaultdict[int | None, list[int]] = defaultdict(list)
    for area_id, parent_id in parent_map().items():
        children[parent_id].append(area_id)
    found = {area.pk}
    waiting = [area.pk]
    while waiting:
        for child in children[waiting.pop()]:
            if child not in found:
                found.add(child)
                waiting.append(child)
    return found


@dataclass
class AreaNode:
    """An area with the areas inside it, for showing the borough as a tree."""

    area: Area
    children: list[AreaNode] = field(default_factory=list)


def area_trees(roots: Iterable[Area]) -> list[AreaNode]:
    """Trees under the given top-level areas, built from one query for every other area."""
    by_parent: defaultdict[int, list[Area]] = defaultdict(list)
    for area in Area.objects.filter(parent__isnull=False).order_by("name", "id"):
        assert area.parent_id is not None
        by_parent[area.parent_id].append(area)

    def grow(area: Area, depth: int) -> AreaNode:
        # The depth guard keeps a damaged tree with a loop from running for ever.
        below = by_parent.get(area.pk, []) if depth < 10 else []
        return AreaNode(area, [grow(child, depth + 1) for child in below])

    return [grow(root, 0) for root in roots]
