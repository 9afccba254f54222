"""Many people pressing "Sign up" at the same instant, each on their own connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from coproduce.delivery import services
from coproduce.delivery.models import Shift, SignUp
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests import factories
from tests.delivery.conftest import make_opportunity, make_shift

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs: list[Callable[[], None]]) -> list[BaseException]:
    """Start every job at the same moment in its own thread; return what went wrong."""
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], None]) -> None:
        try:
            barrier.wait()
            job()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


def sign_up_job(person_id: int, shift_id: int) -> Callable[[], None]:
    def job() -> None:
        person = User.objects.get(pk=person_id)
        services.sign_up(actor=person, person=person, shift=Shift.objects.get(pk=shift_id))

    return job


@pytest.fixture
def five_places() -> Shift:
    organisation = factories.OrganisationFactory()
    assert isinstance(organisation, Organisation)
    return make_shift(make_opportunity(organisation), capacity=5)


def test_twenty_people_at_once_fill_five_places_and_fifteen_wait(five_places: Shift) -> None:
    people = [factories.UserFactory() for _ in range(20)]
    errors = run_together([sign_up_job(person.pk, five_places.pk) for person in people])
    assert errors == []
    statuses = list(SignUp.objects.filter(shift=five_places).values_list("status", flat=True))
    assert statuses.count("confirmed") == 5
    assert statuses.count("waiting") == 15
    positions = sorted(SignUp.objects.filter(status="waiting").values_list("position", flat=True))
    assert positions == list(range(1, 16))


def test_withdrawals_at_once_promote_exactly_as_many_as_left(five_places: Shift) -> None:
    people = [factories.UserFactory() for _ in range(8)]
    for person in people:
        services.sign_up(actor=person, person=person, shift=five_places)
    leaving = people[:3]

    def withdraw_job(person_id: int) -> Callable[[], None]:
        def job() -> None:
            person = User.objects.get(pk=person_id)
            shift = Shift.objects.get(pk=five_places.pk)
            services.withdraw(actor=person, person=person, shift=shift)

        return job

    assert run_together([withdraw_job(person.pk) for person in leaving]) == []
    confirmed = set(SignUp.objects.filter(status="confirmed").values_list("person_id", flat=True))
    assert confirmed == {person.pk for person in people[3:]}


def test_one_person_pressing_twice_at_once_gets_one_place(five_places: Shift) -> None:
    person = factories.UserFactory()
    errors = run_together([sign_up_job(person.pk, five_places.pk) for _ in range(4)])
    assert len(errors) == 3
    assert all("already signed up" in str(error) for error in errors)
    assert SignUp.objects.filter(person=person).count() == 1
