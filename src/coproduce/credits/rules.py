"""Who may do what with time credits."""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.rules import is_manager, is_member
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


@rules.predicate
def is_partner_staff(user: Any, organisation: Any) -> bool:
    """Managers and members of a spend partner take codes at its counter."""
    return (
        organisation is not None
        and bool(getattr(organisation, "is_spend_partner", False))
        and bool(is_member(user, organisation))
    )


@rules.predicate
def takes_part_in_swap(user: Any, swap: Any) -> bool:
    return swap is not None and user.pk in (swap.posted_by_id, swap.responder_id)


rules.add_perm("credits.manage_offers", is_manager | is_coordinator | is_administrator)
rules.add_perm("credits.redeem_codes", is_partner_staff)
# A code spends the person's own credits: they make it, or staff helping them do.
rules.add_perm("credits.make_spend_code", is_self | helps_person)
rules.add_perm("credits.post_swap", rules.is_active)
rules.add_perm("credits.confirm_swap", takes_part_in_swap)
# Budgets limit what organisations issue, so only the scheme's staff set them or lift them.
rules.add_perm("credits.manage_budgets", is_coordinator | is_administrator)
