"""The header's navigation: what each role can reach from every page."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url: str
    active: bool


def navigation_for(request: HttpRequest) -> list[NavItem]:
    items: list[tuple[str | Promise, str]] = [
        (_("Things to do"), reverse("delivery:opportunity-list")),
        (_("Budgets"), reverse("budgeting:process-list")),
        (_("Organisations"), reverse("organisations:organisation-list")),
        (_("Areas"), reverse("places:area-list")),
        (_("Surveys"), reverse("surveys:survey-list")),
    ]
    roles = roles_of(request.user)
    if request.user.is_authenticated:
        items.insert(0, (_("Your account"), reverse("people:dashboard")))
    if COORDINATOR in roles or ADMINISTRATOR in roles:
        items.append((_("People"), reverse("people:staff-people")))
    # Set at sign-in and when someone joins a scheme, so that no page pays a query for it.
    session = getattr(request, "session", None)
    takes_part = request.user.is_authenticated and session and session.get("monitoring_takes_part")
    if takes_part or COORDINATOR in roles or ADMINISTRATOR in roles:
        items.append((_("Monitoring"), reverse("monitoring:scheme-list")))
    path = request.path
    return [NavItem(label, url, path.startswith(url)) for label, url in items]
