"""Pages for time-bank swaps: the list, posting one, answering it and saying it is done."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.common.errors import ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.credits import selectors
from coproduce.credits.forms import SwapForm
from coproduce.credits.models import Swap
from coproduce.credits.services import swaps
from coproduce.people.models import User


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "login_required lets only people in"
    return request.user


@login_required
@require_GET
def swap_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.swaps_to_list())
    return render(request, "credits/swaps.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def swap_add(request: HttpRequest) -> HttpResponse:
    form = SwapForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            swap = swaps.post_swap(actor=_actor(request), **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your post is on the list."))
            return redirect("credits:swap-detail", pk=swap.pk)
    return render(request, "credits/swap_form.html", {"form": form})


@login_required
@require_GET
def swap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    swap = get_object_or_404(selectors.swaps_to_list(), pk=pk)
    return render(request, "credits/swap_detail.html", _detail_context(request, swap))


def _detail_context(
    request: HttpRequest, swap: Swap, error: str | None = None
) -> dict[str, object]:
    user = _actor(request)
    taking_part = user.pk in (swap.posted_by_id, swap.responder_id)
    confirmed = swap.poster_confirmed if user.pk == swap.posted_by_id else swap.responder_confirmed
    return {
        "swap": swap,
        "error": error,
        "can_respond": swap.status == Swap.Status.OPEN and user.pk != swap.posted_by_id,
        "can_confirm": taking_part and swap.status == Swap.Status.AGREED and not confirmed,
        "waiting": taking_part and swap.status == Swap.Status.AGREED and confirmed,
    }


@login_required
@require_POST
def swap_respond(request: HttpRequest, pk: int) -> HttpResponse:
    swap = get_object_or_404(selectors.swaps_to_list(), pk=pk)
    return _act(request, swap, swaps.respond_to_swap, _("You said you will take part."))


@login_required
@require_POST
def swap_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    swap = get_object_or_404(selectors.swaps_to_list(), pk=pk)
    return _act(request, swap, swaps.confirm_swap, _("You said it is done. Thank you."))


def _act(request: HttpRequest, swap: Swap, action: swaps.SwapAction, done: str) -> HttpResponse:
    try:
        action(actor=_actor(request), swap=swap)
    except ServiceError as error:
        if error.status == 403:
            raise PermissionDenied from None
        context = _detail_context(request, swap, error=error.message)
        return render(request, "credits/swap_detail.html", context, status=400)
    messages.success(request, done)
    return redirect("credits:swap-detail", pk=swap.pk)
