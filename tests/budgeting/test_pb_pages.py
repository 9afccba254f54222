"""Staff set up a budget from a `.pb` file on a web page, and download a budget as one.

A bad file is refused with a message that names the line to fix, and nothing is created."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from coproduce.budgeting.counting.pb import read_pb
from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.models import Ballot, VotingSettings
from coproduce.budgeting.voting.services import results as results_services
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.budgeting.factories import make_process, make_proposal
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

IMPORT_URL = "/budgets/add/import/"

RIVERSIDE = """META
key;value
description;Riverside 2026
country;United Kingdom
budget;10000
vote_type;approval
num_projects;3
num_votes;4
PROJECTS
project_id;cost;name;category
1;4000;New benches;Parks
2;3000;Library books;Culture
3;6000;Youth club trips;Young people
VOTES
voter_id;vote
1;1,2
2;2
3;3
4;1,3
"""


def upload(text: str | bytes, name: str = "riverside.pb") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text)


def page_text(response: Any) -> str:
    return html.unescape(response.content.decode())


def nothing_created() -> bool:
    return not (Process.objects.exists() or Proposal.objects.exists() or Ballot.objects.exists())


def test_the_url_is_the_import_page() -> None:
    assert reverse("voting:import") == IMPORT_URL


def test_coordinator_imports_a_file_and_lands_on_the_new_budget(as_coordinator: Client) -> None:
    response = as_coordinator.post(IMPORT_URL, {"file": upload(RIVERSIDE)})
    process = Process.objects.get()
    assert response.status_code == 302
    assert response["Location"] == process.get_absolute_url()
    assert process.title == "Riverside 2026"
    assert process.budget == 10_000
    assert process.phase == "results"
    assert not process.is_published
    projects = {p.title: p for p in Proposal.objects.filter(process=process)}
    assert {title: p.final_cost for title, p in projects.items()} == {
        "New benches": 4000,
        "Library books": 3000,
        "Youth club trips": 6000,
    }
    assert projects["New benches"].category == "Parks"
    by_title = {str(p.pk): title for title, p in projects.items()}
    ballots = sorted(
        sorted(by_title[key] for key in ballot.choices)
        for ballot in Ballot.objects.filter(process=process)
    )
    assert ballots == [
        ["Library books"],
        ["Library books", "New benches"],
        ["New benches", "Youth club trips"],
        ["Youth club trips"],
    ]
    assert all(ballot.voter_id is None for ballot in Ballot.objects.all())
    assert VotingSettings.objects.get(process=process).ballot_kind == "approval_budget"
    staff_page = as_coordinator.get(response["Location"])
    assert "The file is imported as Riverside 2026" in page_text(staff_page)
    assert "Change the details" in page_text(staff_page)


def test_a_title_typed_on_the_page_replaces_the_one_in_the_file(as_coordinator: Client) -> None:
    as_coordinator.post(IMPORT_URL, {"file": upload(RIVERSIDE), "title": "Riverside recount"})
    assert Process.objects.get().title == "Riverside recount"


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            b"Name,Email\nAnna,anna@example.org\n",
            "people.csv",
            "This is not a .pb file we can read: Line 1: expected a META, PROJECTS or VOTES",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "photo.pb", "The file is not text in UTF-8."),
        (
            RIVERSIDE.split("voter_id;vote")[0],
            "no-header.pb",
            "Line 14: the VOTES section has no header line.",
        ),
        (
            RIVERSIDE.replace("1;4000;New benches;Parks", "1;4000;New benches;Parks;Extra"),
            "extra-field.pb",
            "Line 11: 5 fields but the header names 4.",
        ),
        (
            "PROJECTS\nproject_id;cost;name\n1;100;Benches\n",
            "projects-first.pb",
            "Line 1: the META section must come first.",
        ),
        (
            "META\nkey;value\nbudget;100\nVOTES\nvoter_id;vote\n1;1\n",
            "votes-first.pb",
            "Line 4: the PROJECTS section must come before VOTES.",
        ),
        (
            RIVERSIDE.replace("2;3000;Library books", "2;-3000;Library books"),
            "negative.pb",
            "Line 12: the cost of project '2' must be a whole number of 0 or more",
        ),
        (
            RIVERSIDE.replace("4;1,3", "4;1,9"),
            "unknown.pb",
            "Line 19: the vote names unknown project '9'.",
        ),
        (
            RIVERSIDE.replace("3;6000;Youth", "3;60000000000000;Youth"),
            "too-costly.pb",
            "Project 3 in the PROJECTS section costs too much.",
        ),
        (
            RIVERSIDE.replace("budget;10000", "budget;ten thousand"),
            "words.pb",
            "Line 5: the budget must be a number",
        ),
        (b"", "empty.pb", "The file is empty."),
    ],
)
def test_a_bad_file_is_refused_with_the_line_and_creates_nothing(
    as_coordinator: Client, content: str | bytes, name: str, message: str
) -> None:
    response = as_coordinator.post(IMPORT_URL, {"file": upload(content, name)})
    assert response.status_code == 200
    text = page_text(response)
    assert "There is a problem" in text
    assert message in text
    assert nothing_created()


def test_a_huge_file_is_refused_before_it_is_read(
    as_coordinator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(results_services, "MAX_PB_BYTES", 100)
    response = as_coordinator.post(IMPORT_URL, {"file": upload(RIVERSIDE)})
    assert "The file is too large. A .pb file can be up to 50 MB." in page_text(response)
    assert nothing_created()


def test_no_file_chosen_says_so(as_coordinator: Client) -> None:
    response = as_coordinator.post(IMPORT_URL, {"title": "Recount"})
    assert "Choose a .pb file to import." in page_text(response)
    assert nothing_created()


@pytest.mark.parametrize("persona", ["resident", "professional", "group_member"])
def test_people_who_may_not_import_are_refused(
    request: pytest.FixtureRequest, persona: str
) -> None:
    client = signed_in(request.getfixturevalue(persona))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"file": upload(RIVERSIDE)}).status_code == 403
    assert nothing_created()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client) -> None:
    response = client.post(IMPORT_URL, {"file": upload(RIVERSIDE)})
    assert response.status_code == 302 and "login" in response["Location"]
    assert nothing_created()


def test_administrators_may_import_too(as_administrator: Client) -> None:
    assert as_administrator.get(IMPORT_URL).status_code == 200
    as_administrator.post(IMPORT_URL, {"file": upload(RIVERSIDE)})
    assert Process.objects.count() == 1


def test_import_is_offered_where_staff_set_up_budgets(
    as_coordinator: Client, professional: User
) -> None:
    for url in (reverse("budgeting:process-list"), reverse("budgeting:process-add")):
        assert IMPORT_URL in as_coordinator.get(url).content.decode()
        # Council staff set up budgets but may not import one: no link they cannot follow.
        assert IMPORT_URL not in signed_in(professional).get(url).content.decode()


# --- Download as .pb -----------------------------------------------------------------------


@pytest.fixture
def ballot_ready(council: Organisation) -> Process:
    process = make_process(council, phase="voting", budget=10_000)
    for title, cost in (("Benches", 4000), ("Murals", 5000)):
        make_proposal(process, title=title, estimated_cost=cost, status=Proposal.Status.ACCEPTED)
    return process


def vote_once(process: Process, who: User) -> None:
    benches = Proposal.objects.get(process=process, title="Benches")
    services.cast_ballot(actor=who, voter=who, process=process, choices={benches.pk: 1})


def test_the_staff_page_links_the_pb_download(
    as_coordinator: Client, ballot_ready: Process, as_resident: Client
) -> None:
    download = reverse("voting:results-pb", kwargs={"slug": ballot_ready.slug})
    assert download in as_coordinator.get(ballot_ready.get_absolute_url()).content.decode()
    assert download not in as_resident.get(ballot_ready.get_absolute_url()).content.decode()


def test_before_voting_closes_staff_download_the_projects_without_ballots(
    as_coordinator: Client, ballot_ready: Process, resident: User
) -> None:
    vote_once(ballot_ready, resident)
    download = reverse("voting:results-pb", kwargs={"slug": ballot_ready.slug})
    parsed = read_pb(as_coordinator.get(download).content.decode())
    assert sorted(p.name for p in parsed.election.projects) == ["Benches", "Murals"]
    assert parsed.election.ballots == []
    Process.objects.filter(pk=ballot_ready.pk).update(phase="results")
    parsed = read_pb(as_coordinator.get(download).content.decode())
    assert len(parsed.election.ballots) == 1


def test_residents_cannot_download_before_results_are_published(
    as_resident: Client, ballot_ready: Process
) -> None:
    download = reverse("voting:results-pb", kwargs={"slug": ballot_ready.slug})
    assert as_resident.get(download).status_code == 403
