"""Organisations that take part: public bodies, voluntary and community groups, businesses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from coproduce.common.models import TimeStampedModel


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        VCS = "vcs", _("Voluntary or community group")
        BUSINESS = "business", _("Business")

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("what we do"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    areas = models.ManyToManyField(
        "places.Area", blank=True, related_name="organisations", verbose_name=_("areas served")
    )
    is_spend_partner = models.BooleanField(
        _("accepts time credits"), default=False, help_text=_("A spend partner accepts credits.")
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:organisation-detail", kwargs={"slug": self.slug})


class Membership(TimeStampedModel):
    """A person's place in an organisation. Managers may edit the organisation and its members."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        MANAGER = "manager", _("Manager")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    title = models.CharField(_("job title"), max_length=120, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "person"], name="one_membership_each")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.organisation}"
