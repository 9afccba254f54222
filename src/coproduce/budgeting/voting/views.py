"""Pages for voting: the ballot, proving who you are, voting with staff, paper ballots."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.budgeting.eligibility import eligibility_problem
from coproduce.budgeting.models import PhaseKind, Process
from coproduce.budgeting.services._base import money
from coproduce.budgeting.voting import selectors, services
from coproduce.budgeting.voting.forms import (
    AssistedPersonForm,
    BallotForm,
    PaperForm,
    PhoneCodeForm,
    PhoneForm,
    PollingCardForm,
    PrintLayoutForm,
    SettingsForm,
)
from coproduce.budgeting.voting.models import Channel, IdentityCheck, VotingSettings
from coproduce.budgeting.voting.services.results import SETTINGS_FIELDS
from coproduce.common.errors import PermissionDenied as NotAllowed
from coproduce.common.errors import ServiceError
from coproduce.common.pagination import paginate
from coproduce.people.models import User
from coproduce.people.views import actor_of

PAPERS_PER_PAGE = 20


def show_error(form: forms.Form, error: ServiceError) -> None:
    """A refusal in the form, beside its field. Only a lack of permission is a 403 page: a
    person who may not vote (age, area, identity) is told why, in the form."""
    if isinstance(error, NotAllowed):
        raise PermissionDenied(error.message)
    form.add_error(error.field if error.field in form.fields else None, error.message)


def process_or_404(request: HttpRequest, slug: str) -> Process:
    process = selectors.process_for_page(slug)
    if process is None or not request.user.has_perm("budgeting.view_process", process):
        raise Http404(_("There is no budget at this address."))
    return process


def staff_process(request: HttpRequest, slug: str, permission: str) -> Process:
    process = process_or_404(request, slug)
    if not request.user.has_perm(permission, process):
        raise PermissionDenied
    return process


def _ballot_form(
    request: HttpRequest, process: Process, settings: VotingSettings, initial: dict[str, int]
) -> BallotForm:
    proposals = list(selectors.ballot_proposals(process))
    data = request.POST if request.method == "POST" else None
    form = BallotForm(data, process=process, settings=settings, proposals=proposals)
    if data is None and initial:
        if form.cumulative:
            form.initial = {f"points_{key}": value for key, value in initial.items()}
        else:
            form.initial = {"choices": list(initial)}
    return form


def _ballot_help(process: Process, settings: VotingSettings) -> dict[str, Any]:
    return {"settings": settings, "budget_text": money(int(process.budget), process.currency)}


def _cast(form: BallotForm, **kwargs: Any) -> bool:
    try:
        services.cast_ballot(choices=form.chosen(), **kwargs)
    except services.IdentityNeeded:
        raise
    except ServiceError as error:
        show_error(form, error)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    process = process_or_404(request, slug)
    voter = actor_of(request)
    settings = selectors.settings_of(process)
    current = selectors.current_ballot(process, voter)
    form = _ballot_form(request, process, settings, current.choices if current else {})
    if request.method == "POST" and form.is_valid():
        try:
            cast = _cast(
                form,
                actor=voter,
                voter=voter,
                process=process,
                idempotency_key=request.POST.get("idempotency_key", ""),
            )
        except services.IdentityNeeded as error:
            if settings.identity_check != IdentityCheck.EMAIL:
                messages.info(request, error.message)
                return redirect("voting:identity", slug=process.slug)
            show_error(form, error)
            cast = False
        if cast:
            messages.success(request, _("Thank you. Your ballot is counted."))
            return redirect("voting:ballot", slug=process.slug)
    context = {
        "process": process,
        "form": form,
        "current": current,
        **_ballot_help(process, settings),
        "is_open": process.phase == PhaseKind.VOTING,
        "problem": eligibility_problem(voter, process),
        "can_change": current is None
        or (current.channel == Channel.ONLINE and settings.can_change),
        "needs_identity": settings.identity_check != IdentityCheck.EMAIL
        and not selectors.identity_confirmed(process, voter),
        "is_staff": request.user.has_perm("voting.key_paper", process),
        "idempotency_key": _new_key(),
    }
    return render(request, "voting/ballot.html", context)


def _new_key() -> str:
    import secrets

    return secrets.token_urlsafe(16)


@login_required
@require_http_methods(["GET", "POST"])
def identity(request: HttpRequest, slug: str) -> HttpResponse:
    """Prove who you are: the polling-card code, or a code sent to your phone."""
    process = process_or_404(request, slug)
    person = actor_of(request)
    settings = selectors.settings_of(process)
    method = settings.identity_check
    if method == IdentityCheck.EMAIL or selectors.identity_confirmed(process, person):
        return redirect("voting:ballot", slug=process.slug)
    step = request.POST.get("step", "")
    card_form = PollingCardForm(request.POST if step == "card" else None)
    phone_form = PhoneForm(request.POST if step == "phone" else None)
    code_form = PhoneCodeForm(request.POST if step == "code" else None)
    action: dict[str, tuple[forms.Form, Callable[[dict[str, Any]], None]]] = {
        "card": (
            card_form,
            lambda data: services.use_polling_card(
                actor=person, person=person, process=process, code=data["code"]
            ),
        ),
        "phone": (
            phone_form,
            lambda data: services.send_phone_code(
                actor=person, person=person, process=process, phone=data["phone"]
            ),
        ),
        "code": (
            code_form,
            lambda data: services.confirm_phone_code(
                actor=person, person=person, process=process, code=data["code"]
            ),
        ),
    }
    if request.method == "POST" and step in action:
        form, run = action[step]
        if form.is_valid():
            try:
                run(form.cleaned_data)
            except ServiceError as error:
                show_error(form, error)
            else:
                if step == "phone":
                    messages.success(request, _("We have sent a code to your phone."))
                    return redirect(f"{request.path}?sent=1")
                messages.success(request, _("Thank you. You can vote now."))
                return redirect("voting:ballot", slug=process.slug)
    context = {
        "process": process,
        "method": method,
        "card_form": card_form,
        "phone_form": phone_form,
        "code_form": code_form,
        "sent": request.GET.get("sent") == "1" or step == "code",
    }
    return render(request, "voting/identity.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assisted(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff at an event check who someone is and vote with them, recorded as such."""
    process = staff_process(request, slug, "voting.key_paper")
    staff = actor_of(request)
    settings = selectors.settings_of(process)
    person_form = AssistedPersonForm(request.POST if request.method == "POST" else None)
    form = _ballot_form(request, process, settings, {})
    if request.method == "POST" and person_form.is_valid() and form.is_valid():
        email = person_form.cleaned_data["email"]
        voter = User.objects.filter(email__iexact=email, is_active=True).first()
        if voter is None:
            person_form.add_error("email", _("There is no account with that email address."))
        elif _cast(
            form,
            actor=staff,
            voter=voter,
            process=process,
            channel=Channel.ASSISTED,
            identity_checked=person_form.cleaned_data["identity_checked"],
        ):
            messages.success(
                request,
                _("The ballot of %(name)s is counted, as cast with you.")
                % {"name": voter.display_name},
            )
            return redirect("voting:assisted", slug=process.slug)
    context = {
        "process": process,
        "person_form": person_form,
        "form": form,
        **_ballot_help(process, settings),
    }
    return render(request, "voting/assisted.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, slug: str) -> HttpResponse:
    """Key a paper ballot. Each paper is keyed by two people; differences wait for a third."""
    process = staff_process(request, slug, "voting.key_paper")
    staff = actor_of(request)
    settings = selectors.settings_of(process)
    paper_form = PaperForm(request.POST if request.method == "POST" else None)
    form = _ballot_form(request, process, settings, {})
    if request.method == "POST" and paper_form.is_valid() and form.is_valid():
        try:
            keyed = services.key_paper_ballot(
                actor=staff,
                process=process,
                paper_number=paper_form.cleaned_data["paper_number"],
                voter_reference=paper_form.cleaned_data["voter_reference"],
                choices=form.chosen(),
            )
        except ServiceError as error:
            target = paper_form if error.field in paper_form.fields else form
            show_error(target, error)
        else:
            level = messages.warning if keyed.status == "mismatch" else messages.success
            level(request, services.outcome_message(keyed))
            return redirect("voting:paper", slug=process.slug)
    context = {
        "process": process,
        "paper_form": paper_form,
        "form": form,
        "to_check": paginate(
            request,
            selectors.papers_to_check(process).order_by("paper_number", "id"),
            PAPERS_PER_PAGE,
        ),
        "recent": list(selectors.recent_papers(process)[:10]),
        **_ballot_help(process, settings),
    }
    return render(request, "voting/paper.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def voting_settings(request: HttpRequest, slug: str) -> HttpResponse:
    process = staff_process(request, slug, "voting.manage_voting")
    current = selectors.settings_of(process)
    initial = {field: getattr(current, field) for field in SETTINGS_FIELDS}
    form = SettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_voting_settings(
                actor=actor_of(request), process=process, data=form.cleaned_data
            )
        except ServiceError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Voting settings saved."))
            return redirect("voting:settings", slug=process.slug)
    return render(request, "voting/settings.html", {"process": process, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def polling_cards(request: HttpRequest, slug: str) -> HttpResponse:
    """Make polling-card codes and show them once: as a CSV file for a mail merge, or as
    cards to print in the browser."""
    process = staff_process(request, slug, "voting.manage_voting")
    error = ""
    printing = request.method == "POST" and request.POST.get("format") == "print"
    layout_form = PrintLayoutForm(request.POST if printing else None)
    if request.method == "POST" and (not printing or layout_form.is_valid()):
        try:
            made = services.make_polling_cards(actor=actor_of(request), process=process)
        except ServiceError as problem:
            error = problem.message
        else:
            if printing:
                return _cards_to_print(request, process, made, layout_form.cleaned_data["layout"])
            return _cards_csv(process, made)
    context = {
        "process": process,
        "error": error,
        "layout_form": layout_form,
        "cards": process.polling_cards.count(),
        "used": process.polling_cards.exclude(used_at=None).count(),
    }
    return render(request, "voting/polling_cards.html", context)


def _cards_to_print(
    request: HttpRequest, process: Process, made: list[Any], layout: str
) -> HttpResponse:
    holders = selectors.card_holders([card.person for card in made])
    context = {
        "process": process,
        "cards": [(holders[card.person.pk], card.code) for card in made],
        "layout": layout,
        "voting": selectors.voting_phase(process),
        "vote_at": request.build_absolute_uri(reverse("voting:ballot", args=[process.slug])),
    }
    response = render(request, "voting/polling_cards_print.html", context)
    # The codes are on this page and nowhere else: no copy may be kept on the way.
    response["Cache-Control"] = "no-store"
    return response


def _cards_csv(process: Process, made: list[Any]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Name"), _("Email"), _("Code"), _("Vote at")])
    for card in made:
        writer.writerow(
            [_safe(card.person.display_name), card.person.email, card.code, process.slug]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="polling-cards-{process.slug}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _safe(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value
