"""Paper ballots keyed twice by different staff; differences wait for a third."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.budgeting.models import Process
from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.models import Ballot, PaperBallot, PaperKeying
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests import factories
from tests.conftest import add_totp, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(council: Organisation, professional: User, coordinator: User) -> list[User]:
    third = factories.UserFactory(display_name="Theo Third")
    factories.MembershipFactory(person=third, organisation=council)
    add_totp(third)
    return [professional, coordinator, third]


def key(
    actor: User, process: Process, number: str, voter: User, choices: dict[int, int]
) -> PaperBallot:
    return services.key_paper_ballot(
        actor=actor,
        process=process,
        paper_number=number,
        voter_reference=voter.email,
        choices=choices,
    )


def test_paper_counts_when_two_staff_agree(
    staff: list[User], resident: User, process: Process, ids: dict[str, int]
) -> None:
    first = key(staff[0], process, "p-17", resident, {ids["Murals"]: 1})
    assert first.status == "waiting" and not Ballot.objects.exists()
    second = key(staff[1], process, "P-17", resident, {ids["Murals"]: 1})
    assert second.status == "counted"
    ballot = Ballot.objects.get()
    assert ballot.channel == "paper" and ballot.voter == resident and ballot.paper_number == "P-17"
    assert "agree" in services.outcome_message(second)


def test_paper_keyed_twice_with_differences_is_not_counted(
    staff: list[User], resident: User, process: Process, ids: dict[str, int]
) -> None:
    key(staff[0], process, "18", resident, {ids["Murals"]: 1})
    paper = key(staff[1], process, "18", resident, {ids["Library books"]: 1})
    assert paper.status == "mismatch"
    assert "differs" in services.outcome_message(paper)
    assert not Ballot.objects.exists()
    assert list(PaperBallot.objects.filter(status="mismatch")) == [paper]
    resolved = key(staff[2], process, "18", resident, {ids["Library books"]: 1})
    assert resolved.status == "counted" and resolved.resolved_by == staff[2]
    assert Ballot.objects.get().choices == {str(ids["Library books"]): 1}


def test_same_keyer_cannot_key_a_paper_twice(
    staff: list[User], resident: User, process: Process, ids: dict[str, int]
) -> None:
    key(staff[0], process, "19", resident, {ids["Murals"]: 1})
    with pytest.raises(Conflict, match="already keyed paper 19"):
        key(staff[0], process, "19", resident, {ids["Murals"]: 1})
    assert PaperKeying.objects.count() == 1
    assert not Ballot.objects.exists()


def test_paper_for_someone_who_voted_online_is_refused(
    staff: list[User], resident: User, process: Process, ids: dict[str, int]
) -> None:
    services.cast_ballot(
        actor=resident, voter=resident, process=process, choices={ids["Murals"]: 1}
    )
    with pytest.raises(Conflict, match="already voted online"):
        key(staff[0], process, "20", resident, {ids["Murals"]: 1})
    assert not PaperBallot.objects.exists()
    assert Ballot.objects.count() == 1


def test_bad_paper_input_is_refused(
    staff: list[User], resident: User, process: Process, ids: dict[str, int]
) -> None:
    with pytest.raises(ServiceError, match="more than the budget"):
        key(staff[0], process, "21", resident, {pk: 1 for pk in ids.values()})
    with pytest.raises(ServiceError, match="No polling card or account matches"):
        services.key_paper_ballot(
            actor=staff[0],
            process=process,
            paper_number="21",
            voter_reference="nobody@example.org",
            choices={ids["Murals"]: 1},
        )
    with pytest.raises(ServiceError, match="number printed on the paper"):
        key(staff[0], process, "  ", resident, {ids["Murals"]: 1})
    assert not PaperBallot.objects.exists()


def test_residents_cannot_key_paper_ballots(
    outsider: User, resident: User, process: Process, ids: dict[str, int]
) -> None:
    with pytest.raises(PermissionDenied):
        key(outsider, process, "22", resident, {ids["Murals"]: 1})
    assert not PaperBallot.objects.exists()


def test_paper_keying_page_lists_mismatches(
    staff: list[User], resident: User, process: Process, ids: dict[str, int]
) -> None:
    key(staff[0], process, "23", resident, {ids["Murals"]: 1})
    url = reverse("voting:paper", kwargs={"slug": process.slug})
    response = signed_in(staff[1]).post(
        url,
        {
            "paper_number": "23",
            "voter_reference": resident.email,
            "choices": [ids["Library books"]],
        },
        follow=True,
    )
    assert b"differs from the other keying" in response.content
    assert response.content.count(b"data-mismatch") == 1
    assert not Ballot.objects.exists()


def test_paper_keying_page_shows_errors_in_the_form(
    staff: list[User], resident: User, process: Process, ids: dict[str, int]
) -> None:
    url = reverse("voting:paper", kwargs={"slug": process.slug})
    response = signed_in(staff[0]).post(
        url,
        {"paper_number": "24", "voter_reference": resident.email, "choices": list(ids.values())},
    )
    assert response.status_code == 200
    assert b"more than the budget" in response.content
    assert not PaperBallot.objects.exists()


def test_residents_cannot_open_the_paper_keying_page(as_resident: Client, process: Process) -> None:
    url = reverse("voting:paper", kwargs={"slug": process.slug})
    assert as_resident.get(url).status_code == 403
