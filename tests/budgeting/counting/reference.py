"""Random elections, and the same elections counted by pabutools, the reference library.

pabutools is told to break ties with our published rule (`tie_key`), and each of our rules
is matched with its pabutools counterpart:

- greedy: `greedy_utilitarian_welfare` with satisfaction = points x cost, whose order by
  satisfaction per unit of cost is the order by votes;
- equal-shares / equal-shares-approval: `completion_by_rule_combination` of
  `method_of_equal_shares` (cost or approval satisfaction, `voter_budget_increment=1`) and
  the greedy rule above, as pabutools documents for the rule used in practice;
- utilitarian: `max_additive_utilitarian_welfare` (an integer linear program solved by CBC).
"""

from __future__ import annotations

import random
from typing import Any

from pabutools.election import (
    AdditiveSatisfaction,
    ApprovalBallot,
    ApprovalProfile,
    Cardinality_Sat,
    Cost_Sat,
    CumulativeBallot,
    CumulativeProfile,
    Instance,
)
from pabutools.election import Project as RefProject
from pabutools.rules import (
    completion_by_rule_combination,
    greedy_utilitarian_welfare,
    max_additive_utilitarian_welfare,
    method_of_equal_shares,
)
from pabutools.tiebreaking import TieBreakingRule

from coproduce.budgeting.counting import Election, Project
from coproduce.budgeting.counting.tiebreak import tie_key


def random_election(seed: int) -> Election:
    """A small election; about a third cumulative; costs often equal so that ties happen."""
    rng = random.Random(seed)
    m = rng.randint(1, 12)
    n = rng.randint(0, 40) if rng.random() < 0.95 else 0
    cost_pool = [rng.randint(1, 60) for _ in range(3)]
    costs = [
        0 if rng.random() < 0.03 else rng.choice([*cost_pool, rng.randint(1, 100)])
        for _ in range(m)
    ]
    ids = rng.sample([str(i) for i in range(1, 30)] + ["a", "b", "B", "x1", "é"], m)
    projects = tuple(Project(ids[j], costs[j]) for j in range(m))
    cumulative = rng.random() < 0.33
    density = rng.choice([0.15, 0.3, 0.5, 0.8])
    ballots: list[dict[str, int]] = []
    for _ in range(n):
        chosen = [p.id for p in projects if rng.random() < density]
        if cumulative:
            ballots.append({p: rng.randint(1, 4) for p in chosen})
        else:
            ballots.append(dict.fromkeys(chosen, 1))
    total = sum(costs) or 1
    budget = max(0, int(total * rng.choice([0.0, 0.2, 0.4, 0.6, 1.0, 1.3])) + rng.randint(0, 9))
    return Election(budget, projects, ballots, "cumulative" if cumulative else "approval")


class PointsCostSat(AdditiveSatisfaction):
    """Points x cost: cost satisfaction that also counts the points of a cumulative ballot."""

    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(instance, profile, ballot, _points_cost)


class PointsSat(AdditiveSatisfaction):
    """Points (1 per approved project): approval satisfaction with cumulative points."""

    def __init__(self, instance: Any, profile: Any, ballot: Any) -> None:
        super().__init__(instance, profile, ballot, _points)


def _points(_instance: Any, _profile: Any, ballot: Any, project: Any, _pre: Any) -> Any:
    if isinstance(ballot, dict):
        return ballot.get(project, 0)
    return 1 if project in ballot else 0


def _points_cost(instance: Any, profile: Any, ballot: Any, project: Any, pre: Any) -> Any:
    return _points(instance, profile, ballot, project, pre) * project.cost


class Reference:
    """One election as pabutools sees it."""

    def __init__(self, election: Election) -> None:
        self.election = election
        self.projects = {p.id: RefProject(p.id, p.cost) for p in election.projects}
        self.instance = Instance(self.projects.values(), budget_limit=election.budget)
        if election.kind == "cumulative":
            self.profile: Any = CumulativeProfile(
                [
                    CumulativeBallot({self.projects[k]: v for k, v in b.items()})
                    for b in election.ballots
                ]
            )
            self.cost_sat: Any = PointsCostSat
            self.approval_sat: Any = PointsSat
        else:
            self.profile = ApprovalProfile(
                [ApprovalBallot(self.projects[k] for k in b) for b in election.ballots]
            )
            self.cost_sat = Cost_Sat
            self.approval_sat = Cardinality_Sat
        self.scores = {p.id: 0 for p in election.projects}
        for ballot in election.ballots:
            for project_id, points in ballot.items():
                self.scores[project_id] += points
        scores = self.scores
        self.tie = TieBreakingRule(
            lambda _i, _p, project: tie_key(scores[project.name], int(project.cost), project.name)
        )

    def winners(self, rule: str) -> set[str]:
        greedy = {"sat_class": self.cost_sat, "tie_breaking": self.tie}
        if rule == "greedy":
            outcome = greedy_utilitarian_welfare(self.instance, self.profile, **greedy)
        elif rule == "utilitarian":
            outcome = max_additive_utilitarian_welfare(
                self.instance, self.profile, sat_class=self.approval_sat
            )
        else:
            sat = self.cost_sat if rule == "equal-shares" else self.approval_sat
            mes = {"sat_class": sat, "voter_budget_increment": 1, "tie_breaking": self.tie}
            outcome = completion_by_rule_combination(
                self.instance,
                self.profile,
                [method_of_equal_shares, greedy_utilitarian_welfare],
                [mes, greedy],
            )
        return {project.name for project in outcome}
