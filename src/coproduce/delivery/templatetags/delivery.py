"""Co-delivery pieces shown on other apps' pages."""

from __future__ import annotations

from typing import Any

from django import template

from coproduce.delivery import selectors

register = template.Library()

SHOWN_ON_ORGANISATION_PAGE = 10


@register.simple_tag
def organisation_opportunities(organisation: Any, user: Any) -> dict[str, Any]:
    """The organisation's opportunities; its organisers also see the unpublished ones."""
    organises = bool(user.has_perm("delivery.add_opportunity", organisation))
    rows = list(
        selectors.organisation_opportunities(organisation, include_unpublished=organises)[
            : SHOWN_ON_ORGANISATION_PAGE + 1
        ]
    )
    volunteers = (
        list(selectors.organisation_hours(organisation)[:SHOWN_ON_ORGANISATION_PAGE])
        if organises
        else []
    )
    return {
        "items": rows[:SHOWN_ON_ORGANISATION_PAGE],
        "more": len(rows) > SHOWN_ON_ORGANISATION_PAGE,
        "can_add": organises,
        "volunteers": volunteers,
    }
