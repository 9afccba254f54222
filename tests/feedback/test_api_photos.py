"""Sending feedback with photos through the API: the same checks as the web form, problems
that say what is wrong, nothing saved when a photo is refused, and no photo given out."""

from __future__ import annotations

import json
from typing import Any

from django.test import Client

from coproduce.api.services import create_token
from coproduce.feedback import photos
from coproduce.feedback.models import Feedback, FeedbackPhoto
from coproduce.people.models import User
from tests.api.conftest import bearer, problem_of
from tests.feedback.conftest import photo, png_bytes
from tests.feedback.test_api import payload

URL = "/api/v1/feedback/with-photos"


def send(client: Client, data: dict[str, Any], *files: Any, **extra: Any) -> Any:
    return client.post(URL, {"payload": json.dumps(data), "photos": list(files)}, **extra)


def test_feedback_with_photos_is_saved_with_them_and_without_their_hidden_data(
    client: Client, db: Any
) -> None:
    jpeg = png_bytes(with_exif=True)
    response = send(client, payload(), photo("flood.jpg", jpeg), photo("path.png"))
    assert response.status_code == 201, response.content
    feedback = Feedback.objects.get()
    assert response.json()["reference"] == feedback.reference
    kept = list(FeedbackPhoto.objects.filter(feedback=feedback).order_by("id"))
    assert [p.content_type for p in kept] == ["image/jpeg", "image/png"]
    assert b"SecretCam" not in kept[0].image.read()


def test_feedback_without_photos_can_be_sent_the_same_way(client: Client, db: Any) -> None:
    response = client.post(URL, {"payload": json.dumps(payload())})
    assert response.status_code == 201
    assert Feedback.objects.count() == 1 and not FeedbackPhoto.objects.exists()


def test_a_token_sends_it_as_the_person(resident: User) -> None:
    _token, secret = create_token(actor=resident, name="app", expires_in_days=30)
    script = Client(enforce_csrf_checks=True, **bearer(secret))
    response = send(script, payload(email=""), photo())
    assert response.status_code == 201
    assert Feedback.objects.get().person == resident


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_saved(
    client: Client, db: Any
) -> None:
    fake = photo("holiday.jpg", b"%PDF-1.4 this is not a photo at all")
    body = problem_of(send(client, payload(), fake), 400)
    assert body["detail"] == (
        "holiday.jpg is not a photo we can open. Send a photo saved as JPEG, PNG or WebP."
    )
    assert body["errors"][0]["field"] == "photos"
    assert body["errors"][0]["location"] == "file"
    assert not Feedback.objects.exists() and not FeedbackPhoto.objects.exists()


def test_a_photo_over_the_limit_is_stopped_while_it_arrives(client: Client, db: Any) -> None:
    big = photo("huge.png", b"\x89PNG" + b"0" * (photos.MAX_PHOTO_BYTES + 10))
    body = problem_of(send(client, payload(), big), 400)
    assert body["detail"] == "huge.png is too big. Each photo must be 10.0\xa0MB or smaller."
    assert not Feedback.objects.exists() and not FeedbackPhoto.objects.exists()


def test_a_50_mb_upload_is_refused_before_it_is_read(client: Client, db: Any) -> None:
    body = b"x" * (50 * 1024 * 1024)
    response = client.generic(
        "POST", URL, body, content_type="multipart/form-data; boundary=BoUnDaRy"
    )
    problem = problem_of(response, 413)
    assert problem["detail"].startswith("What you sent is 50.0\xa0MB, which is too much.")
    assert not Feedback.objects.exists()


def test_more_than_three_photos_are_refused(client: Client, db: Any) -> None:
    body = problem_of(send(client, payload(), *[photo(f"{n}.png") for n in range(4)]), 400)
    assert body["detail"] == "You can send 3 photos at most."
    assert not Feedback.objects.exists()


def test_a_payload_that_is_not_right_is_a_problem_naming_its_field(client: Client, db: Any) -> None:
    body = problem_of(send(client, payload(kind="rant"), photo()), 422)
    assert [error["field"] for error in body["errors"]] == ["payload.kind"]
    assert body["errors"][0]["location"] == "form"
    not_json = problem_of(client.post(URL, {"payload": "{not json"}), 422)
    assert not_json["errors"][0]["field"] == "payload"
    missing = problem_of(client.post(URL, {}), 422)
    assert missing["errors"][0]["field"] == "payload"
    assert not Feedback.objects.exists()


def test_the_answer_gives_no_photo_and_no_address_to_fetch_one(client: Client, db: Any) -> None:
    response = send(client, payload(), photo())
    assert response.status_code == 201
    text = response.content.decode()
    stored = FeedbackPhoto.objects.get()
    assert "photo" not in text and stored.image.name not in text


def test_only_the_staff_handling_it_can_open_a_photo_sent_through_the_api(
    client: Client, db: Any, housing: Any, as_officer: Client, parks_officer: User
) -> None:
    from tests.conftest import signed_in

    send(client, payload(), photo())
    feedback = Feedback.objects.get()
    Feedback.objects.filter(pk=feedback.pk).update(service=housing)
    stored = FeedbackPhoto.objects.get()
    address = f"/feedback/staff/{feedback.reference}/photos/{stored.pk}/"
    assert as_officer.get(address).status_code == 200
    assert signed_in(parks_officer).get(address).status_code in (403, 404)
    assert client.get(address).status_code == 302  # to sign in
