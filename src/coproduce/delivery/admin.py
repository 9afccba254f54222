"""Co-delivery in the site administration: the skills escalator's levels and thresholds."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from coproduce.delivery.models import EscalatorLevel


@admin.register(EscalatorLevel)
class EscalatorLevelAdmin(admin.ModelAdmin[Any]):
    list_display = (
        "level",
        "order",
        "min_hours",
        "min_months",
        "min_shifts",
        "min_led",
        "min_trained",
        "opportunity_kind",
    )
    list_editable = ("min_hours", "min_months", "min_shifts", "min_led", "min_trained")
    ordering = ("order",)
