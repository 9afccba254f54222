"""The statistics of survey results, as plain functions on counts and sums.

Nothing here imports Django or reads rows: the database adds things up (counts per option,
and n, sum and sum of squares of per-respondent scores) and these functions turn those totals
into the figures a results page shows. Every function names its formula and its source.

- `shares`: counts as percentages that add up to 100 where they are shown as a whole.
- `intervals`: sufficient statistics (`Moments`), Student's t interval, Wilson's interval.
- `index`: the index of co-production (0 = every answer "never", 100 = every answer "often").
- `gap`: the perception gap between two groups (shares and mean ranks side by side).
- `change`: change over time for people who answered twice (the "72% improved" figure).
- `suppression`: hiding breakdown cells of fewer than 10 respondents, and the cells that
  would let someone work a hidden one out.
"""

from coproduce.surveys.stats.change import (
    ChangeCounts,
    ChangeResult,
    Direction,
    change_over_time,
    direction_for,
)
from coproduce.surveys.stats.gap import GapRow, RankGapRow, RankSummary, perception_gap, rank_gap
from coproduce.surveys.stats.index import IndexResult, coproduction_index, respondent_score
from coproduce.surveys.stats.intervals import Interval, Moments, mean_interval, t_quantile, wilson
from coproduce.surveys.stats.shares import Share, largest_remainder, shares
from coproduce.surveys.stats.suppression import THRESHOLD, Cell, Suppressed, suppress

__all__ = [
    "THRESHOLD",
    "Cell",
    "ChangeCounts",
    "ChangeResult",
    "Direction",
    "GapRow",
    "IndexResult",
    "Interval",
    "Moments",
    "RankGapRow",
    "RankSummary",
    "Share",
    "Suppressed",
    "change_over_time",
    "coproduction_index",
    "direction_for",
    "largest_remainder",
    "mean_interval",
    "perception_gap",
    "rank_gap",
    "respondent_score",
    "shares",
    "suppress",
    "t_quantile",
    "wilson",
]
