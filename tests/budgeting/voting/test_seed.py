"""The demo votes: valid ballots through every channel, published results, made once."""

from __future__ import annotations

import pytest

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting.models import Ballot, ResultsPublication
from coproduce.budgeting.voting.selectors import settings_of
from coproduce.budgeting.voting.services._base import checked_choices
from coproduce.seeding.voting import create_votes
from tests.budgeting.voting.conftest import voter

pytestmark = pytest.mark.django_db


def test_demo_votes_are_valid_published_and_made_once(
    process: Process, projects: list[Proposal]
) -> None:
    for _ in range(40):
        voter()
    Process.objects.filter(pk=process.pk).update(phase="results")
    process.refresh_from_db()
    made = create_votes(log=lambda _line: None)
    assert made == Ballot.objects.filter(process=process).count() >= 30
    settings = settings_of(process)
    for ballot in Ballot.objects.filter(process=process):
        assert checked_choices(process, settings, ballot.choices) == ballot.choices
    publication = ResultsPublication.objects.get(process=process)
    assert set(Proposal.objects.filter(is_funded=True).values_list("pk", flat=True)) == set(
        publication.winners
    )
    assert create_votes(log=lambda _line: None) == 0
