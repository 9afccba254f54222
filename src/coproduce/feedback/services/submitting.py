"""Sending feedback: online by anyone, or written down by staff after a call or a visit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.permissions import require
from coproduce.feedback import notifications, photos, ratelimit
from coproduce.feedback.models import Feedback, FeedbackPhoto
from coproduce.feedback.services._base import (
    acknowledge_days,
    check_text,
    due_after,
    is_authenticated,
    new_reference,
    respond_days,
    set_next_due,
)
from coproduce.people.models import User


@dataclass
class FeedbackDraft:
    """What a person sends. Organisation, proposal and area are objects already looked up."""

    kind: str
    subject_kind: str
    subject_name: str
    what_happened: str
    what_would_help: str = ""
    about_organisation: Any = None
    proposal: Any = None
    area: Any = None
    place: str = ""
    happened_on: datetime.date | None = None
    name: str = ""
    email: str = ""
    phone: str = ""
    contact_by: str = Feedback.Contact.EMAIL
    may_publish: bool = False
    channel: str = Feedback.Channel.ONLINE
    photos: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Submitted:
    feedback: Feedback
    created: bool


def _check_choices(draft: FeedbackDraft) -> None:
    if draft.kind not in Feedback.Kind.values:
        raise ServiceError(_("Choose complaint, compliment or suggestion."), field="kind")
    if draft.subject_kind not in Feedback.Subject.values:
        raise ServiceError(_("Choose what your feedback is about."), field="subject_kind")
    if draft.contact_by not in Feedback.Contact.values:
        raise ServiceError(_("Choose how we should contact you."), field="contact_by")
    if draft.channel not in Feedback.Channel.values:
        raise ServiceError(_("Choose how the feedback came in."), field="channel")


def _check_contact(draft: FeedbackDraft, person: User | None) -> None:
    draft.name = check_text(draft.name, field="name", label=_("your name"), required=False)[:120]
    draft.email = (draft.email or "").strip()
    draft.phone = (draft.phone or "").strip()[:40]
    if draft.email:
        try:
            validate_email(draft.email)
        except ValidationError:
            raise ServiceError(
                _("Enter an email address like name@example.com."), field="email"
            ) from None
    if person is not None and not draft.email and person.email:
        draft.email = str(person.email)
    if draft.contact_by == Feedback.Contact.EMAIL and not draft.email:
        raise ServiceError(
            _("Enter an email address, or choose another way for us to contact you."),
            field="email",
        )
    if draft.contact_by == Feedback.Contact.PHONE and not draft.phone:
        raise ServiceError(
            _("Enter a phone number, or choose another way for us to contact you."),
            field="phone",
        )


def _check_draft(draft: FeedbackDraft, person: User | None) -> None:
    _check_choices(draft)
    draft.what_happened = check_text(
        draft.what_happened, field="what_happened", label=_("what happened")
    )
    draft.what_would_help = check_text(
        draft.what_would_help,
        field="what_would_help",
        label=_("what you would like to happen"),
        required=False,
    )
    draft.subject_name = check_text(
        draft.subject_name,
        field="subject_name",
        label=_("the name of the service, project or place"),
        required=not (draft.about_organisation or draft.proposal or draft.area),
    )[:200]
    draft.place = check_text(draft.place, field="place", label=_("where"), required=False)[:200]
    if draft.happened_on and draft.happened_on > timezone.localdate():
        raise ServiceError(
            _("The date it happened must be today or in the past."), field="happened_on"
        )
    _check_contact(draft, person)


def _subject_name(draft: FeedbackDraft) -> str:
    if draft.subject_name:
        return draft.subject_name
    for thing in (draft.proposal, draft.about_organisation, draft.area):
        if thing is not None:
            return str(thing)[:200]
    return ""


def submit_feedback(
    *,
    actor: Any,
    draft: FeedbackDraft,
    on_behalf_of: User | None = None,
    submission_key: str = "",
    client_address: str = "",
) -> Submitted:
    """Save the feedback and send its reference. The same `submission_key` twice (a double
    click, a retry after a lost connection) gives back the first one and saves nothing new."""
    key = submission_key.strip()[:64] or None
    if key is not None:
        earlier = Feedback.objects.filter(submission_key=key).first()
        if earlier is not None:
            return Submitted(earlier, created=False)
    signed_in = is_authenticated(actor)
    recording = draft.channel != Feedback.Channel.ONLINE or (
        on_behalf_of is not None and on_behalf_of != actor
    )
    if recording:
        if not signed_in:
            raise PermissionDenied
        require(actor, "feedback.record_feedback")
    person = on_behalf_of if on_behalf_of is not None else (actor if signed_in else None)
    if recording and on_behalf_of is None:
        person = None  # a caller with no account: their contact details are in the form
    _check_draft(draft, person)
    cleaned = photos.clean_photos(draft.photos)
    if not recording:
        ratelimit.check_submission(
            person_id=actor.pk if signed_in else None, address=client_address, email=draft.email
        )
    try:
        with transaction.atomic():
            feedback = _create(actor, draft, person, key, recording)
            for photo in cleaned:
                FeedbackPhoto.objects.create(
                    feedback=feedback,
                    image=photo.content,
                    content_type=photo.content_type,
                    width=photo.width,
                    height=photo.height,
                    size=photo.content.size,
                )
            audit.record(
                actor=actor if signed_in else None,
                on_behalf_of=person if recording else None,
                action="feedback.submit",
                target=feedback,
                summary=f"{feedback.get_kind_display()} sent ({feedback.get_channel_display()})",
                changes={"kind": feedback.kind, "channel": feedback.channel},
            )
            notifications.feedback_received(feedback)
    except IntegrityError:
        earlier = Feedback.objects.filter(submission_key=key).first() if key else None
        if earlier is None:
            raise
        return Submitted(earlier, created=False)
    return Submitted(feedback, created=True)


def _create(
    actor: Any, draft: FeedbackDraft, person: User | None, key: str | None, recording: bool
) -> Feedback:
    today = timezone.localdate()
    name = draft.name or (person.display_name if person is not None else "")
    feedback = Feedback(
        reference=new_reference(),
        submission_key=key,
        kind=draft.kind,
        subject_kind=draft.subject_kind,
        subject_name=_subject_name(draft),
        about_organisation=draft.about_organisation,
        proposal=draft.proposal,
        area=draft.area,
        place=draft.place,
        happened_on=draft.happened_on,
        what_happened=draft.what_happened,
        what_would_help=draft.what_would_help,
        person=person,
        name=name[:120],
        email=draft.email,
        phone=draft.phone,
        contact_by=draft.contact_by,
        may_publish=draft.may_publish,
        channel=draft.channel,
        recorded_by=actor if recording else None,
        received_on=today,
        acknowledge_due=due_after(today, acknowledge_days()),
        respond_due=due_after(today, respond_days()),
    )
    # A public body's feedback about itself goes straight to it; the rest waits for triage.
    about = draft.about_organisation
    if about is not None and about.kind == about.Kind.PUBLIC_BODY:
        feedback.service = about
    set_next_due(feedback)
    feedback.save()
    return feedback
