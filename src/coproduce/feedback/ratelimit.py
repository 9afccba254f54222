"""Limits on how much feedback one person or one address can send: counters in the cache
(Redis in production, local memory in tests), each kept for a fixed window."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.common.errors import ServiceError

WINDOW_SECONDS = 3600


class TooMany(ServiceError):
    status = 429

    def __init__(self, message: str) -> None:
        super().__init__(message, code="rate_limited")


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"feedback:rate:{kind}:{digest}"


def _count(key: str) -> int:
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def per_person_limit() -> int:
    return int(getattr(settings, "COPRODUCE_FEEDBACK_PER_HOUR", 5))


def per_address_limit() -> int:
    return int(getattr(settings, "COPRODUCE_FEEDBACK_PER_ADDRESS_PER_HOUR", 10))


def _refuse(limit: int) -> TooMany:
    return TooMany(
        ngettext(
            "You have sent %(count)s piece of feedback in the last hour, the most we take at "
            "once. Please wait an hour and try again, or phone us.",
            "You have sent %(count)s pieces of feedback in the last hour, the most we take at "
            "once. Please wait an hour and try again, or phone us.",
            limit,
        )
        % {"count": limit}
    )


def check_submission(*, person_id: int | None, address: str, email: str) -> None:
    """Count one submission; refuse it when the person or the address has sent too many."""
    if person_id is not None:
        if _count(_key("person", str(person_id))) > per_person_limit():
            raise _refuse(per_person_limit())
        return
    if email and _count(_key("email", email)) > per_person_limit():
        raise _refuse(per_person_limit())
    if address and _count(_key("address", address)) > per_address_limit():
        raise _refuse(per_address_limit())


def check_lookup(address: str) -> None:
    """Looking feedback up by reference and email: enough for people, too few to guess with."""
    limit = int(getattr(settings, "COPRODUCE_FEEDBACK_LOOKUPS_PER_HOUR", 20))
    if address and _count(_key("lookup", address)) > limit:
        raise TooMany(
            _("Too many tries from this connection. Please wait an hour, or use your private link.")
        )
