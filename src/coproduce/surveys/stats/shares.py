"""Counts as percentages, rounded honestly.

Rounding each percentage on its own can make a table add up to 99 or 101. Where the shares
are parts of one whole (a single-choice question: each respondent counted once), we round with
the **largest remainder method** (Hamilton's method; Balinski and Young, *Fair Representation*,
1982, ch. 2) so that the rounded figures add up to exactly 100:

    quota_i   = 100 x count_i / total            (in units of 10^-decimals)
    shown_i   = floor(quota_i), then the 100 - sum(floor) units left over go one each to the
                largest remainders quota_i - floor(quota_i) (ties: the larger count, then the
                earlier option).

Each shown figure is then within one unit of its exact value, and a larger count never shows
a smaller percentage. Where the shares are not parts of one whole (a multiple-choice question,
whose percentages are of respondents and add up to more than 100), each is rounded on its own
(half away from zero) and `Share.adds_up` is False, so a page can say so.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Share(Generic[K]):
    """One option's count, its exact percentage of the denominator, and the figure to show."""

    key: K
    count: int
    denominator: int
    percent: float
    shown: Decimal
    adds_up: bool


def _pairs(counts: Mapping[K, int] | Iterable[tuple[K, int]]) -> list[tuple[K, int]]:
    pairs = list(counts.items()) if isinstance(counts, Mapping) else list(counts)
    for key, count in pairs:
        if count < 0:
            raise ValueError(f"A count cannot be negative ({key!r}: {count}).")
    return pairs


def largest_remainder(counts: Iterable[int], *, decimals: int = 0) -> list[Decimal]:
    """Percentages of `sum(counts)` rounded to `decimals` places that add up to exactly 100.

    Integer arithmetic throughout, so no floating-point error can tip a remainder. All zeros
    (nobody answered) give all zeros: there is no whole to share out.
    """
    values = list(counts)
    if decimals < 0:
        raise ValueError("decimals cannot be negative.")
    if any(value < 0 for value in values):
        raise ValueError("A count cannot be negative.")
    total = sum(values)
    if total == 0:
        return [Decimal(0).scaleb(-decimals) for _ in values]
    units = 100 * 10**decimals
    floors = [value * units // total for value in values]
    remainders = [value * units % total for value in values]
    left = units - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-remainders[i], -values[i], i))
    for i in order[:left]:
        floors[i] += 1
    return [Decimal(floor).scaleb(-decimals) for floor in floors]


def _round_half_up(value: float, decimals: int) -> Decimal:
    quantum = Decimal(1).scaleb(-decimals)
    return Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)


def shares(
    counts: Mapping[K, int] | Iterable[tuple[K, int]],
    *,
    denominator: int | None = None,
    decimals: int = 0,
) -> list[Share[K]]:
    """Each count as a share of `denominator` (by default the sum of the counts).

    With the default denominator the shares are parts of one whole and are rounded by the
    largest remainder method (they add up to 100). With a larger denominator, as for a
    multiple-choice question whose denominator is the number of respondents, each share is
    rounded on its own. A count larger than the denominator is an error.
    """
    pairs = _pairs(counts)
    total = sum(count for _, count in pairs)
    whole = denominator is None or denominator == total
    base = total if denominator is None else denominator
    if base < 0:
        raise ValueError("The denominator cannot be negative.")
    if any(count > base for _, count in pairs):
        raise ValueError(f"A count cannot be larger than its denominator ({base}).")
    if whole:
        shown = largest_remainder((count for _, count in pairs), decimals=decimals)
    else:
        shown = [
            _round_half_up(100 * count / base if base else 0.0, decimals) for _, count in pairs
        ]
    return [
        Share(
            key=key,
            count=count,
            denominator=base,
            percent=100 * count / base if base else 0.0,
            shown=figure,
            adds_up=whole,
        )
        for (key, count), figure in zip(pairs, shown, strict=True)
    ]
