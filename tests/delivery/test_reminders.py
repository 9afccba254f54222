"""Reminders the day before a shift, and the email when a place frees up from the waiting list."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command

from coproduce.delivery import services
from coproduce.delivery.models import Opportunity, Shift, SignUp
from coproduce.delivery.tasks import send_shift_reminders
from coproduce.people.models import Profile, User
from tests import factories
from tests.delivery.conftest import make_shift

pytestmark = pytest.mark.django_db

TOMORROW = datetime.timedelta(hours=30)
Commits = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Commits) -> Commits:
    """Emails go out when the change commits; this runs those hooks as the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _signed_up(shift: Shift, **values: object) -> User:
    person = factories.UserFactory(**values)
    services.sign_up(actor=person, person=person, shift=shift)
    return person


def test_people_on_tomorrows_shift_get_one_reminder(
    opportunity: Opportunity, commits: Commits
) -> None:
    shift = make_shift(opportunity, starts_in=TOMORROW)
    person = _signed_up(shift)
    with commits():
        assert send_shift_reminders.call() == 1
    assert [message.to for message in mail.outbox] == [[person.email]]
    assert "Reminder: Pack food parcels" in mail.outbox[0].subject
    assert SignUp.objects.get(person=person).reminded_at is not None


def test_running_the_reminders_twice_sends_nothing_twice(
    opportunity: Opportunity, commits: Commits
) -> None:
    shift = make_shift(opportunity, starts_in=TOMORROW)
    _signed_up(shift)
    with commits():
        send_shift_reminders.call()
        assert send_shift_reminders.call() == 0
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    "starts_in", [datetime.timedelta(hours=12), datetime.timedelta(hours=60)], ids=str
)
def test_shifts_outside_the_next_day_get_no_reminder(
    opportunity: Opportunity, starts_in: datetime.timedelta, commits: Commits
) -> None:
    shift = make_shift(opportunity, starts_in=starts_in)
    person = _signed_up(shift)
    with commits():
        assert send_shift_reminders.call() == 0
    assert mail.outbox == []
    assert SignUp.objects.get(person=person).reminded_at is None


def test_people_waiting_withdrawn_or_without_email_get_no_reminder(
    opportunity: Opportunity, commits: Commits
) -> None:
    shift = make_shift(opportunity, starts_in=TOMORROW, capacity=2)
    quiet = _signed_up(shift)
    Profile.objects.filter(person=quiet).update(contact_by_email=False)
    _signed_up(shift, email=None)
    waiting = _signed_up(shift)
    withdrawn = _signed_up(make_shift(opportunity, starts_in=TOMORROW))
    services.withdraw(
        actor=withdrawn, person=withdrawn, shift=SignUp.objects.get(person=withdrawn).shift
    )
    assert SignUp.objects.get(person=waiting).status == SignUp.Status.WAITING
    with commits():
        assert send_shift_reminders.call() == 0
    assert mail.outbox == []


def test_send_reminders_command_queues_the_task(opportunity: Opportunity, commits: Commits) -> None:
    shift = make_shift(opportunity, starts_in=TOMORROW)
    person = _signed_up(shift)
    out = StringIO()
    with commits():
        call_command("send_reminders", stdout=out)
    assert "Queued the shift reminders" in out.getvalue()
    assert [message.to for message in mail.outbox] == [[person.email]]


def test_person_promoted_from_the_waiting_list_is_emailed(shift: Shift, commits: Commits) -> None:
    shift.capacity = 1
    shift.save()
    first = _signed_up(shift)
    second = _signed_up(shift)
    with commits():
        services.withdraw(actor=first, person=first, shift=shift)
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert "You have a place" in mail.outbox[0].subject
    assert "Pack food parcels" in mail.outbox[0].body


def test_no_promotion_email_for_someone_who_asked_not_to_be_emailed(
    shift: Shift, commits: Commits
) -> None:
    shift.capacity = 1
    shift.save()
    first = _signed_up(shift)
    second = _signed_up(shift)
    Profile.objects.filter(person=second).update(contact_by_email=False)
    with commits():
        services.withdraw(actor=first, person=first, shift=shift)
    assert SignUp.objects.get(person=second).status == SignUp.Status.CONFIRMED
    assert mail.outbox == []
