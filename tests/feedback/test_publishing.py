""" "You said, we did": published with consent and without personal details, grouped by
service and theme, searchable, with how many people raised the same thing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.feedback import services
from coproduce.feedback.models import Feedback, PublicSummary, Theme
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.conftest import signed_in
from tests.feedback.conftest import make_feedback

PUBLIC = "/feedback/you-said-we-did/"


def summary_draft(**values: Any) -> services.SummaryDraft:
    values.setdefault("title", "Boilers fixed faster")
    values.setdefault("you_said", "Repairs to boilers took weeks.")
    values.setdefault("we_did", "We hired two more engineers. Repairs now take three days.")
    return services.SummaryDraft(**values)


def published(
    service: Organisation, manager: User, theme: Theme | None = None, **values: Any
) -> PublicSummary:
    source = make_feedback(service, may_publish=True)
    return services.publish_summary(
        actor=manager, feedback=source, draft=summary_draft(theme=theme, **values)
    )


def test_a_manager_publishes_with_consent(
    housing: Organisation, housing_manager: User, theme: Theme, client: Client
) -> None:
    source = make_feedback(housing, may_publish=True)
    response = signed_in(housing_manager).post(
        f"/feedback/staff/{source.reference}/publish/",
        {
            "title": "Boilers fixed faster",
            "you_said": "Repairs to boilers took weeks.",
            "we_did": "We hired two more engineers.",
            "theme": theme.pk,
            "publish": "on",
        },
    )
    assert response.status_code == 302
    summary = PublicSummary.objects.get()
    assert summary.is_published and summary.service == housing and summary.theme == theme
    source.refresh_from_db()
    assert source.summary == summary
    page = client.get(PUBLIC).content.decode()
    assert "Boilers fixed faster" in page and "Raised by 1 person" in page
    assert "Sam Sender" not in page and "sam@example.org" not in page
    detail = client.get(summary.get_absolute_url())
    assert detail.status_code == 200 and "We hired two more engineers." in detail.content.decode()


def test_no_consent_no_publication(housing: Organisation, housing_manager: User) -> None:
    source = make_feedback(housing, may_publish=False)
    with pytest.raises(ServiceError, match="did not agree to publication"):
        services.publish_summary(actor=housing_manager, feedback=source, draft=summary_draft())
    assert not PublicSummary.objects.exists()


@pytest.mark.parametrize(
    ("field", "text", "found"),
    [
        ("you_said", "Sam said the boiler was broken.", "Sam"),
        ("we_did", "We wrote to Sender about it.", "Sender"),
        ("you_said", "Write to help@example.org for more.", "an email address"),
        ("we_did", "Call 07700 900123 to hear more.", "a phone number"),
    ],
)
def test_personal_details_are_refused(
    housing: Organisation, housing_manager: User, field: str, text: str, found: str
) -> None:
    source = make_feedback(housing, may_publish=True)
    with pytest.raises(ServiceError) as refused:
        services.publish_summary(
            actor=housing_manager, feedback=source, draft=summary_draft(**{field: text})
        )
    assert found in refused.value.message and refused.value.field == field
    assert not PublicSummary.objects.exists()


def test_a_plain_member_of_the_service_cannot_publish(housing: Organisation, officer: User) -> None:
    source = make_feedback(housing, may_publish=True)
    with pytest.raises(PermissionDenied):
        services.publish_summary(actor=officer, feedback=source, draft=summary_draft())
    response = signed_in(officer).post(
        f"/feedback/staff/{source.reference}/publish/",
        {"title": "x", "you_said": "y", "we_did": "z"},
    )
    assert response.status_code == 403
    assert not PublicSummary.objects.exists()


def test_similar_feedback_is_counted(
    housing: Organisation, housing_manager: User, officer: User, client: Client
) -> None:
    summary = published(housing, housing_manager)
    for _ in range(2):
        other = make_feedback(housing, may_publish=False)
        response = signed_in(officer).post(
            f"/feedback/staff/{other.reference}/link/", {"summary": str(summary.pk)}
        )
        assert response.status_code == 302
    page = client.get(PUBLIC).content.decode()
    assert "Raised by 3 people" in page


def test_unpublished_summaries_are_not_public(
    housing: Organisation, housing_manager: User, client: Client
) -> None:
    summary = published(housing, housing_manager, publish=False)
    assert "Boilers fixed faster" not in client.get(PUBLIC).content.decode()
    assert client.get(summary.get_absolute_url()).status_code == 404
    response = signed_in(housing_manager).post(
        f"/feedback/staff/summaries/{summary.pk}/",
        {
            "title": "Boilers fixed faster",
            "you_said": "Slow repairs.",
            "we_did": "Faster now.",
            "publish": "on",
        },
    )
    assert response.status_code == 302
    assert client.get(summary.get_absolute_url()).status_code == 200


def test_editing_a_summary_checks_for_personal_details_too(
    housing: Organisation, housing_manager: User
) -> None:
    summary = published(housing, housing_manager)
    response = signed_in(housing_manager).post(
        f"/feedback/staff/summaries/{summary.pk}/",
        {"title": "Thanks Sam", "you_said": "Slow.", "we_did": "Fast.", "publish": "on"},
    )
    assert response.status_code == 400
    assert "Take out personal details before publishing" in response.content.decode()
    summary.refresh_from_db()
    assert summary.title == "Boilers fixed faster"


def test_another_services_manager_cannot_edit(
    housing: Organisation, housing_manager: User, parks: Organisation
) -> None:
    from tests.feedback.conftest import staff_of

    summary = published(housing, housing_manager)
    other = staff_of(parks, "Paula Parks", manager=True)
    assert signed_in(other).get(f"/feedback/staff/summaries/{summary.pk}/").status_code == 403


def test_the_public_list_is_grouped_searchable_and_bounded(
    housing: Organisation,
    parks: Organisation,
    housing_manager: User,
    client: Client,
    django_assert_max_num_queries: Any,
) -> None:
    from tests.feedback.conftest import staff_of

    parks_manager = staff_of(parks, "Paula Parks", manager=True)
    repairs = Theme.objects.create(name="Repairs", slug="repairs")
    play = Theme.objects.create(name="Play areas", slug="play-areas")
    for number in range(6):
        published(housing, housing_manager, repairs, title=f"Repair change {number}")
        published(parks, parks_manager, play, title=f"Swings mended {number}")
    with django_assert_max_num_queries(8):
        page = client.get(PUBLIC)
    body = page.content.decode()
    assert page.status_code == 200
    assert body.index("Riverside Housing") < body.index("Riverside Parks")
    assert "Repairs" in body and "Play areas" in body
    found = client.get(PUBLIC, {"search": "swings"}).content.decode()
    assert "Swings mended" in found and "Repair change" not in found
    by_theme = client.get(PUBLIC, {"theme": "repairs"}).content.decode()
    assert "Repair change" in by_theme and "Swings mended" not in by_theme
    odd = client.get(PUBLIC, {"service": "nowhere"})
    assert odd.status_code == 200
    assert "We could not find that service." in odd.content.decode()


def test_feedback_items_stay_private_when_linked(
    housing: Organisation, housing_manager: User, client: Client
) -> None:
    summary = published(housing, housing_manager)
    secret = make_feedback(housing, what_happened="My neighbour at number 4 ...")
    services.link_similar(actor=housing_manager, feedback=secret, summary=summary)
    page = client.get(summary.get_absolute_url()).content.decode()
    assert "number 4" not in page and secret.reference not in page


def test_only_feedback_of_the_same_service_links(
    housing: Organisation, parks: Organisation, housing_manager: User, parks_officer: User
) -> None:
    summary = published(housing, housing_manager)
    other = make_feedback(parks)
    response = signed_in(parks_officer).post(
        f"/feedback/staff/{other.reference}/link/", {"summary": str(summary.pk)}
    )
    assert response.status_code == 400
    other.refresh_from_db()
    assert other.summary is None
    assert Feedback.objects.filter(summary=summary).count() == 1
