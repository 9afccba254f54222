"""The "download my data" file: everything we hold about one person, as plain JSON data.

Other parts of the product (hours given, votes, credits, ...) add their own sections with
`register("contributions", function)`; each function takes the person and returns data that
`json.dumps` can write (dates become ISO strings through DjangoJSONEncoder).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from coproduce.organisations.models import Membership
from coproduce.people.choices import language_name

if TYPE_CHECKING:
    from coproduce.people.models import User
    from coproduce.people.selectors import ProfileView

ExportSection = Callable[["User"], Any]
_sections: dict[str, ExportSection] = {}

FORMAT_VERSION = 1


def register(name: str, section: ExportSection) -> None:
    _sections[name] = section


def _account(person: User) -> dict[str, Any]:
    from allauth.account.models import EmailAddress

    return {
        "id": person.pk,
        "email": person.email,
        "display_name": person.display_name,
        "preferred_language": person.preferred_language,
        "phone": person.phone,
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "created_by_staff": person.created_by.display_name if person.created_by else None,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=person).order_by("email")
        ],
    }


def _profile(view: ProfileView) -> dict[str, Any]:
    profile = view.profile
    return {
        "languages": [
            {"code": code, "name": language_name(code)} for code in profile.languages or []
        ],
        "access_needs": profile.access_needs,
        "areas_i_live_in": [area.name for area in view.areas_live],
        "areas_i_work_or_study_in": [area.name for area in view.areas_work],
        "skills": [skill.name for skill in view.skills],
        "other_skills": profile.skills_other,
        "interests": [skill.name for skill in view.interests],
        "other_interests": profile.interests_other,
        "availability": profile.availability,
        "contact_by": {
            "email": profile.contact_by_email,
            "phone": profile.contact_by_phone,
            "text": profile.contact_by_text,
            "post": profile.contact_by_post,
        },
        "date_of_birth": profile.date_of_birth,
        "postcode": profile.postcode,
    }


def _consents(person: User) -> list[dict[str, Any]]:
    return [
        {"purpose": consent.purpose, "granted": consent.granted, "at": consent.at}
        for consent in person.consents.order_by("at", "id")
    ]


def _memberships(person: User) -> list[dict[str, Any]]:
    return [
        {
            "organisation": membership.organisation.name,
            "role": membership.role,
            "title": membership.title,
            "since": membership.created_at,
        }
        for membership in Membership.objects.filter(person=person).select_related("organisation")
    ]


def _role_grants(person: User) -> list[dict[str, Any]]:
    from coproduce.people.selectors import role_grants_of

    return [
        {"role": grant.role, "area": grant.area.name if grant.area else None}
        for grant in role_grants_of(person)
    ]


def _data_requests(person: User) -> list[dict[str, Any]]:
    from coproduce.people.selectors import data_requests_of

    return [
        {
            "kind": request.kind,
            "status": request.status,
            "requested_at": request.created_at,
            "completed_at": request.completed_at,
        }
        for request in data_requests_of(person)
    ]


def _audit_events(person: User) -> list[dict[str, Any]]:
    from coproduce.people.selectors import audit_events_about

    return [
        {
            "at": event.at,
            "action": event.action,
            "summary": event.summary,
            "by": event.by_line,
            "about": event.object_repr,
            "changes": event.changes,
        }
        for event in audit_events_about(person)
    ]


def build(*, person: User, view: ProfileView) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now(),
        "account": _account(person),
        "profile": _profile(view),
        "consents": _consents(person),
        "memberships": _memberships(person),
        "role_grants": _role_grants(person),
        "data_requests": _data_requests(person),
        "audit_events": _audit_events(person),
    }
    for name, section in sorted(_sections.items()):
        data[name] = section(person)
    return data
