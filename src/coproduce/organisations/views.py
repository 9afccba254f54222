"""The web face of organisations. Thin: forms in, services and selectors called, pages out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.organisations import selectors, services
from coproduce.organisations.forms import (
    AddMemberForm,
    MembershipForm,
    NewOrganisationForm,
    OrganisationFilterForm,
    OrganisationForm,
)
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from coproduce.places import selectors as place_selectors

MEMBERS_PER_PAGE = 50


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "login_required lets only people in"
    return request.user


def _organisation_or_404(slug: str) -> Organisation:
    try:
        return selectors.organisation_detail(slug)
    except NotFound:
        raise Http404(_("There is no organisation at this address.")) from None


# --- Reading ------------------------------------------------------------------------------


@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    filter_form = OrganisationFilterForm(
        request.GET, areas=list(place_selectors.all_areas_for_choices())
    )
    filters = filter_form.filters()
    listing = selectors.organisations(
        kind=filters.get("kind", ""), area_slug=filters.get("area", "")
    )
    page = paginate(request, listing)
    context = {
        "page": page,
        "filter_form": filter_form,
        "is_filtered": bool(filters),
        "can_add": request.user.has_perm("organisations.add_organisation"),
    }
    return render(request, "organisations/organisation_list.html", context)


@require_GET
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    user = request.user
    context: dict[str, Any] = {
        "organisation": organisation,
        "can_change": user.has_perm("organisations.change_organisation", organisation),
        "can_manage_members": user.has_perm("organisations.manage_members", organisation),
        "can_view_members": user.has_perm("organisations.view_members", organisation),
        "audit_url": _audit_url(request, organisation),
        "members": None,
    }
    if context["can_view_members"]:
        context["members"] = paginate(
            request, selectors.members(organisation), per_page=MEMBERS_PER_PAGE
        )
    return render(request, "organisations/organisation_detail.html", context)


def _audit_url(request: HttpRequest, organisation: Organisation) -> str:
    if not request.user.has_perm("people.view_audit"):
        return ""
    content_type = ContentType.objects.get_for_model(Organisation)
    return reverse("common:audit-log", args=[content_type.pk, organisation.pk])


# --- The organisation ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("organisations.add_organisation"):
        raise PermissionDenied
    form = NewOrganisationForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            organisation = services.create_organisation(
                actor=_actor(request),
                data=form.organisation_data(),
                creator_is_manager=form.cleaned_data["creator_is_manager"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": organisation.name})
            return redirect(organisation)
    return render(request, "organisations/organisation_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(slug)
    if not request.user.has_perm("organisations.change_organisation", organisation):
        raise PermissionDenied
    form = OrganisationForm(
        request.POST or None, initial=OrganisationForm.initial_for(organisation)
    )
    if form.is_bound and form.is_valid():
        try:
            organisation = services.update_organisation(
                actor=_actor(request), organisation=organisation, data=form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, "organisations/organisation_form.html", context)


# --- Members ------------------------------------------------------------------------------


def _managed_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = _organisation_or_404(slug)
    if not request.user.has_perm("organisations.manage_members", organisation):
        raise PermissionDenied
    return organisation


def _membership_or_404(organisation: Organisation, pk: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("person", "organisation"),
        pk=pk,
        organisation=organisation,
    )


@login_required
@require_http_methods(["GET", "POST"])
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    form = AddMemberForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            membership = services.add_member(
                actor=_actor(request), organisation=organisation, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(person)s was added to %(organisation)s.")
                % {"person": membership.person.display_name, "organisation": organisation.name},
            )
            return redirect(organisation)
    context = {"form": form, "organisation": organisation}
    return render(request, "organisations/member_add.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    membership = _membership_or_404(organisation, pk)
    form = MembershipForm(
        request.POST or None, initial={"role": membership.role, "title": membership.title}
    )
    if form.is_bound and form.is_valid():
        try:
            services.change_member_role(
                actor=_actor(request), membership=membership, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(organisation)
    context = {"form": form, "organisation": organisation, "membership": membership}
    return render(request, "organisations/member_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = _managed_organisation(request, slug)
    membership = _membership_or_404(organisation, pk)
    error_message = ""
    if request.method == "POST":
        try:
            services.remove_member(actor=_actor(request), membership=membership)
        except ServiceError as error:
            if error.status == 403:
                raise PermissionDenied(error.message) from None
            error_message = error.message
        else:
            messages.success(
                request,
                _("%(person)s was removed from %(organisation)s.")
                % {"person": membership.person.display_name, "organisation": organisation.name},
            )
            return redirect(organisation)
    context = {"organisation": organisation, "membership": membership, "error": error_message}
    return render(request, "organisations/member_remove.html", context)
