"""Publishing "you said, we did": what was raised and what changed, with no personal details."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.feedback.models import Feedback, PublicSummary, Theme
from coproduce.feedback.services._base import check_text
from coproduce.people.models import User

EMAIL_PATTERN = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")
PHONE_PATTERN = re.compile(r"(?:\+?\d[\s-]?){9,}")


@dataclass
class SummaryDraft:
    title: str
    you_said: str
    we_did: str
    theme: Theme | None = None
    publish: bool = True


def _personal_details_in(text: str, feedback: Feedback) -> str:
    """The first personal detail found in text meant for the public, or ""."""
    lowered = text.lower()
    names = {feedback.name}
    if feedback.person is not None:
        names.add(feedback.person.display_name)
    for name in names:
        for part in (name or "").split():
            if len(part) >= 3 and re.search(rf"\b{re.escape(part.lower())}\b", lowered):
                return part
    if EMAIL_PATTERN.search(text):
        return _("an email address")
    if PHONE_PATTERN.search(text):
        return _("a phone number")
    return ""


def _clean(draft: SummaryDraft, feedback: Feedback) -> SummaryDraft:
    title = check_text(draft.title, field="title", label=_("a title"))
    if len(title) > 160:
        raise ServiceError(_("The title must be 160 characters or fewer."), field="title")
    clean = SummaryDraft(
        title=title,
        you_said=check_text(draft.you_said, field="you_said", label=_("what people said")),
        we_did=check_text(draft.we_did, field="we_did", label=_("what changed")),
        theme=draft.theme,
        publish=draft.publish,
    )
    for field in ("title", "you_said", "we_did"):
        found = _personal_details_in(getattr(clean, field), feedback)
        if found:
            raise ServiceError(
                _(
                    "Take out personal details before publishing: the text contains %(what)s. "
                    "Describe what was raised without saying who raised it."
                )
                % {"what": found},
                field=field,
            )
    return clean


def publish_summary(*, actor: User, feedback: Feedback, draft: SummaryDraft) -> PublicSummary:
    """Write the public summary of a piece of feedback whose sender agreed to publication."""
    require(actor, "feedback.publish_feedback", feedback)
    if not feedback.may_publish:
        raise ServiceError(
            _("The person did not agree to publication, so this feedback cannot be published.")
        )
    if feedback.service is None:
        raise ServiceError(_("Choose the service that answers it before publishing."))
    clean = _clean(draft, feedback)
    now = timezone.now()
    with transaction.atomic():
        summary = PublicSummary.objects.create(
            title=clean.title,
            you_said=clean.you_said,
            we_did=clean.we_did,
            service=feedback.service,
            theme=clean.theme or feedback.theme,
            area=feedback.area,
            source=feedback,
            is_published=clean.publish,
            published_at=now if clean.publish else None,
            published_by=actor if clean.publish else None,
        )
        Feedback.objects.filter(pk=feedback.pk).update(summary=summary, updated_at=now)
        feedback.summary = summary
        audit.record(
            actor=actor,
            action="feedback.publish",
            target=summary,
            summary=f"From {feedback.reference}",
            changes={"published": clean.publish},
        )
    return summary


def change_summary(*, actor: User, summary: PublicSummary, draft: SummaryDraft) -> PublicSummary:
    require(actor, "feedback.change_summary", summary)
    source = Feedback.objects.select_related("person").get(pk=summary.source_id)
    clean = _clean(draft, source)
    with transaction.atomic():
        locked = PublicSummary.objects.select_for_update().get(pk=summary.pk)
        changes: dict[str, Any] = {}
        for name in ("title", "you_said", "we_did", "theme"):
            if getattr(locked, name) != getattr(clean, name):
                setattr(locked, name, getattr(clean, name))
                changes[name] = str(getattr(clean, name))
        if clean.publish != locked.is_published:
            locked.is_published = clean.publish
            locked.published_at = timezone.now() if clean.publish else None
            locked.published_by = actor if clean.publish else None
            changes["published"] = clean.publish
        if changes:
            locked.save()
            audit.record(
                actor=actor, action="feedback.change_summary", target=locked, changes=changes
            )
    return locked
