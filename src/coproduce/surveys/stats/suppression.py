"""Suppressing small cells of a breakdown so that no one can be identified.

Rule (issue 5, following the threshold rule of the Government Statistical Service's disclosure
control guidance for tables): a cell of a breakdown (an area, an age band, an organisation)
with **fewer than 10 respondents** is hidden (primary suppression). A cell with no respondents
reveals no one and stays shown.

Hiding one cell is not enough when the total is shown: the hidden cell is the total minus the
cells shown. So, as in complementary (secondary) suppression (Hundepool et al., *Statistical
Disclosure Control*, Wiley, 2012, §5.2), while the hidden cells together hold fewer than 10
respondents we also hide the smallest cell still shown. Then the most anyone can work out from
the total is the sum of several hidden cells, and that sum is at least 10. If even hiding every
cell leaves fewer than 10 (the whole breakdown has fewer than 10 respondents), the total is
suppressed as well.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Generic, TypeVar

THRESHOLD = 10

K = TypeVar("K", bound=Hashable)


class Reason(Enum):
    PRIMARY = "primary"
    SECONDARY = "secondary"


@dataclass(frozen=True)
class Cell(Generic[K]):
    key: K
    respondents: int
    suppressed: bool
    reason: Reason | None

    @property
    def shown_respondents(self) -> int | None:
        return None if self.suppressed else self.respondents


@dataclass(frozen=True)
class Suppressed(Generic[K]):
    cells: list[Cell[K]]
    total: int
    total_suppressed: bool

    def is_suppressed(self, key: K) -> bool:
        return any(cell.key == key and cell.suppressed for cell in self.cells)


def suppress(
    cells: Mapping[K, int] | Iterable[tuple[K, int]],
    *,
    threshold: int = THRESHOLD,
    total_shown: bool = True,
) -> Suppressed[K]:
    """Which cells of a breakdown to hide, given each cell's number of respondents.

    The cells must partition the respondents (each in exactly one cell, with a cell for
    "not given" if needed), since that is what lets a total give a hidden cell away. With
    `total_shown=False` only primary suppression is needed.
    """
    pairs = list(cells.items()) if isinstance(cells, Mapping) else list(cells)
    if threshold < 1:
        raise ValueError("The threshold must be at least 1.")
    if any(n < 0 for _, n in pairs):
        raise ValueError("A number of respondents cannot be negative.")
    if len({key for key, _ in pairs}) != len(pairs):
        raise ValueError("Each cell must appear once.")
    reasons: dict[int, Reason] = {
        i: Reason.PRIMARY for i, (_, n) in enumerate(pairs) if 0 < n < threshold
    }
    total = sum(n for _, n in pairs)
    if total_shown:
        by_size = sorted(
            (i for i, (_, n) in enumerate(pairs) if n > 0 and i not in reasons),
            key=lambda i: (pairs[i][1], i),
        )
        hidden = sum(pairs[i][1] for i in reasons)
        for i in by_size:
            if not 0 < hidden < threshold:
                break
            reasons[i] = Reason.SECONDARY
            hidden += pairs[i][1]
    hidden_total = sum(pairs[i][1] for i in reasons)
    return Suppressed(
        cells=[
            Cell(key=key, respondents=n, suppressed=i in reasons, reason=reasons.get(i))
            for i, (key, n) in enumerate(pairs)
        ],
        total=total,
        total_suppressed=total_shown and 0 < hidden_total < threshold,
    )
