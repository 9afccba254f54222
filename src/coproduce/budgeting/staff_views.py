"""Staff pages of participatory budgeting: setting up a process, moving its phase, reviewing and
merging ideas, moderating comments, and tracking funded projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.budgeting import selectors, services
from coproduce.budgeting.forms import (
    MergeForm,
    PhaseMoveForm,
    ProcessForm,
    ProjectForm,
    ProjectUpdateForm,
    ReasonForm,
    ReviewForm,
)
from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.views import (
    _comment_or_404,
    process_or_404,
    proposal_or_404,
    refuse_or_show,
)
from coproduce.common.errors import ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.organisations.models import Organisation
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of
from coproduce.people.views import actor_of


def _staff_process(request: HttpRequest, slug: str) -> Process:
    process = process_or_404(request, slug)
    if not request.user.has_perm("budgeting.change_process", process):
        raise PermissionDenied
    return process


def _staff_proposal(request: HttpRequest, slug: str, pk: int, perm: str) -> Proposal:
    proposal = proposal_or_404(request, slug, pk)
    if not request.user.has_perm(perm, proposal):
        raise PermissionDenied
    return proposal


def _organisations_for(request: HttpRequest) -> object:
    roles = roles_of(request.user)
    public = Organisation.objects.filter(kind=Organisation.Kind.PUBLIC_BODY, is_active=True)
    if ADMINISTRATOR in roles or COORDINATOR in roles:
        return public.order_by("name")
    return public.filter(Q(pk__in=roles.member_of)).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def process_add(request: HttpRequest) -> HttpResponse:
    if not roles_of(request.user).is_staff_role:
        raise PermissionDenied
    form = ProcessForm(
        request.POST or None,
        organisations=_organisations_for(request),
        initial={"residents_only": True, "verification_required": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            process = services.create_process(
                actor=actor_of(request),
                organisation=form.cleaned_data["organisation"],
                data=form.values(),
                phase_starts=form.phase_starts(),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The budget is set up. Publish it when it is ready."))
            return redirect(process.get_absolute_url())
    return render(request, "budgeting/process_form.html", {"form": form, "process": None})


@login_required
@require_http_methods(["GET", "POST"])
def process_edit(request: HttpRequest, slug: str) -> HttpResponse:
    process = _staff_process(request, slug)
    form = ProcessForm(
        request.POST or None,
        organisations=_organisations_for(request),
        initial=ProcessForm.initial_for(process),
    )
    # Which body runs a budget is settled when it is set up.
    del form.fields["organisation"]
    if request.method == "POST" and form.is_valid():
        try:
            process = services.update_process(
                actor=actor_of(request),
                process=process,
                data=form.values(),
                phase_starts=form.phase_starts(),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The budget is saved."))
            return redirect(process.get_absolute_url())
    return render(request, "budgeting/process_form.html", {"form": form, "process": process})


@login_required
@require_POST
def process_publish(request: HttpRequest, slug: str) -> HttpResponse:
    process = _staff_process(request, slug)
    published = request.POST.get("publish") == "yes"
    services.publish_process(actor=actor_of(request), process=process, published=published)
    messages.success(
        request, _("The budget is published.") if published else _("The budget is taken down.")
    )
    return redirect(process.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def process_phase(request: HttpRequest, slug: str) -> HttpResponse:
    process = _staff_process(request, slug)
    form = PhaseMoveForm(request.POST or None, initial={"to_phase": process.phase})
    if request.method == "POST" and form.is_valid():
        try:
            services.move_phase(
                actor=actor_of(request),
                process=process,
                to_phase=form.cleaned_data["to_phase"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The phase is changed."))
            return redirect(process.get_absolute_url())
    changes = process.phase_changes.select_related("changed_by").order_by("-changed_at", "-id")
    names = dict(form.fields["to_phase"].choices)  # type: ignore[attr-defined]
    rows = [
        (change, names.get(change.from_phase, ""), names.get(change.to_phase, ""))
        for change in changes[:20]
    ]
    return render(
        request,
        "budgeting/phase_form.html",
        {"process": process, "form": form, "changes": rows},
    )


@login_required
@require_http_methods(["GET"])
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = _staff_process(request, slug)
    status = request.GET.get("status", "")
    if status not in Proposal.Status.values:
        status = ""
    page = paginate(request, selectors.review_queue(process, status=status))
    return render(
        request,
        "budgeting/review_list.html",
        {
            "process": process,
            "page": page,
            "status": status,
            "statuses": Proposal.Status.choices,
            "reported": list(selectors.reported_comments(process)[:50]),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_review(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _staff_proposal(request, slug, pk, "budgeting.review_proposal")
    details = getattr(proposal, "details", None)
    form = ReviewForm(
        request.POST or None,
        initial={
            "final_cost": proposal.final_cost or proposal.estimated_cost,
            "feasibility": details.feasibility if details else "",
            "reason": details.reason if details else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.review_proposal(
                actor=actor_of(request),
                proposal=proposal,
                decision=form.cleaned_data["decision"],
                final_cost=form.cleaned_data["final_cost"],
                feasibility=form.cleaned_data["feasibility"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The review is saved and the author is told."))
            return redirect("budgeting:review-list", slug=slug)
    return render(
        request,
        "budgeting/review_form.html",
        {"process": proposal.process, "proposal": proposal, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_merge(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _staff_proposal(request, slug, pk, "budgeting.merge_proposal")
    form = MergeForm(request.POST or None, targets=selectors.merge_targets(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            target = services.merge_proposals(
                actor=actor_of(request),
                source=proposal,
                target=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The ideas are joined and both authors are told."))
            return redirect(target.get_absolute_url())
    return render(
        request,
        "budgeting/merge_form.html",
        {"process": proposal.process, "proposal": proposal, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_hide(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    comment = _comment_or_404(request, slug, pk)
    if not request.user.has_perm("budgeting.hide_comment", comment.proposal):
        raise PermissionDenied
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("Why are you hiding it? Everyone will see this.")
    if request.method == "POST" and form.is_valid():
        try:
            services.hide_comment(
                actor=actor_of(request), comment=comment, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The comment is hidden."))
            return redirect(f"{comment.proposal.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "budgeting/comment_reason.html",
        {
            "process": comment.proposal.process,
            "comment": comment,
            "form": form,
            "title": _("Hide a comment"),
            "button": _("Hide it"),
        },
    )


@login_required
@require_POST
def offers_convert(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _staff_proposal(request, slug, pk, "budgeting.convert_offers")
    try:
        made = services.convert_offers(actor=actor_of(request), proposal=proposal)
    except ServiceError as error:
        refuse_or_show(request, error)
    else:
        messages.success(
            request,
            ngettext(
                "%(count)s offer is now something to do. Add dates and publish it.",
                "%(count)s offers are now things to do. Add dates and publish them.",
                len(made),
            )
            % {"count": len(made)},
        )
    return redirect(f"{proposal.get_absolute_url()}#offers")


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = _staff_proposal(request, slug, pk, "budgeting.change_project")
    if not proposal.is_funded:
        raise Http404(_("This idea was not funded, so there is no project to track."))
    project = getattr(proposal, "project", None)
    which = request.POST.get("form") if request.method == "POST" else None
    project_form = ProjectForm(
        request.POST if which == "project" else None,
        initial={
            "status": project.status if project else "planned",
            "progress": project.progress if project else 0,
            "spent": project.spent if project else 0,
        },
    )
    update_form = ProjectUpdateForm(
        request.POST if which == "update" else None, request.FILES if which == "update" else None
    )
    if which == "project" and project_form.is_valid():
        try:
            services.update_project(
                actor=actor_of(request), proposal=proposal, **project_form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(project_form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(f"{proposal.get_absolute_url()}#delivery")
    if which == "update" and update_form.is_valid():
        try:
            services.post_update(
                actor=actor_of(request),
                proposal=proposal,
                text=update_form.cleaned_data["text"],
                photo=update_form.cleaned_data["photo"],
                photo_description=update_form.cleaned_data["photo_description"],
            )
        except ServiceError as error:
            add_service_error(update_form, error)
        else:
            messages.success(request, _("The update is posted. Followers will get an email."))
            return redirect(f"{proposal.get_absolute_url()}#delivery")
    return render(
        request,
        "budgeting/project_form.html",
        {
            "process": proposal.process,
            "proposal": proposal,
            "project_form": project_form,
            "update_form": update_form,
        },
    )
