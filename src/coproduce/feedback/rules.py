"""Who may do what with feedback, as named predicates.

Feedback is handled by the members of the service (organisation) it is assigned to.
Coordinators triage the feedback of their area (and feedback with no area); administrators
handle everything. Nobody else sees a person's contact details or what they wrote.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.rules import is_manager
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of
from coproduce.people.rules import is_administrator, is_coordinator, is_staff_role


def _area_chain(feedback: Any) -> list[int]:
    area = feedback.area
    return [item.pk for item in area.ancestors_and_self()] if area is not None else []


@rules.predicate
def triages(user: Any, feedback: Any) -> bool:
    """A coordinator of the feedback's area (or of every area), or an administrator."""
    if feedback is None:
        return False
    roles = roles_of(user)
    if ADMINISTRATOR in roles:
        return True
    if COORDINATOR not in roles:
        return False
    if None in roles.coordinates or feedback.area_id is None:
        return True
    return any(area_id in roles.coordinates for area_id in _area_chain(feedback))


@rules.predicate
def works_for_service(user: Any, feedback: Any) -> bool:
    return (
        feedback is not None
        and feedback.service_id is not None
        and feedback.service_id in roles_of(user).member_of
    )


@rules.predicate
def manages_service(user: Any, feedback: Any) -> bool:
    return (
        feedback is not None
        and feedback.service_id is not None
        and feedback.service_id in roles_of(user).manager_of
    )


@rules.predicate
def manages_summary_service(user: Any, summary: Any) -> bool:
    return summary is not None and bool(is_manager(user, summary.service))


@rules.predicate
def belongs_to_an_organisation(user: Any) -> bool:
    return bool(roles_of(user).member_of)


handles = works_for_service | triages

rules.add_perm("feedback.view_feedback", handles)
rules.add_perm("feedback.acknowledge_feedback", handles)
rules.add_perm("feedback.respond_feedback", handles)
rules.add_perm("feedback.answer_review", handles)
rules.add_perm("feedback.link_feedback", handles)
# Choosing the service: the triage team, or a manager passing it on to another service.
rules.add_perm("feedback.assign_feedback", triages | manages_service)
# What is published speaks for the service: its managers, coordinators, administrators.
rules.add_perm("feedback.publish_feedback", manages_service | triages)
rules.add_perm(
    "feedback.change_summary", manages_summary_service | is_coordinator | is_administrator
)
# Writing feedback down for someone after a call or a visit.
rules.add_perm("feedback.record_feedback", is_staff_role | belongs_to_an_organisation)
# The dashboard and trends show only what the person handles (see selectors.handled_by).
rules.add_perm("feedback.view_dashboard", is_staff_role | belongs_to_an_organisation)
