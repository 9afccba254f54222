"""Reads for the API and its token pages."""

from __future__ import annotations

from django.db.models import QuerySet

from coproduce.api.models import AccessToken
from coproduce.organisations.models import Membership
from coproduce.people.models import User


def tokens_of(person: User) -> QuerySet[AccessToken]:
    """A person's tokens, newest first, revoked ones included so they can see what happened."""
    return AccessToken.objects.filter(person=person).order_by("-created_at", "-id")


def live_token_count(person: User) -> int:
    return AccessToken.objects.filter(person=person, revoked_at__isnull=True).count()


def token_of(person: User, token_id: int) -> AccessToken | None:
    """One of the person's own tokens. Someone else's token is as good as missing."""
    return AccessToken.objects.filter(person=person, pk=token_id).first()


def memberships_of(person: User) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(person=person, organisation__is_active=True)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )
