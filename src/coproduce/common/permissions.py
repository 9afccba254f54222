"""The one way a service checks permission: the named `rules` permission, or a refusal."""

from __future__ import annotations

from typing import Any

from coproduce.common.errors import PermissionDenied


def require(actor: Any, permission: str, target: Any = None) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (on `target`, if given)."""
    if not actor.has_perm(permission, target):
        raise PermissionDenied
