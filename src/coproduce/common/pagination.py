"""One way to page through every list, for pages and for the API alike."""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from coproduce.common.errors import ServiceError

T = TypeVar("T")


def parse_page_number(raw: Any) -> int:
    """A page number people can type: a whole number from 1 up. Anything else is an error."""
    if raw in (None, ""):
        return 1
    try:
        number = int(str(raw))
    except ValueError:
        raise ServiceError(_("The page number must be a whole number."), field="page") from None
    if number < 1:
        raise ServiceError(_("The page number must be 1 or more."), field="page")
    return number


class PageNotFound(Http404):
    """A page number that does not exist: the 404 page says why and links to the first page."""

    def __init__(self, message: str, first_page_url: str) -> None:
        super().__init__(message)
        self.message = message
        self.first_page_url = first_page_url


def url_for_page(request: HttpRequest, number: int) -> str:
    """The current address with another page number, keeping every filter."""
    query = request.GET.copy()
    query["page"] = str(number)
    if number == 1:
        query.pop("page")
    encoded = query.urlencode()
    return f"{request.path}?{encoded}" if encoded else request.path


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None
) -> Page[Any]:
    """The requested page of a list. A page past the end or a bad number is a 404 page."""
    per_page = per_page or settings.COPRODUCE_PAGE_SIZE
    try:
        number = parse_page_number(request.GET.get("page"))
    except ServiceError as error:
        raise PageNotFound(error.message, url_for_page(request, 1)) from None
    paginator = Paginator(queryset, per_page)
    if number > max(paginator.num_pages, 1):
        message = _("There is no page %(number)s. There are %(total)s pages.") % {
            "number": number,
            "total": paginator.num_pages,
        }
        raise PageNotFound(message, url_for_page(request, 1))
    return paginator.page(number)
