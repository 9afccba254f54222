"""Who may do what with people and accounts, as named predicates."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of


@rules.predicate
def is_administrator(user: Any) -> bool:
    return ADMINISTRATOR in roles_of(user)


@rules.predicate
def is_coordinator(user: Any) -> bool:
    return COORDINATOR in roles_of(user)


@rules.predicate
def is_staff_role(user: Any) -> bool:
    return roles_of(user).is_staff_role


@rules.predicate
def is_self(user: Any, person: Any) -> bool:
    return person is not None and user.is_authenticated and user.pk == person.pk


def _areas_of(person: Any) -> set[int]:
    """The areas a person lives or works in, and the areas those are part of."""
    from coproduce.people.models import ProfileArea

    rows = ProfileArea.objects.filter(profile__person=person).values_list(
        "area_id", "area__parent_id", "area__parent__parent_id"
    )
    return {area_id for row in rows for area_id in row if area_id is not None}


@rules.predicate
def helps_person(user: Any, person: Any) -> bool:
    """A coordinator may act for residents of their area; an administrator for anyone.

    A resident who has not said where they live can be helped by any coordinator, so that a
    new assisted-digital account can be set up before its areas are known.
    """
    if person is None:
        return False
    roles = roles_of(user)
    if ADMINISTRATOR in roles:
        return True
    if COORDINATOR not in roles or roles_of(person).is_staff_role:
        return False
    if None in roles.coordinates:
        return True
    areas = _areas_of(person)
    return not areas or bool(areas & roles.coordinates)


rules.add_perm("people.view_profile", is_self | helps_person)
rules.add_perm("people.change_profile", is_self | helps_person)
rules.add_perm("people.export_data", is_self | helps_person)
rules.add_perm("people.erase_account", is_self | helps_person)
rules.add_perm("people.act_for_person", helps_person)
# Staff who help people may look anyone up (name, contact details, roles), colleagues too.
rules.add_perm("people.view_person", is_self | is_coordinator | is_administrator)
rules.add_perm("people.create_assisted_account", is_coordinator | is_administrator)
rules.add_perm("people.view_audit", is_coordinator | is_administrator)
rules.add_perm("people.manage_roles", is_administrator)
