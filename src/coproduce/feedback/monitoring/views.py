"""The web face of co-monitoring. Thin: forms in, services and selectors called, pages out."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.common.errors import ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.feedback.monitoring import selectors, services, setup
from coproduce.feedback.monitoring.forms import (
    ExcludeForm,
    FieldForm,
    ObservationForm,
    PlaceForm,
    SchemeEditForm,
    SchemeForm,
    TrainingForm,
)
from coproduce.feedback.monitoring.models import Observation, Reading, Scheme, Volunteer
from coproduce.feedback.monitoring.presenting import scheme_page_context
from coproduce.people.models import User
from coproduce.people.views import actor_of, subject_of

OBSERVATIONS_PER_PAGE = 20


def _scheme_or_404(request: HttpRequest, pk: int) -> Scheme:
    scheme = selectors.scheme_detail(pk)
    if scheme is None or not request.user.has_perm("monitoring.view_scheme", scheme):
        raise Http404(_("There is no monitoring scheme at this address."))
    return scheme


def _run_by_user(request: HttpRequest, pk: int) -> Scheme:
    scheme = _scheme_or_404(request, pk)
    if not request.user.has_perm("monitoring.change_scheme", scheme):
        raise PermissionDenied
    return scheme


def _mark_taking_part(request: HttpRequest) -> None:
    request.session[services.TAKES_PART] = True


# --- Schemes ------------------------------------------------------------------------------


@require_GET
def scheme_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.visible_schemes(request.user))
    context = {"page": page, "may_add": request.user.has_perm("monitoring.add_scheme")}
    return render(request, "monitoring/scheme_list.html", context)


@require_GET
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    listing = selectors.KnownCount(
        selectors.observations_of(scheme), selectors.observation_count(scheme)
    )
    page = paginate(request, cast(Any, listing), per_page=OBSERVATIONS_PER_PAGE)
    context = scheme_page_context(request, scheme, page)
    return render(request, "monitoring/scheme_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def scheme_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("monitoring.add_scheme"):
        raise PermissionDenied
    form = SchemeForm(request.POST or None, initial={"requirement": Scheme.Requirement.AGREE})
    if form.is_bound and form.is_valid():
        try:
            scheme = setup.create_scheme(actor=actor_of(request), data=form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            _mark_taking_part(request)
            messages.success(
                request, _("Saved. Add the questions and places, then open the scheme.")
            )
            return redirect(scheme)
    return render(request, "monitoring/scheme_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _run_by_user(request, pk)
    form = SchemeEditForm(
        request.POST or None, scheme=scheme, initial=SchemeEditForm.initial_for(scheme)
    )
    if form.is_bound and form.is_valid():
        try:
            setup.update_scheme(actor=actor_of(request), scheme=scheme, data=form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(scheme)
    context = {"form": form, "scheme": scheme, "fields": list(scheme.fields.all())}
    return render(request, "monitoring/scheme_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def field_add(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _run_by_user(request, pk)
    form = FieldForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            setup.add_field(actor=actor_of(request), scheme=scheme, data=form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect("monitoring:scheme-edit", pk=scheme.pk)
    return render(request, "monitoring/field_form.html", {"form": form, "scheme": scheme})


@login_required
@require_http_methods(["GET", "POST"])
def place_add(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _run_by_user(request, pk)
    form = PlaceForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            place = setup.add_place(actor=actor_of(request), scheme=scheme, data=form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            added = _("The route was added.") if place.is_route else _("The place was added.")
            messages.success(request, added)
            return redirect(scheme)
    return render(request, "monitoring/place_form.html", {"form": form, "scheme": scheme})


# --- Volunteers ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def volunteers(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    if not request.user.has_perm("monitoring.record_training", scheme):
        raise PermissionDenied
    form = TrainingForm(request.POST or None)
    if form.is_bound and form.is_valid():
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        if person is None:
            form.add_error("email", _("There is no account with that email address."))
        else:
            try:
                services.record_training(
                    actor=actor_of(request),
                    scheme=scheme,
                    person=person,
                    completed_on=form.cleaned_data["completed_on"],
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _("Training recorded for %(name)s.") % {"name": person.display_name},
                )
                return redirect("monitoring:volunteers", pk=scheme.pk)
    page = paginate(request, selectors.volunteers_of(scheme))
    context = {"form": form, "scheme": scheme, "page": page}
    return render(request, "monitoring/volunteers.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def agree(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    person = subject_of(request)
    agreed = Volunteer.objects.filter(scheme=scheme, person=person).exists()
    error = ""
    if request.method == "POST":
        if request.POST.get("agree") != "yes":
            error = _("Tick the box to say you agree to the code of conduct.")
        else:
            try:
                services.agree_to_code(actor=actor_of(request), scheme=scheme, person=person)
            except ServiceError as refusal:
                if refusal.status == 403:
                    raise PermissionDenied from None
                error = refusal.message
            else:
                _mark_taking_part(request)
                messages.success(request, _("Thank you. You can now record observations."))
                return redirect("monitoring:observation-add", pk=scheme.pk)
    context = {"scheme": scheme, "agreed": agreed, "error": error}
    return render(request, "monitoring/agree.html", context, status=400 if error else 200)


# --- Observations -------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def observation_add(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(request, pk)
    person = subject_of(request)
    fields = list(scheme.fields.all())
    form = ObservationForm(
        request.POST or None, request.FILES or None, scheme=scheme, fields=fields
    )
    refusal = None
    if not form.is_bound:
        try:
            services.check_may_record(scheme, person)
        except ServiceError as error:
            refusal = error
    elif form.is_valid():
        place = scheme.places.filter(pk=form.cleaned_data["place"]).first()
        try:
            observation, created = services.submit_observation(
                actor=actor_of(request),
                scheme=scheme,
                person=person,
                place=place,
                observed_at=form.observed_at(),
                answers_in=form.answers(),
                key=form.cleaned_data["key"],
                hours=form.cleaned_data.get("hours"),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            _mark_taking_part(request)
            if created:
                messages.success(request, _("Thank you. Your observation was recorded."))
            else:
                messages.info(request, _("This observation was already recorded. It counts once."))
            return redirect("monitoring:observation-sent", pk=observation.pk)
    context = {"scheme": scheme, "form": form, "refusal": refusal}
    status = 400 if form.errors else 200
    return render(request, "monitoring/observation_form.html", context, status=status)


def _observation_or_404(request: HttpRequest, pk: int) -> Observation:
    observation = selectors.observation_detail(pk)
    if observation is None:
        raise Http404(_("There is no observation at this address."))
    user = request.user
    mine = user.is_authenticated and observation.person_id == user.pk
    if not mine and not user.has_perm("monitoring.view_observation_details", observation.scheme):
        raise Http404(_("There is no observation at this address."))
    return observation


@login_required
@require_GET
def observation_sent(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation_or_404(request, pk)
    return render(request, "monitoring/observation_sent.html", {"observation": observation})


@login_required
@require_http_methods(["GET", "POST"])
def observation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    observation = _observation_or_404(request, pk)
    may_exclude = request.user.has_perm("monitoring.exclude_observation", observation)
    form = ExcludeForm(request.POST or None)
    if request.method == "POST":
        if not may_exclude:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.exclude_observation(
                    actor=actor_of(request),
                    observation=observation,
                    reason=form.cleaned_data["reason"],
                )
            except ServiceError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The observation is left out of the figures."))
                return redirect(observation.scheme)
    context: dict[str, Any] = {
        "observation": observation,
        "scheme": observation.scheme,
        "form": form,
        "may_exclude": may_exclude,
        "details": request.user.has_perm("monitoring.view_observation_details", observation.scheme),
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "monitoring/observation_detail.html", context, status=status)


@login_required
@require_GET
def photo(request: HttpRequest, pk: int) -> FileResponse:
    """Photos may show faces or number plates: only those running the scheme, and the person
    who took it, see them."""
    reading = Reading.objects.select_related("observation__scheme").filter(pk=pk).first()
    if reading is None or not reading.photo:
        raise Http404(_("There is no photo at this address."))
    observation = reading.observation
    mine = observation.person_id == request.user.pk
    if not mine and not request.user.has_perm(
        "monitoring.view_observation_details", observation.scheme
    ):
        raise Http404(_("There is no photo at this address."))
    response = FileResponse(reading.photo.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
