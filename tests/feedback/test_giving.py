"""Giving feedback: online with or without an account, or written down by staff; and every
kind of bad input gets a clear message and saves nothing."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.feedback import photos, services, workdays
from coproduce.feedback.models import Feedback, FeedbackPhoto
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.conftest import signed_in
from tests.feedback.conftest import draft, photo, png_bytes

GIVE = "/feedback/"


def form_data(**values: Any) -> dict[str, Any]:
    data = {
        "kind": "complaint",
        "subject_kind": "service",
        "subject_name": "Bin collection",
        "place": "Mill Lane",
        "what_happened": "The bins were not collected for two weeks.",
        "what_would_help": "Collect them, and tell us when you will come.",
        "name": "Sam Sender",
        "email": "sam@example.org",
        "contact_by": "email",
        "may_publish": "on",
        "submission_key": "key-1",
    }
    data.update(values)
    return data


def test_anyone_can_give_feedback_and_gets_a_reference(
    client: Client, db: Any, commits: Any
) -> None:
    with commits():
        response = client.post(GIVE, form_data())
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert response["Location"].startswith("/feedback/sent/")
    page = client.get(response["Location"])
    assert feedback.reference in page.content.decode()
    assert feedback.person is None and feedback.channel == Feedback.Channel.ONLINE
    assert feedback.status == Feedback.Status.RECEIVED
    assert feedback.may_publish
    assert len(feedback.reference) == 12 and feedback.reference.startswith("FB-")
    received = feedback.received_on
    assert feedback.acknowledge_due == workdays.add_working_days(received, 3)
    assert feedback.respond_due == workdays.add_working_days(received, 20)
    assert feedback.next_due == feedback.acknowledge_due
    assert mail.outbox[-1].to == ["sam@example.org"]
    assert feedback.reference in mail.outbox[-1].body
    assert "/feedback/follow/" in mail.outbox[-1].body


def test_the_form_page_is_there_for_everyone(client: Client, db: Any) -> None:
    response = client.get(GIVE)
    assert response.status_code == 200
    assert 'name="submission_key"' in response.content.decode()
    assert 'name="channel"' not in response.content.decode()


def test_signed_in_feedback_is_theirs(as_resident: Client, resident: User) -> None:
    response = as_resident.post(GIVE, form_data(email="", name=""))
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.person == resident
    assert feedback.email == resident.email and feedback.name == resident.display_name
    mine = as_resident.get("/feedback/mine/")
    assert feedback.reference in mine.content.decode()


@override_settings(COPRODUCE_FEEDBACK_ACKNOWLEDGE_DAYS=1, COPRODUCE_FEEDBACK_RESPOND_DAYS=10)
def test_deadlines_are_configurable(db: Any) -> None:
    sent = services.submit_feedback(actor=AnonymousUser(), draft=draft())
    received = sent.feedback.received_on
    assert sent.feedback.acknowledge_due == workdays.add_working_days(received, 1)
    assert sent.feedback.respond_due == workdays.add_working_days(received, 10)


def test_feedback_about_a_public_body_goes_straight_to_it(db: Any, council: Organisation) -> None:
    sent = services.submit_feedback(
        actor=AnonymousUser(), draft=draft(about_organisation=council, subject_name="")
    )
    assert sent.feedback.service == council
    assert sent.feedback.subject_name == council.name


def test_staff_write_down_a_phone_call(professional: User, council: Organisation) -> None:
    client = signed_in(professional)
    page = client.get(GIVE)
    assert 'name="channel"' in page.content.decode()
    response = client.post(
        GIVE, form_data(channel="phone", email="", contact_by="phone", phone="01234 567890")
    )
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.channel == Feedback.Channel.PHONE
    assert feedback.recorded_by == professional
    assert feedback.person is None
    assert feedback.phone == "01234 567890"
    event = AuditEvent.objects.get(action="feedback.submit")
    assert event.actor == professional


def test_staff_acting_for_a_resident_is_recorded_as_such(coordinator: User, resident: User) -> None:
    sent = services.submit_feedback(
        actor=coordinator,
        on_behalf_of=resident,
        draft=draft(channel=Feedback.Channel.VISIT, email="", name=""),
    )
    feedback = sent.feedback
    assert feedback.person == resident and feedback.recorded_by == coordinator
    event = AuditEvent.objects.get(action="feedback.submit")
    assert event.by_line == f"by {coordinator.display_name} on behalf of {resident.display_name}"


def test_a_resident_cannot_claim_to_be_recording_a_call(resident: User) -> None:
    with pytest.raises(PermissionDenied):
        services.submit_feedback(actor=resident, draft=draft(channel=Feedback.Channel.PHONE))
    assert not Feedback.objects.exists()


def test_nobody_signed_out_can_claim_to_be_recording_a_call(db: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.submit_feedback(actor=AnonymousUser(), draft=draft(channel="phone"))
    assert not Feedback.objects.exists()


# --- Bad input ----------------------------------------------------------------------------


def test_empty_feedback_is_refused_with_a_message(client: Client, db: Any) -> None:
    response = client.post(GIVE, form_data(what_happened="   "))
    assert response.status_code == 400
    assert "Enter what happened." in response.content.decode()
    assert not Feedback.objects.exists()


def test_an_empty_form_says_what_is_missing(client: Client, db: Any) -> None:
    response = client.post(GIVE, {})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose complaint, compliment or suggestion." in body
    assert "Choose what your feedback is about." in body
    assert not Feedback.objects.exists()


def test_100000_characters_are_refused_with_a_message(client: Client, db: Any) -> None:
    response = client.post(GIVE, form_data(what_happened="x" * 100_000))
    assert response.status_code == 400
    assert "What happened must be 5,000 characters or fewer. You wrote 100,000." in (
        response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_a_bad_email_address_is_refused(client: Client, db: Any) -> None:
    response = client.post(GIVE, form_data(email="not an address"))
    assert response.status_code == 400
    assert "Enter an email address like name@example.com." in response.content.decode()
    assert not Feedback.objects.exists()


def test_email_contact_needs_an_address(client: Client, db: Any) -> None:
    response = client.post(GIVE, form_data(email=""))
    assert response.status_code == 400
    assert "Enter an email address, or choose another way" in response.content.decode()


def test_a_date_in_the_future_is_refused(client: Client, db: Any) -> None:
    tomorrow = timezone.localdate() + datetime.timedelta(days=2)
    response = client.post(GIVE, form_data(happened_on=tomorrow.isoformat()))
    assert response.status_code == 400
    assert "must be today or in the past" in response.content.decode()


def test_an_unknown_budget_idea_is_refused(client: Client, db: Any) -> None:
    response = client.post(GIVE, form_data(proposal="999999"))
    assert response.status_code == 400
    assert "There is no budget idea with that number." in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_photo_is_kept_without_its_hidden_data(client: Client, db: Any) -> None:
    jpeg = png_bytes(with_exif=True)
    assert b"SecretCam" in jpeg
    response = client.post(GIVE, {**form_data(), "photos": [photo("b.jpg", jpeg), photo()]})
    assert response.status_code == 302
    kept = list(FeedbackPhoto.objects.order_by("id"))
    assert [p.content_type for p in kept] == ["image/jpeg", "image/png"]
    assert (kept[0].width, kept[0].height) == (40, 30)
    assert b"SecretCam" not in kept[0].image.read()


def test_a_file_that_is_not_an_image_is_refused(client: Client, db: Any) -> None:
    fake = photo("holiday.jpg", b"%PDF-1.4 this is not a photo at all")
    response = client.post(GIVE, {**form_data(), "photos": [fake]})
    assert response.status_code == 400
    assert "holiday.jpg is not a photo we can open." in response.content.decode()
    assert not Feedback.objects.exists() and not FeedbackPhoto.objects.exists()


def test_a_50_mb_upload_is_refused_before_it_is_read(client: Client, db: Any) -> None:
    """The form is not parsed at all: the size alone is enough to refuse it."""
    body = b"x" * (50 * 1024 * 1024)
    response = client.generic(
        "POST", GIVE, body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    assert response.status_code == 413
    assert "What you sent is 50.0\xa0MB, which is too much." in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_photo_over_the_limit_is_stopped_while_it_arrives(client: Client, db: Any) -> None:
    big = photo("huge.png", b"\x89PNG" + b"0" * (photos.MAX_PHOTO_BYTES + 10))
    response = client.post(GIVE, {**form_data(), "photos": [big]})
    assert response.status_code == 400
    assert "huge.png is too big. Each photo must be 10.0\xa0MB or smaller." in (
        response.content.decode()
    )
    assert not Feedback.objects.exists()


def test_too_many_photos_are_refused(db: Any) -> None:
    with pytest.raises(ServiceError, match="3 photos at most"):
        services.submit_feedback(
            actor=AnonymousUser(), draft=draft(photos=[photo() for _ in range(4)])
        )
    assert not Feedback.objects.exists()


def test_a_double_click_saves_one_piece_of_feedback(client: Client, db: Any, commits: Any) -> None:
    with commits():
        first = client.post(GIVE, form_data(submission_key="same-key"))
        second = client.post(GIVE, form_data(submission_key="same-key"))
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Feedback.objects.count() == 1
    assert len(mail.outbox) == 1


def test_the_service_returns_the_first_one_for_a_repeated_key(db: Any) -> None:
    one = services.submit_feedback(actor=AnonymousUser(), draft=draft(), submission_key="k")
    two = services.submit_feedback(actor=AnonymousUser(), draft=draft(), submission_key="k")
    assert one.created and not two.created
    assert one.feedback.pk == two.feedback.pk


# --- Abuse --------------------------------------------------------------------------------


@override_settings(COPRODUCE_FEEDBACK_PER_HOUR=50, COPRODUCE_FEEDBACK_PER_ADDRESS_PER_HOUR=3)
def test_one_address_can_send_only_so_much_anonymously(client: Client, db: Any) -> None:
    for number in range(3):
        response = client.post(
            GIVE, form_data(submission_key=f"k{number}", email=f"p{number}@example.org")
        )
        assert response.status_code == 302
    response = client.post(GIVE, form_data(submission_key="k9", email="p9@example.org"))
    assert response.status_code == 429
    assert "You have sent 3 pieces of feedback in the last hour" in response.content.decode()
    assert Feedback.objects.count() == 3
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.post(GIVE, form_data(submission_key="k10")).status_code == 302


@override_settings(COPRODUCE_FEEDBACK_PER_HOUR=2)
def test_one_person_can_send_only_so_much(resident: User) -> None:
    client = signed_in(resident)
    for number in range(2):
        client_b = Client(REMOTE_ADDR=f"203.0.113.{number}")
        client_b.force_login(resident)
        assert client_b.post(GIVE, form_data(submission_key=f"p{number}")).status_code == 302
    response = client.post(GIVE, form_data(submission_key="p3"))
    assert response.status_code == 429
    assert "Please wait an hour and try again" in response.content.decode()
    assert Feedback.objects.count() == 2


@override_settings(COPRODUCE_FEEDBACK_PER_HOUR=2, COPRODUCE_FEEDBACK_PER_ADDRESS_PER_HOUR=99)
def test_one_email_address_counts_as_one_person(db: Any) -> None:
    for number in range(2):
        services.submit_feedback(
            actor=AnonymousUser(), draft=draft(), client_address=f"203.0.113.{number}"
        )
    with pytest.raises(ServiceError) as refused:
        services.submit_feedback(actor=AnonymousUser(), draft=draft(), client_address="203.0.113.9")
    assert refused.value.status == 429
    assert Feedback.objects.count() == 2


@override_settings(COPRODUCE_FEEDBACK_PER_HOUR=1)
def test_staff_taking_calls_are_not_limited(professional: User, council: Organisation) -> None:
    for _ in range(3):
        services.submit_feedback(actor=professional, draft=draft(channel=Feedback.Channel.PHONE))
    assert Feedback.objects.count() == 3


def test_a_repeated_key_does_not_use_up_the_limit(db: Any) -> None:
    for _ in range(10):
        services.submit_feedback(
            actor=AnonymousUser(), draft=draft(), submission_key="again", client_address="192.0.2.9"
        )
    assert Feedback.objects.count() == 1
    cache.clear()


def test_the_form_link_is_in_the_footer(client: Client, db: Any) -> None:
    page = client.get("/").content.decode()
    assert f'href="{reverse("feedback:give")}"' in page
