"""Staff pages: the dashboard of what is due, one piece of feedback, and publishing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.common import audit
from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.feedback import selectors, services
from coproduce.feedback.forms import (
    DashboardForm,
    LinkForm,
    ResponseForm,
    SummaryForm,
    TriageForm,
)
from coproduce.feedback.models import Feedback
from coproduce.people.models import User


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _may_use_dashboard(request: HttpRequest) -> None:
    if not request.user.has_perm("feedback.view_dashboard"):
        raise PermissionDenied


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    _may_use_dashboard(request)
    services_list = list(selectors.visible_services(request.user))
    triager = selectors.triages_any(request.user)
    form = DashboardForm(request.GET or None, services=services_list, unassigned=triager)
    form.is_valid()
    values = getattr(form, "cleaned_data", {})
    chosen = values.get("service") or ""
    filters = selectors.DashboardFilters(
        service=next((s for s in services_list if s.slug == chosen), None),
        unassigned=chosen == selectors.UNASSIGNED,
        stage=values.get("stage") or "",
        overdue_only=bool(values.get("overdue")),
    )
    page = paginate(request, selectors.dashboard_items(request.user, filters))
    context = {
        "form": form,
        "counts": selectors.dashboard_counts(request.user, filters),
        "page": page,
        "today": timezone.localdate(),
        "query": request.GET.urlencode(),
    }
    return render(request, "feedback/dashboard.html", context)


def _handled(request: HttpRequest, reference: str) -> Feedback:
    """Feedback the person handles. For anyone else it does not exist: not even whether a
    reference is real is given away."""
    try:
        feedback = selectors.staff_feedback(reference)
    except NotFound:
        raise Http404(_("There is no feedback with that reference.")) from None
    if not request.user.has_perm("feedback.view_feedback", feedback):
        raise Http404(_("There is no feedback with that reference."))
    return feedback


def _detail(
    request: HttpRequest, feedback: Feedback, status: int = 200, **forms_: forms.Form
) -> HttpResponse:
    user = request.user
    is_review = feedback.status == Feedback.Status.REVIEW
    context: dict[str, Any] = {
        "feedback": feedback,
        "today": timezone.localdate(),
        "can_triage": user.has_perm("feedback.assign_feedback", feedback),
        "can_publish": user.has_perm("feedback.publish_feedback", feedback),
        "triage_form": forms_.get("triage_form")
        or TriageForm(
            initial={
                "service": feedback.service_id,
                "kind": feedback.kind,
                "theme": feedback.theme_id,
            }
        ),
        "response_form": forms_.get("response_form") or ResponseForm(),
        "summary_form": forms_.get("summary_form") or SummaryForm(),
        "link_form": forms_.get("link_form")
        or LinkForm(
            summaries=selectors.summaries_to_link(feedback),
            initial={"summary": feedback.summary_id},
        ),
        "is_review": is_review,
        "events": list(audit.events_for(feedback)[:50]),
        "answered_first": feedback.responded_by_id == user.pk,
    }
    return render(request, "feedback/staff_detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _detail(request, _handled(request, reference))


def _refused(request: HttpRequest, error: ServiceError) -> None:
    if error.status == 403:
        raise PermissionDenied(error.message)
    messages.error(request, error.message)


@login_required
@require_POST
def triage(request: HttpRequest, reference: str) -> HttpResponse:
    feedback = _handled(request, reference)
    form = TriageForm(request.POST)
    if form.is_valid():
        try:
            services.triage_feedback(
                actor=_actor(request),
                feedback=feedback,
                service=form.cleaned_data["service"],
                kind=form.cleaned_data["kind"],
                theme=form.cleaned_data["theme"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(feedback)
    return _detail(request, feedback, 400, triage_form=form)


@login_required
@require_POST
def acknowledge(request: HttpRequest, reference: str) -> HttpResponse:
    feedback = _handled(request, reference)
    try:
        services.acknowledge_feedback(actor=_actor(request), feedback=feedback)
    except ServiceError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Acknowledged. The person has been told."))
    return redirect(feedback)


@login_required
@require_POST
def respond(request: HttpRequest, reference: str) -> HttpResponse:
    feedback = _handled(request, reference)
    form = ResponseForm(request.POST)
    if form.is_valid():
        answer = (
            services.answer_review
            if feedback.status == Feedback.Status.REVIEW
            else services.respond_to_feedback
        )
        try:
            answer(
                actor=_actor(request),
                feedback=feedback,
                response=form.cleaned_data.get("response", ""),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your answer is sent."))
            return redirect(feedback)
    return _detail(request, feedback, 400, response_form=form)


@login_required
@require_POST
def link(request: HttpRequest, reference: str) -> HttpResponse:
    feedback = _handled(request, reference)
    summaries = selectors.summaries_to_link(feedback)
    form = LinkForm(request.POST, summaries=summaries)
    if form.is_valid():
        chosen = form.cleaned_data.get("summary")
        summary = next((s for s in summaries if str(s.pk) == chosen), None) if chosen else None
        try:
            services.link_similar(actor=_actor(request), feedback=feedback, summary=summary)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(feedback)
    return _detail(request, feedback, 400, link_form=form)


def _summary_draft(form: SummaryForm) -> services.SummaryDraft:
    data = form.cleaned_data
    return services.SummaryDraft(
        title=data.get("title", ""),
        you_said=data.get("you_said", ""),
        we_did=data.get("we_did", ""),
        theme=data.get("theme"),
        publish=bool(data.get("publish")),
    )


@login_required
@require_POST
def publish(request: HttpRequest, reference: str) -> HttpResponse:
    feedback = _handled(request, reference)
    form = SummaryForm(request.POST)
    if form.is_valid():
        try:
            summary = services.publish_summary(
                actor=_actor(request), feedback=feedback, draft=_summary_draft(form)
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("feedback:summary-edit", pk=summary.pk)
    return _detail(request, feedback, 400, summary_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def summary_edit(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        summary = selectors.summary_for_staff(pk)
    except NotFound:
        raise Http404(_("There is no summary at this address.")) from None
    if not request.user.has_perm("feedback.change_summary", summary):
        raise PermissionDenied
    initial = {
        "title": summary.title,
        "you_said": summary.you_said,
        "we_did": summary.we_did,
        "theme": summary.theme_id,
        "publish": summary.is_published,
    }
    form = SummaryForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.change_summary(
                actor=_actor(request), summary=summary, draft=_summary_draft(form)
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("feedback:summary-edit", pk=summary.pk)
    status = 400 if form.is_bound else 200
    context = {"form": form, "summary": summary}
    return render(request, "feedback/summary_form.html", context, status=status)


@login_required
@require_GET
def photo(request: HttpRequest, reference: str, pk: int) -> FileResponse:
    feedback = _handled(request, reference)
    found = next((item for item in feedback.photos.all() if item.pk == pk), None)
    if found is None:
        raise Http404(_("There is no such photo."))
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'"
    return response
