"""Setting up a co-monitoring scheme: its details, its observation form and the places or
routes it watches. Observations and training are in `services`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.feedback.monitoring import routes
from coproduce.feedback.monitoring.models import Field, Place, Scheme
from coproduce.feedback.monitoring.services import recompute_measure
from coproduce.people.models import User

SCHEME_FIELDS = (
    "title",
    "description",
    "kind",
    "organisation",
    "area",
    "opportunity",
    "requirement",
    "code_of_conduct",
    "training",
    "baseline_start",
    "baseline_end",
    "recent_days",
    "measure_label",
    "measure_kind",
    "measure_field",
    "measure_total_field",
    "status",
)
MEASURE_FIELDS = ("measure_kind", "measure_field", "measure_total_field")
MAX_FIELDS = 40
MAX_PLACES = 200
MAX_CHOICES = 50


def _validate(instance: Any, exclude: tuple[str, ...] = ()) -> None:
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False, exclude=exclude)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(str(messages[0]), field=None if field == "__all__" else field) from None


# --- Setting up a scheme ------------------------------------------------------------------


def create_scheme(*, actor: User, data: Mapping[str, Any]) -> Scheme:
    with transaction.atomic():
        require(actor, "monitoring.add_scheme")
        scheme = Scheme(created_by=actor, status=Scheme.Status.DRAFT)
        _apply(scheme, data)
        _validate(scheme, exclude=("measure_field", "measure_total_field"))
        _check_scheme(scheme)
        scheme.save()
        audit.record(
            actor=actor,
            action="monitoring.create_scheme",
            target=scheme,
            summary=f"Set up the scheme {scheme.title}",
            changes={"title": scheme.title, "kind": scheme.kind},
        )
        return scheme


def update_scheme(*, actor: User, scheme: Scheme, data: Mapping[str, Any]) -> Scheme:
    with transaction.atomic():
        require(actor, "monitoring.change_scheme", scheme)
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        before = {name: getattr(scheme, _attname(name)) for name in SCHEME_FIELDS}
        _apply(scheme, data)
        _validate(scheme)
        _check_scheme(scheme)
        if scheme.status == Scheme.Status.OPEN and not scheme.places.exists():
            raise ServiceError(
                _("Add at least one place before opening the scheme."), field="status"
            )
        scheme.save()
        changed = {
            name: getattr(scheme, _attname(name))
            for name in SCHEME_FIELDS
            if getattr(scheme, _attname(name)) != before[name]
        }
        if any(name in changed for name in MEASURE_FIELDS):
            recompute_measure(scheme)
        audit.record(
            actor=actor,
            action="monitoring.update_scheme",
            target=scheme,
            summary=f"Changed the scheme {scheme.title}",
            changes=changed,
        )
        return scheme


def _attname(name: str) -> str:
    return f"{name}_id" if name in _FOREIGN_KEYS else name


_FOREIGN_KEYS = {"organisation", "area", "opportunity", "measure_field", "measure_total_field"}


def _apply(scheme: Scheme, data: Mapping[str, Any]) -> None:
    for name in SCHEME_FIELDS:
        if name in data:
            value = data[name]
            setattr(scheme, name, value.strip() if isinstance(value, str) else value)


def _check_scheme(scheme: Scheme) -> None:
    start, end = scheme.baseline_start, scheme.baseline_end
    if (start is None) != (end is None):
        raise ServiceError(_("Give both dates of the baseline period, or neither."))
    if start and end and end < start:
        raise ServiceError(
            _("The baseline must end on or after the day it starts."), field="baseline_end"
        )
    if not 1 <= scheme.recent_days <= 3660:
        raise ServiceError(_("Compare with between 1 and 3660 days."), field="recent_days")
    for name in ("measure_field", "measure_total_field"):
        chosen = getattr(scheme, name)
        if chosen is None:
            continue
        if chosen.scheme_id != scheme.pk or chosen.kind != Field.Kind.NUMBER:
            raise ServiceError(_("Choose a number question from this scheme's form."), field=name)
    if (
        scheme.measure_kind == Scheme.MeasureKind.SHARE
        and scheme.measure_field_id is not None
        and scheme.measure_total_field_id is None
    ):
        raise ServiceError(
            _("A share needs the number it is out of, like all vehicles counted."),
            field="measure_total_field",
        )


def add_field(*, actor: User, scheme: Scheme, data: Mapping[str, Any]) -> Field:
    with transaction.atomic():
        require(actor, "monitoring.change_scheme", scheme)
        scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
        existing = list(scheme.fields.values_list("kind", flat=True))
        if len(existing) >= MAX_FIELDS:
            raise ServiceError(_("A form can have at most 40 questions."))
        kind = data.get("kind")
        if kind == Field.Kind.LOCATION and Field.Kind.LOCATION in existing:
            raise ServiceError(_("A form can ask for one location only."), field="kind")
        field = Field(
            scheme=scheme,
            order=len(existing) + 1,
            label=str(data.get("label") or "").strip(),
            help_text=str(data.get("help_text") or "").strip(),
            kind=str(kind or ""),
            required=bool(data.get("required")),
            min_value=data.get("min_value") if kind == Field.Kind.NUMBER else None,
            max_value=data.get("max_value") if kind == Field.Kind.NUMBER else None,
            choices=_choices(data.get("choices")) if kind == Field.Kind.CHOICE else [],
        )
        _validate(field, exclude=("scheme",))
        _check_field(field)
        field.save()
        audit.record(
            actor=actor,
            action="monitoring.add_field",
            target=scheme,
            summary=f"Added the question {field.label}",
            changes={"label": field.label, "kind": field.kind},
        )
        return field


def _choices(raw: Any) -> list[str]:
    lines = raw if isinstance(raw, list | tuple) else str(raw or "").splitlines()
    seen: list[str] = []
    for line in lines:
        text = str(line).strip()[:100]
        if text and text not in seen:
            seen.append(text)
    return seen


def _check_field(field: Field) -> None:
    low, high = field.min_value, field.max_value
    if low is not None and high is not None and high < low:
        raise ServiceError(
            _("The largest answer must be at least the smallest."), field="max_value"
        )
    if field.kind == Field.Kind.CHOICE and not 2 <= len(field.choices) <= MAX_CHOICES:
        raise ServiceError(_("Give between 2 and 50 answers, one a line."), field="choices")


def add_place(*, actor: User, scheme: Scheme, data: Mapping[str, Any]) -> Place:
    """A point and how far around it counts, or (with kind "route") a route: its points in
    `route`, as text a line each or as pairs, and how far either side of it counts."""
    with transaction.atomic():
        require(actor, "monitoring.change_scheme", scheme)
        if scheme.places.count() >= MAX_PLACES:
            raise ServiceError(_("A scheme can watch at most 200 places."))
        place = Place(
            scheme=scheme,
            name=str(data.get("name") or "").strip(),
            kind=str(data.get("kind") or Place.Kind.POINT),
            radius_m=data.get("radius_m") or 200,
        )
        if place.kind == Place.Kind.ROUTE:
            _set_route(place, data.get("route"))
        else:
            if data.get("latitude") is None or data.get("longitude") is None:
                raise ServiceError(
                    _("Enter the latitude and longitude of the place."), field="latitude"
                )
            place.latitude, place.longitude = data["latitude"], data["longitude"]
        _validate(place, exclude=("scheme",))
        _check_place(scheme, place)
        place.save()
        audit.record(
            actor=actor,
            action="monitoring.add_place",
            target=scheme,
            summary=f"Added the {place.kind} {place.name}",
            changes={
                "name": place.name,
                "kind": place.kind,
                "latitude": place.latitude,
                "longitude": place.longitude,
                "points": len(place.route),
            },
        )
        return place


def _set_route(place: Place, raw: Any) -> None:
    points = routes.parse_route(raw)
    # Kept as text so that the six decimal places typed are the six stored.
    place.route = [[str(lat), str(lon)] for lat, lon in points]
    place.latitude, place.longitude = points[0]


def _check_place(scheme: Scheme, place: Place) -> None:
    if not (-90 <= place.latitude <= 90 and -180 <= place.longitude <= 180):
        raise ServiceError(_("Give a latitude from -90 to 90 and a longitude from -180 to 180."))
    if not 5 <= place.radius_m <= 50_000:
        raise ServiceError(_("The distance must be from 5 to 50,000 metres."), field="radius_m")
    if scheme.places.filter(name=place.name).exists():
        raise ServiceError(_("There is already a place with that name."), field="name")
