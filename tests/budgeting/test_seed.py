"""The demo budgets: one in each of the ideas, voting and delivery phases, made once."""

from __future__ import annotations

from typing import Any

from django.test import Client

from coproduce.budgeting.models import Process, Project, Proposal
from coproduce.organisations.models import Organisation
from coproduce.places.models import Area
from coproduce.seeding.budgeting import create_budgets
from tests import factories
from tests.budgeting.factories import lives_in


def test_the_demo_has_budgets_in_three_phases(db: Any, client: Client) -> None:
    factories.OrganisationFactory(slug="riverside-council", kind=Organisation.Kind.PUBLIC_BODY)
    for slug in ("riverside-north", "millbrook"):
        ward = factories.AreaFactory(slug=slug, name=slug.title())
        for number in range(6):
            lives_in(factories.UserFactory(email=f"{slug}{number}@people.riverside.example"), ward)
    assert create_budgets(log=lambda line: None) == 3
    assert create_budgets(log=lambda line: None) == 0
    phases = dict(Process.objects.values_list("slug", "phase"))
    assert phases == {
        "riverside-fund-2027": "ideas",
        "riverside-north-2026": "voting",
        "millbrook-2025": "delivery",
    }
    voting = Process.objects.get(slug="riverside-north-2026")
    assert list(voting.areas.all()) == [Area.objects.get(slug="riverside-north")]
    on_ballot = Proposal.objects.filter(process=voting, status=Proposal.Status.ACCEPTED)
    assert on_ballot.count() == 6
    assert all(proposal.final_cost for proposal in on_ballot)
    funded = Proposal.objects.filter(process__slug="millbrook-2025", is_funded=True)
    assert funded.exists()
    assert sum(proposal.cost for proposal in funded) <= 50_000
    assert Project.objects.count() == funded.count()
    page = client.get("/budgets/millbrook-2025/").content.decode()
    assert "Funded projects" in page
