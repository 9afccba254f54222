"""The results of a survey: every figure the results pages, downloads and API show.

Python only combines totals. A survey's results take a fixed number of queries however many
questions it has and however many people answered:

1. its questions, options and their translations (four queries);
2. its running totals for the breakdown asked for (`surveys.tallies`, four queries, a few
   thousand rows): submitted responses, answers per (question, option, number, rank),
   respondents to questions that take several answers, and the counts behind the index of
   co-production, each per respondent group and breakdown cell. Choice shares, 0-10
   distributions, number summaries, rankings, the number of free-text answers and the
   index per domain and overall all come from them;
3. for a repeat of an earlier survey, the earlier surveys of the series (one query each) and
   one query pairing each person's answers with their first earlier answer to the same key.

Everything is counted per respondent group ("users"/"staff") and per breakdown cell, so the
overall figures, the perception gap and the breakdown are sums of the same rows. The same
totals counted from every answer (`surveys.totals`, `from_answers=True`) are the check on
the running totals. The statistics themselves are in `coproduce.surveys.stats`. Only
submitted responses count.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Literal, TypeVar

from django.db import connection
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from coproduce.organisations.models import Organisation
from coproduce.places.models import Area
from coproduce.surveys import stats, tallies
from coproduce.surveys.models import (
    Answer,
    Option,
    Question,
    QuestionKind,
    Response,
    Survey,
)
from coproduce.surveys.totals import (
    BREAKDOWNS,
    DISTINCT_KINDS,
    OVERALL,
    CellKey,
    Scores,
    Tally,
    Totals,
    answer_totals,
    index_domains,
    respondent_moments,
)

Breakdown = Literal["area", "age_band", "organisation"]
USERS, STAFF = Response.Group.USERS.value, Response.Group.STAFF.value
SERIES_LIMIT = 50  # a repeat of a repeat of ...: far more waves than any real series

_DISTINCT_KINDS = DISTINCT_KINDS
_SUMMED_KINDS = frozenset({QuestionKind.SINGLE, QuestionKind.FREQUENCY, QuestionKind.AGREEMENT})
_NUMBER_KINDS = frozenset({QuestionKind.SCALE, QuestionKind.NUMBER})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})
_PAIRED_KINDS = _SUMMED_KINDS | _NUMBER_KINDS

T = TypeVar("T")


# ---------------------------------------------------------------- what the page receives


@dataclass(frozen=True)
class OptionResult:
    option_id: int
    label: str
    value: str
    count: int
    share: stats.Share[int]


@dataclass(frozen=True)
class RankResult:
    option_id: int
    label: str
    summary: stats.RankSummary


@dataclass(frozen=True)
class NumberResult:
    """A 0-10 or number question: the mean with its interval, the range and the spread."""

    mean: stats.Interval
    minimum: int | None
    maximum: int | None
    distribution: list[stats.Share[int]]


@dataclass(frozen=True)
class GapResult:
    """The perception gap on one question: people who use the service (a) and staff (b)."""

    users: int
    staff: int
    suppressed: bool
    rows: list[stats.GapRow[int]]
    ranks: list[stats.RankGapRow[int]]


@dataclass(frozen=True)
class QuestionResult:
    question_id: int
    key: str
    kind: str
    text: str
    domain: str
    respondents: int
    options: list[OptionResult] = field(default_factory=list)
    ranks: list[RankResult] = field(default_factory=list)
    numbers: NumberResult | None = None
    text_answers: int = 0
    gap: GapResult | None = None


@dataclass(frozen=True)
class DomainIndex:
    domain: str  # OVERALL ("") for the index over every frequency question
    index: stats.IndexResult


@dataclass(frozen=True)
class Group:
    key: str  # "" for "not given"
    label: str


@dataclass(frozen=True)
class Cell(Generic[T]):
    """One breakdown cell of one figure; `value` is None when it is suppressed."""

    group: Group
    respondents: int | None
    suppressed: bool
    value: T | None


@dataclass(frozen=True)
class BreakdownResult:
    by: str
    groups: list[Group]
    respondents: list[Cell[int]]
    total_suppressed: bool
    questions: dict[int, list[Cell[QuestionResult]]]
    index: dict[str, list[Cell[stats.IndexResult]]]


@dataclass(frozen=True)
class ChangeRow:
    question_id: int
    key: str
    text: str
    change: stats.ChangeResult


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    respondents: int
    respondents_by_group: dict[str, int]
    questions: list[QuestionResult]
    index: list[DomainIndex]
    change: list[ChangeRow]
    breakdown: BreakdownResult | None
    threshold: int = stats.THRESHOLD

    @property
    def overall_index(self) -> stats.IndexResult | None:
        return next((row.index for row in self.index if row.domain == OVERALL), None)

    def question(self, question_id: int) -> QuestionResult | None:
        return next((q for q in self.questions if q.question_id == question_id), None)


# ---------------------------------------------------------------- the queries


def _questions(survey: Survey) -> list[Question]:
    options = Option.objects.order_by("position", "id").prefetch_related("translations")
    return list(
        Question.objects.filter(section__survey=survey)
        .select_related("section")
        .order_by("section__position", "section_id", "position", "id")
        .prefetch_related("translations", Prefetch("options", queryset=options))
    )


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _earlier_surveys(survey: Survey) -> list[int]:
    """The surveys this one repeats, nearest first (one query per wave, at most 50)."""
    found: list[int] = []
    current = survey.series_id
    while current is not None and current != survey.pk and current not in found:
        if len(found) >= SERIES_LIMIT:
            break
        found.append(current)
        current = Survey.objects.filter(pk=current).values_list("series_id", flat=True).first()
    return found


def _change_counts(
    survey: Survey, questions: Sequence[Question], earlier: list[int]
) -> dict[str, stats.ChangeCounts]:
    """Query 6: each person's answer here against their first earlier answer to the same key.

    A value is an option's score, or a 0-10 or number answer. A person who answered this
    survey more than once counts once, with their latest answer.
    """
    keys = sorted({q.key for q in questions if q.key and q.kind in _PAIRED_KINDS})
    if not earlier or not keys:
        return {}
    answer, option, response, question = (
        _quote(Answer._meta.db_table),
        _quote(Option._meta.db_table),
        _quote(Response._meta.db_table),
        _quote(Question._meta.db_table),
    )
    key_marks = ", ".join(["%s"] * len(keys))
    earlier_marks = ", ".join(["%s"] * len(earlier))
    sql = f"""
        SELECT key, SUM(CASE WHEN d > 0 THEN 1 ELSE 0 END), SUM(CASE WHEN d = 0 THEN 1 ELSE 0 END),
               SUM(CASE WHEN d < 0 THEN 1 ELSE 0 END), SUM(d), SUM(d * d)
        FROM (
            SELECT q.key AS key, COALESCE(o.score, a.number) - (
                SELECT COALESCE(o2.score, a2.number)
                FROM {answer} a2
                JOIN {response} r2 ON r2.id = a2.response_id
                JOIN {question} q2 ON q2.id = a2.question_id
                LEFT JOIN {option} o2 ON o2.id = a2.option_id
                WHERE r2.person_id = r.person_id AND r2.survey_id IN ({earlier_marks})
                  AND r2.submitted_at IS NOT NULL AND r2.submitted_at < r.submitted_at
                  AND q2.key = q.key AND COALESCE(o2.score, a2.number) IS NOT NULL
                ORDER BY r2.submitted_at, r2.id
                LIMIT 1
            ) AS d
            FROM {answer} a
            JOIN {response} r ON r.id = a.response_id
            JOIN {question} q ON q.id = a.question_id
            LEFT JOIN {option} o ON o.id = a.option_id
            WHERE r.survey_id = %s AND r.submitted_at IS NOT NULL AND r.person_id IS NOT NULL
              AND q.key IN ({key_marks}) AND COALESCE(o.score, a.number) IS NOT NULL
              AND r.submitted_at = (
                  SELECT MAX(r3.submitted_at) FROM {response} r3
                  WHERE r3.survey_id = r.survey_id AND r3.person_id = r.person_id
                    AND r3.submitted_at IS NOT NULL
              )
        ) pairs
        WHERE d IS NOT NULL
        GROUP BY key
    """  # noqa: S608 - only quoted table names are put into the text; values are parameters
    found: dict[str, stats.ChangeCounts] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, [*earlier, survey.pk, *keys])
        for key, up, same, down, total, total_sq in cursor.fetchall():
            found[key] = stats.ChangeCounts(
                int(up), int(same), int(down), float(total), float(total_sq)
            )
    return found


def _group_labels(by: str, keys: Iterable[str]) -> list[Group]:
    present = sorted({key for key in keys if key})
    if by == "area":
        names = dict(Area.objects.filter(pk__in=present).values_list("pk", "name"))
        groups = [Group(str(pk), name) for pk, name in sorted(names.items(), key=lambda i: i[1])]
    elif by == "organisation":
        names = dict(Organisation.objects.filter(pk__in=present).values_list("pk", "name"))
        groups = [Group(str(pk), name) for pk, name in sorted(names.items(), key=lambda i: i[1])]
    else:
        groups = [Group(band, band) for band in present]
    known = {group.key for group in groups}
    # A cell whose area or organisation has gone since still holds respondents.
    groups += [Group(key, _("Other")) for key in present if key not in known]
    if "" in set(keys):
        groups.append(Group("", _("Not given")))
    return groups


# ---------------------------------------------------------------- turning totals into figures


def _combined(
    tallies: Mapping[CellKey, Mapping[int, Tally]], cells: Iterable[CellKey]
) -> dict[int, Tally]:
    found: dict[int, Tally] = defaultdict(Counter)
    for cell in cells:
        for question_id, tally in tallies.get(cell, {}).items():
            found[question_id].update(tally)
    return found


def _summed(
    counts: Mapping[CellKey, Mapping[Any, Any]], cells: Iterable[CellKey]
) -> dict[Any, Any]:
    found: dict[Any, Any] = {}
    for cell in cells:
        for key, value in counts.get(cell, {}).items():
            found[key] = found[key] + value if key in found else value
    return found


def _option_counts(tally: Tally) -> Counter[int]:
    counts: Counter[int] = Counter()
    for (option_id, _number, _rank), n in tally.items():
        if option_id is not None:
            counts[option_id] += n
    return counts


def _rank_counts(tally: Tally) -> dict[int, dict[int, int]]:
    ranks: dict[int, dict[int, int]] = defaultdict(dict)
    for (option_id, _number, rank), n in tally.items():
        if option_id is not None and rank is not None:
            ranks[option_id][rank] = ranks[option_id].get(rank, 0) + n
    return ranks


def _question_respondents(question: Question, tally: Tally, distinct: Mapping[int, int]) -> int:
    if question.kind in _DISTINCT_KINDS:
        return int(distinct.get(question.pk, 0))
    return sum(tally.values())


def _number_result(question: Question, tally: Tally) -> NumberResult:
    values: Counter[int] = Counter()
    for (_option, number, _rank), n in tally.items():
        if number is not None:
            values[number] += n
    moments = stats.Moments(
        sum(values.values()),
        float(sum(v * n for v, n in values.items())),
        float(sum(v * v * n for v, n in values.items())),
    )
    if question.kind == QuestionKind.SCALE:
        low = 0 if question.min_value is None else question.min_value
        high = 10 if question.max_value is None else question.max_value
        scale = sorted(set(range(low, high + 1)) | set(values))
        distribution = stats.shares([(v, values.get(v, 0)) for v in scale])
    else:
        distribution = stats.shares(sorted(values.items()))
    return NumberResult(
        mean=stats.mean_interval(moments),
        minimum=min(values) if values else None,
        maximum=max(values) if values else None,
        distribution=distribution,
    )


def _question_result(
    question: Question, tally: Tally, distinct: Mapping[int, int], gap: GapResult | None = None
) -> QuestionResult:
    respondents = _question_respondents(question, tally, distinct)
    options = list(question.options.all())
    result = QuestionResult(
        question_id=question.pk,
        key=question.key,
        kind=question.kind,
        text=question.display_text,
        domain=question.domain,
        respondents=respondents,
        gap=gap,
    )
    if question.kind in TEXT_KINDS:
        return _with(result, text_answers=sum(tally.values()))
    if question.kind in _NUMBER_KINDS:
        return _with(result, numbers=_number_result(question, tally))
    if question.kind == QuestionKind.RANKING:
        ranks = _rank_counts(tally)
        firsts = [(o.pk, ranks.get(o.pk, {}).get(1, 0)) for o in options]
        return _with(
            result,
            options=_option_results(options, firsts, respondents, whole=True),
            ranks=[
                RankResult(o.pk, o.display_label, stats.gap.rank_summary(ranks.get(o.pk, {})))
                for o in options
            ],
        )
    counts = _option_counts(tally)
    pairs = [(o.pk, counts.get(o.pk, 0)) for o in options]
    whole = question.kind in _SUMMED_KINDS
    return _with(result, options=_option_results(options, pairs, respondents, whole=whole))


def _with(result: QuestionResult, **changes: Any) -> QuestionResult:
    return replace(result, **changes)


def _option_results(
    options: Sequence[Option], pairs: list[tuple[int, int]], respondents: int, *, whole: bool
) -> list[OptionResult]:
    shares = stats.shares(pairs, denominator=None if whole else respondents)
    return [
        OptionResult(o.pk, o.display_label, o.value, share.count, share)
        for o, share in zip(options, shares, strict=True)
    ]


def _gap(
    question: Question,
    tallies: Mapping[CellKey, Mapping[int, Tally]],
    distinct: Mapping[CellKey, Mapping[int, int]],
    cells: Sequence[CellKey],
) -> GapResult | None:
    """Users against staff, when both answered; hidden when either has fewer than 10."""
    if question.kind not in _SUMMED_KINDS | _DISTINCT_KINDS:
        return None
    sides = []
    for group in (USERS, STAFF):
        mine = [cell for cell in cells if cell[0] == group]
        tally = _combined(tallies, mine).get(question.pk, Counter())
        sides.append((tally, _question_respondents(question, tally, _summed(distinct, mine))))
    (tally_a, n_a), (tally_b, n_b) = sides
    if n_a == 0 or n_b == 0:
        return None
    cells_shown = stats.suppress({USERS: n_a, STAFF: n_b})
    if any(cell.suppressed for cell in cells_shown.cells):
        return GapResult(n_a, n_b, True, [], [])
    keys = [o.pk for o in question.options.all()]
    if question.kind == QuestionKind.RANKING:
        ranks = stats.rank_gap(keys, _rank_counts(tally_a), _rank_counts(tally_b))
        return GapResult(n_a, n_b, False, [], ranks)
    rows = stats.perception_gap(keys, _option_counts(tally_a), n_a, _option_counts(tally_b), n_b)
    return GapResult(n_a, n_b, False, rows, [])


def _breakdown(
    by: str, questions: Sequence[Question], totals: Totals, domains: Sequence[str]
) -> BreakdownResult:
    respondents = totals.respondents
    keys = {cell for _group, cell in respondents}
    groups = _group_labels(by, keys)
    members = {g.key: [c for c in respondents if c[1] == g.key] for g in groups}
    sizes = {g.key: sum(respondents[c] for c in members[g.key]) for g in groups}
    shown = stats.suppress([(g.key, sizes[g.key]) for g in groups])
    people = [
        Cell(g, cell.shown_respondents, cell.suppressed, cell.shown_respondents)
        for g, cell in zip(groups, shown.cells, strict=True)
    ]
    by_question: dict[int, list[Cell[QuestionResult]]] = {}
    for question in questions:
        results = {
            g.key: _question_result(
                question,
                _combined(totals.answers, members[g.key]).get(question.pk, Counter()),
                _summed(totals.distinct, members[g.key]),
            )
            for g in groups
        }
        by_question[question.pk] = _cells(groups, results, lambda r: r.respondents)
    by_domain: dict[str, list[Cell[stats.IndexResult]]] = {}
    for domain in domains:
        results_i = {g.key: _index(_summed(totals.scores, members[g.key]), domain) for g in groups}
        by_domain[domain] = _cells(groups, results_i, lambda r: r.respondents)
    return BreakdownResult(
        by=by,
        groups=groups,
        respondents=people,
        total_suppressed=shown.total_suppressed,
        questions=by_question,
        index=by_domain,
    )


def _index(scores: Mapping[str, Scores], domain: str) -> stats.IndexResult:
    return stats.coproduction_index(respondent_moments(scores.get(domain, Scores())))


def _domains(questions: Sequence[Question]) -> list[str]:
    """The index's domains, overall first; none without frequency questions."""
    found = {domain for mine in index_domains(questions).values() for domain in mine}
    return sorted(found)  # OVERALL ("") sorts first


def _cells(groups: Sequence[Group], results: Mapping[str, T], size: Any) -> list[Cell[T]]:
    """Suppress one figure's cells by that figure's own respondents (see `stats.suppression`)."""
    shown = stats.suppress([(g.key, size(results[g.key])) for g in groups])
    return [
        Cell(
            g, cell.shown_respondents, cell.suppressed, None if cell.suppressed else results[g.key]
        )
        for g, cell in zip(groups, shown.cells, strict=True)
    ]


def survey_results(
    survey: Survey, *, by: str | None = None, from_answers: bool = False
) -> SurveyResults:
    """Everything the results page of `survey` shows, with a breakdown `by` area, age band
    or organisation when asked for. Bad `by`: ValueError (the views offer only the three).

    The figures come from the running totals; `from_answers` counts them from every answer
    instead (slow on a big survey: it is the check that the running totals are right)."""
    if by is not None and by not in BREAKDOWNS:
        raise ValueError(f"Results can be broken down by {', '.join(BREAKDOWNS)}, not {by!r}.")
    questions = _questions(survey)
    if from_answers:
        totals = answer_totals(survey, questions)[by or ""]
    else:
        totals = tallies.counted_totals(survey, questions, by)
    cells = list(totals.respondents)
    everything = _combined(totals.answers, cells)
    all_distinct = _summed(totals.distinct, cells)
    question_results = [
        _question_result(
            q,
            everything.get(q.pk, Counter()),
            all_distinct,
            _gap(q, totals.answers, totals.distinct, cells),
        )
        for q in questions
    ]
    domains = _domains(questions)
    all_scores = _summed(totals.scores, cells)
    index = [DomainIndex(domain, _index(all_scores, domain)) for domain in domains]
    change = _change_rows(survey, questions)
    by_group: Counter[str] = Counter()
    for (group, _cell_key), n in totals.respondents.items():
        by_group[group] += n
    return SurveyResults(
        survey_id=survey.pk,
        respondents=sum(totals.respondents.values()),
        respondents_by_group=dict(by_group),
        questions=question_results,
        index=index,
        change=change,
        breakdown=_breakdown(by, questions, totals, domains) if by else None,
    )


def _change_rows(survey: Survey, questions: Sequence[Question]) -> list[ChangeRow]:
    if survey.is_anonymous and not survey.series_id:
        return []
    counts = _change_counts(survey, questions, _earlier_surveys(survey))
    rows = []
    seen: set[str] = set()
    for question in questions:
        if question.key in counts and question.key not in seen:
            seen.add(question.key)
            result = stats.change_over_time(counts[question.key], stats.direction_for(question.key))
            rows.append(ChangeRow(question.pk, question.key, question.display_text, result))
    return rows
