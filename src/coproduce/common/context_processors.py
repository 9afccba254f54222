"""What every page needs: the site's name and brand, and the navigation for the person's roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from coproduce.common.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": settings.SITE_NAME,
        "SITE_CONTACT_EMAIL": settings.SITE_CONTACT_EMAIL,
        "BRAND_COLOUR": settings.BRAND_COLOUR,
        "BRAND_ACCENT": settings.BRAND_ACCENT,
        "navigation": navigation_for(request),
        "acting_for": getattr(request, "acting_for", None),
    }
