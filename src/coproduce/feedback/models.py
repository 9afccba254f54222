"""Complaints, compliments and suggestions, and the public "you said, we did" answers."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.common.models import TimeStampedModel

MAX_TEXT = 5_000


class Theme(models.Model):
    """What feedback is about, in the council's own words: bins, repairs, parking ..."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("theme")

    def __str__(self) -> str:
        return self.name


class Feedback(TimeStampedModel):
    """One complaint, compliment or suggestion, from the moment it is sent to its review.

    The contact details (name, email, phone, the person) are personal data: only the people
    handling the feedback see them, and the public summary never copies them.
    """

    class Kind(models.TextChoices):
        COMPLAINT = "complaint", _("Complaint")
        COMPLIMENT = "compliment", _("Compliment")
        SUGGESTION = "suggestion", _("Suggestion")

    class Subject(models.TextChoices):
        SERVICE = "service", _("A service")
        ORGANISATION = "organisation", _("An organisation")
        INITIATIVE = "initiative", _("A project or scheme")
        PLACE = "place", _("A place")
        PROPOSAL = "proposal", _("A budget idea")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        ACKNOWLEDGED = "acknowledged", _("Being looked at")
        RESPONDED = "responded", _("Answered")
        REVIEW = "review", _("Being reviewed")
        REVIEWED = "reviewed", _("Review answered")

    class Channel(models.TextChoices):
        ONLINE = "online", _("Online")
        PHONE = "phone", _("Phone call")
        VISIT = "visit", _("Visit in person")
        LETTER = "letter", _("Letter or email")

    class Contact(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone")
        POST = "post", _("Letter")
        NONE = "none", _("Please do not contact me")

    class Stage(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", _("Acknowledge")
        RESPOND = "respond", _("Answer")
        REVIEW = "review", _("Answer the review")

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    # A form sent twice (a double click, a retry) makes one piece of feedback.
    submission_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    subject_kind = models.CharField(_("about"), max_length=12, choices=Subject.choices)
    subject_name = models.CharField(_("name of the service, project or place"), max_length=200)
    about_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_about",
    )
    proposal = models.ForeignKey(
        "budgeting.Proposal",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback",
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    place = models.CharField(_("where it happened"), max_length=200, blank=True)
    happened_on = models.DateField(_("when it happened"), null=True, blank=True)
    what_happened = models.TextField(_("what happened"))
    what_would_help = models.TextField(_("what you would like to happen"), blank=True)

    # Personal data.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_given",
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    email = models.EmailField(_("email address"), blank=True)
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    contact_by = models.CharField(
        _("how to contact"), max_length=8, choices=Contact.choices, default=Contact.EMAIL
    )
    may_publish = models.BooleanField(_("may be published without your name"), default=False)
    channel = models.CharField(max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The member of staff who wrote it down after a call or a visit."),
    )

    # Handling.
    service = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_handled",
        verbose_name=_("service that answers it"),
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED)
    received_on = models.DateField()
    acknowledge_due = models.DateField()
    respond_due = models.DateField()
    # The date of whatever is waiting for staff, or None: what the dashboard sorts on.
    next_due = models.DateField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.TextField(_("answer"), blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    working_days_to_respond = models.PositiveSmallIntegerField(null=True, blank=True)
    answered_in_time = models.BooleanField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("how happy with the answer"), null=True, blank=True)
    review_reason = models.TextField(_("why you want a review"), blank=True)
    review_requested_at = models.DateTimeField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    review_response = models.TextField(_("answer to the review"), blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    # The stage whose overdue warning went to a manager, so that it is sent once.
    escalated_stage = models.CharField(max_length=12, choices=Stage.choices, blank=True)
    summary = models.ForeignKey(
        "PublicSummary",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feedback_items",
        help_text=_("The public summary this item is counted in."),
    )

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        indexes = [
            # The staff dashboard: what is waiting for a service, the soonest due first, and
            # its counts by status read from the index alone. Only open items are in it.
            models.Index(
                fields=["service", "next_due", "id", "status"],
                name="feedback_service_due",
                condition=Q(next_due__isnull=False),
            ),
            models.Index(fields=["service", "-received_on"], name="feedback_service_received"),
            models.Index(
                fields=["next_due", "id"],
                name="feedback_unassigned_due",
                condition=Q(service__isnull=True),
            ),
            models.Index(fields=["received_on"], name="feedback_received"),
            models.Index(fields=["email"], name="feedback_email"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(review_rating__isnull=True)
                | Q(review_rating__gte=1, review_rating__lte=5),
                name="feedback_review_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("feedback:staff-detail", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.next_due is not None

    @property
    def stage_label(self) -> str:
        return str(self.Stage(self.stage).label) if self.stage else ""

    @property
    def stage(self) -> str:
        """What the feedback waits for now."""
        if self.status == self.Status.RECEIVED:
            return self.Stage.ACKNOWLEDGE
        if self.status == self.Status.ACKNOWLEDGED:
            return self.Stage.RESPOND
        if self.status == self.Status.REVIEW:
            return self.Stage.REVIEW
        return ""


class FeedbackPhoto(models.Model):
    """A photo sent with feedback, stored re-encoded so that no hidden data (such as where it
    was taken) comes along. Served only to those who handle the feedback."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(upload_to="feedback/%Y/%m/")
    content_type = models.CharField(max_length=40)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.feedback}: photo {self.pk}"


class PublicSummary(TimeStampedModel):
    """What was raised and what changed, in words staff wrote with no personal details.

    Feedback items that raised the same thing link to it; the count shows how many people.
    """

    title = models.CharField(_("title"), max_length=160)
    you_said = models.TextField(_("you said"))
    we_did = models.TextField(_("we did"))
    service = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="public_summaries",
        verbose_name=_("service"),
    )
    theme = models.ForeignKey(
        Theme,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="summaries",
        verbose_name=_("theme"),
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.ForeignKey(
        Feedback,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The feedback, published with consent, this summary was written from."),
    )
    is_published = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("you said, we did")
        verbose_name_plural = _("you said, we did")
        indexes = [models.Index(fields=["is_published", "service", "theme"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("feedback:public-detail", kwargs={"pk": self.pk})
