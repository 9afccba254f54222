"""Pages for the skills escalator ("Your next step") and the impact of co-delivery."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from coproduce.credits.rounding import format_credits
from coproduce.delivery import escalator, impact, reports
from coproduce.delivery.forms import DateInput
from coproduce.delivery.models import Opportunity
from coproduce.organisations.models import Organisation
from coproduce.people.views import subject_of
from coproduce.places import selectors as place_selectors
from coproduce.places.models import Area

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AGE_LABELS = {
    "Under 18": gettext_lazy("Under 18"),
    "18 to 24": gettext_lazy("18 to 24"),
    "25 to 34": gettext_lazy("25 to 34"),
    "35 to 49": gettext_lazy("35 to 49"),
    "50 to 64": gettext_lazy("50 to 64"),
    "65 and over": gettext_lazy("65 and over"),
}


# --- Your next step -----------------------------------------------------------------------


@login_required
@require_GET
def next_step(request: HttpRequest) -> HttpResponse:
    person = subject_of(request)
    if not request.user.has_perm("delivery.view_hours", person):
        raise PermissionDenied
    levels = reports.escalator_levels()
    activity = reports.activity_of(person)
    progress = escalator.progress(activity, reports.rules_from(levels))
    by_code = {level.level: level for level in levels}
    current = by_code.get(progress.level.level) if progress.level else None
    next_level = by_code.get(progress.next_level.level) if progress.next_level else None
    context = {
        "activity": activity,
        "progress": progress,
        "level": current,
        "next_level": next_level,
        # At the top, more of the same: opportunities of the top level's kind.
        "opportunities": reports.opportunities_towards(person, next_level or current),
        "acting_for": getattr(request, "acting_for", None),
    }
    return render(request, "delivery/reports/next_step.html", context)


# --- Impact of co-delivery ----------------------------------------------------------------


class ImpactForm(forms.Form):
    """What the report covers. A value that is not on the list is reported and then ignored."""

    area = forms.ChoiceField(label=gettext_lazy("Area"), required=False)
    organisation = forms.ChoiceField(label=gettext_lazy("Organisation"), required=False)
    opportunity = forms.IntegerField(
        label=gettext_lazy("Opportunity number"), required=False, min_value=1, max_value=2**31 - 1
    )
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())

    def __init__(self, *args: Any, areas: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = self.fields["area"]
        organisation = self.fields["organisation"]
        assert isinstance(area, forms.ChoiceField) and isinstance(organisation, forms.ChoiceField)
        area.choices = [("", _("Every area")), *((a.slug, a.name) for a in areas)]
        organisation.choices = [
            ("", _("Every organisation")),
            *((o.slug, o.name) for o in organisations),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date must be on or after the start date."))
        return data


def _allowed(request: HttpRequest) -> frozenset[int] | None:
    allowed = reports.impact_organisations(request.user)
    if allowed is not None and not allowed:
        raise PermissionDenied
    return allowed


def scope_from(data: Any, allowed: frozenset[int] | None) -> tuple[ImpactForm, reports.Scope]:
    """The form and the scope it asks for; invalid values are dropped, never trusted."""
    organisations = Organisation.objects.filter(is_active=True).order_by("name", "id")
    if allowed is not None:
        organisations = organisations.filter(pk__in=allowed)
    form = ImpactForm(
        data,
        areas=list(place_selectors.all_areas_for_choices()),
        organisations=list(organisations),
    )
    form.is_valid()
    values = getattr(form, "cleaned_data", {})
    opportunity = None
    if values.get("opportunity"):
        opportunity = Opportunity.objects.filter(pk=values["opportunity"]).first()
        if opportunity is None:
            form.add_error("opportunity", _("There is no opportunity with that number."))
    scope = reports.Scope(
        area=Area.objects.filter(slug=values["area"]).first() if values.get("area") else None,
        organisation=(
            organisations.filter(slug=values["organisation"]).first()
            if values.get("organisation")
            else None
        ),
        opportunity=opportunity,
        start=values.get("start"),
        end=values.get("end"),
        organisation_ids=allowed,
    )
    return form, scope


def _label(name: str) -> str:
    if name == impact.NOT_KNOWN:
        return _("Not known")
    return str(AGE_LABELS.get(name, name))


def _month(label: str) -> str:
    """ "2026-03" as "March 2026", in the reader's language."""
    year, month = (int(part) for part in label.split("-"))
    return date_format(datetime.date(year, month, 1), "F Y")


def _table(lines: list[impact.Line], name: Callable[[str], str]) -> list[dict[str, Any]]:
    return [
        {"label": name(line.label), "people": line.people, "hours": impact.format_hours(line.hours)}
        for line in lines
    ]


def _chart(lines: list[impact.Line], name: Callable[[str], str]) -> impact.Chart:
    return impact.bar_chart([(name(line.label), line.hours) for line in lines])


def headline(report: reports.Report) -> str:
    return _("%(people)s people have given %(hours)s hours") % {
        "people": report.totals.people,
        "hours": report.hours_text,
    }


@login_required
@require_GET
def impact_report(request: HttpRequest) -> HttpResponse:
    form, scope = scope_from(request.GET or None, _allowed(request))
    report = reports.impact_of(scope)
    totals = report.totals
    sections = [
        ("month", _("Hours by month"), _("Month"), totals.by_month, _month),
        ("age", _("Hours by age"), _("Age"), totals.by_age, _label),
        ("area", _("Hours by area"), _("Area"), totals.by_area, _label),
    ]
    context = {
        "form": form,
        "report": report,
        "headline": headline(report),
        "credits_earned": format_credits(report.credits_earned),
        "credits_spent": format_credits(report.credits_spent),
        "spent_by_partner": [
            (name, format_credits(amount)) for name, amount in report.spent_by_partner
        ],
        "sections": [
            {
                "key": key,
                "title": title,
                "column": column,
                "rows": _table(lines, name),
                "chart": _chart(lines, name),
            }
            for key, title, column, lines, name in sections
        ],
        "query": request.GET.urlencode(),
    }
    return render(request, "delivery/reports/impact.html", context)


def _report_rows(report: reports.Report) -> Iterator[list[Any]]:
    """Every number of the report as rows: (section, label, people, hours or credits)."""
    totals = report.totals
    yield [_("Section"), _("What"), _("People"), _("Hours or credits")]
    yield [_("Headline"), headline(report), totals.people, report.hours_text]
    yield [_("People"), _("New"), totals.new_people, ""]
    yield [_("People"), _("Returning"), totals.returning_people, ""]
    for section, lines in (
        (_("By month"), totals.by_month),
        (_("By age"), totals.by_age),
        (_("By area"), totals.by_area),
    ):
        for line in lines:
            yield [section, _label(line.label), line.people, impact.format_hours(line.hours)]
    yield [_("Credits"), _("Earned"), "", format_credits(report.credits_earned)]
    yield [_("Credits"), _("Spent"), "", format_credits(report.credits_spent)]
    for name, amount in report.spent_by_partner:
        yield [_("Credits spent at"), name, "", format_credits(amount)]


@login_required
@require_GET
def impact_csv(request: HttpRequest) -> HttpResponse:
    _form, scope = scope_from(request.GET or None, _allowed(request))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _report_rows(reports.impact_of(scope)):
        writer.writerow([_text(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="impact.csv"'
    return response


@login_required
@require_GET
def impact_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    _form, scope = scope_from(request.GET or None, _allowed(request))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = _("Impact")[:31]
    for row in _report_rows(reports.impact_of(scope)):
        sheet.append([_number(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="impact.xlsx"'
    return response


def _number(value: Any) -> Any:
    """Numbers as numbers, so a spreadsheet can add them up."""
    if isinstance(value, str):
        try:
            return float(value) if "." in value else int(value)
        except ValueError:
            return _text(value)
    return value


def _text(value: Any) -> Any:
    """A name a spreadsheet would run as a formula is kept as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value
