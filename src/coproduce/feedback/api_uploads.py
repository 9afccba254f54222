"""Photos sent to the API: a multipart/form-data request with the same JSON as the plain
operation in a part named `payload`, and the photos as files.

The size of the request is checked before its body is read, and each file stops being taken
in as soon as it passes its limit, so that a 50 MB upload is never held whole. What is left
is checked by the same services as the web forms, which say what is wrong and store nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import pydantic
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja.errors import ValidationError

from coproduce.api.problems import problem
from coproduce.common.errors import ServiceError
from coproduce.feedback import photos

SchemaT = TypeVar("SchemaT", bound=pydantic.BaseModel)
Run = Callable[..., HttpResponse]


def limited(*, per_file: int, whole: int, too_big: Callable[[int], str]) -> Callable[[Run], Run]:
    """For `ninja.decorators.decorate_view`: runs before the operation reads the body (its
    sign-in check included), refuses a request larger than `whole` with a 413 problem, and
    skips any file larger than `per_file` (see `skipped`)."""

    def decorate(run: Run) -> Run:
        @wraps(run)
        def run_limited(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > whole:
                return problem(request, 413, too_big(length))
            photos.limit_uploads(request, per_file)
            return run(request, *args, **kwargs)

        return run_limited

    return decorate


def skipped(request: HttpRequest) -> list[str]:
    """The names of the files left out because they were too big."""
    return photos.photos_too_big(request)


def file_error(message: str, field: str = "photos") -> ServiceError:
    error = ServiceError(message, field=field, code="invalid_file")
    error.location = "file"  # type: ignore[attr-defined]
    return error


def read_payload(schema: type[SchemaT], payload: str) -> SchemaT:
    """The `payload` part, checked as the plain operation checks its JSON body; errors are
    listed as they would be for that body, under `payload`."""
    try:
        return schema.model_validate_json(payload)
    except pydantic.ValidationError as error:
        errors = [
            {
                "loc": ("form", "payload", *item.get("loc", ())),
                "msg": item.get("msg", _("This value is not valid.")),
                "type": item.get("type", "invalid"),
            }
            for item in error.errors(include_url=False, include_context=False)
        ]
        raise ValidationError(errors) from None
