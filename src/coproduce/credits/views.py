"""The web face of time credits: your balance and history, and giving credits.

Both pages are about "the subject": the signed-in person, or the person a member of staff is
acting for (request.acting_for), who then acts on their behalf.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.credits import selectors, services
from coproduce.credits.forms import GiveForm, new_key
from coproduce.credits.models import Account
from coproduce.credits.rounding import format_credits
from coproduce.people.models import User


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "login_required lets only people in"
    return request.user


def _subject(request: HttpRequest) -> User:
    acting_for = getattr(request, "acting_for", None)
    return acting_for if acting_for is not None else _actor(request)


@login_required
@require_GET
def balance(request: HttpRequest) -> HttpResponse:
    subject = _subject(request)
    if not request.user.has_perm("credits.view_account", subject):
        raise PermissionDenied
    account = selectors.account_of_person(subject)
    page = paginate(request, selectors.history(account))
    context = {
        "subject": subject,
        "acting": subject.pk != request.user.pk,
        "balance": format_credits(account.balance if account else 0),
        "page": page,
        "lines": selectors.history_lines(page.object_list),
    }
    return render(request, "credits/balance.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def give(request: HttpRequest) -> HttpResponse:
    subject = _subject(request)
    if not request.user.has_perm("credits.give_credits", subject):
        raise PermissionDenied
    form = GiveForm(
        request.POST or None,
        initial={"key": new_key()},
        organisations=selectors.giftable_organisations(),
    )
    if form.is_bound and form.is_valid():
        try:
            recipient = _recipient_account(form)
            services.gift_credits(
                actor=_actor(request),
                sender=subject,
                recipient_account=recipient,
                amount=form.cleaned_data["amount"],
                key=form.cleaned_data["key"],
                memo=form.cleaned_data["memo"],
            )
        except Conflict as error:
            # The key was used by the earlier sending: this showing needs a fresh one.
            add_service_error(form, error)
            fresh = request.POST.copy()
            fresh["key"] = new_key()
            form.data = fresh
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("%(amount)s credits were given to %(name)s.")
                % {
                    "amount": format_credits(form.cleaned_data["amount"]),
                    "name": recipient.owner_name,
                },
            )
            return redirect("credits:balance")
    context = {
        "form": form,
        "subject": subject,
        "acting": subject.pk != request.user.pk,
        "balance": format_credits(selectors.balance_of(subject)),
    }
    return render(request, "credits/give.html", context)


def _recipient_account(form: GiveForm) -> Account:
    if form.cleaned_data["to"] == GiveForm.ORGANISATION:
        return services.account_for_organisation(form.cleaned_data["organisation"])
    email = form.cleaned_data["email"]
    person = selectors.active_person_by_email(email)
    if person is None:
        raise ServiceError(
            _("No one with the email address %(email)s has an account.") % {"email": email},
            field="email",
        )
    return services.account_for_person(person)
