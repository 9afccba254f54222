"""Time-bank swaps: one member helps another, and the hours move from the helped to the helper.

Someone posts an offer ("I can help with a CV") or a request ("I need a lift to hospital");
another member responds. When it is done both confirm; the second confirmation moves the
hours, hour for hour, in one ledger transaction keyed on the swap, so it happens once.
"""

from __future__ import annotations

from typing import Protocol

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.credits.models import Swap, Transaction
from coproduce.credits.rounding import format_credits
from coproduce.credits.services import NotEnoughCredits, _post, account_for_person
from coproduce.people.models import User

MAX_SWAP_QUARTERS = 24 * 4


class SwapAction(Protocol):
    def __call__(self, *, actor: User, swap: Swap) -> Swap: ...


def post_swap(*, actor: User, kind: str, title: str, description: str = "", hours: int) -> Swap:
    require(actor, "credits.post_swap")
    if kind not in Swap.Kind.values:
        raise ServiceError(_("Choose if you can help or need help."), field="kind")
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Say what the help is."), field="title")
    if isinstance(hours, bool) or not isinstance(hours, int) or not 0 < hours <= MAX_SWAP_QUARTERS:
        raise ServiceError(
            _("The time must be more than 0 and no more than 24 hours."), field="hours"
        )
    with transaction.atomic():
        swap = Swap.objects.create(
            kind=kind,
            title=title[:160],
            description=(description or "").strip(),
            hours=hours,
            posted_by=actor,
        )
        audit.record(actor=actor, action="credits.post_swap", target=swap, summary=swap.title)
    return swap


def respond_to_swap(*, actor: User, swap: Swap) -> Swap:
    require(actor, "credits.post_swap")
    with transaction.atomic():
        locked = Swap.objects.select_for_update().get(pk=swap.pk)
        if locked.posted_by_id == actor.pk:
            raise ServiceError(_("You cannot answer your own post."), code="own_swap")
        if locked.status != Swap.Status.OPEN:
            raise ServiceError(_("Someone has already answered this."), code="swap_taken")
        locked.responder = actor
        locked.status = Swap.Status.AGREED
        locked.save(update_fields=["responder", "status"])
        audit.record(
            actor=actor, action="credits.respond_to_swap", target=locked, summary=locked.title
        )
    return locked


def confirm_swap(*, actor: User, swap: Swap) -> Swap:
    """One side says it is done. When both have, the hours move."""
    with transaction.atomic():
        locked = (
            Swap.objects.select_for_update(of=("self",))
            .select_related("posted_by", "responder")
            .get(pk=swap.pk)
        )
        # Asked of the locked row: who responded may have changed since `swap` was read.
        require(actor, "credits.confirm_swap", locked)
        if locked.status == Swap.Status.OPEN:
            raise ServiceError(_("No one has answered this yet."), code="swap_open")
        if locked.status == Swap.Status.DONE:
            raise ServiceError(_("This swap is already done."), code="swap_done")
        if actor.pk == locked.posted_by_id:
            locked.poster_confirmed = True
        else:
            locked.responder_confirmed = True
        if locked.poster_confirmed and locked.responder_confirmed:
            locked.transaction = _move_hours(actor, locked)
            locked.status = Swap.Status.DONE
        locked.save(
            update_fields=["poster_confirmed", "responder_confirmed", "status", "transaction"]
        )
        audit.record(
            actor=actor, action="credits.confirm_swap", target=locked, summary=locked.title
        )
    return locked


def _move_hours(actor: User, swap: Swap) -> Transaction:
    helper = swap.posted_by if swap.helper_id == swap.posted_by_id else swap.responder
    helped = swap.responder if helper == swap.posted_by else swap.posted_by
    assert helper is not None and helped is not None
    helped_account = account_for_person(helped)
    try:
        return _post(
            actor=actor,
            entries=[(helped_account, -swap.hours), (account_for_person(helper), swap.hours)],
            reason=Transaction.Reason.SWAPPED,
            idempotency_key=f"swap:{swap.pk}",
            memo=swap.title,
        )
    except NotEnoughCredits:
        raise ServiceError(
            _(
                "%(name)s needs %(hours)s credits to pay for this swap but has %(balance)s. "
                "Nothing was changed."
            )
            % {
                "name": helped.display_name,
                "hours": swap.hours_display,
                "balance": format_credits(helped_account.balance),
            },
            code="not_enough_credits",
        ) from None
