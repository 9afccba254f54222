"""What every voting service shares: the checks on a ballot's choices and on the phase."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.budgeting.models import PhaseKind, Process
from coproduce.budgeting.services._base import money
from coproduce.budgeting.voting import selectors
from coproduce.budgeting.voting.models import BallotKind, Channel, VotingSettings
from coproduce.common.errors import Conflict, ServiceError

MAX_KEY = 100
MAX_POINTS = 10_000


def check_voting_open(process: Process) -> None:
    if process.phase != PhaseKind.VOTING:
        raise Conflict(
            _("Voting in %(process)s is not open. You can only vote while voting is open.")
            % {"process": process.title},
            code="voting_closed",
        )


def checked_key(key: str | None) -> str:
    key = (key or "").strip()
    if len(key) > MAX_KEY or any(not (char.isprintable() and char.isascii()) for char in key):
        raise ServiceError(
            _("The idempotency key must be up to 100 plain characters."), field="idempotency_key"
        )
    return key


def _as_points(choices: Mapping[Any, Any]) -> dict[int, int]:
    points: dict[int, int] = {}
    for key, value in choices.items():
        try:
            pk, amount = int(key), int(value)
        except (TypeError, ValueError):
            raise ServiceError(
                _("Each choice must be a project number and a whole number of points."),
                field="choices",
            ) from None
        if isinstance(value, bool) or amount < 0 or amount > MAX_POINTS:
            raise ServiceError(_("Points must be a whole number from 0 upwards."), field="choices")
        if amount:
            points[pk] = points.get(pk, 0) + amount
    return points


def checked_choices(
    process: Process,
    settings: VotingSettings,
    choices: Mapping[Any, Any],
) -> dict[str, int]:
    """The choices as stored (project id as text -> points), or a message saying what is wrong."""
    points = _as_points(choices)
    if not points:
        raise ServiceError(_("Choose at least one project."), field="choices")
    costs = selectors.costs_on_ballot(process)
    for pk in points:
        if pk not in costs:
            raise ServiceError(
                _("Project %(id)s is not on this ballot. Choose only projects listed on it.")
                % {"id": pk},
                field="choices",
            )
    kind = settings.ballot_kind
    if kind != BallotKind.CUMULATIVE and any(amount != 1 for amount in points.values()):
        raise ServiceError(
            _("On this ballot you tick projects. You cannot give a project points."),
            field="choices",
        )
    if kind == BallotKind.APPROVAL_BUDGET:
        _check_budget(process, sum(costs[pk] for pk in points))
    elif kind == BallotKind.APPROVAL_K:
        most = settings.max_choices or 0
        if len(points) > most:
            raise ServiceError(
                ngettext(
                    "You can choose %(most)s project. You chose %(chosen)s.",
                    "You can choose up to %(most)s projects. You chose %(chosen)s.",
                    most,
                )
                % {"most": most, "chosen": len(points)},
                field="choices",
            )
    else:
        given, most = sum(points.values()), settings.points or 0
        if given > most:
            raise ServiceError(
                _("You have %(most)s points to share out. You gave %(given)s. Take some off.")
                % {"most": most, "given": given},
                field="choices",
            )
    return {str(pk): points[pk] for pk in sorted(points)}


def _check_budget(process: Process, total: int) -> None:
    if total > process.budget:
        raise ServiceError(
            _(
                "The projects you chose cost %(total)s together, more than the budget of "
                "%(budget)s. Take some out so that they fit."
            )
            % {
                "total": money(total, process.currency),
                "budget": money(int(process.budget), process.currency),
            },
            field="choices",
        )


def channel_phrase(channel: str) -> str:
    phrases: dict[str, str] = {
        Channel.ONLINE.value: _("online"),
        Channel.PAPER.value: _("on paper"),
        Channel.ASSISTED.value: _("with staff at an event"),
        Channel.IMPORTED.value: _("in an imported file"),
    }
    return phrases.get(channel, channel)
