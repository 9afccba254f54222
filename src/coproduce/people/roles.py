"""Which roles a person holds. Computed once per request and kept on the user object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, Value

from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import RoleGrant

RESIDENT = "resident"
GROUP_MEMBER = "group_member"
PROFESSIONAL = "professional"
COORDINATOR = "coordinator"
ADMINISTRATOR = "administrator"
ALL_ROLES = (RESIDENT, GROUP_MEMBER, PROFESSIONAL, COORDINATOR, ADMINISTRATOR)


@dataclass(frozen=True)
class Roles:
    names: frozenset[str] = frozenset()
    member_of: frozenset[int] = frozenset()
    manager_of: frozenset[int] = frozenset()
    # None in this set means "every area"
    coordinates: frozenset[int | None] = field(default_factory=frozenset)

    def __contains__(self, role: object) -> bool:
        return role in self.names

    @property
    def is_staff_role(self) -> bool:
        return bool(self.names & {PROFESSIONAL, COORDINATOR, ADMINISTRATOR})

    def coordinates_area(self, area_id: int | None) -> bool:
        if ADMINISTRATOR in self.names or None in self.coordinates:
            return True
        return area_id is not None and area_id in self.coordinates


ANONYMOUS = Roles()


def roles_of(user: Any) -> Roles:
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_coproduce_roles", None)
    if cached is not None:
        return cached
    names = {RESIDENT}
    memberships: list[tuple[int, str, str]] = []
    coordinates: set[int | None] = set()
    for source, target_id, kind, role in _memberships_and_grants(user.pk):
        if source == "membership":
            memberships.append((target_id, kind, role))
            names.add(PROFESSIONAL if kind == Organisation.Kind.PUBLIC_BODY else GROUP_MEMBER)
        else:
            names.add(role)
            if role == RoleGrant.Role.COORDINATOR:
                coordinates.add(target_id)
    if user.is_superuser:
        names.add(ADMINISTRATOR)
    roles = Roles(
        names=frozenset(names),
        member_of=frozenset(org for org, _k, _r in memberships),
        manager_of=frozenset(org for org, _k, r in memberships if r == Membership.Role.MANAGER),
        coordinates=frozenset(coordinates),
    )
    user._coproduce_roles = roles
    return roles


def _memberships_and_grants(person_id: int) -> list[tuple[str, Any, str, str]]:
    """Both sources of roles in one query, as this runs on nearly every page."""
    memberships = Membership.objects.filter(person_id=person_id).values_list(
        Value("membership", output_field=CharField()),
        "organisation_id",
        "organisation__kind",
        "role",
    )
    grants = RoleGrant.objects.filter(person_id=person_id).values_list(
        Value("grant", output_field=CharField()),
        "area_id",
        Value("", output_field=CharField()),
        "role",
    )
    return list(memberships.order_by().union(grants.order_by(), all=True))


def forget_roles(user: Any) -> None:
    if hasattr(user, "_coproduce_roles"):
        del user._coproduce_roles
