"""Review: staff check each idea's cost and whether it can be done; authors may reply."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.budgeting import notifications
from coproduce.budgeting.models import Offer, PhaseKind, Proposal, ProposalDetails, Support
from coproduce.budgeting.services._base import (
    MAX_COMMENT,
    clean_text,
    locked_proposal,
    money,
    require_phase,
    whole_amount,
)
from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User

REVIEW_PHASES = (PhaseKind.IDEAS, PhaseKind.REVIEW)
DECISIONS = (Proposal.Status.ACCEPTED, Proposal.Status.REJECTED)
# Long enough to be a sentence someone can understand, not "no".
SHORTEST_REASON = 20


def review_proposal(
    *,
    actor: User,
    proposal: Proposal,
    decision: str,
    final_cost: int | None,
    feasibility: str = "",
    reason: str = "",
) -> Proposal:
    """Put an idea on the ballot at its checked cost, or turn it down with a published reason.
    A decision can be changed until voting starts; the author is told each time."""
    with transaction.atomic():
        require(actor, "budgeting.review_proposal", proposal)
        proposal = locked_proposal(proposal)
        process = proposal.process
        require_phase(
            process, *REVIEW_PHASES, message=_("Ideas can only be reviewed before voting starts.")
        )
        if proposal.status not in (Proposal.Status.SUBMITTED, *DECISIONS):
            raise ServiceError(
                _("This idea was %(status)s, so it cannot be reviewed.")
                % {"status": proposal.get_status_display().lower()}
            )
        if decision not in DECISIONS:
            raise ServiceError(_("Choose whether the idea goes to the vote."), field="decision")
        notes = clean_text(feasibility, field="feasibility", required=None)
        why = clean_text(reason, field="reason", required=None, most=MAX_COMMENT)
        cost = None
        if decision == Proposal.Status.ACCEPTED:
            cost = whole_amount(final_cost, field="final_cost", label=_("the checked cost"))
            if cost > process.budget:
                raise ServiceError(
                    _("The checked cost is more than the whole budget of %(budget)s.")
                    % {"budget": money(process.budget, process.currency)},
                    field="final_cost",
                )
        elif len(why) < SHORTEST_REASON:
            raise ServiceError(
                _(
                    "Explain in a full sentence why the idea cannot go ahead. The author and "
                    "everyone else will read it."
                ),
                field="reason",
            )
        proposal.status = decision
        proposal.final_cost = cost
        proposal.save(update_fields=["status", "final_cost", "updated_at"])
        details, _created = ProposalDetails.objects.get_or_create(proposal=proposal)
        details.feasibility = notes
        details.reason = why
        details.reviewed_at = timezone.now()
        details.reviewed_by = actor
        details.save()
        proposal.details = details
        audit.record(
            actor=actor,
            action="budgeting.review_proposal",
            target=proposal,
            summary=f"Reviewed the idea {proposal.title}: {decision}",
            changes={"status": decision, "final_cost": cost, "reason": why},
        )
        notifications.email_reviewed(proposal)
        return proposal


def respond_to_review(
    *, actor: User, proposal: Proposal, text: str, on_behalf_of: User | None = None
) -> ProposalDetails:
    """The author's answer to the review, shown on the idea. It can be changed."""
    with transaction.atomic():
        require(actor, "budgeting.respond_to_review", proposal)
        proposal = locked_proposal(proposal)
        details = ProposalDetails.objects.filter(proposal=proposal).first()
        if details is None or details.reviewed_at is None:
            raise ServiceError(_("You can reply once staff have reviewed your idea."))
        details.response = clean_text(
            text, field="text", required=_("Write your reply."), most=MAX_COMMENT
        )
        details.responded_at = timezone.now()
        details.save(update_fields=["response", "responded_at"])
        audit.record(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action="budgeting.respond_to_review",
            target=proposal,
            summary=f"Replied to the review of {proposal.title}",
        )
        return details


def merge_proposals(*, actor: User, source: Proposal, target: Proposal, reason: str) -> Proposal:
    """Join a similar idea into another: its supports and offers move over, both authors are
    told. The merged idea stays readable and points to the one it joined."""
    with transaction.atomic():
        require(actor, "budgeting.merge_proposal", source)
        if source.pk == target.pk:
            raise ServiceError(_("Choose a different idea to join it with."), field="target")
        if source.process_id != target.process_id:
            raise ServiceError(_("Both ideas must be in the same budget."), field="target")
        first, second = sorted([source.pk, target.pk])
        locked = {
            proposal.pk: proposal
            for proposal in [
                locked_proposal(Proposal(pk=first)),
                locked_proposal(Proposal(pk=second)),
            ]
        }
        source, target = locked[source.pk], locked[target.pk]
        require_phase(
            source.process,
            *REVIEW_PHASES,
            message=_("Ideas can only be joined before voting starts."),
        )
        open_statuses = (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED)
        if source.status not in open_statuses or target.status not in open_statuses:
            raise ServiceError(_("Only ideas that are still open can be joined."), field="target")
        why = clean_text(
            reason, field="reason", required=_("Say why the ideas are alike."), most=300
        )
        _move_supports(source, target)
        Offer.objects.filter(proposal=source).update(proposal=target)
        source.status = Proposal.Status.MERGED
        source.merged_into = target
        source.save(update_fields=["status", "merged_into", "updated_at"])
        audit.record(
            actor=actor,
            action="budgeting.merge_proposal",
            target=source,
            summary=f"Joined {source.title} into {target.title}",
            changes={"merged_into": target.pk, "reason": why},
        )
        notifications.email_merged(source, target, why)
        return target


def _move_supports(source: Proposal, target: Proposal) -> None:
    already = Support.objects.filter(proposal=target).values_list("person_id", flat=True)
    excluded = [*already] + ([target.author_id] if target.author_id else [])
    Support.objects.filter(proposal=source).exclude(person_id__in=excluded).update(proposal=target)
    Support.objects.filter(proposal=source).delete()
