"""The web face of participatory budgeting for everyone: processes, ideas, supports, offers,
comments. Thin: forms in, services and selectors called, pages out. Staff pages are in
`staff_views.py`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.budgeting import selectors, services
from coproduce.budgeting.eligibility import eligibility_problem
from coproduce.budgeting.forms import (
    CommentForm,
    OfferForm,
    ProposalFilterForm,
    ProposalForm,
    ReasonForm,
    ResponseForm,
)
from coproduce.budgeting.models import Comment, PhaseKind, Process, Proposal
from coproduce.budgeting.services.proposals import allowed_areas
from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.organisations.models import Organisation
from coproduce.people.roles import roles_of
from coproduce.people.views import actor_of, subject_of

COMMENTS_PER_PAGE = 20


def process_or_404(request: HttpRequest, slug: str) -> Process:
    try:
        process = selectors.process_by_slug(slug)
    except NotFound:
        raise Http404(_("There is no budget at this address.")) from None
    if not request.user.has_perm("budgeting.view_process", process):
        raise Http404(_("There is no budget at this address."))
    return process


def proposal_or_404(request: HttpRequest, slug: str, pk: int) -> Proposal:
    process = process_or_404(request, slug)
    try:
        return selectors.proposal_detail(process, pk)
    except NotFound:
        raise Http404(_("There is no idea at this address.")) from None


def refuse_or_show(request: HttpRequest, error: ServiceError) -> None:
    """A refusal of a button press: a 403 page, or a message on the page it leads back to."""
    if error.status == 403 and error.code != "not_eligible":
        raise PermissionDenied(error.message)
    messages.error(request, error.message)


def on_behalf_of(request: HttpRequest) -> Any:
    return getattr(request, "acting_for", None)


def voting_link(*names: str, process: Process) -> str:
    """A link into the voting pages under the first of `names` that exists; until one does,
    nothing to show, so these pages never depend on the voting pages being there."""
    for name in names:
        try:
            return reverse(f"voting:{name}", kwargs={"slug": process.slug})
        except NoReverseMatch:
            continue
    return ""


# --- Processes ---------------------------------------------------------------------------


@require_GET
def process_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.process_list(request.user))
    return render(
        request,
        "budgeting/process_list.html",
        {
            "page": page,
            "can_add": request.user.is_authenticated and roles_of(request.user).is_staff_role,
        },
    )


@require_GET
def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_or_404(request, slug)
    person = subject_of(request) if request.user.is_authenticated else None
    problem = None
    if person is not None and process.phase in (PhaseKind.IDEAS, PhaseKind.VOTING):
        problem = eligibility_problem(person, process)
    context = {
        "process": process,
        "steps": selectors.timeline(process),
        "next_step": selectors.next_phase(process),
        "proposal_count": selectors.proposals(process).count(),
        "problem": problem,
        "can_change": request.user.has_perm("budgeting.change_process", process),
        "vote_url": voting_link("vote", "ballot", process=process)
        if process.phase == PhaseKind.VOTING
        else "",
        "results_url": voting_link("results", process=process)
        if process.phase in (PhaseKind.RESULTS, PhaseKind.DELIVERY)
        else "",
        "projects": list(selectors.funded_projects(process)[:50])
        if process.phase in (PhaseKind.RESULTS, PhaseKind.DELIVERY)
        else [],
    }
    return render(request, "budgeting/process_detail.html", context)


# --- Ideas -------------------------------------------------------------------------------


@require_GET
def proposal_list(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_or_404(request, slug)
    filter_form = ProposalFilterForm(request.GET or None, process=process)
    filters = filter_form.filters()
    listing = selectors.proposals(
        process,
        search=filters.get("search", ""),
        category=filters.get("category", ""),
        sort=filters.get("sort", "newest"),
    )
    page = paginate(request, listing)
    person = subject_of(request) if request.user.is_authenticated else None
    supported = selectors.supported_by(person, [item.pk for item in page.object_list])
    context = {
        "process": process,
        "page": page,
        "filter_form": filter_form,
        "is_filtered": bool(filters),
        "supported": supported,
        "can_support": process.phase == PhaseKind.IDEAS and request.user.is_authenticated,
    }
    return render(request, "budgeting/proposal_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_add(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_or_404(request, slug)
    person = subject_of(request)
    problem = eligibility_problem(person, process)
    if process.phase != PhaseKind.IDEAS:
        problem = _("You can only put forward ideas while the ideas phase is on.")
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        process=process,
        areas=allowed_areas(process).order_by("name"),
    )
    if request.method == "POST" and problem is None and form.is_valid():
        try:
            proposal = services.create_proposal(
                actor=actor_of(request),
                process=process,
                data=form.values(),
                image=form.cleaned_data.get("image"),
                on_behalf_of=on_behalf_of(request),
                submission_key=form.cleaned_data.get("submission_key"),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Your idea is up for everyone to see."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "budgeting/proposal_form.html",
        {"process": process, "form": form, "problem": problem, "proposal": None},
        status=200 if problem is None else 403,
    )


@require_GET
def proposal_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, slug, pk)
    process = proposal.process
    person = subject_of(request) if request.user.is_authenticated else None
    comments = paginate(request, selectors.comment_threads(proposal), per_page=COMMENTS_PER_PAGE)
    can_staff = request.user.has_perm("budgeting.review_proposal", proposal)
    details = getattr(proposal, "details", None)
    context = {
        "process": process,
        "proposal": proposal,
        "details": details,
        "project": getattr(proposal, "project", None) if proposal.is_funded else None,
        "updates": selectors.project_updates(proposal) if proposal.is_funded else [],
        "offers": list(selectors.offers_of(proposal)[:100]),
        "page": comments,
        "comment_form": CommentForm(),
        "supports": bool(person and selectors.supported_by(person, [proposal.pk])),
        "follows": selectors.follows(person, proposal) if proposal.is_funded else False,
        "can_edit": process.phase == PhaseKind.IDEAS
        and proposal.status == Proposal.Status.SUBMITTED
        and request.user.has_perm("budgeting.change_proposal", proposal),
        "can_respond": details is not None
        and details.reviewed_at is not None
        and request.user.has_perm("budgeting.respond_to_review", proposal),
        "can_support": process.phase == PhaseKind.IDEAS
        and proposal.status in (Proposal.Status.SUBMITTED, Proposal.Status.ACCEPTED)
        and proposal.author_id != getattr(person, "pk", None),
        "can_comment": process.phase in (PhaseKind.IDEAS, PhaseKind.REVIEW, PhaseKind.VOTING),
        "can_staff": can_staff,
        "can_change_project": request.user.has_perm("budgeting.change_project", proposal),
    }
    return render(request, "budgeting/proposal_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def proposal_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, slug, pk)
    process = proposal.process
    if not request.user.has_perm("budgeting.change_proposal", proposal):
        raise PermissionDenied
    form = ProposalForm(
        request.POST or None,
        request.FILES or None,
        process=process,
        areas=allowed_areas(process).order_by("name"),
        initial=ProposalForm.initial_for(proposal),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_proposal(
                actor=actor_of(request),
                proposal=proposal,
                data=form.values(),
                image=form.cleaned_data.get("image"),
                on_behalf_of=on_behalf_of(request),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your idea is saved."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "budgeting/proposal_form.html",
        {"process": process, "form": form, "problem": None, "proposal": proposal},
    )


@login_required
@require_POST
def proposal_support(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, slug, pk)
    try:
        if request.POST.get("support") == "no":
            services.withdraw_support(
                actor=actor_of(request), proposal=proposal, on_behalf_of=on_behalf_of(request)
            )
            messages.success(request, _("You no longer support this idea."))
        else:
            services.support_proposal(
                actor=actor_of(request), proposal=proposal, on_behalf_of=on_behalf_of(request)
            )
            messages.success(request, _("Thank you. You support this idea."))
    except ServiceError as error:
        refuse_or_show(request, error)
    back = request.POST.get("next", "")
    if back == "list":
        return redirect("budgeting:proposal-list", slug=slug)
    return redirect(proposal.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def offer_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, slug, pk)
    person = subject_of(request)
    groups = Organisation.objects.filter(pk__in=roles_of(person).member_of).order_by("name")
    form = OfferForm(request.POST or None, groups=groups)
    if request.method == "POST" and form.is_valid():
        try:
            services.make_offer(
                actor=actor_of(request),
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                description=form.cleaned_data["description"],
                amount=form.cleaned_data["amount"],
                group=form.cleaned_data["group"],
                on_behalf_of=on_behalf_of(request),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you for your offer. It is now on the idea."))
            return redirect(f"{proposal.get_absolute_url()}#offers")
    return render(
        request,
        "budgeting/offer_form.html",
        {"process": proposal.process, "proposal": proposal, "form": form},
    )


@login_required
@require_POST
def comment_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, slug, pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write your comment, in 2,000 characters or fewer."))
        return redirect(f"{proposal.get_absolute_url()}#comments")
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"]).first()
        if parent is None:
            raise Http404(_("That comment no longer exists."))
    try:
        comment = services.add_comment(
            actor=actor_of(request),
            proposal=proposal,
            text=form.cleaned_data["text"],
            parent=parent,
        )
    except ServiceError as error:
        refuse_or_show(request, error)
        return redirect(f"{proposal.get_absolute_url()}#comments")
    messages.success(request, _("Your comment is posted."))
    return redirect(f"{proposal.get_absolute_url()}#comment-{comment.pk}")


def _comment_or_404(request: HttpRequest, slug: str, pk: int) -> Comment:
    process = process_or_404(request, slug)
    comment = (
        Comment.objects.select_related("proposal__process", "author")
        .filter(pk=pk, proposal__process=process)
        .first()
    )
    if comment is None:
        raise Http404(_("There is no comment at this address."))
    return comment


@login_required
@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    comment = _comment_or_404(request, slug, pk)
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = _("What is wrong with this comment?")
    if request.method == "POST" and form.is_valid():
        try:
            services.report_comment(
                actor=actor_of(request), comment=comment, reason=form.cleaned_data["reason"]
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Staff will look at the comment."))
            return redirect(f"{comment.proposal.get_absolute_url()}#comment-{comment.pk}")
    return render(
        request,
        "budgeting/comment_reason.html",
        {
            "process": comment.proposal.process,
            "comment": comment,
            "form": form,
            "title": _("Report a comment"),
            "button": _("Report it"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_respond(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, slug, pk)
    if not request.user.has_perm("budgeting.respond_to_review", proposal):
        raise PermissionDenied
    details = getattr(proposal, "details", None)
    form = ResponseForm(request.POST or None, initial={"text": details.response if details else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.respond_to_review(
                actor=actor_of(request),
                proposal=proposal,
                text=form.cleaned_data["text"],
                on_behalf_of=on_behalf_of(request),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your reply is on your idea's page."))
            return redirect(proposal.get_absolute_url())
    return render(
        request,
        "budgeting/respond_form.html",
        {"process": proposal.process, "proposal": proposal, "details": details, "form": form},
    )


@login_required
@require_POST
def project_follow(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    proposal = proposal_or_404(request, slug, pk)
    try:
        if request.POST.get("follow") == "no":
            services.unfollow_project(actor=actor_of(request), proposal=proposal)
            messages.success(request, _("You no longer follow this project."))
        else:
            services.follow_project(actor=actor_of(request), proposal=proposal)
            messages.success(request, _("You follow this project. We will email you news."))
    except ServiceError as error:
        refuse_or_show(request, error)
    return redirect(f"{proposal.get_absolute_url()}#delivery")
