"""Who is calling the API: a signed-in browser (session and CSRF) or a script with a token.

Personal access tokens look like `cp_<random>`. Only their SHA-256 hash is stored, so a leaked
database does not leak working tokens.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from coproduce.api.models import AccessToken
from coproduce.common import rows
from coproduce.people.models import User

TOKEN_PREFIX = "cp_"  # noqa: S105 - a marker, not a secret
PREFIX_LENGTH = 12
# Writing last_used_at on every request would turn every read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def new_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def may_use_api(user: Any) -> bool:
    """Inactive and erased people cannot use the API, however they got in."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "erased_at", None) is None
    )


def person_for_token(token: str) -> User | None:
    """The person a token belongs to, if it is well formed, live and theirs to use."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
        return None
    now = timezone.now()
    access_token = rows.select_one(
        AccessToken,
        "token_hash = %s AND revoked_at IS NULL",
        [hash_token(token)],
        joined=["person"],
    )
    if access_token is None or (access_token.expires_at and access_token.expires_at <= now):
        return None
    if not may_use_api(access_token.person):
        return None
    if access_token.last_used_at is None or now - access_token.last_used_at > LAST_USED_PRECISION:
        rows.update(AccessToken, access_token.pk, last_used_at=now)
    return access_token.person


class TokenAuth(HttpBearer):
    """`Authorization: Bearer cp_...` for scripts. No CSRF: a browser never sends it by itself."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        person = person_for_token(token.strip())
        if person is not None:
            # Code further in reads request.user, as it does for a browser.
            request.user = person
        return person


class SessionAuth(APIKeyCookie):
    """The browser's own sign-in. Changes need the CSRF token, as a form post would."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def _get_key(self, request: HttpRequest) -> str | None:
        # The CSRF check waits until we know someone is signed in, so that a request with
        # no credentials at all is told to authenticate (401) rather than about CSRF (403).
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not may_use_api(user):
            return None
        if (
            request.method not in SAFE_METHODS
            and not getattr(request, "_ninja_csrf_exempt", False)
            and check_csrf(request) is not None
        ):
            raise HttpError(403, "CSRF check failed")
        assert isinstance(user, User)
        return user


token_auth = TokenAuth()
session_auth = SessionAuth()
# Tokens are tried first: a script that also carries a session cookie is judged by its token.
signed_in = [token_auth, session_auth]
