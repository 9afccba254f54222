"""Paper ballots, keyed in twice by two different members of staff.

A paper counts when two keyings by different people agree on the voter and every choice. When
they differ, the paper is listed for a third member of staff, whose keying counts if it agrees
with one of the first two.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from coproduce.budgeting.eligibility import check_eligible, eligibility_problem
from coproduce.budgeting.models import PhaseKind, Process
from coproduce.budgeting.voting import selectors
from coproduce.budgeting.voting.models import Ballot, Channel, PaperBallot, PaperKeying
from coproduce.budgeting.voting.services._base import checked_choices
from coproduce.budgeting.voting.services.ballots import record_ballot, refusal_for_earlier
from coproduce.budgeting.voting.services.identity import person_for_reference
from coproduce.common import audit
from coproduce.common.errors import Conflict, ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User

MAX_PAPER_NUMBER = 40
KEYING_PHASES = (PhaseKind.VOTING, PhaseKind.RESULTS)


def checked_paper_number(value: Any) -> str:
    number = str(value or "").strip().upper()
    if not number:
        raise ServiceError(_("Enter the number printed on the paper ballot."), field="paper_number")
    if len(number) > MAX_PAPER_NUMBER or not all(c.isalnum() or c in "-/" for c in number):
        raise ServiceError(
            _("A paper number is up to 40 letters, digits and dashes."), field="paper_number"
        )
    return number


def _check_keying_open(process: Process) -> None:
    if process.phase not in KEYING_PHASES or selectors.latest_publication(process) is not None:
        raise Conflict(
            _(
                "Paper ballots can be keyed while voting is open, and after it closes until the "
                "results are published."
            ),
            code="voting_closed",
        )


def key_paper_ballot(
    *,
    actor: User,
    process: Process,
    paper_number: Any,
    voter_reference: str,
    choices: Mapping[Any, Any],
) -> PaperBallot:
    """Record what `actor` read off the paper; count it when two keyings agree."""
    require(actor, "voting.key_paper", process)
    _check_keying_open(process)
    number = checked_paper_number(paper_number)
    voter = person_for_reference(process, voter_reference)
    check_eligible(voter, process)
    settings = selectors.settings_of(process)
    clean = checked_choices(process, settings, choices)
    current = selectors.current_ballot(process, voter)
    if current is not None:
        refusal = refusal_for_earlier(current, Channel.PAPER, settings)
        raise Conflict(refusal or _("This person has already voted."), code="already_voted")
    try:
        with transaction.atomic():
            return _key(actor, process, number, voter, clean)
    except IntegrityError:
        raise Conflict(
            _("Paper %(number)s was being keyed by someone else at the same moment. Try again.")
            % {"number": number},
            code="paper_conflict",
        ) from None


def _key(
    actor: User, process: Process, number: str, voter: User, clean: dict[str, int]
) -> PaperBallot:
    paper, _created = PaperBallot.objects.get_or_create(process=process, paper_number=number)
    paper = PaperBallot.objects.select_for_update().get(pk=paper.pk)
    if paper.status in (PaperBallot.Status.COUNTED, PaperBallot.Status.REFUSED):
        raise Conflict(
            _("Paper %(number)s has already been dealt with: %(status)s.")
            % {"number": number, "status": paper.get_status_display()},
            code="paper_done",
        )
    earlier = list(paper.keyings.all())
    if any(keying.keyed_by_id == actor.pk for keying in earlier):
        raise Conflict(
            _(
                "You have already keyed paper %(number)s. A different member of staff must key it "
                "the second time."
            )
            % {"number": number},
            code="same_keyer",
        )
    PaperKeying.objects.create(paper=paper, keyed_by=actor, voter=voter, choices=clean)
    agrees = any(k.voter_id == voter.pk and k.choices == clean for k in earlier)
    if not earlier:
        paper.status = PaperBallot.Status.WAITING
    elif agrees:
        _count(paper, actor, process, voter, clean, resolving=len(earlier) > 1)
    else:
        paper.status = PaperBallot.Status.MISMATCH
        paper.reason = _("The keyings differ.")
    paper.save()
    audit.record(
        actor=actor,
        action="voting.key_paper",
        target=paper,
        summary=str(paper.get_status_display()),
        changes={"paper_number": number, "status": paper.status},
    )
    return paper


def _count(
    paper: PaperBallot,
    actor: User,
    process: Process,
    voter: User,
    clean: dict[str, int],
    *,
    resolving: bool,
) -> None:
    """Two keyings agree: the paper becomes a ballot, unless the person may not vote now."""
    settings = selectors.settings_of(process)
    problem = eligibility_problem(voter, process)
    current = Ballot.objects.filter(process=process, voter=voter, is_current=True).first()
    if problem is None and current is not None:
        problem = refusal_for_earlier(current, Channel.PAPER, settings)
    if problem is not None:
        paper.status, paper.reason = PaperBallot.Status.REFUSED, problem[:300]
        return
    paper.ballot = record_ballot(
        actor=actor,
        voter=voter,
        process=process,
        choices=clean,
        channel=Channel.PAPER,
        settings=settings,
        paper_number=paper.paper_number,
    )
    paper.status, paper.reason = PaperBallot.Status.COUNTED, ""
    if resolving:
        paper.resolved_by = actor


def outcome_message(paper: PaperBallot) -> str:
    """What to tell the member of staff who has just keyed the paper."""
    number = paper.paper_number
    if paper.status == PaperBallot.Status.WAITING:
        return _("Paper %(number)s is keyed once. A second member of staff must key it too.") % {
            "number": number
        }
    if paper.status == PaperBallot.Status.COUNTED:
        return _("Both keyings of paper %(number)s agree. The ballot is counted.") % {
            "number": number
        }
    if paper.status == PaperBallot.Status.MISMATCH:
        return _(
            "Your keying of paper %(number)s differs from the other keying. The paper is not "
            "counted: it is listed for a third member of staff to check."
        ) % {"number": number}
    return _("Paper %(number)s is not counted: %(reason)s") % {
        "number": number,
        "reason": paper.reason,
    }
