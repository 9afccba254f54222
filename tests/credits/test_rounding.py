"""Hours into credits: one credit an hour, rounded by the configured rule."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coproduce.credits.rounding import (
    ROUNDING_STEPS,
    credits_to_quarters,
    format_credits,
    hours_to_quarters,
    quarters_to_credits,
)

hours = st.decimals(min_value=0, max_value=1000, places=4, allow_nan=False, allow_infinity=False)
rules = st.sampled_from(sorted(ROUNDING_STEPS))


@pytest.mark.parametrize(
    ("given_hours", "rule", "quarters"),
    [
        ("1", "quarter", 4),
        ("1.1", "quarter", 4),
        ("1.125", "quarter", 5),  # exactly between two quarters: up
        ("1.2", "quarter", 5),
        ("0.1", "quarter", 0),
        ("1.2", "half", 4),
        ("1.25", "half", 6),
        ("1.49", "whole", 4),
        ("1.5", "whole", 8),
        ("2.75", "quarter", 11),
    ],
)
def test_hours_round_to_the_nearest_step(given_hours: str, rule: str, quarters: int) -> None:
    assert hours_to_quarters(given_hours, rule) == quarters


@given(hours, rules)
def test_rounding_lands_on_a_step_and_within_half_a_step(value: Decimal, rule: str) -> None:
    step = ROUNDING_STEPS[rule]
    quarters = hours_to_quarters(value, rule)
    assert quarters % step == 0
    assert abs(Decimal(quarters) - value * 4) <= Decimal(step) / 2


@given(hours, hours, rules)
def test_more_hours_never_earn_fewer_credits(a: Decimal, b: Decimal, rule: str) -> None:
    low, high = sorted((a, b))
    assert hours_to_quarters(low, rule) <= hours_to_quarters(high, rule)


@given(st.integers(min_value=0, max_value=10_000))
def test_whole_quarters_are_kept_exactly(quarters: int) -> None:
    assert hours_to_quarters(quarters_to_credits(quarters)) == quarters
    assert credits_to_quarters(format_credits(quarters)) == quarters


@pytest.mark.parametrize("bad", ["-1", "abc", "NaN", "Infinity", ""])
def test_hours_that_are_not_a_positive_number_are_refused(bad: str) -> None:
    with pytest.raises(ValueError):
        hours_to_quarters(bad)


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown rounding rule"):
        hours_to_quarters("1", "tenth")


def test_credits_must_come_in_quarters() -> None:
    assert credits_to_quarters("1.5") == 6
    with pytest.raises(ValueError):
        credits_to_quarters("1.3")


@pytest.mark.parametrize(
    ("quarters", "shown"), [(0, "0"), (1, "0.25"), (2, "0.5"), (7, "1.75"), (8, "2"), (-6, "-1.5")]
)
def test_credits_are_shown_without_trailing_zeros(quarters: int, shown: str) -> None:
    assert format_credits(quarters) == shown
