"""The web face of people's accounts. Thin: forms in, services called, pages out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from coproduce.common.pagination import paginate
from coproduce.people import selectors
from coproduce.people.middleware import ACTING_FOR_SESSION_KEY


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "people/dashboard.html")


@login_required
@require_POST
def stop_acting(request: HttpRequest) -> HttpResponse:
    request.session.pop(ACTING_FOR_SESSION_KEY, None)
    return redirect("people:staff-people")


@login_required
@require_GET
def staff_people(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("people.create_assisted_account"):
        raise PermissionDenied
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.people_search(query=query))
    return render(request, "people/staff_people.html", {"page": page, "query": query})
