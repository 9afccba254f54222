"""The results page and its downloads: CSV, XLSX and the anonymised ballots as a `.pb` file."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from coproduce.budgeting.models import PhaseKind, Process
from coproduce.budgeting.voting import selectors, services
from coproduce.budgeting.voting.results import Results, results_of
from coproduce.budgeting.voting.views import process_or_404
from coproduce.common.errors import ServiceError
from coproduce.people.views import actor_of

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _visible(request: HttpRequest, slug: str) -> Process:
    process = process_or_404(request, slug)
    if not request.user.has_perm("voting.view_results", process):
        raise PermissionDenied(_("The results are not published yet."))
    return process


@require_GET
def results_page(request: HttpRequest, slug: str) -> HttpResponse:
    process = _visible(request, slug)
    context = {
        "process": process,
        "results": results_of(process),
        "publication": selectors.latest_publication(process),
        "can_publish": request.user.has_perm("voting.publish_results", process),
    }
    return render(request, "voting/results.html", context)


def _rows(results: Results) -> Iterator[list[Any]]:
    yield [
        _("Project number"),
        _("Project"),
        _("Cost"),
        _("Votes"),
        _("Supporters"),
        _("Chosen"),
        _("Chosen by most votes first"),
        _("Chosen by Equal Shares"),
        _("Why"),
    ]
    for line in results.lines:
        yield [
            line.proposal.pk,
            line.proposal.title,
            int(line.proposal.cost),
            line.votes,
            line.supporters,
            _("Yes") if line.chosen else _("No"),
            _("Yes") if line.chosen_by_greedy else _("No"),
            _("Yes") if line.chosen_by_equal_shares else _("No"),
            line.reason,
        ]


def _text(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@require_GET
def results_csv(request: HttpRequest, slug: str) -> HttpResponse:
    process = _visible(request, slug)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _rows(results_of(process)):
        writer.writerow([_text(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="results-{process.slug}.csv"'
    return response


@require_GET
def results_xlsx(request: HttpRequest, slug: str) -> HttpResponse:
    from openpyxl import Workbook

    process = _visible(request, slug)
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Results")[:31]
    for row in _rows(results_of(process)):
        sheet.append([_text(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="results-{process.slug}.xlsx"'
    return response


@require_GET
def results_pb(request: HttpRequest, slug: str) -> HttpResponse:
    """The anonymised ballots, so that anyone can recount with `coproduce pb count`. Staff
    may download it earlier, with the projects alone until voting has closed."""
    process = _visible(request, slug)
    closed = process.phase in (PhaseKind.RESULTS, PhaseKind.DELIVERY)
    text = services.export_pb(process, with_ballots=closed)
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}.pb"'
    return response


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_or_404(request, slug)
    if not request.user.has_perm("voting.publish_results", process):
        raise PermissionDenied
    try:
        services.publish_results(actor=actor_of(request), process=process)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The results are published and the winners are funded."))
    return redirect("voting:results", slug=process.slug)
