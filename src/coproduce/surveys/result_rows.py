"""Survey results as rows for a CSV or XLSX download: the overall figures and the breakdown,
with every suppressed cell shown as such rather than as a number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from coproduce.surveys.forms import DOMAINS
from coproduce.surveys.results import TEXT_KINDS, Cell, SurveyResults

SUPPRESSED = "suppressed"  # what a download shows instead of a hidden figure


def domain_label(domain: str) -> str:
    """A domain of the index in words ("Crime prevention"); the empty domain is the overall
    index."""
    if not domain:
        return _("Overall")
    return str(dict(DOMAINS).get(domain, domain.replace("_", " ").capitalize()))


def _figure(value: float | Decimal | None, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def results_rows(results: SurveyResults) -> tuple[list[str], list[list[Any]]]:
    """One row per option, value or figure, for a CSV or XLSX download of the results."""
    header = [
        _("Question"),
        _("Answer"),
        _("Count"),
        _("Per cent"),
        _("Respondents"),
        _("Note"),
    ]
    rows: list[list[Any]] = []
    for q in results.questions:
        note = "" if not q.options or q.options[0].share.adds_up else _("of respondents")
        for option in q.options:
            shown = option.share.shown
            rows.append([q.text, option.label, option.count, shown, q.respondents, note])
        for rank in q.ranks:
            mean = _figure(rank.summary.mean_rank, 2)
            rows.append(
                [
                    q.text,
                    rank.label,
                    rank.summary.respondents,
                    None,
                    q.respondents,
                    _("mean rank %(rank)s") % {"rank": mean},
                ]
            )
        if q.numbers is not None:
            rows.extend(
                [q.text, share.key, share.count, share.shown, q.respondents, ""]
                for share in q.numbers.distribution
            )
            rows.append(
                [q.text, _("mean"), None, None, q.respondents, _figure(q.numbers.mean.estimate, 2)]
            )
        if q.kind in TEXT_KINDS:
            rows.append([q.text, _("written answers"), q.text_answers, None, q.respondents, ""])
    for row in results.index:
        label = domain_label(row.domain)
        rows.append(
            [
                _("Index of co-production"),
                label,
                None,
                _figure(row.index.value),
                row.index.respondents,
                _("95%% interval %(low)s to %(high)s")
                % {"low": _figure(row.index.low), "high": _figure(row.index.high)},
            ]
        )
    for change in results.change:
        c = change.change
        for label, count, shown in (
            (_("improved"), c.improved, c.improved_shown),
            (_("stayed the same"), c.same, c.same_shown),
            (_("worsened"), c.worsened, c.worsened_shown),
        ):
            rows.append([change.text, label, count, shown, c.pairs, _("answered twice")])
    return header, rows


def breakdown_rows(results: SurveyResults) -> tuple[list[str], list[list[Any]]]:
    """The breakdown as rows (question, answer, then a count per group), suppressed cells
    marked; empty when the results have no breakdown."""
    breakdown = results.breakdown
    if breakdown is None:
        return [], []
    header = [_("Question"), _("Answer"), *[g.label for g in breakdown.groups]]
    rows: list[list[Any]] = [
        [_("Respondents"), "", *[_shown(c, c.value) for c in breakdown.respondents]]
    ]
    for domain, cells in breakdown.index.items():
        rows.append(
            [
                _("Index of co-production"),
                domain_label(domain),
                *[_shown(c, _figure(c.value.value) if c.value else None) for c in cells],
            ]
        )
    for q in results.questions:
        cells_q = breakdown.questions.get(q.question_id, [])
        for position, option in enumerate(q.options):
            rows.append(
                [
                    q.text,
                    option.label,
                    *[
                        _shown(c, c.value.options[position].count if c.value else None)
                        for c in cells_q
                    ],
                ]
            )
        if q.numbers is not None:
            rows.append(
                [
                    q.text,
                    _("mean"),
                    *[
                        _shown(
                            c,
                            _figure(c.value.numbers.mean.estimate, 2)
                            if c.value and c.value.numbers
                            else None,
                        )
                        for c in cells_q
                    ],
                ]
            )
    return header, rows


def _shown(cell: Cell[Any], value: Any) -> Any:
    return SUPPRESSED if cell.suppressed else value
