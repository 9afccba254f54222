"""An organiser emails everyone with a place on a shift."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.delivery import services
from coproduce.delivery.models import Shift
from coproduce.people.models import Profile, User
from tests import factories

pytestmark = pytest.mark.django_db

Commits = Callable[..., AbstractContextManager[Any]]
BODY = "Please bring gloves. We meet at the side door."


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Commits) -> Commits:
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def full_shift(shift: Shift) -> tuple[Shift, list[User]]:
    """Two with a place, one on the waiting list."""
    shift.capacity = 2
    shift.save()
    people = [factories.UserFactory() for _ in range(3)]
    for person in people:
        services.sign_up(actor=person, person=person, shift=shift)
    return shift, people


def _url(shift: Shift) -> str:
    return reverse("delivery:shift-message", kwargs={"pk": shift.pk})


def test_organiser_messages_everyone_with_a_place(
    as_group_member: Client, full_shift: tuple[Shift, list[User]], commits: Commits
) -> None:
    shift, people = full_shift
    with commits():
        response = as_group_member.post(_url(shift), {"subject": "Gloves", "body": BODY})
    assert response.status_code == 302
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [str(people[0].email), str(people[1].email)]
    )
    assert all(len(message.to) == 1 for message in mail.outbox)
    assert mail.outbox[0].subject == "Gloves"
    assert BODY in mail.outbox[0].body
    assert "Gita Group" in mail.outbox[0].body
    assert (
        "Your message was sent to 2 people." in as_group_member.get(response.url).content.decode()
    )


def test_the_audit_log_keeps_the_count_not_the_words(
    group_member: User, full_shift: tuple[Shift, list[User]], commits: Commits
) -> None:
    shift, _people = full_shift
    with commits():
        sent = services.message_shift(actor=group_member, shift=shift, subject="Gloves", body=BODY)
    assert sent == 2
    event = AuditEvent.objects.get(action="delivery.message_shift")
    assert event.changes == {"sent": 2, "not_reachable": 0}
    assert "gloves" not in (event.summary + str(event.changes)).lower()


def test_people_without_email_or_who_asked_not_to_be_emailed_are_left_out(
    group_member: User, shift: Shift, commits: Commits
) -> None:
    no_email = factories.UserFactory(email=None)
    quiet = factories.UserFactory()
    Profile.objects.filter(person=quiet).update(contact_by_email=False)
    for person in (no_email, quiet):
        services.sign_up(actor=person, person=person, shift=shift)
    with commits():
        sent = services.message_shift(actor=group_member, shift=shift, subject="Hi", body=BODY)
    assert sent == 0
    assert mail.outbox == []
    assert AuditEvent.objects.get(action="delivery.message_shift").changes["not_reachable"] == 2


@pytest.mark.parametrize(
    ("subject", "body", "message"),
    [
        ("", BODY, "Enter a subject."),
        ("   ", BODY, "Enter a subject."),
        ("Gloves", "", "Enter your message."),
        ("x" * 151, BODY, "The subject must be 150 characters or fewer."),
        ("Gloves", "x" * 5_001, "The message must be 5,000 characters or fewer."),
    ],
    ids=["no-subject", "blank-subject", "no-body", "long-subject", "long-body"],
)
def test_empty_or_huge_messages_are_refused_clearly(
    as_group_member: Client,
    full_shift: tuple[Shift, list[User]],
    commits: Commits,
    subject: str,
    body: str,
    message: str,
) -> None:
    shift, _people = full_shift
    with commits():
        response = as_group_member.post(_url(shift), {"subject": subject, "body": body})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Error:" in response.content.decode()
    assert mail.outbox == []
    assert not AuditEvent.objects.filter(action="delivery.message_shift").exists()


def test_service_refuses_empty_messages(group_member: User, shift: Shift) -> None:
    with pytest.raises(ServiceError) as refused:
        services.message_shift(actor=group_member, shift=shift, subject="Hi", body=" \n ")
    assert refused.value.field == "body"


def test_someone_who_does_not_organise_the_shift_cannot_message(
    as_resident: Client,
    as_outsider: Client,
    full_shift: tuple[Shift, list[User]],
    commits: Commits,
) -> None:
    shift, people = full_shift
    with commits():
        for client in (as_resident, as_outsider):
            response = client.post(_url(shift), {"subject": "Hi", "body": BODY})
            assert response.status_code == 403
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        services.message_shift(actor=people[0], shift=shift, subject="Hi", body=BODY)
    assert not AuditEvent.objects.filter(action="delivery.message_shift").exists()


def test_register_page_shows_the_message_form(
    as_group_member: Client, full_shift: tuple[Shift, list[User]]
) -> None:
    shift, _people = full_shift
    response = as_group_member.get(reverse("delivery:shift-register", kwargs={"pk": shift.pk}))
    page = response.content.decode()
    assert 'name="subject"' in page
    assert _url(shift) in page


def test_messaging_is_post_only(
    as_group_member: Client, full_shift: tuple[Shift, list[User]]
) -> None:
    shift, _people = full_shift
    assert as_group_member.get(_url(shift)).status_code == 405
