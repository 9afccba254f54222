"""Voting settings, publishing results, and elections in the `.pb` file format."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.budgeting.models import PhaseKind, Process, Proposal
from coproduce.budgeting.services._base import MAX_MONEY
from coproduce.budgeting.voting import selectors
from coproduce.budgeting.voting.models import (
    Ballot,
    BallotKind,
    Channel,
    CountingRule,
    IdentityCheck,
    ResultsPublication,
    VotingSettings,
)
from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User

MAX_PB_BYTES = 50 * 1024 * 1024
MAX_K = 1_000
MAX_SETTING_POINTS = 1_000
# The largest number the settings' small integer columns hold in every database.
MAX_SMALL_NUMBER = 32_767
SETTINGS_FIELDS = ("ballot_kind", "max_choices", "points", "can_change", "identity_check", "rule")
SETTLED_PHASES = (PhaseKind.VOTING, PhaseKind.RESULTS, PhaseKind.DELIVERY)


def _checked_number(value: Any, *, field: str, most: int, message: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ServiceError(message, field=field) from None
    if isinstance(value, bool) or not 1 <= number <= most:
        raise ServiceError(message, field=field)
    return number


def _checked_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    kind = data.get("ballot_kind")
    if kind not in BallotKind.values:
        raise ServiceError(_("Choose a kind of ballot."), field="ballot_kind")
    if data.get("identity_check") not in IdentityCheck.values:
        raise ServiceError(_("Choose how voters prove who they are."), field="identity_check")
    if data.get("rule") not in CountingRule.values:
        raise ServiceError(_("Choose a counting rule."), field="rule")
    values = {
        "ballot_kind": kind,
        "identity_check": data["identity_check"],
        "rule": data["rule"],
        "can_change": bool(data.get("can_change")),
        "max_choices": None,
        "points": None,
    }
    if kind == BallotKind.APPROVAL_K:
        values["max_choices"] = _checked_number(
            data.get("max_choices"),
            field="max_choices",
            most=MAX_K,
            message=_("Enter how many projects a voter may choose, from 1 to 1,000."),
        )
    if kind == BallotKind.CUMULATIVE:
        values["points"] = _checked_number(
            data.get("points"),
            field="points",
            most=MAX_SETTING_POINTS,
            message=_("Enter how many points each voter shares out, from 1 to 1,000."),
        )
    return values


def save_voting_settings(
    *, actor: User, process: Process, data: Mapping[str, Any]
) -> VotingSettings:
    """Set how the process votes. It cannot change once voting has started."""
    require(actor, "voting.manage_voting", process)
    values = _checked_settings(data)
    with transaction.atomic():
        if process.phase in SETTLED_PHASES and Ballot.objects.filter(process=process).exists():
            raise Conflict(
                _("Voting has started, so the way people vote can no longer change."),
                code="voting_started",
            )
        found, _created = VotingSettings.objects.update_or_create(process=process, defaults=values)
        audit.record(
            actor=actor,
            action="voting.change_settings",
            target=process,
            changes=values,
        )
    return found


def publish_results(*, actor: User, process: Process) -> ResultsPublication:
    """Count the stored ballots with the process's rule and mark the winners as funded."""
    from coproduce.budgeting.counting import count

    require(actor, "voting.publish_results", process)
    if process.phase not in (PhaseKind.RESULTS, PhaseKind.DELIVERY):
        raise Conflict(
            _("Results can be published once voting has closed and the results phase is on."),
            code="voting_not_closed",
        )
    settings = selectors.settings_of(process)
    with transaction.atomic():
        proposals = list(selectors.ballot_proposals(process).select_for_update())
        election = selectors.election_for(process, proposals=proposals)
        if not election.ballots:
            raise Conflict(_("There are no ballots to count."), code="no_ballots")
        outcome = count(election, settings.rule)
        winners = [int(pk) for pk in outcome.winners]
        Proposal.objects.filter(process=process).exclude(pk__in=winners).update(is_funded=False)
        Proposal.objects.filter(pk__in=winners).update(is_funded=True)
        publication = ResultsPublication.objects.create(
            process=process,
            rule=settings.rule,
            winners=winners,
            spent=outcome.spent,
            ballots=len(election.ballots),
            published_by=actor,
        )
        audit.record(
            actor=actor,
            action="voting.publish_results",
            target=process,
            summary=_("Results published"),
            changes={"rule": settings.rule, "winners": winners, "spent": outcome.spent},
        )
    return publication


def export_pb(process: Process, *, with_ballots: bool = True) -> str:
    """The election as a `.pb` file: projects, and the current ballots without names.

    Without ballots it is the ballot paper alone, for staff before voting has closed."""
    from dataclasses import replace

    from coproduce.budgeting.counting.pb import PbFile, write_pb

    proposals = list(selectors.ballot_proposals(process))
    election = selectors.election_for(process, proposals=proposals)
    if not with_ballots:
        election = replace(election, ballots=[])
    settings = selectors.settings_of(process)
    meta = {
        "description": process.title,
        "country": "",
        "unit": process.slug,
        "instance": process.slug,
        "num_projects": str(len(election.projects)),
        "num_votes": str(len(election.ballots)),
        "budget": str(election.budget),
        "vote_type": "cumulative" if election.kind == "cumulative" else "approval",
        "rule": settings.rule,
        "currency": process.currency,
    }
    if settings.ballot_kind == BallotKind.APPROVAL_K and settings.max_choices:
        meta["max_length"] = str(settings.max_choices)
    if settings.ballot_kind == BallotKind.CUMULATIVE and settings.points:
        meta["max_sum_points"] = str(settings.points)
    project_meta = {
        str(proposal.pk): {"name": proposal.title, "category": proposal.category}
        for proposal in proposals
    }
    voter_meta: list[dict[str, str]] = [{} for _ballot in election.ballots]
    return write_pb(
        PbFile(election=election, meta=meta, project_meta=project_meta, voter_meta=voter_meta)
    )


def import_pb(*, actor: User, source: str | bytes, title: str = "") -> Process:
    """A published election as a new process in its results phase, ready to recount."""
    from coproduce.budgeting.counting.pb import read_pb

    require(actor, "voting.import_election", None)
    if len(source) > MAX_PB_BYTES:
        raise ServiceError(_("The file is too large. A .pb file can be up to 50 MB."), field="file")
    if isinstance(source, bytes):
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ServiceError(_("The file is not text in UTF-8."), field="file") from None
    try:
        parsed = read_pb(source)
    except (ValueError, KeyError, IndexError) as error:
        raise ServiceError(
            _("This is not a .pb file we can read: %(problem)s") % {"problem": str(error)[:200]},
            field="file",
        ) from None
    election = parsed.election
    if not election.projects:
        raise ServiceError(_("The file lists no projects."), field="file")
    _check_amounts(election)
    with transaction.atomic():
        process = _imported_process(actor, parsed.meta, election.budget, title)
        ids = _imported_projects(process, election.projects, parsed.project_meta)
        _imported_settings(process, election, parsed.meta)
        Ballot.objects.bulk_create(
            [
                Ballot(
                    process=process,
                    channel=Channel.IMPORTED,
                    choices={str(ids[key]): int(points) for key, points in ballot.items()},
                )
                for ballot in election.ballots
            ],
            batch_size=2_000,
        )
        audit.record(
            actor=actor,
            action="voting.import_election",
            target=process,
            changes={"projects": len(ids), "ballots": len(election.ballots)},
        )
    return process


def _check_amounts(election: Any) -> None:
    """Amounts the database can hold: a file may say anything, and must not cause an error."""
    if election.budget > MAX_MONEY:
        raise ServiceError(
            _("The budget in the META section is too large. It can have at most 12 digits."),
            field="file",
        )
    for project in election.projects:
        if project.cost > MAX_MONEY:
            raise ServiceError(
                _(
                    "Project %(id)s in the PROJECTS section costs too much. "
                    "A cost can have at most 12 digits."
                )
                % {"id": project.id[:40]},
                field="file",
            )


def _meta_number(meta: dict[str, str], key: str) -> int | None:
    """A count from the META section, when it is one the settings can keep."""
    text = meta.get(key, "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_SMALL_NUMBER:
        return None
    return int(text)


def _imported_process(actor: User, meta: dict[str, str], budget: int, title: str) -> Process:
    name = (title or meta.get("description") or meta.get("unit") or _("Imported election"))[:160]
    slug = f"{slugify(name)[:60] or 'election'}-{get_random_string(6).lower()}"
    currency = (meta.get("currency") or "GBP").upper()
    return Process.objects.create(
        title=name,
        slug=slug,
        budget=budget,
        currency=currency if len(currency) == 3 and currency.isalpha() else "GBP",
        phase=PhaseKind.RESULTS,
        residents_only=False,
        created_by=actor,
    )


def _imported_projects(
    process: Process, projects: Any, project_meta: dict[str, dict[str, str]]
) -> dict[str, int]:
    ids: dict[str, int] = {}
    for project in projects:
        about = project_meta.get(project.id, {})
        name = about.get("name") or project.name or _("Project %(id)s") % {"id": project.id}
        proposal = Proposal.objects.create(
            process=process,
            title=name[:160],
            description=about.get("description") or name,
            category=(about.get("category") or "")[:80],
            estimated_cost=project.cost,
            final_cost=project.cost,
            status=Proposal.Status.ACCEPTED,
        )
        ids[project.id] = proposal.pk
    return ids


def _imported_settings(process: Process, election: Any, meta: dict[str, str]) -> None:
    values: dict[str, Any] = {"ballot_kind": BallotKind.APPROVAL_BUDGET}
    if election.kind == "cumulative":
        most = max((sum(ballot.values()) for ballot in election.ballots), default=1)
        points = _meta_number(meta, "max_sum_points")
        values = {
            "ballot_kind": BallotKind.CUMULATIVE,
            "points": points or min(max(most, 1), MAX_SMALL_NUMBER),
        }
    elif (most_choices := _meta_number(meta, "max_length")) is not None:
        values = {"ballot_kind": BallotKind.APPROVAL_K, "max_choices": most_choices}
    rule = meta.get("rule", "")
    values["rule"] = rule if rule in CountingRule.values else CountingRule.EQUAL_SHARES
    VotingSettings.objects.create(process=process, **values)
