"""The one application error type: services raise it, views show it, the API maps it."""

from __future__ import annotations

from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A request that cannot be carried out, with a message fit to show the person."""

    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code


class PermissionDenied(ServiceError):
    status = 403

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("You do not have permission to do that."), code="forbidden")


class NotFound(ServiceError):
    status = 404

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or _("We could not find that."), code="not_found")


class Conflict(ServiceError):
    status = 409
