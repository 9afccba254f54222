"""Elections in the `.pb` file format: the anonymised download recounts to the same winners,
and a published election can be imported as a new process."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coproduce.budgeting.counting import count
from coproduce.budgeting.counting.pb import read_pb
from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.models import Ballot
from coproduce.budgeting.voting.results import results_of
from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.people.models import User
from tests.budgeting.voting.conftest import voter

pytestmark = pytest.mark.django_db


@pytest.fixture
def voted(process: Process, ids: dict[str, int]) -> Process:
    wanted = [["Park benches", "Murals"], ["Library books"], ["Youth club trips", "Library books"]]
    for n in range(9):
        person = voter()
        services.cast_ballot(
            actor=person,
            voter=person,
            process=process,
            choices={ids[title]: 1 for title in wanted[n % 3]},
        )
    Process.objects.filter(pk=process.pk).update(phase="results")
    process.refresh_from_db()
    return process


def test_the_pb_download_recounts_to_the_same_winners(
    as_coordinator: Client, voted: Process
) -> None:
    response = as_coordinator.get(reverse("voting:results-pb", kwargs={"slug": voted.slug}))
    assert response.status_code == 200
    text = response.content.decode()
    parsed = read_pb(text)
    assert len(parsed.election.ballots) == 9
    # No names, no email addresses, no account numbers.
    for person in User.objects.all():
        assert person.email not in text
    winners = count(parsed.election, "equal-shares").winners
    assert [int(pk) for pk in winners] == [p.pk for p in results_of(voted).winners]


def test_an_exported_election_imports_as_a_new_process(coordinator: User, voted: Process) -> None:
    text = services.export_pb(voted)
    imported = services.import_pb(actor=coordinator, source=text.encode(), title="Recount")
    assert imported.phase == "results" and imported.title == "Recount"
    assert Proposal.objects.filter(process=imported, status="accepted").count() == 4
    assert Ballot.objects.filter(process=imported, voter=None, channel="imported").count() == 9
    before = sorted(p.title for p in results_of(voted).winners)
    after = sorted(p.title for p in results_of(imported).winners)
    assert before == after


@pytest.mark.parametrize(
    "content",
    [
        b"not a pb file at all",
        b"\xff\xfe\x00broken",
        b"META\nkey;value\nbudget;100\n",
        # A file name: never read from the server's disk.
        b"/etc/hostname",
    ],
)
def test_bad_pb_files_are_refused(coordinator: User, content: bytes) -> None:
    before = Process.objects.count()
    with pytest.raises(ServiceError):
        services.import_pb(actor=coordinator, source=content)
    assert Process.objects.count() == before


def test_residents_cannot_import(resident: User, voted: Process) -> None:
    with pytest.raises(PermissionDenied):
        services.import_pb(actor=resident, source=services.export_pb(voted))


def test_import_through_the_api(as_coordinator: Client, voted: Process) -> None:
    upload = SimpleUploadedFile("vote.pb", services.export_pb(voted).encode())
    response = as_coordinator.post("/api/v1/budgets/import/pb", {"file": upload})
    assert response.status_code == 201, response.content
    slug = response.json()["slug"]
    assert Ballot.objects.filter(process__slug=slug).count() == 9
    bad = SimpleUploadedFile("vote.pb", b"nonsense")
    response = as_coordinator.post("/api/v1/budgets/import/pb", {"file": bad})
    assert response.status_code == 400
    assert "not a .pb file" in response.json()["detail"]
