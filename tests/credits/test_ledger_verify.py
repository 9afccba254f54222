"""`coproduce ledger verify`: clean when the books balance, non-zero when they do not."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from coproduce import cli
from coproduce.credits import services
from coproduce.credits.models import Account, Entry, Transaction
from coproduce.people.models import User
from tests.credits.conftest import fund

pytestmark = pytest.mark.django_db


@pytest.fixture
def books(coordinator: User, resident: User, outsider: User) -> tuple[Account, Account]:
    rita = fund(coordinator, services.account_for_person(resident), 20)
    oscar = services.account_for_person(outsider)
    services.gift_credits(
        actor=resident, sender=resident, recipient_account=oscar, amount=6, key="k"
    )
    return rita, oscar


def verify() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("ledger", "verify", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_is_clean_when_the_books_balance(books: tuple[Account, Account]) -> None:
    out, err = verify()
    assert "3 accounts, 2 transactions, 4 entries" in out
    assert "issued (held as negative balances in issuing pools): 5 credits" in out
    assert "The ledger balances." in out
    assert err == ""


def test_verify_is_clean_on_an_empty_ledger(db: None) -> None:
    out, _err = verify()
    assert "0 accounts" in out
    assert "The ledger balances." in out


def test_verify_fails_when_a_stored_balance_was_changed(books: tuple[Account, Account]) -> None:
    rita, _oscar = books
    Account.objects.filter(pk=rita.pk).update(balance=99)
    with pytest.raises(CommandError, match="does not balance"):
        verify()


def test_verify_names_the_account_and_both_figures(
    books: tuple[Account, Account], capsys: pytest.CaptureFixture[str]
) -> None:
    rita, _oscar = books
    Account.objects.filter(pk=rita.pk).update(balance=99)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ledger", "verify", stdout=StringIO(), stderr=err)
    assert f"account {rita.pk}: stored balance 24.75, entries add up to 3.5" in err.getvalue()
    assert "not 0: credits were created or lost outside an issuance" in err.getvalue()


def test_verify_fails_when_a_transaction_does_not_add_up(
    books: tuple[Account, Account],
) -> None:
    gift = Transaction.objects.get(reason="gifted")
    Entry.objects.create(transaction=gift, account=services.issuing_pool_for(None), amount=3)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("ledger", "verify", stdout=StringIO(), stderr=err)
    assert f"transaction {gift.pk}: entries add up to 0.75, not 0" in err.getvalue()


def test_a_mismatch_makes_the_command_exit_with_status_1(books: tuple[Account, Account]) -> None:
    rita, _oscar = books
    Account.objects.filter(pk=rita.pk).update(balance=0)
    with pytest.raises(CommandError) as refused:
        verify()
    # Django's command line exits with this status on a CommandError.
    assert refused.value.returncode == 1


def test_coproduce_ledger_verify_runs_the_ledger_command(monkeypatch: pytest.MonkeyPatch) -> None:
    handed_on: list[list[str]] = []
    monkeypatch.setattr(cli, "cmd_manage", lambda rest: handed_on.append(list(rest)))
    cli.main(["ledger", "verify"])
    assert handed_on == [["ledger", "verify"]]
