"""Photos sent with feedback: checked to be real images, limited in size, stripped of hidden data.

Limits are enforced while the upload arrives (`PhotoSizeLimit` stops storing a file as soon as
it passes the limit) and again here, so that a 50 MB file is never held whole.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.common.errors import ServiceError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 3
# The whole form: every photo at its largest, and room for the text.
MAX_REQUEST_BYTES = MAX_PHOTOS * MAX_PHOTO_BYTES + 1024 * 1024
MAX_PIXELS = 50_000_000
FORMATS = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
TOO_BIG_ATTRIBUTE = "_feedback_photos_too_big"


@dataclass(frozen=True)
class CleanPhoto:
    content: ContentFile[bytes]
    content_type: str
    width: int
    height: int


def too_big_message(name: str, size: int | None = None) -> str:
    limit = filesizeformat(MAX_PHOTO_BYTES)
    if size:
        return _("%(name)s is %(size)s. Each photo must be %(limit)s or smaller.") % {
            "name": name,
            "size": filesizeformat(size),
            "limit": limit,
        }
    return _("%(name)s is too big. Each photo must be %(limit)s or smaller.") % {
        "name": name,
        "limit": limit,
    }


def request_too_big_message(size: int) -> str:
    return _(
        "What you sent is %(size)s, which is too much. Each photo must be %(limit)s or "
        "smaller, and you can send up to %(count)s. Nothing was saved: please try again with "
        "smaller photos."
    ) % {
        "size": filesizeformat(size),
        "limit": filesizeformat(MAX_PHOTO_BYTES),
        "count": MAX_PHOTOS,
    }


class PhotoSizeLimit(FileUploadHandler):
    """Stops taking in a file once it passes the limit, and notes its name on the request."""

    def __init__(self, request: HttpRequest | None = None, limit: int = MAX_PHOTO_BYTES) -> None:
        super().__init__(request)
        self.limit = limit

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            if self.request is not None:
                names = getattr(self.request, TOO_BIG_ATTRIBUTE, [])
                names.append(self.file_name or _("A photo"))
                setattr(self.request, TOO_BIG_ATTRIBUTE, names)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_uploads(request: HttpRequest, limit: int = MAX_PHOTO_BYTES) -> None:
    """Call before reading request.POST or request.FILES."""
    request.upload_handlers.insert(0, PhotoSizeLimit(request, limit))


def photos_too_big(request: HttpRequest) -> list[str]:
    return list(getattr(request, TOO_BIG_ATTRIBUTE, []))


def clean_photos(uploads: list[Any]) -> list[CleanPhoto]:
    """Every upload as a re-encoded image, or a ServiceError that says what is wrong."""
    if len(uploads) > MAX_PHOTOS:
        raise ServiceError(
            ngettext(
                "You can send %(count)s photo at most.",
                "You can send %(count)s photos at most.",
                MAX_PHOTOS,
            )
            % {"count": MAX_PHOTOS},
            field="photos",
        )
    return [clean_photo(upload) for upload in uploads]


def clean_photo(upload: Any, formats: Mapping[str, tuple[str, str]] = FORMATS) -> CleanPhoto:
    """The upload re-encoded without its metadata (camera, time, GPS) under a random name, or a
    ServiceError. `formats`: the image kinds taken, as (content type, file extension)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = str(getattr(upload, "name", "") or _("The photo"))
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_PHOTO_BYTES:
        raise ServiceError(too_big_message(name, size), field="photos")
    not_a_photo = _(
        "%(name)s is not a photo we can open. Send a photo saved as JPEG, PNG or WebP."
    ) % {"name": name}
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format or ""
            width, height = probe.size
            if kind in formats and width * height <= MAX_PIXELS:
                probe.verify()
        if kind not in formats:
            raise ServiceError(not_a_photo, field="photos")
        if width * height > MAX_PIXELS:
            raise ServiceError(
                _("%(name)s has too many pixels. Send a smaller photo.") % {"name": name},
                field="photos",
            )
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
            content_type, extension = formats[kind]
            if kind == "JPEG" and upright.mode not in ("RGB", "L"):
                upright = upright.convert("RGB")
            buffer = io.BytesIO()
            # Saved without the original's metadata: no camera details, no location.
            upright.save(buffer, format=kind)
            width, height = upright.size
    except ServiceError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ServiceError(not_a_photo, field="photos") from None
    content = ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
    return CleanPhoto(content=content, content_type=content_type, width=width, height=height)
