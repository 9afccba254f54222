"""Counting benchmark: Method of Equal Shares with completion, ours against pabutools.

Builds one seeded election of 150 projects and 100,000 voters who approve about 8 projects
each (some projects far more popular than others, costs spread like a city's), counts it with
`coproduce.budgeting.counting` and with `pabutools` (the reference implementation, with the
same tie-breaking rule and the same add-one-then-greedy completion), checks that both choose
the same projects and prints the timings side by side.

    .venv/bin/python bench/counting.py                 # the figure in bench/README.md
    .venv/bin/python bench/counting.py --voters 20000  # a quicker look
    .venv/bin/python bench/counting.py --skip-reference

pabutools is a development dependency (`uv sync` installs it); it takes minutes here.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from coproduce.budgeting.counting import Election, Project, count
from coproduce.budgeting.counting.equal_shares import count_equal_shares
from coproduce.budgeting.counting.model import tally
from coproduce.budgeting.counting.tiebreak import tie_key


def make_election(projects: int, voters: int, approvals: float, seed: int) -> Election:
    rng = np.random.default_rng(seed)
    costs = np.round(rng.lognormal(mean=np.log(120_000), sigma=0.7, size=projects), -3)
    costs = np.clip(costs, 5_000, 2_000_000).astype(np.int64)
    budget = int(costs.sum() * 0.2)
    popularity = rng.lognormal(sigma=0.8, size=projects)
    # Each voter approves k projects, drawn without replacement in proportion to popularity
    # (the Gumbel top-k trick, vectorised over voters).
    sizes = np.clip(rng.poisson(approvals, size=voters), 1, projects)
    keys = np.log(popularity)[None, :] + rng.gumbel(size=(voters, projects))
    ranked = np.argsort(-keys, axis=1)
    ids = [str(i + 1) for i in range(projects)]
    ballots = [dict.fromkeys((ids[j] for j in ranked[v, : sizes[v]]), 1) for v in range(voters)]
    return Election(
        budget=budget,
        projects=tuple(Project(ids[j], int(costs[j])) for j in range(projects)),
        ballots=ballots,
    )


def reference_winners(election: Election) -> set[str]:
    from pabutools.election import (
        ApprovalBallot,
        ApprovalProfile,
        Cost_Sat,
        Instance,
    )
    from pabutools.election import Project as RefProject
    from pabutools.rules import (
        completion_by_rule_combination,
        greedy_utilitarian_welfare,
        method_of_equal_shares,
    )
    from pabutools.tiebreaking import TieBreakingRule

    projects = {p.id: RefProject(p.id, p.cost) for p in election.projects}
    instance = Instance(projects.values(), budget_limit=election.budget)
    profile = ApprovalProfile(
        [ApprovalBallot(projects[i] for i in ballot) for ballot in election.ballots]
    )
    scores = {p.id: 0 for p in election.projects}
    for ballot in election.ballots:
        for project_id in ballot:
            scores[project_id] += 1
    tie = TieBreakingRule(lambda _i, _p, p: tie_key(scores[p.name], int(p.cost), p.name))
    outcome = completion_by_rule_combination(
        instance,
        profile,
        [method_of_equal_shares, greedy_utilitarian_welfare],
        [
            {"sat_class": Cost_Sat, "voter_budget_increment": 1, "tie_breaking": tie},
            {"sat_class": Cost_Sat, "tie_breaking": tie},
        ],
    )
    return {p.name for p in outcome}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=150)
    parser.add_argument("--voters", type=int, default=100_000)
    parser.add_argument("--approvals", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many of our runs")
    parser.add_argument("--skip-reference", action="store_true", help="do not run pabutools")
    args = parser.parse_args()

    print(
        f"== Counting: {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, NumPy {np.__version__}"
    )
    election = make_election(args.projects, args.voters, args.approvals, args.seed)
    approvals = sum(len(b) for b in election.ballots)
    print(
        f"{len(election.projects)} projects, {len(election.ballots):,} voters, "
        f"{approvals / len(election.ballots):.1f} approvals each, budget {election.budget:,}"
    )
    times, rule_times = [], []
    for _ in range(args.repeat):
        began = time.perf_counter()
        outcome = count(election, "equal-shares")
        times.append(time.perf_counter() - began)
        counted = tally(election)
        began = time.perf_counter()
        count_equal_shares(counted, cost_utilities=True)
        rule_times.append(time.perf_counter() - began)
    ours, rule_only = min(times), min(rule_times)
    in_completion = sum(p.reason == "chosen_in_completion" for p in outcome.projects)
    print(
        f"coproduce  equal-shares with completion: {ours:8.3f} s "
        f"(best of {args.repeat}, from the ballots as Python dicts; the rule alone on the "
        f"ballots already in arrays: {rule_only:.3f} s)"
    )
    print(
        f"           {len(outcome.winners)} winners, {in_completion} of them by the greedy "
        f"completion, {outcome.spent:,} spent"
    )
    failed = ours >= 1.0
    if not args.skip_reference:
        began = time.perf_counter()
        reference = reference_winners(election)
        theirs = time.perf_counter() - began
        same = reference == set(outcome.winners)
        print(f"pabutools  equal-shares with completion: {theirs:8.3f} s")
        print(f"speed-up: {theirs / ours:.0f}x; same winners: {'yes' if same else 'NO'}")
        failed = failed or not same or theirs / ours < 20
    print(
        "target: under 1 s and at least 20x faster with the same winners:",
        "FAILED" if failed else "met",
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
