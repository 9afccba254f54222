"""The data a count works on and the outcome it gives back.

`Election` is what was decided on (a budget, the projects and their costs, the ballots);
`Outcome` is what a rule chose, with one `ProjectResult` per project that says why it won
or lost. Money is in whole units of the process's currency, so every cost and the budget
are integers and a selection either fits the budget or does not: no rounding.

`Tally` turns the ballots into arrays once (a sparse voter x project matrix kept per project,
the way the rules read it), so that each rule can work vectorised over voters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Literal

import numpy as np
import numpy.typing as npt

BallotKind = Literal["approval", "cumulative"]
KINDS: tuple[str, ...] = ("approval", "cumulative")

REASONS = (
    "chosen",
    "chosen_in_completion",
    "did_not_fit",
    "too_few_supporters",
    "lost_tie",
    "not_chosen",
)


class CountingError(ValueError):
    """The election cannot be counted as given; the message says why in plain English."""


@dataclass(frozen=True)
class Project:
    id: str
    cost: int
    name: str = ""


@dataclass(frozen=True)
class Election:
    """A budget, the projects on the ballot paper and the ballots cast.

    Each ballot maps project ids to points: 1 for each approved project on an approval
    ballot, the points given on a cumulative ballot. The ballots themselves are checked
    when the election is counted (one pass over them, which the count needs anyway).
    """

    budget: int
    projects: tuple[Project, ...]
    ballots: Sequence[Mapping[str, int]]
    kind: BallotKind = "approval"

    def __post_init__(self) -> None:
        if isinstance(self.budget, bool) or not isinstance(self.budget, int) or self.budget < 0:
            raise CountingError(f"The budget must be a whole number of 0 or more: {self.budget!r}.")
        if self.kind not in KINDS:
            raise CountingError(
                f"Unknown ballot kind {self.kind!r}: use one of {', '.join(KINDS)}."
            )
        seen: set[str] = set()
        for project in self.projects:
            if project.id in seen:
                raise CountingError(f"Project {project.id!r} appears twice.")
            seen.add(project.id)
            cost = project.cost
            if isinstance(cost, bool) or not isinstance(cost, int) or cost < 0:
                raise CountingError(
                    f"Project {project.id!r} must cost a whole number of 0 or more: {cost!r}."
                )


@dataclass(frozen=True)
class ProjectResult:
    id: str
    cost: int
    score: int
    supporters: int
    selected: bool
    round: int | None
    reason: str
    beaten_by: tuple[str, ...]
    share_needed: float | None
    note: str


@dataclass(frozen=True)
class Outcome:
    rule: str
    winners: tuple[str, ...]
    spent: int
    projects: tuple[ProjectResult, ...]

    def result(self, project_id: str) -> ProjectResult:
        for project in self.projects:
            if project.id == project_id:
                return project
        raise KeyError(project_id)


IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]


@dataclass
class Tally:
    """The ballots as arrays: for each project, who supports it and with how many points."""

    election: Election
    n_voters: int
    costs: IntArray
    scores: IntArray
    supporters: IntArray
    # Concatenated supporters of every project: voters[start[p]:start[p + 1]] support p.
    start: IntArray
    voters: npt.NDArray[np.intp]
    # The same entries by voter: ballot[v] covers by_voter[voter_start[v]:voter_start[v + 1]].
    voter_start: IntArray
    by_voter: IntArray
    points: IntArray
    order_key: list[tuple[object, ...]] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return [project.id for project in self.election.projects]

    def supporters_of(self, p: int) -> npt.NDArray[np.intp]:
        return self.voters[self.start[p] : self.start[p + 1]]

    def per_project(self, values: FloatArray) -> FloatArray:
        """Sum a value given per (supporter, project) entry over each project's supporters."""
        m = len(self.costs)
        owner = np.repeat(np.arange(m), np.diff(self.start))
        return np.bincount(owner, weights=values, minlength=m).astype(np.float64)

    def points_of(self, p: int) -> IntArray:
        return self.points[self.start[p] : self.start[p + 1]]


def _bad_ballot(number: int, message: str) -> CountingError:
    return CountingError(f"Ballot {number}: {message}")


def tally(election: Election) -> Tally:
    """Check the ballots and turn them into per-project arrays (done once per count)."""
    from coproduce.budgeting.counting.tiebreak import tie_key

    index = {project.id: i for i, project in enumerate(election.projects)}
    m = len(election.projects)
    approval = election.kind == "approval"
    ballots = election.ballots
    lengths = np.fromiter(map(len, ballots), dtype=np.int64, count=len(ballots))
    total = int(lengths.sum())
    try:
        cols = np.fromiter(
            map(index.__getitem__, chain.from_iterable(ballots)), dtype=np.int64, count=total
        )
    except KeyError as error:
        number = next(i for i, b in enumerate(ballots) if not index.keys() >= b.keys())
        message = f"project {error.args[0]!r} is not in the election."
        raise _bad_ballot(number + 1, message) from None
    try:
        pts = np.fromiter(
            chain.from_iterable(b.values() for b in ballots), dtype=np.int64, count=total
        )
    except (TypeError, ValueError, OverflowError):
        raise CountingError("Every ballot must give whole numbers of points.") from None
    voter_rows = np.repeat(np.arange(len(ballots), dtype=np.intp), lengths)
    if pts.size and (pts.min() < 0 or (approval and pts.max() > 1)):
        wrong = (pts < 0) | (pts > 1) if approval else pts < 0
        bad = int(np.flatnonzero(wrong)[0])
        expected = "1 for each approved project" if approval else "0 or more points"
        raise _bad_ballot(int(voter_rows[bad]) + 1, f"expected {expected}, got {int(pts[bad])}.")
    keep = pts > 0
    cols, pts, voter_rows = cols[keep], pts[keep], voter_rows[keep]
    voter_start = np.zeros(len(ballots) + 1, dtype=np.int64)
    np.cumsum(np.bincount(voter_rows, minlength=len(ballots)), out=voter_start[1:])
    by_voter = cols.copy()
    order = np.argsort(cols, kind="stable")
    cols, pts, voter_rows = cols[order], pts[order], voter_rows[order]
    counts = np.bincount(cols, minlength=m).astype(np.int64)
    start = np.zeros(m + 1, dtype=np.int64)
    np.cumsum(counts, out=start[1:])
    scores = np.bincount(cols, weights=pts, minlength=m).astype(np.int64) if m else counts
    costs = np.array([project.cost for project in election.projects], dtype=np.int64)
    result = Tally(
        election=election,
        n_voters=len(election.ballots),
        costs=costs,
        scores=scores,
        supporters=counts,
        start=start,
        voters=voter_rows,
        voter_start=voter_start,
        by_voter=by_voter,
        points=pts,
    )
    result.order_key = [
        tie_key(int(scores[p]), int(costs[p]), election.projects[p].id) for p in range(m)
    ]
    return result


def project_result(
    tally: Tally,
    p: int,
    *,
    round: int | None,
    reason: str,
    note: str,
    beaten_by: tuple[str, ...] = (),
    share_needed: float | None = None,
    selected: bool | None = None,
) -> ProjectResult:
    """One project's line of the outcome, with the figures every rule reports."""
    return ProjectResult(
        id=tally.election.projects[p].id,
        cost=int(tally.costs[p]),
        score=int(tally.scores[p]),
        supporters=int(tally.supporters[p]),
        selected=round is not None if selected is None else selected,
        round=round,
        reason=reason,
        beaten_by=beaten_by,
        share_needed=share_needed,
        note=note,
    )
