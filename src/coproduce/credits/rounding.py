"""Hours into credits, and credits as people write them. Plain Python: no Django here.

Amounts are kept as whole numbers of quarter-credits ("quarters"). One credit is one hour, and
every rounding rule we offer (nearest quarter, half or whole hour) lands on a quarter, so whole
quarters hold every amount exactly: no floating point, no Decimal arithmetic in the database,
and a sum of entries is an exact integer sum on SQLite and PostgreSQL alike. A quarter is also
exact in binary, so `quarters / 4` is safe to show as a JSON number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

QUARTERS_PER_CREDIT = 4
# The size of one rounding step, in quarters.
ROUNDING_STEPS = {"quarter": 1, "half": 2, "whole": 4}
DEFAULT_ROUNDING = "quarter"


def hours_to_quarters(hours: Decimal | int | str, rule: str = DEFAULT_ROUNDING) -> int:
    """One credit for one hour, rounded to the rule's step; exact halves round up.

    Raises ValueError for an unknown rule, a negative or a non-numeric number of hours.
    """
    if rule not in ROUNDING_STEPS:
        raise ValueError(f"Unknown rounding rule {rule!r}: use one of {sorted(ROUNDING_STEPS)}.")
    value = _decimal(hours)
    if value < 0:
        raise ValueError("Hours cannot be negative.")
    step = ROUNDING_STEPS[rule]
    steps = (value * QUARTERS_PER_CREDIT / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(steps) * step


def credits_to_quarters(credits: Decimal | int | str) -> int:
    """An amount someone typed ("1.5") in quarters; it must be a whole number of quarters."""
    value = _decimal(credits)
    quarters = value * QUARTERS_PER_CREDIT
    if quarters != quarters.to_integral_value():
        raise ValueError("Credits come in quarters: 0.25, 0.5, 0.75 or whole credits.")
    return int(quarters)


def quarters_to_credits(quarters: int) -> Decimal:
    return Decimal(quarters) / QUARTERS_PER_CREDIT


def format_credits(quarters: int) -> str:
    """ "2", "1.5", "0.25": no trailing zeros, a minus sign when below zero."""
    whole, part = divmod(abs(quarters), QUARTERS_PER_CREDIT)
    sign = "-" if quarters < 0 else ""
    fraction = {0: "", 1: ".25", 2: ".5", 3: ".75"}[part]
    return f"{sign}{whole}{fraction}"


def _decimal(value: Decimal | int | str) -> Decimal:
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a number.") from None
    if not number.is_finite():
        raise ValueError(f"{value!r} is not a number.")
    return number
