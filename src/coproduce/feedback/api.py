"""Feedback in the API: send it (with photos, if need be), follow it by reference, and read
"you said, we did".

Sending needs no account; a signed-in browser or a token sends it as that person. Photos are
never given out here: only the staff handling the feedback see them, on its staff page.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from ninja.files import UploadedFile
from pydantic import StringConstraints, WithJsonSchema

from coproduce.api.auth import session_auth, token_auth
from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import LineOfText, Slug
from coproduce.common.errors import NotFound, ServiceError
from coproduce.feedback import api_uploads, notifications, ratelimit, selectors, services
from coproduce.feedback.models import MAX_TEXT, Feedback, PublicSummary, Theme
from coproduce.feedback.photos import (
    MAX_PHOTO_BYTES,
    MAX_REQUEST_BYTES,
    request_too_big_message,
    too_big_message,
)
from coproduce.organisations.models import Organisation
from coproduce.places.models import Area


def anyone(request: HttpRequest) -> bool:
    """No account needed: the request goes on as whoever it is (often nobody)."""
    return True


router = Router(tags=["feedback"])

MAX_ID = 2**31 - 1
Kind = Annotated[Feedback.Kind, WithJsonSchema({"type": "string", "enum": Feedback.Kind.values})]
Subject = Annotated[
    Feedback.Subject, WithJsonSchema({"type": "string", "enum": Feedback.Subject.values})
]
Contact = Annotated[
    Feedback.Contact, WithJsonSchema({"type": "string", "enum": Feedback.Contact.values})
]
FeedbackStatus = Annotated[
    Feedback.Status, WithJsonSchema({"type": "string", "enum": Feedback.Status.values})
]
# Longer text than the limit is let through to the service, which says how long it was.
LongText = Annotated[str, StringConstraints(max_length=MAX_TEXT * 40)]
ShortText = Annotated[LineOfText, StringConstraints(max_length=200)]
PROBLEMS: dict[int, type[ProblemOut]] = {
    400: ProblemOut,
    403: ProblemOut,
    404: ProblemOut,
    422: ProblemOut,
    429: ProblemOut,
}
UPLOAD_PROBLEMS: dict[int, type[ProblemOut]] = {**PROBLEMS, 413: ProblemOut}


class FeedbackIn(Schema):
    kind: Kind
    subject_kind: Subject = Field(description="What it is about.")
    subject_name: ShortText = Field("", description="The service, project or place, by name.")
    organisation: Slug | None = Field(None, description="The organisation it is about.")
    proposal: int | None = Field(None, ge=1, le=MAX_ID, description="A budget idea's id.")
    area: Slug | None = Field(None, description="The area where it happened.")
    place: ShortText = Field("", description="Where it happened: a street, a building.")
    happened_on: datetime.date | None = Field(None, description="When it happened.")
    what_happened: LongText = Field(description=f"Up to {MAX_TEXT:,} characters.")
    what_would_help: LongText = Field("", description="What the person would like to happen.")
    name: ShortText = ""
    email: Annotated[str, StringConstraints(max_length=254)] = ""
    phone: Annotated[LineOfText, StringConstraints(max_length=40)] = ""
    contact_by: Contact = Feedback.Contact.EMAIL
    may_publish: bool = Field(False, description="May be published without name or details.")
    submission_key: Annotated[str, StringConstraints(max_length=64)] = Field(
        "",
        description="Any unique text (a UUID). Sending the same key again returns the feedback "
        "the first request made, and makes nothing new: safe to retry.",
    )


class ReceiptOut(Schema):
    reference: str
    status: FeedbackStatus
    acknowledge_due: datetime.date
    respond_due: datetime.date
    follow_url: str = Field(description="The private link to follow it. Keep it secret.")

    @staticmethod
    def resolve_follow_url(feedback: Feedback) -> str:
        return notifications.follow_url(feedback)


class FollowIn(Schema):
    reference: Annotated[str, StringConstraints(max_length=40)]
    email: Annotated[str, StringConstraints(max_length=254)]


class FeedbackStatusOut(Schema):
    reference: str
    kind: Kind
    status: FeedbackStatus
    subject_name: str
    received_on: datetime.date
    respond_due: datetime.date
    service: str | None = Field(description="The service dealing with it.")
    response: str
    review_response: str
    rating: int | None

    @staticmethod
    def resolve_service(feedback: Feedback) -> str | None:
        return feedback.service.name if feedback.service else None


class SummaryOut(Schema):
    id: int
    title: str
    you_said: str
    we_did: str
    service: str
    theme: str | None
    raised_by: int = Field(description="How many people raised the same thing.")
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_service(summary: PublicSummary) -> str:
        return summary.service.name

    @staticmethod
    def resolve_theme(summary: PublicSummary) -> str | None:
        return summary.theme.name if summary.theme else None


class SummaryPageOut(PageOut[SummaryOut]):
    pass


class SummaryListIn(Schema):
    search: Annotated[LineOfText, StringConstraints(max_length=100)] | None = None
    service: Slug | None = Field(None, description="Slug of the service.")
    theme: Slug | None = Field(None, description="Slug of the theme.")


def _found(model: Any, slug: str | None, message: str) -> Any:
    if not slug:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise NotFound(message)
    return found


def _draft(payload: FeedbackIn) -> services.FeedbackDraft:
    proposal = None
    if payload.proposal is not None:
        from coproduce.budgeting.models import Proposal

        proposal = Proposal.objects.filter(pk=payload.proposal).first()
        if proposal is None:
            raise NotFound(_("There is no budget idea with that id."))
    return services.FeedbackDraft(
        kind=payload.kind,
        subject_kind=payload.subject_kind,
        subject_name=payload.subject_name,
        what_happened=payload.what_happened,
        what_would_help=payload.what_would_help,
        about_organisation=_found(
            Organisation, payload.organisation, _("There is no organisation with that slug.")
        ),
        proposal=proposal,
        area=_found(Area, payload.area, _("There is no area with that slug.")),
        place=payload.place,
        happened_on=payload.happened_on,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
        contact_by=payload.contact_by,
        may_publish=payload.may_publish,
    )


@router.post(
    "",
    summary="Send feedback",
    auth=[token_auth, session_auth, anyone],
    response={200: ReceiptOut, 201: ReceiptOut, **PROBLEMS},
    # An empty requirement: the account is optional.
    openapi_extra={"security": [{}]},
)
def send_feedback(request: HttpRequest, payload: FeedbackIn) -> Status[Feedback]:
    """A complaint, compliment or suggestion. 201 when it is new; 200 with the same receipt
    when the `submission_key` was used before. To send photos too, use
    `POST /feedback/with-photos`."""
    return _send(request, payload, _draft(payload))


@router.post(
    "/with-photos",
    summary="Send feedback with photos",
    auth=[token_auth, session_auth, anyone],
    response={200: ReceiptOut, 201: ReceiptOut, **UPLOAD_PROBLEMS},
    openapi_extra={"security": [{}]},
)
@decorate_view(
    api_uploads.limited(
        per_file=MAX_PHOTO_BYTES, whole=MAX_REQUEST_BYTES, too_big=request_too_big_message
    )
)
def send_feedback_with_photos(
    request: HttpRequest,
    payload: Annotated[str, Form(description="The same JSON as for POST /feedback.")],
    photos: Annotated[
        list[UploadedFile] | None,
        File(description="Up to 3 photos, each 10 MB or smaller: JPEG, PNG or WebP."),
    ] = None,
) -> Status[Feedback]:
    """Sent as multipart/form-data: `payload` holds the same JSON as `POST /feedback`, and
    each `photos` part is a photo (up to 3, each 10 MB or smaller, JPEG, PNG or WebP). A file
    that is not such a photo, or is too big, is refused with a problem that says which, and
    nothing is saved. Photos are stored without their hidden data, such as where they were
    taken."""
    too_big = api_uploads.skipped(request)
    if too_big:
        raise api_uploads.file_error(too_big_message(too_big[0]))
    feedback_in = api_uploads.read_payload(FeedbackIn, payload)
    draft = _draft(feedback_in)
    draft.photos = list(photos or [])
    try:
        return _send(request, feedback_in, draft)
    except ServiceError as error:
        if error.field == "photos":
            error.location = "file"  # type: ignore[attr-defined]
        raise


def _send(
    request: HttpRequest, payload: FeedbackIn, draft: services.FeedbackDraft
) -> Status[Feedback]:
    from coproduce.feedback.views import client_address

    sent = services.submit_feedback(
        actor=request.user,
        draft=draft,
        submission_key=payload.submission_key,
        client_address=client_address(request),
    )
    return Status(201 if sent.created else 200, sent.feedback)


@router.post(
    "/follow",
    summary="Follow feedback by its reference",
    response={200: FeedbackStatusOut, **PROBLEMS},
)
def follow_feedback(request: HttpRequest, payload: FollowIn) -> Feedback:
    """The reference and the email address it was sent with must both match. Sent in the
    body, not the address, so that the email address stays out of server logs."""
    from coproduce.feedback.views import client_address

    ratelimit.check_lookup(client_address(request))
    try:
        return selectors.follow_by_reference(payload.reference, payload.email).feedback
    except NotFound:
        raise NotFound(
            _("We could not find feedback with that reference and email address.")
        ) from None


@router.get(
    "/you-said-we-did",
    summary="What people raised and what changed",
    response={200: SummaryPageOut, **PROBLEMS},
)
def list_summaries(
    request: HttpRequest, filters: Query[SummaryListIn], paging: Query[PageIn]
) -> dict[str, Any]:
    """Published "you said, we did" summaries, by service and theme."""
    chosen = selectors.PublicFilters(
        search=filters.search or "",
        service=_found(Organisation, filters.service, _("There is no service with that slug.")),
        theme=_found(Theme, filters.theme, _("There is no theme with that slug.")),
    )
    return paginate(request, selectors.public_summaries(chosen), paging)
