"""Two members of staff redeem one code at the same instant: exactly one spend.

Real threads with their own connections and real transactions, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import pytest

from coproduce.common.errors import ServiceError
from coproduce.credits import services
from coproduce.credits.models import Account, Spend, Transaction
from coproduce.credits.services import spending
from coproduce.organisations.models import Membership
from coproduce.people.models import User
from tests import factories
from tests.credits.conftest import fund
from tests.credits.test_ledger_concurrency import run_in_threads

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_code_redeemed_by_many_at_once_is_spent_once(resident: User, coordinator: User) -> None:
    partner = factories.OrganisationFactory(is_spend_partner=True)
    staff = [factories.UserFactory() for _n in range(4)]
    for person in staff:
        factories.MembershipFactory(
            person=person, organisation=partner, role=Membership.Role.MANAGER
        )
    offer = spending.create_offer(actor=staff[0], organisation=partner, title="Swim", cost=4)
    fund(coordinator, services.account_for_person(resident), 40)
    _made, code = spending.make_spend_code(actor=resident, person=resident, offer=offer)
    used: list[ServiceError] = []

    def redeem(number: int) -> None:
        actor = User.objects.get(pk=staff[number].pk)
        try:
            spending.redeem_code(actor=actor, organisation=partner, code=code)
        except ServiceError as error:
            used.append(error)

    failures = run_in_threads(len(staff), redeem)
    assert failures == []
    assert [error.code for error in used] == ["code_used"] * (len(staff) - 1)
    assert Spend.objects.count() == 1
    assert Transaction.objects.filter(reason=Transaction.Reason.SPENT_AT_PARTNER).count() == 1
    assert Account.objects.get(person=resident).balance == 36
    assert services.account_for_organisation(partner).balance == 4
