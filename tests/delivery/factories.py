"""Factories for co-delivery tests.

The skills escalator's levels are seeded by a data migration, but a test database reused
after a flush no longer has them; tests that need levels make their own here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import F

from coproduce.delivery import escalator
from coproduce.delivery.models import EscalatorLevel, Opportunity

# The kind of opportunity that leads to each level, as the migration sets it.
LEADS_THERE = {
    escalator.TAKING_PART: Opportunity.Kind.ONE_OFF,
    escalator.HELPING_REGULARLY: Opportunity.Kind.REGULAR,
    escalator.LEADING: Opportunity.Kind.REGULAR,
    escalator.TRAINING: Opportunity.Kind.REGULAR,
}


def escalator_level(rule: escalator.Rule, order: int, **values: Any) -> EscalatorLevel:
    """One level with the rule's thresholds (or `values`), replacing any level of that name."""
    fields = {
        "order": order,
        "min_hours": rule.min_hours,
        "min_months": rule.min_months,
        "min_shifts": rule.min_shifts,
        "min_led": rule.min_led,
        "min_trained": rule.min_trained,
        "opportunity_kind": LEADS_THERE.get(rule.level, ""),
        **values,
    }
    level, _created = EscalatorLevel.objects.update_or_create(level=rule.level, defaults=fields)
    return level


def escalator_levels(
    rules: tuple[escalator.Rule, ...] = escalator.DEFAULT_RULES,
) -> list[EscalatorLevel]:
    """The four levels with the given thresholds (by default the product's own)."""
    # Orders are unique: move any existing rows out of the way before setting them again.
    EscalatorLevel.objects.update(order=F("order") + 100)
    return [escalator_level(rule, order) for order, rule in enumerate(rules, start=1)]


def low_thresholds() -> tuple[escalator.Rule, ...]:
    """Levels an administrator set low, so that a test reaches each with a few records."""
    return (
        escalator.Rule(escalator.TAKING_PART, min_hours=Decimal("0.25")),
        escalator.Rule(escalator.HELPING_REGULARLY, min_hours=Decimal(1), min_shifts=1),
        escalator.Rule(escalator.LEADING, min_hours=Decimal(1), min_shifts=1, min_led=1),
        escalator.Rule(
            escalator.TRAINING, min_hours=Decimal(1), min_shifts=1, min_led=1, min_trained=1
        ),
    )
