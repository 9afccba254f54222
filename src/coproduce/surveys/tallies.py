"""Running totals of a survey's submitted answers: added to as each response is submitted,
read by the results, checked against the answers and made again from them.

Submitted answers are never edited, so a response is counted once, in the transaction that
submits it (`count_response`). Each count is a single `INSERT ... ON CONFLICT DO UPDATE SET
n = n + excluded.n`, so people submitting at the same instant cannot lose each other's
counts; rows are written in a fixed order so that two submissions never wait on each other
in a circle. `rebuild` makes a survey's totals again from its answers with the grouped
queries of `surveys.totals`, and `disagreements` says where the two differ.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, transaction

from coproduce.surveys.models import (
    NUMBER_KINDS,
    Answer,
    AnswerCount,
    IndexScoreCount,
    Question,
    QuestionKind,
    QuestionRespondentCount,
    Response,
    ResponseCount,
    RunningTotal,
    Survey,
)
from coproduce.surveys.totals import (
    DISTINCT_KINDS,
    CellKey,
    Scores,
    Tally,
    Totals,
    answer_totals,
    cells_of,
)

RowKey = tuple[Any, ...]
Rows = dict[type[RunningTotal], dict[RowKey, int]]

# Each table's key, after the survey, in the order of its unique constraint.
KEYS: dict[type[RunningTotal], tuple[str, ...]] = {
    ResponseCount: ("breakdown", "respondent_group", "cell"),
    AnswerCount: (
        "breakdown",
        "question_id",
        "option_id",
        "number",
        "rank",
        "respondent_group",
        "cell",
    ),
    QuestionRespondentCount: ("breakdown", "question_id", "respondent_group", "cell"),
    IndexScoreCount: ("breakdown", "domain", "answered", "score", "respondent_group", "cell"),
}
BATCH = 500  # rows a statement: well under SQLite's limit on parameters


# ---------------------------------------------------------------- totals as table rows


def rows_of(totals: Mapping[str, Totals]) -> Rows:
    """The table rows holding each breakdown's totals. Empty option, number and rank are 0
    in the tables, so that their unique keys hold no NULL."""
    rows: Rows = {model: defaultdict(int) for model in KEYS}
    for by, found in totals.items():
        for (group, cell), n in found.respondents.items():
            rows[ResponseCount][(by, group, cell)] += n
        for (group, cell), per_question in found.answers.items():
            _answer_rows(rows[AnswerCount], (by, group, cell), per_question)
        for (group, cell), distinct in found.distinct.items():
            for question_id, n in distinct.items():
                rows[QuestionRespondentCount][(by, question_id, group, cell)] += n
        for (group, cell), per_domain in found.scores.items():
            for domain, scores in per_domain.items():
                for (answered, score), n in scores.items():
                    rows[IndexScoreCount][(by, domain, answered, score, group, cell)] += n
    return {model: {key: n for key, n in found.items() if n} for model, found in rows.items()}


def _answer_rows(
    rows: dict[RowKey, int], where: tuple[str, str, str], per_question: Mapping[int, Tally]
) -> None:
    by, group, cell = where
    for question_id, tally in per_question.items():
        for (option, number, rank), n in tally.items():
            rows[(by, question_id, option or 0, number or 0, rank or 0, group, cell)] += n


# ---------------------------------------------------------------- adding a response


def count_response(response: Response) -> None:
    """Add a response, just submitted, to its survey's totals: one query to read its answers
    and one statement a table. Call it inside the transaction that submits the response."""
    _share_survey(response.survey_id)
    answers = Answer.objects.filter(response=response).values_list(
        "question_id", "question__kind", "question__domain", "option_id", "number", "rank",
        "option__score",
    )  # fmt: skip
    mine = _response_totals(response, list(answers))
    for model, rows in rows_of(mine).items():
        _add(model, response.survey_id, rows)


def _share_survey(survey_id: int) -> None:
    """Hold the survey row FOR SHARE until commit, so that a rebuild (which holds it FOR
    UPDATE) never runs half before and half after a submission. Submissions do not wait on
    each other. SQLite writes one transaction at a time anyway."""
    if connection.vendor != "postgresql":
        return
    table = connection.ops.quote_name(Survey._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR SHARE", [survey_id])  # noqa: S608


def _response_totals(response: Response, answers: Sequence[tuple[Any, ...]]) -> dict[str, Totals]:
    """One response's totals in each breakdown, counted as `surveys.totals` counts them."""
    tally: dict[int, Tally] = defaultdict(Counter)
    several: set[int] = set()
    sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # domain -> [answered, score]
    for question_id, kind, domain, option_id, number, rank, score in answers:
        tally[question_id][(option_id, number, rank)] += 1
        if kind in DISTINCT_KINDS:
            several.add(question_id)
        if kind == QuestionKind.FREQUENCY and score is not None:
            for key in ("", *([domain] if domain else [])):
                sums[key][0] += 1
                sums[key][1] += score
    scores = {domain: Counter({(answered, score): 1}) for domain, (answered, score) in sums.items()}
    cells = cells_of(
        response.respondent_group,
        [response.area_id, response.age_band, response.organisation_id],
    )
    return {
        by: Totals(
            respondents={key: 1},
            answers={key: dict(tally)} if tally else {},
            distinct={key: dict.fromkeys(sorted(several), 1)} if several else {},
            scores={key: scores} if scores else {},
        )
        for by, key in cells.items()
    }


def _add(model: type[RunningTotal], survey_id: int, rows: Mapping[RowKey, int]) -> None:
    """Add `rows` to the table's counts, making the rows that are not there yet."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ["survey_id", *KEYS[model]]
    columns = [quote(name) for name in names]  # each key's attribute is its column's name
    ordered = sorted(rows.items())  # the same order in every transaction: no deadlocks
    for start in range(0, len(ordered), BATCH):
        batch = ordered[start : start + BATCH]
        marks = ", ".join(["(" + ", ".join(["%s"] * (len(names) + 1)) + ")"] * len(batch))
        params = [value for key, n in batch for value in (survey_id, *key, n)]
        sql = (
            f"INSERT INTO {table} ({', '.join(columns)}, n) VALUES {marks} "  # noqa: S608
            f"ON CONFLICT ({', '.join(columns)}) DO UPDATE SET n = {table}.n + excluded.n"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)


# ---------------------------------------------------------------- reading


def counted_totals(survey: Survey, questions: Sequence[Question], by: str | None) -> Totals:
    """One breakdown's totals from the running totals: four reads of a few thousand rows."""
    breakdown = by or ""
    numbers = {q.pk for q in questions if q.kind in NUMBER_KINDS}
    found = Totals()
    for group, cell, n in _read(ResponseCount, survey, breakdown):
        found.respondents[(group, cell)] = n
    answers: dict[CellKey, dict[int, Tally]] = defaultdict(lambda: defaultdict(Counter))
    rows = _read(AnswerCount, survey, breakdown)
    for question_id, option, number, rank, group, cell, n in rows:
        key = (option or None, number if question_id in numbers else None, rank or None)
        answers[(group, cell)][question_id][key] += n
    found.answers = {key: dict(per_question) for key, per_question in answers.items()}
    for question_id, group, cell, n in _read(QuestionRespondentCount, survey, breakdown):
        found.distinct.setdefault((group, cell), {})[question_id] = n
    for domain, answered, score, group, cell, n in _read(IndexScoreCount, survey, breakdown):
        per_domain = found.scores.setdefault((group, cell), {})
        per_domain.setdefault(domain, Scores())[(answered, score)] = n
    return found


def _read(model: type[RunningTotal], survey: Survey, breakdown: str) -> Iterable[Any]:
    return model._default_manager.filter(survey=survey, breakdown=breakdown).values_list(
        *KEYS[model][1:], "n"
    )


# ---------------------------------------------------------------- checking and mending


def _questions(survey: Survey) -> list[Question]:
    return list(Question.objects.filter(section__survey=survey))


def expected_rows(survey: Survey) -> Rows:
    """The rows the running totals should hold, counted from the submitted answers."""
    return rows_of(answer_totals(survey, _questions(survey)))


def stored_rows(survey: Survey) -> Rows:
    return {
        model: {
            tuple(row[:-1]): row[-1]
            for row in model._default_manager.filter(survey=survey).values_list(*KEYS[model], "n")
            if row[-1]
        }
        for model in KEYS
    }


def disagreements(survey: Survey) -> list[str]:
    """Where the running totals differ from the answers, one line a table (empty: none)."""
    expected, stored = expected_rows(survey), stored_rows(survey)
    problems = []
    for model in KEYS:
        want, have = expected[model], stored[model]
        wrong = sorted(key for key in set(want) | set(have) if want.get(key) != have.get(key))
        if wrong:
            first = wrong[0]
            problems.append(
                f"{model._meta.model_name}: {len(wrong)} row(s) differ, the first "
                f"{dict(zip(KEYS[model], first, strict=True))} counts {have.get(first, 0)} "
                f"where the answers give {want.get(first, 0)}"
            )
    return problems


def rebuild(survey: Survey) -> int:
    """Make a survey's running totals again from its answers; returns the rows written.

    Holds the survey row FOR UPDATE, so submissions wait until the new totals are in."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        expected = expected_rows(survey)
        written = 0
        for model, rows in expected.items():
            model._default_manager.filter(survey=survey).delete()
            made = [
                model(survey_id=survey.pk, n=n, **dict(zip(KEYS[model], key, strict=True)))
                for key, n in sorted(rows.items())
            ]
            model._default_manager.bulk_create(made, batch_size=BATCH)
            written += len(made)
        return written
