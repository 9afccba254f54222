"""The perception gap: the same question put to two groups, side by side.

Source: the Co-Production Star toolkit (seed 003), after Willis and Dunstan (University of
Birmingham, 2009): staff thought partially-sighted people most wanted more information (64 %);
partially-sighted people most wanted to know more people and make friends (91 %, against 36 %
in the staff's view).

- **Choice questions.** For each option, the share of each group's respondents who chose it,
  and the difference in percentage points:

      gap = 100 x a / n_a - 100 x b / n_b.

  `difference` is exact; `difference_shown` is the difference of the two rounded figures, so
  a table that prints 91, 36 and the gap prints 55, never a gap that does not match its row.
- **Ranking questions.** For each option, each group's mean rank (1 = most important):

      mean rank = Σ(rank x count of that rank) / Σ(count),

  over the respondents who ranked that option, and the difference (a - b; negative means
  group a put it higher).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from coproduce.surveys.stats.shares import Share, shares

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class GapRow(Generic[K]):
    key: K
    a: Share[K]
    b: Share[K]
    difference: float | None
    difference_shown: Decimal | None


@dataclass(frozen=True)
class RankSummary:
    """How one group ranked one option."""

    respondents: int
    mean_rank: float | None
    first: int


@dataclass(frozen=True)
class RankGapRow(Generic[K]):
    key: K
    a: RankSummary
    b: RankSummary
    difference: float | None


def perception_gap(
    keys: Sequence[K],
    counts_a: Mapping[K, int],
    respondents_a: int,
    counts_b: Mapping[K, int],
    respondents_b: int,
    *,
    decimals: int = 0,
) -> list[GapRow[K]]:
    """Each option's share in group a and group b, with the gap in percentage points.

    The shares are of each group's respondents to the question. When a group has no
    respondents its shares are 0 and there is no gap to report (None).
    """
    rows_a = shares(
        [(key, counts_a.get(key, 0)) for key in keys], denominator=respondents_a, decimals=decimals
    )
    rows_b = shares(
        [(key, counts_b.get(key, 0)) for key in keys], denominator=respondents_b, decimals=decimals
    )
    both = respondents_a > 0 and respondents_b > 0
    return [
        GapRow(
            key=a.key,
            a=a,
            b=b,
            difference=a.percent - b.percent if both else None,
            difference_shown=a.shown - b.shown if both else None,
        )
        for a, b in zip(rows_a, rows_b, strict=True)
    ]


def rank_summary(ranks: Mapping[int, int]) -> RankSummary:
    """A group's view of one option from how many gave it each rank."""
    if any(rank < 1 or count < 0 for rank, count in ranks.items()):
        raise ValueError("Ranks start at 1 and counts cannot be negative.")
    n = sum(ranks.values())
    total = sum(rank * count for rank, count in ranks.items())
    return RankSummary(respondents=n, mean_rank=total / n if n else None, first=ranks.get(1, 0))


def rank_gap(
    keys: Sequence[K],
    ranks_a: Mapping[K, Mapping[int, int]],
    ranks_b: Mapping[K, Mapping[int, int]],
) -> list[RankGapRow[K]]:
    """Each option's mean rank in group a and group b, and the difference a - b."""
    rows = []
    for key in keys:
        a = rank_summary(ranks_a.get(key, {}))
        b = rank_summary(ranks_b.get(key, {}))
        difference = (
            a.mean_rank - b.mean_rank
            if a.mean_rank is not None and b.mean_rank is not None
            else None
        )
        rows.append(RankGapRow(key=key, a=a, b=b, difference=difference))
    return rows
