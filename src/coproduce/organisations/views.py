from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coproduce.common.pagination import paginate
from coproduce.organisations import selectors
from coproduce.organisations.models import Organisation


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    if kind not in Organisation.Kind.values:
        kind = ""
    page = paginate(request, selectors.organisations(kind=kind))
    return render(request, "organisations/organisation_list.html", {"page": page, "kind": kind})


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(
        Organisation.objects.prefetch_related("areas"), slug=slug, is_active=True
    )
    return render(
        request, "organisations/organisation_detail.html", {"organisation": organisation}
    )
