"""Every rule gives the same winners as pabutools, the reference library, on random elections.

The elections are seeded (so a failure can be replayed with its seed), of every size from one
project and no voter up, with equal costs and equal votes often enough that the tie-breaking
rule is exercised, approval and cumulative ballots.
"""

from __future__ import annotations

import itertools

import pytest

from coproduce.budgeting.counting import RULES, Election, count
from coproduce.budgeting.counting.model import tally

from .reference import Reference, random_election

SEEDS = range(240)


def _votes(election: Election, winners: set[str] | tuple[str, ...]) -> int:
    return sum(
        points for ballot in election.ballots for p, points in ballot.items() if p in winners
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_greedy_and_equal_shares_match_pabutools(seed: int) -> None:
    election = random_election(seed)
    reference = Reference(election)
    for rule in ("greedy", "equal-shares", "equal-shares-approval"):
        outcome = count(election, rule)
        assert set(outcome.winners) == reference.winners(rule), (seed, rule)
        assert len(outcome.winners) == len(set(outcome.winners))


@pytest.mark.parametrize("seed", SEEDS[::2])
def test_utilitarian_matches_pabutools_optimum(seed: int) -> None:
    election = random_election(seed)
    outcome = count(election, "utilitarian")
    best = Reference(election).winners("utilitarian")
    # The integer program may pick any best selection; the total is what must agree.
    assert _votes(election, outcome.winners) == _votes(election, best), seed
    assert outcome.spent <= election.budget


# Elections small enough to list every subset of their projects.
SMALL = [seed for seed in SEEDS if len(random_election(seed).projects) <= 10]


@pytest.mark.parametrize("seed", SMALL)
def test_utilitarian_breaks_ties_by_the_published_rule(seed: int) -> None:
    """Against every subset: the best total, and of the best, the one the rule prefers."""
    election = random_election(seed)
    counted = tally(election)
    order = sorted(range(len(election.projects)), key=counted.order_key.__getitem__)
    ids = [election.projects[p].id for p in order]
    costs = {p.id: p.cost for p in election.projects}
    feasible = [
        set(chosen)
        for size in range(len(ids) + 1)
        for chosen in itertools.combinations(ids, size)
        if sum(costs[p] for p in chosen) <= election.budget
    ]
    top = max(_votes(election, s) for s in feasible)
    preferred = min(
        (s for s in feasible if _votes(election, s) == top),
        key=lambda s: [0 if p in s else 1 for p in ids],
    )
    assert set(count(election, "utilitarian").winners) == preferred, seed


def test_every_rule_is_compared() -> None:
    assert set(RULES) == {"greedy", "equal-shares", "equal-shares-approval", "utilitarian"}
