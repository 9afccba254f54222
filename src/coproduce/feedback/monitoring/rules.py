"""Who may do what in co-monitoring, as named predicates.

Coordinators and administrators run every scheme; managers of the organisation behind a
scheme run that one. Any signed-in person may record observations for themselves, once they
have agreed to the code of conduct or been trained (the service checks that, and says why).
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.rules import is_manager
from coproduce.people.rules import helps_person, is_administrator, is_coordinator, is_self


@rules.predicate
def manages_scheme(user: Any, scheme: Any) -> bool:
    if scheme is None or scheme.organisation_id is None:
        return False
    return bool(is_manager(user, scheme.organisation))


@rules.predicate
def scheme_is_public(user: Any, scheme: Any) -> bool:
    return scheme is not None and scheme.status != "draft"


@rules.predicate
def runs_observation_scheme(user: Any, observation: Any) -> bool:
    return observation is not None and bool(runs_scheme(user, observation.scheme))


runs_scheme = manages_scheme | is_coordinator | is_administrator

rules.add_perm("monitoring.add_scheme", is_coordinator | is_administrator)
rules.add_perm("monitoring.change_scheme", runs_scheme)
rules.add_perm("monitoring.view_scheme", scheme_is_public | runs_scheme)
# Who recorded what, and the photos (which may show number plates): for those running it.
rules.add_perm("monitoring.view_observation_details", runs_scheme)
rules.add_perm("monitoring.record_training", runs_scheme)
rules.add_perm("monitoring.exclude_observation", runs_observation_scheme)
# The object is the person the observation or agreement is for.
rules.add_perm("monitoring.submit_observation", is_self | helps_person)
rules.add_perm("monitoring.agree_to_code", is_self | helps_person)
