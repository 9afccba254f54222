"""Ideas: putting one forward and changing it until review starts."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from coproduce.budgeting.eligibility import check_eligible
from coproduce.budgeting.models import PhaseKind, Process, Proposal, ProposalDetails
from coproduce.budgeting.services._base import (
    check_image,
    clean_text,
    locked_proposal,
    money,
    require_phase,
    whole_amount,
)
from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User
from coproduce.places.models import Area

PROPOSAL_FIELDS = frozenset(
    {"title", "description", "category", "area", "latitude", "longitude", "estimated_cost"}
)


def create_proposal(
    *,
    actor: User,
    process: Process,
    data: Mapping[str, Any],
    image: UploadedFile | None = None,
    on_behalf_of: User | None = None,
    submission_key: uuid.UUID | None = None,
) -> Proposal:
    """Put forward an idea in the ideas phase. The author must be eligible to take part.

    A form or request sent twice with the same `submission_key` makes one proposal: the second
    gets the first one back.
    """
    author = on_behalf_of or actor
    if on_behalf_of is not None and on_behalf_of != actor:
        require(actor, "people.act_for_person", on_behalf_of)
    require(actor, "budgeting.add_proposal")
    earlier = _earlier_submission(author, process, submission_key)
    if earlier is not None:
        return earlier
    try:
        with transaction.atomic():
            return _create(actor, author, process, data, image, on_behalf_of, submission_key)
    except IntegrityError:
        # Two copies of one form raced each other in; the other one won.
        earlier = _earlier_submission(author, process, submission_key)
        if earlier is None:
            raise
        return earlier


def _create(
    actor: User,
    author: User,
    process: Process,
    data: Mapping[str, Any],
    image: UploadedFile | None,
    on_behalf_of: User | None,
    submission_key: uuid.UUID | None,
) -> Proposal:
    process = Process.objects.select_for_update().get(pk=process.pk)
    require_phase(
        process,
        PhaseKind.IDEAS,
        message=_("You can only put forward ideas while the ideas phase is on."),
    )
    check_eligible(author, process)
    values = checked_values(process, data, creating=True)
    check_image(image)
    proposal = Proposal(process=process, author=author, **values)
    if image is not None:
        proposal.image = image
    proposal.save()
    ProposalDetails.objects.create(proposal=proposal, submission_key=submission_key)
    audit.record(
        actor=actor,
        on_behalf_of=on_behalf_of,
        action="budgeting.add_proposal",
        target=proposal,
        summary=f"Put forward the idea {proposal.title} in {process.title}",
        changes={**values, "image": bool(image)},
    )
    return proposal


def _earlier_submission(
    author: User, process: Process, submission_key: uuid.UUID | None
) -> Proposal | None:
    if submission_key is None:
        return None
    details = (
        ProposalDetails.objects.select_related("proposal__process")
        .filter(submission_key=submission_key)
        .first()
    )
    if details is None:
        return None
    if details.proposal.author_id != author.pk or details.proposal.process_id != process.pk:
        raise Conflict(_("This form was already used. Open the form again and send it."))
    return details.proposal


def update_proposal(
    *,
    actor: User,
    proposal: Proposal,
    data: Mapping[str, Any],
    image: UploadedFile | None = None,
    on_behalf_of: User | None = None,
) -> Proposal:
    """The author changes their idea, until review starts or staff have decided on it."""
    with transaction.atomic():
        require(actor, "budgeting.change_proposal", proposal)
        proposal = locked_proposal(proposal)
        require_phase(
            proposal.process,
            PhaseKind.IDEAS,
            message=_("You can no longer change this idea: the review has started."),
        )
        if proposal.status != Proposal.Status.SUBMITTED:
            raise ServiceError(
                _("You can no longer change this idea: it has been %(status)s.")
                % {"status": proposal.get_status_display().lower()},
                code="wrong_status",
            )
        values = checked_values(proposal.process, data, creating=False)
        check_image(image)
        changes = audit.changed_fields(proposal, values)
        if image is not None:
            proposal.image = image
            changes["image"] = True
        if changes:
            proposal.save()
            audit.record(
                actor=actor,
                on_behalf_of=on_behalf_of,
                action="budgeting.change_proposal",
                target=proposal,
                summary=f"Changed the idea {proposal.title}",
                changes=changes,
            )
        return proposal


def checked_values(process: Process, data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    unknown = set(data) - PROPOSAL_FIELDS
    if unknown:
        raise ServiceError(
            _("These details cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    if creating or "title" in values:
        values["title"] = clean_text(
            values.get("title"), field="title", required=_("Give your idea a title."), most=160
        )
    if creating or "description" in values:
        values["description"] = clean_text(
            values.get("description"),
            field="description",
            required=_("Say what your idea is and why it matters."),
        )
    if creating or "estimated_cost" in values:
        values["estimated_cost"] = _checked_cost(process, values.get("estimated_cost"))
    if "category" in values:
        values["category"] = _checked_category(process, values["category"])
    if "area" in values:
        values["area"] = _checked_area(process, values["area"])
    if "latitude" in values or "longitude" in values:
        values["latitude"], values["longitude"] = _checked_point(
            values.get("latitude"), values.get("longitude")
        )
    return values


def _checked_cost(process: Process, value: Any) -> int:
    cost = whole_amount(value, field="estimated_cost", label=_("the rough cost"))
    if cost > process.budget:
        raise ServiceError(
            _(
                "The rough cost is more than the whole budget of %(budget)s. "
                "Make the idea smaller, or split it into parts."
            )
            % {"budget": money(process.budget, process.currency)},
            field="estimated_cost",
        )
    return cost


def _checked_category(process: Process, value: Any) -> str:
    category = str(value or "").strip()
    if not category:
        return ""
    if category not in process.categories:
        raise ServiceError(_("Choose a category from the list."), field="category")
    return category


def allowed_areas(process: Process) -> Any:
    """The process's areas and the areas inside them; every area when it covers all."""
    wanted = list(process.areas.values_list("pk", flat=True))
    if not wanted:
        return Area.objects.all()
    return Area.objects.filter(
        Q(pk__in=wanted) | Q(parent_id__in=wanted) | Q(parent__parent_id__in=wanted)
    )


def _checked_area(process: Process, value: Any) -> Area | None:
    if value in (None, ""):
        return None
    if not isinstance(value, Area) or not allowed_areas(process).filter(pk=value.pk).exists():
        raise ServiceError(
            _("Choose an area that is part of this budget."), field="area", code="wrong_area"
        )
    return value


def _checked_point(latitude: Any, longitude: Any) -> tuple[Decimal | None, Decimal | None]:
    if latitude in (None, "") and longitude in (None, ""):
        return None, None
    if latitude in (None, "") or longitude in (None, ""):
        raise ServiceError(
            _("Enter both the latitude and the longitude, or neither."), field="latitude"
        )
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lon = Decimal(str(longitude)).quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        raise ServiceError(
            _("Enter the latitude and longitude as numbers, like 51.4530 and -2.5880."),
            field="latitude",
        ) from None
    if not lat.is_finite() or not -90 <= lat <= 90:
        raise ServiceError(_("The latitude must be from -90 to 90."), field="latitude")
    if not lon.is_finite() or not -180 <= lon <= 180:
        raise ServiceError(_("The longitude must be from -180 to 180."), field="longitude")
    return lat, lon
