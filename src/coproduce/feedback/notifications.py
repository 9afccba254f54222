"""Emails about feedback: to the person who sent it, and to managers when it is overdue.

Rendered now, sent by the worker once the change commits (`send_email_later`).
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.common.email import send_email_later
from coproduce.feedback.models import Feedback


def follow_url(feedback: Feedback) -> str:
    from coproduce.feedback.references import private_token

    path = reverse("feedback:follow-link", kwargs={"token": private_token(feedback)})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _language(feedback: Feedback) -> AbstractContextManager[None]:
    person = feedback.person
    if person is not None and person.preferred_language:
        return translation.override(person.preferred_language)
    return nullcontext()


def _may_email(feedback: Feedback) -> bool:
    return bool(feedback.email) and feedback.contact_by == Feedback.Contact.EMAIL


def _values(feedback: Feedback) -> dict[str, str]:
    return {
        "name": feedback.name or _("there"),
        "reference": feedback.reference,
        "link": follow_url(feedback),
        "site": settings.SITE_NAME,
        "due": feedback.respond_due.strftime("%d/%m/%Y"),
    }


def feedback_received(feedback: Feedback) -> None:
    if not feedback.email:
        return
    with _language(feedback):
        values = _values(feedback)
        subject = _("We have your feedback: %(reference)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n"
                "Thank you. We have your feedback. Your reference is %(reference)s.\n\n"
                "We will answer by %(due)s. Follow it here, with no account needed:\n"
                "%(link)s\n\n"
                "Keep this link private: anyone with it can see your feedback.\n\n"
                "%(site)s\n"
            )
            % values
        )
    send_email_later(subject=subject, body=body, to=[feedback.email])


def feedback_acknowledged(feedback: Feedback) -> None:
    if not _may_email(feedback):
        return
    with _language(feedback):
        values = _values(feedback)
        subject = _("We are looking at your feedback: %(reference)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n"
                "Someone is now looking at your feedback %(reference)s. We will answer by "
                "%(due)s.\n\nFollow it here: %(link)s\n\n%(site)s\n"
            )
            % values
        )
    send_email_later(subject=subject, body=body, to=[feedback.email])


def feedback_answered(feedback: Feedback) -> None:
    if not _may_email(feedback):
        return
    with _language(feedback):
        values = _values(feedback)
        subject = _("We have answered your feedback: %(reference)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n"
                "We have answered your feedback %(reference)s. Read the answer here:\n"
                "%(link)s\n\n"
                "Please tell us how happy you are with it. If you are not, you can ask for a "
                "review on the same page: someone else will look at it again.\n\n%(site)s\n"
            )
            % values
        )
    send_email_later(subject=subject, body=body, to=[feedback.email])


def review_answered(feedback: Feedback) -> None:
    if not _may_email(feedback):
        return
    with _language(feedback):
        values = _values(feedback)
        subject = _("Your review is answered: %(reference)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n"
                "We have answered your request for a review of %(reference)s. Read it here:\n"
                "%(link)s\n\n%(site)s\n"
            )
            % values
        )
    send_email_later(subject=subject, body=body, to=[feedback.email])


def feedback_overdue(feedback: Feedback, recipients: list[str]) -> None:
    """To managers: no personal details in the email, only the reference and a link."""
    if not recipients:
        return
    path = reverse("feedback:staff-detail", kwargs={"reference": feedback.reference})
    values = {
        "reference": feedback.reference,
        "stage": feedback.get_status_display(),
        "due": feedback.next_due.strftime("%d/%m/%Y") if feedback.next_due else "",
        "service": feedback.service.name if feedback.service else _("no service yet"),
        "link": f"{settings.SITE_URL.rstrip('/')}{path}",
        "site": settings.SITE_NAME,
    }
    subject = _("Overdue feedback: %(reference)s") % values
    body = (
        _(
            "Feedback %(reference)s for %(service)s was due by %(due)s and is overdue.\n"
            "Its status: %(stage)s.\n\n"
            "Please make sure someone deals with it today:\n%(link)s\n\n%(site)s\n"
        )
        % values
    )
    send_email_later(subject=subject, body=body, to=recipients)
