"""Inviting people who said they would do more to an opportunity that fits."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from coproduce.common import audit
from coproduce.common.email import send_email_later
from coproduce.common.errors import Conflict
from coproduce.common.permissions import require
from coproduce.delivery.models import Opportunity
from coproduce.people.models import User
from coproduce.surveys import selectors
from coproduce.surveys.models import Invitation, Survey

MAX_INVITES = 500


def invite_willing(*, actor: User, survey: Survey, opportunity: Opportunity) -> int:
    """Invite everyone who said they would do more, and who lives where the opportunity is
    (or did not say where), to that opportunity. Nobody is invited twice. Returns how many
    were invited now."""
    require(actor, "surveys.invite_volunteers", survey)
    if not opportunity.is_published:
        raise Conflict(_("Publish the opportunity before you invite people to it."))
    if survey.is_anonymous:
        raise Conflict(_("People cannot be invited from an anonymous survey."))
    people = list(selectors.willing_people(survey, area_id=opportunity.area_id)[:MAX_INVITES])
    with transaction.atomic():
        already = set(
            Invitation.objects.filter(survey=survey, opportunity=opportunity).values_list(
                "person_id", flat=True
            )
        )
        new = [person for person in people if person.pk not in already]
        Invitation.objects.bulk_create(
            Invitation(survey=survey, person=person, opportunity=opportunity, invited_by=actor)
            for person in new
        )
        for person in new:
            _email(person, opportunity)
        audit.record(
            actor=actor,
            action="surveys.invite_volunteers",
            target=survey,
            summary=f"Invited {len(new)} people to {opportunity.title}",
        )
        return len(new)


def _email(person: User, opportunity: Opportunity) -> None:
    if not person.email:
        return
    with override(person.preferred_language):
        body = _(
            "Hello %(name)s,\n\nYou told us you would like to do more to help. "
            "%(organisation)s would like to invite you to: %(title)s.\n\n"
            "Find out more and sign up here: %(url)s\n"
        ) % {
            "name": person.display_name,
            "organisation": opportunity.organisation.name,
            "title": opportunity.title,
            "url": opportunity.get_absolute_url(),
        }
        send_email_later(
            subject=_("An invitation: %(title)s") % {"title": opportunity.title},
            body=body,
            to=[person.email],
        )
