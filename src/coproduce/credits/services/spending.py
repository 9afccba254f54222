"""Spending credits with partners: their offers, one-time codes, and redeeming them.

A resident makes a short code for an offer and shows it; partner staff type it in and the
credits move from the resident's account to the partner's in one ledger transaction. Only a
hash of the code is kept. The code row is locked while it is redeemed and the ledger key is
made from it, so a double click or two members of staff at once make exactly one spend.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.credits.models import Account, Offer, Spend, SpendCode, Transaction
from coproduce.credits.rounding import format_credits
from coproduce.credits.services import (
    NotEnoughCredits,
    _post,
    account_for_organisation,
    account_for_person,
)
from coproduce.organisations.models import Organisation
from coproduce.people.models import User

# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: easy to read out and to type.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8
CODE_LIFETIME = timedelta(minutes=15)
# A code staff make for someone without a phone is written down or printed and carried to
# the counter, so it has to last longer; it still works only once.
CODE_LIFETIME_ON_PAPER = timedelta(days=7)
MAX_OFFER_QUARTERS = 1000 * 4
MAX_MONTHLY_CAP = 1000


# --- Offers -----------------------------------------------------------------------------------


def create_offer(
    *,
    actor: User,
    organisation: Organisation,
    title: str,
    cost: int,
    monthly_cap: int = 0,
    is_active: bool = True,
) -> Offer:
    require(actor, "credits.manage_offers", organisation)
    if not organisation.is_spend_partner:
        raise ServiceError(
            _("%(name)s does not take time credits yet.") % {"name": organisation.name},
            field="organisation",
        )
    offer = Offer(organisation=organisation)
    _fill_offer(offer, title=title, cost=cost, monthly_cap=monthly_cap, is_active=is_active)
    with transaction.atomic():
        offer.save()
        audit.record(actor=actor, action="credits.create_offer", target=offer, summary=title)
    return offer


def update_offer(
    *, actor: User, offer: Offer, title: str, cost: int, monthly_cap: int, is_active: bool
) -> Offer:
    require(actor, "credits.manage_offers", offer.organisation)
    _fill_offer(offer, title=title, cost=cost, monthly_cap=monthly_cap, is_active=is_active)
    with transaction.atomic():
        offer.save()
        audit.record(actor=actor, action="credits.update_offer", target=offer, summary=title)
    return offer


def _fill_offer(offer: Offer, *, title: str, cost: int, monthly_cap: int, is_active: bool) -> None:
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Enter what people get for their credits."), field="title")
    if isinstance(cost, bool) or not isinstance(cost, int) or not 0 < cost <= MAX_OFFER_QUARTERS:
        raise ServiceError(
            _("The cost must be more than 0 and no more than 1000 credits."), field="cost"
        )
    if (
        isinstance(monthly_cap, bool)
        or not isinstance(monthly_cap, int)
        or not 0 <= monthly_cap <= MAX_MONTHLY_CAP
    ):
        raise ServiceError(
            _("The monthly limit must be a whole number from 0 to 1000."), field="monthly_cap"
        )
    offer.title = title[:160]
    offer.cost = cost
    offer.monthly_cap = monthly_cap
    offer.is_active = bool(is_active)


# --- Codes ------------------------------------------------------------------------------------


def hash_code(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()


def normalise_code(code: str) -> str:
    """What staff type: any case, with spaces or dashes, is the same code."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def make_spend_code(*, actor: User, person: User, offer: Offer) -> tuple[SpendCode, str]:
    """A new code for `offer`; the code itself is returned once and never stored.

    Staff helping `person` may make it for them, to print or write down: it then lasts
    longer, and the spend it leads to is recorded as done on the person's behalf.
    """
    require(actor, "credits.make_spend_code", person)
    if not person.is_active:
        raise ServiceError(_("That account is closed."), code="closed")
    _check_offer_open(offer)
    on_behalf = actor.pk != person.pk
    _check_balance(person, offer, on_behalf)
    _check_cap(person, offer)
    code = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
    lifetime = CODE_LIFETIME_ON_PAPER if on_behalf else CODE_LIFETIME
    with transaction.atomic():
        made = SpendCode.objects.create(
            offer=offer,
            person=person,
            code_hash=hash_code(code),
            made_by=actor if on_behalf else None,
            expires_at=timezone.now() + lifetime,
        )
        audit.record(
            actor=actor,
            action="credits.make_spend_code",
            target=made,
            on_behalf_of=person,
            summary=offer.title,
        )
    return made, code


def _check_balance(person: User, offer: Offer, on_behalf: bool) -> None:
    account = Account.objects.filter(kind=Account.Kind.PERSON, person=person).first()
    balance = account.balance if account else 0
    if balance >= offer.cost:
        return
    values = {
        "cost": offer.cost_display,
        "balance": format_credits(balance),
        "name": person.display_name,
    }
    if on_behalf:
        message = _("%(name)s needs %(cost)s credits for this and has %(balance)s.") % values
    else:
        message = _("You need %(cost)s credits for this. You have %(balance)s.") % values
    raise ServiceError(message, code="not_enough_credits")


def redeem_code(*, actor: User, organisation: Organisation, code: str) -> Spend:
    """Partner staff take a code: the credits move to the partner, once."""
    require(actor, "credits.redeem_codes", organisation)
    with transaction.atomic():
        found = (
            SpendCode.objects.select_for_update(of=("self",))
            .select_related("offer", "person")
            .filter(code_hash=hash_code(code), offer__organisation=organisation)
            .first()
        )
        if found is None:
            raise ServiceError(_("We do not know that code. Check it and try again."), field="code")
        now = timezone.now()
        if found.used_at is not None:
            raise ServiceError(
                _("This code has already been used. Nothing more was taken."),
                field="code",
                code="code_used",
            )
        if found.expires_at <= now:
            raise ServiceError(
                _("This code has run out. Ask the person to make a new one."),
                field="code",
                code="code_expired",
            )
        spend = _spend(
            actor=actor,
            person=found.person,
            offer=found.offer,
            key=f"spend-code:{found.pk}",
            code=found,
            # A code staff made for the person: the spend is theirs, done on their behalf.
            on_behalf=found.made_by_id is not None,
        )
        found.used_at = now
        found.save(update_fields=["used_at"])
    return spend


def spend_on_behalf(*, actor: User, person: User, offer: Offer, key: str) -> Spend:
    """Partner staff spend for a person they looked up, who has no code to show."""
    require(actor, "credits.redeem_codes", offer.organisation)
    if not person.is_active:
        raise ServiceError(_("That account is closed."), field="email")
    key = (key or "").strip()
    if not key or len(key) > 100:
        raise ServiceError(_("Something went wrong with the form. Try again."), field="key")
    with transaction.atomic():
        return _spend(
            actor=actor,
            person=person,
            offer=offer,
            key=f"spend:{offer.organisation_id}:{key}",
            on_behalf=True,
        )


def _spend(
    *,
    actor: User,
    person: User,
    offer: Offer,
    key: str,
    code: SpendCode | None = None,
    on_behalf: bool = False,
) -> Spend:
    _check_offer_open(offer)
    person_account = account_for_person(person)
    # Lock the person's account before counting, so two spends cannot both fit under the cap.
    Account.objects.select_for_update().filter(pk=person_account.pk).first()
    existing = Spend.objects.filter(transaction__idempotency_key=key).first()
    if existing is not None:
        return _replayed(existing, person, offer)
    _check_cap(person, offer)
    try:
        posted = _post(
            actor=actor,
            entries=[
                (person_account, -offer.cost),
                (account_for_organisation(offer.organisation), offer.cost),
            ],
            reason=Transaction.Reason.SPENT_AT_PARTNER,
            idempotency_key=key,
            on_behalf_of=person if on_behalf else None,
            memo=offer.title,
        )
    except NotEnoughCredits:
        raise ServiceError(
            _("%(name)s does not have enough credits for this. They have %(balance)s.")
            % {"name": person.display_name, "balance": format_credits(person_account.balance)},
            field="code" if code is not None else "offer",
            code="not_enough_credits",
        ) from None
    spend = Spend.objects.create(offer=offer, person=person, transaction=posted, code=code)
    audit.record(
        actor=actor,
        action="credits.spend",
        target=posted,
        on_behalf_of=person,
        summary=f"Spent {offer.cost_display} credits on {offer.title}",
    )
    return spend


def _replayed(existing: Spend, person: User, offer: Offer) -> Spend:
    """The same request again (a double click) finds the first spend; other content is refused."""
    if existing.person_id != person.pk or existing.offer_id != offer.pk:
        raise Conflict(
            _(
                "This request was already sent with different details, so nothing was changed. "
                "Start again to make a new one."
            ),
            code="idempotency_conflict",
        )
    return existing


def _check_offer_open(offer: Offer) -> None:
    if not offer.is_active or not offer.organisation.is_spend_partner:
        raise ServiceError(_("This offer is not open at the moment."), code="offer_closed")


def _check_cap(person: User, offer: Offer) -> None:
    if offer.monthly_cap == 0:
        return
    used = Spend.objects.filter(
        person=person, offer=offer, created_at__gte=_month_start(timezone.now())
    ).count()
    if used >= offer.monthly_cap:
        raise ServiceError(
            _(
                "%(name)s has used this offer %(used)s times this month, which is the most "
                "allowed. It can be used again next month."
            )
            % {"name": person.display_name, "used": used},
            code="over_cap",
        )


def _month_start(now: datetime) -> datetime:
    local = timezone.localtime(now)
    return local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
