"""Time credits in the API: your balance, your history, and giving credits.

Offers and codes (api_spending.py), time swaps (api_swaps.py) and issuing budgets
(api_budgets.py) are routers of their own, mounted here.

Giving needs an `Idempotency-Key` header: send the same key again (a retry after a timeout)
and you get the same gift back, not a second one.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import ConfigDict, StringConstraints, WithJsonSchema

from coproduce.api.auth import signed_in
from coproduce.api.pagination import PageIn, PageOut, paginate
from coproduce.api.problems import ProblemOut
from coproduce.api.types import Slug
from coproduce.common.errors import NotFound, PermissionDenied, ServiceError
from coproduce.credits import api_budgets, api_spending, api_swaps, selectors, services
from coproduce.credits.models import Account, Transaction
from coproduce.credits.rounding import QUARTERS_PER_CREDIT, credits_to_quarters
from coproduce.organisations.models import Organisation
from coproduce.people.models import User

router = Router(tags=["credits"], auth=signed_in)
router.add_router("/offers", api_spending.router)
router.add_router("/swaps", api_swaps.router)
router.add_router("/budgets", api_budgets.router)

Reason = Annotated[str, WithJsonSchema({"type": "string", "enum": Transaction.Reason.values})]
# Looked up, never stored: an address no one has is simply not found.
Email = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$"),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": 254}),
]
IdempotencyKey = Annotated[str, StringConstraints(strip_whitespace=True, max_length=100)]
AUTH_PROBLEMS: dict[int, type[ProblemOut]] = {401: ProblemOut, 403: ProblemOut}


class MissingKey(ServiceError):
    """The Idempotency-Key header was left out; it is sent as a header, not in the body."""

    location = "header"


class BalanceOut(Schema):
    credits: float = Field(description="Credits, in quarters: 1.25 is an hour and a quarter.")
    quarters: int = Field(description="The same balance as a whole number of quarter-credits.")


class TransactionOut(Schema):
    id: int = Field(alias="transaction_id", description="The transaction.")
    at: datetime
    reason: Reason
    reason_label: str
    credits: float = Field(description="In (positive) or out (negative) of your account.")
    quarters: int
    memo: str
    others: list[str] = Field(description="Who was on the other side.")
    done_by: str = Field(description="The member of staff who did it for you, if any.")

    @staticmethod
    def resolve_credits(line: selectors.HistoryLine) -> float:
        return line.amount / QUARTERS_PER_CREDIT

    @staticmethod
    def resolve_quarters(line: selectors.HistoryLine) -> int:
        return line.amount


class TransactionPageOut(PageOut[TransactionOut]):
    pass


class GiftIn(Schema):
    """Give credits to a member (by email) or to an organisation (by slug): one of the two."""

    model_config = ConfigDict(extra="forbid")

    to_email: Email | None = Field(None, description="The member's email address.")
    to_organisation: Slug | None = Field(None, description="The organisation's slug.")
    credits: Decimal = Field(
        description="How many credits, in quarters: 1, 1.5, 0.25.", gt=0, le=1000
    )
    memo: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] = ""


class GiftOut(Schema):
    id: int = Field(description="The transaction.")
    credits: float
    quarters: int
    to: str = Field(description="Who received the credits.")
    balance: BalanceOut = Field(description="Your balance after the gift.")


def _person(request: HttpRequest) -> User:
    person = request.auth  # type: ignore[attr-defined]
    assert isinstance(person, User)
    return person


def _balance(person: User) -> dict[str, Any]:
    quarters = selectors.balance_of(person)
    return {"credits": quarters / QUARTERS_PER_CREDIT, "quarters": quarters}


@router.get("/balance", summary="Get your balance", response={200: BalanceOut, **AUTH_PROBLEMS})
def get_balance(request: HttpRequest) -> dict[str, Any]:
    """Your time credits, from the ledger's running balance."""
    return _balance(_person(request))


@router.get(
    "/transactions",
    summary="List your transactions",
    response={200: TransactionPageOut, 400: ProblemOut, 404: ProblemOut, **AUTH_PROBLEMS},
)
def list_transactions(request: HttpRequest, paging: Query[PageIn]) -> dict[str, Any]:
    """Credits in and out of your account, newest first."""
    person = _person(request)
    if not person.has_perm("credits.view_account", person):
        raise PermissionDenied
    page = paginate(request, selectors.history(selectors.account_of_person(person)), paging)
    page["items"] = selectors.history_lines(page["items"])
    return page


@router.post(
    "/gifts",
    summary="Give credits",
    response={
        200: GiftOut,
        201: GiftOut,
        400: ProblemOut,
        404: ProblemOut,
        409: ProblemOut,
        422: ProblemOut,
        **AUTH_PROBLEMS,
    },
)
def give_credits(
    request: HttpRequest,
    payload: GiftIn,
    idempotency_key: IdempotencyKey | None = Header(  # noqa: B008 - ninja's way
        None,
        alias="Idempotency-Key",
        description="Any text up to 100 characters, new for each gift; a retry sends it again.",
    ),
) -> Status:
    """Give some of your credits. 201 for a new gift; 200 and the same gift for a repeated key."""
    if not idempotency_key:
        raise MissingKey(
            _("Send an Idempotency-Key header: any text, new for each gift."),
            field="Idempotency-Key",
            code="missing",
        )
    person = _person(request)
    try:
        quarters = credits_to_quarters(payload.credits)
    except ValueError:
        raise ServiceError(
            _("Credits come in quarters: 0.25, 0.5, 0.75 or whole credits."), field="credits"
        ) from None
    recipient = _recipient(payload)
    posted = services.gift_credits(
        actor=person,
        sender=person,
        recipient_account=recipient,
        amount=quarters,
        key=idempotency_key,
        memo=payload.memo,
    )
    body = {
        "id": posted.pk,
        "credits": quarters / QUARTERS_PER_CREDIT,
        "quarters": quarters,
        "to": recipient.owner_name,
        "balance": _balance(person),
    }
    return Status(200 if posted.replayed else 201, body)


def _recipient(payload: GiftIn) -> Account:
    if bool(payload.to_email) == bool(payload.to_organisation):
        raise ServiceError(
            _("Say who gets the credits: send to_email or to_organisation, not both."),
            field="to_email",
        )
    if payload.to_organisation:
        organisation = Organisation.objects.filter(
            slug=payload.to_organisation, is_active=True
        ).first()
        if organisation is None:
            raise NotFound(
                _("There is no organisation called %(slug)s.") % {"slug": payload.to_organisation}
            )
        return services.account_for_organisation(organisation)
    assert payload.to_email is not None
    person = selectors.active_person_by_email(payload.to_email)
    if person is None:
        raise NotFound(
            _("No one with the email address %(email)s has an account.")
            % {"email": payload.to_email}
        )
    return services.account_for_person(person)
