"""The fictional borough of Riverside, made the same way every time."""

from __future__ import annotations

DEMO_PASSWORD = "riverside-demo"  # noqa: S105


def is_seeded() -> bool:
    from coproduce.places.models import Area

    return Area.objects.filter(slug="riverside").exists()


def demo_logins() -> list[tuple[str, str]]:
    return []
