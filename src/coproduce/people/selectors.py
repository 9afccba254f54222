"""Reads about people."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from coproduce.common.models import AuditEvent
from coproduce.people.choices import (
    CONTACT_CHOICES,
    CONTACT_FIELDS,
    DAY_NAMES,
    PART_OF_DAY_NAMES,
    language_name,
)
from coproduce.people.models import (
    DAYS,
    Consent,
    DataRequest,
    Profile,
    ProfileArea,
    RoleGrant,
    Skill,
    User,
)
from coproduce.places.models import Area


def people_search(*, query: str = "") -> QuerySet[User]:
    people = User.objects.filter(is_active=True, erased_at__isnull=True)
    if query:
        people = people.filter(
            Q(display_name__icontains=query) | Q(email__icontains=query) | Q(phone__icontains=query)
        )
    return people.select_related("created_by").order_by("display_name", "id")


def person_for_staff(*, person_id: int) -> User | None:
    return (
        User.objects.filter(pk=person_id, is_active=True, erased_at__isnull=True)
        .select_related("created_by")
        .first()
    )


def current_consents(person: User) -> dict[str, bool]:
    """The newest choice per purpose. Purposes never answered are missing from the result."""
    choices: dict[str, bool] = {}
    wanted = len(Consent.Purpose.values)
    for purpose, granted in (
        Consent.objects.filter(person=person)
        .order_by("-at", "-id")
        .values_list("purpose", "granted")
    ):
        choices.setdefault(purpose, granted)
        if len(choices) == wanted:
            break
    return choices


@dataclass
class ProfileView:
    """Everything the profile pages show, read in a fixed number of queries."""

    person: User
    profile: Profile
    areas_live: list[Area] = field(default_factory=list)
    areas_work: list[Area] = field(default_factory=list)
    skills: list[Skill] = field(default_factory=list)
    interests: list[Skill] = field(default_factory=list)
    consents: dict[str, bool] = field(default_factory=dict)

    @property
    def availability(self) -> list[tuple[str, str]]:
        """(day, "Morning, evening") for each day the person is free, Monday first."""
        rows = []
        for day in DAYS:
            parts = self.profile.availability.get(day) or []
            if parts:
                names = [
                    str(PART_OF_DAY_NAMES[part]) for part in parts if part in PART_OF_DAY_NAMES
                ]
                rows.append((str(DAY_NAMES[day]), ", ".join(names)))
        return rows

    @property
    def language_names(self) -> list[str]:
        return [language_name(code) for code in self.profile.languages or []]

    @property
    def contact_methods(self) -> list[str]:
        return [
            str(label)
            for method, label in CONTACT_CHOICES
            if getattr(self.profile, CONTACT_FIELDS[method])
        ]

    @property
    def consent_answers(self) -> list[tuple[str, bool | None]]:
        """Each purpose with the person's current answer; None when never asked."""
        return [(str(label), self.consents.get(value)) for value, label in Consent.Purpose.choices]


def profile_of(person: User) -> Profile:
    """The person's profile; an unsaved blank one if they have never filled it in."""
    profile = Profile.objects.filter(person=person).first()
    return profile if profile is not None else Profile(person=person)


def profile_view(*, person: User) -> ProfileView:
    profile = profile_of(person)
    view = ProfileView(person=person, profile=profile, consents=current_consents(person))
    if profile.pk is None:
        return view
    for link in ProfileArea.objects.filter(profile=profile).select_related("area"):
        if link.relation == ProfileArea.Relation.LIVE:
            view.areas_live.append(link.area)
        else:
            view.areas_work.append(link.area)
    for skill in profile.skills.order_by("name"):
        (view.skills if skill.kind == Skill.Kind.SKILL else view.interests).append(skill)
    return view


def data_requests_of(person: User) -> QuerySet[DataRequest]:
    return DataRequest.objects.filter(person=person).order_by("-created_at")


def audit_events_about(person: User) -> QuerySet[AuditEvent]:
    """Events that changed the person's account or were done on their behalf."""
    user_type = ContentType.objects.get_for_model(User)
    return (
        AuditEvent.objects.filter(
            Q(content_type=user_type, object_id=str(person.pk)) | Q(on_behalf_of=person)
        )
        .select_related("actor", "on_behalf_of")
        .order_by("at", "id")
    )


def role_grants_of(person: User) -> QuerySet[RoleGrant]:
    return RoleGrant.objects.filter(person=person).select_related("area")


def user_content_type_id() -> int:
    return ContentType.objects.get_for_model(User).pk


def person_export(person: User) -> dict[str, Any]:
    """Everything we hold about a person, as plain data for a JSON file."""
    from coproduce.people import exports

    view = profile_view(person=person)
    return exports.build(person=person, view=view)
