"""Pages for spending credits: partners' offers, one-time codes and the partner's counter."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.credits import selectors
from coproduce.credits.forms import OfferForm, RedeemForm, SpendForPersonForm, new_key
from coproduce.credits.models import Offer, Spend
from coproduce.credits.rounding import format_credits
from coproduce.credits.services import spending
from coproduce.organisations.models import Organisation
from coproduce.people.models import User


def _actor(request: HttpRequest) -> User:
    assert isinstance(request.user, User), "login_required lets only people in"
    return request.user


@require_GET
def offers(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.open_offers())
    return render(request, "credits/offers.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def offer_add(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug, is_active=True)
    if not request.user.has_perm("credits.manage_offers", organisation):
        raise PermissionDenied
    form = OfferForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            spending.create_offer(
                actor=_actor(request), organisation=organisation, **form.cleaned_data
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The offer was added."))
            return redirect(organisation.get_absolute_url())
    context = {"form": form, "organisation": organisation, "offer": None}
    return render(request, "credits/offer_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer.objects.select_related("organisation"), pk=pk)
    if not request.user.has_perm("credits.manage_offers", offer.organisation):
        raise PermissionDenied
    initial = {
        "title": offer.title,
        "cost": offer.cost_display,
        "monthly_cap": offer.monthly_cap,
        "is_active": offer.is_active,
    }
    form = OfferForm(request.POST or None, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            spending.update_offer(actor=_actor(request), offer=offer, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The offer was changed."))
            return redirect(offer.organisation.get_absolute_url())
    context = {"form": form, "organisation": offer.organisation, "offer": offer}
    return render(request, "credits/offer_form.html", context)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def offer_code(request: HttpRequest, pk: int) -> HttpResponse:
    """GET explains; POST makes a code and shows it once, large, with its QR code."""
    offer = get_object_or_404(selectors.open_offers(), pk=pk)
    actor = _actor(request)
    # Staff acting for someone make the code for them, to print or write down.
    acting_for = getattr(request, "acting_for", None)
    subject = acting_for if acting_for is not None else actor
    error = None
    if request.method == "POST":
        try:
            made, code = spending.make_spend_code(actor=actor, person=subject, offer=offer)
        except ServiceError as refused:
            if refused.status == 403:
                raise PermissionDenied from None
            error = refused.message
        else:
            context = {
                "offer": offer,
                "code": code,
                "spaced": f"{code[:4]} {code[4:]}",
                "expires_at": made.expires_at,
                "qr": _qr_svg(code),
                "subject": subject,
                "acting": acting_for is not None,
            }
            return render(request, "credits/code.html", context)
    context = {
        "offer": offer,
        "error": error,
        "balance": format_credits(selectors.balance_of(subject)),
        "subject": subject,
        "acting": acting_for is not None,
    }
    return render(request, "credits/offer_use.html", context)


def _qr_svg(code: str) -> SafeString:
    image = qrcode.make(code, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    # Made here from a code of letters and numbers only, so it is safe to put in the page.
    return mark_safe(  # noqa: S308
        format_html('<div class="cp-qr" role="img" aria-label="{}">', _("QR code of the code"))
        + svg
        + "</div>"
    )


def _partner_for_staff(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug, is_active=True)
    if not request.user.has_perm("credits.redeem_codes", organisation):
        raise PermissionDenied
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def redeem(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _partner_for_staff(request, slug)
    form = RedeemForm(request.POST or None)
    if form.is_bound and form.is_valid():
        try:
            spend = spending.redeem_code(
                actor=_actor(request), organisation=organisation, code=form.cleaned_data["code"]
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Done. %(cost)s credits were taken from %(name)s for %(offer)s.")
                % {
                    "cost": spend.offer.cost_display,
                    "name": spend.person.display_name,
                    "offer": spend.offer.title,
                },
            )
            return redirect("credits:redeem", slug=organisation.slug)
    return render(request, "credits/redeem.html", {"form": form, "organisation": organisation})


@login_required
@require_http_methods(["GET", "POST"])
def spend_for_person(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _partner_for_staff(request, slug)
    form = SpendForPersonForm(
        request.POST or None,
        initial={"key": new_key()},
        offers=selectors.offers_of(organisation),
    )
    if form.is_bound and form.is_valid():
        try:
            spend = _spend_for(request, form)
        except Conflict as error:
            # The key belongs to the earlier spend: this showing of the form needs a fresh one.
            add_service_error(form, error)
            fresh = request.POST.copy()
            fresh["key"] = new_key()
            form.data = fresh
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Done. %(cost)s credits were taken from %(name)s for %(offer)s.")
                % {
                    "cost": spend.offer.cost_display,
                    "name": spend.person.display_name,
                    "offer": spend.offer.title,
                },
            )
            return redirect("credits:spend-for-person", slug=organisation.slug)
    return render(
        request, "credits/spend_for_person.html", {"form": form, "organisation": organisation}
    )


def _spend_for(request: HttpRequest, form: SpendForPersonForm) -> Spend:
    email = form.cleaned_data["email"]
    person = selectors.active_person_by_email(email)
    if person is None:
        raise ServiceError(
            _("No one with the email address %(email)s has an account.") % {"email": email},
            field="email",
        )
    return spending.spend_on_behalf(
        actor=_actor(request),
        person=person,
        offer=form.cleaned_data["offer"],
        key=form.cleaned_data["key"],
    )
