"""Everything that changes a budgeting process, its ideas, offers and funded projects.

Every function takes the `actor` (who does it). Where a step is a resident's own (putting an
idea forward, supporting one), staff may do it on their behalf (`on_behalf_of`) and the audit
log records it as such.
"""

from coproduce.budgeting.services.conversation import (
    add_comment,
    hide_comment,
    report_comment,
    support_proposal,
    withdraw_support,
)
from coproduce.budgeting.services.offers import convert_offers, make_offer
from coproduce.budgeting.services.processes import (
    advance_by_dates,
    create_process,
    due_phase,
    move_phase,
    publish_process,
    update_process,
)
from coproduce.budgeting.services.projects import (
    follow_project,
    post_update,
    unfollow_project,
    update_project,
)
from coproduce.budgeting.services.proposals import create_proposal, update_proposal
from coproduce.budgeting.services.review import merge_proposals, respond_to_review, review_proposal

__all__ = [
    "add_comment",
    "advance_by_dates",
    "convert_offers",
    "create_process",
    "create_proposal",
    "due_phase",
    "follow_project",
    "hide_comment",
    "make_offer",
    "merge_proposals",
    "move_phase",
    "post_update",
    "publish_process",
    "report_comment",
    "respond_to_review",
    "review_proposal",
    "support_proposal",
    "unfollow_project",
    "update_process",
    "update_project",
    "update_proposal",
    "withdraw_support",
]
