"""What the scheme page shows: the change against the baseline in words, the chart, the map,
and the downloads of every observation."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from coproduce.feedback.monitoring import measure, routes, selectors
from coproduce.feedback.monitoring.models import Place, Scheme, Volunteer

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def change_text(label: str, change: measure.Change, kind: str) -> str:
    """ "vehicles over the limit: 38% → 23%, down 40%" """
    before = measure.format_value(change.before, kind)
    after = measure.format_value(change.after, kind)
    percent = change.percent
    if percent is None:
        return _("%(what)s: %(before)s → %(after)s") % {
            "what": label,
            "before": before,
            "after": after,
        }
    if round(percent) == 0:
        how = _("no change")
    elif percent < 0:
        how = _("down %(percent)s%%") % {"percent": round(-percent)}
    else:
        how = _("up %(percent)s%%") % {"percent": round(percent)}
    return _("%(what)s: %(before)s → %(after)s, %(how)s") % {
        "what": label,
        "before": before,
        "after": after,
        "how": how,
    }


def _month(value: Any) -> str:
    return date_format(value, "M Y")


def _chart(scheme: Scheme, trend: selectors.Trend) -> measure.LineChart:
    items = [(_month(m.month), m.totals.value()) for m in trend.months]
    inside = [index for index, m in enumerate(trend.months) if m.in_baseline]
    baseline = (inside[0], inside[-1]) if inside else None
    return measure.line_chart(items, scheme.measure_kind, baseline)


def _map(scheme: Scheme, trend: selectors.Trend) -> measure.Map:
    return measure.place_map(
        [
            measure.Where(
                name=row.place.name,
                latitude=float(row.place.latitude),
                longitude=float(row.place.longitude),
                radius_m=float(row.place.radius_m),
                value=measure.format_value(row.change.after, scheme.measure_kind),
                route=tuple(row.place.route_points),
            )
            for row in trend.places
        ]
    )


def where_text(place: Place) -> str:
    """Where a place is, in words: "51.462, -2.581, within 300 m", or for a route where it
    starts and ends, its points and its length."""
    if place.is_route:
        points = place.route_points
        return _(
            "a route from %(start)s to %(end)s (%(description)s), within %(radius)s m either side"
        ) % {
            "start": f"{points[0][0]}, {points[0][1]}",
            "end": f"{points[-1][0]}, {points[-1][1]}",
            "description": routes.describe(len(points), measure.route_length_m(points)),
            "radius": place.radius_m,
        }
    return _("%(latitude)s, %(longitude)s, within %(radius)s m") % {
        "latitude": place.latitude,
        "longitude": place.longitude,
        "radius": place.radius_m,
    }


def scheme_page_context(request: HttpRequest, scheme: Scheme, page: Page[Any]) -> dict[str, Any]:
    places = list(scheme.places.all())
    trend = selectors.trend_of(scheme, places)
    kind = scheme.measure_kind
    label = scheme.measure_label or _("Measure")
    user = request.user
    volunteer = (
        Volunteer.objects.filter(scheme=scheme, person=user).first()
        if user.is_authenticated
        else None
    )
    return {
        "scheme": scheme,
        "page": page,
        "trend": trend,
        "has_measure": scheme.has_measure,
        "headline": change_text(label, trend.overall, kind) if scheme.has_measure else "",
        "place_rows": [
            {
                "place": row.place,
                "where": where_text(row.place),
                "text": change_text(row.place.name, row.change, kind),
                "before": measure.format_value(row.change.before, kind),
                "after": measure.format_value(row.change.after, kind),
                "before_count": row.before_count,
                "after_count": row.after_count,
            }
            for row in trend.places
        ],
        "month_rows": [
            {
                "month": _month(m.month),
                "value": measure.format_value(m.totals.value(), kind),
                "count": m.totals.observations,
                "in_baseline": m.in_baseline,
            }
            for m in trend.months
        ],
        "chart": _chart(scheme, trend),
        "map": _map(scheme, trend),
        "runs_it": user.has_perm("monitoring.change_scheme", scheme),
        "volunteer": volunteer,
        "label": label,
    }


# --- Downloads ----------------------------------------------------------------------------


def _exportable(request: HttpRequest, pk: int) -> tuple[Scheme, bool]:
    scheme = selectors.scheme_detail(pk)
    if scheme is None or not request.user.has_perm("monitoring.view_scheme", scheme):
        raise PermissionDenied
    return scheme, request.user.has_perm("monitoring.view_observation_details", scheme)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _text(value: Any) -> Any:
    """A value a spreadsheet would run as a formula is kept as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


@login_required
@require_GET
def export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    scheme, with_people = _exportable(request, pk)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        for row in selectors.export_rows(scheme, with_people=with_people):
            yield writer.writerow([_text(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="scheme-{scheme.pk}.csv"'
    return response


@login_required
@require_GET
def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    from openpyxl import Workbook

    scheme, with_people = _exportable(request, pk)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Observations")[:31])
    for row in selectors.export_rows(scheme, with_people=with_people):
        sheet.append([_text(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="scheme-{scheme.pk}.xlsx"'
    return response
