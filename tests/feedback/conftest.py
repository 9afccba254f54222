"""Feedback for the tests, built on the shared personas: the council's housing service and
its staff, and a second service whose staff must not see the first one's feedback."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from coproduce.feedback import services
from coproduce.feedback.models import Feedback, Theme
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from tests import factories
from tests.conftest import add_totp, signed_in


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Any:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    """Run what waits for the commit (emails), as the real database would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def housing(db: Any) -> Organisation:
    return factories.OrganisationFactory(
        name="Riverside Housing", slug="riverside-housing", kind=Organisation.Kind.PUBLIC_BODY
    )


@pytest.fixture
def parks(db: Any) -> Organisation:
    return factories.OrganisationFactory(
        name="Riverside Parks", slug="riverside-parks", kind=Organisation.Kind.PUBLIC_BODY
    )


def staff_of(organisation: Organisation, name: str, *, manager: bool = False) -> User:
    person = factories.UserFactory(
        display_name=name, email=f"{name.split()[0].lower()}@council.example"
    )
    role = Membership.Role.MANAGER if manager else Membership.Role.MEMBER
    factories.MembershipFactory(person=person, organisation=organisation, role=role)
    add_totp(person)
    return person


@pytest.fixture
def officer(housing: Organisation) -> User:
    return staff_of(housing, "Hana Housing")


@pytest.fixture
def second_officer(housing: Organisation) -> User:
    return staff_of(housing, "Hugo Housing")


@pytest.fixture
def housing_manager(housing: Organisation) -> User:
    return staff_of(housing, "Mona Manager", manager=True)


@pytest.fixture
def parks_officer(parks: Organisation) -> User:
    return staff_of(parks, "Pete Parks")


@pytest.fixture
def as_officer(officer: User) -> Client:
    return signed_in(officer)


@pytest.fixture
def theme(db: Any) -> Theme:
    return Theme.objects.create(name="Repairs", slug="repairs")


def draft(**values: Any) -> services.FeedbackDraft:
    values.setdefault("kind", Feedback.Kind.COMPLAINT)
    values.setdefault("subject_kind", Feedback.Subject.SERVICE)
    values.setdefault("subject_name", "Repairs")
    values.setdefault("what_happened", "The boiler has been broken for three weeks.")
    values.setdefault("name", "Sam Sender")
    values.setdefault("email", "sam@example.org")
    return services.FeedbackDraft(**values)


def make_feedback(service: Organisation | None = None, **values: Any) -> Feedback:
    """Feedback as sent online by someone with no account, then assigned to `service`."""
    address = values.pop("address", "192.0.2.1")
    sent = services.submit_feedback(
        actor=_anonymous(), draft=draft(**values), client_address=address
    )
    cache.clear()
    feedback = sent.feedback
    if service is not None:
        Feedback.objects.filter(pk=feedback.pk).update(service=service)
        feedback.refresh_from_db()
    return feedback


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.fixture
def complaint(housing: Organisation) -> Feedback:
    return make_feedback(housing)


def png_bytes(size: tuple[int, int] = (40, 30), with_exif: bool = False) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    buffer = io.BytesIO()
    if with_exif:
        exif = Image.Exif()
        exif[0x010F] = "SecretCam"  # Make
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="PNG")
    return buffer.getvalue()


def photo(name: str = "boiler.png", content: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content if content is not None else png_bytes())


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)
