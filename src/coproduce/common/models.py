"""Base models and the audit log that every service writes to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One change made through a service: who did it, for whom, to what, when.

    Append-only. Secrets (passwords, tokens, codes) are never copied into `changes`.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events_done",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events_for",
    )
    action = models.CharField(max_length=80, db_index=True)
    content_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True, default="")
    object_repr = models.CharField(max_length=200, blank=True, default="")
    summary = models.CharField(max_length=300, blank=True, default="")
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def by_line(self) -> str:
        actor = self.actor.display_name if self.actor else _("the system")
        if self.on_behalf_of_id and self.on_behalf_of_id != self.actor_id:
            assert self.on_behalf_of is not None
            return str(
                _("by %(actor)s on behalf of %(person)s")
                % {"actor": actor, "person": self.on_behalf_of.display_name}
            )
        return str(_("by %(actor)s") % {"actor": actor})

    def changes_list(self) -> list[tuple[str, Any]]:
        return sorted(self.changes.items())
