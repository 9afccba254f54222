"""Sufficient statistics and confidence intervals that can be computed from aggregates.

A mean and its interval need only three numbers per group: the count n, the sum Σx and the sum
of squares Σx² (`Moments`). The database returns them from one grouped query; groups add up
(the moments of a whole are the sums of the moments of its parts), so a breakdown and its
total come from the same query.

- **Student's t interval** for a mean (Student, "The probable error of a mean", *Biometrika*
  6, 1908):

      mean = Σx / n,   s² = (Σx² - (Σx)² / n) / (n - 1),
      mean ± t(1 - alpha/2, n - 1) x s / √n.

  The t quantile is found by bisection on the t distribution function, which is written with
  the regularised incomplete beta function, evaluated by its continued fraction with the
  modified Lentz method (Press, Teukolsky, Vetterling and Flannery, *Numerical Recipes*, 3rd
  ed., 2007, §6.4 and §6.14.9).
- **Wilson's score interval** for a proportion (Wilson, "Probable inference, the law of
  succession, and statistical inference", *JASA* 22, 1927), which behaves well near 0 % and
  100 % and for small n, unlike the textbook p ± z√(p(1-p)/n) (Brown, Cai and DasGupta,
  "Interval estimation for a binomial proportion", *Statistical Science* 16, 2001):

      (p + z²/2n ± z √(p(1 - p)/n + z²/4n²)) / (1 + z²/n).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

_EPSILON = 1e-15
_TINY = 1e-300


@dataclass(frozen=True)
class Moments:
    """n, Σx and Σx² of a set of values: all a mean and its t interval need."""

    n: int = 0
    total: float = 0.0
    total_sq: float = 0.0

    def __post_init__(self) -> None:
        if self.n < 0:
            raise ValueError("n cannot be negative.")
        if self.n == 0 and (self.total or self.total_sq):
            raise ValueError("Sums must be zero when n is zero.")

    def __add__(self, other: Moments) -> Moments:
        return Moments(self.n + other.n, self.total + other.total, self.total_sq + other.total_sq)

    @classmethod
    def of(cls, values: Iterable[float]) -> Moments:
        """The moments of some values (for checks and small inputs, not for result pages)."""
        items = list(values)
        return cls(len(items), float(sum(items)), float(sum(x * x for x in items)))

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def variance(self) -> float | None:
        """The sample variance (n - 1 in the denominator); never negative from rounding."""
        if self.n < 2:
            return None
        return max(0.0, (self.total_sq - self.total * self.total / self.n) / (self.n - 1))


@dataclass(frozen=True)
class Interval:
    """An estimate with its confidence interval; `low`/`high` are None when n is too small."""

    n: int
    estimate: float | None
    low: float | None
    high: float | None
    confidence: float


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError("The confidence level must be between 0 and 1, such as 0.95.")


def _beta_continued_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (Numerical Recipes, betacf)."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for numerator in (
            m * (b - m) * x / ((qam + m2) * (a + m2)),
            -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2)),
        ):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + numerator / c
            c = c if abs(c) > _TINY else _TINY
            h *= d * c
        if abs(d * c - 1.0) < _EPSILON:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    front = math.exp(log_front)
    if x < (a + 1.0) / (a + b + 2.0):
        return front * _beta_continued_fraction(a, b, x) / a
    return 1.0 - front * _beta_continued_fraction(b, a, 1.0 - x) / b


def t_cdf(t: float, df: float) -> float:
    """P(T ≤ t) for Student's t with `df` degrees of freedom."""
    tail = 0.5 * incomplete_beta(df / 2.0, 0.5, df / (df + t * t))
    return 1.0 - tail if t >= 0 else tail


@lru_cache(maxsize=1024)
def t_quantile(p: float, df: int) -> float:
    """The p quantile of Student's t with `df` degrees of freedom (0 < p < 1, df ≥ 1)."""
    if not 0 < p < 1:
        raise ValueError("p must be between 0 and 1.")
    if df < 1:
        raise ValueError("Degrees of freedom must be at least 1.")
    if p < 0.5:
        return -t_quantile(1.0 - p, df)
    if p == 0.5:
        return 0.0
    low, high = 0.0, 1.0
    while t_cdf(high, df) < p:
        high *= 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if t_cdf(middle, df) < p:
            low = middle
        else:
            high = middle
        if high - low < 1e-12 * max(1.0, high):
            break
    return (low + high) / 2.0


def mean_interval(
    moments: Moments,
    *,
    confidence: float = 0.95,
    bounds: tuple[float, float] | None = None,
) -> Interval:
    """The mean of the values behind `moments` with Student's t interval.

    `bounds` clips the interval to the values' possible range (say 0-100), since a mean can
    never lie outside it. One value gives a mean but no interval; none gives neither.
    """
    _check_confidence(confidence)
    mean, variance = moments.mean, moments.variance
    if mean is None or variance is None:
        return Interval(moments.n, mean, None, None, confidence)
    margin = t_quantile(1.0 - (1.0 - confidence) / 2.0, moments.n - 1) * math.sqrt(
        variance / moments.n
    )
    low, high = mean - margin, mean + margin
    if bounds is not None:
        low, high = max(bounds[0], low), min(bounds[1], high)
    return Interval(moments.n, mean, low, high, confidence)


def wilson(successes: int, n: int, *, confidence: float = 0.95) -> Interval:
    """A proportion (0-1) with Wilson's score interval. No trials give no estimate."""
    _check_confidence(confidence)
    if n < 0 or successes < 0 or successes > n:
        raise ValueError("Successes must be between 0 and the number of trials.")
    if n == 0:
        return Interval(0, None, None, None, confidence)
    z = NormalDist().inv_cdf(1.0 - (1.0 - confidence) / 2.0)
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    scale = 1 + z * z / n
    # At 0 and n the exact bound is 0 or 1; the formula can miss it by a rounding error.
    low = 0.0 if successes == 0 else max(0.0, (centre - spread) / scale)
    high = 1.0 if successes == n else min(1.0, (centre + spread) / scale)
    return Interval(n, p, low, high, confidence)
