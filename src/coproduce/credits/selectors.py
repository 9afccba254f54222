"""Reads of the ledger: balances, histories and the proof that the books balance."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from coproduce.credits.models import Account, Entry, Offer, Swap, Transaction
from coproduce.credits.rounding import format_credits
from coproduce.organisations.models import Organisation
from coproduce.people.models import User


def account_of_person(person: User) -> Account | None:
    return Account.objects.filter(kind=Account.Kind.PERSON, person=person).first()


def balance_of(person: User) -> int:
    """The person's balance in quarter-credits, from the stored running balance."""
    account = Account.objects.filter(kind=Account.Kind.PERSON, person=person).only("balance")
    found = account.first()
    return found.balance if found is not None else 0


def history(account: Account | None) -> QuerySet[Entry]:
    """The account's entries, newest first, with the other side of each transaction at hand.

    Slice it (a page) before it is read: the other sides are fetched for that slice only.
    """
    if account is None:
        return Entry.objects.none()
    # No ORDER BY: sorting would tempt the planner to walk the whole table in id order.
    others = Entry.objects.select_related("account__person", "account__organisation").order_by()
    return (
        Entry.objects.filter(account=account)
        .select_related("transaction__created_by", "transaction__on_behalf_of")
        .prefetch_related(Prefetch("transaction__entries", queryset=others))
        .order_by("-id")
    )


@dataclass(frozen=True)
class HistoryLine:
    transaction_id: int
    at: datetime
    reason: str
    reason_label: str
    amount: int
    memo: str
    others: list[str]
    done_by: str

    @property
    def amount_display(self) -> str:
        return format_credits(self.amount)


def history_lines(entries: Iterable[Entry]) -> list[HistoryLine]:
    return [_line(entry) for entry in entries]


def _line(entry: Entry) -> HistoryLine:
    posted = entry.transaction
    others = [
        other.account.owner_name
        for other in sorted(posted.entries.all(), key=lambda other: other.pk)
        if other.account_id != entry.account_id
    ]
    done_by = ""
    if posted.on_behalf_of_id is not None and posted.created_by is not None:
        done_by = posted.created_by.display_name
    return HistoryLine(
        transaction_id=posted.pk,
        at=posted.created_at,
        reason=posted.reason,
        reason_label=str(posted.get_reason_display()),
        amount=entry.amount,
        memo=posted.memo,
        others=others,
        done_by=done_by,
    )


def giftable_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(is_active=True).only("id", "name").order_by("name", "id")


def active_person_by_email(email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


# --- Proof that the books balance -------------------------------------------------------------


@dataclass
class LedgerReport:
    accounts: int = 0
    transactions: int = 0
    entries: int = 0
    issued: int = 0
    in_circulation: int = 0
    total: int = 0
    wrong_balances: list[tuple[int, int, int]] = field(default_factory=list)
    unbalanced_transactions: list[tuple[int, int]] = field(default_factory=list)
    negative_accounts: list[tuple[int, int]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.wrong_balances
            or self.unbalanced_transactions
            or self.negative_accounts
            or self.total != 0
        )


def ledger_report(limit: int = 50) -> LedgerReport:
    """Recompute every balance from the entries and compare; `limit` problems of each kind."""
    report = LedgerReport(
        accounts=Account.objects.count(),
        transactions=Transaction.objects.count(),
        entries=Entry.objects.count(),
    )
    totals = Account.objects.aggregate(
        pools=Coalesce(Sum("balance", filter=Q(kind=Account.Kind.ISSUING_POOL)), 0),
        others=Coalesce(Sum("balance", filter=~Q(kind=Account.Kind.ISSUING_POOL)), 0),
    )
    report.issued = -totals["pools"]
    report.in_circulation = totals["others"]
    report.total = totals["pools"] + totals["others"]
    report.wrong_balances = _wrong_balances(limit)
    report.unbalanced_transactions = _unbalanced_transactions(limit)
    report.negative_accounts = list(
        Account.objects.filter(balance__lt=0)
        .exclude(kind=Account.Kind.ISSUING_POOL)
        .values_list("pk", "balance")[:limit]
    )
    return report


def _wrong_balances(limit: int) -> list[tuple[int, int, int]]:
    """(account, stored, recomputed) for every account whose balance is not its entries' sum."""
    sums = dict(
        Entry.objects.order_by()
        .values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    wrong: list[tuple[int, int, int]] = []
    for account_id, balance in Account.objects.order_by("pk").values_list("pk", "balance"):
        computed = sums.get(account_id) or 0
        if computed != balance:
            wrong.append((account_id, balance, computed))
            if len(wrong) >= limit:
                break
    return wrong


def _unbalanced_transactions(limit: int) -> list[tuple[int, int]]:
    """(transaction, sum) for every transaction whose entries do not add up to zero."""
    rows = (
        Transaction.objects.order_by("pk")
        .annotate(total=Coalesce(Sum("entries__amount"), 0), legs=Count("entries"))
        .filter(~Q(total=0) | Q(legs__lt=2))
        .values_list("pk", "total")
    )
    return list(rows[:limit])


# --- Spend partners and swaps ---------------------------------------------------------------


def open_offers() -> QuerySet[Offer]:
    """Every offer people can use now, with its partner, for the public list."""
    return Offer.objects.filter(
        is_active=True, organisation__is_spend_partner=True, organisation__is_active=True
    ).select_related("organisation")


def offers_of(organisation: Organisation, *, include_closed: bool = False) -> QuerySet[Offer]:
    offers = Offer.objects.filter(organisation=organisation).select_related("organisation")
    return offers if include_closed else offers.filter(is_active=True)


def swaps_to_list() -> QuerySet[Swap]:
    return Swap.objects.select_related("posted_by", "responder")
