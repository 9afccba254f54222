"""The coordinators' page for issuing budgets and the credits held over them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from coproduce.common.errors import ServiceError
from coproduce.common.forms import add_service_error
from coproduce.credits.forms import BudgetForm, DeclineForm
from coproduce.credits.models import HeldIssuance, IssuingBudget
from coproduce.credits.services import budgets
from coproduce.people.models import User


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User), "login_required lets only people in"
    if not user.has_perm("credits.manage_budgets"):
        raise PermissionDenied
    return user


def _page(
    request: HttpRequest,
    form: BudgetForm | None = None,
    decline: DeclineForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form or BudgetForm(),
        "decline": decline or DeclineForm(),
        "held": HeldIssuance.objects.filter(status=HeldIssuance.Status.HELD).select_related(
            "organisation", "person"
        ),
        "budgets": IssuingBudget.objects.select_related("organisation").order_by("-starts_on")[:50],
    }
    return render(request, "credits/budgets.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def budget_list(request: HttpRequest) -> HttpResponse:
    actor = _staff(request)
    if request.method != "POST":
        return _page(request)
    form = BudgetForm(request.POST)
    if form.is_valid():
        try:
            budgets.set_issuing_budget(actor=actor, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Budget saved."))
            return redirect("credits:budgets")
    return _page(request, form=form, status=400)


@login_required
@require_POST
def held_approve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    held = get_object_or_404(HeldIssuance, pk=pk)
    try:
        budgets.approve_held_issuance(actor=actor, held=held)
    except ServiceError as error:
        if error.status == 403:
            raise PermissionDenied from None
        messages.error(request, error.message)
        return redirect("credits:budgets")
    messages.success(request, _("Credits approved."))
    return redirect("credits:budgets")


@login_required
@require_POST
def held_decline(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _staff(request)
    held = get_object_or_404(HeldIssuance, pk=pk)
    decline = DeclineForm(request.POST)
    if decline.is_valid():
        try:
            budgets.decline_held_issuance(actor=actor, held=held, **decline.cleaned_data)
        except ServiceError as error:
            add_service_error(decline, error)
        else:
            messages.success(request, _("Credits declined."))
            return redirect("credits:budgets")
    return _page(request, decline=decline, status=400)
