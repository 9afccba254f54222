"""A process in its voting phase with four projects on the ballot, for the voting tests."""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting.models import VotingSettings
from coproduce.organisations.models import Organisation
from coproduce.people.models import ProfileArea, User
from coproduce.places.models import Area
from tests import factories

COSTS = {"Park benches": 4_000, "Youth club trips": 6_000, "Library books": 3_000, "Murals": 5_000}


def make_process(organisation: Organisation | None = None, **values: Any) -> Process:
    values.setdefault("title", "Riverside Budget 2027")
    values.setdefault("slug", "riverside-2027")
    values.setdefault("budget", 10_000)
    values.setdefault("phase", "voting")
    values.setdefault("is_published", True)
    values.setdefault("residents_only", False)
    values.setdefault("verification_required", True)
    return Process.objects.create(organisation=organisation, **values)


def add_projects(process: Process, costs: dict[str, int] | None = None) -> list[Proposal]:
    return [
        Proposal.objects.create(
            process=process,
            title=title,
            description=f"{title} for Riverside.",
            estimated_cost=cost,
            status=Proposal.Status.ACCEPTED,
        )
        for title, cost in (costs or COSTS).items()
    ]


def set_voting(process: Process, **values: Any) -> VotingSettings:
    found, _created = VotingSettings.objects.update_or_create(process=process, defaults=values)
    return found


def lives_in(person: User, area: Area) -> None:
    ProfileArea.objects.create(
        profile=person.profile, area=area, relation=ProfileArea.Relation.LIVE
    )


def voter() -> User:
    person = factories.UserFactory()
    assert isinstance(person, User)
    return person


@pytest.fixture
def process(council: Organisation) -> Process:
    return make_process(council)


@pytest.fixture
def projects(process: Process) -> list[Proposal]:
    return add_projects(process)


@pytest.fixture
def ids(projects: list[Proposal]) -> dict[str, int]:
    """Project title -> id."""
    return {proposal.title: proposal.pk for proposal in projects}
