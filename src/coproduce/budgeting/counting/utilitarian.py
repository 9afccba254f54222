"""The utilitarian optimum: the selection with the most votes in total that fits the budget.

This is the rule that maximises the sum of the voters' approvals (or points) over the funded
projects, subject to the budget: a 0/1 knapsack problem (Talmon and Faliszewski, "A
framework for approval-based budgeting methods", AAAI 2019, where it is called
max-utilitarian welfare with cardinality satisfaction; `pabutools.rules.
max_additive_utilitarian_welfare` solves the same problem with an integer linear program).

It is solved exactly by dynamic programming over the money: costs and the budget are first
divided by their greatest common divisor, then one NumPy pass per project computes the most
votes each amount of money can buy. Of several best selections, the one the published
tie-breaking rule prefers is returned: the projects are visited in tie-breaking order and each
is taken whenever a best selection with it still exists (a bit kept per project and amount).

Limits: the work and memory grow with (number of projects) x (budget ÷ the common divisor of
the costs). Up to `MAX_CELLS` = 200 million cells (for instance 200 projects and a budget of
1,000,000 units with costs in whole units) it takes a few seconds and about 25 MB; beyond that
the rule refuses with a clear message instead of running for hours. Equal Shares and greedy
have no such limit.
"""

from __future__ import annotations

import math
from functools import reduce

import numpy as np

from coproduce.budgeting.counting.model import CountingError, Outcome, Tally, project_result
from coproduce.budgeting.counting.text import money, votes

MAX_CELLS = 200_000_000


def best_selection(tally: Tally) -> list[int]:
    """The chosen projects, in tie-breaking order."""
    budget = tally.election.budget
    costs = [int(c) for c in tally.costs]
    scores = [int(s) for s in tally.scores]
    order = sorted(range(len(costs)), key=tally.order_key.__getitem__)
    free = [p for p in order if costs[p] == 0]
    paid = [p for p in order if 0 < costs[p] <= budget]
    if not paid:
        return free
    unit = reduce(math.gcd, [costs[p] for p in paid])
    capacity = budget // unit
    if len(paid) * (capacity + 1) > MAX_CELLS:
        raise CountingError(
            f"The utilitarian rule is too large to count exactly here: {len(paid)} projects "
            f"and a budget of {capacity:,} steps of {unit:,}. Use another rule."
        )
    # best[r]: most votes that r units of money can buy from the projects not yet visited
    # (visited from the end of the tie-breaking order backwards).
    best = np.zeros(capacity + 1, dtype=np.int64)
    # take[i] bit r: with r units left, a best selection takes paid[i] (one bit per cell).
    take = np.zeros((len(paid), (capacity + 8) // 8), dtype=np.uint8)
    row = np.zeros(capacity + 1, dtype=bool)
    for i in range(len(paid) - 1, -1, -1):
        p = paid[i]
        size = costs[p] // unit
        with_it = best[: capacity + 1 - size] + scores[p]
        row[:size] = False
        np.greater_equal(with_it, best[size:], out=row[size:])
        take[i] = np.packbits(row)
        np.maximum(best[size:], with_it, out=best[size:])
    chosen = list(free)
    left = capacity
    for i, p in enumerate(paid):
        if (take[i, left >> 3] >> (7 - (left & 7))) & 1:
            chosen.append(p)
            left -= costs[p] // unit
    return chosen


def count_utilitarian(tally: Tally) -> Outcome:
    chosen = best_selection(tally)
    ids = tally.ids
    kind = tally.election.kind
    total = sum(int(tally.scores[p]) for p in chosen)
    rounds = {p: i + 1 for i, p in enumerate(chosen)}
    spent = sum(int(tally.costs[p]) for p in chosen)
    results = []
    for p in range(len(ids)):
        cost, score = int(tally.costs[p]), int(tally.scores[p])
        if p in rounds:
            note = (
                f"Chosen: it is part of the selection with the most votes in total "
                f"({votes(total, kind)}) that fits the budget."
            )
            results.append(project_result(tally, p, round=rounds[p], reason="chosen", note=note))
        elif cost > tally.election.budget:
            note = f"Not chosen: its cost of {money(cost)} is more than the whole budget."
            results.append(project_result(tally, p, round=None, reason="did_not_fit", note=note))
        else:
            note = (
                f"Not chosen: it had {votes(score, kind)} and cost {money(cost)}, and the "
                f"selection with the most votes in total ({votes(total, kind)}) that fits "
                f"the budget does not include it."
            )
            results.append(project_result(tally, p, round=None, reason="not_chosen", note=note))
    return Outcome(
        rule="utilitarian",
        winners=tuple(ids[p] for p in chosen),
        spent=spent,
        projects=tuple(results),
    )
