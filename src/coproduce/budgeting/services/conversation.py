"""Supporting ideas and talking about them: supports, threaded comments, moderation."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.budgeting.eligibility import check_eligible
from coproduce.budgeting.models import Comment, CommentReport, PhaseKind, Proposal, Support
from coproduce.budgeting.services._base import MAX_COMMENT, clean_text, require_phase
from coproduce.common import audit
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User

OPEN_FOR_SUPPORT = (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED)
# Talking about ideas goes on until the votes are in.
COMMENT_PHASES = (PhaseKind.IDEAS, PhaseKind.REVIEW, PhaseKind.VOTING)


def support_proposal(
    *, actor: User, proposal: Proposal, on_behalf_of: User | None = None
) -> Support:
    """One support per person per idea, in the ideas phase, from people who may take part."""
    person = on_behalf_of or actor
    if on_behalf_of is not None and on_behalf_of != actor:
        require(actor, "people.act_for_person", on_behalf_of)
    process = proposal.process
    require_phase(
        process, PhaseKind.IDEAS, message=_("You can only support ideas during the ideas phase.")
    )
    if proposal.status not in OPEN_FOR_SUPPORT:
        raise ServiceError(_("This idea is no longer open for support."), code="wrong_status")
    if proposal.author_id == person.pk:
        raise ServiceError(_("This is your own idea. Support other people's ideas."))
    check_eligible(person, process)
    if Support.objects.filter(proposal=proposal, person=person).exists():
        raise Conflict(_("You already support this idea. You can support it once."))
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, person=person)
            audit.record(
                actor=actor,
                on_behalf_of=on_behalf_of,
                action="budgeting.support_proposal",
                target=proposal,
                summary=f"Supported the idea {proposal.title}",
            )
    except IntegrityError:
        raise Conflict(_("You already support this idea. You can support it once.")) from None
    return support


def withdraw_support(*, actor: User, proposal: Proposal, on_behalf_of: User | None = None) -> None:
    person = on_behalf_of or actor
    if on_behalf_of is not None and on_behalf_of != actor:
        require(actor, "people.act_for_person", on_behalf_of)
    require_phase(
        proposal.process,
        PhaseKind.IDEAS,
        message=_("Supports can only be changed during the ideas phase."),
    )
    with transaction.atomic():
        deleted, _rows = Support.objects.filter(proposal=proposal, person=person).delete()
        if not deleted:
            raise Conflict(_("You do not support this idea."))
        audit.record(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action="budgeting.withdraw_support",
            target=proposal,
            summary=f"Stopped supporting the idea {proposal.title}",
        )


def add_comment(
    *, actor: User, proposal: Proposal, text: str, parent: Comment | None = None
) -> Comment:
    """A comment, or a reply. Replies to a reply join the thread it is in."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Sign in to comment."))
    require_phase(
        proposal.process,
        *COMMENT_PHASES,
        message=_("Comments are closed for this budget."),
    )
    body = clean_text(text, field="text", required=_("Write your comment."), most=MAX_COMMENT)
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ServiceError(_("You can only reply to a comment on this idea."), field="text")
        if parent.parent_id is not None:
            parent = parent.parent
    with transaction.atomic():
        comment = Comment.objects.create(proposal=proposal, parent=parent, author=actor, text=body)
        audit.record(
            actor=actor,
            action="budgeting.add_comment",
            target=comment,
            summary=f"Commented on {proposal.title}",
        )
        return comment


def report_comment(*, actor: User, comment: Comment, reason: str) -> CommentReport:
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to report a comment."))
    why = clean_text(
        reason, field="reason", required=_("Say what is wrong with the comment."), most=300
    )
    if comment.author_id == actor.pk:
        raise ServiceError(_("You cannot report your own comment."))
    try:
        with transaction.atomic():
            report = CommentReport.objects.create(comment=comment, person=actor, reason=why)
            audit.record(
                actor=actor,
                action="budgeting.report_comment",
                target=comment,
                summary="Reported a comment",
                changes={"reason": why},
            )
    except IntegrityError:
        raise Conflict(
            _("You have already reported this comment. Staff will look at it.")
        ) from None
    return report


def hide_comment(*, actor: User, comment: Comment, reason: str) -> Comment:
    """Staff hide a comment; the reason shows in its place, so the thread still makes sense."""
    with transaction.atomic():
        require(actor, "budgeting.hide_comment", comment.proposal)
        why = clean_text(
            reason,
            field="reason",
            required=_("Say why you are hiding it. Everyone will see the reason."),
            most=300,
        )
        comment = Comment.objects.select_for_update().get(pk=comment.pk)
        if comment.hidden_at is not None:
            raise Conflict(_("This comment is already hidden."))
        comment.hidden_at = timezone.now()
        comment.hidden_by = actor
        comment.hidden_reason = why
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason", "updated_at"])
        audit.record(
            actor=actor,
            action="budgeting.hide_comment",
            target=comment,
            summary="Hid a comment",
            changes={"reason": why},
        )
        return comment
