"""Greedy by votes: what most participatory budgeting platforms do.

Projects are taken in order of votes (approvals, or points on a cumulative ballot), the most
voted first, ties broken by `TIE_BREAK_RULE`; each is funded if it still fits in the money
left, and skipped otherwise, and the walk goes on to the end of the list, so a cheaper project
further down can still be funded. This is the "greedy" rule of the pabulib data
(pabulib.org, Faliszewski et al. 2023, "Participatory Budgeting: Data, Tools and Analysis",
IJCAI) and of `pabutools.rules.greedy_utilitarian_welfare` with cost satisfaction, whose
votes-per-unit-of-cost order is the same as the order by votes. Like pabutools, projects with
no votes are funded too when money is left for them.

The same walk completes the Method of Equal Shares (see `equal_shares`), starting from the
projects Equal Shares chose and the money they left.
"""

from __future__ import annotations

from dataclasses import dataclass

from coproduce.budgeting.counting.model import Outcome, Tally, project_result
from coproduce.budgeting.counting.text import money, votes


@dataclass
class GreedyPass:
    chosen: list[int]
    # For each project the walk skipped: the money left when its turn came.
    left_at_turn: dict[int, int]
    left: int


def greedy_pass(tally: Tally, already: list[int], budget: int) -> GreedyPass:
    """Walk the projects not in `already` by votes, funding each that fits."""
    taken = set(already)
    left = budget - int(sum(int(tally.costs[p]) for p in already))
    candidates = sorted(
        (p for p in range(len(tally.costs)) if p not in taken), key=tally.order_key.__getitem__
    )
    chosen: list[int] = []
    skipped: dict[int, int] = {}
    for p in candidates:
        cost = int(tally.costs[p])
        if cost <= left:
            chosen.append(p)
            left -= cost
        else:
            skipped[p] = left
    return GreedyPass(chosen=chosen, left_at_turn=skipped, left=left)


def count_greedy(tally: Tally) -> Outcome:
    walk = greedy_pass(tally, [], tally.election.budget)
    ids = tally.ids
    kind = tally.election.kind
    rounds = {p: i + 1 for i, p in enumerate(walk.chosen)}
    results = []
    for p in range(len(ids)):
        cost, score = int(tally.costs[p]), int(tally.scores[p])
        if p in rounds:
            note = (
                f"Chosen in round {rounds[p]} with {votes(score, kind)}: "
                f"it cost {money(cost)} and fitted in the money left."
            )
            results.append(project_result(tally, p, round=rounds[p], reason="chosen", note=note))
            continue
        left = walk.left_at_turn[p]
        ahead = [q for q in walk.chosen if tally.order_key[q] < tally.order_key[p]]
        level = [
            q for q in ahead if int(tally.scores[q]) == score and cost <= left + tally.costs[q]
        ]
        if level:
            reason, beaten = "lost_tie", level
            note = (
                f"Not chosen: it had {votes(score, kind)}, as many as "
                f"{', '.join(ids[q] for q in level)}, which won the tie; "
                f"only {money(left)} was left for its {money(cost)}."
            )
        else:
            reason, beaten = "did_not_fit", ahead
            note = (
                f"Not chosen: it had {votes(score, kind)} and cost {money(cost)}, "
                f"but only {money(left)} was left when its turn came."
            )
        results.append(
            project_result(
                tally,
                p,
                round=None,
                reason=reason,
                note=note,
                beaten_by=tuple(ids[q] for q in beaten),
            )
        )
    return Outcome(
        rule="greedy",
        winners=tuple(ids[p] for p in walk.chosen),
        spent=tally.election.budget - walk.left,
        projects=tuple(results),
    )
