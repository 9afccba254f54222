"""Setting up a budget from a `.pb` file (the pabulib format), for staff who may import one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.forms import PbImportForm
from coproduce.common.errors import ServiceError
from coproduce.common.forms import add_service_error
from coproduce.people.views import actor_of


@login_required
@require_http_methods(["GET", "POST"])
def import_pb(request: HttpRequest) -> HttpResponse:
    """Upload a `.pb` file; it becomes a new budget in its results phase, ready to recount."""
    if not request.user.has_perm("voting.import_election"):
        raise PermissionDenied
    posted = request.method == "POST"
    form = PbImportForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            process = services.import_pb(
                actor=actor_of(request),
                source=form.cleaned_data["file"].read(),
                title=form.cleaned_data["title"],
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("The file is imported as %(title)s. It is not published.")
                % {"title": process.title},
            )
            return redirect(process.get_absolute_url())
    return render(request, "voting/import_pb.html", {"form": form})
