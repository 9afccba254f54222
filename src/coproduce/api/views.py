"""Pages where a signed-in person makes and revokes their personal access tokens. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from coproduce.api import selectors, services
from coproduce.api.forms import TokenForm
from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.pagination import paginate
from coproduce.people.models import User


def _person(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    page = paginate(request, selectors.tokens_of(_person(request)))
    return render(request, "api/token_list.html", {"page": page})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.create_token(
                actor=_person(request),
                name=form.cleaned_data["name"],
                expires_in_days=form.cleaned_data["expires_in_days"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            # Shown on this response only, never stored: there is no way to see it again.
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/token_create.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = selectors.token_of(_person(request), token_id)
    if token is None:
        raise Http404
    if request.method == "POST":
        try:
            services.revoke_token(actor=_person(request), token=token)
        except NotFound:
            raise Http404 from None
        messages.success(request, _("The key %(name)s no longer works.") % {"name": token.name})
        return redirect("api:token-list")
    return render(request, "api/token_revoke.html", {"token": token})
