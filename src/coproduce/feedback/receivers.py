"""What feedback does when something happens elsewhere in the product."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from coproduce.people.signals import person_erasing


@receiver(person_erasing, dispatch_uid="feedback.forget_person")
def forget_erased_person(sender: Any, *, person: Any, actor: Any, **kwargs: Any) -> None:
    from coproduce.feedback.services import forget_person

    forget_person(actor=actor, person=person)


def export_section(person: Any) -> list[dict[str, Any]]:
    """The feedback a person sent, for their "download my data" file."""
    from coproduce.feedback.models import Feedback

    rows = Feedback.objects.filter(person=person).order_by("received_on", "id")
    return [
        {
            "reference": item.reference,
            "kind": item.kind,
            "about": item.subject_name,
            "place": item.place,
            "happened_on": item.happened_on,
            "what_happened": item.what_happened,
            "what_would_help": item.what_would_help,
            "name": item.name,
            "email": item.email,
            "phone": item.phone,
            "may_publish": item.may_publish,
            "received_on": item.received_on,
            "status": item.status,
            "response": item.response,
            "rating": item.rating,
            "review_reason": item.review_reason,
            "review_response": item.review_response,
        }
        for item in rows
    ]
