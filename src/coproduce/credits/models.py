"""The time-credit ledger: accounts, transactions and their entries (double entry).

Every movement of credits is a Transaction of two or more Entries whose amounts sum to zero.
Transactions and entries are never changed or deleted: a mistake is put right by a reversing
transaction that points at the one it undoes. Each Account keeps a running `balance` so pages
need not add up its history; `coproduce ledger verify` proves it equals the sum of its entries.

Amounts are whole quarter-credits ("quarters"; see rounding.py for why). Issuing pools are the
only accounts that may go below zero: a pool's negative balance is the credits it has issued,
so the balances of all accounts together are always exactly zero.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.credits.rounding import format_credits


class Account(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")
        ISSUING_POOL = "issuing_pool", _("Issuing pool")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_accounts",
    )
    # An issuing pool with no organisation is the scheme's own central pool.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credit_accounts",
    )
    balance = models.BigIntegerField(_("balance in quarter-credits"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("credit account")
        constraints = [
            models.CheckConstraint(
                condition=Q(balance__gte=0) | Q(kind="issuing_pool"),
                name="credits_account_never_negative",
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind="person", person__isnull=False, organisation__isnull=True)
                    | Q(kind="organisation", person__isnull=True, organisation__isnull=False)
                    | Q(kind="issuing_pool", person__isnull=True)
                ),
                name="credits_account_owner_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(person__isnull=False),
                name="credits_one_account_per_person_and_kind",
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind"],
                condition=Q(organisation__isnull=False),
                name="credits_one_account_per_organisation_and_kind",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(kind="issuing_pool", organisation__isnull=True),
                name="credits_one_central_pool",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner_name} ({self.get_kind_display()})"

    @property
    def owner_name(self) -> str:
        if self.person_id is not None:
            assert self.person is not None
            return self.person.display_name
        if self.organisation_id is not None:
            assert self.organisation is not None
            return self.organisation.name
        return str(_("the time credit scheme"))

    @property
    def is_pool(self) -> bool:
        return self.kind == self.Kind.ISSUING_POOL

    @property
    def balance_display(self) -> str:
        return format_credits(self.balance)


class Transaction(models.Model):
    """One movement of credits. Append-only: never updated, never deleted."""

    class Reason(models.TextChoices):
        ISSUED = "issued", _("Issued")
        EARNED = "earned", _("Earned")
        SPENT_AT_PARTNER = "spent_at_partner", _("Spent")
        GIFTED = "gifted", _("Given")
        SWAPPED = "swapped", _("Time swap")
        EXPIRED = "expired", _("Expired")
        REVERSED = "reversed", _("Put right")

    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    # What the caller says makes two requests the same one (a double click, an API retry).
    idempotency_key = models.CharField(max_length=200, unique=True)
    # A hash of what was asked for, so a reused key with other content is refused.
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_transactions_made",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="credit_transactions_for",
    )
    # A OneToOne: a transaction can be reversed at most once.
    reverses = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversed_by",
    )
    memo = models.CharField(_("note"), max_length=200, blank=True)

    # Set by the service, not stored: True when a post found this transaction already there.
    replayed = False

    class Meta:
        ordering = ["-id"]
        verbose_name = _("credit transaction")
        constraints = [
            models.CheckConstraint(
                condition=Q(reverses__isnull=True) | Q(reason="reversed"),
                name="credits_only_reversals_reverse",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_reason_display()}"


class Entry(models.Model):
    """One account's side of a transaction: credits in (positive) or out (negative).

    That the entries of a transaction sum to zero spans rows, which no CHECK constraint can
    express; the service enforces it and `ledger verify` proves it.
    """

    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries")
    amount = models.BigIntegerField(_("amount in quarter-credits"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="credits_entry_not_zero"),
            models.UniqueConstraint(
                fields=["transaction", "account"], name="credits_one_entry_per_account"
            ),
        ]
        # A person's history, newest first, without a sort.
        indexes = [models.Index(fields=["account", "-id"], name="credits_entry_history")]

    def __str__(self) -> str:
        return f"{format_credits(self.amount)} to account {self.account_id}"

    @property
    def amount_display(self) -> str:
        return format_credits(self.amount)


class Offer(models.Model):
    """Something a spend partner gives for credits: "one swim for 1 credit"."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="credit_offers"
    )
    title = models.CharField(_("what you get"), max_length=160)
    cost = models.BigIntegerField(_("cost in quarter-credits"))
    # How many times one person may use this offer in a calendar month; 0 means no limit.
    monthly_cap = models.PositiveIntegerField(_("times a month for each person"), default=0)
    is_active = models.BooleanField(_("open to use"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "title", "id"]
        verbose_name = _("offer")
        constraints = [
            models.CheckConstraint(condition=Q(cost__gt=0), name="credits_offer_cost_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cost_display(self) -> str:
        return format_credits(self.cost)


class SpendCode(models.Model):
    """A one-time code a resident shows to partner staff. Only its hash is kept."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="codes")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="spend_codes"
    )
    code_hash = models.CharField(max_length=64, unique=True)
    # Staff who made the code for the person, who may have no phone or email; else empty.
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spend_codes_made",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("spending code")

    def __str__(self) -> str:
        return f"Code {self.pk} for {self.offer}"


class Spend(models.Model):
    """One use of an offer: what counts towards its monthly cap."""

    offer = models.ForeignKey(Offer, on_delete=models.PROTECT, related_name="spends")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_spends"
    )
    transaction = models.OneToOneField(Transaction, on_delete=models.PROTECT, related_name="spend")
    code = models.OneToOneField(
        SpendCode, null=True, blank=True, on_delete=models.PROTECT, related_name="spend"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("spend")
        indexes = [
            models.Index(fields=["person", "offer", "created_at"], name="credits_spend_cap"),
        ]

    def __str__(self) -> str:
        return f"{self.person} used {self.offer}"


class Swap(models.Model):
    """A time-bank swap: one member helps another, and the hours move from helped to helper."""

    class Kind(models.TextChoices):
        OFFER = "offer", _("I can help")
        REQUEST = "request", _("I need help")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        AGREED = "agreed", _("Agreed")
        DONE = "done", _("Done")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("more about it"), blank=True)
    hours = models.BigIntegerField(_("time in quarter-hours"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="swaps_posted"
    )
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="swaps_answered",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    poster_confirmed = models.BooleanField(default=False)
    responder_confirmed = models.BooleanField(default=False)
    transaction = models.OneToOneField(
        Transaction, null=True, blank=True, on_delete=models.PROTECT, related_name="swap"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("time swap")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="credits_swap_hours_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def hours_display(self) -> str:
        return format_credits(self.hours)

    @property
    def helper_id(self) -> int | None:
        return self.posted_by_id if self.kind == self.Kind.OFFER else self.responder_id

    @property
    def helped_id(self) -> int | None:
        return self.responder_id if self.kind == self.Kind.OFFER else self.posted_by_id


class IssuingBudget(models.Model):
    """How many quarter-credits an organisation's pool may issue in a period."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="issuing_budgets"
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    quarters = models.PositiveBigIntegerField(_("budget in quarter-credits"))
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "starts_on"]
        verbose_name = _("issuing budget")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="credits_budget_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.starts_on} to {self.ends_on}"


class HeldIssuance(models.Model):
    """Credits that would have gone over a budget, kept until a coordinator decides."""

    class Status(models.TextChoices):
        HELD = "held", _("Waiting")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="held_issuances"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="held_issuances"
    )
    quarters = models.PositiveBigIntegerField(_("quarter-credits"))
    contribution_id = models.BigIntegerField(null=True, blank=True)
    # The key the ledger transaction will have once approved.
    idempotency_key = models.CharField(max_length=200, unique=True)
    memo = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("held issuance")

    def __str__(self) -> str:
        return f"{self.organisation_id} -> {self.person_id}: {self.quarters} ({self.status})"

    @property
    def credits_display(self) -> str:
        return format_credits(self.quarters)
