"""Every change to the time-credit ledger.

`_post` is the one place that writes transactions. In one database transaction it locks the
accounts involved (in id order, so two posts never wait on each other in a circle), checks
that no account but an issuing pool would go below zero, writes the transaction and its
entries and moves the running balances with F() expressions.

The same idempotency key posted again returns the transaction already made (a double click, a
retried API call, two threads at once); the same key with other content is a Conflict. On
PostgreSQL the row locks and the unique key serialise concurrent posts; on SQLite every write
transaction is BEGIN IMMEDIATE (settings.py), so writers queue for the busy timeout instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.credits.models import Account, Entry, Transaction
from coproduce.credits.rounding import DEFAULT_ROUNDING, format_credits, hours_to_quarters
from coproduce.credits.services import budgets
from coproduce.organisations.models import Organisation
from coproduce.people.models import User

logger = logging.getLogger(__name__)

MAX_KEY_LENGTH = 200
# SQLite answers "database is locked" when a writer waited longer than the busy timeout.
# Under a burst of writers that can happen; the post has changed nothing, so try again.
SQLITE_LOCKED_RETRIES = 5
SQLITE_RETRY_PAUSE = 0.05  # seconds, doubled on each retry

Legs = Sequence[tuple[Account, int]]


class NotEnoughCredits(ServiceError):
    def __init__(self, account: Account) -> None:
        super().__init__(
            _("There are not enough credits for this. %(name)s has %(balance)s credits.")
            % {"name": account.owner_name, "balance": format_credits(account.balance)},
            field="amount",
            code="not_enough_credits",
        )


# --- Accounts -----------------------------------------------------------------------------
# Opening an empty account changes no one's credits, so these are made when first needed.


def account_for_person(person: User) -> Account:
    account, _created = Account.objects.get_or_create(kind=Account.Kind.PERSON, person=person)
    return account


def account_for_organisation(organisation: Organisation) -> Account:
    account, _created = Account.objects.get_or_create(
        kind=Account.Kind.ORGANISATION, organisation=organisation
    )
    return account


def issuing_pool_for(organisation: Organisation | None) -> Account:
    """An organisation's issuing pool; with no organisation, the scheme's central pool."""
    account, _created = Account.objects.get_or_create(
        kind=Account.Kind.ISSUING_POOL, organisation=organisation, person=None
    )
    return account


# --- What people do -------------------------------------------------------------------------


def gift_credits(
    *,
    actor: User,
    sender: User,
    recipient_account: Account,
    amount: int,
    key: str,
    memo: str = "",
) -> Transaction:
    """`sender` gives `amount` quarter-credits to a member or an organisation's account.

    `actor` is the sender, or a member of staff doing it for them. The key is the sender's own:
    it cannot collide with, or reveal, anyone else's transaction.
    """
    require(actor, "credits.give_credits", sender)
    _check_amount(amount)
    _check_gift_recipient(sender, recipient_account)
    sender_account = Account.objects.filter(kind=Account.Kind.PERSON, person=sender).first()
    if sender_account is None:
        raise ServiceError(
            _("There are no credits to give yet. You earn credits by giving your time."),
            field="amount",
            code="not_enough_credits",
        )
    posted = _post(
        actor=actor,
        entries=[(sender_account, -amount), (recipient_account, amount)],
        reason=Transaction.Reason.GIFTED,
        idempotency_key=f"gift:{sender.pk}:{_checked_key(key)}",
        on_behalf_of=sender if sender.pk != actor.pk else None,
        memo=memo,
    )
    _record(
        actor,
        posted,
        "credits.give_credits",
        f"Gave {format_credits(amount)} credits to {recipient_account.owner_name}",
        on_behalf_of=sender,
    )
    return posted


def _check_gift_recipient(sender: User, recipient: Account) -> None:
    if recipient.is_pool:
        raise ServiceError(
            _("Credits can be given to a member or to a group, not to an issuing pool."),
            field="recipient",
        )
    if recipient.person_id == sender.pk:
        raise ServiceError(_("You cannot give credits to yourself."), field="recipient")
    if recipient.person is not None and not recipient.person.is_active:
        raise ServiceError(_("That account is closed."), field="recipient")


def issue_credits(
    *,
    actor: User,
    pool: Account,
    account: Account,
    amount: int,
    reason: str = Transaction.Reason.ISSUED,
    key: str,
    memo: str = "",
    on_behalf_of: User | None = None,
    contribution_id: int | None = None,
) -> Transaction | None:
    """Create `amount` quarter-credits in `account`, drawn from an issuing pool.

    Credits to a person that would take an organisation's pool over its issuing budget are
    held for a coordinator to approve (services/budgets.py), and None is returned.
    """
    require(actor, "credits.issue_credits", pool)
    if not pool.is_pool:
        raise ServiceError(_("Credits can only be issued from an issuing pool."), field="pool")
    if account.is_pool:
        raise ServiceError(_("Credits cannot be issued to an issuing pool."), field="account")
    if reason not in (Transaction.Reason.ISSUED, Transaction.Reason.EARNED):
        raise ServiceError(_("Issued credits are either issued or earned."), field="reason")
    _check_amount(amount)
    key = _checked_key(key)
    if _budgeted(pool, account):
        with transaction.atomic():
            # The pool's row lock makes confirmations against one budget take turns.
            pool = _lock_accounts([pool.pk])[pool.pk]
            if budgets.should_hold(pool, amount, key):
                assert account.person is not None
                budgets.hold(
                    actor=actor,
                    pool=pool,
                    person=account.person,
                    amount=amount,
                    key=key,
                    memo=memo,
                    contribution_id=contribution_id,
                )
                return None
            return _issue(actor, pool, account, amount, reason, key, memo, on_behalf_of)
    return _issue(actor, pool, account, amount, reason, key, memo, on_behalf_of)


def _budgeted(pool: Account, account: Account) -> bool:
    if pool.organisation_id is None or account.person_id is None:
        return False
    return (
        budgets.budget_covering(pool.organisation, timezone.localdate())  # type: ignore[arg-type]
        is not None
    )


def _issue(
    actor: User,
    pool: Account,
    account: Account,
    amount: int,
    reason: str,
    key: str,
    memo: str,
    on_behalf_of: User | None,
) -> Transaction:
    posted = _post(
        actor=actor,
        entries=[(pool, -amount), (account, amount)],
        reason=reason,
        idempotency_key=key,
        on_behalf_of=on_behalf_of,
        memo=memo,
    )
    _record(
        actor,
        posted,
        "credits.issue_credits",
        f"Issued {format_credits(amount)} credits to {account.owner_name}",
        on_behalf_of=on_behalf_of,
    )
    return posted


def credit_for_contribution(
    *,
    actor: User,
    contribution_id: int,
    person: User,
    organisation: Organisation,
    hours: Decimal | int | str,
    key: str,
) -> Transaction | None:
    """Credits earned for confirmed hours: one an hour, rounded by COPRODUCE_CREDIT_ROUNDING.

    They come from the organisation's issuing pool (opened when first needed). Hours that round
    to nothing earn nothing, and None is returned; so do credits held over the organisation's
    issuing budget. Safe to call twice with the same key.
    """
    rule = getattr(settings, "COPRODUCE_CREDIT_ROUNDING", DEFAULT_ROUNDING)
    try:
        quarters = hours_to_quarters(hours, rule)
    except ValueError:
        raise ServiceError(_("The hours must be a number, 0 or more."), field="hours") from None
    if quarters == 0:
        return None
    return issue_credits(
        actor=actor,
        pool=issuing_pool_for(organisation),
        account=account_for_person(person),
        amount=quarters,
        reason=Transaction.Reason.EARNED,
        key=key,
        memo=f"Contribution {contribution_id}",
        on_behalf_of=person if person.pk != actor.pk else None,
        contribution_id=contribution_id,
    )


def reverse_transaction(*, actor: User, original: Transaction, memo: str = "") -> Transaction:
    """Undo a transaction with a new one of opposite entries. Each can be undone once."""
    require(actor, "credits.reverse_transaction")
    if original.reason == Transaction.Reason.REVERSED:
        raise ServiceError(
            _("This is already a correction. Make a new transaction instead."), code="reversal"
        )
    entries = [
        (entry.account, -entry.amount)
        for entry in original.entries.select_related("account").order_by("id")
    ]
    posted = _post(
        actor=actor,
        entries=entries,
        reason=Transaction.Reason.REVERSED,
        # One reversal per transaction: asking again finds the first.
        idempotency_key=f"reverse:{original.pk}",
        reverses=original,
        memo=memo,
    )
    _record(actor, posted, "credits.reverse_transaction", f"Reversed transaction {original.pk}")
    return posted


def post_transaction(
    *,
    actor: User,
    entries: Legs,
    reason: str,
    idempotency_key: str,
    on_behalf_of: User | None = None,
    memo: str = "",
) -> Transaction:
    """Post any balanced set of entries: for administrators and the scheme's own tools."""
    require(actor, "credits.post_transaction")
    if reason not in Transaction.Reason.values or reason == Transaction.Reason.REVERSED:
        raise ServiceError(_("Choose a reason for the transaction."), field="reason")
    posted = _post(
        actor=actor,
        entries=entries,
        reason=reason,
        idempotency_key=_checked_key(idempotency_key),
        on_behalf_of=on_behalf_of,
        memo=memo,
    )
    _record(actor, posted, "credits.post_transaction", f"Posted a {reason} transaction")
    return posted


def _record(
    actor: User, posted: Transaction, action: str, summary: str, on_behalf_of: User | None = None
) -> None:
    if not posted.replayed:
        audit.record(
            actor=actor, action=action, target=posted, on_behalf_of=on_behalf_of, summary=summary
        )


# --- The ledger's one writer ----------------------------------------------------------------


def _post(
    *,
    actor: User | None,
    entries: Legs,
    reason: str,
    idempotency_key: str,
    on_behalf_of: User | None = None,
    memo: str = "",
    reverses: Transaction | None = None,
) -> Transaction:
    legs = _checked_legs(entries)
    memo = memo.strip()[:200]
    fingerprint = _fingerprint(legs, reason, on_behalf_of, reverses, memo)
    # Only the outermost transaction can be retried: inside a caller's, the lock is theirs.
    retry_when_locked = not connection.in_atomic_block and connection.vendor == "sqlite"
    attempt = 0
    while True:
        try:
            with transaction.atomic():
                return _post_once(
                    actor, legs, reason, idempotency_key, fingerprint, on_behalf_of, memo, reverses
                )
        except IntegrityError:
            # Another post with the same key committed first: theirs is ours.
            existing = _existing(idempotency_key, fingerprint)
            if existing is None:
                raise
            return existing
        except OperationalError as error:
            if not (retry_when_locked and _is_locked(error)) or attempt >= SQLITE_LOCKED_RETRIES:
                raise
            logger.info("Ledger post waited for a locked database; trying again.")
            time.sleep(SQLITE_RETRY_PAUSE * 2**attempt)
            attempt += 1


def _post_once(
    actor: User | None,
    legs: list[tuple[Account, int]],
    reason: str,
    key: str,
    fingerprint: str,
    on_behalf_of: User | None,
    memo: str,
    reverses: Transaction | None,
) -> Transaction:
    locked = _lock_accounts([account.pk for account, _amount in legs])
    # Checked after the locks: a post with the same key that held them has committed by now.
    existing = _existing(key, fingerprint)
    if existing is not None:
        return existing
    for account, amount in legs:
        current = locked[account.pk]
        if not current.is_pool and current.balance + amount < 0:
            raise NotEnoughCredits(current)
    posted = Transaction.objects.create(
        reason=reason,
        idempotency_key=key,
        fingerprint=fingerprint,
        created_by=actor if actor is not None and actor.is_authenticated else None,
        on_behalf_of=on_behalf_of,
        reverses=reverses,
        memo=memo,
    )
    Entry.objects.bulk_create(
        [
            Entry(transaction=posted, account_id=account.pk, amount=amount)
            for account, amount in legs
        ]
    )
    for account, amount in legs:
        Account.objects.filter(pk=account.pk).update(balance=F("balance") + amount)
        account.balance = locked[account.pk].balance + amount
    return posted


def _lock_accounts(ids: list[int]) -> dict[int, Account]:
    """Lock the rows in id order, so that two posts can never each hold what the other wants."""
    accounts = Account.objects.select_for_update(of=("self",)).filter(pk__in=ids).order_by("pk")
    locked = {account.pk: account for account in accounts.select_related("person", "organisation")}
    if len(locked) != len(ids):
        raise ServiceError(_("One of the accounts does not exist."), code="no_account")
    return locked


def _existing(key: str, fingerprint: str) -> Transaction | None:
    found = Transaction.objects.filter(idempotency_key=key).first()
    if found is None:
        return None
    if found.fingerprint != fingerprint:
        raise Conflict(
            _(
                "This request was already sent with different details, so nothing was changed. "
                "Start again to make a new one."
            ),
            code="idempotency_conflict",
        )
    found.replayed = True
    return found


def _checked_legs(entries: Legs) -> list[tuple[Account, int]]:
    legs = list(entries)
    if len(legs) < 2:
        raise ServiceError(_("A transaction needs at least two entries."))
    if len({account.pk for account, _amount in legs}) != len(legs):
        raise ServiceError(_("Each account can appear only once in a transaction."))
    for account, amount in legs:
        if account.pk is None:
            raise ServiceError(_("One of the accounts does not exist."), code="no_account")
        if isinstance(amount, bool) or not isinstance(amount, int) or amount == 0:
            raise ServiceError(_("Each entry must move a whole number of quarter-credits."))
    if sum(amount for _account, amount in legs) != 0:
        raise ServiceError(_("The entries of a transaction must add up to zero."))
    return legs


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ServiceError(_("The amount must be more than 0."), field="amount")


def _checked_key(key: str) -> str:
    key = (key or "").strip()
    if not key or len(key) > 100 or not key.isprintable():
        raise ServiceError(
            _("The idempotency key must be 1 to 100 printable characters."), field="key"
        )
    return key


def _fingerprint(
    legs: list[tuple[Account, int]],
    reason: str,
    on_behalf_of: User | None,
    reverses: Transaction | None,
    memo: str,
) -> str:
    content = {
        "reason": str(reason),
        "entries": sorted((account.pk, amount) for account, amount in legs),
        "on_behalf_of": on_behalf_of.pk if on_behalf_of is not None else None,
        "reverses": reverses.pk if reverses is not None else None,
        "memo": memo,
    }
    return hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()


def _is_locked(error: OperationalError) -> bool:
    return "database is locked" in str(error) or "database table is locked" in str(error)


# The budget services, re-exported so callers find every write here.
set_issuing_budget = budgets.set_issuing_budget
approve_held_issuance = budgets.approve_held_issuance
decline_held_issuance = budgets.decline_held_issuance
