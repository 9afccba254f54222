"""Proof that someone may follow a piece of feedback without being staff."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from coproduce.feedback.models import Feedback
from coproduce.people.models import User


@dataclass(frozen=True)
class Access:
    """They sent it (signed in, or staff acting for them), they have its private link, or they
    gave its reference with the email address it was sent with. Made only by the selectors
    that check one of those (`selectors.follow_*`)."""

    feedback: Feedback
    how: str
    actor: Any = None
    on_behalf_of: User | None = None
