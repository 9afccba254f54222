"""Counting the votes of a participatory budget: plain Python and NumPy, no Django.

    from coproduce.budgeting.counting import Election, Project, count
    outcome = count(Election(budget, projects, ballots), "equal-shares")

The rules (one module each, each citing where it comes from):

* `greedy` — greedy by votes, what most platforms do;
* `equal-shares` and `equal-shares-approval` — the Method of Equal Shares with cost or
  approval utilities, completed by add-one then greedy (`equal_shares`);
* `utilitarian` — the selection with the most votes that fits (`utilitarian`).

Every rule breaks ties with the one published rule in `tiebreak` (`TIE_BREAK_RULE`), and
each rule's outcome equals that of the reference library `pabutools` on the same election
(checked by the tests on hundreds of random elections). `pb` reads and writes the `.pb`
files of the pabulib library of real elections; `coproduce pb count FILE.pb` counts one.

This package must not import Django: it is run by the command line on any computer, by
the benchmarks, and by anyone who wants to recount a published election.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from coproduce.budgeting.counting.equal_shares import count_equal_shares
from coproduce.budgeting.counting.greedy import count_greedy
from coproduce.budgeting.counting.model import (
    CountingError,
    Election,
    Outcome,
    Project,
    ProjectResult,
    Tally,
    tally,
)
from coproduce.budgeting.counting.tiebreak import TIE_BREAK_RULE
from coproduce.budgeting.counting.utilitarian import count_utilitarian

__all__ = [
    "RULES",
    "TIE_BREAK_RULE",
    "CountingError",
    "Election",
    "Outcome",
    "Project",
    "ProjectResult",
    "count",
    "count_all",
]

RULES: dict[str, str] = {
    "greedy": (
        "Greedy by votes: the most voted projects are funded first, skipping any that no "
        "longer fit in the money left."
    ),
    "equal-shares": (
        "Method of Equal Shares: each voter gets an equal share of the budget to spend on "
        "the projects they voted for, with cost utilities; leftover money is used by adding "
        "one unit to every share, then by votes."
    ),
    "equal-shares-approval": (
        "Method of Equal Shares with approval utilities: as Equal Shares, but a voter counts "
        "each project they voted for equally, whatever its cost."
    ),
    "utilitarian": (
        "Utilitarian optimum: the selection of projects with the most votes in total that "
        "fits the budget."
    ),
}

_COUNTERS: dict[str, Callable[[Tally], Outcome]] = {
    "greedy": count_greedy,
    "equal-shares": lambda t: count_equal_shares(t, cost_utilities=True),
    "equal-shares-approval": lambda t: count_equal_shares(t, cost_utilities=False),
    "utilitarian": count_utilitarian,
}


def count(election: Election, rule: str) -> Outcome:
    """Count `election` with `rule` (a key of `RULES`)."""
    if rule not in _COUNTERS:
        raise CountingError(f"Unknown rule {rule!r}: use one of {', '.join(RULES)}.")
    return _COUNTERS[rule](tally(election))


def count_all(election: Election, rules: Sequence[str] | None = None) -> dict[str, Outcome]:
    """Count `election` with several rules (all of `RULES` by default), reading the ballots once."""
    wanted = list(RULES) if rules is None else list(rules)
    for rule in wanted:
        if rule not in _COUNTERS:
            raise CountingError(f"Unknown rule {rule!r}: use one of {', '.join(RULES)}.")
    counted = tally(election)
    return {rule: _COUNTERS[rule](counted) for rule in wanted}
