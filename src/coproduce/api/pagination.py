"""Paging through API lists: `?page=N&page_size=M`, with the same rules as the pages.

`page` and `page_size` are read as text and checked here rather than by the schema, so that
`page=abc` or `page=-1` gets a sentence saying what to send, the same one the web pages use.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Generic, TypeVar

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import WithJsonSchema

from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.pagination import parse_page_number

T = TypeVar("T")

PageNumber = Annotated[
    str | None,
    WithJsonSchema({"type": "integer", "minimum": 1, "default": 1}),
]
PageSize = Annotated[
    str | None,
    WithJsonSchema({"type": "integer", "minimum": 1, "maximum": settings.COPRODUCE_MAX_PAGE_SIZE}),
]


class PageIn(Schema):
    page: PageNumber = Field(None, description="Which page to show, from 1.")
    page_size: PageSize = Field(
        None,
        description=(
            f"How many items on a page: {settings.COPRODUCE_PAGE_SIZE} unless you ask, "
            f"{settings.COPRODUCE_MAX_PAGE_SIZE} at most."
        ),
    )


class PageOut(Schema, Generic[T]):
    items: list[T]
    count: int = Field(description="How many items there are on all pages together.")
    page: int
    page_size: int
    pages: int = Field(description="How many pages there are.")
    next: str | None = Field(description="The address of the next page, if there is one.")
    previous: str | None = Field(description="The address of the previous page, if there is one.")


class BadPageQuery(ServiceError):
    """A page number or size that cannot be used; it was sent in the query string."""

    location = "query"


def parse_page(raw: str | None) -> int:
    try:
        return parse_page_number(raw)
    except ServiceError as error:
        raise BadPageQuery(error.message, field="page") from None


def parse_page_size(raw: str | None) -> int:
    if raw in (None, ""):
        return int(settings.COPRODUCE_PAGE_SIZE)
    largest = int(settings.COPRODUCE_MAX_PAGE_SIZE)
    message = _("The page size must be a whole number from 1 to %(largest)s.") % {
        "largest": largest
    }
    try:
        size = int(str(raw))
    except ValueError:
        raise BadPageQuery(message, field="page_size") from None
    if not 1 <= size <= largest:
        raise BadPageQuery(message, field="page_size")
    return size


def _page_link(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, queryset: QuerySet[Any], query: PageIn) -> dict[str, Any]:
    """One page of `queryset` in the shape of `PageOut`. Two queries: the count and the page."""
    number = parse_page(query.page)
    size = parse_page_size(query.page_size)
    count = queryset.count()
    pages = max(math.ceil(count / size), 1)
    if number > pages:
        raise NotFound(
            _("There is no page %(number)s. The last page is %(pages)s.")
            % {"number": number, "pages": pages}
        )
    start = (number - 1) * size
    return {
        "items": list(queryset[start : start + size]),
        "count": count,
        "page": number,
        "page_size": size,
        "pages": pages,
        "next": _page_link(request, number + 1) if number < pages else None,
        "previous": _page_link(request, number - 1) if number > 1 else None,
    }
