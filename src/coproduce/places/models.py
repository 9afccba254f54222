"""Areas: a borough and the wards or neighbourhoods inside it."""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Area(models.Model):
    class Kind(models.TextChoices):
        BOROUGH = "borough", _("Borough")
        WARD = "ward", _("Ward")
        NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WARD)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    code = models.CharField(
        _("official code"), max_length=20, blank=True, help_text=_("For example an ONS ward code.")
    )
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    boundary = models.JSONField(
        null=True, blank=True, help_text=_("Optional GeoJSON geometry of the area's boundary.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("area")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("places:area-detail", kwargs={"slug": self.slug})

    def ancestors_and_self(self) -> list[Area]:
        chain: list[Area] = [self]
        node = self
        while node.parent_id is not None and len(chain) < 10:
            assert node.parent is not None
            node = node.parent
            chain.append(node)
        return chain
