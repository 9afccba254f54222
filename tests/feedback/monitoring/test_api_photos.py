"""Observations with photos through the API: the same checks as the web form, a problem that
says which photo is wrong, nothing recorded when one is refused, and no photo given out."""

from __future__ import annotations

import datetime
import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from coproduce.feedback.monitoring import answers
from coproduce.feedback.monitoring.models import Field, Observation, Place, Reading, Scheme
from coproduce.people.models import User
from tests.feedback.monitoring.conftest import new_key
from tests.feedback.monitoring.test_api import problem_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def script(resident: User) -> Client:
    from coproduce.api.services import create_token

    _token, secret = create_token(actor=resident, name="Speed watch app", expires_in_days=30)
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {secret}")


def url(scheme: Scheme) -> str:
    return f"/api/v1/monitoring/schemes/{scheme.pk}/observations/with-photos"


def png(name: str = "sign.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def payload(place: Place, fields: dict[str, Field], photo_answer: Any = "sign.png") -> str:
    return json.dumps(
        {
            "key": new_key(),
            "place": place.pk,
            "observed_at": (timezone.now() - datetime.timedelta(hours=1)).isoformat(),
            "answers": {
                str(fields["counted"].pk): 50,
                str(fields["over"].pk): 12,
                str(fields["photo"].pk): photo_answer,
            },
        }
    )


def test_a_volunteer_sends_an_observation_with_a_photo(
    script: Client,
    volunteer: User,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    coordinator: User,
) -> None:
    response = script.post(url(scheme), {"payload": payload(mill_lane, fields), "photos": png()})
    assert response.status_code == 201, response.content
    reading = Reading.objects.get(field=fields["photo"])
    assert str(reading.photo.name).endswith(".png")
    # The answer lists no photo, and no address to fetch one.
    assert "photo" not in response.content.decode().lower()
    # The photo is seen on the web by the person who took it and by the scheme's coordinator.
    from tests.conftest import signed_in

    address = reverse("monitoring:photo", args=[reading.pk])
    assert signed_in(volunteer).get(address).status_code == 200
    assert signed_in(coordinator).get(address).status_code == 200


def test_others_cannot_see_a_photo_sent_through_the_api(
    script: Client,
    volunteer: User,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    as_outsider: Client,
    client: Client,
) -> None:
    script.post(url(scheme), {"payload": payload(mill_lane, fields), "photos": png()})
    reading = Reading.objects.get(field=fields["photo"])
    address = reverse("monitoring:photo", args=[reading.pk])
    assert as_outsider.get(address).status_code == 404
    assert client.get(address).status_code == 302  # to sign in
    listing = script.get(f"/api/v1/monitoring/schemes/{scheme.pk}/observations").json()
    assert all(r["question"] != fields["photo"].pk for r in listing["items"][0]["readings"])


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_recorded(
    script: Client, volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    fake = SimpleUploadedFile("sign.png", b"%PDF-1.4 not a photo", content_type="image/png")
    response = script.post(url(scheme), {"payload": payload(mill_lane, fields), "photos": fake})
    problem = problem_of(response, 400)
    assert problem["detail"] == "Photo of the sign must be a photo (JPEG, PNG, WebP or GIF)."
    assert problem["errors"][0]["field"] == f"field_{fields['photo'].pk}"
    assert not Observation.objects.exists() and not Reading.objects.exists()


def test_a_photo_over_the_limit_is_stopped_while_it_arrives(
    script: Client, volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    big = SimpleUploadedFile("sign.png", b"\x89PNG" + b"0" * (answers.MAX_PHOTO_BYTES + 10))
    response = script.post(url(scheme), {"payload": payload(mill_lane, fields), "photos": big})
    problem = problem_of(response, 400)
    assert problem["detail"] == "sign.png is too big. Each photo must be 5 MB or smaller."
    assert problem["errors"][0]["location"] == "file"
    assert not Observation.objects.exists()


def test_a_50_mb_upload_is_refused_before_it_is_read(
    script: Client, volunteer: User, scheme: Scheme
) -> None:
    response = script.generic(
        "POST",
        url(scheme),
        b"x" * (52 * 1024 * 1024),
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    problem = problem_of(response, 413)
    assert problem["detail"].startswith("What you sent is 52.0 MB, which is too much.")
    assert not Observation.objects.exists()


def test_a_photo_no_answer_names_is_refused(
    script: Client, volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    data = {"payload": payload(mill_lane, fields, photo_answer="other.png"), "photos": png()}
    problem = problem_of(script.post(url(scheme), data), 400)
    assert problem["detail"] == "sign.png was sent, but no photo question's answer names it."
    assert not Observation.objects.exists()


def test_a_bad_payload_is_a_problem_naming_its_field(
    script: Client, volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    broken = json.loads(payload(mill_lane, fields))
    broken["key"] = "!"
    data = {"payload": json.dumps(broken), "photos": png()}
    problem = problem_of(script.post(url(scheme), data), 422)
    assert [error["field"] for error in problem["errors"]] == ["payload.key"]
    assert not Observation.objects.exists()


def test_someone_signed_out_cannot_send_one(
    client: Client, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    response = client.post(url(scheme), {"payload": payload(mill_lane, fields), "photos": png()})
    assert problem_of(response, 401)
    assert not Observation.objects.exists()
