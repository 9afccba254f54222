"""Which roles a person holds. Computed once per request and kept on the user object."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    memberships = list(
        Membership.objects.filter(person=user).values_list(
            "organisation_id", "organisation__kind", "role"
        )
    )
    for _org, kind, _role in memberships:
        names.add(PROFESSIONAL if kind == Organisation.Kind.PUBLIC_BODY else GROUP_MEMBER)
    coordinates: set[int | None] = set()
    for role, area_id in RoleGrant.objects.filter(person=user).values_list("role", "area_id"):
        names.add(role)
        if role == RoleGrant.Role.COORDINATOR:
            coordinates.add(area_id)
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


def forget_roles(user: Any) -> None:
    if hasattr(user, "_coproduce_roles"):
        del user._coproduce_roles
