"""People: accounts, the roles they hold, their profiles, consent and data-protection requests."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from coproduce.common.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(
        self, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        user = self.model(email=self.normalize_email(email).lower() if email else None, **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("display_name", email.split("@")[0])
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Every person is a resident; further roles come from memberships and grants.

    Email is optional: a coordinator can make an account for someone who has none.
    """

    email = models.EmailField(_("email address"), unique=True, null=True, blank=True)
    display_name = models.CharField(_("name to show"), max_length=120)
    preferred_language = models.CharField(
        _("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    phone = models.CharField(_("phone number"), max_length=40, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text=_("May use the site administration pages.")
    )
    date_joined = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accounts_created",
        help_text=_("The member of staff who made this account on the person's behalf."),
    )
    erased_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = ["display_name"]

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.display_name or self.email or f"Person {self.pk}"

    def get_full_name(self) -> str:
        return str(self)

    def get_short_name(self) -> str:
        return str(self)

    @property
    def is_assisted(self) -> bool:
        """Has no email address: staff act for this person."""
        return not self.email


class RoleGrant(TimeStampedModel):
    """A role that is not a membership: coordinator of an area, or administrator."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        ADMINISTRATOR = "administrator", _("Administrator")

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(max_length=20, choices=Role.choices)
    area = models.ForeignKey(
        "places.Area",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("Leave empty for every area."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "role", "area"], name="one_grant_each")
        ]

    def __str__(self) -> str:
        where = self.area.name if self.area else _("all areas")
        return f"{self.person}: {self.get_role_display()} ({where})"


class Skill(models.Model):
    """The curated list of skills and interests people can pick from."""

    class Kind(models.TextChoices):
        SKILL = "skill", _("Skill")
        INTEREST = "interest", _("Interest")

    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SKILL)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="unique_skill_name")]

    def __str__(self) -> str:
        return self.name


DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS_OF_DAY = ("morning", "afternoon", "evening")


class Profile(TimeStampedModel):
    person = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    areas = models.ManyToManyField(
        "places.Area", through="ProfileArea", blank=True, related_name="profiles"
    )
    languages = models.JSONField(
        default=list, blank=True, help_text=_("Language codes the person speaks.")
    )
    access_needs = models.TextField(_("access needs"), blank=True)
    skills = models.ManyToManyField(Skill, blank=True, related_name="profiles")
    skills_other = models.TextField(_("other skills"), blank=True)
    interests_other = models.TextField(_("other interests"), blank=True)
    # {"mon": ["morning", "evening"], ...}
    availability = models.JSONField(default=dict, blank=True)
    contact_by_email = models.BooleanField(default=True)
    contact_by_phone = models.BooleanField(default=False)
    contact_by_text = models.BooleanField(default=False)
    contact_by_post = models.BooleanField(default=False)
    date_of_birth = models.DateField(null=True, blank=True)
    postcode = models.CharField(max_length=10, blank=True)

    def __str__(self) -> str:
        return f"Profile of {self.person}"

    def available_slots(self) -> list[tuple[str, str]]:
        return [(day, part) for day in DAYS for part in self.availability.get(day, [])]


class ProfileArea(models.Model):
    class Relation(models.TextChoices):
        LIVE = "live", _("I live here")
        WORK = "work", _("I work or study here")

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE)
    area = models.ForeignKey("places.Area", on_delete=models.CASCADE)
    relation = models.CharField(max_length=10, choices=Relation.choices, default=Relation.LIVE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["profile", "area", "relation"], name="one_area_link")
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.get_relation_display()} {self.area}"


class Consent(models.Model):
    """Append-only: each change of mind is a new row; the newest row per purpose holds."""

    class Purpose(models.TextChoices):
        NEWSLETTER = "newsletter", _("News about what is happening near me")
        MATCHING = "matching", _("Suggest things I could help with, based on my profile")
        RESEARCH = "research", _("Invite me to surveys and research")
        SHARE_WITH_PARTNERS = "share", _("Share my contact details with organisations I join")

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    granted = models.BooleanField()
    at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["person", "purpose", "-at"])]

    def __str__(self) -> str:
        answer = "yes" if self.granted else "no"
        return f"{self.get_purpose_display()}: {answer}"


class DataRequest(TimeStampedModel):
    """A request under data-protection law: a copy of one's data, or erasure."""

    class Kind(models.TextChoices):
        EXPORT = "export", _("Copy of my data")
        ERASURE = "erasure", _("Erase my account")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        COMPLETED = "completed", _("Completed")
        REFUSED = "refused", _("Refused")

    person = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="data_requests"
    )
    person_reference = models.CharField(max_length=40, help_text=_("Kept after erasure."))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    requested_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.person_reference}"
