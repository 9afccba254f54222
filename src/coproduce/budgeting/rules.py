"""Who may do what in participatory budgeting, as named predicates.

Staff of a process are the members of its organisation who hold a staff role (professionals of
the council that runs it), coordinators and administrators. Whether a resident may take part
(age, where they live, a verified email) is not a permission but eligibility: see
`eligibility.py`.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.people.roles import roles_of
from coproduce.people.rules import helps_person, is_administrator, is_coordinator


def _process_of(target: Any) -> Any:
    """The process a target belongs to: the process itself, or a proposal's, a comment's."""
    if target is None:
        return None
    if hasattr(target, "budget"):
        return target
    if hasattr(target, "process"):
        return target.process
    proposal = getattr(target, "proposal", None)
    return proposal.process if proposal is not None else None


@rules.predicate
def works_for_organisation(user: Any, organisation: Any) -> bool:
    """A member of the organisation with a staff role (a professional of a public body)."""
    if organisation is None:
        return False
    roles = roles_of(user)
    return roles.is_staff_role and organisation.pk in roles.member_of


@rules.predicate
def runs_process(user: Any, target: Any) -> bool:
    process = _process_of(target)
    return process is not None and bool(works_for_organisation(user, process.organisation))


@rules.predicate
def is_published(user: Any, target: Any) -> bool:
    process = _process_of(target)
    return process is not None and bool(process.is_published)


@rules.predicate
def is_author(user: Any, proposal: Any) -> bool:
    return (
        proposal is not None
        and user.is_authenticated
        and proposal.author_id is not None
        and proposal.author_id == user.pk
    )


@rules.predicate
def helps_author(user: Any, proposal: Any) -> bool:
    return (
        proposal is not None and proposal.author is not None and helps_person(user, proposal.author)
    )


is_process_staff = runs_process | is_coordinator | is_administrator

# The object is the organisation that will run the process (or None).
rules.add_perm("budgeting.add_process", works_for_organisation | is_coordinator | is_administrator)
rules.add_perm("budgeting.change_process", is_process_staff)
rules.add_perm("budgeting.view_process", is_published | is_process_staff)
# Anyone signed in may try; eligibility (age, area, verified email) is checked in the service.
rules.add_perm("budgeting.add_proposal", rules.is_authenticated)
rules.add_perm("budgeting.change_proposal", is_author | helps_author)
rules.add_perm("budgeting.respond_to_review", is_author | helps_author)
rules.add_perm("budgeting.review_proposal", is_process_staff)
rules.add_perm("budgeting.merge_proposal", is_process_staff)
rules.add_perm("budgeting.hide_comment", is_process_staff)
rules.add_perm("budgeting.convert_offers", is_process_staff)
rules.add_perm("budgeting.change_project", is_process_staff)
