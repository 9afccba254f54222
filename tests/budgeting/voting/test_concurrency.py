"""Ballots arriving at the same instant, each on its own connection: one ballot per person,
and a ballot sent twice counts once. Real threads; meant for PostgreSQL (SQLite serialises
every writer, so there the same tests pass trivially)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from coproduce.budgeting.models import Process
from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.models import Ballot
from coproduce.common.errors import Conflict
from coproduce.people.models import User
from tests.budgeting.voting.conftest import add_projects, make_process, voter

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(jobs))
    results: list[object] = []
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results.append(job())
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, errors


@pytest.fixture
def setup() -> tuple[Process, list[int], User, User]:
    process = make_process()
    projects = [p.pk for p in add_projects(process)]
    staff = voter()
    staff.is_superuser = True
    staff.save()
    return process, projects, voter(), staff


def cast_job(
    person_id: int, process_id: int, choices: dict[int, int], key: str = "", channel: str = "online"
) -> Callable[[], object]:
    def job() -> object:
        person = User.objects.get(pk=person_id)
        return services.cast_ballot(
            actor=person,
            voter=person,
            process=Process.objects.get(pk=process_id),
            choices=choices,
            idempotency_key=key,
            channel=channel,
        )

    return job


def test_the_same_ballot_sent_ten_times_at_once_counts_once(
    setup: tuple[Process, list[int], User, User],
) -> None:
    process, projects, person, _staff = setup
    jobs = [cast_job(person.pk, process.pk, {projects[0]: 1}, key="flaky") for _ in range(10)]
    results, errors = run_together(jobs)
    assert errors == []
    assert len({ballot.pk for ballot in results}) == 1  # type: ignore[attr-defined]
    assert Ballot.objects.filter(voter=person).count() == 1


def test_changes_at_once_leave_exactly_one_current_ballot(
    setup: tuple[Process, list[int], User, User],
) -> None:
    process, projects, person, _staff = setup
    jobs = [cast_job(person.pk, process.pk, {projects[n % 4]: 1}, key=f"k{n}") for n in range(10)]
    results, errors = run_together(jobs)
    assert all(isinstance(error, Conflict) for error in errors), errors
    assert len(results) + len(errors) == 10 and results
    assert Ballot.objects.filter(voter=person, is_current=True).count() == 1
    assert Ballot.objects.filter(voter=person).count() == len(results)


def test_online_and_assisted_at_once_count_one_ballot(
    setup: tuple[Process, list[int], User, User],
) -> None:
    process, projects, person, staff = setup

    def assisted() -> object:
        return services.cast_ballot(
            actor=User.objects.get(pk=staff.pk),
            voter=User.objects.get(pk=person.pk),
            process=Process.objects.get(pk=process.pk),
            choices={projects[1]: 1},
            channel="assisted",
            identity_checked=True,
        )

    jobs = [cast_job(person.pk, process.pk, {projects[0]: 1}), assisted] * 4
    _results, errors = run_together(jobs)
    assert all(isinstance(error, Conflict) for error in errors), errors
    assert Ballot.objects.filter(voter=person, is_current=True).count() == 1
    channels = set(Ballot.objects.filter(voter=person).values_list("channel", flat=True))
    assert len(channels) == 1
