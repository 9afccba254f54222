"""The index of co-production.

Source: the Co-Production Star toolkit's community survey (seed 003, "Total level of
co-production in community safety, local environment and health issues"): each co-production
indicator is answered never / sometimes / often, and "the index is a min-max (0-100) scale,
with 0 representing minimum co-production (answering 'never' to all the co-production
questions) and 100 representing maximum (answering 'often' to all the co-production
questions)". It is reported per domain (environment 61, health 52, crime prevention 45, crime
reporting 33) and overall.

How we compute it, which the results page says:

1. Each answer scores never = 0, sometimes = 1, often = 2 (`Option.score`).
2. **Per respondent**, over the frequency questions of the domain they answered (skipped
   questions are left out, not counted as "never"):

       x = 100 x Σ(score - 0) / (k x (2 - 0)),      k = questions answered.

3. The index is the **mean of the respondents' scores**, so everyone weighs the same however
   many questions they answered, with Student's t interval from n, Σx and Σx² (see
   `intervals`), clipped to 0-100, and the number of respondents n. The overall index is the
   same over every frequency question of the survey, not the mean of the domain indexes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coproduce.surveys.stats.intervals import Moments, mean_interval

NEVER, SOMETIMES, OFTEN = 0, 1, 2
LOWEST, HIGHEST = NEVER, OFTEN


@dataclass(frozen=True)
class IndexResult:
    """The index (0-100) with its interval and the number of respondents behind it."""

    respondents: int
    value: float | None
    low: float | None
    high: float | None
    confidence: float


def respondent_score(
    scores: Iterable[int], *, lowest: int = LOWEST, highest: int = HIGHEST
) -> float:
    """One respondent's 0-100 score from their answers' scores (step 2 above)."""
    values = list(scores)
    if not values:
        raise ValueError("A respondent with no scored answers has no score.")
    if highest <= lowest:
        raise ValueError("The highest score must be above the lowest.")
    if any(not lowest <= value <= highest for value in values):
        raise ValueError(f"Scores must be between {lowest} and {highest}.")
    return 100 * sum(value - lowest for value in values) / (len(values) * (highest - lowest))


def coproduction_index(moments: Moments, *, confidence: float = 0.95) -> IndexResult:
    """The index from the moments (n, Σx, Σx²) of the respondents' 0-100 scores."""
    if moments.n and not (-1e-9 <= moments.total <= 100 * moments.n + 1e-9):
        raise ValueError("Respondent scores must be between 0 and 100.")
    interval = mean_interval(moments, confidence=confidence, bounds=(0.0, 100.0))
    return IndexResult(
        respondents=moments.n,
        value=interval.estimate,
        low=interval.low,
        high=interval.high,
        confidence=confidence,
    )
