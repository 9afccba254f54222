"""The rules on elections small enough to count by hand, and bad input to `count`."""

from __future__ import annotations

import pytest

from coproduce.budgeting.counting import (
    RULES,
    TIE_BREAK_RULE,
    CountingError,
    Election,
    Project,
    count,
    utilitarian,
)
from coproduce.budgeting.counting.tiebreak import tie_key

# Ten voters, budget 100. Seven want the big park (80); three want the library (30).
# Greedy spends everything on the most popular project; Equal Shares gives the three their
# 30% of the budget, exactly enough for their library, and the seven's 70 cannot buy the park.
PROJECTS = (Project("park", 80), Project("library", 30), Project("shelter", 20))
BALLOTS = [{"park": 1}] * 7 + [{"library": 1}] * 3
ELECTION = Election(100, PROJECTS[:2], BALLOTS)


def test_greedy_funds_the_most_voted_first() -> None:
    outcome = count(ELECTION, "greedy")
    assert outcome.winners == ("park",) and outcome.spent == 80
    library = outcome.result("library")
    assert library.reason == "did_not_fit" and library.beaten_by == ("park",)
    assert library.note == (
        "Not chosen: it had 3 votes and cost 30, but only 20 was left when its turn came."
    )


def test_greedy_says_when_a_project_lost_a_tie() -> None:
    election = Election(50, (Project("1", 30), Project("2", 30)), [{"1": 1, "2": 1}])
    result = count(election, "greedy").result("2")
    assert result.reason == "lost_tie" and result.beaten_by == ("1",)


def test_equal_shares_gives_the_minority_its_share() -> None:
    for rule in ("equal-shares", "equal-shares-approval"):
        outcome = count(ELECTION, rule)
        assert outcome.winners == ("library",)
        library, park = outcome.result("library"), outcome.result("park")
        assert library.reason == "chosen" and library.round == 1
        assert library.share_needed == pytest.approx(1.0)
        assert park.reason == "too_few_supporters" and park.supporters == 7
        assert park.share_needed == pytest.approx(80 / 70)
        assert "its 7 supporters had 70 left of their equal shares, 88% of its cost" in park.note


def test_a_project_loses_to_what_its_supporters_paid_for() -> None:
    projects = (Project("park", 60), Project("library", 30), Project("pool", 90))
    ballots = [{"park": 1, "pool": 1}] * 6 + [{"library": 1}] * 4
    outcome = count(Election(100, projects, ballots), "equal-shares")
    pool = outcome.result("pool")
    assert not pool.selected and pool.reason == "too_few_supporters"
    assert pool.beaten_by == ("park",)
    assert "they had helped to pay for park" in pool.note


def test_utilitarian_takes_the_most_votes_that_fit() -> None:
    election = Election(
        100,
        (Project("a", 60), Project("b", 50), Project("c", 50)),
        [{"a": 1}] * 5 + [{"b": 1}] * 3 + [{"c": 1}] * 3,
    )
    assert count(election, "utilitarian").winners == ("b", "c")
    assert count(election, "greedy").winners == ("a",)


def test_ties_follow_the_published_rule() -> None:
    assert "more votes" in TIE_BREAK_RULE and "cheaper" in TIE_BREAK_RULE
    assert tie_key(5, 10, "9") < tie_key(5, 10, "10") < tie_key(5, 10, "a")
    assert tie_key(6, 99, "z") < tie_key(5, 1, "1")
    assert tie_key(5, 1, "z") < tie_key(5, 2, "1")
    election = Election(10, (Project("10", 10), Project("9", 10)), [{"10": 1, "9": 1}])
    for rule in RULES:
        assert count(election, rule).winners == ("9",), rule


def test_no_voters_and_no_money() -> None:
    empty = Election(50, PROJECTS, [])
    # No votes at all: the completion funds what fits, cheapest first (the tie-break rule).
    assert count(empty, "equal-shares").winners == ("shelter", "library")
    broke = Election(0, PROJECTS, BALLOTS)
    for rule in RULES:
        outcome = count(broke, rule)
        assert outcome.winners == () and outcome.spent == 0


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: Election(-1, PROJECTS, []), "budget must be a whole number"),
        (lambda: Election(10.5, PROJECTS, []), "budget must be a whole number"),  # type: ignore[arg-type]
        (lambda: Election(10, (Project("a", 1), Project("a", 2)), []), "'a' appears twice"),
        (lambda: Election(10, (Project("a", -1),), []), "'a' must cost a whole number"),
        (lambda: Election(10, PROJECTS, [], "ranked"), "Unknown ballot kind"),  # type: ignore[arg-type]
    ],
)
def test_a_bad_election_is_refused(make: object, message: str) -> None:
    with pytest.raises(CountingError, match=message):
        make()  # type: ignore[operator]


@pytest.mark.parametrize(
    ("ballots", "kind", "message"),
    [
        ([{"park": 1}, {"pool": 1}], "approval", "Ballot 2: project 'pool' is not in the election"),
        ([{"park": 2}], "approval", "Ballot 1: expected 1 for each approved project, got 2"),
        ([{"park": 1}, {"park": -3}], "cumulative", "Ballot 2: expected 0 or more points, got -3"),
    ],
)
def test_bad_ballots_are_refused(ballots: list[dict[str, int]], kind: str, message: str) -> None:
    election = Election(100, PROJECTS, ballots, kind)  # type: ignore[arg-type]
    for rule in RULES:
        with pytest.raises(CountingError, match=message):
            count(election, rule)


def test_an_unknown_rule_is_refused() -> None:
    with pytest.raises(CountingError, match="Unknown rule 'borda'"):
        count(ELECTION, "borda")


def test_the_utilitarian_rule_refuses_what_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(utilitarian, "MAX_CELLS", 1000)
    election = Election(10_007, (Project("a", 7), Project("b", 10_000)), [{"a": 1}])
    with pytest.raises(CountingError, match="too large to count exactly"):
        count(election, "utilitarian")


def test_the_utilitarian_rule_divides_costs_by_their_common_divisor() -> None:
    # Costs that share a divisor shrink the table: 100 projects of 1,000 in a 1,000,000 budget.
    big = Election(
        1_000_000, tuple(Project(str(i), 1_000 * (1 + i % 7)) for i in range(100)), [{"1": 1}]
    )
    assert count(big, "utilitarian").spent <= 1_000_000
