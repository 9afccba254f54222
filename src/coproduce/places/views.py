from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from coproduce.common.pagination import paginate
from coproduce.places import selectors
from coproduce.places.models import Area


@require_GET
def area_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.areas(), per_page=50)
    return render(request, "places/area_list.html", {"page": page})


@require_GET
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("parent"), slug=slug)
    organisations = area.organisations.filter(is_active=True).order_by("name")[:50]
    children = area.children.order_by("name")
    return render(
        request,
        "places/area_detail.html",
        {"area": area, "organisations": organisations, "children": children},
    )
