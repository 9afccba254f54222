"""The ledger's services: issuing, giving, reversing, idempotency, and refusals."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings

from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.credits import services
from coproduce.credits.models import Account, Entry, Transaction
from coproduce.credits.selectors import ledger_report
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests import factories
from tests.credits.conftest import fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def rita_account(resident: User, coordinator: User) -> Account:
    return fund(coordinator, services.account_for_person(resident), 12)


@pytest.fixture
def oscar_account(outsider: User) -> Account:
    return services.account_for_person(outsider)


def balances(*accounts: Account) -> list[int]:
    return [Account.objects.get(pk=account.pk).balance for account in accounts]


def assert_ledger_balances() -> None:
    report = ledger_report()
    assert report.ok, report


def test_coordinator_issues_credits_from_the_central_pool(
    coordinator: User, resident: User
) -> None:
    account = services.account_for_person(resident)
    pool = services.issuing_pool_for(None)
    posted = services.issue_credits(
        actor=coordinator, pool=pool, account=account, amount=8, key="welcome-rita"
    )
    assert posted.reason == Transaction.Reason.ISSUED
    assert balances(pool, account) == [-8, 8]
    assert sorted(posted.entries.values_list("amount", flat=True)) == [-8, 8]
    assert AuditEvent.objects.filter(action="credits.issue_credits", actor=coordinator).exists()
    report = ledger_report()
    assert report.ok
    assert (report.issued, report.in_circulation) == (8, 8)


def test_resident_cannot_issue_credits(resident: User) -> None:
    account = services.account_for_person(resident)
    with pytest.raises(PermissionDenied):
        services.issue_credits(
            actor=resident,
            pool=services.issuing_pool_for(None),
            account=account,
            amount=4,
            key="free-money",
        )
    assert Transaction.objects.count() == 0
    assert balances(account) == [0]


def test_manager_issues_from_their_own_pool_but_not_anothers(
    group_member: User, vcs_group: Organisation, resident: User
) -> None:
    account = services.account_for_person(resident)
    services.issue_credits(
        actor=group_member,
        pool=services.issuing_pool_for(vcs_group),
        account=account,
        amount=4,
        key="k1",
    )
    other_pool = services.issuing_pool_for(factories.OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.issue_credits(
            actor=group_member, pool=other_pool, account=account, amount=4, key="k2"
        )
    assert balances(account) == [4]


def test_credits_can_only_be_issued_from_a_pool(
    coordinator: User, rita_account: Account, oscar_account: Account
) -> None:
    with pytest.raises(ServiceError, match="only be issued from an issuing pool"):
        services.issue_credits(
            actor=coordinator, pool=rita_account, account=oscar_account, amount=1, key="k"
        )
    assert balances(rita_account, oscar_account) == [12, 0]


def test_member_gives_credits_to_another_member(
    resident: User, rita_account: Account, oscar_account: Account
) -> None:
    posted = services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=5, key="a"
    )
    assert posted.reason == Transaction.Reason.GIFTED
    assert posted.created_by == resident
    assert posted.on_behalf_of is None
    assert balances(rita_account, oscar_account) == [7, 5]
    assert AuditEvent.objects.filter(action="credits.give_credits").count() == 1
    assert_ledger_balances()


def test_member_gives_credits_to_a_groups_account(
    resident: User, rita_account: Account, vcs_group: Organisation
) -> None:
    group_account = services.account_for_organisation(vcs_group)
    services.gift_credits(
        actor=resident, sender=resident, recipient_account=group_account, amount=4, key="a"
    )
    assert balances(rita_account, group_account) == [8, 4]


def test_spending_more_than_the_balance_is_refused_and_changes_nothing(
    resident: User, rita_account: Account, oscar_account: Account
) -> None:
    with pytest.raises(ServiceError, match="not enough credits") as refused:
        services.gift_credits(
            actor=resident, sender=resident, recipient_account=oscar_account, amount=13, key="a"
        )
    assert refused.value.code == "not_enough_credits"
    assert "Rita Resident has 3 credits" in refused.value.message
    assert balances(rita_account, oscar_account) == [12, 0]
    assert Transaction.objects.filter(reason=Transaction.Reason.GIFTED).count() == 0


def test_someone_with_no_account_has_nothing_to_give(
    outsider: User, resident: User, coordinator: User
) -> None:
    recipient = services.account_for_person(resident)
    with pytest.raises(ServiceError, match="no credits to give"):
        services.gift_credits(
            actor=outsider, sender=outsider, recipient_account=recipient, amount=1, key="a"
        )
    assert not Account.objects.filter(person=outsider).exists()


@pytest.mark.parametrize("amount", [0, -4, True])
def test_an_amount_of_nothing_or_less_is_refused(
    resident: User, rita_account: Account, oscar_account: Account, amount: int
) -> None:
    with pytest.raises(ServiceError, match="more than 0"):
        services.gift_credits(
            actor=resident,
            sender=resident,
            recipient_account=oscar_account,
            amount=amount,
            key="a",
        )
    assert balances(rita_account, oscar_account) == [12, 0]


def test_no_one_gives_credits_to_themselves_or_to_a_pool(
    resident: User, rita_account: Account
) -> None:
    with pytest.raises(ServiceError, match="yourself"):
        services.gift_credits(
            actor=resident, sender=resident, recipient_account=rita_account, amount=1, key="a"
        )
    with pytest.raises(ServiceError, match="not to an issuing pool"):
        services.gift_credits(
            actor=resident,
            sender=resident,
            recipient_account=services.issuing_pool_for(None),
            amount=1,
            key="b",
        )
    assert balances(rita_account) == [12]


def test_nobody_gives_away_someone_elses_credits(
    outsider: User, resident: User, rita_account: Account, oscar_account: Account
) -> None:
    with pytest.raises(PermissionDenied):
        services.gift_credits(
            actor=outsider, sender=resident, recipient_account=oscar_account, amount=4, key="a"
        )
    assert balances(rita_account, oscar_account) == [12, 0]


def test_coordinator_gives_on_behalf_of_a_resident(
    coordinator: User, resident: User, rita_account: Account, oscar_account: Account
) -> None:
    posted = services.gift_credits(
        actor=coordinator, sender=resident, recipient_account=oscar_account, amount=4, key="a"
    )
    assert (posted.created_by, posted.on_behalf_of) == (coordinator, resident)
    event = AuditEvent.objects.get(action="credits.give_credits")
    assert (event.actor, event.on_behalf_of) == (coordinator, resident)


def test_the_same_gift_sent_twice_is_made_once(
    resident: User, rita_account: Account, oscar_account: Account
) -> None:
    first = services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=4, key="click"
    )
    again = services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=4, key="click"
    )
    assert again.pk == first.pk
    assert (first.replayed, again.replayed) == (False, True)
    assert balances(rita_account, oscar_account) == [8, 4]
    assert AuditEvent.objects.filter(action="credits.give_credits").count() == 1


def test_a_reused_key_with_other_details_is_a_conflict(
    resident: User, rita_account: Account, oscar_account: Account
) -> None:
    services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=4, key="k"
    )
    with pytest.raises(Conflict):
        services.gift_credits(
            actor=resident, sender=resident, recipient_account=oscar_account, amount=8, key="k"
        )
    assert balances(rita_account, oscar_account) == [8, 4]


def test_two_people_may_use_the_same_key(
    resident: User, outsider: User, rita_account: Account, oscar_account: Account
) -> None:
    services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=4, key="same"
    )
    services.gift_credits(
        actor=outsider, sender=outsider, recipient_account=rita_account, amount=2, key="same"
    )
    assert balances(rita_account, oscar_account) == [10, 2]


def test_coordinator_reverses_a_gift_once(
    coordinator: User, resident: User, rita_account: Account, oscar_account: Account
) -> None:
    gift = services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=4, key="a"
    )
    reversal = services.reverse_transaction(actor=coordinator, original=gift, memo="By mistake")
    assert reversal.reverses == gift
    assert reversal.reason == Transaction.Reason.REVERSED
    assert balances(rita_account, oscar_account) == [12, 0]
    again = services.reverse_transaction(actor=coordinator, original=gift, memo="By mistake")
    assert again.pk == reversal.pk
    assert Transaction.objects.filter(reverses=gift).count() == 1
    assert balances(rita_account, oscar_account) == [12, 0]
    with pytest.raises(ServiceError, match="already a correction"):
        services.reverse_transaction(actor=coordinator, original=reversal)
    assert_ledger_balances()


def test_a_gift_already_spent_cannot_be_reversed(
    coordinator: User,
    resident: User,
    outsider: User,
    rita_account: Account,
    oscar_account: Account,
) -> None:
    gift = services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=4, key="a"
    )
    services.gift_credits(
        actor=outsider, sender=outsider, recipient_account=rita_account, amount=4, key="b"
    )
    with pytest.raises(ServiceError, match="Oscar Outsider has 0 credits"):
        services.reverse_transaction(actor=coordinator, original=gift)
    assert balances(rita_account, oscar_account) == [12, 0]


def test_resident_cannot_reverse_a_transaction(
    resident: User, rita_account: Account, oscar_account: Account
) -> None:
    gift = services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar_account, amount=4, key="a"
    )
    with pytest.raises(PermissionDenied):
        services.reverse_transaction(actor=resident, original=gift)


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ([4, -3], "add up to zero"),
        ([4], "at least two"),
        ([0, 0], "whole number"),
    ],
)
def test_unbalanced_entries_are_refused(
    administrator: User,
    rita_account: Account,
    oscar_account: Account,
    amounts: list[int],
    message: str,
) -> None:
    accounts = [oscar_account, rita_account]
    legs = list(zip(accounts, amounts, strict=False))
    with pytest.raises(ServiceError, match=message):
        services.post_transaction(
            actor=administrator, entries=legs, reason="swapped", idempotency_key="x"
        )
    assert balances(rita_account, oscar_account) == [12, 0]


def test_an_account_may_appear_only_once(administrator: User, rita_account: Account) -> None:
    with pytest.raises(ServiceError, match="only once"):
        services.post_transaction(
            actor=administrator,
            entries=[(rita_account, 4), (rita_account, -4)],
            reason="swapped",
            idempotency_key="x",
        )


def test_administrator_posts_a_balanced_swap(
    administrator: User, rita_account: Account, oscar_account: Account
) -> None:
    services.post_transaction(
        actor=administrator,
        entries=[(rita_account, -4), (oscar_account, 4)],
        reason="swapped",
        idempotency_key="swap-1",
        memo="Lift to hospital",
    )
    assert balances(rita_account, oscar_account) == [8, 4]


def test_coordinator_cannot_post_raw_transactions(
    coordinator: User, rita_account: Account, oscar_account: Account
) -> None:
    with pytest.raises(PermissionDenied):
        services.post_transaction(
            actor=coordinator,
            entries=[(rita_account, -4), (oscar_account, 4)],
            reason="swapped",
            idempotency_key="x",
        )


def test_the_database_refuses_a_negative_balance_outside_a_pool(rita_account: Account) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Account.objects.filter(pk=rita_account.pk).update(balance=-1)


def test_the_database_refuses_an_entry_of_nothing(rita_account: Account) -> None:
    posted = Transaction.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(transaction=posted, account=rita_account, amount=0)


def test_confirmed_hours_earn_credits_from_the_organisations_pool(
    group_member: User, vcs_group: Organisation, resident: User
) -> None:
    posted = services.credit_for_contribution(
        actor=group_member,
        contribution_id=7,
        person=resident,
        organisation=vcs_group,
        hours=Decimal("2.1"),
        key="contribution-7",
    )
    assert posted is not None
    assert posted.reason == Transaction.Reason.EARNED
    pool = Account.objects.get(kind=Account.Kind.ISSUING_POOL, organisation=vcs_group)
    account = Account.objects.get(person=resident)
    assert balances(pool, account) == [-8, 8]
    again = services.credit_for_contribution(
        actor=group_member,
        contribution_id=7,
        person=resident,
        organisation=vcs_group,
        hours=Decimal("2.1"),
        key="contribution-7",
    )
    assert again is not None and again.pk == posted.pk
    assert balances(account) == [8]


@override_settings(COPRODUCE_CREDIT_ROUNDING="whole")
def test_the_rounding_rule_comes_from_the_settings(
    coordinator: User, vcs_group: Organisation, resident: User
) -> None:
    services.credit_for_contribution(
        actor=coordinator,
        contribution_id=1,
        person=resident,
        organisation=vcs_group,
        hours="1.6",
        key="c1",
    )
    assert balances(Account.objects.get(person=resident)) == [8]


def test_hours_that_round_to_nothing_earn_nothing(
    coordinator: User, vcs_group: Organisation, resident: User
) -> None:
    posted = services.credit_for_contribution(
        actor=coordinator,
        contribution_id=1,
        person=resident,
        organisation=vcs_group,
        hours="0.1",
        key="c1",
    )
    assert posted is None
    assert Transaction.objects.count() == 0


def test_negative_hours_earn_nothing_and_say_why(
    coordinator: User, vcs_group: Organisation, resident: User
) -> None:
    with pytest.raises(ServiceError, match="0 or more"):
        services.credit_for_contribution(
            actor=coordinator,
            contribution_id=1,
            person=resident,
            organisation=vcs_group,
            hours="-3",
            key="c1",
        )
    assert Transaction.objects.count() == 0
