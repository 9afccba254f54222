"""The results of a survey from the database: shares, index, gap, change, breakdowns."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.surveys import stats
from coproduce.surveys.models import QuestionKind, Response, Survey
from coproduce.surveys.result_rows import SUPPRESSED, breakdown_rows, domain_label, results_rows
from coproduce.surveys.results import survey_results
from tests import factories
from tests.surveys import stats_factories as make

pytestmark = pytest.mark.django_db

STAFF = Response.Group.STAFF


def test_single_choice_counts_and_shares_add_up_to_100() -> None:
    survey = make.make_survey()
    willing = make.choices(survey, QuestionKind.SINGLE, ["month", "week", "none"])
    make.many(survey, 1, {willing: "month"})
    make.many(survey, 1, {willing: "week"})
    make.many(survey, 1, {willing: "none"})
    make.respond(survey, {willing: "week"}, submitted=False)  # in progress: not counted

    results = survey_results(survey)

    assert results.respondents == 3
    question = results.questions[0]
    assert question.respondents == 3
    assert [(o.label, o.count) for o in question.options] == [
        ("Month", 1),
        ("Week", 1),
        ("None", 1),
    ]
    assert sum(o.share.shown for o in question.options) == 100


def test_multiple_choice_shares_are_of_respondents() -> None:
    survey = make.make_survey()
    wants = make.choices(survey, QuestionKind.MULTIPLE, ["friends", "talk", "information"])
    make.many(survey, 3, {wants: ["friends", "talk"]})
    make.many(survey, 1, {wants: ["information"]})

    question = survey_results(survey).questions[0]

    assert question.respondents == 4
    assert [(o.count, o.share.shown) for o in question.options] == [(3, 75), (3, 75), (1, 25)]
    assert not question.options[0].share.adds_up


def _index_survey() -> tuple[Survey, list[Any], list[list[int]]]:
    survey = make.make_survey()
    questions = [
        make.frequency(survey, "lock-doors", "crime prevention"),
        make.frequency(survey, "recycle", "environment"),
        make.frequency(survey, "save-energy", "environment"),
    ]
    people: list[list[str | None]] = [
        ["often", "often", "often"],
        ["never", "sometimes", None],  # skipped one: left out, not "never"
        ["sometimes", "never", "never"],
        [None, "often", "sometimes"],
    ]
    for answers in people:
        make.respond(survey, {q: a for q, a in zip(questions, answers, strict=True) if a})
    scores = {"never": 0, "sometimes": 1, "often": 2}
    return survey, questions, [[scores[a] if a else -1 for a in p] for p in people]


def test_index_per_domain_and_overall_is_the_mean_of_respondent_scores() -> None:
    survey, _questions, people = _index_survey()

    results = survey_results(survey)

    def expected(columns: list[int]) -> stats.IndexResult:
        per_person = []
        for scores in people:
            mine = [scores[c] for c in columns if scores[c] >= 0]
            if mine:
                per_person.append(stats.respondent_score(mine))
        return stats.coproduction_index(stats.Moments.of(per_person))

    by_domain = {row.domain: row.index for row in results.index}
    assert set(by_domain) == {"", "crime prevention", "environment"}
    for domain, columns in [("", [0, 1, 2]), ("crime prevention", [0]), ("environment", [1, 2])]:
        want = expected(columns)
        got = by_domain[domain]
        assert got.respondents == want.respondents
        assert got.value == pytest.approx(want.value)
        assert got.low == pytest.approx(want.low)
        assert got.high == pytest.approx(want.high)
    assert results.overall_index is not None
    assert results.overall_index.respondents == 4
    # Person 2 scores (0 + 1) / 4 = 25 overall; person 4 (2 + 1) / 4 = 75.
    assert results.overall_index.value == pytest.approx((100 + 25 + 100 / 6 + 75) / 4)


def test_a_survey_with_no_frequency_questions_has_no_index() -> None:
    survey = make.make_survey()
    make.choices(survey, QuestionKind.SINGLE, ["yes", "no"])
    assert survey_results(survey).index == []


def test_scale_question_mean_distribution_and_range() -> None:
    survey = make.make_survey()
    happy = make.add_question(survey, QuestionKind.SCALE, key="ons_happy")
    for value in (7, 8, 8, 10):
        make.respond(survey, {happy: value})

    numbers = survey_results(survey).questions[0].numbers

    assert numbers is not None
    assert numbers.mean.estimate == pytest.approx(8.25)
    assert numbers.mean.low is not None and numbers.mean.low < 8.25
    assert (numbers.minimum, numbers.maximum) == (7, 10)
    assert [share.key for share in numbers.distribution] == list(range(11))
    assert numbers.distribution[8].count == 2
    assert sum(share.shown for share in numbers.distribution) == 100


def test_ranking_gives_mean_ranks_and_firsts() -> None:
    survey = make.make_survey()
    matters = make.choices(survey, QuestionKind.RANKING, ["friends", "information"])
    make.many(survey, 3, {matters: ["friends", "information"]})
    make.many(survey, 1, {matters: ["information", "friends"]})

    question = survey_results(survey).questions[0]

    assert question.respondents == 4
    assert [r.summary.mean_rank for r in question.ranks] == [pytest.approx(1.25), 1.75]
    assert [o.count for o in question.options] == [3, 1]  # ranked first


def test_perception_gap_between_users_and_staff() -> None:
    survey = make.make_survey()
    wants = make.choices(survey, QuestionKind.MULTIPLE, ["friends", "information"])
    make.many(survey, 9, {wants: ["friends"]})
    make.many(survey, 1, {wants: ["information"]})
    make.many(survey, 4, {wants: ["friends", "information"]}, group=STAFF)
    make.many(survey, 6, {wants: ["information"]}, group=STAFF)

    results = survey_results(survey)
    gap = results.questions[0].gap

    assert results.respondents_by_group == {"users": 10, "staff": 10}
    assert gap is not None and not gap.suppressed
    assert [(r.a.shown, r.b.shown, r.difference_shown) for r in gap.rows] == [
        (90, 40, 50),
        (10, 100, -90),
    ]


def test_perception_gap_is_hidden_when_a_group_has_fewer_than_ten() -> None:
    survey = make.make_survey()
    wants = make.choices(survey, QuestionKind.SINGLE, ["friends", "information"])
    make.many(survey, 12, {wants: "friends"})
    make.many(survey, 9, {wants: "information"}, group=STAFF)

    gap = survey_results(survey).questions[0].gap

    assert gap is not None and gap.suppressed
    assert gap.rows == [] and gap.ranks == []


def test_ranking_gap_gives_mean_ranks_per_group() -> None:
    survey = make.make_survey()
    matters = make.choices(survey, QuestionKind.RANKING, ["friends", "information"])
    make.many(survey, 10, {matters: ["friends", "information"]})
    make.many(survey, 10, {matters: ["information", "friends"]}, group=STAFF)

    gap = survey_results(survey).questions[0].gap

    assert gap is not None
    assert [(r.a.mean_rank, r.b.mean_rank, r.difference) for r in gap.ranks] == [
        (1.0, 2.0, -1.0),
        (2.0, 1.0, 1.0),
    ]


def _areas_survey() -> tuple[Survey, Any, list[Any]]:
    survey = make.make_survey()
    willing = make.choices(survey, QuestionKind.SINGLE, ["yes", "no"])
    often = make.frequency(survey, "recycle", "environment")
    areas = [factories.AreaFactory(name=name) for name in ("North", "South", "East")]
    make.many(survey, 3, {willing: "yes", often: "often"}, area=areas[0])  # 3: hidden
    make.many(survey, 20, {willing: "no", often: "never"}, area=areas[1])
    make.many(survey, 12, {willing: "yes", often: "sometimes"}, area=areas[2])
    make.many(survey, 15, {willing: "no"})  # no area, and skipped the frequency question
    return survey, willing, areas


def test_breakdown_by_area_hides_small_cells_and_the_one_that_would_give_them_away() -> None:
    survey, willing, _areas = _areas_survey()

    results = survey_results(survey, by="area")
    breakdown = results.breakdown

    assert breakdown is not None
    assert [g.label for g in breakdown.groups] == ["East", "North", "South", "Not given"]
    people = {c.group.label: (c.respondents, c.suppressed) for c in breakdown.respondents}
    # North (3) is hidden; East (12), the smallest cell left, too, or 50 - 20 - 15 = 3.
    assert people == {
        "East": (None, True),
        "North": (None, True),
        "South": (20, False),
        "Not given": (15, False),
    }
    cells = {c.group.label: c for c in breakdown.questions[willing.pk]}
    assert cells["North"].value is None and cells["East"].value is None
    south = cells["South"].value
    assert south is not None and [o.count for o in south.options] == [0, 20]
    index = {c.group.label: c for c in breakdown.index["environment"]}
    # "Not given" skipped the frequency question: an empty cell, shown, with no index.
    assert index["South"].value is not None and index["South"].value.value == 0
    assert index["North"].suppressed and index["East"].suppressed
    assert index["Not given"].respondents == 0 and index["Not given"].value is not None
    assert index["Not given"].value.value is None
    # The overall figures still count everyone.
    assert results.respondents == 50
    assert results.questions[0].options[0].count == 15


def test_a_breakdown_of_fewer_than_ten_people_hides_everything() -> None:
    survey = make.make_survey()
    willing = make.choices(survey, QuestionKind.SINGLE, ["yes", "no"])
    make.many(survey, 4, {willing: "yes"}, age_band="18-24")
    make.many(survey, 3, {willing: "no"}, age_band="25-34")

    breakdown = survey_results(survey, by="age_band").breakdown

    assert breakdown is not None
    assert breakdown.total_suppressed
    assert all(c.suppressed and c.value is None for c in breakdown.questions[willing.pk])


def test_breakdown_by_organisation_and_age_band() -> None:
    survey = make.make_survey()
    willing = make.choices(survey, QuestionKind.SINGLE, ["yes", "no"])
    group = factories.OrganisationFactory.create(name="Riverside Food Bank")
    make.many(survey, 10, {willing: "yes"}, organisation=group, age_band="18-24")
    make.many(survey, 11, {willing: "no"}, age_band="25-34")

    by_group = survey_results(survey, by="organisation").breakdown
    by_age = survey_results(survey, by="age_band").breakdown

    assert by_group is not None and by_age is not None
    assert [(c.group.label, c.respondents) for c in by_group.respondents] == [
        ("Riverside Food Bank", 10),
        ("Not given", 11),
    ]
    assert [(c.group.label, c.respondents) for c in by_age.respondents] == [
        ("18-24", 10),
        ("25-34", 11),
    ]


def test_an_unknown_breakdown_is_refused() -> None:
    survey = make.make_survey()
    with pytest.raises(ValueError, match="broken down by area, age_band, organisation"):
        survey_results(survey, by="person")


def _waves() -> tuple[Survey, Survey, Any, Any, Any]:
    first = make.make_survey(is_anonymous=False)
    second = make.make_survey(is_anonymous=False, series=first)
    questions = [
        (
            make.add_question(survey, QuestionKind.SCALE, key="ons_life_satisfaction"),
            make.add_question(survey, QuestionKind.SCALE, key="ons_anxious"),
            make.frequency(survey, "recycle", "environment"),
        )
        for survey in (first, second)
    ]
    return first, second, questions[0], questions[1], factories.UserFactory


def test_change_over_time_pairs_people_who_answered_twice() -> None:
    first, second, before, after, user_factory = _waves()
    earlier = timezone.now() - datetime.timedelta(days=90)
    # (life satisfaction, anxiety, recycling) before and after, for five people.
    journeys = [
        ((5, 7, "never"), (8, 3, "often")),  # better on all three
        ((6, 4, "sometimes"), (7, 4, "sometimes")),
        ((9, 2, "often"), (6, 6, "never")),  # worse on all three
        ((4, 8, "never"), (6, 5, "sometimes")),
        ((3, 5, "never"), None),  # answered once: left out
    ]
    for before_answers, after_answers in journeys:
        person = user_factory()
        make.respond(
            first,
            dict(zip(before, before_answers, strict=True)),
            person=person,
            submitted_at=earlier,
        )
        if after_answers:
            make.respond(second, dict(zip(after, after_answers, strict=True)), person=person)
    make.respond(second, dict(zip(after, (10, 0, "often"), strict=True)), person=user_factory())

    change = {row.key: row.change for row in survey_results(second).change}

    life = change["ons_life_satisfaction"]
    assert (life.pairs, life.improved, life.same, life.worsened) == (4, 3, 0, 1)
    assert life.improved_shown == 75
    assert life.mean_change.estimate == pytest.approx((3 + 1 - 3 + 2) / 4)
    anxiety = change["ons_anxious"]
    assert anxiety.direction is stats.Direction.LOWER_IS_BETTER
    assert (anxiety.improved, anxiety.same, anxiety.worsened) == (2, 1, 1)
    assert anxiety.mean_improvement == pytest.approx((4 + 0 - 4 + 3) / 4)
    recycle = change["recycle"]
    assert (recycle.improved, recycle.same, recycle.worsened) == (2, 1, 1)
    assert survey_results(first).change == []


def test_an_anonymous_survey_has_no_change_over_time() -> None:
    survey = make.make_survey()
    make.respond(survey, {make.add_question(survey, QuestionKind.SCALE, key="x"): 3})
    assert survey_results(survey).change == []


def test_text_answers_are_counted_not_shown() -> None:
    survey = make.make_survey()
    said = make.add_question(survey, QuestionKind.LONG_TEXT, key="anything_else")
    make.many(survey, 2, {said: "More benches, please"})

    question = survey_results(survey).questions[0]

    assert question.text_answers == 2
    assert question.options == []


def _big_survey(questions: int, responses: int = 12) -> Survey:
    survey = make.make_survey()
    made = []
    for i in range(questions):
        made += [
            make.frequency(survey, f"f{i}", f"domain {i % 2}"),
            make.choices(survey, QuestionKind.MULTIPLE, ["a", "b"], key=f"m{i}"),
            make.add_question(survey, QuestionKind.SCALE, key=f"s{i}"),
        ]
    area = factories.AreaFactory()
    answers: dict[Any, Any] = {}
    for question in made:
        if question.kind == QuestionKind.FREQUENCY:
            answers[question] = "often"
        elif question.kind == QuestionKind.MULTIPLE:
            answers[question] = ["a", "b"]
        else:
            answers[question] = 6
    make.many(survey, responses, answers, area=area)
    return survey


def _queries(survey: Survey, by: str | None) -> int:
    fresh = Survey.objects.get(pk=survey.pk)
    with CaptureQueriesContext(connection) as captured:
        survey_results(fresh, by=by)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_the_questions_or_the_responses() -> None:
    small, large, busy = _big_survey(1), _big_survey(6), _big_survey(1, responses=60)
    # Questions, options and translations (4), then the four running totals (+1 to name
    # the areas of a breakdown).
    assert _queries(small, None) == _queries(large, None) == _queries(busy, None) == 8
    assert _queries(small, "area") == _queries(large, "area") == _queries(busy, "area") == 9


def test_download_rows_carry_the_figures_and_mark_hidden_cells() -> None:
    survey, _willing, _areas = _areas_survey()
    results = survey_results(survey, by="area")

    header, rows = results_rows(results)
    assert header[:4] == ["Question", "Answer", "Count", "Per cent"]
    assert ["single question ", "Yes", 15, 30, 50, ""] in rows
    assert any(row[0] == "Index of co-production" and row[1] == "Overall" for row in rows)

    header, rows = breakdown_rows(results)
    assert header == ["Question", "Answer", "East", "North", "South", "Not given"]
    assert rows[0] == ["Respondents", "", SUPPRESSED, SUPPRESSED, 20, 15]
    assert ["single question ", "Yes", SUPPRESSED, SUPPRESSED, 0, 0] in rows
    index_rows = [row[1] for row in rows if row[0] == "Index of co-production"]
    assert "Overall" in index_rows and not any("_" in label for label in index_rows)
    assert breakdown_rows(survey_results(survey)) == ([], [])


@pytest.mark.parametrize(
    ("domain", "words"),
    [("", "Overall"), ("crime_prevention", "Crime prevention"), ("health", "Health")],
)
def test_index_domains_are_named_in_words_in_downloads_and_the_breakdown(
    domain: str, words: str
) -> None:
    assert domain_label(domain) == words
