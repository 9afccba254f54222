"""The skills escalator: start where you are comfortable, then step up. Plain Python.

Levels go from taking part, to helping regularly, to leading an activity, to training or
mentoring others. A level is reached when what the person has done meets all its thresholds,
and every level below it is reached too, so doing more can never move anyone down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

TAKING_PART = "taking_part"
HELPING_REGULARLY = "helping_regularly"
LEADING = "leading"
TRAINING = "training"
LEVELS = (TAKING_PART, HELPING_REGULARLY, LEADING, TRAINING)


@dataclass(frozen=True)
class Activity:
    """What a person has done, as plain numbers."""

    hours: Decimal = Decimal(0)
    months_active: int = 0
    shifts: int = 0
    times_led: int = 0
    times_trained: int = 0


@dataclass(frozen=True)
class Rule:
    """What a level needs. Zero means "no threshold"."""

    level: str
    min_hours: Decimal = Decimal(0)
    min_months: int = 0
    min_shifts: int = 0
    min_led: int = 0
    min_trained: int = 0

    def is_met_by(self, activity: Activity) -> bool:
        return not _needs(self, activity).anything


@dataclass(frozen=True)
class Needs:
    """What is still missing to reach a level."""

    hours: Decimal = Decimal(0)
    months: int = 0
    shifts: int = 0
    led: int = 0
    trained: int = 0

    @property
    def anything(self) -> bool:
        return any((self.hours > 0, self.months, self.shifts, self.led, self.trained))


def _needs(rule: Rule, activity: Activity) -> Needs:
    return Needs(
        hours=max(Decimal(0), Decimal(rule.min_hours) - Decimal(activity.hours)),
        months=max(0, rule.min_months - activity.months_active),
        shifts=max(0, rule.min_shifts - activity.shifts),
        led=max(0, rule.min_led - activity.times_led),
        trained=max(0, rule.min_trained - activity.times_trained),
    )


@dataclass(frozen=True)
class Progress:
    """The level reached (None before any), the next one and what it still needs."""

    level: Rule | None
    next_level: Rule | None
    needs: Needs

    @property
    def is_top(self) -> bool:
        return self.next_level is None


DEFAULT_RULES = (
    Rule(TAKING_PART, min_hours=Decimal("0.25")),
    Rule(HELPING_REGULARLY, min_hours=Decimal(10), min_months=3, min_shifts=5),
    Rule(LEADING, min_hours=Decimal(30), min_months=6, min_shifts=10, min_led=1),
    Rule(TRAINING, min_hours=Decimal(60), min_months=9, min_shifts=20, min_led=3, min_trained=1),
)


def progress(activity: Activity, rules: Sequence[Rule] = DEFAULT_RULES) -> Progress:
    """Where the person stands on the escalator, given the rules from lowest to highest."""
    reached: Rule | None = None
    for rule in rules:
        missing = _needs(rule, activity)
        if missing.anything:
            return Progress(level=reached, next_level=rule, needs=missing)
        reached = rule
    return Progress(level=reached, next_level=None, needs=Needs())


def rank(result: Progress, rules: Sequence[Rule] = DEFAULT_RULES) -> int:
    """0 before the first level, then 1, 2, ... for comparing progress."""
    if result.level is None:
        return 0
    return [rule.level for rule in rules].index(result.level.level) + 1
