"""Trends in feedback for staff, as charts with tables, and as CSV or XLSX."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coproduce.feedback import charts, reports, selectors
from coproduce.feedback.forms import TrendsForm
from coproduce.feedback.models import Feedback

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _scope(request: HttpRequest) -> tuple[TrendsForm, reports.TrendScope]:
    if not request.user.has_perm("feedback.view_dashboard"):
        raise PermissionDenied
    services_list = list(selectors.visible_services(request.user))
    form = TrendsForm(request.GET or None, services=services_list)
    form.is_valid()
    values = getattr(form, "cleaned_data", {})
    scope = reports.TrendScope(
        service=next((s for s in services_list if s.slug == values.get("service")), None),
        start=values.get("start"),
        end=values.get("end"),
    )
    return form, scope


def _month(label: str) -> str:
    if not label:
        return _("Not known")
    year, month = (int(part) for part in label.split("-"))
    return date_format(datetime.date(year, month, 1), "F Y")


def _plain(label: str) -> str:
    return label or _("Not known")


def _kind(label: str) -> str:
    return str(Feedback.Kind(label).label) if label in Feedback.Kind.values else _plain(label)


def percent(share: float | None) -> str:
    return f"{round(share * 100)}%" if share is not None else "-"


def one_decimal(value: float | None) -> str:
    return f"{value:.1f}" if value is not None else "-"


def _rows(lines: list[reports.Line], name: Callable[[str], str]) -> list[dict[str, Any]]:
    return [
        {
            "label": name(line.label),
            "received": line.received,
            "answered": line.answered,
            "average_days": one_decimal(line.average_days),
            "in_time": percent(line.share_in_time),
            "average_rating": one_decimal(line.average_rating),
            "satisfied": percent(line.share_satisfied),
        }
        for line in lines
    ]


def _sections(trends: reports.Trends) -> list[tuple[str, str, str, list[reports.Line], Any]]:
    return [
        ("month", _("Feedback by month"), _("Month"), trends.by_month, _month),
        ("theme", _("Feedback by theme"), _("Theme"), trends.by_theme, _plain),
        ("service", _("Feedback by service"), _("Service"), trends.by_service, _plain),
        ("area", _("Feedback by area"), _("Area"), trends.by_area, _plain),
        ("kind", _("Feedback by kind"), _("Kind"), trends.by_kind, _kind),
    ]


@login_required
@require_GET
def trends(request: HttpRequest) -> HttpResponse:
    form, scope = _scope(request)
    found = reports.trends_of(request.user, scope)
    total = found.total
    sections = [
        {
            "key": key,
            "title": title,
            "column": column,
            "rows": _rows(lines, name),
            "chart": charts.bar_chart(
                [(name(line.label), float(line.received), str(line.received)) for line in lines]
            ),
        }
        for key, title, column, lines, name in _sections(found)
    ]
    speed = charts.bar_chart(
        [
            (_plain(line.label), line.average_days or 0.0, one_decimal(line.average_days))
            for line in found.by_service
        ]
    )
    context = {
        "form": form,
        "total": total,
        "in_time": percent(total.share_in_time),
        "average_days": one_decimal(total.average_days),
        "average_rating": one_decimal(total.average_rating),
        "satisfied": percent(total.share_satisfied),
        "sections": sections,
        "speed": speed,
        "speed_rows": _rows(found.by_service, _plain),
        "query": request.GET.urlencode(),
    }
    return render(request, "feedback/trends.html", context)


def _report_rows(found: reports.Trends) -> Iterator[list[Any]]:
    yield [
        _("Section"),
        _("What"),
        _("Received"),
        _("Answered"),
        _("Average working days to answer"),
        _("Answered in time"),
        _("Average rating (1 to 5)"),
        _("Happy with the answer"),
    ]
    sections = [(_("All feedback"), [found.total], lambda _label: _("All"))]
    sections += [(title, lines, name) for _k, title, _c, lines, name in _sections(found)]
    for title, lines, name in sections:
        for row in _rows(lines, name):
            yield [
                title,
                row["label"],
                row["received"],
                row["answered"],
                row["average_days"],
                row["in_time"],
                row["average_rating"],
                row["satisfied"],
            ]


def _text(value: Any) -> Any:
    """A name a spreadsheet would run as a formula is kept as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@login_required
@require_GET
def trends_csv(request: HttpRequest) -> HttpResponse:
    _form, scope = _scope(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _report_rows(reports.trends_of(request.user, scope)):
        writer.writerow([_text(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="feedback-trends.csv"'
    return response


def _number(value: Any) -> Any:
    if isinstance(value, str):
        if value.endswith("%") and value[:-1].isdigit():
            return int(value[:-1]) / 100
        try:
            return float(value)
        except ValueError:
            return _text(value)
    return value


@login_required
@require_GET
def trends_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    _form, scope = _scope(request)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Feedback trends")[:31]
    for row in _report_rows(reports.trends_of(request.user, scope)):
        sheet.append([_number(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="feedback-trends.xlsx"'
    return response
