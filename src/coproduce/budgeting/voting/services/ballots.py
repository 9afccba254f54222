"""Casting a ballot online or with staff at an event, once per person across every channel.

A voter's current ballot is the newest; a change adds a ballot and marks the one before as no
longer current. The database's partial unique constraint on the current ballot is the last word
when two requests for the same voter arrive at the same instant: one wins, the other is told.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from allauth.account.models import EmailAddress
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coproduce.budgeting.eligibility import check_eligible
from coproduce.budgeting.models import Process
from coproduce.budgeting.voting import selectors
from coproduce.budgeting.voting.models import Ballot, Channel, IdentityCheck, VotingSettings
from coproduce.budgeting.voting.services._base import (
    channel_phrase,
    check_voting_open,
    checked_choices,
    checked_key,
)
from coproduce.common import audit, rows
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User


class IdentityNeeded(ServiceError):
    status = 403

    def __init__(self, message: str) -> None:
        super().__init__(message, code="identity_needed")


def cast_ballot(
    *,
    actor: User,
    voter: User,
    process: Process,
    choices: Mapping[Any, Any],
    channel: str = Channel.ONLINE,
    idempotency_key: str = "",
    identity_checked: bool = False,
) -> Ballot:
    """Cast (or, online and where allowed, change) the voter's ballot.

    The same idempotency key sent again returns the ballot it made, so a retry after a lost
    answer counts once.
    """
    if channel == Channel.ASSISTED:
        require(actor, "voting.vote_for_person", voter)
        if not identity_checked:
            raise ServiceError(
                _("Confirm that you have checked who the person is."), field="identity_checked"
            )
    elif channel == Channel.ONLINE:
        require(actor, "voting.cast_ballot", voter)
    else:
        raise ServiceError(_("Ballots of that kind are not cast here."))
    key = checked_key(idempotency_key)
    settings = selectors.settings_of(process)
    try:
        check_voting_open(process)
        check_eligible(voter, process)
        if channel == Channel.ONLINE and not (
            # check_eligible has just confirmed the email address: no need to ask again.
            process.verification_required and settings.identity_check == IdentityCheck.EMAIL
        ):
            check_identity(voter, process, settings)
        clean = checked_choices(process, settings, choices)
    except ServiceError:
        # A ballot sent again after it was taken is answered with it, even if voting has
        # closed since. (When the checks pass, its insert finds it: see below.)
        replay = _replayed(process, voter, key, choices, settings)
        if replay is not None:
            return replay
        raise
    try:
        with transaction.atomic():
            ballot = record_ballot(
                actor=actor,
                voter=voter,
                process=process,
                choices=clean,
                channel=channel,
                settings=settings,
                idempotency_key=key,
            )
    except IntegrityError:
        # The idempotency key was used already, or another request for the same voter won
        # the race. If it was this very ballot sent twice, that is the answer; otherwise say
        # so. The transaction rolled back: nothing changed.
        replay = _replayed(process, voter, key, choices, settings) if key else None
        if replay is not None:
            return replay
        raise Conflict(
            _("Another ballot for this person arrived at the same moment. Check the ballot."),
            code="ballot_conflict",
        ) from None
    return ballot


def _replayed(
    process: Process,
    voter: User,
    key: str,
    choices: Mapping[Any, Any],
    settings: VotingSettings,
) -> Ballot | None:
    if not key:
        return None
    earlier = rows.select_one(
        Ballot,
        "process_id = %s AND voter_id = %s AND idempotency_key = %s",
        [process.pk, voter.pk, key],
    )
    if earlier is None:
        return None
    try:
        same = checked_choices(process, settings, choices) == earlier.choices
    except ServiceError:
        same = False
    if not same:
        raise Conflict(
            _("This idempotency key was already used for a different ballot. Use a new key."),
            code="key_reused",
        )
    earlier.replayed = True
    return earlier


def check_identity(voter: User, process: Process, settings: VotingSettings) -> None:
    method = settings.identity_check
    if method == IdentityCheck.EMAIL:
        verified = (
            bool(voter.email)
            and EmailAddress.objects.filter(
                user=voter, email__iexact=voter.email, verified=True
            ).exists()
        )
        if not verified:
            raise IdentityNeeded(
                _("Confirm your email address before you vote. We sent you a link.")
            )
    elif not selectors.identity_confirmed(process, voter):
        if method == IdentityCheck.PHONE:
            raise IdentityNeeded(_("Confirm who you are with a code sent to your phone first."))
        raise IdentityNeeded(_("Enter the code from your polling card first."))


def refusal_for_earlier(current: Ballot, channel: str, settings: VotingSettings) -> str | None:
    """Why a new ballot may not replace the voter's current one; None when it may."""
    if channel == Channel.ONLINE and current.channel == Channel.ONLINE:
        if settings.can_change:
            return None
        return _("You have already voted. Ballots in this vote cannot be changed.")
    if channel == Channel.ONLINE:
        return _("You have already voted %(how)s. Each person can vote once.") % {
            "how": channel_phrase(current.channel)
        }
    return _("This person has already voted %(how)s. Each person can vote once.") % {
        "how": channel_phrase(current.channel)
    }


def record_ballot(
    *,
    actor: User,
    voter: User,
    process: Process,
    choices: dict[str, int],
    channel: str,
    settings: VotingSettings,
    idempotency_key: str = "",
    paper_number: str = "",
) -> Ballot:
    """Write the ballot, inside the caller's transaction (which must catch IntegrityError:
    a ballot for the same voter committed a moment earlier, or this very ballot sent again
    with its idempotency key); checks were made before.

    One statement takes the voter's current ballot out of the count, locking it, and reads
    it; when the new ballot may not replace it, raising rolls that back. This runs for every
    ballot, so it costs no separate read."""
    where = "process_id = %s AND voter_id = %s AND is_current = %s"
    params: list[Any] = [process.pk, voter.pk, True]
    if idempotency_key:
        # The same ballot sent again stays current; its insert then breaks a unique
        # constraint, and the caller answers with the ballot the key made.
        where += " AND idempotency_key <> %s"
        params.append(idempotency_key)
    replaced = rows.update_returning(Ballot, {"is_current": False}, where, params)
    current = replaced[0] if replaced else None
    if current is not None:
        refusal = refusal_for_earlier(current, channel, settings)
        if refusal is not None:
            raise Conflict(refusal, code="already_voted")
    # No savepoint of its own: both callers hold the transaction and catch the IntegrityError
    # a racing ballot raises, so a savepoint would only cost two more round trips per ballot.
    ballot = Ballot(
        process=process,
        voter=voter,
        channel=channel,
        choices=choices,
        replaces=current,
        cast_by=actor if actor.pk != voter.pk else None,
        idempotency_key=idempotency_key,
        paper_number=paper_number,
    )
    rows.insert(ballot)
    audit.record(
        actor=actor,
        on_behalf_of=voter,
        action="voting.change_ballot" if current else "voting.cast_ballot",
        target=process,
        summary=_("Ballot cast %(how)s") % {"how": channel_phrase(channel)},
        changes={"ballot": ballot.pk, "channel": channel},
    )
    return ballot
