"""Areas in the API: read-only and open to everyone."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from pydantic import WithJsonSchema

from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import Slug
from coproduce.common.errors import NotFound
from coproduce.places import selectors
from coproduce.places.models import Area

router = Router(tags=["areas"])

# Spelt out in the schema so that it is not named after the model's inner class, "Kind".
AreaKind = Annotated[Area.Kind, WithJsonSchema({"type": "string", "enum": Area.Kind.values})]


class AreaRefOut(Schema):
    """Enough to name an area and look it up."""

    slug: str
    name: str
    kind: AreaKind


class AreaOut(Schema):
    slug: str
    name: str
    kind: AreaKind
    parent: AreaRefOut | None
    code: str = Field(description="An official code, such as an ONS ward code.")
    description: str
    latitude: float | None
    longitude: float | None
    web_url: str = Field(description="The area's page on this site.")

    @staticmethod
    def resolve_web_url(area: Area, context: dict[str, Any]) -> str:
        request = context["request"]
        return str(request.build_absolute_uri(area.get_absolute_url()))


class AreaDetailOut(AreaOut):
    children: list[AreaRefOut] = Field(description="The areas inside this one.")
    boundary: dict[str, Any] | None = Field(
        description="The area's boundary as a GeoJSON geometry, if it is known."
    )

    @staticmethod
    def resolve_children(area: Area) -> list[Area]:
        return list(selectors.children_of(area))


class AreaPageOut(PageOut[AreaOut]):
    pass


class AreaListIn(Schema):
    kind: AreaKind | None = Field(None, description="Only areas of this kind.")
    parent: Slug | None = Field(None, description="Only the areas inside the area with this slug.")


@router.get(
    "",
    summary="List areas",
    response={200: AreaPageOut, 400: ProblemOut, 404: ProblemOut, 422: ProblemOut},
)
def list_areas(
    request: HttpRequest,
    filters: Query[AreaListIn],
    paging: Query[PageIn],
) -> dict[str, Any]:
    """The borough and the wards and neighbourhoods in it."""
    areas = selectors.areas(kind=filters.kind or "", parent_slug=filters.parent or "")
    return paginate(request, areas, paging)


@router.get(
    "/{slug}",
    summary="Get one area",
    response={200: AreaDetailOut, 404: ProblemOut, 422: ProblemOut},
)
def get_area(request: HttpRequest, slug: Slug) -> Area:
    """One area, with the areas inside it."""
    try:
        area = selectors.area_detail(slug)
    except NotFound:
        raise NotFound(_("There is no area called %(slug)s.") % {"slug": slug}) from None
    return area
