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


def paginate(
    request: HttpRequest, queryset: QuerySet[Any], per_page: int | None = None
) -> Page[Any]:
    """The requested page of a list. A page past the end or a bad number is a 404 page."""
    per_page = per_page or settings.COPRODUCE_PAGE_SIZE
    try:
        number = parse_page_number(request.GET.get("page"))
    except ServiceError as error:
        raise Http404(error.message) from None
    paginator = Paginator(queryset, per_page)
    if number > max(paginator.num_pages, 1):
        raise Http404(_("There is no page %(number)s.") % {"number": number})
    return paginator.page(number)
