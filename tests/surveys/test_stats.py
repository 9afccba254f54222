"""The statistics of survey results, on counts: worked examples with known answers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from coproduce.surveys.stats import (
    ChangeCounts,
    Direction,
    Moments,
    change_over_time,
    coproduction_index,
    direction_for,
    largest_remainder,
    mean_interval,
    perception_gap,
    rank_gap,
    respondent_score,
    shares,
    suppress,
    t_quantile,
    wilson,
)
from coproduce.surveys.stats.intervals import incomplete_beta, t_cdf
from coproduce.surveys.stats.suppression import Reason


def test_three_equal_thirds_add_up_to_100() -> None:
    assert largest_remainder([1, 1, 1]) == [Decimal(34), Decimal(33), Decimal(33)]


def test_largest_remainder_gives_the_spare_point_to_the_largest_remainder() -> None:
    # 14.6, 14.6, 14.6 and 56.2: rounding each would give 15 + 15 + 15 + 56 = 101.
    assert largest_remainder([146, 146, 146, 562]) == [15, 15, 14, 56]
    assert sum(largest_remainder([146, 146, 146, 562])) == 100


def test_largest_remainder_with_decimals() -> None:
    shown = largest_remainder([1, 1, 1], decimals=1)
    assert shown == [Decimal("33.4"), Decimal("33.3"), Decimal("33.3")]
    assert sum(shown) == Decimal("100.0")


def test_nobody_answered_gives_zeros_not_a_division_error() -> None:
    assert largest_remainder([0, 0]) == [0, 0]
    assert [share.shown for share in shares({"yes": 0, "no": 0})] == [0, 0]


def test_negative_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        largest_remainder([3, -1])
    with pytest.raises(ValueError, match="negative"):
        shares({"yes": -1})


def test_willingness_shares_from_the_toolkit() -> None:
    rows = shares({"month": 43, "week": 28, "none": 29})
    assert [(row.key, row.shown) for row in rows] == [("month", 43), ("week", 28), ("none", 29)]
    assert all(row.adds_up for row in rows)


def test_multiple_choice_shares_are_of_respondents_and_need_not_add_up() -> None:
    rows = shares({"friends": 91, "talk": 62, "information": 53}, denominator=100)
    assert [row.shown for row in rows] == [91, 62, 53]
    assert not any(row.adds_up for row in rows)


def test_a_count_above_its_denominator_is_refused() -> None:
    with pytest.raises(ValueError, match="larger than its denominator"):
        shares({"yes": 11}, denominator=10)


def test_t_quantiles_match_the_tables() -> None:
    # Two-sided 95% critical values from any table of Student's t.
    for df, expected in [(1, 12.706), (2, 4.303), (5, 2.571), (10, 2.228), (30, 2.042)]:
        assert t_quantile(0.975, df) == pytest.approx(expected, abs=5e-4)
    assert t_quantile(0.995, 20) == pytest.approx(2.845, abs=5e-4)
    assert t_quantile(0.025, 10) == pytest.approx(-2.228, abs=5e-4)
    assert t_quantile(0.975, 10**7) == pytest.approx(1.95996, abs=1e-4)


def test_t_cdf_and_incomplete_beta_known_values() -> None:
    assert t_cdf(0.0, 7) == pytest.approx(0.5)
    assert t_cdf(1.0, 1) == pytest.approx(0.75)  # Cauchy: 1/2 + atan(1)/pi
    assert incomplete_beta(1.0, 1.0, 0.3) == pytest.approx(0.3)
    assert incomplete_beta(2.0, 3.0, 0.4) == pytest.approx(0.5248)


def test_bad_quantile_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        t_quantile(1.0, 5)
    with pytest.raises(ValueError, match="Degrees of freedom"):
        t_quantile(0.9, 0)


def test_mean_interval_from_sums_matches_the_textbook() -> None:
    values = [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]
    interval = mean_interval(Moments.of(values))
    # mean 5, s = 2.138, t(0.975, 7) = 2.365: 5 +/- 1.787
    assert interval.estimate == pytest.approx(5.0)
    assert interval.low == pytest.approx(3.2125, abs=1e-3)
    assert interval.high == pytest.approx(6.7875, abs=1e-3)


def test_one_value_has_a_mean_but_no_interval_and_none_has_neither() -> None:
    one = mean_interval(Moments.of([42.0]))
    assert (one.estimate, one.low, one.high) == (42.0, None, None)
    none = mean_interval(Moments())
    assert (none.n, none.estimate, none.low) == (0, None, None)


def test_moments_add_up_across_groups() -> None:
    assert Moments.of([1.0, 2.0]) + Moments.of([3.0]) == Moments.of([1.0, 2.0, 3.0])


def test_moments_refuse_impossible_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        Moments(-1, 0.0, 0.0)
    with pytest.raises(ValueError, match="zero when n is zero"):
        Moments(0, 3.0, 9.0)


def test_wilson_interval_known_value() -> None:
    interval = wilson(72, 100)
    assert interval.estimate == pytest.approx(0.72)
    assert interval.low == pytest.approx(0.6251, abs=1e-4)
    assert interval.high == pytest.approx(0.7986, abs=1e-4)
    assert wilson(0, 10).low == 0.0
    assert wilson(10, 10).high == pytest.approx(1.0)


def test_wilson_refuses_impossible_counts_and_levels() -> None:
    with pytest.raises(ValueError, match="between 0 and the number"):
        wilson(11, 10)
    with pytest.raises(ValueError, match="confidence"):
        wilson(1, 10, confidence=95)


def test_respondent_score_is_the_min_max_scale() -> None:
    assert respondent_score([0, 0, 0]) == 0
    assert respondent_score([2, 2]) == 100
    assert respondent_score([0, 1, 2, 2]) == pytest.approx(62.5)


def test_respondent_score_refuses_out_of_range_scores() -> None:
    with pytest.raises(ValueError, match="between 0 and 2"):
        respondent_score([3])
    with pytest.raises(ValueError, match="no scored answers"):
        respondent_score([])


def test_index_is_the_mean_of_respondent_scores_not_of_answers() -> None:
    # One person answered one question "often"; another answered three questions "never".
    # Per answer: 2 / 8 = 25. Per respondent: (100 + 0) / 2 = 50.
    scores = [respondent_score([2]), respondent_score([0, 0, 0])]
    result = coproduction_index(Moments.of(scores))
    assert result.respondents == 2
    assert result.value == pytest.approx(50.0)
    assert result.low == 0.0  # clipped to the scale
    assert result.high == 100.0


def test_index_interval_lies_around_the_index() -> None:
    scores = [respondent_score(s) for s in ([2, 1], [1, 1], [0, 1], [2, 2], [1, 0])] * 10
    result = coproduction_index(Moments.of(scores))
    assert result.value == pytest.approx(55.0)
    assert result.low is not None and result.high is not None
    assert result.low < 55.0 < result.high
    assert result.high - result.low < 25


def test_index_refuses_scores_outside_0_to_100() -> None:
    with pytest.raises(ValueError, match="between 0 and 100"):
        coproduction_index(Moments(1, 150.0, 22500.0))


def test_perception_gap_from_the_toolkit() -> None:
    keys = ["friends", "information"]
    rows = perception_gap(
        keys, {"friends": 91, "information": 53}, 100, {"friends": 36, "information": 64}, 100
    )
    assert [(row.key, row.a.shown, row.b.shown, row.difference_shown) for row in rows] == [
        ("friends", 91, 36, 55),
        ("information", 53, 64, -11),
    ]
    assert rows[0].difference == pytest.approx(55.0)


def test_perception_gap_shown_difference_matches_the_shown_figures() -> None:
    rows = perception_gap(["x"], {"x": 2}, 3, {"x": 1}, 6)  # 66.67 and 16.67
    assert rows[0].a.shown == 67 and rows[0].b.shown == 17
    assert rows[0].difference_shown == 50
    assert rows[0].difference == pytest.approx(50.0)


def test_perception_gap_with_an_empty_group_has_no_difference() -> None:
    rows = perception_gap(["x"], {"x": 2}, 3, {}, 0)
    assert rows[0].difference is None and rows[0].difference_shown is None


def test_rank_gap_gives_mean_ranks_per_group() -> None:
    rows = rank_gap(
        ["friends", "information"],
        {"friends": {1: 8, 2: 2}, "information": {1: 2, 2: 8}},
        {"friends": {1: 1, 2: 3}, "information": {1: 3, 2: 1}},
    )
    assert rows[0].a.mean_rank == pytest.approx(1.2)
    assert rows[0].b.mean_rank == pytest.approx(1.75)
    assert rows[0].difference == pytest.approx(-0.55)
    assert rows[0].a.first == 8
    assert rows[1].a.respondents == 10


def test_rank_gap_refuses_rank_zero() -> None:
    with pytest.raises(ValueError, match="Ranks start at 1"):
        rank_gap(["x"], {"x": {0: 1}}, {})


def test_seventy_two_percent_improved() -> None:
    counts = ChangeCounts(
        increased=72, unchanged=18, decreased=10, sum_diff=95.0, sum_diff_sq=300.0
    )
    result = change_over_time(counts, Direction.HIGHER_IS_BETTER)
    assert (result.improved, result.same, result.worsened) == (72, 18, 10)
    assert (result.improved_shown, result.same_shown, result.worsened_shown) == (72, 18, 10)
    assert result.mean_change.estimate == pytest.approx(0.95)
    assert result.mean_improvement == pytest.approx(0.95)
    assert result.improved_share.low is not None and result.improved_share.low < 0.72


def test_for_anxiety_a_fall_is_an_improvement() -> None:
    assert direction_for("ons_anxious") is Direction.LOWER_IS_BETTER
    assert direction_for("ons-anxiety") is Direction.LOWER_IS_BETTER
    assert direction_for("ons_life_satisfaction") is Direction.HIGHER_IS_BETTER
    counts = ChangeCounts.of([(8, 5), (6, 6), (3, 4)])  # anxiety fell, stayed, rose
    result = change_over_time(counts, direction_for("ons_anxious"))
    assert (result.improved, result.same, result.worsened) == (1, 1, 1)
    assert result.mean_change.estimate == pytest.approx(-2 / 3)
    assert result.mean_improvement == pytest.approx(2 / 3)


def test_change_with_no_pairs_reports_nothing() -> None:
    result = change_over_time(ChangeCounts(0, 0, 0, 0.0, 0.0), Direction.HIGHER_IS_BETTER)
    assert result.pairs == 0
    assert result.mean_change.estimate is None
    assert result.improved_share.estimate is None
    assert result.mean_improvement is None


def test_change_counts_refuse_negative_numbers() -> None:
    with pytest.raises(ValueError, match="negative"):
        ChangeCounts(-1, 0, 0, 0.0, 0.0)


def test_a_cell_under_ten_is_hidden_and_so_is_the_smallest_other() -> None:
    result = suppress({"north": 4, "south": 40, "east": 12, "west": 25})
    hidden = {cell.key: cell.reason for cell in result.cells if cell.suppressed}
    assert hidden == {"north": Reason.PRIMARY, "east": Reason.SECONDARY}
    assert not result.total_suppressed
    assert result.total == 81


def test_two_small_cells_that_add_up_to_under_ten_need_a_third() -> None:
    result = suppress({"a": 3, "b": 4, "c": 11, "d": 50})
    assert [cell.key for cell in result.cells if cell.suppressed] == ["a", "b", "c"]


def test_two_small_cells_that_add_up_to_ten_protect_each_other() -> None:
    result = suppress({"a": 4, "b": 6, "c": 50})
    assert [cell.key for cell in result.cells if cell.suppressed] == ["a", "b"]


def test_cells_of_ten_or_more_and_empty_cells_are_shown() -> None:
    result = suppress({"a": 10, "b": 0, "c": 99})
    assert not any(cell.suppressed for cell in result.cells)
    assert result.cells[1].shown_respondents == 0


def test_a_whole_breakdown_under_ten_hides_its_total() -> None:
    result = suppress({"a": 3, "b": 4})
    assert all(cell.suppressed for cell in result.cells)
    assert result.total_suppressed


def test_without_a_total_only_small_cells_are_hidden() -> None:
    result = suppress({"a": 3, "b": 40}, total_shown=False)
    assert [cell.suppressed for cell in result.cells] == [True, False]
    assert result.is_suppressed("a") and not result.is_suppressed("b")


def test_suppression_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="negative"):
        suppress({"a": -1})
    with pytest.raises(ValueError, match="once"):
        suppress([("a", 1), ("a", 2)])
    with pytest.raises(ValueError, match="threshold"):
        suppress({"a": 1}, threshold=0)
