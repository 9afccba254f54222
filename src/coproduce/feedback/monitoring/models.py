"""Co-monitoring: schemes residents run to collect evidence, their forms, places and readings.

A reading of a number field keeps its value in a numeric column, and each observation keeps
the two numbers of its scheme's measure (`measure_top`, `measure_bottom`) and the day and
month it was made. `DailyTotal` adds those up per place and day as observations arrive or are
left out, so the trend of a scheme with a million observations reads a few thousand rows.
Both are derived: `services.recompute_measure` and `services.rebuild_totals` make them again
from the readings, and `manage.py monitoring_verify` proves the totals agree with them.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.common.models import TimeStampedModel


class Scheme(TimeStampedModel):
    """Residents watching something together: a speed watch, a litter survey, an audit."""

    class Kind(models.TextChoices):
        SPEED_WATCH = "speed_watch", _("Speed watch")
        LITTER = "litter", _("Litter survey")
        ACCESS = "access", _("Accessibility audit")
        WATER = "water", _("Water quality testing")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being set up")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    class Requirement(models.TextChoices):
        AGREE = "agree", _("Agree to the code of conduct")
        TRAINING = "training", _("Training recorded by a coordinator")

    class MeasureKind(models.TextChoices):
        SHARE = "share", _("Share: one number out of another, as a percentage")
        MEAN = "mean", _("Average of a number")

    title = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("what it is about"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="monitoring_schemes",
    )
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opportunity = models.ForeignKey(
        "delivery.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_schemes",
    )
    requirement = models.CharField(
        _("before recording"), max_length=10, choices=Requirement.choices, default=Requirement.AGREE
    )
    code_of_conduct = models.TextField(_("code of conduct"))
    training = models.CharField(_("training needed"), max_length=200, blank=True)
    baseline_start = models.DateField(_("baseline from"), null=True, blank=True)
    baseline_end = models.DateField(_("baseline to"), null=True, blank=True)
    recent_days = models.PositiveSmallIntegerField(_("compare with the last days"), default=90)
    measure_label = models.CharField(_("what is measured"), max_length=120, blank=True)
    measure_kind = models.CharField(
        max_length=10, choices=MeasureKind.choices, default=MeasureKind.SHARE
    )
    measure_field = models.ForeignKey(
        "monitoring.Field", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure_total_field = models.ForeignKey(
        "monitoring.Field", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("monitoring scheme")
        verbose_name_plural = _("monitoring schemes")
        indexes = [models.Index(fields=["status", "title"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("monitoring:scheme-detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def has_measure(self) -> bool:
        if self.measure_field_id is None:
            return False
        return self.measure_kind == self.MeasureKind.MEAN or self.measure_total_field_id is not None


class Place(models.Model):
    """A place being watched: a point and how far around it counts, or a route (a street
    walked end to end) and how far either side of its line counts.

    A route keeps its points in `route`, as [latitude, longitude] pairs in order; its
    `latitude` and `longitude` are those of its first point, so that everything that needs one
    point for a place (a list, a label on the map) has one.
    """

    class Kind(models.TextChoices):
        POINT = "point", _("A point and the area around it")
        ROUTE = "route", _("A route, such as a street walked end to end")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="places")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.POINT)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    radius_m = models.PositiveIntegerField(
        _("distance around it (or either side of a route), in metres"), default=200
    )
    route = models.JSONField(_("points of the route"), default=list, blank=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "name"], name="monitoring_place_unique_name"),
            models.CheckConstraint(
                condition=Q(kind__in=["point", "route"]), name="monitoring_place_kind_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_route(self) -> bool:
        return self.kind == self.Kind.ROUTE

    @property
    def route_points(self) -> list[tuple[float, float]]:
        return [(float(lat), float(lon)) for lat, lon in self.route or []]


class Field(models.Model):
    """One question on a scheme's observation form."""

    class Kind(models.TextChoices):
        NUMBER = "number", _("Number")
        CHOICE = "choice", _("Choice from a list")
        TEXT = "text", _("Text")
        PHOTO = "photo", _("Photo")
        LOCATION = "location", _("Location (latitude and longitude)")
        TIME = "time", _("Time of day")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="fields")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("hint"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("an answer is needed"), default=True)
    min_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class Volunteer(models.Model):
    """A person who may record observations: they agreed to the code of conduct, or a
    coordinator recorded their training."""

    class How(models.TextChoices):
        AGREED = "agreed", _("Agreed to the code of conduct")
        TRAINED = "trained", _("Training recorded")

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="volunteers")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monitoring_volunteering"
    )
    how = models.CharField(max_length=10, choices=How.choices)
    completed_on = models.DateField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scheme", "person"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "person"], name="monitoring_volunteer_once_per_scheme"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.scheme}"


class Observation(models.Model):
    """One visit, count or test. Never deleted: a coordinator excludes one, with a reason."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="observations")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="observations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="monitoring_observations",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    observed_at = models.DateTimeField()
    observed_on = models.DateField()
    observed_month = models.DateField()
    submitted_at = models.DateTimeField(auto_now_add=True)
    idempotency_key = models.CharField(max_length=64)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    notes = models.TextField(blank=True)
    measure_top = models.FloatField(null=True, blank=True)
    measure_bottom = models.FloatField(null=True, blank=True)
    is_excluded = models.BooleanField(default=False)
    excluded_reason = models.CharField(max_length=1000, blank=True)
    excluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    excluded_at = models.DateTimeField(null=True, blank=True)
    contribution = models.ForeignKey(
        "delivery.Contribution",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-observed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "idempotency_key"], name="monitoring_observation_once"
            ),
            models.CheckConstraint(
                condition=Q(is_excluded=False) | ~Q(excluded_reason=""),
                name="monitoring_exclusion_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["scheme", "-observed_at", "-id"], name="monitoring_obs_latest"),
            # Few are left out: counting them stays cheap, and so does counting them all.
            models.Index(
                fields=["scheme"], condition=Q(is_excluded=True), name="monitoring_obs_excluded"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} at {self.place} on {self.observed_on:%d/%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring:observation-detail", kwargs={"pk": self.pk})


class Reading(models.Model):
    """The answer to one question of one observation."""

    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="readings")
    field = models.ForeignKey(Field, on_delete=models.PROTECT, related_name="readings")
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    text = models.CharField(max_length=2000, blank=True)
    photo = models.ImageField(upload_to="monitoring/%Y/%m/", blank=True)

    class Meta:
        ordering = ["field__order", "field_id"]
        constraints = [
            models.UniqueConstraint(fields=["observation", "field"], name="monitoring_reading_once")
        ]
        indexes = [models.Index(fields=["field", "observation"], name="monitoring_reading_field")]

    def __str__(self) -> str:
        return f"{self.field}: {self.display}"

    @property
    def display(self) -> str:
        if self.number is not None:
            text = f"{self.number:f}"
            return text.rstrip("0").rstrip(".") if "." in text else text
        if self.photo:
            return str(_("Photo"))
        return self.text


class DailyTotal(models.Model):
    """The measure's sums for one place on one day, over the observations that count."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="+")
    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    month = models.DateField()
    observations = models.PositiveIntegerField(default=0)
    measured = models.PositiveIntegerField(default=0)
    top = models.FloatField(default=0.0)
    bottom = models.FloatField(default=0.0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "place", "day"], name="monitoring_total_once_a_day"
            )
        ]
        indexes = [models.Index(fields=["scheme", "day"], name="monitoring_total_day")]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.place_id} {self.day}"
