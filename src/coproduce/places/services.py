"""Changes to areas. Only administrators set up the borough's map of areas."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.places import selectors
from coproduce.places.models import Area
from coproduce.places.validation import check_boundary, check_parent, check_point, check_slug

if TYPE_CHECKING:
    from coproduce.people.models import User

AREA_FIELDS = frozenset(
    {"name", "slug", "kind", "parent", "code", "description", "latitude", "longitude", "boundary"}
)


def create_area(*, actor: User, data: Mapping[str, Any]) -> Area:
    """Add an area. A blank web address is made from the name."""
    with transaction.atomic():
        require(actor, "places.add_area")
        values = _checked_values(data, area=None)
        values.setdefault("kind", Area.Kind.WARD)
        if not values.get("slug"):
            values["slug"] = slugify(values.get("name", ""))
        area = Area(**values)
        _check_slug_free(area)
        _validate_model(area)
        _save(area)
        audit.record(
            actor=actor,
            action="places.add_area",
            target=area,
            summary=f"Added the area {area.name}",
            changes=_for_audit(values),
        )
        return area


def update_area(*, actor: User, area: Area, data: Mapping[str, Any]) -> Area:
    """Change any of an area's details; only what is in `data` changes."""
    with transaction.atomic():
        require(actor, "places.change_area", area)
        values = _checked_values(data, area=area)
        if "slug" in values and not values["slug"]:
            del values["slug"]
        # Change a fresh, locked copy: the caller's object stays as it was if a check fails.
        area = Area.objects.select_for_update().get(pk=area.pk)
        changes = audit.changed_fields(area, values)
        if not changes:
            return area
        if "slug" in changes:
            _check_slug_free(area)
        _validate_model(area)
        _save(area)
        audit.record(
            actor=actor,
            action="places.change_area",
            target=area,
            summary=f"Changed the area {area.name}",
            changes=_for_audit(changes),
        )
        return area


def _checked_values(data: Mapping[str, Any], *, area: Area | None) -> dict[str, Any]:
    unknown = set(data) - AREA_FIELDS
    if unknown:
        raise ServiceError(
            _("These details cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    if "name" in values:
        values["name"] = str(values["name"] or "").strip()
        if not values["name"]:
            raise ServiceError(_("Enter the area's name."), field="name")
    if values.get("slug"):
        values["slug"] = check_slug(str(values["slug"]))
    if "boundary" in values:
        values["boundary"] = check_boundary(values["boundary"])
    _check_point_values(values, area)
    if "parent" in values:
        _check_parent_value(values["parent"], area)
    return values


def _check_point_values(values: dict[str, Any], area: Area | None) -> None:
    if "latitude" not in values and "longitude" not in values:
        return
    latitude = values.get("latitude", area.latitude if area else None)
    longitude = values.get("longitude", area.longitude if area else None)
    values["latitude"], values["longitude"] = check_point(latitude, longitude)


def _check_parent_value(parent: Any, area: Area | None) -> None:
    if parent is not None and not isinstance(parent, Area):
        raise ServiceError(_("Choose the area this one is inside."), field="parent")
    check_parent(
        area_id=area.pk if area else None,
        parent_id=parent.pk if parent else None,
        parent_of=selectors.parent_map(),
    )


def _check_slug_free(area: Area) -> None:
    if not area.slug:
        raise ServiceError(
            _("Enter a web address using the letters a to z, numbers and hyphens."), field="slug"
        )
    check_slug(area.slug)
    if Area.objects.filter(slug=area.slug).exclude(pk=area.pk).exists():
        raise _slug_taken(area.slug)


def _slug_taken(slug: str) -> ServiceError:
    return ServiceError(
        _("There is already an area with the web address “%(slug)s”. Choose a different one.")
        % {"slug": slug},
        field="slug",
        code="duplicate",
    )


def _validate_model(area: Area) -> None:
    """The model's own limits (lengths, choices), for callers that did not use a form."""
    try:
        area.full_clean(validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(str(messages[0]), field=None if field == "__all__" else field) from None


def _save(area: Area) -> None:
    try:
        with transaction.atomic():
            area.save()
    except IntegrityError:
        # Two people took the same address at the same moment; the check above saw neither.
        raise _slug_taken(area.slug) from None


def _for_audit(values: Mapping[str, Any]) -> dict[str, Any]:
    """A boundary can be thousands of points; the audit log only needs to know it changed."""
    changes = dict(values)
    if "boundary" in changes:
        changes["boundary"] = "(set)" if changes["boundary"] else "(none)"
    return changes
