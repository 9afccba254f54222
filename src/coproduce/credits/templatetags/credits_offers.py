"""The offers a spend partner lists, for its organisation page."""

from __future__ import annotations

from typing import Any

from django import template

from coproduce.credits import selectors
from coproduce.organisations.models import Organisation

register = template.Library()


@register.inclusion_tag("credits/_partner_offers.html", takes_context=True)
def partner_offers(context: Any, organisation: Organisation) -> dict[str, Any]:
    if not organisation.is_spend_partner:
        # Most organisations take no credits: their page costs no query for this.
        return {"organisation": organisation, "listing": {"show": False}}
    user = context["request"].user
    can_manage = user.has_perm("credits.manage_offers", organisation)
    can_redeem = user.has_perm("credits.redeem_codes", organisation)
    offers = list(selectors.offers_of(organisation, include_closed=can_manage))
    return {
        "organisation": organisation,
        "listing": {
            "show": True,
            "offers": offers,
            "can_manage": can_manage,
            "can_redeem": can_redeem,
        },
    }
