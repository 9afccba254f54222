"""The site's URLs plus pages that fail on purpose, to show the error pages in a browser."""

from __future__ import annotations

from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.urls import path

from coproduce import urls as site

handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500


def bad_request(request: HttpRequest) -> HttpResponse:
    raise BadRequest("a request that makes no sense")


def forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("something broke")


def error_page_alone(request: HttpRequest) -> HttpResponse:
    """The 500 page as it must render when nothing else works: no request, no context
    processors, nothing from the database."""
    return HttpResponseServerError(loader.get_template("errors/500.html").render())


urlpatterns = [
    path("failing/400/", bad_request),
    path("failing/403/", forbidden),
    path("failing/500/", broken),
    path("failing/500-alone/", error_page_alone),
    *site.urlpatterns,
]
