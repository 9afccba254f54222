"""Survey results made ready for a page, a download or the API.

The figures come from `results.survey_results` (aggregate queries, suppression of small
cells); this module only adds labels, charts and rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from coproduce.delivery import impact
from coproduce.surveys import result_rows
from coproduce.surveys.results import QuestionResult, SurveyResults, survey_results

WILLINGNESS_KEY = "willingness"


@dataclass(frozen=True)
class GapLine:
    label: str
    users: str
    staff: str
    difference: str


@dataclass
class QuestionView:
    result: QuestionResult
    chart: impact.Chart | None = None
    gap: list[GapLine] = field(default_factory=list)
    gap_suppressed: bool = False

    @property
    def key(self) -> str:
        return f"q{self.result.question_id}"

    @property
    def is_text(self) -> bool:
        return self.result.kind in ("short_text", "long_text")


@dataclass(frozen=True)
class IndexLine:
    label: str
    value: str
    low: str
    high: str
    respondents: int


@dataclass
class ResultsPage:
    results: SurveyResults
    questions: list[QuestionView]
    index: list[IndexLine]
    willingness: QuestionView | None
    breakdown_header: list[str]
    breakdown_rows: list[list[Any]]

    @property
    def respondents(self) -> int:
        return self.results.respondents


def _figure(value: float | Decimal | None, places: int = 0) -> str:
    if value is None:
        return ""
    return f"{float(value):.{places}f}"


def _chart(result: QuestionResult) -> impact.Chart | None:
    if result.options and not result.ranks:
        return impact.bar_chart([(option.label, option.count) for option in result.options])
    if result.numbers is not None and result.numbers.distribution:
        return impact.bar_chart(
            [(str(share.key), share.count) for share in result.numbers.distribution]
        )
    return None


def _gap(result: QuestionResult) -> tuple[list[GapLine], bool]:
    gap = result.gap
    if gap is None:
        return [], False
    if gap.suppressed:
        return [], True
    labels = {option.option_id: option.label for option in result.options}
    labels.update({rank.option_id: rank.label for rank in result.ranks})
    lines = [
        GapLine(
            labels.get(row.key, ""),
            f"{row.a.shown}%",
            f"{row.b.shown}%",
            f"{row.difference_shown:+}" if row.difference_shown is not None else "",
        )
        for row in gap.rows
    ]
    lines += [
        GapLine(
            labels.get(row.key, ""),
            _figure(row.a.mean_rank, 1),
            _figure(row.b.mean_rank, 1),
            f"{row.difference:+.1f}" if row.difference is not None else "",
        )
        for row in gap.ranks
    ]
    return lines, False


def _view(result: QuestionResult) -> QuestionView:
    gap, hidden = _gap(result)
    return QuestionView(result=result, chart=_chart(result), gap=gap, gap_suppressed=hidden)


def results_for(survey: Any, *, by: str | None = None) -> ResultsPage:
    found = survey_results(survey, by=by)
    views = [_view(result) for result in found.questions]
    header, rows = result_rows.breakdown_rows(found)
    return ResultsPage(
        results=found,
        questions=views,
        index=[
            IndexLine(
                result_rows.domain_label(row.domain),
                _figure(row.index.value),
                _figure(row.index.low),
                _figure(row.index.high),
                row.index.respondents,
            )
            for row in found.index
        ],
        willingness=next((v for v in views if v.result.key == WILLINGNESS_KEY), None),
        breakdown_header=header,
        breakdown_rows=rows,
    )


def download_rows(page: ResultsPage) -> Iterator[list[Any]]:
    """The results, then the breakdown if there is one, as rows for CSV and XLSX."""
    header, rows = result_rows.results_rows(page.results)
    yield header
    yield from rows
    if page.breakdown_header:
        yield []
        yield page.breakdown_header
        yield from page.breakdown_rows
