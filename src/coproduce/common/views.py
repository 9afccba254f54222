"""Pages that belong to no one part: home, the legal pages, errors and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from coproduce.common import audit
from coproduce.common.pagination import PageNotFound, paginate


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "common/home.html")


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "common/accessibility.html")


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "common/privacy.html")


@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "common/cookies.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, but an unknown language gets a message instead of silence."""
    code = request.POST.get("language", "")
    if code not in dict(settings.LANGUAGES):
        messages.error(request, _("We do not have the site in that language yet."))
        return redirect(_safe_next(request))
    return django_set_language(request)


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next", "/")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return "/"


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def audit_log(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    if not request.user.has_perm("people.view_audit"):
        raise PermissionDenied
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:
        raise PermissionDenied
    try:
        target = get_object_or_404(model, pk=object_id)
    except (ValueError, ValidationError):
        raise Http404 from None
    page = paginate(request, audit.events_for(target))
    return render(request, "common/audit_log.html", {"target": target, "page": page})


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {}
    if isinstance(exception, PageNotFound):
        context = {"reason": exception.message, "first_page_url": exception.first_page_url}
    return render(request, "errors/404.html", context, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No request and so no context processors: whatever failed may fail again.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))
