"""What every budgeting service shares: limits, money, and the checks on phase and input."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from coproduce.budgeting.models import Process, Proposal
from coproduce.common.errors import ServiceError

# Twelve digits: more than any public budget, and safe in every database's big integer.
MAX_MONEY = 999_999_999_999
MAX_IMAGE_BYTES = 5 * 1024 * 1024
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP"})
CURRENCIES = {"GBP": "£", "EUR": "€", "USD": "$"}
MAX_TEXT = 5_000
MAX_COMMENT = 2_000


def money(amount: int, currency: str) -> str:
    symbol = CURRENCIES.get(currency)
    return f"{symbol}{amount:,}" if symbol else f"{amount:,} {currency}"


def whole_amount(
    value: Any, *, field: str, label: str, most: int = MAX_MONEY, least: int = 1
) -> int:
    """A whole amount of money from `least` up to `most`, or a message that says what to type."""
    if isinstance(value, bool):
        value = None
    try:
        number = int(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        raise ServiceError(
            _("Enter %(label)s as a whole number, like 5000.") % {"label": label}, field=field
        ) from None
    if number < least:
        raise ServiceError(
            _("%(label)s must be %(least)s or more.")
            % {"label": label.capitalize(), "least": least},
            field=field,
        )
    if number > MAX_MONEY:
        raise ServiceError(
            _("%(label)s is too large. Enter at most 12 digits.") % {"label": label.capitalize()},
            field=field,
        )
    if number > most:
        raise ServiceError(
            _("%(label)s must be no more than %(most)s.")
            % {"label": label.capitalize(), "most": f"{most:,}"},
            field=field,
        )
    return number


def clean_text(value: Any, *, field: str, required: str | None, most: int = MAX_TEXT) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ServiceError(required, field=field)
    if "\x00" in text:
        raise ServiceError(_("Remove the control characters from the text."), field=field)
    if len(text) > most:
        raise ServiceError(
            _("Keep it to %(most)s characters or fewer.") % {"most": f"{most:,}"}, field=field
        )
    return text


def check_image(upload: UploadedFile | None, *, field: str = "image") -> None:
    """A real picture, small enough to send to a phone. Checked here as well as in the form,
    so that no route in stores a file that is not a picture."""
    if upload is None:
        return
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ServiceError(
            _("The picture must be smaller than 5 MB. Try a smaller photo."), field=field
        )
    try:
        upload.seek(0)
        with Image.open(upload) as picture:
            picture.verify()
            kind = picture.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ServiceError(
            _("The file is not a picture we can use. Choose a JPG, PNG, GIF or WebP photo."),
            field=field,
        ) from None
    finally:
        upload.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ServiceError(
            _("The file is not a picture we can use. Choose a JPG, PNG, GIF or WebP photo."),
            field=field,
        )


def require_phase(process: Process, *phases: str, message: str) -> None:
    if process.phase not in phases:
        raise ServiceError(message, code="wrong_phase")


def locked_proposal(proposal: Proposal) -> Proposal:
    return (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("process", "author")
        .get(pk=proposal.pk)
    )
