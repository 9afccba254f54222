"""Co-delivery: things residents can do, their shifts and sign-ups, hours given, checks."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.common.models import TimeStampedModel


class SafeguardingLevel(models.TextChoices):
    NONE = "none", _("No check needed")
    BASIC = "basic", _("Basic check")
    ENHANCED = "enhanced", _("Enhanced check")


class Opportunity(TimeStampedModel):
    """Something residents can do alongside an organisation."""

    class Kind(models.TextChoices):
        ONE_OFF = "one_off", _("One-off")
        REGULAR = "regular", _("Regular")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="opportunities"
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("what it is about"))
    what_you_do = models.TextField(_("what you will do"), blank=True)
    what_you_gain = models.TextField(_("what you will gain"), blank=True)
    skills = models.ManyToManyField(
        "people.Skill", blank=True, related_name="opportunities", verbose_name=_("skills wanted")
    )
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="opportunities",
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_remote = models.BooleanField(_("can be done from home"), default=False)
    accessibility = models.TextField(_("access to the place"), blank=True)
    languages = models.JSONField(default=list, blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    safeguarding = models.CharField(
        _("safeguarding check"),
        max_length=10,
        choices=SafeguardingLevel.choices,
        default=SafeguardingLevel.NONE,
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ONE_OFF)
    contact_name = models.CharField(_("contact name"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    is_published = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        indexes = [models.Index(fields=["is_published", "organisation"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("delivery:opportunity-detail", kwargs={"pk": self.pk})


class Shift(TimeStampedModel):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="shifts")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("places"))

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["opportunity", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="shift_has_a_place"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity}: {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def length(self) -> timedelta:
        return self.ends_at - self.starts_at

    @property
    def hours(self) -> Decimal:
        seconds = Decimal(int(self.length.total_seconds()))
        return (seconds / Decimal(3600)).quantize(Decimal("0.01"))


class SignUp(TimeStampedModel):
    """A person's place on a shift, or on its waiting list. One row per person and shift."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Signed up")
        WAITING = "waiting", _("On the waiting list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="sign_ups")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sign_ups"
    )
    status = models.CharField(max_length=10, choices=Status.choices)
    # Place in the queue while waiting; the lowest is promoted first.
    position = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who signed the person up, if it was someone else."),
    )
    # Set when the reminder email goes out, so the reminder task never sends it twice.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["shift", "status", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "person"], name="one_sign_up_per_shift"),
        ]
        indexes = [models.Index(fields=["shift", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.shift} ({self.status})"


class Contribution(models.Model):
    """Hours a person gave. Append-only: the hours never change; a correction is a new
    record with the opposite hours that points to the one it reverses."""

    class Status(models.TextChoices):
        LOGGED = "logged", _("Waiting for the organiser")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Not confirmed")

    class Source(models.TextChoices):
        ATTENDANCE = "attendance", _("Marked on the register")
        LOGGED = "logged", _("Logged by the person")
        CORRECTION = "correction", _("Correction")

    class Role(models.TextChoices):
        # For the skills escalator: leading or training others is a step up.
        TOOK_PART = "took_part", _("Took part")
        LED = "led", _("Led the activity")
        TRAINED = "trained", _("Trained or mentored others")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contributions"
    )
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.PROTECT, related_name="contributions"
    )
    shift = models.ForeignKey(
        Shift, null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.LOGGED)
    source = models.CharField(max_length=12, choices=Source.choices)
    reason = models.TextField(_("reason"), blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.TOOK_PART)
    corrects = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
        help_text=_("The confirmed record this one reverses."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["person", "-date"]),
            models.Index(fields=["opportunity", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(corrects__isnull=True, hours__gt=0, hours__lte=24)
                    | Q(corrects__isnull=False, hours__lt=0, hours__gte=-24)
                ),
                name="contribution_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.hours} h on {self.date}"


class SafeguardingCheck(TimeStampedModel):
    """That a person's check was seen, by whom and until when. Never the certificate."""

    class Kind(models.TextChoices):
        BASIC = "basic", _("Basic check")
        ENHANCED = "enhanced", _("Enhanced check")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safeguarding_checks"
    )
    kind = models.CharField(_("kind of check"), max_length=10, choices=Kind.choices)
    checked_on = models.DateField(_("date of the check"))
    expires_on = models.DateField(_("valid until"))
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["expires_on", "id"]
        indexes = [models.Index(fields=["person", "expires_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("checked_on")), name="check_expires_after_it_is_made"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person} until {self.expires_on}"

    def covers(self, level: str) -> bool:
        if level == SafeguardingLevel.NONE:
            return True
        return level == self.kind or self.kind == self.Kind.ENHANCED


class EscalatorLevel(models.Model):
    """One step of the skills escalator and what reaching it takes; set by an administrator."""

    class Level(models.TextChoices):
        TAKING_PART = "taking_part", _("Taking part")
        HELPING_REGULARLY = "helping_regularly", _("Helping regularly")
        LEADING = "leading", _("Leading an activity")
        TRAINING = "training", _("Training or mentoring others")

    level = models.CharField(_("level"), max_length=20, choices=Level.choices, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    description = models.TextField(_("what it means"), blank=True)
    min_hours = models.DecimalField(
        _("confirmed hours at least"), max_digits=7, decimal_places=2, default=Decimal(0)
    )
    min_months = models.PositiveSmallIntegerField(_("months active at least"), default=0)
    min_shifts = models.PositiveIntegerField(_("shifts at least"), default=0)
    min_led = models.PositiveIntegerField(_("times led at least"), default=0)
    min_trained = models.PositiveIntegerField(_("times trained others at least"), default=0)
    opportunity_kind = models.CharField(
        _("kind of opportunity that leads here"),
        max_length=10,
        choices=Opportunity.Kind.choices,
        blank=True,
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("skills escalator level")
        verbose_name_plural = _("skills escalator levels")
        constraints = [
            models.CheckConstraint(condition=Q(min_hours__gte=0), name="escalator_hours_positive")
        ]

    def __str__(self) -> str:
        return str(self.get_level_display())
