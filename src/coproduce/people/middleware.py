"""Request-wide concerns for people: acting on someone's behalf, and MFA for staff roles."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from coproduce.people.models import User
from coproduce.people.roles import roles_of

ACTING_FOR_SESSION_KEY = "coproduce_acting_for"

# Pages a member of staff may reach before they have set up an authenticator app.
MFA_SETUP_ALLOWED_PREFIXES = (
    "/accounts/",
    "/static/",
    "/i18n/",
    "/accessibility/",
    "/privacy/",
    "/cookies/",
)


class ActingForMiddleware:
    """Sets `request.acting_for` to the person staff are helping, if they still may."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.acting_for = None  # type: ignore[attr-defined]
        person_id = (
            request.session.get(ACTING_FOR_SESSION_KEY) if request.user.is_authenticated else None
        )
        if person_id:
            person = User.objects.filter(pk=person_id, is_active=True).first()
            if person is not None and request.user.has_perm("people.act_for_person", person):
                request.acting_for = person  # type: ignore[attr-defined]
            else:
                request.session.pop(ACTING_FOR_SESSION_KEY, None)
        return self.get_response(request)


class StaffMFAMiddleware:
    """Staff roles see personal data, so they must sign in with a second factor."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up_mfa(request):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up_mfa(self, request: HttpRequest) -> bool:
        user = request.user
        if not user.is_authenticated or request.path.startswith(MFA_SETUP_ALLOWED_PREFIXES):
            return False
        if not roles_of(user).is_staff_role:
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
