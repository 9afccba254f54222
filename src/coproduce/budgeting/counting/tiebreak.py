"""The one tie-breaking rule every counting rule uses.

A tie happens when a rule cannot tell two projects apart: the same votes per unit under
greedy, the same price per unit of satisfaction under Equal Shares, or two best selections
with the same total votes under the utilitarian rule. The rule below is published with
every result (`TIE_BREAK_RULE`) and is applied the same way everywhere:

1. the project with more votes (approvals, or points on a cumulative ballot) wins;
2. if still level, the cheaper project wins;
3. if still level, the project whose id comes first wins, ids that are whole numbers
   (as on pabulib files) in numerical order and before any other id, other ids in
   alphabetical (Unicode) order.

For whole selections (the utilitarian rule) the same order decides: of two best selections,
the one holding the project that comes first in this order wins.

`pabutools` accepts any such order as a `TieBreakingRule`; the tests hand it this one.
"""

from __future__ import annotations

TIE_BREAK_RULE = (
    "When two projects are level, the one with more votes goes first. If they have the same "
    "votes, the cheaper one goes first. If they also cost the same, the one with the lower "
    "project number goes first (project ids that are not numbers come after numbers, in "
    "alphabetical order). When two selections of projects are equally good, the one that "
    "includes the project that comes first in this order is chosen."
)


def id_key(project_id: str) -> tuple[int, int, str]:
    if project_id.isascii() and project_id.isdigit():
        return (0, int(project_id), project_id)
    return (1, 0, project_id)


def tie_key(score: int, cost: int, project_id: str) -> tuple[int, int, tuple[int, int, str]]:
    """Sort key: the project that sorts first wins the tie."""
    return (-score, cost, id_key(project_id))
