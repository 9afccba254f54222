"""Proving who you are before you vote: a code sent to a phone, or a polling-card code.

Codes are never stored, only keyed hashes of them. A polling-card code is long and random, made
for each eligible person and shown once, in the file the council sends to its printer; it works
once. A phone code is six digits, lasts ten minutes and allows five tries.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.budgeting.eligibility import eligibility_problem
from coproduce.budgeting.models import Process
from coproduce.budgeting.voting.models import (
    IdentityCheck,
    IdentityConfirmation,
    PhoneCode,
    PollingCard,
)
from coproduce.budgeting.voting.sms import send_sms
from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import ProfileArea, User
from coproduce.places.models import Area

CARD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to read off a card
CARD_GROUPS = 3
CARD_GROUP_LENGTH = 4
PHONE_CODE_LIFE = datetime.timedelta(minutes=10)
PHONE_CODE_TRIES = 5
PHONE_CODES_AN_HOUR = 5
PHONE_PATTERN = re.compile(r"^\+?[0-9 ()-]{7,20}$")


def _digest(text: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def normal_card_code(code: str) -> str:
    return "".join(char for char in code.upper() if char.isalnum())


def card_hash(process: Process, code: str) -> str:
    return _digest(f"card:{process.pk}:{normal_card_code(code)}")


def new_card_code() -> str:
    groups = [
        "".join(secrets.choice(CARD_ALPHABET) for _ in range(CARD_GROUP_LENGTH))
        for _ in range(CARD_GROUPS)
    ]
    return "-".join(groups)


def person_for_reference(process: Process, reference: str) -> User:
    """The voter a paper ballot names: by their polling-card code, or their email address."""
    text = (reference or "").strip()
    if not text:
        raise ServiceError(
            _("Enter the polling-card code or the email address on the paper."),
            field="voter_reference",
        )
    if "@" in text:
        person = User.objects.filter(email__iexact=text, is_active=True).first()
    else:
        card = (
            PollingCard.objects.select_related("person")
            .filter(process=process, code_hash=card_hash(process, text))
            .first()
        )
        person = card.person if card is not None else None
    if person is None:
        raise ServiceError(
            _("No polling card or account matches %(reference)s. Check the paper.")
            % {"reference": text[:60]},
            field="voter_reference",
        )
    return person


def _confirm(process: Process, person: User, method: str) -> None:
    IdentityConfirmation.objects.get_or_create(
        process=process, person=person, defaults={"method": method}
    )


def use_polling_card(*, actor: User, person: User, process: Process, code: str) -> None:
    """The person typed the code from their polling card: it works once, and only for them."""
    require(actor, "voting.cast_ballot", person)
    wrong = ServiceError(_("That code is not right. Check the card and try again."), field="code")
    if not normal_card_code(code or ""):
        raise ServiceError(_("Enter the code from your polling card."), field="code")
    with transaction.atomic():
        card = (
            PollingCard.objects.select_for_update()
            .filter(process=process, code_hash=card_hash(process, code))
            .first()
        )
        if card is None or card.person_id != person.pk:
            raise wrong
        if card.used_at is not None:
            raise Conflict(_("That code has already been used."), code="code_used")
        card.used_at = timezone.now()
        card.save(update_fields=["used_at"])
        _confirm(process, person, IdentityCheck.POLLING_CARD)
        audit.record(actor=actor, action="voting.use_polling_card", target=process)


def send_phone_code(*, actor: User, person: User, process: Process, phone: str) -> None:
    require(actor, "voting.cast_ballot", person)
    number = (phone or "").strip()
    digits = sum(char.isdigit() for char in number)
    if not PHONE_PATTERN.match(number) or not 7 <= digits <= 15:
        raise ServiceError(
            _("Enter a mobile phone number, like 07700 900123 or +44 7700 900123."), field="phone"
        )
    now = timezone.now()
    with transaction.atomic():
        recent = PhoneCode.objects.filter(
            process=process, person=person, created_at__gt=now - datetime.timedelta(hours=1)
        ).count()
        if recent >= PHONE_CODES_AN_HOUR:
            raise Conflict(_("We have sent you 5 codes in the last hour. Try again later."))
        code = f"{secrets.randbelow(1_000_000):06d}"
        PhoneCode.objects.create(
            process=process,
            person=person,
            code_hash=_digest(f"phone:{process.pk}:{person.pk}:{code}"),
            phone_ending="".join(char for char in number if char.isdigit())[-4:],
            expires_at=now + PHONE_CODE_LIFE,
        )
        audit.record(actor=actor, action="voting.send_phone_code", target=process)
    message = _("Your code to vote in %(process)s is %(code)s. It works for 10 minutes.") % {
        "process": process.title,
        "code": code,
    }
    transaction.on_commit(lambda: send_sms(number, message))


def confirm_phone_code(*, actor: User, person: User, process: Process, code: str) -> None:
    require(actor, "voting.cast_ballot", person)
    typed = "".join(char for char in (code or "") if char.isdigit())
    with transaction.atomic():
        sent = (
            PhoneCode.objects.select_for_update()
            .filter(process=process, person=person, used_at=None, expires_at__gt=timezone.now())
            .order_by("-created_at", "-id")
            .first()
        )
        if sent is None or sent.attempts >= PHONE_CODE_TRIES:
            raise ServiceError(
                _("That code has run out. Ask for a new one."), field="code", code="code_expired"
            )
        expected = _digest(f"phone:{process.pk}:{person.pk}:{typed}")
        if not hmac.compare_digest(expected, sent.code_hash):
            sent.attempts += 1
            sent.save(update_fields=["attempts"])
            wrong = ServiceError(_("That code is not right. Check the message."), field="code")
        else:
            sent.used_at = timezone.now()
            sent.save(update_fields=["used_at"])
            _confirm(process, person, IdentityCheck.PHONE)
            audit.record(actor=actor, action="voting.confirm_phone", target=process)
            return
    raise wrong


@dataclass(frozen=True)
class NewCard:
    person: User
    code: str


def eligible_people(process: Process) -> list[User]:
    """Everyone who may vote: people living in the process's areas (or anyone, if it has none)."""
    people = User.objects.filter(is_active=True, erased_at=None).select_related("profile")
    areas = list(process.areas.all())
    if areas:
        inside = {area.pk for area in areas}
        inside |= set(
            Area.objects.filter(Q(parent__in=inside) | Q(parent__parent__in=inside)).values_list(
                "pk", flat=True
            )
        )
        living = ProfileArea.objects.filter(
            area__in=inside, relation=ProfileArea.Relation.LIVE
        ).values("profile__person")
        people = people.filter(pk__in=living)
    return [
        person
        for person in people.order_by("display_name", "id")
        if eligibility_problem(person, process) is None
    ]


def make_polling_cards(*, actor: User, process: Process) -> list[NewCard]:
    """A card for each eligible person who has none yet. The codes are only in the result."""
    require(actor, "voting.manage_voting", process)
    if process.phase not in ("not_started", "ideas", "review", "voting"):
        raise Conflict(_("Polling cards can only be made before voting closes."))
    has_card = set(PollingCard.objects.filter(process=process).values_list("person_id", flat=True))
    made: list[NewCard] = []
    with transaction.atomic():
        for person in eligible_people(process):
            if person.pk in has_card:
                continue
            code = new_card_code()
            try:
                with transaction.atomic():
                    PollingCard.objects.create(
                        process=process, person=person, code_hash=card_hash(process, code)
                    )
            except IntegrityError:
                continue
            made.append(NewCard(person=person, code=code))
        audit.record(
            actor=actor,
            action="voting.make_polling_cards",
            target=process,
            changes={"cards": len(made)},
        )
    return made
