"""Checking the answers to a scheme's observation form, the same for the web form and the API.

Each answer becomes a `Parsed` value ready to store, or a `ServiceError` that names the field
(`field_<id>`) and says what to change.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import File
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from coproduce.common.errors import ServiceError
from coproduce.feedback.monitoring.models import Field
from coproduce.feedback.photos import FORMATS, clean_photo

MAX_PHOTO_BYTES = 5 * 1024 * 1024
PHOTO_FORMATS = {
    **FORMATS,
    "GIF": ("image/gif", "gif"),
}
MAX_TEXT = 2000
LARGEST = Decimal("9999999999")
LOCATION = re.compile(r"^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Parsed:
    number: Decimal | None = None
    text: str = ""
    photo: File | None = None
    location: tuple[Decimal, Decimal] | None = None


def field_key(field: Field) -> str:
    return f"field_{field.pk}"


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, UploadedFile):
        return False
    if isinstance(raw, list | tuple):
        return all(is_blank(part) for part in raw)
    return str(raw).strip() == ""


def parse(field: Field, raw: Any) -> Parsed | None:
    """The stored form of one answer; None when it is blank and not needed."""
    if is_blank(raw):
        if field.required:
            raise ServiceError(
                _("Answer the question: %(question)s") % {"question": field.label},
                field=field_key(field),
            )
        return None
    parser = PARSERS[field.kind]
    return parser(field, raw)


def _number(field: Field, raw: Any) -> Parsed:
    try:
        number = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or abs(number) > LARGEST:
        raise ServiceError(
            _("%(question)s must be a number, like 12 or 3.5.") % {"question": field.label},
            field=field_key(field),
        )
    low, high = field.min_value, field.max_value
    if (low is not None and number < low) or (high is not None and number > high):
        raise ServiceError(_range_message(field), field=field_key(field))
    return Parsed(number=number.quantize(Decimal("0.0001")))


def _plain(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _range_message(field: Field) -> str:
    low, high = _plain(field.min_value), _plain(field.max_value)
    if low and high:
        return _("%(question)s must be between %(low)s and %(high)s.") % {
            "question": field.label,
            "low": low,
            "high": high,
        }
    if low:
        return _("%(question)s must be %(low)s or more.") % {"question": field.label, "low": low}
    return _("%(question)s must be %(high)s or less.") % {"question": field.label, "high": high}


def _choice(field: Field, raw: Any) -> Parsed:
    value = str(raw).strip()
    if value not in [str(choice) for choice in field.choices]:
        raise ServiceError(
            _("Choose one of the answers for: %(question)s") % {"question": field.label},
            field=field_key(field),
        )
    return Parsed(text=value)


def _text(field: Field, raw: Any) -> Parsed:
    value = str(raw).strip()
    if len(value) > MAX_TEXT:
        raise ServiceError(
            _("%(question)s must be %(count)s characters or fewer.")
            % {"question": field.label, "count": MAX_TEXT},
            field=field_key(field),
        )
    return Parsed(text=value)


def _photo(field: Field, raw: Any) -> Parsed:
    not_a_photo = ServiceError(
        _("%(question)s must be a photo (JPEG, PNG, WebP or GIF).") % {"question": field.label},
        field=field_key(field),
    )
    if not isinstance(raw, UploadedFile):
        raise not_a_photo
    if raw.size is None or raw.size > MAX_PHOTO_BYTES:
        raise ServiceError(
            _("%(question)s must be smaller than 5 MB.") % {"question": field.label},
            field=field_key(field),
        )
    try:
        # Checked and re-encoded as feedback photos are: a volunteer's photo must not carry
        # where they live in its GPS tags, and a random name cannot be guessed.
        clean = clean_photo(raw, formats=PHOTO_FORMATS)
    except ServiceError:
        raise not_a_photo from None
    return Parsed(photo=clean.content)


def _location(field: Field, raw: Any) -> Parsed:
    message = ServiceError(
        _("Give %(question)s as latitude and longitude, like 51.4620, -2.5810.")
        % {"question": field.label},
        field=field_key(field),
    )
    if isinstance(raw, list | tuple) and len(raw) == 2:
        raw = f"{raw[0]},{raw[1]}"
    found = LOCATION.match(str(raw))
    if found is None:
        raise message
    latitude = Decimal(found.group(1)).quantize(Decimal("0.000001"))
    longitude = Decimal(found.group(2)).quantize(Decimal("0.000001"))
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise message
    return Parsed(text=f"{latitude}, {longitude}", location=(latitude, longitude))


def _time(field: Field, raw: Any) -> Parsed:
    if isinstance(raw, datetime.time):
        return Parsed(text=raw.strftime("%H:%M"))
    try:
        value = datetime.datetime.strptime(str(raw).strip(), "%H:%M").time()  # noqa: DTZ007
    except ValueError:
        raise ServiceError(
            _("%(question)s must be a time, like 14:30.") % {"question": field.label},
            field=field_key(field),
        ) from None
    return Parsed(text=value.strftime("%H:%M"))


PARSERS: dict[str, Any] = {
    Field.Kind.NUMBER: _number,
    Field.Kind.CHOICE: _choice,
    Field.Kind.TEXT: _text,
    Field.Kind.PHOTO: _photo,
    Field.Kind.LOCATION: _location,
    Field.Kind.TIME: _time,
}
