"""The totals a survey's results are made from, and how to count them from the answers.

Results need, per respondent group ("users"/"staff") and breakdown cell:

- the submitted responses;
- the answers per question and (option, number, rank);
- for questions that take several answers (choose any, put in order), the people who
  answered them;
- for the index of co-production, per domain ("" for every frequency question): how many
  respondents answered how many scored questions with what sum of scores. A respondent's
  0-100 score follows from that pair, so n, Σx and Σx² do too.

The page reads these from running totals kept as responses are submitted
(`surveys.tallies`). The grouped queries here count them again from every answer: they are
the check on the running totals and what rebuilds them. They count every breakdown at once,
grouping by all three breakdown columns and adding up the cells of each in Python.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count

from coproduce.surveys import stats
from coproduce.surveys.models import Answer, Option, Question, QuestionKind, Response, Survey

BREAKDOWNS: tuple[str, ...] = ("area", "age_band", "organisation")
EVERYONE = ""  # the breakdown with one cell, "", for the figures over everyone
ALL_BREAKDOWNS: tuple[str, ...] = (EVERYONE, *BREAKDOWNS)
CELL_COLUMNS = {"area": "area_id", "age_band": "age_band", "organisation": "organisation_id"}
OVERALL = ""  # the domain key of the overall index
DISTINCT_KINDS = frozenset({QuestionKind.MULTIPLE, QuestionKind.RANKING})

CellKey = tuple[str, str]  # (respondent group, breakdown cell)
AnswerKey = tuple[int | None, int | None, int | None]  # (option, number, rank)
Tally = Counter[AnswerKey]  # answers per (option, number, rank)
ScoreKey = tuple[int, int]  # (scored questions answered, sum of their scores)
Scores = Counter[ScoreKey]  # respondents per (answered, score)


@dataclass
class Totals:
    """Everything the results of one breakdown are made from, keyed by (group, cell)."""

    respondents: dict[CellKey, int] = field(default_factory=dict)
    answers: dict[CellKey, dict[int, Tally]] = field(default_factory=dict)
    distinct: dict[CellKey, dict[int, int]] = field(default_factory=dict)
    scores: dict[CellKey, dict[str, Scores]] = field(default_factory=dict)


def cell_value(value: Any) -> str:
    """A breakdown cell as the results key it: "" for not given, ids as text."""
    return "" if value is None else str(value)


def cells_of(group: str, values: Sequence[Any]) -> dict[str, CellKey]:
    """The (group, cell) of one response in each breakdown, from its area, age band and
    organisation (in the order of BREAKDOWNS)."""
    found = {EVERYONE: (group, "")}
    for by, value in zip(BREAKDOWNS, values, strict=True):
        found[by] = (group, cell_value(value))
    return found


def index_domains(questions: Iterable[Question]) -> dict[int, list[str]]:
    """The index domains each frequency question counts in: overall, and its own if any."""
    return {
        q.pk: [OVERALL, *([q.domain] if q.domain else [])]
        for q in questions
        if q.kind == QuestionKind.FREQUENCY
    }


def respondent_moments(scores: Mapping[ScoreKey, int]) -> stats.Moments:
    """n, Σx and Σx² of respondents' 0-100 scores (see `stats.respondent_score`), added up in
    a fixed order so that the same counts always give the same figures."""
    low, high = stats.index.LOWEST, stats.index.HIGHEST
    n, total, total_sq = 0, 0.0, 0.0
    for (answered, score), count in sorted(scores.items()):
        if count <= 0 or answered <= 0:
            continue
        x = 100.0 * (score - low * answered) / ((high - low) * answered)
        n += count
        total += count * x
        total_sq += count * x * x
    return stats.Moments(n, total, total_sq) if n else stats.Moments()


# ---------------------------------------------------------------- counted from the answers


def answer_totals(survey: Survey, questions: Sequence[Question]) -> dict[str, Totals]:
    """Every breakdown's totals counted from the submitted answers (four grouped queries)."""
    found = {by: Totals() for by in ALL_BREAKDOWNS}
    _count_respondents(survey, found)
    _count_answers(survey, found)
    _count_distinct(survey, [q.pk for q in questions if q.kind in DISTINCT_KINDS], found)
    _count_scores(survey, questions, found)
    return found


def _cells(prefix: str = "") -> list[str]:
    return [f"{prefix}{column}" for column in CELL_COLUMNS.values()]


def _count_respondents(survey: Survey, found: Mapping[str, Totals]) -> None:
    rows = (
        Response.objects.filter(survey=survey, submitted_at__isnull=False)
        .values_list("respondent_group", *_cells())
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        for by, key in cells_of(row[0], row[1:4]).items():
            people = found[by].respondents
            people[key] = people.get(key, 0) + row[-1]


def _count_answers(survey: Survey, found: Mapping[str, Totals]) -> None:
    """Every answer counted by question, option, number and rank, group and cells."""
    rows = (
        Answer.objects.filter(response__survey=survey, response__submitted_at__isnull=False)
        .values_list(
            "question_id",
            "option_id",
            "number",
            "rank",
            "response__respondent_group",
            *_cells("response__"),
        )
        .annotate(n=Count("id"))
        .order_by()
    )
    nested: dict[str, dict[CellKey, dict[int, Tally]]] = {
        by: defaultdict(lambda: defaultdict(Counter)) for by in ALL_BREAKDOWNS
    }
    for row in rows:
        for by, key in cells_of(row[4], row[5:8]).items():
            nested[by][key][row[0]][(row[1], row[2], row[3])] += row[-1]
    for by, tallies in nested.items():
        found[by].answers = {key: dict(per_question) for key, per_question in tallies.items()}


def _count_distinct(survey: Survey, question_ids: list[int], found: Mapping[str, Totals]) -> None:
    """Respondents per question where one response has several answers. A response lies in
    one cell of every breakdown, so the distinct counts of the cells add up."""
    if not question_ids:
        return
    rows = (
        Answer.objects.filter(
            response__survey=survey,
            response__submitted_at__isnull=False,
            question_id__in=question_ids,
        )
        .values_list("question_id", "response__respondent_group", *_cells("response__"))
        .annotate(n=Count("response_id", distinct=True))
        .order_by()
    )
    for row in rows:
        for by, key in cells_of(row[1], row[2:5]).items():
            mine = found[by].distinct.setdefault(key, {})
            mine[row[0]] = mine.get(row[0], 0) + row[-1]


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def _count_scores(
    survey: Survey, questions: Sequence[Question], found: Mapping[str, Totals]
) -> None:
    """Respondents per (domain, scored questions answered, sum of scores).

    The inner query adds up each response's scores and scored answers per domain with CASE
    (one row per response, before any join); the outer counts responses per combination
    of those sums, group and cells; Python then counts each domain on its own.
    """
    domains_of = index_domains(questions)
    if not domains_of:
        return
    domains = sorted({d for found_domains in domains_of.values() for d in found_domains})
    sums = []
    for i, domain in enumerate(domains):
        members = sorted(pk for pk, mine in domains_of.items() if domain in mine)
        listed = ", ".join(str(pk) for pk in members)  # primary keys: integers only
        sums.append(
            f"SUM(CASE WHEN a.question_id IN ({listed}) THEN o.score END) AS s{i}, "
            f"COUNT(CASE WHEN a.question_id IN ({listed}) THEN 1 END) AS c{i}"
        )
    pairs = ", ".join(f"s{i}, c{i}" for i in range(len(domains)))
    cells = ", ".join(f"r.{_quote(column)}" for column in CELL_COLUMNS.values())
    answer, option, response = (
        _quote(Answer._meta.db_table),
        _quote(Option._meta.db_table),
        _quote(Response._meta.db_table),
    )
    sql = f"""
        SELECT r.respondent_group, {cells}, {pairs}, COUNT(*)
        FROM (
            SELECT a.response_id, {", ".join(sums)}
            FROM {answer} a JOIN {option} o ON o.id = a.option_id
            WHERE a.question_id IN ({", ".join(str(pk) for pk in sorted(domains_of))})
              AND o.score IS NOT NULL
            GROUP BY a.response_id
        ) per_response
        JOIN {response} r ON r.id = per_response.response_id
        WHERE r.survey_id = %s AND r.submitted_at IS NOT NULL
        GROUP BY r.respondent_group, {cells}, {pairs}
    """  # noqa: S608 - only integers and quoted table names are put into the text
    with connection.cursor() as cursor:
        cursor.execute(sql, [survey.pk])
        rows = cursor.fetchall()
    for row in rows:
        keys = cells_of(row[0], row[1:4])
        for i, domain in enumerate(domains):
            score, answered = row[4 + 2 * i], int(row[5 + 2 * i] or 0)
            if answered:
                for by, key in keys.items():
                    mine = found[by].scores.setdefault(key, {}).setdefault(domain, Counter())
                    mine[(answered, int(score))] += row[-1]
