"""Emails about ideas and projects: in the person's own language, sent once the change commits."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.budgeting.models import Proposal
from coproduce.common.email import send_email_later
from coproduce.people.models import User


def can_email(person: User | None) -> bool:
    if person is None or not person.email or not person.is_active:
        return False
    profile = getattr(person, "profile", None)
    return profile is None or bool(profile.contact_by_email)


def _link(proposal: Proposal) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{proposal.get_absolute_url()}"


def email_reviewed(proposal: Proposal) -> None:
    person = proposal.author
    if person is None or not can_email(person):
        return
    with translation.override(person.preferred_language):
        values = {
            "name": person.display_name,
            "title": proposal.title,
            "link": _link(proposal),
            "reason": proposal.details.reason,
        }
        if proposal.status == Proposal.Status.ACCEPTED:
            subject = _("Your idea is going to the vote: %(title)s") % values
            body = (
                _(
                    "Hello %(name)s,\n\nWe checked your idea %(title)s. It can be done, and it "
                    "will be on the ballot.\n\nSee it here: %(link)s\n"
                )
                % values
            )
        else:
            subject = _("Your idea is not going to the vote: %(title)s") % values
            body = (
                _(
                    "Hello %(name)s,\n\nWe checked your idea %(title)s. It will not be on the "
                    "ballot. This is why:\n\n%(reason)s\n\nYou can reply on the idea's page, and "
                    "everyone will see your reply: %(link)s\n"
                )
                % values
            )
    send_email_later(subject=subject, body=body, to=[str(person.email)])


def email_merged(source: Proposal, target: Proposal, reason: str) -> None:
    """Both authors hear that two ideas became one."""
    for person in {source.author, target.author} - {None}:
        assert person is not None
        if not can_email(person):
            continue
        with translation.override(person.preferred_language):
            values = {
                "name": person.display_name,
                "source": source.title,
                "target": target.title,
                "link": _link(target),
                "reason": reason,
            }
            subject = _("Two ideas were joined: %(target)s") % values
            body = (
                _(
                    "Hello %(name)s,\n\nThe idea %(source)s is very like %(target)s, so we joined "
                    "them. Supports and offers of help now count for %(target)s.\n\nWhy: "
                    "%(reason)s\n\nSee the idea: %(link)s\n"
                )
                % values
            )
        send_email_later(subject=subject, body=body, to=[str(person.email)])


def email_project_update(person: User, proposal: Proposal, text: str) -> None:
    if not can_email(person):
        return
    with translation.override(person.preferred_language):
        values = {
            "name": person.display_name,
            "title": proposal.title,
            "text": text,
            "link": _link(proposal),
        }
        subject = _("News about %(title)s") % values
        body = (
            _(
                "Hello %(name)s,\n\nThere is news about %(title)s, a project you follow:\n\n"
                "%(text)s\n\nSee the project: %(link)s\n\nTo stop these emails, choose "
                '"Stop following" on that page.\n'
            )
            % values
        )
    send_email_later(subject=subject, body=body, to=[str(person.email)])
