"""The web face of co-delivery. Thin: forms in, services and selectors called, pages out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.delivery import selectors, services
from coproduce.delivery.forms import (
    CheckForm,
    CorrectionForm,
    DecisionForm,
    FilterForm,
    LogHoursForm,
    NewOpportunityForm,
    OpportunityForm,
    ShiftForm,
    ShiftMessageForm,
)
from coproduce.delivery.models import Contribution, Opportunity, Shift
from coproduce.people.models import Skill, User
from coproduce.people.views import actor_of, subject_of
from coproduce.places import selectors as place_selectors
from coproduce.places.models import Area

SHIFTS_PER_PAGE = 10


def _opportunity_or_404(request: HttpRequest, pk: int) -> Opportunity:
    try:
        opportunity = selectors.opportunity_detail(pk)
    except NotFound:
        raise Http404(_("There is no opportunity at this address.")) from None
    if not request.user.has_perm("delivery.view_opportunity", opportunity):
        raise Http404(_("There is no opportunity at this address."))
    return opportunity


def _organised(request: HttpRequest, pk: int) -> Opportunity:
    opportunity = _opportunity_or_404(request, pk)
    if not request.user.has_perm("delivery.change_opportunity", opportunity):
        raise PermissionDenied
    return opportunity


def _shift_or_404(pk: int) -> Shift:
    return get_object_or_404(Shift.objects.select_related("opportunity__organisation"), pk=pk)


def _refuse_or_show(request: HttpRequest, error: ServiceError) -> None:
    if error.status == 403:
        raise PermissionDenied(error.message)
    if error.status == 404:
        raise Http404(error.message)
    messages.error(request, error.message)


# --- Finding things to do -----------------------------------------------------------------


@require_GET
def opportunity_list(request: HttpRequest) -> HttpResponse:
    skills = list(Skill.objects.filter(kind=Skill.Kind.SKILL).order_by("name", "id"))
    filter_form = FilterForm(
        request.GET, areas=list(place_selectors.all_areas_for_choices()), skills=skills
    )
    filters = filter_form.filters()
    listing = selectors.opportunities(_filters(request, filters, skills))
    context = {
        "page": paginate(request, listing),
        "filter_form": filter_form,
        "is_filtered": bool(filters),
        "can_add": selectors.organisable_organisations(actor_of(request)).exists()
        if request.user.is_authenticated
        else False,
        "no_availability": filters.get("suits_me") and not _availability(request),
        "can_see_checks": request.user.has_perm("delivery.view_checks"),
    }
    return render(request, "delivery/opportunity_list.html", context)


def _availability(request: HttpRequest) -> dict[str, list[str]]:
    if not request.user.is_authenticated:
        return {}
    profile = getattr(subject_of(request), "profile", None)
    return dict(profile.availability) if profile is not None else {}


def _filters(
    request: HttpRequest, filters: dict[str, Any], skills: list[Skill]
) -> selectors.OpportunityFilters:
    area = Area.objects.filter(slug=filters["area"]).first() if "area" in filters else None
    skill = next((s for s in skills if str(s.pk) == filters.get("skill")), None)
    return selectors.OpportunityFilters(
        area=area,
        skill=skill,
        kind=filters.get("kind", ""),
        on=filters.get("on"),
        availability=_availability(request) if filters.get("suits_me") else None,
        search=filters.get("search", ""),
    )


@require_GET
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_or_404(request, pk)
    page = paginate(request, selectors.shifts_with_places(opportunity), per_page=SHIFTS_PER_PAGE)
    person = subject_of(request) if request.user.is_authenticated else None
    mine = selectors.sign_ups_of(person, page.object_list)
    context = {
        "opportunity": opportunity,
        "page": page,
        "shifts": [(shift, mine.get(shift.pk)) for shift in page.object_list],
        "can_change": request.user.has_perm("delivery.change_opportunity", opportunity),
        "acting_for": getattr(request, "acting_for", None),
        "past_shifts": [],
    }
    if context["can_change"]:
        context["past_shifts"] = selectors.recent_shifts(opportunity)
    return render(request, "delivery/opportunity_detail.html", context)


# --- Organising ---------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_add(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    organisations = selectors.organisable_organisations(actor)
    if not organisations.exists():
        raise PermissionDenied
    initial = {}
    chosen = organisations.filter(slug=request.GET.get("organisation", "")).first()
    if chosen is not None:
        initial["organisation"] = chosen.pk
    form = NewOpportunityForm(request.POST or None, organisations=organisations, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            opportunity = services.create_opportunity(
                actor=actor,
                organisation=form.cleaned_data["organisation"],
                data=form.opportunity_data(),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved. Add a shift, then publish it."))
            return redirect(opportunity)
    return render(request, "delivery/opportunity_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _organised(request, pk)
    form = OpportunityForm(request.POST or None, initial=OpportunityForm.initial_for(opportunity))
    if form.is_bound and form.is_valid():
        try:
            services.update_opportunity(
                actor=actor_of(request), opportunity=opportunity, data=form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect(opportunity)
    context = {"form": form, "opportunity": opportunity}
    return render(request, "delivery/opportunity_form.html", context)


@login_required
@require_POST
def opportunity_publish(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _organised(request, pk)
    published = request.POST.get("publish") == "yes"
    services.publish_opportunity(
        actor=actor_of(request), opportunity=opportunity, published=published
    )
    if published:
        messages.success(request, _("It is published. Everyone can see it now."))
    else:
        messages.success(request, _("It is taken down. Only organisers can see it now."))
    return redirect(opportunity)


@login_required
@require_http_methods(["GET", "POST"])
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _organised(request, pk)
    form = ShiftForm(request.POST or None)
    if form.is_bound and form.is_valid():
        starts_at, ends_at = form.times()
        try:
            services.add_shift(
                actor=actor_of(request),
                opportunity=opportunity,
                starts_at=starts_at,
                ends_at=ends_at,
                capacity=form.cleaned_data["capacity"],
            )
        except ServiceError as error:
            if error.field in {"starts_at", "ends_at"}:
                error.field = "ends" if error.field == "ends_at" else "starts"
            add_service_error(form, error)
        else:
            messages.success(request, _("The shift was added."))
            return redirect(opportunity)
    context = {"form": form, "opportunity": opportunity}
    return render(request, "delivery/shift_form.html", context)


# --- Signing up ---------------------------------------------------------------------------


@login_required
@require_POST
def shift_sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _shift_or_404(pk)
    person = subject_of(request)
    try:
        signup = services.sign_up(actor=actor_of(request), person=person, shift=shift)
    except ServiceError as error:
        _refuse_or_show(request, error)
    else:
        if signup.status == signup.Status.CONFIRMED:
            messages.success(request, _("You are signed up. See you there."))
        else:
            messages.success(
                request,
                _(
                    "The shift is full, so you are number %(position)s on the waiting list. "
                    "If a place frees up, it is yours."
                )
                % {"position": signup.position},
            )
    return redirect(shift.opportunity)


@login_required
@require_POST
def shift_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _shift_or_404(pk)
    try:
        services.withdraw(actor=actor_of(request), person=subject_of(request), shift=shift)
    except ServiceError as error:
        _refuse_or_show(request, error)
    else:
        messages.success(request, _("You are no longer signed up for this shift."))
    return redirect(shift.opportunity)


# --- The register -------------------------------------------------------------------------


def _register_shift(request: HttpRequest, pk: int) -> Shift:
    shift = _shift_or_404(pk)
    if not request.user.has_perm("delivery.view_register", shift.opportunity):
        raise PermissionDenied
    return shift


@login_required
@require_http_methods(["GET", "POST"])
def shift_register(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _register_shift(request, pk)
    error = ""
    if request.method == "POST":
        ids = [int(value) for value in request.POST.getlist("attended") if value.isdigit()]
        roles = {person_id: request.POST.get(f"role-{person_id}", "") for person_id in ids}
        try:
            made = services.mark_attendance(
                actor=actor_of(request), shift=shift, attended_person_ids=ids, roles=roles
            )
        except ServiceError as refused:
            if refused.status == 403:
                raise PermissionDenied(refused.message) from None
            error = refused.message
        else:
            messages.success(
                request, _("Hours recorded for %(count)s people.") % {"count": len(made)}
            )
            return redirect("delivery:shift-register", pk=shift.pk)
    return render(request, "delivery/shift_register.html", _register_context(shift, error))


def _register_context(
    shift: Shift, error: str = "", message_form: ShiftMessageForm | None = None
) -> dict[str, Any]:
    return {
        "shift": shift,
        "opportunity": shift.opportunity,
        "sign_ups": list(selectors.register(shift)[:500]),
        "recorded": selectors.people_with_hours_for_shift(shift),
        "roles": Contribution.Role.choices,
        "error": error,
        "message_form": message_form or ShiftMessageForm(),
    }


@login_required
@require_POST
def shift_message(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _register_shift(request, pk)
    form = ShiftMessageForm(request.POST)
    if form.is_valid():
        try:
            sent = services.message_shift(actor=actor_of(request), shift=shift, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            sent_to = ngettext(
                "Your message was sent to %(count)s person.",
                "Your message was sent to %(count)s people.",
                sent,
            )
            messages.success(request, sent_to % {"count": sent})
            return redirect("delivery:shift-register", pk=shift.pk)
    context = _register_context(shift, message_form=form)
    return render(request, "delivery/shift_register.html", context)


@login_required
@require_GET
def shift_register_print(request: HttpRequest, pk: int) -> HttpResponse:
    shift = _register_shift(request, pk)
    return render(request, "delivery/shift_register_print.html", _register_context(shift))


# --- Hours given --------------------------------------------------------------------------


@login_required
@require_GET
def hours(request: HttpRequest) -> HttpResponse:
    person = subject_of(request)
    if not request.user.has_perm("delivery.view_hours", person):
        raise PermissionDenied
    context = {
        "person": person,
        "page": paginate(request, selectors.contributions_of(person)),
        "total": selectors.confirmed_hours(person),
        "acting_for": getattr(request, "acting_for", None),
    }
    return render(request, "delivery/hours.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def hours_log(request: HttpRequest) -> HttpResponse:
    person = subject_of(request)
    form = LogHoursForm(
        request.POST or None,
        opportunities=selectors.published().order_by("title", "id"),
        initial={"opportunity": request.GET.get("opportunity")},
    )
    if form.is_bound and form.is_valid():
        try:
            services.log_hours(actor=actor_of(request), person=person, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. The organiser will confirm your hours."))
            return redirect("delivery:hours")
    context = {"form": form, "acting_for": getattr(request, "acting_for", None)}
    return render(request, "delivery/hours_log.html", context)


def _may_decide(user: Any) -> bool:
    from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of

    roles = roles_of(user)
    return bool(roles.manager_of) or COORDINATOR in roles or ADMINISTRATOR in roles


@login_required
@require_GET
def contributions(request: HttpRequest) -> HttpResponse:
    if not _may_decide(request.user):
        raise PermissionDenied
    page = paginate(request, selectors.contributions_to_decide(actor_of(request)))
    return render(request, "delivery/contributions.html", {"page": page})


def _contribution_or_404(request: HttpRequest, pk: int, permission: str) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.select_related("person", "opportunity__organisation", "shift"), pk=pk
    )
    if not request.user.has_perm(permission, contribution):
        raise PermissionDenied
    return contribution


@login_required
@require_http_methods(["GET", "POST"])
def contribution_decide(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution_or_404(request, pk, "delivery.decide_contribution")
    form = DecisionForm(request.POST or None)
    if form.is_bound and form.is_valid():
        actor = actor_of(request)
        try:
            if form.cleaned_data["decision"] == "confirm":
                services.confirm_contribution(
                    actor=actor, contribution=contribution, role=form.cleaned_data["role"]
                )
            else:
                services.reject_contribution(
                    actor=actor, contribution=contribution, reason=form.cleaned_data["reason"]
                )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your decision was saved."))
            return redirect("delivery:contributions")
    context = {"form": form, "contribution": contribution}
    return render(request, "delivery/contribution_decide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def contribution_correct(request: HttpRequest, pk: int) -> HttpResponse:
    contribution = _contribution_or_404(request, pk, "delivery.correct_contribution")
    form = CorrectionForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            services.correct_contribution(
                actor=actor_of(request), contribution=contribution, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The hours were reversed."))
            return redirect(contribution.opportunity)
    context = {"form": form, "contribution": contribution}
    return render(request, "delivery/contribution_correct.html", context)


# --- Safeguarding -------------------------------------------------------------------------


@login_required
@require_GET
def checks(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delivery.view_checks"):
        raise PermissionDenied
    page = paginate(request, selectors.checks_expiring(within_days=30))
    return render(request, "delivery/checks.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def check_add(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delivery.record_check"):
        raise PermissionDenied
    acting_for = getattr(request, "acting_for", None)
    form = CheckForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            person = _person_for_check(form.cleaned_data["email"], acting_for)
            services.record_check(
                actor=actor_of(request),
                person=person,
                kind=form.cleaned_data["kind"],
                checked_on=form.cleaned_data["checked_on"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The check for %(name)s was recorded.") % {"name": person.display_name}
            )
            return redirect("delivery:checks")
    return render(request, "delivery/check_form.html", {"form": form, "acting_for": acting_for})


def _person_for_check(email: str, acting_for: User | None) -> User:
    if email:
        person = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
        if person is None:
            raise ServiceError(_("No one with that email address has an account."), field="email")
        return person
    if acting_for is None:
        raise ServiceError(_("Enter the person's email address."), field="email")
    return acting_for
