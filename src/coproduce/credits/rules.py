"""Who may do what with time credits."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.rules import is_manager
from coproduce.people.rules import helps_person, is_administrator, is_coordinator, is_self


@rules.predicate
def manages_pool_organisation(user: Any, pool: Any) -> bool:
    """The managers of an organisation issue credits from its own pool, and only from it."""
    organisation = getattr(pool, "organisation", None)
    return organisation is not None and bool(is_manager(user, organisation))


# Whose credits these are: the person themselves, or staff helping them.
rules.add_perm("credits.view_account", is_self | helps_person)
rules.add_perm("credits.give_credits", is_self | helps_person)
# Issuing creates credits, so only the scheme's staff or the pool's own organisation may.
rules.add_perm(
    "credits.issue_credits", is_coordinator | is_administrator | manages_pool_organisation
)
rules.add_perm("credits.reverse_transaction", is_coordinator | is_administrator)
# A raw posting of any balanced set of entries: for the scheme's staff and tools.
rules.add_perm("credits.post_transaction", is_administrator)
rules.add_perm("credits.verify_ledger", is_coordinator | is_administrator)
