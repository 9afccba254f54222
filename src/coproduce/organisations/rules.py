"""Who may do what with organisations."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.people.roles import roles_of
from coproduce.people.rules import is_administrator, is_coordinator


@rules.predicate
def is_member(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in roles_of(user).member_of


@rules.predicate
def is_manager(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in roles_of(user).manager_of


rules.add_perm("organisations.add_organisation", is_coordinator | is_administrator)
rules.add_perm("organisations.change_organisation", is_manager | is_administrator)
# A coordinator sets up the first manager of a group they helped to join.
rules.add_perm("organisations.manage_members", is_manager | is_coordinator | is_administrator)
rules.add_perm("organisations.view_members", is_member | is_coordinator | is_administrator)
