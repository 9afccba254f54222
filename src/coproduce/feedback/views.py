"""The public face of feedback: giving it, following it, and "you said, we did"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.feedback import photos, ratelimit, selectors, services
from coproduce.feedback.access import Access
from coproduce.feedback.forms import (
    FeedbackForm,
    FollowForm,
    PublicFilterForm,
    RatingForm,
    ReviewRequestForm,
)
from coproduce.feedback.models import Feedback
from coproduce.people.views import subject_of


def client_address(request: HttpRequest) -> str:
    """The address the request came from; behind a proxy, the server sets REMOTE_ADDR."""
    return str(request.META.get("REMOTE_ADDR", ""))


def _proposal(form: FeedbackForm) -> Any:
    number = form.cleaned_data.get("proposal")
    if not number:
        return None
    from coproduce.budgeting.models import Proposal

    found = Proposal.objects.filter(pk=number).first()
    if found is None:
        form.add_error("proposal", _("There is no budget idea with that number."))
    return found


def _draft(form: FeedbackForm) -> services.FeedbackDraft:
    data = form.cleaned_data
    return services.FeedbackDraft(
        kind=data["kind"],
        subject_kind=data["subject_kind"],
        subject_name=data.get("subject_name", ""),
        what_happened=data.get("what_happened", ""),
        what_would_help=data.get("what_would_help", ""),
        about_organisation=data.get("about_organisation"),
        proposal=_proposal(form),
        area=data.get("area"),
        place=data.get("place", ""),
        happened_on=data.get("happened_on"),
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        contact_by=data.get("contact_by") or Feedback.Contact.EMAIL,
        may_publish=bool(data.get("may_publish")),
        channel=data.get("channel") or Feedback.Channel.ONLINE,
        photos=list(data.get("photos") or []),
    )


def _render_form(
    request: HttpRequest, form: FeedbackForm, status: int = 200, too_big: str = ""
) -> HttpResponse:
    context = {
        "form": form,
        "too_big": too_big,
        "acting_for": getattr(request, "acting_for", None),
        "recording": "channel" in form.fields,
    }
    return render(request, "feedback/give.html", context, status=status)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest) -> HttpResponse:
    """The size of an upload is checked before the body is read; the CSRF check runs after
    the limit is in place (it reads the body too)."""
    recording = request.user.has_perm("feedback.record_feedback")
    if request.method == "POST":
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > photos.MAX_REQUEST_BYTES:
            form = FeedbackForm(recording=recording)
            return _render_form(request, form, 413, photos.request_too_big_message(length))
        photos.limit_uploads(request)
    return _give(request, recording)


@csrf_protect
def _give(request: HttpRequest, recording: bool) -> HttpResponse:
    if request.method != "POST":
        initial = {}
        if request.GET.get("proposal", "").isdigit():
            initial = {"proposal": request.GET["proposal"], "subject_kind": "proposal"}
        return _render_form(request, FeedbackForm(recording=recording, initial=initial))
    form = FeedbackForm(request.POST, request.FILES, recording=recording)
    too_big = photos.photos_too_big(request)
    if form.is_valid():
        draft = _draft(form)
        for name in too_big:
            form.add_error("photos", photos.too_big_message(name))
        if not form.errors:
            try:
                sent = services.submit_feedback(
                    actor=request.user,
                    draft=draft,
                    on_behalf_of=getattr(request, "acting_for", None),
                    submission_key=form.cleaned_data.get("submission_key", ""),
                    client_address=client_address(request),
                )
            except ratelimit.TooMany as error:
                form.add_error(None, error.message)
                return _render_form(request, form, 429)
            except ServiceError as error:
                add_service_error(form, error)
            else:
                token = services.private_token(sent.feedback)
                return redirect("feedback:sent", token=token)
    return _render_form(request, form, 400)


def _access_from_link(request: HttpRequest, token: str) -> Access:
    try:
        access = selectors.follow_by_link(token)
    except NotFound:
        raise Http404(_("This link does not work. Check you copied all of it.")) from None
    if request.user.is_authenticated and access.feedback.person_id == subject_of(request).pk:
        person = subject_of(request)
        return Access(
            feedback=access.feedback,
            how="account",
            actor=request.user,
            on_behalf_of=person if person.pk != request.user.pk else None,
        )
    return access


@require_GET
def sent(request: HttpRequest, token: str) -> HttpResponse:
    access = _access_from_link(request, token)
    context = {
        "feedback": access.feedback,
        "link": request.build_absolute_uri(reverse("feedback:follow-link", args=[token])),
    }
    return render(request, "feedback/sent.html", context)


@require_http_methods(["GET", "POST"])
def follow(request: HttpRequest) -> HttpResponse:
    form = FollowForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                ratelimit.check_lookup(client_address(request))
                access = selectors.follow_by_reference(
                    form.cleaned_data["reference"], form.cleaned_data["email"]
                )
            except ratelimit.TooMany as error:
                form.add_error(None, error.message)
                status = 429
            except NotFound:
                form.add_error(
                    "reference",
                    _(
                        "We could not find feedback with that reference and email address. "
                        "Check both, or use the private link in the email we sent you."
                    ),
                )
            else:
                token = services.private_token(access.feedback)
                return redirect("feedback:follow-link", token=token)
    return render(request, "feedback/follow.html", {"form": form}, status=status)


def _follow_page(
    request: HttpRequest,
    access: Access,
    token: str,
    rating_form: RatingForm | None = None,
    review_form: ReviewRequestForm | None = None,
    status: int = 200,
) -> HttpResponse:
    feedback = access.feedback
    can_rate = feedback.status in (Feedback.Status.RESPONDED, Feedback.Status.REVIEWED)
    can_review = feedback.status == Feedback.Status.RESPONDED
    context = {
        "feedback": feedback,
        "token": token,
        "photo_count": len(feedback.photos.all()),
        "rating_form": rating_form or (RatingForm() if can_rate else None),
        "review_form": review_form or (ReviewRequestForm() if can_review else None),
        "rating": (
            feedback.review_rating
            if feedback.status == Feedback.Status.REVIEWED
            else feedback.rating
        ),
    }
    return render(request, "feedback/follow_detail.html", context, status=status)


@require_GET
def follow_link(request: HttpRequest, token: str) -> HttpResponse:
    return _follow_page(request, _access_from_link(request, token), token)


@require_POST
def follow_rate(request: HttpRequest, token: str) -> HttpResponse:
    access = _access_from_link(request, token)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate_answer(access=access, rating=form.cleaned_data["rating"])
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. We have your rating."))
            return redirect("feedback:follow-link", token=token)
    return _follow_page(request, access, token, rating_form=form, status=400)


@require_POST
def follow_review(request: HttpRequest, token: str) -> HttpResponse:
    access = _access_from_link(request, token)
    form = ReviewRequestForm(request.POST)
    if form.is_valid():
        try:
            services.request_review(access=access, reason=form.cleaned_data.get("reason", ""))
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("We have your request. Someone else will look at it again.")
            )
            return redirect("feedback:follow-link", token=token)
    return _follow_page(request, access, token, review_form=form, status=400)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    person = subject_of(request)
    page = paginate(request, selectors.feedback_of(person))
    items = [(item, services.private_token(item)) for item in page.object_list]
    context = {"page": page, "items": items, "acting_for": getattr(request, "acting_for", None)}
    return render(request, "feedback/mine.html", context)


# --- You said, we did ---------------------------------------------------------------------


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    services_list = list(selectors.services_with_summaries())
    themes = list(selectors.themes())
    form = PublicFilterForm(request.GET or None, services=services_list, themes=themes)
    form.is_valid()
    values = getattr(form, "cleaned_data", {})
    filters = selectors.PublicFilters(
        search=values.get("search", "") or "",
        service=_by_slug(services_list, values.get("service")),
        theme=_by_slug(themes, values.get("theme")),
    )
    page = paginate(request, selectors.public_summaries(filters))
    context = {"form": form, "page": page, "is_filtered": bool(request.GET.get("search"))}
    return render(request, "feedback/public_list.html", context)


def _by_slug(items: list[Any], slug: Any) -> Any:
    return next((item for item in items if slug and item.slug == slug), None)


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        summary = selectors.public_summary(pk)
    except NotFound:
        raise Http404(_("There is nothing published at this address.")) from None
    return render(request, "feedback/public_detail.html", {"summary": summary})
