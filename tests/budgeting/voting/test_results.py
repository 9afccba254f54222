"""Results: counted from the stored ballots, explained, compared, published, downloaded."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.models import Ballot, ResultsPublication
from coproduce.budgeting.voting.results import results_of
from coproduce.common.errors import Conflict, PermissionDenied
from coproduce.common.models import AuditEvent
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.budgeting.voting.conftest import add_projects, lives_in, voter

pytestmark = pytest.mark.django_db
# Six people want the two big projects; four want the one in their corner of the borough.
MAJORITY, MINORITY = 6, 4


@pytest.fixture
def counted(process: Process, area: Area) -> dict[str, Proposal]:
    made = add_projects(process, {"Big park": 5_000, "Big pool": 5_000, "Corner garden": 5_000})
    by_title = {proposal.title: proposal for proposal in made}
    for n in range(MAJORITY + MINORITY):
        person = voter()
        if n < 3:
            lives_in(person, area)
        wanted = ["Big park", "Big pool"] if n < MAJORITY else ["Corner garden"]
        services.cast_ballot(
            actor=person,
            voter=person,
            process=process,
            choices={by_title[title].pk: 1 for title in wanted},
        )
    Process.objects.filter(pk=process.pk).update(phase="results")
    process.refresh_from_db()
    return by_title


def test_equal_shares_and_greedy_choose_differently(
    process: Process, counted: dict[str, Proposal]
) -> None:
    report = results_of(process)
    assert report.ballots == MAJORITY + MINORITY
    assert {p.title for p in report.winners} == {"Big park", "Corner garden"}
    lines = {line.proposal.title: line for line in report.lines}
    assert lines["Big pool"].chosen_by_greedy and not lines["Big pool"].chosen_by_equal_shares
    assert lines["Corner garden"].chosen_by_equal_shares
    assert not lines["Corner garden"].chosen_by_greedy
    assert report.rules_differ
    assert lines["Big park"].reason.startswith("Chosen")
    assert lines["Big pool"].reason.startswith("Not chosen")
    assert report.spent == "£10,000"


def test_greedy_rule_when_the_process_chooses_it(
    process: Process, counted: dict[str, Proposal]
) -> None:
    from tests.budgeting.voting.conftest import set_voting

    set_voting(process, rule="greedy")
    assert {p.title for p in results_of(process).winners} == {"Big park", "Big pool"}


def test_only_current_ballots_count(process: Process, counted: dict[str, Proposal]) -> None:
    Process.objects.filter(pk=process.pk).update(phase="voting")
    process.refresh_from_db()
    changer = Ballot.objects.filter(choices__has_key=str(counted["Corner garden"].pk)).first()
    assert changer is not None and changer.voter is not None
    services.cast_ballot(
        actor=changer.voter,
        voter=changer.voter,
        process=process,
        choices={counted["Big pool"].pk: 1},
    )
    assert results_of(process).ballots == MAJORITY + MINORITY
    assert Ballot.objects.count() == MAJORITY + MINORITY + 1


def test_staff_see_results_before_they_are_published(
    as_coordinator: Client,
    as_resident: Client,
    process: Process,
    counted: dict[str, Proposal],
    django_assert_max_num_queries: object,
) -> None:
    url = reverse("voting:results", kwargs={"slug": process.slug})
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        response = as_coordinator.get(url)
    assert response.status_code == 200
    text = response.content.decode()
    assert "not published yet" in text
    assert "Corner garden" in text and "<svg" in text
    assert "fewer than 10" in text  # three voters live in the area
    assert as_resident.get(url).status_code == 403
    assert Client().get(url).status_code == 403


def test_staff_publish_results_and_winners_are_funded(
    coordinator: User, process: Process, counted: dict[str, Proposal]
) -> None:
    publication = services.publish_results(actor=coordinator, process=process)
    assert set(publication.winners) == {counted["Big park"].pk, counted["Corner garden"].pk}
    funded = set(Proposal.objects.filter(is_funded=True).values_list("title", flat=True))
    assert funded == {"Big park", "Corner garden"}
    assert AuditEvent.objects.filter(action="voting.publish_results", actor=coordinator).exists()
    response = Client().get(reverse("voting:results", kwargs={"slug": process.slug}))
    assert response.status_code == 200
    assert b"data-published" in response.content


def test_results_cannot_be_published_while_voting_is_open(
    coordinator: User, process: Process, counted: dict[str, Proposal]
) -> None:
    Process.objects.filter(pk=process.pk).update(phase="voting")
    process.refresh_from_db()
    with pytest.raises(Conflict, match="once voting has closed"):
        services.publish_results(actor=coordinator, process=process)
    assert not ResultsPublication.objects.exists()
    assert not Proposal.objects.filter(is_funded=True).exists()


def test_residents_cannot_publish_results(
    resident: User, as_resident: Client, process: Process, counted: dict[str, Proposal]
) -> None:
    with pytest.raises(PermissionDenied):
        services.publish_results(actor=resident, process=process)
    url = reverse("voting:publish", kwargs={"slug": process.slug})
    assert as_resident.post(url).status_code == 403
    assert not ResultsPublication.objects.exists()


def test_publish_button_publishes(
    as_coordinator: Client, process: Process, counted: dict[str, Proposal]
) -> None:
    url = reverse("voting:publish", kwargs={"slug": process.slug})
    response = as_coordinator.post(url, follow=True)
    assert b"The results are published" in response.content
    assert ResultsPublication.objects.count() == 1


def test_csv_and_xlsx_downloads(
    as_coordinator: Client, process: Process, counted: dict[str, Proposal]
) -> None:
    url = reverse("voting:results-csv", kwargs={"slug": process.slug})
    rows = list(csv.reader(io.StringIO(as_coordinator.get(url).content.decode())))
    assert rows[0][1] == "Project" and len(rows) == 4
    assert {row[1] for row in rows[1:] if row[5] == "Yes"} == {"Big park", "Corner garden"}
    response = as_coordinator.get(reverse("voting:results-xlsx", kwargs={"slug": process.slug}))
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_results_in_the_api(
    as_coordinator: Client, process: Process, counted: dict[str, Proposal]
) -> None:
    data = as_coordinator.get(f"/api/v1/budgets/{process.slug}/results").json()
    assert data["ballots"] == MAJORITY + MINORITY and data["published"] is False
    assert set(data["winners"]) == {counted["Big park"].pk, counted["Corner garden"].pk}
    assert data["spent"] == 10_000
    response = Client().get(f"/api/v1/budgets/{process.slug}/results")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
