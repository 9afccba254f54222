"""Voting in a participatory budget: how a process votes, the ballots, and who checked whom.

Ballots are append-only. A voter's current ballot is the newest one, marked `is_current`; a
partial unique constraint keeps at most one current ballot per voter and process, on SQLite and
PostgreSQL alike, so two channels or two requests at the same instant can never both count.
Earlier ballots are kept, so every result can be recounted from the records.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coproduce.budgeting.models import Process


class BallotKind(models.TextChoices):
    APPROVAL_BUDGET = "approval_budget", _("Choose projects whose total fits the budget")
    APPROVAL_K = "approval_k", _("Choose up to a number of projects")
    CUMULATIVE = "cumulative", _("Share out points between projects")


class IdentityCheck(models.TextChoices):
    EMAIL = "email", _("A confirmed email address")
    PHONE = "phone", _("A code sent to a mobile phone")
    POLLING_CARD = "polling_card", _("A code on a polling card sent by post")


class CountingRule(models.TextChoices):
    EQUAL_SHARES = "equal-shares", _("Method of Equal Shares")
    GREEDY = "greedy", _("Most votes first")


class Channel(models.TextChoices):
    ONLINE = "online", _("Online")
    PAPER = "paper", _("Paper")
    ASSISTED = "assisted", _("With staff at an event")
    IMPORTED = "imported", _("Imported from a file")


class VotingSettings(models.Model):
    process = models.OneToOneField(
        Process, on_delete=models.CASCADE, related_name="voting_settings"
    )
    ballot_kind = models.CharField(
        _("kind of ballot"),
        max_length=20,
        choices=BallotKind.choices,
        default=BallotKind.APPROVAL_BUDGET,
    )
    max_choices = models.PositiveSmallIntegerField(
        _("most projects a voter may choose"), null=True, blank=True
    )
    points = models.PositiveSmallIntegerField(
        _("points each voter shares out"), null=True, blank=True
    )
    can_change = models.BooleanField(
        _("voters may change their online ballot until voting closes"), default=True
    )
    identity_check = models.CharField(
        _("how voters prove who they are"),
        max_length=20,
        choices=IdentityCheck.choices,
        default=IdentityCheck.EMAIL,
    )
    rule = models.CharField(
        _("counting rule"),
        max_length=20,
        choices=CountingRule.choices,
        default=CountingRule.EQUAL_SHARES,
    )

    class Meta:
        verbose_name = _("voting settings")
        verbose_name_plural = _("voting settings")
        constraints = [
            models.CheckConstraint(
                condition=~Q(ballot_kind="approval_k") | Q(max_choices__gte=1),
                name="approval_k_needs_a_number",
            ),
            models.CheckConstraint(
                condition=~Q(ballot_kind="cumulative") | Q(points__gte=1),
                name="cumulative_needs_points",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.get_ballot_kind_display()}"


class Ballot(models.Model):
    """One ballot as cast. A change is a new ballot; the one it replaces stays, not current."""

    # No index of its own: the (process, is_current, channel) index below starts with it. A
    # second one let PostgreSQL, with statistics from before a vote began, scan every ballot
    # of the vote to find a voter's current one instead of using the unique index for it.
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="ballots", db_index=False
    )
    # Empty for ballots imported from a published, anonymised file.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budgeting_ballots",
    )
    channel = models.CharField(_("how it was cast"), max_length=10, choices=Channel.choices)
    # Proposal id (as text) -> points; 1 for each project chosen on an approval ballot.
    choices = models.JSONField(_("choices"))
    is_current = models.BooleanField(default=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    # Staff who keyed a paper ballot or voted with the person at an event.
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    idempotency_key = models.CharField(max_length=100, blank=True)
    paper_number = models.CharField(max_length=40, blank=True)
    cast_at = models.DateTimeField(auto_now_add=True)
    # Not stored: True on the ballot returned for a request sent again with the same key.
    replayed: bool = False

    class Meta:
        ordering = ["process", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["process", "voter"],
                condition=Q(is_current=True),
                name="one_current_ballot_per_voter",
            ),
            models.UniqueConstraint(
                fields=["process", "voter", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="one_ballot_per_idempotency_key",
            ),
        ]
        indexes = [models.Index(fields=["process", "is_current", "channel"])]

    def __str__(self) -> str:
        return f"{self.process}: ballot {self.pk}"


class PaperBallot(models.Model):
    """A paper ballot being keyed in by two members of staff, by its paper number."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting for a second keying")
        COUNTED = "counted", _("Counted")
        MISMATCH = "mismatch", _("The keyings differ: a third check is needed")
        REFUSED = "refused", _("Not counted")

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="paper_ballots")
    paper_number = models.CharField(_("paper number"), max_length=40)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    reason = models.CharField(max_length=300, blank=True)
    ballot = models.OneToOneField(
        Ballot, null=True, blank=True, on_delete=models.PROTECT, related_name="paper"
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["process", "paper_number"]
        constraints = [
            models.UniqueConstraint(fields=["process", "paper_number"], name="one_paper_number")
        ]

    def __str__(self) -> str:
        return f"{self.process}: paper {self.paper_number}"


class PaperKeying(models.Model):
    """What one member of staff read off a paper ballot."""

    paper = models.ForeignKey(PaperBallot, on_delete=models.PROTECT, related_name="keyings")
    keyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    choices = models.JSONField()
    keyed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper", "id"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "keyed_by"], name="one_keying_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.paper}: keyed by {self.keyed_by_id}"


class PollingCard(models.Model):
    """A code printed on a card posted to an eligible person. Only its hash is kept."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="polling_cards")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "person"], name="one_polling_card")
        ]

    def __str__(self) -> str:
        return f"{self.process}: card for {self.person_id}"


class PhoneCode(models.Model):
    """A code sent by text message. Only its hash is kept; it lasts a few minutes."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64)
    phone_ending = models.CharField(max_length=4)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.process}: code for {self.person_id}"


class IdentityConfirmation(models.Model):
    """The person proved who they are for this process, by phone or polling card."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=20, choices=IdentityCheck.choices)
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["process", "person"], name="one_identity_confirmation")
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.person_id} by {self.method}"


class ResultsPublication(models.Model):
    """Results made public: the rule, the winners and who published them. Append-only."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="publications")
    rule = models.CharField(max_length=30)
    winners = models.JSONField()
    spent = models.PositiveBigIntegerField()
    ballots = models.PositiveIntegerField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["process", "-published_at", "-id"]

    def __str__(self) -> str:
        return f"{self.process}: results of {self.published_at:%Y-%m-%d}"
