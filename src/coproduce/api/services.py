"""Writes behind the API and its token pages. Each checks permission and records an audit event."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.api import selectors
from coproduce.api.auth import PREFIX_LENGTH, hash_token, new_token
from coproduce.api.models import AccessToken
from coproduce.common import audit
from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User

TOKEN_LIFETIMES_IN_DAYS = (7, 30, 90, 365)
MAX_LIVE_TOKENS = 20
NAME_MAX_LENGTH = 80


def _clean_token_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ServiceError(_("Enter what the key is for."), field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ServiceError(
            _("What the key is for must be %(max)s characters or fewer.")
            % {"max": NAME_MAX_LENGTH},
            field="name",
        )
    return name


@transaction.atomic
def create_token(*, actor: User, name: str, expires_in_days: int) -> tuple[AccessToken, str]:
    """A new personal access token for `actor`. Returns the token and, this once, its secret."""
    require(actor, "api.add_accesstoken")
    name = _clean_token_name(name)
    if expires_in_days not in TOKEN_LIFETIMES_IN_DAYS:
        raise ServiceError(_("Choose how long the key should work."), field="expires_in_days")
    # Lock the person's row so that two quick requests cannot both pass the limit.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if selectors.live_token_count(actor) >= MAX_LIVE_TOKENS:
        raise ServiceError(
            _("You have %(max)s keys already. Revoke one you no longer use first.")
            % {"max": MAX_LIVE_TOKENS},
            field="name",
        )
    secret = new_token()
    token = AccessToken.objects.create(
        person=actor,
        name=name,
        prefix=secret[:PREFIX_LENGTH],
        token_hash=hash_token(secret),
        expires_at=timezone.now() + timedelta(days=expires_in_days),
    )
    audit.record(
        actor=actor,
        action="api.create_token",
        target=token,
        summary=f"Created API key {token.prefix}…",
        changes={"name": name, "expires_in_days": expires_in_days},
    )
    return token, secret


@transaction.atomic
def revoke_token(*, actor: User, token: AccessToken) -> AccessToken:
    """Stop a token working. Someone else's token is reported as not found, and left alone."""
    if not actor.has_perm("api.revoke_accesstoken", token):
        raise NotFound
    token = AccessToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=actor,
        action="api.revoke_token",
        target=token,
        summary=f"Revoked API key {token.prefix}…",
    )
    return token
