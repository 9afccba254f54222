"""The web face of areas. Thin: selectors and services do the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.organisations import selectors as organisation_selectors
from coproduce.people.models import User
from coproduce.places import selectors, services
from coproduce.places.forms import AreaForm
from coproduce.places.models import Area

TOP_LEVEL_AREAS_PER_PAGE = 10
ORGANISATIONS_SHOWN = 50


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "login_required lets only people in"
    return request.user


def _area_or_404(slug: str) -> Area:
    try:
        return selectors.area_detail(slug)
    except NotFound:
        raise Http404(_("There is no area at this address.")) from None


@require_GET
def area_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.top_level_areas(), per_page=TOP_LEVEL_AREAS_PER_PAGE)
    context = {
        "page": page,
        "trees": selectors.area_trees(page.object_list),
        "can_add": request.user.has_perm("places.add_area"),
    }
    return render(request, "places/area_list.html", context)


@require_GET
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area_or_404(slug)
    # One more than we show, to know whether to link to the full list.
    organisations = list(organisation_selectors.organisations(area=area)[: ORGANISATIONS_SHOWN + 1])
    context = {
        "area": area,
        "children": selectors.children_of(area),
        "organisations": organisations[:ORGANISATIONS_SHOWN],
        "more_organisations": len(organisations) > ORGANISATIONS_SHOWN,
        "can_change": request.user.has_perm("places.change_area", area),
    }
    return render(request, "places/area_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def area_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("places.add_area"):
        raise PermissionDenied
    form = AreaForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            area = services.create_area(actor=_actor(request), data=form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The area %(name)s was added.") % {"name": area.name})
            return redirect(area)
    return render(request, "places/area_form.html", {"form": form, "area": None})


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, slug: str) -> HttpResponse:
    area = _area_or_404(slug)
    if not request.user.has_perm("places.change_area", area):
        raise PermissionDenied
    form = AreaForm(request.POST or None, initial=AreaForm.initial_for(area))
    if form.is_bound and form.is_valid():
        try:
            area = services.update_area(actor=_actor(request), area=area, data=form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(area)
    return render(request, "places/area_form.html", {"form": form, "area": area})
