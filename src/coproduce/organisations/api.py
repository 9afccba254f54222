"""Organisations in the API: read-only and open to everyone."""

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
from coproduce.organisations import selectors
from coproduce.organisations.models import Organisation
from coproduce.places.api import AreaRefOut
from coproduce.places.models import Area

router = Router(tags=["organisations"])

OrganisationKind = Annotated[
    Organisation.Kind, WithJsonSchema({"type": "string", "enum": Organisation.Kind.values})
]


class OrganisationOut(Schema):
    slug: str
    name: str
    kind: OrganisationKind
    description: str
    website: str
    is_spend_partner: bool = Field(description="Whether it accepts time credits.")
    areas: list[AreaRefOut] = Field(description="The areas it serves.")
    web_url: str = Field(description="The organisation's page on this site.")

    @staticmethod
    def resolve_areas(organisation: Organisation) -> list[Area]:
        return list(organisation.areas.all())

    @staticmethod
    def resolve_web_url(organisation: Organisation, context: dict[str, Any]) -> str:
        request = context["request"]
        return str(request.build_absolute_uri(organisation.get_absolute_url()))


class OrganisationPageOut(PageOut[OrganisationOut]):
    pass


class OrganisationListIn(Schema):
    kind: OrganisationKind | None = Field(None, description="Only organisations of this kind.")
    area: Slug | None = Field(
        None,
        description=(
            "Only organisations working in the area with this slug, or in an area inside it."
        ),
    )


@router.get(
    "",
    summary="List organisations",
    response={200: OrganisationPageOut, 400: ProblemOut, 404: ProblemOut, 422: ProblemOut},
)
def list_organisations(
    request: HttpRequest,
    filters: Query[OrganisationListIn],
    paging: Query[PageIn],
) -> dict[str, Any]:
    """Public bodies, voluntary and community groups and businesses that take part."""
    organisations = selectors.organisations(kind=filters.kind or "", area_slug=filters.area or "")
    return paginate(request, organisations, paging)


@router.get(
    "/{slug}",
    summary="Get one organisation",
    response={200: OrganisationOut, 404: ProblemOut, 422: ProblemOut},
)
def get_organisation(request: HttpRequest, slug: Slug) -> Organisation:
    """One organisation."""
    try:
        return selectors.organisation_detail(slug)
    except NotFound:
        raise NotFound(_("There is no organisation called %(slug)s.") % {"slug": slug}) from None
