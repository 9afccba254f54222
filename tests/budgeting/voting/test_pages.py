"""The voting pages through the HTTP client: the ballot, proving who you are, voting with
staff at an event, settings and polling cards."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.budgeting.models import Process
from coproduce.budgeting.voting.models import Ballot, IdentityConfirmation, PollingCard
from coproduce.people.models import User
from tests.budgeting.voting.conftest import set_voting

pytestmark = pytest.mark.django_db


def url(name: str, process: Process) -> str:
    return reverse(f"voting:{name}", kwargs={"slug": process.slug})


def test_resident_votes_on_the_ballot_page(
    as_resident: Client,
    resident: User,
    process: Process,
    ids: dict[str, int],
    django_assert_max_num_queries: object,
) -> None:
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        page = as_resident.get(url("ballot", process))
    assert page.status_code == 200 and b"Cast my vote" in page.content
    response = as_resident.post(
        url("ballot", process),
        {"choices": [ids["Murals"], ids["Library books"]], "idempotency_key": "k1"},
        follow=True,
    )
    assert b"Your ballot is counted" in response.content
    assert b"data-current-ballot" in response.content
    assert Ballot.objects.get(voter=resident).choices == {
        str(ids["Library books"]): 1,
        str(ids["Murals"]): 1,
    }
    # The same form sent again (a double click) counts once.
    as_resident.post(
        url("ballot", process),
        {"choices": [ids["Murals"], ids["Library books"]], "idempotency_key": "k1"},
    )
    assert Ballot.objects.count() == 1


def test_ballot_over_budget_shows_the_error_and_changes_nothing(
    as_resident: Client, process: Process, ids: dict[str, int]
) -> None:
    response = as_resident.post(url("ballot", process), {"choices": list(ids.values())})
    assert response.status_code == 200
    assert b"There is a problem" in response.content
    assert b"more than the budget" in response.content
    assert not Ballot.objects.exists()


def test_cumulative_ballot_page(
    as_resident: Client, resident: User, process: Process, ids: dict[str, int]
) -> None:
    set_voting(process, ballot_kind="cumulative", points=5)
    fields = {f"points_{pk}": "" for pk in ids.values()}
    too_many = {**fields, f"points_{ids['Murals']}": "4", f"points_{ids['Library books']}": "3"}
    response = as_resident.post(url("ballot", process), too_many)
    assert b"You have 5 points to share out. You gave 7" in response.content
    assert not Ballot.objects.exists()
    fits = {**fields, f"points_{ids['Murals']}": "4", f"points_{ids['Library books']}": "1"}
    as_resident.post(url("ballot", process), fits)
    assert Ballot.objects.get(voter=resident).choices[str(ids["Murals"])] == 4


def test_ballot_page_when_voting_is_closed(
    as_resident: Client, process: Process, ids: dict[str, int]
) -> None:
    Process.objects.filter(pk=process.pk).update(phase="review")
    assert b"Voting is not open now" in as_resident.get(url("ballot", process)).content
    response = as_resident.post(url("ballot", process), {"choices": [ids["Murals"]]})
    assert b"is not open" in response.content
    assert not Ballot.objects.exists()


def test_unpublished_process_is_not_found(as_resident: Client, process: Process) -> None:
    Process.objects.filter(pk=process.pk).update(is_published=False)
    assert as_resident.get(url("ballot", process)).status_code == 404


def test_polling_card_voter_is_sent_to_confirm_first(
    as_resident: Client, resident: User, process: Process, ids: dict[str, int]
) -> None:
    set_voting(process, identity_check="polling_card")
    response = as_resident.post(url("ballot", process), {"choices": [ids["Murals"]]})
    assert response.status_code == 302 and response["Location"] == url("identity", process)
    page = as_resident.post(url("identity", process), {"step": "card", "code": "WRONG-CODE-0000"})
    assert b"That code is not right" in page.content
    assert not IdentityConfirmation.objects.exists()


def test_assisted_vote_page(
    as_coordinator: Client, resident: User, process: Process, ids: dict[str, int]
) -> None:
    data = {"email": resident.email, "choices": [ids["Murals"]]}
    response = as_coordinator.post(url("assisted", process), data)
    assert b"checked who the person is" in response.content
    assert not Ballot.objects.exists()
    response = as_coordinator.post(
        url("assisted", process), {**data, "identity_checked": "on"}, follow=True
    )
    assert b"as cast with you" in response.content
    assert Ballot.objects.get().channel == "assisted"


def test_residents_cannot_open_staff_pages(as_resident: Client, process: Process) -> None:
    for name in ("assisted", "paper", "settings", "polling-cards"):
        assert as_resident.get(url(name, process)).status_code == 403


def test_staff_change_settings_before_voting(as_coordinator: Client, process: Process) -> None:
    Process.objects.filter(pk=process.pk).update(phase="review")
    data = {"ballot_kind": "approval_k", "identity_check": "phone", "rule": "greedy"}
    response = as_coordinator.post(url("settings", process), data)
    assert b"Enter how many projects a voter may choose" in response.content
    as_coordinator.post(url("settings", process), {**data, "max_choices": "3"})
    process.voting_settings.refresh_from_db()
    assert process.voting_settings.max_choices == 3
    assert process.voting_settings.can_change is False


def test_settings_cannot_change_once_ballots_are_cast(
    as_coordinator: Client, resident: User, process: Process, ids: dict[str, int]
) -> None:
    from coproduce.budgeting.voting import services

    services.cast_ballot(
        actor=resident, voter=resident, process=process, choices={ids["Murals"]: 1}
    )
    data = {"ballot_kind": "cumulative", "points": "5", "identity_check": "email", "rule": "greedy"}
    response = as_coordinator.post(url("settings", process), data)
    assert b"can no longer change" in response.content


def test_polling_cards_download(as_coordinator: Client, resident: User, process: Process) -> None:
    response = as_coordinator.post(url("polling-cards", process))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Name", "Email", "Code", "Vote at"]
    assert any(row[1] == resident.email for row in rows[1:])
    assert PollingCard.objects.count() == len(rows) - 1


def test_ineligible_voter_is_told_why_in_the_form(
    as_resident: Client, resident: User, process: Process, ids: dict[str, int], area: Any
) -> None:
    process.residents_only = True
    process.save()
    process.areas.set([area])
    assert b"Only people who live in" in as_resident.get(url("ballot", process)).content
    response = as_resident.post(url("ballot", process), {"choices": [ids["Murals"]]})
    assert response.status_code == 200
    assert b"Only people who live in Riverside North" in response.content
    assert not Ballot.objects.exists()


def test_unconfirmed_email_is_told_in_the_form(
    as_resident: Client, resident: User, process: Process, ids: dict[str, int]
) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.filter(user=resident).update(verified=False)
    Process.objects.filter(pk=process.pk).update(verification_required=False)
    response = as_resident.post(url("ballot", process), {"choices": [ids["Murals"]]})
    assert response.status_code == 200
    assert b"Confirm your email address before you vote" in response.content
    assert not Ballot.objects.exists()
