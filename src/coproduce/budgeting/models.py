"""Participatory budgeting: processes, their dated phases and the proposals residents put forward.

Money is kept in whole units of the process's currency (pounds, euros): budgets and project costs
in participatory budgeting are never set to the penny, and whole numbers keep counting exact and
match the `.pb` file format that published elections use.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.common.models import TimeStampedModel


class PhaseKind(models.TextChoices):
    """The phases in the order a process goes through them."""

    IDEAS = "ideas", _("Ideas")
    REVIEW = "review", _("Review")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")
    DELIVERY = "delivery", _("Delivery")


PHASE_ORDER: list[str] = [kind.value for kind in PhaseKind]


class Process(TimeStampedModel):
    """One participatory budget: a sum of money and the dated phases in which people decide it."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("short name for the web address"), max_length=80, unique=True)
    description = models.TextField(_("what it is about"), blank=True)
    budget = models.PositiveBigIntegerField(_("budget"))
    currency = models.CharField(_("currency"), max_length=3, default="GBP")
    areas = models.ManyToManyField(
        "places.Area", blank=True, related_name="budgeting_processes", verbose_name=_("areas")
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="budgeting_processes",
        verbose_name=_("run by"),
    )
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    residents_only = models.BooleanField(
        _("only people who live in the areas may take part"), default=True
    )
    verification_required = models.BooleanField(
        _("people must have a verified email address"), default=True
    )
    # The phase that is on now. A task moves it on when the dates say so; staff can move it by hand.
    phase = models.CharField(
        _("phase now"),
        max_length=12,
        choices=[("not_started", _("Not started")), *PhaseKind.choices],
        default="not_started",
    )
    is_published = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The categories people choose from for their ideas; empty means no categories.
    categories = models.JSONField(_("categories"), default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("budgeting process")
        verbose_name_plural = _("budgeting processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("budgeting:process-detail", kwargs={"slug": self.slug})


class Phase(models.Model):
    """The dates of one phase of a process."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=12, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("opens"))
    ends_at = models.DateTimeField(_("closes"), null=True, blank=True)

    class Meta:
        ordering = ["process", "starts_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["process", "kind"], name="one_phase_of_each_kind"),
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gt=models.F("starts_at")),
                name="phase_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.process}: {self.get_kind_display()}"


class Proposal(TimeStampedModel):
    """An idea for spending part of the budget, put forward by a resident, a group or staff."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Put forward")
        ACCEPTED = "accepted", _("On the ballot")
        REJECTED = "rejected", _("Not going ahead to the vote")
        MERGED = "merged", _("Merged with another idea")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgeting_proposals",
    )
    group = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgeting_proposals",
        verbose_name=_("put forward on behalf of"),
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what it is and why"))
    category = models.CharField(_("category"), max_length=80, blank=True)
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgeting_proposals",
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    estimated_cost = models.PositiveBigIntegerField(_("rough cost"))
    # Set at review; the ballot and the count use it.
    final_cost = models.PositiveBigIntegerField(_("cost after review"), null=True, blank=True)
    image = models.ImageField(_("picture"), upload_to="budgeting/proposals/", blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    # Set when the results are published: the project won money and goes on to delivery.
    is_funded = models.BooleanField(_("funded"), default=False)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )

    class Meta:
        ordering = ["process", "id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        indexes = [models.Index(fields=["process", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def cost(self) -> int:
        """The cost on the ballot: the reviewed cost, or the rough one before review."""
        return self.final_cost if self.final_cost is not None else self.estimated_cost

    def get_absolute_url(self) -> str:
        return reverse(
            "budgeting:proposal-detail", kwargs={"slug": self.process.slug, "pk": self.pk}
        )


class OfferKind(models.TextChoices):
    TIME = "time", _("Time")
    SKILLS = "skills", _("Skills")
    SPACE = "space", _("A space")
    MONEY = "money", _("Money")


class PhaseChange(models.Model):
    """A record of each move from one phase to the next, by the dates or by a member of staff."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phase_changes")
    from_phase = models.CharField(max_length=12)
    to_phase = models.CharField(max_length=12)
    # Empty when the dates moved it on.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["process", "-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.process}: {self.from_phase} → {self.to_phase}"


class ProposalDetails(models.Model):
    """What happens to a proposal after it is put forward: review, the author's answer, merging.

    Kept apart from the proposal so that the ballot and the count read a narrow table.
    """

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="details")
    # Lets a form sent twice (a double click, a flaky connection) make one proposal.
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    feasibility = models.TextField(_("notes on whether it can be done"), blank=True)
    reason = models.TextField(_("reason, in plain English"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.TextField(_("the author's reply"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Details of {self.proposal_id}"


class Support(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budgeting_supports"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="one_support_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} supports {self.proposal_id}"


class Comment(TimeStampedModel):
    """A comment on a proposal, or a reply to one. Staff hide a comment with a reason."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgeting_comments",
    )
    text = models.TextField(_("comment"))
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.CharField(_("why it is hidden"), max_length=300, blank=True)

    class Meta:
        ordering = ["proposal", "created_at", "id"]
        indexes = [models.Index(fields=["proposal", "parent"])]

    def __str__(self) -> str:
        return f"Comment {self.pk} on {self.proposal_id}"


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("what is wrong"), max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "person"], name="one_report_per_person")
        ]

    def __str__(self) -> str:
        return f"Report on comment {self.comment_id}"


class Offer(TimeStampedModel):
    """A co-production offer: time, skills, a space or money towards a proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="offers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgeting_offers",
    )
    group = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgeting_offers",
        verbose_name=_("offered by the group"),
    )
    kind = models.CharField(_("what you offer"), max_length=10, choices=OfferKind.choices)
    description = models.TextField(_("describe your offer"))
    amount = models.PositiveBigIntegerField(_("amount of money"), null=True, blank=True)
    # Set when staff turn the offer into something to do in co-delivery.
    opportunity = models.ForeignKey(
        "delivery.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budgeting_offers",
    )

    class Meta:
        ordering = ["proposal", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.proposal_id}"


class Project(TimeStampedModel):
    """A funded proposal being delivered: what residents see to hold the council to account."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        IN_PROGRESS = "in_progress", _("Being built")
        PAUSED = "paused", _("On hold")
        DONE = "done", _("Finished")

    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="project")
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("how far along, in per cent"), default=0)
    spent = models.PositiveBigIntegerField(_("money spent so far"), default=0)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="progress_max_100")
        ]

    def __str__(self) -> str:
        return f"Delivery of {self.proposal}"


class ProjectUpdate(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField(_("what happened"))
    photo = models.ImageField(_("photo"), upload_to="budgeting/updates/", blank=True)
    photo_description = models.CharField(_("describe the photo"), max_length=200, blank=True)
    posted_at = models.DateTimeField(auto_now_add=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set once the followers were emailed, so that a second run of the task emails nobody twice.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "-posted_at", "-id"]

    def __str__(self) -> str:
        return f"Update on {self.project_id}"


class Follow(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="follows")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="budgeting_follows"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "person"], name="one_follow_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} follows {self.proposal_id}"
