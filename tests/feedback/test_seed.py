"""The demo borough's feedback: every stage, themes and published summaries, made once."""

from __future__ import annotations

from typing import Any

from django.test import Client

from coproduce.feedback.models import Feedback, PublicSummary, Theme
from coproduce.organisations.models import Organisation
from coproduce.seeding.feedback import create_feedback
from tests import factories


def test_the_demo_has_feedback_at_every_stage(db: Any, client: Client) -> None:
    wards = [factories.AreaFactory() for _ in range(3)]
    council = factories.OrganisationFactory(
        slug="riverside-council", kind=Organisation.Kind.PUBLIC_BODY
    )
    create_feedback(wards, {"riverside-council": council})
    create_feedback(wards, {"riverside-council": council})
    assert Feedback.objects.count() == 60
    assert Theme.objects.count() == 6
    statuses = set(Feedback.objects.values_list("status", flat=True))
    assert statuses == {"received", "acknowledged", "responded"}
    assert not Feedback.objects.filter(status="responded", next_due__isnull=False).exists()
    assert PublicSummary.objects.filter(is_published=True).count() == 3
    page = client.get("/feedback/you-said-we-did/").content.decode()
    assert "Broken swings at Fenwick Green" in page
    assert "Demo resident" not in page
