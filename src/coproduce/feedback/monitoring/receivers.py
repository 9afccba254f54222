"""What co-monitoring does when something happens elsewhere in the product."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from coproduce.people.signals import person_erasing


@receiver(user_logged_in, dispatch_uid="monitoring.remember_taking_part")
def remember_taking_part(sender: Any, *, request: Any, user: Any, **kwargs: Any) -> None:
    """Whether to show Monitoring in the navigation, asked once per sign-in."""
    from coproduce.feedback.monitoring.services import TAKES_PART, takes_part

    session = getattr(request, "session", None)
    if session is not None:
        session[TAKES_PART] = takes_part(user)


@receiver(person_erasing, dispatch_uid="monitoring.forget_person")
def forget_erased_person(sender: Any, *, person: Any, actor: Any, **kwargs: Any) -> None:
    from coproduce.feedback.monitoring.services import forget_person

    forget_person(actor=actor, person=person)
