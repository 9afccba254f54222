"""Change over time for people who answered the same question twice.

Source: Tempo Time Credits in Medway (seed 000): "72% reported improved quality of life" is
the share of participants whose answer was better the second time. The same people are
compared with themselves (paired by person across the surveys of a series, by the question's
stable `key`), so people who answered only once are left out.

For each pair, d = after - before (an option's score, or a 0-10 or number answer). Whether a
rise is good depends on the question: for the ONS personal wellbeing questions (Office for
National Statistics, "Personal well-being user guidance") higher is better for life
satisfaction, worthwhile and happiness, and **lower is better for anxiety**. With
direction s = +1 (higher is better) or -1 (lower is better):

    improved  = #{s x d > 0},  same = #{d = 0},  worsened = #{s x d < 0}
    shares    : improved / n, same / n, worsened / n  (largest remainder, adding up to 100)
    improved share's interval: Wilson's score interval
    average change = Σd / n in the question's own units, with Student's t interval from
                     n, Σd and Σd²; `mean_improvement` = s x Σd / n (positive = better).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum

from coproduce.surveys.stats.intervals import Interval, Moments, mean_interval, wilson
from coproduce.surveys.stats.shares import largest_remainder


class Direction(Enum):
    HIGHER_IS_BETTER = 1
    LOWER_IS_BETTER = -1


def direction_for(key: str) -> Direction:
    """Lower is better for anxiety: a key ending in "anxious" or "anxiety" ("ons_anxious")."""
    normalised = key.strip().lower()
    if normalised.endswith(("anxious", "anxiety")):
        return Direction.LOWER_IS_BETTER
    return Direction.HIGHER_IS_BETTER


@dataclass(frozen=True)
class ChangeCounts:
    """What the database adds up over the pairs of one question (d = after - before)."""

    increased: int
    unchanged: int
    decreased: int
    sum_diff: float
    sum_diff_sq: float

    def __post_init__(self) -> None:
        if min(self.increased, self.unchanged, self.decreased) < 0:
            raise ValueError("Counts cannot be negative.")

    @property
    def pairs(self) -> int:
        return self.increased + self.unchanged + self.decreased

    @classmethod
    def of(cls, pairs: Iterable[tuple[float, float]]) -> ChangeCounts:
        """The counts of some (before, after) pairs (for checks, not for result pages)."""
        diffs = [after - before for before, after in pairs]
        return cls(
            increased=sum(1 for d in diffs if d > 0),
            unchanged=sum(1 for d in diffs if d == 0),
            decreased=sum(1 for d in diffs if d < 0),
            sum_diff=float(sum(diffs)),
            sum_diff_sq=float(sum(d * d for d in diffs)),
        )


@dataclass(frozen=True)
class ChangeResult:
    pairs: int
    direction: Direction
    improved: int
    same: int
    worsened: int
    improved_shown: Decimal
    same_shown: Decimal
    worsened_shown: Decimal
    improved_share: Interval
    mean_change: Interval
    mean_improvement: float | None


def change_over_time(
    counts: ChangeCounts, direction: Direction, *, confidence: float = 0.95, decimals: int = 0
) -> ChangeResult:
    """Improved / same / worsened and the average change, from the pairs' counts and sums."""
    if direction is Direction.HIGHER_IS_BETTER:
        improved, worsened = counts.increased, counts.decreased
    else:
        improved, worsened = counts.decreased, counts.increased
    shown = largest_remainder([improved, counts.unchanged, worsened], decimals=decimals)
    moments = (
        Moments(counts.pairs, counts.sum_diff, counts.sum_diff_sq) if counts.pairs else Moments()
    )
    change = mean_interval(moments, confidence=confidence)
    return ChangeResult(
        pairs=counts.pairs,
        direction=direction,
        improved=improved,
        same=counts.unchanged,
        worsened=worsened,
        improved_shown=shown[0],
        same_shown=shown[1],
        worsened_shown=shown[2],
        improved_share=wilson(improved, counts.pairs, confidence=confidence),
        mean_change=change,
        mean_improvement=(
            direction.value * change.estimate if change.estimate is not None else None
        ),
    )
