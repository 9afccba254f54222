"""What co-delivery does when something happens elsewhere in the product."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from coproduce.people.signals import person_erasing


@receiver(person_erasing, dispatch_uid="delivery.forget_person")
def forget_erased_person(sender: Any, *, person: Any, actor: Any, **kwargs: Any) -> None:
    from coproduce.delivery.services import forget_person

    forget_person(actor=actor, person=person)
