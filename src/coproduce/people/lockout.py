"""How django-axes tells one account's failed sign-ins from another's.

allauth's sign-in form posts the address as `login`, but authenticates with the credential
`email`; axes would otherwise see no username and count every failure against the address
only by IP.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def username_for_lockout(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    value: Any = None
    if credentials:
        value = credentials.get("email") or credentials.get("login") or credentials.get("username")
    if not value and request is not None:
        data = getattr(request, "data", None) or request.POST
        value = data.get("login") or data.get("email")
    return str(value or "").strip().lower()
