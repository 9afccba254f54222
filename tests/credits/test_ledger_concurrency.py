"""Many writers at once, with real threads and real transactions, on SQLite and PostgreSQL.

Each thread has its own database connection, as each web process or worker would.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from coproduce.common.errors import ServiceError
from coproduce.credits import services
from coproduce.credits.models import Account, Transaction
from coproduce.credits.selectors import ledger_report
from coproduce.people.models import User
from tests import factories
from tests.credits.conftest import fund

pytestmark = pytest.mark.django_db(transaction=True)


def run_in_threads(count: int, work: Callable[[int], Any]) -> list[BaseException]:
    """Run `work(i)` in `count` threads started together; return what went wrong."""
    barrier = threading.Barrier(count)
    failures: list[BaseException] = []

    def target(number: int) -> None:
        try:
            barrier.wait()
            work(number)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=target, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


@pytest.fixture
def people(coordinator: User) -> list[User]:
    members = [factories.UserFactory() for _ in range(5)]
    # The first has a little money that every thread tries to spend; the rest have plenty.
    for number, person in enumerate(members):
        fund(coordinator, services.account_for_person(person), 3 if number == 0 else 200)
    return members


def test_parallel_transfers_keep_every_balance_and_conserve_credits(people: list[User]) -> None:
    accounts = {person.pk: services.account_for_person(person) for person in people}
    made: list[int] = []
    refused: list[int] = []

    def transfers(thread: int) -> None:
        rng = random.Random(thread)
        for step in range(25):
            # Half the transfers drain the poor account, so its balance is fought over.
            sender = people[0] if step % 2 == 0 else rng.choice(people)
            recipient = rng.choice([p for p in people if p.pk != sender.pk])
            try:
                services.gift_credits(
                    actor=sender,
                    sender=sender,
                    recipient_account=accounts[recipient.pk],
                    amount=rng.randint(1, 12),
                    key=f"t{thread}-{step}",
                )
                made.append(1)
            except ServiceError as error:
                assert error.code == "not_enough_credits", error.message
                refused.append(1)

    failures = run_in_threads(8, transfers)
    assert failures == []
    assert len(made) + len(refused) == 200
    assert Transaction.objects.filter(reason="gifted").count() == len(made)
    balances = list(Account.objects.filter(kind="person").values_list("balance", flat=True))
    assert min(balances) >= 0
    assert sum(balances) == 3 + 4 * 200
    report = ledger_report()
    assert report.ok, report
    assert report.issued == report.in_circulation == 803


def test_an_account_is_never_overdrawn_by_writers_racing(people: list[User]) -> None:
    poor = people[0]  # 3 quarters: only three gifts of 1 can succeed
    recipient = services.account_for_person(people[1])
    outcomes: list[str] = []

    def spend(thread: int) -> None:
        try:
            services.gift_credits(
                actor=poor, sender=poor, recipient_account=recipient, amount=1, key=f"s{thread}"
            )
            outcomes.append("made")
        except ServiceError:
            outcomes.append("refused")

    assert run_in_threads(8, spend) == []
    assert sorted(outcomes) == ["made"] * 3 + ["refused"] * 5
    assert Account.objects.get(person=poor).balance == 0
    assert ledger_report().ok


def test_the_same_key_from_two_threads_at_once_makes_one_transaction(
    people: list[User],
) -> None:
    sender, other = people[1], people[2]
    recipient = services.account_for_person(other)
    for attempt in range(5):
        results: list[int] = []

        def send(thread: int, attempt: int = attempt, results: list[int] = results) -> None:
            posted = services.gift_credits(
                actor=sender,
                sender=sender,
                recipient_account=recipient,
                amount=4,
                key=f"double-{attempt}",
            )
            results.append(posted.pk)

        assert run_in_threads(4, send) == []
        assert len(results) == 4
        assert len(set(results)) == 1
    assert Transaction.objects.filter(reason="gifted").count() == 5
    assert Account.objects.get(person=sender).balance == 200 - 5 * 4
    assert ledger_report().ok
