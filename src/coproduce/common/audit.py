"""Recording who changed what. Every service function that writes calls `record`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from coproduce.common import rows
from coproduce.common.models import AuditEvent

if TYPE_CHECKING:
    from coproduce.people.models import User

SECRET_WORDS = ("password", "token", "secret", "totp", "recovery")
# One-time codes and keys ("verification_code", "api_key"); not "postcode" or an area's "code".
SECRET_SUFFIXES = ("_code", "_codes", "_key")


def _is_secret(field: str) -> bool:
    name = field.lower()
    return any(word in name for word in SECRET_WORDS) or name.endswith(SECRET_SUFFIXES)


def _scrub(changes: dict[str, Any]) -> dict[str, Any]:
    """Keep the shape of a change but never its secrets."""
    clean: dict[str, Any] = {}
    for field, value in changes.items():
        if _is_secret(field):
            clean[field] = "(hidden)"
        elif isinstance(value, str | int | float | bool) or value is None:
            clean[field] = value
        elif isinstance(value, list | tuple):
            clean[field] = [str(item) for item in value]
        else:
            clean[field] = str(value)
    return clean


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    on_behalf_of: User | None = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    if actor is not None and not actor.is_authenticated:
        actor = None
    event = AuditEvent(
        actor=actor,
        on_behalf_of=on_behalf_of if on_behalf_of != actor else None,
        action=action,
        content_type=ContentType.objects.get_for_model(target) if target is not None else None,
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:200] if target is not None else "",
        summary=summary[:300],
        changes=_scrub(changes or {}),
    )
    # Every write records one: the insert's SQL is written once (common.rows).
    rows.insert(event)
    return event


def changed_fields(instance: models.Model, data: dict[str, Any]) -> dict[str, Any]:
    """Apply `data` to `instance` and return only what actually changed."""
    changed: dict[str, Any] = {}
    for field, value in data.items():
        if getattr(instance, field) != value:
            setattr(instance, field, value)
            changed[field] = value
    return changed


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(target), object_id=str(target.pk)
    ).select_related("actor", "on_behalf_of")


def events_by_actor(actors: Iterable[int]) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(actor_id__in=list(actors))
