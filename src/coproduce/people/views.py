"""The web face of people's accounts. Thin: forms in, services called, pages out.

The profile and data-protection pages work on "the subject": the signed-in person, or the
person a member of staff is acting for (request.acting_for, set by ActingForMiddleware).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.common import errors
from coproduce.common.pagination import paginate
from coproduce.delivery import escalator, reports
from coproduce.delivery.models import EscalatorLevel
from coproduce.people import selectors, services
from coproduce.people.choices import role_labels
from coproduce.people.forms import (
    AssistedAccountForm,
    ContactForm,
    DetailsForm,
    EraseForm,
    SkillsForm,
    WhereAndWhenForm,
)
from coproduce.people.middleware import ACTING_FOR_SESSION_KEY
from coproduce.people.models import DAYS, User
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of


def actor_of(request: HttpRequest) -> User:
    """The signed-in person (every view here needs signing in)."""
    user = request.user
    assert isinstance(user, User)
    return user


def subject_of(request: HttpRequest) -> User:
    """Whose account the page is about: the person staff act for, or the signed-in person."""
    acting_for = getattr(request, "acting_for", None)
    return acting_for if acting_for is not None else actor_of(request)


def posted(request: HttpRequest) -> Any:
    """The form data of a POST, even an empty one (every box unticked); None for a GET."""
    return request.POST if request.method == "POST" else None


def show_service_error(form: forms.Form, error: errors.ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def run_service(form: forms.Form, action: Callable[[], Any]) -> bool:
    """Call a service for a valid form; its refusal becomes a form error, its 403 a 403."""
    try:
        action()
    except errors.PermissionDenied:
        raise PermissionDenied from None
    except errors.ServiceError as error:
        show_service_error(form, error)
        return False
    return True


# --- Your account ---------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    roles = roles_of(request.user)
    return render(
        request,
        "people/dashboard.html",
        {
            "subject": subject_of(request),
            "is_staff_role": roles.is_staff_role,
            "can_see_people": request.user.has_perm("people.create_assisted_account"),
            "can_see_impact": bool(roles.manager_of)
            or bool({COORDINATOR, ADMINISTRATOR} & roles.names),
        },
    )


@login_required
@require_GET
def profile(request: HttpRequest) -> HttpResponse:
    subject = subject_of(request)
    if not request.user.has_perm("people.view_profile", subject):
        raise PermissionDenied
    view = selectors.profile_view(person=subject)
    context = {"view": view, "subject": subject, "escalator_level": _escalator_level(subject)}
    return render(request, "people/profile.html", context)


def _escalator_level(person: User) -> str | None:
    """The skills escalator level reached, worked out as on the "Your next step" page."""
    progress = escalator.progress(
        reports.activity_of(person), reports.rules_from(reports.escalator_levels())
    )
    return str(EscalatorLevel.Level(progress.level.level).label) if progress.level else None


def _details_initial(view: selectors.ProfileView) -> dict[str, Any]:
    person = view.person
    return {
        "display_name": person.display_name,
        "preferred_language": person.preferred_language,
        "phone": person.phone,
        "languages": view.profile.languages,
        "access_needs": view.profile.access_needs,
    }


def _where_when_initial(view: selectors.ProfileView) -> dict[str, Any]:
    initial: dict[str, Any] = {"areas_live": view.areas_live, "areas_work": view.areas_work}
    for day in DAYS:
        initial[f"available_{day}"] = view.profile.availability.get(day, [])
    return initial


def _skills_initial(view: selectors.ProfileView) -> dict[str, Any]:
    return {
        "skills": view.skills,
        "interests": view.interests,
        "skills_other": view.profile.skills_other,
        "interests_other": view.profile.interests_other,
    }


def _contact_initial(view: selectors.ProfileView) -> dict[str, Any]:
    profile = view.profile
    contact = [
        method
        for method in ("email", "phone", "text", "post")
        if getattr(profile, f"contact_by_{method}")
    ]
    consents = [purpose for purpose, granted in view.consents.items() if granted]
    return {"contact": contact, "consents": consents}


def _cleaned(form: forms.Form) -> dict[str, Any]:
    return dict(form.cleaned_data)


def _where_when_data(form: forms.Form) -> dict[str, Any]:
    assert isinstance(form, WhereAndWhenForm)
    return {
        "areas_live": form.cleaned_data["areas_live"],
        "areas_work": form.cleaned_data["areas_work"],
        "availability": form.availability(),
    }


SECTIONS: dict[str, dict[str, Any]] = {
    "details": {
        "form": DetailsForm,
        "initial": _details_initial,
        "data": _cleaned,
        "template": "people/profile_details.html",
    },
    "where-and-when": {
        "form": WhereAndWhenForm,
        "initial": _where_when_initial,
        "data": _where_when_data,
        "template": "people/profile_where_and_when.html",
    },
    "skills": {
        "form": SkillsForm,
        "initial": _skills_initial,
        "data": _cleaned,
        "template": "people/profile_skills.html",
    },
    "contact": {
        "form": ContactForm,
        "initial": _contact_initial,
        "data": _cleaned,
        "template": "people/profile_contact.html",
    },
}


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest, section: str) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404
    spec = SECTIONS[section]
    subject = subject_of(request)
    if not request.user.has_perm("people.change_profile", subject):
        raise PermissionDenied
    view = selectors.profile_view(person=subject)
    form = spec["form"](posted(request), initial=spec["initial"](view))
    if request.method == "POST" and form.is_valid():
        data = spec["data"](form)
        saved = run_service(
            form,
            lambda: services.update_profile(actor=actor_of(request), person=subject, data=data),
        )
        if saved:
            messages.success(request, _("Your changes have been saved."))
            response = redirect("people:profile")
            if subject.pk == request.user.pk and "preferred_language" in data:
                # The language someone chooses for themselves is the one they see next.
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    data["preferred_language"],
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite="Lax",
                )
            return response
    return render(request, spec["template"], {"form": form, "subject": subject, "view": view})


# --- Data protection ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def download_data(request: HttpRequest) -> HttpResponse:
    subject = subject_of(request)
    if not request.user.has_perm("people.export_data", subject):
        raise PermissionDenied
    if request.method == "GET":
        return render(request, "people/download_data.html", {"subject": subject})
    try:
        data = services.export_person_data(actor=actor_of(request), person=subject)
    except errors.PermissionDenied:
        raise PermissionDenied from None
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    filename = f"my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: HttpRequest) -> HttpResponse:
    subject = subject_of(request)
    if not request.user.has_perm("people.erase_account", subject):
        raise PermissionDenied
    form = EraseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        acting = subject.pk != request.user.pk
        if run_service(
            form, lambda: services.erase_person(actor=actor_of(request), person=subject)
        ):
            if not acting:
                logout(request)
                return redirect("people:erased")
            request.session.pop(ACTING_FOR_SESSION_KEY, None)
            messages.success(request, _("The account has been erased."))
            return redirect("people:staff-people")
    return render(request, "people/erase.html", {"form": form, "subject": subject})


@require_GET
def erased(request: HttpRequest) -> HttpResponse:
    return render(request, "people/erased.html")


# --- Staff: the people they help -------------------------------------------------------------


def _staff_only(request: HttpRequest) -> None:
    if not request.user.has_perm("people.create_assisted_account"):
        raise PermissionDenied


@login_required
@require_GET
def staff_people(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.people_search(query=query))
    return render(request, "people/staff_people.html", {"page": page, "query": query})


@login_required
@require_http_methods(["GET", "POST"])
def staff_create(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = AssistedAccountForm(posted(request))
    created: list[User] = []

    def create() -> None:
        created.append(
            services.create_assisted_account(actor=actor_of(request), **form.cleaned_data)
        )

    if request.method == "POST" and form.is_valid() and run_service(form, create):
        messages.success(
            request,
            _("An account has been made for %(name)s.") % {"name": created[0].display_name},
        )
        return redirect("people:staff-person", person_id=created[0].pk)
    return render(request, "people/staff_create.html", {"form": form})


def _person_for_staff(request: HttpRequest, person_id: int) -> User:
    _staff_only(request)
    person = selectors.person_for_staff(person_id=person_id)
    if person is None:
        raise Http404
    if not request.user.has_perm("people.view_person", person):
        raise PermissionDenied
    return person


@login_required
@require_GET
def staff_person(request: HttpRequest, person_id: int) -> HttpResponse:
    person = _person_for_staff(request, person_id)
    context = {
        "person": person,
        "roles": role_labels(roles_of(person).names),
        "can_act": request.user.has_perm("people.act_for_person", person)
        and person.pk != request.user.pk,
        "user_type_id": selectors.user_content_type_id(),
    }
    return render(request, "people/staff_person.html", context)


@login_required
@require_POST
def act_for(request: HttpRequest, person_id: int) -> HttpResponse:
    _staff_only(request)
    person = selectors.person_for_staff(person_id=person_id)
    if person is None:
        raise Http404
    try:
        services.start_acting_for(actor=actor_of(request), person=person)
    except errors.PermissionDenied:
        raise PermissionDenied from None
    except errors.ServiceError as error:
        messages.error(request, error.message)
        return redirect("people:staff-person", person_id=person.pk)
    request.session[ACTING_FOR_SESSION_KEY] = person.pk
    return redirect("people:profile")


@login_required
@require_POST
def stop_acting(request: HttpRequest) -> HttpResponse:
    acting_for = getattr(request, "acting_for", None)
    request.session.pop(ACTING_FOR_SESSION_KEY, None)
    if acting_for is None:
        return redirect("people:dashboard")
    services.stop_acting_for(actor=actor_of(request), person=acting_for)
    return redirect("people:staff-person", person_id=acting_for.pk)
