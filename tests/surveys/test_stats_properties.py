"""Properties of the survey statistics that must hold for any counts (Hypothesis)."""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from coproduce.surveys.stats import (
    ChangeCounts,
    Direction,
    Moments,
    change_over_time,
    coproduction_index,
    largest_remainder,
    mean_interval,
    respondent_score,
    suppress,
    wilson,
)

counts = st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12)
scores = st.lists(st.integers(min_value=0, max_value=2), min_size=1, max_size=20)


@given(counts, st.integers(min_value=0, max_value=2))
def test_shown_percentages_add_up_to_exactly_100(values: list[int], decimals: int) -> None:
    shown = largest_remainder(values, decimals=decimals)
    if sum(values) == 0:
        assert all(figure == 0 for figure in shown)
    else:
        assert sum(shown) == Decimal(100)


@given(counts, st.integers(min_value=0, max_value=2))
def test_each_shown_percentage_is_within_one_unit_of_exact(
    values: list[int], decimals: int
) -> None:
    total = sum(values)
    unit = Decimal(1).scaleb(-decimals)
    for value, figure in zip(values, largest_remainder(values, decimals=decimals), strict=True):
        exact = Decimal(100 * value) / Decimal(total) if total else Decimal(0)
        assert abs(figure - exact) < unit


@given(counts)
def test_a_larger_count_never_shows_a_smaller_percentage(values: list[int]) -> None:
    shown = largest_remainder(values)
    for i, a in enumerate(values):
        for j, b in enumerate(values):
            if a > b:
                assert shown[i] >= shown[j]


@given(st.lists(scores, min_size=1, max_size=40))
def test_index_lies_on_the_scale_with_its_interval_around_it(people: list[list[int]]) -> None:
    values = [respondent_score(answers) for answers in people]
    result = coproduction_index(Moments.of(values))
    assert result.respondents == len(people)
    assert result.value is not None
    assert -1e-9 <= result.value <= 100 + 1e-9
    assert math.isclose(result.value, sum(values) / len(values), abs_tol=1e-9)
    if result.low is not None and result.high is not None:
        assert 0 <= result.low <= result.value + 1e-9 <= result.high + 2e-9 <= 100 + 3e-9


@given(st.lists(scores, min_size=1, max_size=20))
def test_everyone_never_is_0_and_everyone_often_is_100(people: list[list[int]]) -> None:
    nevers = [respondent_score([0] * len(answers)) for answers in people]
    oftens = [respondent_score([2] * len(answers)) for answers in people]
    assert coproduction_index(Moments.of(nevers)).value == 0
    assert coproduction_index(Moments.of(oftens)).value == 100


@given(
    st.lists(st.floats(min_value=-1000, max_value=1000), min_size=2, max_size=50),
    st.lists(st.floats(min_value=-1000, max_value=1000), min_size=0, max_size=50),
)
def test_moments_of_parts_give_the_interval_of_the_whole(a: list[float], b: list[float]) -> None:
    whole = mean_interval(Moments.of(a + b))
    parts = mean_interval(Moments.of(a) + Moments.of(b))
    assert whole.estimate is not None and parts.estimate is not None
    assert math.isclose(whole.estimate, parts.estimate, rel_tol=1e-9, abs_tol=1e-6)


@given(st.integers(min_value=0, max_value=5000), st.integers(min_value=1, max_value=5000))
def test_wilson_interval_contains_the_proportion(successes: int, extra: int) -> None:
    n = successes + extra
    interval = wilson(successes, n)
    assert interval.low is not None and interval.high is not None
    assert 0 <= interval.low <= successes / n <= interval.high <= 1


@given(
    st.lists(
        st.tuples(st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=10)),
        min_size=1,
        max_size=60,
    )
)
def test_improved_same_worsened_cover_every_pair_and_flip_with_direction(
    pairs: list[tuple[int, int]],
) -> None:
    counts = ChangeCounts.of(pairs)
    up = change_over_time(counts, Direction.HIGHER_IS_BETTER)
    down = change_over_time(counts, Direction.LOWER_IS_BETTER)
    assert up.improved + up.same + up.worsened == len(pairs)
    assert sum([up.improved_shown, up.same_shown, up.worsened_shown]) == 100
    assert (up.improved, up.worsened) == (down.worsened, down.improved)
    assert up.mean_improvement is not None and down.mean_improvement is not None
    assert math.isclose(up.mean_improvement, -down.mean_improvement, abs_tol=1e-12)


@given(st.lists(st.integers(min_value=0, max_value=60), min_size=1, max_size=12))
def test_no_small_cell_shows_and_no_hidden_cell_can_be_worked_out(sizes: list[int]) -> None:
    result = suppress(list(enumerate(sizes)))
    shown = [cell for cell in result.cells if not cell.suppressed]
    hidden = [cell for cell in result.cells if cell.suppressed]
    assert all(cell.respondents == 0 or cell.respondents >= 10 for cell in shown)
    hidden_total = sum(cell.respondents for cell in hidden)
    # What the total gives away is the sum of the hidden cells: never 1 to 9 people.
    if hidden and not result.total_suppressed:
        assert hidden_total >= 10
        assert len([cell for cell in hidden if cell.respondents > 0]) >= 2
    if result.total_suppressed:
        assert sum(sizes) < 10


@given(st.lists(st.integers(min_value=10, max_value=60), min_size=1, max_size=12))
def test_nothing_is_hidden_when_every_cell_has_ten_or_more(sizes: list[int]) -> None:
    result = suppress(list(enumerate(sizes)))
    assert not any(cell.suppressed for cell in result.cells)
