"""Every API error as an RFC 9457 problem: `application/problem+json`, never an HTML page.

A problem always has `type`, `title`, `status` and a `detail` written for a person; field
errors are listed in an `errors` member so a script can show them next to its own inputs.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable, Mapping
from functools import wraps
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from coproduce.common.errors import ServiceError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"
# Where in the request a field error was found, as ninja names it.
LOCATIONS = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


class FieldErrorOut(Schema):
    field: str
    location: str
    message: str
    code: str


class ProblemOut(Schema):
    """An RFC 9457 problem. `errors` is there when particular fields were wrong."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str = ""
    errors: list[FieldErrorOut] | None = None


def problem(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    errors: Iterable[Mapping[str, str]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = list(errors)
    response = HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder, ensure_ascii=False),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


def _field_error(error: Mapping[str, Any]) -> dict[str, str]:
    """One pydantic error, named by the field a person sent rather than ninja's internals."""
    loc = [str(part) for part in error.get("loc", ())]
    location = loc[0] if loc and loc[0] in LOCATIONS else "body"
    names = loc[1:] if loc and loc[0] in LOCATIONS else loc
    # A single body schema is nested under the view's argument name, which no caller sees.
    if location == "body" and len(names) > 1 and names[0] == "payload":
        names = names[1:]
    return {
        "field": ".".join(names),
        "location": location,
        "message": str(error.get("msg", _("This value is not valid."))),
        "code": str(error.get("type", "invalid")),
    }


def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [_field_error(error) for error in exc.errors]
    return problem(
        request,
        422,
        _("Some of what you sent is not right. The errors list says what to change."),
        errors=errors,
    )


def _http_error_detail(exc: HttpError) -> str:
    if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
        return _("The request body is not valid JSON.")
    if exc.status_code == 403 and "CSRF" in exc.message:
        return _(
            "The CSRF token is missing or wrong. Send the csrftoken cookie's value in an "
            "X-CSRFToken header, or use a personal access token instead."
        )
    if isinstance(exc, Throttled):
        return _("You have sent too many requests. Wait a little and try again.")
    return exc.message


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(
        request,
        401,
        _(
            "You need to sign in, or send a personal access token in an "
            "'Authorization: Bearer <token>' header."
        ),
        headers={"WWW-Authenticate": 'Bearer realm="api"'},
    )


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, _http_error_detail(exc))


def on_service_error(request: HttpRequest, exc: ServiceError) -> HttpResponse:
    errors = None
    if exc.field:
        errors = [
            {
                "field": exc.field,
                "location": getattr(exc, "location", "body"),
                "message": exc.message,
                "code": exc.code,
            }
        ]
    return problem(request, exc.status, exc.message, errors=errors)


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 404, _("We could not find that."))


def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 403, _("You do not have permission to do that."))


def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 413, _("The request is too big. Send less at a time."))


def on_suspicious_request(request: HttpRequest, exc: Exception) -> HttpResponse:
    return problem(request, 400, _("We cannot handle this request as it was sent."))


def on_unexpected_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API request failed: %s %s", request.method, request.path)
    return problem(request, 500, _("Something went wrong on our side. Please try again later."))


HANDLERS: tuple[tuple[type[Exception], Callable[..., HttpResponse]], ...] = (
    (ValidationError, on_validation_error),
    (AuthenticationError, on_authentication_error),
    (HttpError, on_http_error),
    (ServiceError, on_service_error),
    (Http404, on_not_found),
    (DjangoPermissionDenied, on_permission_denied),
    (RequestDataTooBig, on_too_big),
    (SuspiciousOperation, on_suspicious_request),
    (Exception, on_unexpected_error),
)


def register(api: NinjaAPI) -> None:
    """Replace ninja's default error bodies with problems."""
    for exception_class, handler in HANDLERS:
        api.add_exception_handler(exception_class, handler)


@csrf_exempt
def not_found_view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """For any address under the API that is not one of its operations."""
    return problem(
        request, 404, _("There is nothing at this address. The API documentation lists them.")
    )


def with_problem_for_wrong_method(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """ninja answers a wrong method with plain text; answer with a problem instead."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            return problem(
                request,
                405,
                _("This address does not accept %(method)s requests.") % {"method": request.method},
                headers={"Allow": response["Allow"]},
            )
        return response

    return wrapped
