"""Everything that changes feedback and the "you said, we did" summaries.

Staff services take the `actor`. What the person who sent the feedback does next (rating the
answer, asking for a review) takes an `Access`, which only the follow-up selectors make.
"""

from coproduce.feedback.access import Access
from coproduce.feedback.references import (
    normalise_reference,
    private_token,
    reference_from_token,
)
from coproduce.feedback.services.escalation import escalate_overdue
from coproduce.feedback.services.handling import (
    acknowledge_feedback,
    answer_review,
    forget_person,
    link_similar,
    rate_answer,
    request_review,
    respond_to_feedback,
    triage_feedback,
)
from coproduce.feedback.services.publishing import SummaryDraft, change_summary, publish_summary
from coproduce.feedback.services.submitting import FeedbackDraft, Submitted, submit_feedback

__all__ = [
    "Access",
    "FeedbackDraft",
    "Submitted",
    "SummaryDraft",
    "acknowledge_feedback",
    "answer_review",
    "change_summary",
    "escalate_overdue",
    "forget_person",
    "link_similar",
    "normalise_reference",
    "private_token",
    "publish_summary",
    "rate_answer",
    "reference_from_token",
    "request_review",
    "respond_to_feedback",
    "submit_feedback",
    "triage_feedback",
]
