"""Recording observations, on the web form and through the service: what is refused, and why.
Each refusal says what to do and records nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.feedback.monitoring import services
from coproduce.feedback.monitoring.models import (
    Field,
    Observation,
    Place,
    Reading,
    Scheme,
    Volunteer,
)
from coproduce.people.models import User
from tests.feedback.monitoring.conftest import new_key

pytestmark = pytest.mark.django_db


def record(
    scheme: Scheme, person: User, place: Place, fields: dict[str, Field], **overrides: Any
) -> tuple[Observation, bool]:
    answers = {fields["counted"].pk: "40", fields["over"].pk: "9", fields["weather"].pk: "Dry"}
    answers.update(overrides.pop("answers", {}))
    values: dict[str, Any] = {
        "actor": person,
        "scheme": scheme,
        "person": person,
        "place": place,
        "observed_at": timezone.now() - datetime.timedelta(hours=1),
        "answers_in": answers,
        "key": new_key(),
    }
    values.update(overrides)
    return services.submit_observation(**values)


def form_data(place: Place, fields: dict[str, Field], **overrides: Any) -> dict[str, Any]:
    now = timezone.localtime() - datetime.timedelta(hours=1)
    data = {
        "key": new_key(),
        "place": str(place.pk),
        "date": now.date().isoformat(),
        "time": now.strftime("%H:%M"),
        f"field_{fields['counted'].pk}": "40",
        f"field_{fields['over'].pk}": "9",
        f"field_{fields['weather'].pk}": "Dry",
    }
    data.update(overrides)
    return data


def png(size: tuple[int, int] = (4, 4)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def test_volunteer_records_an_observation(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    observation, created = record(
        scheme, volunteer, mill_lane, fields, answers={fields["where"].pk: "51.4621, -2.5811"}
    )
    assert created
    assert (observation.measure_top, observation.measure_bottom) == (9.0, 40.0)
    assert observation.latitude == Decimal("51.462100")
    assert observation.observed_month == observation.observed_on.replace(day=1)
    readings = {r.field_id: r for r in observation.readings.all()}
    assert readings[fields["counted"].pk].number == Decimal(40)
    assert readings[fields["weather"].pk].text == "Dry"
    assert AuditEvent.objects.filter(action="monitoring.submit_observation").count() == 1


def test_observation_outside_the_place_is_refused(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    # Quay Road, nearly 2 km from Mill Lane.
    with pytest.raises(ServiceError) as refused:
        record(scheme, volunteer, mill_lane, fields, answers={fields["where"].pk: "51.448, -2.596"})
    assert "metres from Mill Lane" in refused.value.message
    assert refused.value.field == f"field_{fields['where'].pk}"
    assert not Observation.objects.exists()


def test_a_place_of_another_scheme_is_refused(
    volunteer: User, scheme: Scheme, fields: dict[str, Field], coordinator: User
) -> None:
    other = Scheme.objects.create(title="Other", description="x", code_of_conduct="x")
    elsewhere = Place.objects.create(
        scheme=other, name="Elsewhere", latitude=Decimal(51), longitude=Decimal(-2)
    )
    with pytest.raises(ServiceError, match="Choose the place"):
        record(scheme, volunteer, elsewhere, fields)
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5001", "Vehicles counted must be between 0 and 5000."),
        ("-1", "Vehicles counted must be between 0 and 5000."),
        ("lots", "Vehicles counted must be a number, like 12 or 3.5."),
        ("NaN", "Vehicles counted must be a number, like 12 or 3.5."),
        ("1e400", "Vehicles counted must be a number, like 12 or 3.5."),
    ],
)
def test_reading_out_of_range_is_refused(
    volunteer: User,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    value: str,
    message: str,
) -> None:
    with pytest.raises(ServiceError) as refused:
        record(scheme, volunteer, mill_lane, fields, answers={fields["counted"].pk: value})
    assert refused.value.message == message
    assert not Observation.objects.exists() and not Reading.objects.exists()


def test_more_over_the_limit_than_counted_is_refused(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    with pytest.raises(ServiceError, match="cannot be more than Vehicles counted"):
        record(scheme, volunteer, mill_lane, fields, answers={fields["over"].pk: "41"})
    assert not Observation.objects.exists()


def test_missing_required_answer_is_refused(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    with pytest.raises(ServiceError) as refused:
        record(scheme, volunteer, mill_lane, fields, answers={fields["over"].pk: "  "})
    assert refused.value.message == "Answer the question: Vehicles over the limit"
    assert not Observation.objects.exists()


def test_a_choice_not_on_the_list_is_refused(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    with pytest.raises(ServiceError, match="Choose one of the answers for: Weather"):
        record(scheme, volunteer, mill_lane, fields, answers={fields["weather"].pk: "Snow"})


def test_a_time_in_the_future_is_refused(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    later = timezone.now() + datetime.timedelta(days=1)
    with pytest.raises(ServiceError, match="cannot be in the future"):
        record(scheme, volunteer, mill_lane, fields, observed_at=later)


def test_untrained_volunteer_is_refused_with_an_explanation(
    resident: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    scheme.requirement = Scheme.Requirement.TRAINING
    scheme.training = "A one-hour session with the police"
    scheme.save()
    with pytest.raises(ServiceError) as refused:
        record(scheme, resident, mill_lane, fields)
    assert refused.value.code == "training_needed"
    assert "A one-hour session with the police" in refused.value.message
    # Agreeing to the code of conduct is not enough where training is needed.
    Volunteer.objects.create(
        scheme=scheme, person=resident, how=Volunteer.How.AGREED, completed_on=timezone.localdate()
    )
    with pytest.raises(ServiceError, match="complete the training"):
        record(scheme, resident, mill_lane, fields)
    assert not Observation.objects.exists()


def test_volunteer_who_has_not_agreed_is_refused(
    resident: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    with pytest.raises(ServiceError) as refused:
        record(scheme, resident, mill_lane, fields)
    assert refused.value.code == "code_not_agreed"
    services.agree_to_code(actor=resident, scheme=scheme, person=resident)
    assert record(scheme, resident, mill_lane, fields)[1]


def test_trained_volunteer_may_record(
    resident: User, coordinator: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    scheme.requirement = Scheme.Requirement.TRAINING
    scheme.save()
    services.record_training(
        actor=coordinator, scheme=scheme, person=resident, completed_on=timezone.localdate()
    )
    assert record(scheme, resident, mill_lane, fields)[1]


def test_a_resident_cannot_record_training(resident: User, outsider: User, scheme: Scheme) -> None:
    with pytest.raises(PermissionDenied):
        services.record_training(
            actor=resident, scheme=scheme, person=outsider, completed_on=timezone.localdate()
        )
    assert not Volunteer.objects.exists()


def test_closed_scheme_takes_no_observations(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    scheme.status = Scheme.Status.CLOSED
    scheme.save()
    with pytest.raises(ServiceError) as refused:
        record(scheme, volunteer, mill_lane, fields)
    assert refused.value.code == "closed"
    assert not Observation.objects.exists()


def test_the_same_observation_sent_twice_is_recorded_once(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    key = new_key()
    first, created = record(scheme, volunteer, mill_lane, fields, key=key)
    again, created_again = record(scheme, volunteer, mill_lane, fields, key=key)
    assert created and not created_again
    assert again.pk == first.pk
    assert Observation.objects.count() == 1
    assert Reading.objects.count() == 3


def test_the_database_refuses_a_second_observation_with_the_same_key(
    volunteer: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    from django.db import IntegrityError, transaction

    first, _created = record(scheme, volunteer, mill_lane, fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Observation.objects.create(
            scheme=scheme,
            place=mill_lane,
            person=volunteer,
            observed_at=first.observed_at,
            observed_on=first.observed_on,
            observed_month=first.observed_month,
            idempotency_key=first.idempotency_key,
        )


def test_a_retry_that_races_the_first_send_returns_the_first(
    volunteer: User,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Both sends passed the check before either was written: the constraint decides."""
    key = new_key()
    first, _created = record(scheme, volunteer, mill_lane, fields, key=key)
    calls = iter([None, first])
    monkeypatch.setattr(services, "_already_sent", lambda *args: next(calls))
    again, created = record(scheme, volunteer, mill_lane, fields, key=key)
    assert (again.pk, created) == (first.pk, False)
    assert Observation.objects.count() == 1


def test_someone_elses_key_is_refused(
    volunteer: User, outsider: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    key = new_key()
    record(scheme, volunteer, mill_lane, fields, key=key)
    Volunteer.objects.create(
        scheme=scheme, person=outsider, how=Volunteer.How.AGREED, completed_on=timezone.localdate()
    )
    with pytest.raises(Conflict):
        record(scheme, outsider, mill_lane, fields, key=key)
    assert Observation.objects.count() == 1


def test_a_resident_cannot_record_in_someone_elses_name(
    volunteer: User, outsider: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    with pytest.raises(PermissionDenied):
        record(scheme, volunteer, mill_lane, fields, actor=outsider)
    assert not Observation.objects.exists()


# --- On the web form ----------------------------------------------------------------------


def test_form_works_without_javascript_and_carries_a_key(
    volunteer: User, as_resident: Client, scheme: Scheme, fields: dict[str, Field]
) -> None:
    response = as_resident.get(reverse("monitoring:observation-add", args=[scheme.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'type="hidden" name="key"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "monitoring/offline.js" in html
    assert "never" in html.lower() and "confront" in html


def test_form_records_once_when_sent_twice(
    volunteer: User,
    as_resident: Client,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
) -> None:
    url = reverse("monitoring:observation-add", args=[scheme.pk])
    data = form_data(mill_lane, fields)
    first = as_resident.post(url, data)
    assert first.status_code == 302
    observation = Observation.objects.get()
    assert first["Location"] == reverse("monitoring:observation-sent", args=[observation.pk])
    second = as_resident.post(url, data, follow=True)
    assert "already recorded" in second.content.decode()
    assert Observation.objects.count() == 1


def test_form_shows_a_reading_out_of_range_beside_the_question(
    volunteer: User,
    as_resident: Client,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
) -> None:
    url = reverse("monitoring:observation-add", args=[scheme.pk])
    key = f"field_{fields['counted'].pk}"
    response = as_resident.post(url, form_data(mill_lane, fields, **{key: "99999"}))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Vehicles counted must be between 0 and 5000." in html
    assert f'href="#id_{key}"' in html
    assert not Observation.objects.exists()


def test_form_refuses_an_untrained_volunteer_before_they_start(
    as_resident: Client, scheme: Scheme, fields: dict[str, Field]
) -> None:
    response = as_resident.get(reverse("monitoring:observation-add", args=[scheme.pk]))
    html = response.content.decode()
    assert "agree to the scheme" in html and '<form method="post" enctype' not in html


def test_form_accepts_a_photo_and_keeps_it_private(
    volunteer: User,
    as_resident: Client,
    as_outsider: Client,
    as_coordinator: Client,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("sign.png", png(), content_type="image/png")
    data = form_data(mill_lane, fields, **{f"field_{fields['photo'].pk}": photo})
    response = as_resident.post(reverse("monitoring:observation-add", args=[scheme.pk]), data)
    assert response.status_code == 302
    reading = Reading.objects.get(field=fields["photo"])
    assert str(reading.photo.name).endswith(".png")
    url = reverse("monitoring:photo", args=[reading.pk])
    assert as_coordinator.get(url).status_code == 200
    assert as_resident.get(url).status_code == 200
    assert as_outsider.get(url).status_code == 404


def test_a_photo_loses_its_location_and_camera_tags_and_gets_a_random_name(
    volunteer: User,
    as_resident: Client,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # the camera's make
    exif[0x8825] = {1: "N", 2: (51.0, 27.0, 43.2), 3: "W", 4: (2.0, 35.0, 16.8)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, format="JPEG", exif=exif)
    assert b"SecretCam" in buffer.getvalue()
    photo = SimpleUploadedFile("my-house.jpg", buffer.getvalue(), content_type="image/jpeg")
    data = form_data(mill_lane, fields, **{f"field_{fields['photo'].pk}": photo})
    response = as_resident.post(reverse("monitoring:observation-add", args=[scheme.pk]), data)
    assert response.status_code == 302
    reading = Reading.objects.get(field=fields["photo"])
    assert "my-house" not in reading.photo.name and reading.photo.name.endswith(".jpg")
    with reading.photo.open("rb") as kept:
        stored = kept.read()
    assert b"SecretCam" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert not image.getexif().get_ifd(0x8825)
        assert image.size == (40, 30)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"not an image at all", "must be a photo"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "must be a photo"),
        (b"\0" * (5 * 1024 * 1024 + 1), "must be smaller than 5 MB"),
    ],
)
def test_form_refuses_a_photo_that_is_not_one_or_too_big(
    volunteer: User,
    as_resident: Client,
    scheme: Scheme,
    mill_lane: Place,
    fields: dict[str, Field],
    upload: bytes,
    message: str,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("sign.png", upload, content_type="image/png")
    data = form_data(mill_lane, fields, **{f"field_{fields['photo'].pk}": photo})
    response = as_resident.post(reverse("monitoring:observation-add", args=[scheme.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Observation.objects.exists()
    assert not list(tmp_path.rglob("*.png"))


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, scheme: Scheme) -> None:
    response = client.get(reverse("monitoring:observation-add", args=[scheme.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_agreeing_to_the_code_of_conduct_needs_the_box_ticked(
    as_resident: Client, resident: User, scheme: Scheme
) -> None:
    url = reverse("monitoring:agree", args=[scheme.pk])
    refused = as_resident.post(url, {})
    assert refused.status_code == 400
    assert "Tick the box" in refused.content.decode()
    assert not Volunteer.objects.exists()
    agreed = as_resident.post(url, {"agree": "yes"})
    assert agreed.status_code == 302
    assert Volunteer.objects.get().person == resident
    assert as_resident.session["monitoring_takes_part"] is True
