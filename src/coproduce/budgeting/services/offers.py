"""Co-production offers: time, skills, a space or money towards an idea, and what they become
when the project goes ahead."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.budgeting.models import Offer, OfferKind, PhaseKind, Proposal
from coproduce.budgeting.services._base import clean_text, require_phase, whole_amount
from coproduce.common import audit
from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.permissions import require
from coproduce.delivery import services as delivery_services
from coproduce.delivery.models import Opportunity
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.people.roles import roles_of

OPEN_FOR_OFFERS = (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED)
# Money is counted towards the project; the rest is work people do, so it becomes something to do.
BECOMES_OPPORTUNITY = (OfferKind.TIME, OfferKind.SKILLS, OfferKind.SPACE)


def make_offer(
    *,
    actor: User,
    proposal: Proposal,
    kind: str,
    description: str,
    amount: int | None = None,
    group: Organisation | None = None,
    on_behalf_of: User | None = None,
) -> Offer:
    """Anyone signed in may offer help, for themselves or for a group they belong to."""
    person = on_behalf_of or actor
    if on_behalf_of is not None and on_behalf_of != actor:
        require(actor, "people.act_for_person", on_behalf_of)
    if not person.is_authenticated or not person.is_active:
        raise PermissionDenied(_("Sign in to offer help."))
    require_phase(
        proposal.process,
        PhaseKind.IDEAS,
        PhaseKind.REVIEW,
        PhaseKind.VOTING,
        PhaseKind.RESULTS,
        PhaseKind.DELIVERY,
        message=_("Offers open when the ideas phase starts."),
    )
    if proposal.status not in OPEN_FOR_OFFERS:
        raise ServiceError(_("This idea is no longer taking offers."), code="wrong_status")
    if kind not in OfferKind.values:
        raise ServiceError(_("Choose what you are offering."), field="kind")
    if group is not None and group.pk not in roles_of(person).member_of:
        raise ServiceError(
            _("You can only offer on behalf of a group you belong to."), field="group"
        )
    text = clean_text(
        description, field="description", required=_("Describe what you will do or give.")
    )
    money = None
    if kind == OfferKind.MONEY:
        money = whole_amount(amount, field="amount", label=_("the amount"))
    elif amount not in (None, ""):
        raise ServiceError(_("Only an offer of money has an amount."), field="amount")
    with transaction.atomic():
        offer = Offer.objects.create(
            proposal=proposal, person=person, group=group, kind=kind, description=text, amount=money
        )
        audit.record(
            actor=actor,
            on_behalf_of=on_behalf_of,
            action="budgeting.add_offer",
            target=offer,
            summary=f"Offered {kind} to {proposal.title}",
            changes={"kind": kind, "amount": money, "group": group.name if group else None},
        )
        return offer


def convert_offers(*, actor: User, proposal: Proposal) -> list[Opportunity]:
    """Turn a funded project's offers of time, skills and space into things to do in
    co-delivery, run by the organisation that runs the budget. Offers already turned are
    left alone, so running this twice makes nothing twice. The new opportunities are not
    published: staff add dates first."""
    with transaction.atomic():
        require(actor, "budgeting.convert_offers", proposal)
        if not proposal.is_funded:
            raise ServiceError(_("Only a funded project's offers can become things to do."))
        organisation = proposal.process.organisation
        if organisation is None:
            raise ServiceError(
                _("This budget is not run by an organisation, so there is no one to run the work.")
            )
        offers = list(
            Offer.objects.select_for_update(of=("self",))
            .select_related("person", "group")
            .filter(proposal=proposal, opportunity__isnull=True, kind__in=BECOMES_OPPORTUNITY)
            .order_by("id")
        )
        if not offers:
            raise ServiceError(_("There are no offers of time, skills or space left to turn."))
        made = []
        for offer in offers:
            opportunity = delivery_services.create_opportunity(
                actor=actor,
                organisation=organisation,
                data=_opportunity_data(proposal, offer),
            )
            offer.opportunity = opportunity
            offer.save(update_fields=["opportunity", "updated_at"])
            made.append(opportunity)
        audit.record(
            actor=actor,
            action="budgeting.convert_offers",
            target=proposal,
            summary=f"Turned {len(made)} offers on {proposal.title} into things to do",
            changes={"opportunities": [item.pk for item in made]},
        )
        return made


def _opportunity_data(proposal: Proposal, offer: Offer) -> dict[str, object]:
    who = offer.group.name if offer.group else (offer.person.display_name if offer.person else "")
    title = _("Help deliver %(project)s: %(kind)s") % {
        "project": proposal.title,
        "kind": offer.get_kind_display().lower(),
    }
    return {
        "title": title[:160],
        "description": _(
            "A project chosen by residents in %(process)s. %(who)s offered this:\n\n%(offer)s"
        )
        % {
            "process": proposal.process.title,
            "who": who or _("Someone"),
            "offer": offer.description,
        },
        "what_you_do": offer.description,
        "area": proposal.area,
        "kind": Opportunity.Kind.REGULAR,
    }
