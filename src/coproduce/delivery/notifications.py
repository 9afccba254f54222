"""Emails about shifts: written in the person's own language, sent once the change commits."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from coproduce.common.email import send_email_later
from coproduce.delivery.models import Shift
from coproduce.people.models import User


def can_email(person: User) -> bool:
    """Has an address and has not asked us to keep to other ways of getting in touch."""
    if not person.email:
        return False
    profile = getattr(person, "profile", None)
    return profile is None or bool(profile.contact_by_email)


def _when(shift: Shift) -> str:
    return timezone.localtime(shift.starts_at).strftime("%d/%m/%Y %H:%M")


def _details(shift: Shift) -> dict[str, str]:
    opportunity = shift.opportunity
    return {
        "name": "",
        "title": opportunity.title,
        "when": _when(shift),
        "place": opportunity.place or (_("from home") if opportunity.is_remote else "-"),
        "site": settings.SITE_NAME,
    }


def email_promoted(person: User, shift: Shift) -> None:
    """A place freed up and the person at the front of the waiting list has it now."""
    if not can_email(person):
        return
    with translation.override(person.preferred_language):
        values = {**_details(shift), "name": person.display_name}
        subject = _("You have a place: %(title)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n"
                "Good news. A place came free on %(title)s and it is now yours.\n\n"
                "When: %(when)s\n"
                "Where: %(place)s\n\n"
                "If you cannot come any more, please withdraw on %(site)s "
                "so that someone else can have the place.\n"
            )
            % values
        )
    send_email_later(subject=subject, body=body, to=[str(person.email)])


def email_reminder(person: User, shift: Shift) -> None:
    """The day-before reminder of a shift the person is signed up for."""
    with translation.override(person.preferred_language):
        values = {**_details(shift), "name": person.display_name}
        subject = _("Reminder: %(title)s on %(when)s") % values
        body = (
            _(
                "Hello %(name)s,\n\n"
                "This is a reminder that you are signed up for %(title)s.\n\n"
                "When: %(when)s\n"
                "Where: %(place)s\n\n"
                "If you cannot come, please withdraw on %(site)s "
                "so that someone else can have the place.\n"
            )
            % values
        )
    send_email_later(subject=subject, body=body, to=[str(person.email)])


def email_from_organiser(
    person: User, shift: Shift, *, sender: User, subject: str, body: str
) -> None:
    """The organiser's own words, with a line saying who sent it and which shift it is about."""
    opportunity = shift.opportunity
    with translation.override(person.preferred_language):
        values = {**_details(shift), "sender": sender.display_name}
        heading = _("A message from %(sender)s about %(title)s on %(when)s:") % values
        footer = _("You get this email because you are signed up for this shift on %(site)s.") % (
            values
        )
    reply_to = opportunity.contact_email or ""
    send_email_later(
        subject=subject,
        body=f"{heading}\n\n{body}\n\n-- \n{footer}\n",
        to=[str(person.email)],
        headers={"Reply-To": reply_to} if reply_to else None,
    )
