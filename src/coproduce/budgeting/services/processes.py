"""Processes and their phases: setting up a budget, and moving it from one phase to the next."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.budgeting.models import PHASE_ORDER, Phase, PhaseChange, PhaseKind, Process
from coproduce.budgeting.services._base import CURRENCIES, clean_text, whole_amount
from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area

PROCESS_FIELDS = frozenset(
    {
        "title",
        "slug",
        "description",
        "budget",
        "currency",
        "areas",
        "minimum_age",
        "residents_only",
        "verification_required",
        "categories",
    }
)
# Words that are pages of their own under /budgets/.
RESERVED_SLUGS = frozenset({"add", "api", "new", "edit"})
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CATEGORIES = 30
PHASE_STATES = ["not_started", *PHASE_ORDER]


def create_process(
    *,
    actor: User,
    organisation: Organisation | None,
    data: Mapping[str, Any],
    phase_starts: Mapping[str, datetime.datetime],
) -> Process:
    """Set up a process, not yet published, with a start date for each phase."""
    with transaction.atomic():
        require(actor, "budgeting.add_process", organisation)
        values = _checked_values(data, creating=True)
        starts = _checked_starts(phase_starts)
        areas = values.pop("areas", [])
        if Process.objects.filter(slug=values["slug"]).exists():
            raise ServiceError(
                _("Another process already uses that short name. Choose another."), field="slug"
            )
        process = Process.objects.create(organisation=organisation, created_by=actor, **values)
        process.areas.set(areas)
        _save_phases(process, starts)
        audit.record(
            actor=actor,
            action="budgeting.add_process",
            target=process,
            summary=f"Set up the budget {process.title}",
            changes={**values, "areas": [area.name for area in areas], **_starts_text(starts)},
        )
        return process


def update_process(
    *,
    actor: User,
    process: Process,
    data: Mapping[str, Any],
    phase_starts: Mapping[str, datetime.datetime] | None = None,
) -> Process:
    with transaction.atomic():
        require(actor, "budgeting.change_process", process)
        process = Process.objects.select_for_update().get(pk=process.pk)
        values = _checked_values(data, creating=False)
        areas = values.pop("areas", None)
        slug = values.get("slug", process.slug)
        if Process.objects.filter(slug=slug).exclude(pk=process.pk).exists():
            raise ServiceError(
                _("Another process already uses that short name. Choose another."), field="slug"
            )
        if "budget" in values:
            _check_budget_covers_costs(process, values["budget"])
        changes = audit.changed_fields(process, values)
        if changes:
            process.save()
        if areas is not None:
            before = set(process.areas.values_list("pk", flat=True))
            if before != {area.pk for area in areas}:
                process.areas.set(areas)
                changes["areas"] = sorted(area.name for area in areas)
        if phase_starts is not None:
            starts = _checked_starts(phase_starts)
            if _current_starts(process) != starts:
                _save_phases(process, starts)
                changes.update(_starts_text(starts))
        if changes:
            audit.record(
                actor=actor,
                action="budgeting.change_process",
                target=process,
                summary=f"Changed the budget {process.title}",
                changes=changes,
            )
        return process


def publish_process(*, actor: User, process: Process, published: bool) -> Process:
    with transaction.atomic():
        require(actor, "budgeting.change_process", process)
        process = Process.objects.select_for_update().get(pk=process.pk)
        if process.is_published == published:
            return process
        process.is_published = published
        process.save(update_fields=["is_published", "updated_at"])
        audit.record(
            actor=actor,
            action="budgeting.publish_process" if published else "budgeting.unpublish_process",
            target=process,
            summary=f"{'Published' if published else 'Took down'} {process.title}",
            changes={"is_published": published},
        )
        return process


def move_phase(*, actor: User, process: Process, to_phase: str, reason: str) -> Process:
    """Staff move a process to a phase by hand, earlier or later than its dates say."""
    with transaction.atomic():
        require(actor, "budgeting.change_process", process)
        if to_phase not in PHASE_STATES:
            raise ServiceError(_("Choose a phase from the list."), field="to_phase")
        why = clean_text(
            reason,
            field="reason",
            required=_("Say why you are moving the phase by hand."),
            most=300,
        )
        process = Process.objects.select_for_update().get(pk=process.pk)
        if process.phase == to_phase:
            raise ServiceError(
                _("The process is already in that phase."), field="to_phase", code="conflict"
            )
        _change_phase(process, to_phase, actor=actor, reason=why)
        return process


def due_phase(phases: list[Phase], now: datetime.datetime) -> str:
    """The phase the dates say is on: the last one in order whose start has passed."""
    due = "not_started"
    for phase in sorted(phases, key=lambda item: PHASE_ORDER.index(item.kind)):
        if phase.starts_at <= now:
            due = phase.kind
    return due


def advance_by_dates(*, process_id: int, now: datetime.datetime | None = None) -> bool:
    """Move a published process on when its next phase's date has passed. Never moves back,
    so a phase staff opened early stays open. Returns whether the phase changed."""
    now = now or timezone.now()
    with transaction.atomic():
        process = Process.objects.select_for_update().filter(pk=process_id).first()
        if process is None or not process.is_published:
            return False
        due = due_phase(list(process.phases.all()), now)
        if PHASE_STATES.index(due) <= PHASE_STATES.index(process.phase):
            return False
        _change_phase(process, due, actor=None, reason="")
        return True


def _change_phase(process: Process, to_phase: str, *, actor: User | None, reason: str) -> None:
    before = process.phase
    process.phase = to_phase
    process.save(update_fields=["phase", "updated_at"])
    PhaseChange.objects.create(
        process=process, from_phase=before, to_phase=to_phase, changed_by=actor, reason=reason
    )
    audit.record(
        actor=actor,
        action="budgeting.move_phase",
        target=process,
        summary=f"Moved {process.title} from {before} to {to_phase}"
        + (" by hand" if actor else " on the dates set"),
        changes={"phase": to_phase, "was": before, "reason": reason},
    )


def _checked_values(data: Mapping[str, Any], *, creating: bool) -> dict[str, Any]:
    unknown = set(data) - PROCESS_FIELDS
    if unknown:
        raise ServiceError(
            _("These details cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    if creating or "title" in values:
        values["title"] = clean_text(
            values.get("title"), field="title", required=_("Enter a title."), most=160
        )
    if creating or "slug" in values:
        values["slug"] = _checked_slug(values.get("slug"))
    if "description" in values:
        values["description"] = clean_text(
            values["description"], field="description", required=None
        )
    _check_money_and_rules(values, creating=creating)
    return values


def _check_money_and_rules(values: dict[str, Any], *, creating: bool) -> None:
    if creating or "budget" in values:
        values["budget"] = whole_amount(values.get("budget"), field="budget", label=_("the budget"))
    if creating or "currency" in values:
        values["currency"] = str(values.get("currency") or "GBP").upper()
        if values["currency"] not in CURRENCIES:
            raise ServiceError(_("Choose the currency from the list."), field="currency")
    if "areas" in values:
        values["areas"] = _checked_areas(values["areas"])
    if values.get("minimum_age") is not None:
        values["minimum_age"] = _checked_age(values["minimum_age"])
    if "categories" in values:
        values["categories"] = _checked_categories(values["categories"])
    for name in ("residents_only", "verification_required"):
        if name in values:
            values[name] = bool(values[name])


def _checked_slug(value: Any) -> str:
    slug = str(value or "").strip().lower()
    if not slug:
        raise ServiceError(_("Enter a short name for the web address."), field="slug")
    if len(slug) > 80 or not SLUG.match(slug):
        raise ServiceError(
            _(
                "Use only small letters, numbers and hyphens in the short name, "
                "like riverside-2025 (80 characters at most)."
            ),
            field="slug",
        )
    if slug in RESERVED_SLUGS:
        raise ServiceError(_("That short name is taken by a page. Choose another."), field="slug")
    return slug


def _checked_areas(items: Any) -> list[Area]:
    chosen = list(items or [])
    if not all(isinstance(item, Area) and item.pk is not None for item in chosen):
        raise ServiceError(_("Choose the areas from the list."), field="areas")
    return chosen


def _checked_age(age: Any) -> int:
    try:
        number = int(age)
    except (TypeError, ValueError):
        raise ServiceError(_("Enter the minimum age as a number."), field="minimum_age") from None
    if not 0 <= number <= 120:
        raise ServiceError(
            _("Enter a minimum age from 0 to 120, or leave it empty."), field="minimum_age"
        )
    return number


def _checked_categories(items: Any) -> list[str]:
    names = [str(item).strip() for item in (items or []) if str(item).strip()]
    names = list(dict.fromkeys(names))
    if len(names) > MAX_CATEGORIES:
        raise ServiceError(
            _("Use at most %(most)s categories.") % {"most": MAX_CATEGORIES}, field="categories"
        )
    if any(len(name) > 80 for name in names):
        raise ServiceError(_("Keep each category to 80 characters or fewer."), field="categories")
    return names


def _checked_starts(starts: Mapping[str, datetime.datetime]) -> dict[str, datetime.datetime]:
    checked: dict[str, datetime.datetime] = {}
    for kind in PHASE_ORDER:
        when = starts.get(kind)
        label = PhaseKind(kind).label
        if when is None:
            raise ServiceError(
                _("Enter the date the %(phase)s phase starts.") % {"phase": label.lower()},
                field=f"starts_{kind}",
            )
        if timezone.is_naive(when):
            raise ServiceError(_("Give the date with a time zone."), field=f"starts_{kind}")
        if checked and when <= list(checked.values())[-1]:
            raise ServiceError(
                _("The %(phase)s phase must start after the phase before it.")
                % {"phase": label.lower()},
                field=f"starts_{kind}",
            )
        checked[kind] = when
    return checked


def _current_starts(process: Process) -> dict[str, datetime.datetime]:
    return {phase.kind: phase.starts_at for phase in process.phases.all()}


def _save_phases(process: Process, starts: dict[str, datetime.datetime]) -> None:
    kinds = list(starts)
    for index, kind in enumerate(kinds):
        ends = starts[kinds[index + 1]] if index + 1 < len(kinds) else None
        Phase.objects.update_or_create(
            process=process, kind=kind, defaults={"starts_at": starts[kind], "ends_at": ends}
        )


def _starts_text(starts: dict[str, datetime.datetime]) -> dict[str, str]:
    return {f"starts_{kind}": when.isoformat() for kind, when in starts.items()}


def _check_budget_covers_costs(process: Process, budget: int) -> None:
    """A budget cut below a single reviewed cost would leave a project no one could fund."""
    from coproduce.budgeting.models import Proposal

    largest = (
        Proposal.objects.filter(process=process, status=Proposal.Status.ACCEPTED)
        .order_by("-final_cost")
        .values_list("final_cost", flat=True)
        .first()
    )
    if largest and budget < largest:
        raise ServiceError(
            _("A project on the ballot costs %(cost)s, more than this budget.")
            % {"cost": f"{largest:,}"},
            field="budget",
        )
