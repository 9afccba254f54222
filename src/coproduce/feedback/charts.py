"""Horizontal bar charts drawn as SVG on the server, in the style of the impact report.
Plain Python: the numbers come in, the shapes go out; the template draws them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

LABEL_WIDTH = 220
BAR_AREA = 360
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: int
    width: int
    text_y: int
    value_x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def bar_chart(items: Sequence[tuple[str, float, str]]) -> Chart:
    """(label, amount, amount as shown) per bar, scaled to the largest amount."""
    largest = max((amount for _label, amount, _shown in items), default=0.0)
    bars = []
    for index, (label, amount, shown) in enumerate(items):
        width = int(max(amount, 0) * BAR_AREA / largest) if largest > 0 else 0
        y = index * ROW_HEIGHT + 5
        bars.append(
            Bar(
                label=label[:32],
                value=shown,
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + width + 6,
            )
        )
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + 70,
        height=max(len(bars), 1) * ROW_HEIGHT + 10,
        label_width=LABEL_WIDTH,
        bars=bars,
    )
