"""Curated lists people pick from: the community's languages, times of day, ways to contact."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from coproduce.people.models import DAYS, PARTS_OF_DAY

# Languages commonly spoken in UK communities, as ISO 639 codes. Stored on the profile as codes
# so that a name can be shown in any interface language.
COMMUNITY_LANGUAGES = [
    ("en", _("English")),
    ("bfi", _("British Sign Language")),
    ("cy", _("Welsh")),
    ("ar", _("Arabic")),
    ("bn", _("Bengali")),
    ("yue", _("Cantonese")),
    ("fa", _("Farsi (Persian)")),
    ("fr", _("French")),
    ("gu", _("Gujarati")),
    ("hi", _("Hindi")),
    ("it", _("Italian")),
    ("ku", _("Kurdish")),
    ("lt", _("Lithuanian")),
    ("cmn", _("Mandarin")),
    ("ps", _("Pashto")),
    ("pl", _("Polish")),
    ("pt", _("Portuguese")),
    ("pa", _("Punjabi")),
    ("ro", _("Romanian")),
    ("so", _("Somali")),
    ("es", _("Spanish")),
    ("ta", _("Tamil")),
    ("ti", _("Tigrinya")),
    ("tr", _("Turkish")),
    ("uk", _("Ukrainian")),
    ("ur", _("Urdu")),
]
COMMUNITY_LANGUAGE_CODES = frozenset(code for code, _name in COMMUNITY_LANGUAGES)

DAY_NAMES = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}
PART_OF_DAY_NAMES = {
    "morning": _("Morning"),
    "afternoon": _("Afternoon"),
    "evening": _("Evening"),
}
PART_OF_DAY_CHOICES = [(part, PART_OF_DAY_NAMES[part]) for part in PARTS_OF_DAY]
assert set(DAY_NAMES) == set(DAYS)

CONTACT_CHOICES = [
    ("email", _("Email")),
    ("phone", _("Phone call")),
    ("text", _("Text message")),
    ("post", _("Letter")),
]
CONTACT_FIELDS = {method: f"contact_by_{method}" for method, _label in CONTACT_CHOICES}


def language_name(code: str) -> str:
    return str(dict(COMMUNITY_LANGUAGES).get(code, code))


ROLE_LABELS = {
    "resident": _("Resident"),
    "group_member": _("Group member"),
    "professional": _("Professional"),
    "coordinator": _("Coordinator"),
    "administrator": _("Administrator"),
}


def role_labels(names: frozenset[str]) -> list[str]:
    return [str(label) for role, label in ROLE_LABELS.items() if role in names]
