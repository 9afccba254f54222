"""What staff do with feedback (triage, acknowledge, answer, review) and what the person who
sent it does next (rate the answer, ask for a review)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.permissions import require
from coproduce.feedback import notifications
from coproduce.feedback.access import Access
from coproduce.feedback.models import Feedback, Theme
from coproduce.feedback.services._base import (
    check_text,
    due_after,
    is_authenticated,
    respond_days,
    set_next_due,
    working_days,
)
from coproduce.organisations.models import Organisation
from coproduce.people.models import User

Status = Feedback.Status


def _locked(feedback: Feedback) -> Feedback:
    return (
        Feedback.objects.select_for_update(of=("self",)).select_related("area").get(pk=feedback.pk)
    )


def _save(feedback: Feedback, fields: list[str]) -> None:
    set_next_due(feedback)
    feedback.save(update_fields=[*fields, "next_due", "updated_at"])


def triage_feedback(
    *,
    actor: User,
    feedback: Feedback,
    service: Organisation | None,
    kind: str,
    theme: Theme | None,
) -> Feedback:
    """Choose the service that answers it, and set its category and theme."""
    require(actor, "feedback.assign_feedback", feedback)
    if kind not in Feedback.Kind.values:
        raise ServiceError(_("Choose complaint, compliment or suggestion."), field="kind")
    if service is not None and not service.is_active:
        raise ServiceError(_("That organisation is closed. Choose another."), field="service")
    with transaction.atomic():
        locked = _locked(feedback)
        changes: dict[str, Any] = {}
        for name, value in (("service", service), ("kind", kind), ("theme", theme)):
            if getattr(locked, name) != value:
                setattr(locked, name, value)
                changes[name] = str(value) if value is not None else None
        if changes:
            if "service" in changes:
                locked.escalated_stage = ""
            _save(locked, [*changes, "escalated_stage"])
            audit.record(
                actor=actor,
                action="feedback.triage",
                target=locked,
                summary="Feedback triaged",
                changes=changes,
            )
    return locked


def acknowledge_feedback(*, actor: User, feedback: Feedback) -> Feedback:
    require(actor, "feedback.acknowledge_feedback", feedback)
    with transaction.atomic():
        locked = _locked(feedback)
        if locked.status != Status.RECEIVED:
            raise Conflict(_("This feedback has already been acknowledged."))
        locked.status = Status.ACKNOWLEDGED
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        _save(locked, ["status", "acknowledged_at", "acknowledged_by"])
        audit.record(actor=actor, action="feedback.acknowledge", target=locked)
        notifications.feedback_acknowledged(locked)
    return locked


def respond_to_feedback(*, actor: User, feedback: Feedback, response: str) -> Feedback:
    """The answer. Answering something not yet acknowledged acknowledges it too."""
    require(actor, "feedback.respond_feedback", feedback)
    text = check_text(response, field="response", label=_("the answer"))
    with transaction.atomic():
        locked = _locked(feedback)
        if locked.status not in (Status.RECEIVED, Status.ACKNOWLEDGED):
            raise Conflict(_("This feedback has already been answered."))
        now = timezone.now()
        today = timezone.localdate()
        fields = ["status", "response", "responded_at", "responded_by"]
        if locked.acknowledged_at is None:
            locked.acknowledged_at, locked.acknowledged_by = now, actor
            fields += ["acknowledged_at", "acknowledged_by"]
        locked.status = Status.RESPONDED
        locked.response = text
        locked.responded_at = now
        locked.responded_by = actor
        locked.working_days_to_respond = min(working_days(locked.received_on, today), 32_000)
        locked.answered_in_time = today <= locked.respond_due
        _save(locked, [*fields, "working_days_to_respond", "answered_in_time"])
        audit.record(actor=actor, action="feedback.respond", target=locked)
        notifications.feedback_answered(locked)
    return locked


def answer_review(*, actor: User, feedback: Feedback, response: str) -> Feedback:
    """The second stage, answered by someone other than whoever gave the first answer."""
    require(actor, "feedback.answer_review", feedback)
    text = check_text(response, field="response", label=_("the answer to the review"))
    with transaction.atomic():
        locked = _locked(feedback)
        if locked.status != Status.REVIEW:
            raise Conflict(_("Nobody has asked for a review of this feedback."))
        if locked.responded_by_id == actor.pk:
            raise PermissionDenied(
                _("You gave the first answer, so someone else must answer the review.")
            )
        locked.status = Status.REVIEWED
        locked.review_response = text
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = actor
        _save(locked, ["status", "review_response", "reviewed_at", "reviewed_by"])
        audit.record(actor=actor, action="feedback.answer_review", target=locked)
        notifications.review_answered(locked)
    return locked


def _check_rating(rating: Any) -> int:
    if not isinstance(rating, int) or isinstance(rating, bool) or not 1 <= rating <= 5:
        raise ServiceError(_("Choose a rating from 1 to 5."), field="rating")
    return rating


def _follower_actor(access: Access) -> Any:
    return access.actor if is_authenticated(access.actor) else None


def rate_answer(*, access: Access, rating: int) -> Feedback:
    """How happy the person is with the answer (or with the answer to their review)."""
    value = _check_rating(rating)
    with transaction.atomic():
        locked = _locked(access.feedback)
        if locked.status == Status.RESPONDED:
            locked.rating = value
            field = "rating"
        elif locked.status == Status.REVIEWED:
            locked.review_rating = value
            field = "review_rating"
        else:
            raise Conflict(_("You can rate the answer once you have it."))
        locked.save(update_fields=[field, "updated_at"])
        audit.record(
            actor=_follower_actor(access),
            on_behalf_of=access.on_behalf_of,
            action="feedback.rate",
            target=locked,
            changes={field: value},
        )
    return locked


def request_review(*, access: Access, reason: str) -> Feedback:
    text = check_text(reason, field="reason", label=_("why you want a review"))
    with transaction.atomic():
        locked = _locked(access.feedback)
        if locked.status == Status.REVIEW or locked.status == Status.REVIEWED:
            raise Conflict(_("A review has already been asked for. There is one review."))
        if locked.status != Status.RESPONDED:
            raise Conflict(_("You can ask for a review once you have an answer."))
        locked.status = Status.REVIEW
        locked.review_reason = text
        locked.review_requested_at = timezone.now()
        locked.review_due = due_after(timezone.localdate(), respond_days())
        locked.escalated_stage = ""
        _save(
            locked,
            ["status", "review_reason", "review_requested_at", "review_due", "escalated_stage"],
        )
        audit.record(
            actor=_follower_actor(access),
            on_behalf_of=access.on_behalf_of,
            action="feedback.request_review",
            target=locked,
        )
    return locked


def link_similar(*, actor: User, feedback: Feedback, summary: Any) -> Feedback:
    """Count this feedback in a "you said, we did" summary that raised the same thing."""
    require(actor, "feedback.link_feedback", feedback)
    with transaction.atomic():
        locked = _locked(feedback)
        if locked.summary_id == (summary.pk if summary is not None else None):
            return locked
        locked.summary = summary
        locked.save(update_fields=["summary", "updated_at"])
        audit.record(
            actor=actor,
            action="feedback.link",
            target=locked,
            changes={"summary": summary.pk if summary is not None else None},
        )
    return locked


def forget_person(*, actor: Any, person: User) -> int:
    """When an account is erased: the feedback stays (it was about a service), but no longer
    says who sent it or how to reach them."""
    with transaction.atomic():
        count = Feedback.objects.filter(person=person).update(
            person=None, name="", email="", phone="", contact_by=Feedback.Contact.NONE
        )
        if count:
            audit.record(
                actor=actor if is_authenticated(actor) else None,
                action="feedback.forget_person",
                summary=f"Contact details removed from {count} pieces of feedback",
                changes={"feedback": count},
            )
    return count
