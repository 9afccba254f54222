"""Who may do what in co-delivery, as named predicates.

Organisers are the managers of the organisation that offers an opportunity; coordinators and
administrators may organise every opportunity.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.rules import is_manager
from coproduce.people.rules import helps_person, is_administrator, is_coordinator, is_self


@rules.predicate
def manages_opportunity(user: Any, opportunity: Any) -> bool:
    return opportunity is not None and bool(is_manager(user, opportunity.organisation))


@rules.predicate
def is_published(user: Any, opportunity: Any) -> bool:
    return opportunity is not None and bool(opportunity.is_published)


@rules.predicate
def manages_contribution(user: Any, contribution: Any) -> bool:
    return contribution is not None and bool(manages_opportunity(user, contribution.opportunity))


is_organiser = manages_opportunity | is_coordinator | is_administrator

# The object is the organisation the opportunity would belong to.
rules.add_perm("delivery.add_opportunity", is_manager | is_coordinator | is_administrator)
rules.add_perm("delivery.change_opportunity", is_organiser)
rules.add_perm("delivery.view_opportunity", is_published | is_organiser)
rules.add_perm("delivery.view_register", is_organiser)
rules.add_perm("delivery.message_shift", is_organiser)
rules.add_perm(
    "delivery.decide_contribution", manages_contribution | is_coordinator | is_administrator
)
# Reversing confirmed hours also reverses the credits they earned: a coordinator's job.
rules.add_perm("delivery.correct_contribution", is_coordinator | is_administrator)
# The object is the person who signs up or gave the hours.
rules.add_perm("delivery.sign_up", is_self | helps_person)
rules.add_perm("delivery.log_hours", is_self | helps_person)
rules.add_perm("delivery.view_hours", is_self | helps_person)
rules.add_perm("delivery.record_check", is_coordinator | is_administrator)
rules.add_perm("delivery.view_checks", is_coordinator | is_administrator)
