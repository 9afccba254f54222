"""Properties every count must have, on elections Hypothesis makes up."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.budgeting.counting import RULES, Election, Outcome, Project, count

RULE_NAMES = list(RULES)
REASONS = {
    "chosen",
    "chosen_in_completion",
    "did_not_fit",
    "too_few_supporters",
    "lost_tie",
    "not_chosen",
}


@st.composite
def elections(draw: st.DrawFn, kind: str | None = None) -> Election:
    m = draw(st.integers(1, 8))
    costs = draw(st.lists(st.integers(0, 50), min_size=m, max_size=m))
    projects = tuple(Project(str(j + 1), costs[j]) for j in range(m))
    kind = kind or draw(st.sampled_from(["approval", "cumulative"]))
    top = 1 if kind == "approval" else 5
    ballot = st.dictionaries(st.sampled_from([p.id for p in projects]), st.integers(1, top))
    ballots = draw(st.lists(ballot, max_size=25))
    budget = draw(st.integers(0, sum(costs) + 10))
    return Election(budget, projects, ballots, kind)  # type: ignore[arg-type]


def _left(election: Election, outcome: Outcome) -> int:
    return election.budget - outcome.spent


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.sampled_from(RULE_NAMES))
def test_winners_fit_the_budget_and_every_project_is_explained(
    election: Election, rule: str
) -> None:
    outcome = count(election, rule)
    costs = {p.id: p.cost for p in election.projects}
    assert outcome.spent == sum(costs[w] for w in outcome.winners) <= election.budget
    assert len(set(outcome.winners)) == len(outcome.winners)
    assert [r.id for r in outcome.projects] == [p.id for p in election.projects]
    for result in outcome.projects:
        assert result.selected == (result.id in outcome.winners)
        assert result.reason in REASONS and result.note
        if result.selected:
            assert outcome.winners[result.round - 1] == result.id  # type: ignore[operator]
        else:
            assert result.round is None


@settings(max_examples=150, deadline=None)
@given(elections(), st.sampled_from(["greedy", "equal-shares", "equal-shares-approval"]))
def test_greedy_and_completed_equal_shares_leave_nothing_that_fits(
    election: Election, rule: str
) -> None:
    outcome = count(election, rule)
    left = _left(election, outcome)
    for project in election.projects:
        if project.id not in outcome.winners:
            assert project.cost > left


@settings(max_examples=100, deadline=None)
@given(elections())
def test_the_utilitarian_optimum_has_at_least_the_votes_of_any_other_rule(
    election: Election,
) -> None:
    def votes(outcome: Outcome) -> int:
        return sum(r.score for r in outcome.projects if r.selected)

    best = votes(count(election, "utilitarian"))
    for rule in ("greedy", "equal-shares", "equal-shares-approval"):
        assert votes(count(election, rule)) <= best


@settings(max_examples=150, deadline=None)
@given(
    others=st.lists(st.sets(st.sampled_from(["1", "2", "3", "4"]), min_size=1), max_size=30),
    costs=st.lists(st.integers(1, 60), min_size=5, max_size=5),
    budget=st.integers(1, 200),
    rule=st.sampled_from(["equal-shares", "equal-shares-approval"]),
)
def test_a_cohesive_group_that_can_afford_its_project_gets_it(
    others: list[set[str]], costs: list[int], budget: int, rule: str
) -> None:
    """Proportionality: a group of voters who all want project 5 (and nothing else), and whose
    equal shares of the budget add up to its cost, gets it under Equal Shares, however the
    other voters vote. Greedy gives no such promise."""
    cheap = Project("5", costs[4])
    if cheap.cost >= budget:
        return  # a group can only cover the whole budget by being everybody
    # The smallest group whose shares cover the project: size * budget / n >= cost.
    size = 1
    while size * budget < cheap.cost * (len(others) + size):
        size += 1
    ballots = [dict.fromkeys(b, 1) for b in others] + [{"5": 1}] * size
    projects = (*(Project(str(j + 1), costs[j]) for j in range(4)), cheap)
    election = Election(budget, projects, ballots)
    assert "5" in count(election, rule).winners


@settings(max_examples=100, deadline=None)
@given(elections(kind="approval"))
def test_equal_shares_spends_no_more_per_voter_than_their_share_before_add_one(
    election: Election,
) -> None:
    """Each project Equal Shares buys is paid by its supporters from their shares: a project
    chosen in the main phase costs at most what its supporters held (share_needed <= 1)."""
    for rule in ("equal-shares", "equal-shares-approval"):
        for result in count(election, rule).projects:
            if result.reason == "chosen" and result.share_needed is not None:
                assert 0 < result.share_needed <= 1 + 1e-9
            if result.reason == "too_few_supporters" and result.share_needed is not None:
                assert result.share_needed > 1 - 1e-9
