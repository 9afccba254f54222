"""Polling cards printed from the browser: one card a person, each code shown once, to the
same staff who may download the codes as a file."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.budgeting.models import Phase, Process
from coproduce.budgeting.voting.models import PollingCard
from coproduce.budgeting.voting.services.identity import card_hash
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.budgeting.voting.conftest import lives_in, set_voting, voter

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def cards_url(process: Process) -> str:
    return reverse("voting:polling-cards", kwargs={"slug": process.slug})


def print_cards(client: Client, process: Process, layout: str = "one") -> Any:
    return client.post(cards_url(process), {"format": "print", "layout": layout})


@pytest.fixture
def card_process(process: Process, projects: list[object]) -> Process:
    set_voting(process, identity_check="polling_card")
    starts = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
    Phase.objects.create(
        process=process, kind="voting", starts_at=starts, ends_at=starts + datetime.timedelta(28)
    )
    return process


def test_each_eligible_person_gets_one_card_with_their_code_shown_once(
    as_coordinator: Client, card_process: Process, resident: User, area: Area
) -> None:
    lives_in(resident, area)
    resident.profile.postcode = "rv1 2ab"
    resident.profile.save()
    others = [voter() for _ in range(3)]
    response = print_cards(as_coordinator, card_process)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    text = response.content.decode()
    codes = CODE.findall(text)
    assert len(codes) == PollingCard.objects.filter(process=card_process).count() >= 4
    for code in codes:
        assert text.count(code) == 1
        assert PollingCard.objects.filter(code_hash=card_hash(card_process, code)).exists()
    assert text.count("data-polling-card") == len(codes)
    for person in [resident, *others]:
        assert person.display_name in text
    assert "Riverside North" in text and "RV1 2AB" in text
    assert "1 March 2027" in text and "29 March 2027" in text
    assert f"http://testserver/budgets/{card_process.slug}/vote/" in text
    assert "How to vote" in text


def test_the_printed_code_lets_its_person_vote(
    as_coordinator: Client, card_process: Process, resident: User
) -> None:
    text = print_cards(as_coordinator, card_process).content.decode()
    card = text.split(resident.display_name, 1)[1]
    code = CODE.search(card)
    assert code is not None
    found = PollingCard.objects.get(code_hash=card_hash(card_process, code.group()))
    assert found.person == resident


def test_codes_are_not_shown_a_second_time(as_coordinator: Client, card_process: Process) -> None:
    print_cards(as_coordinator, card_process)
    again = print_cards(as_coordinator, card_process, layout="two")
    text = again.content.decode()
    assert CODE.findall(text) == []
    assert "There are no new cards to print" in text


def test_two_cards_a_page_is_offered_with_cut_lines(
    as_coordinator: Client, card_process: Process
) -> None:
    text = print_cards(as_coordinator, card_process, layout="two").content.decode()
    assert "cp-polling-cards--two" in text and "cut along the dashed line" in text
    assert "@media print" in text


def test_an_unknown_layout_makes_no_cards(as_coordinator: Client, card_process: Process) -> None:
    response = print_cards(as_coordinator, card_process, layout="twelve")
    assert "There is a problem" in response.content.decode()
    assert not PollingCard.objects.exists()


def test_the_csv_download_still_works_beside_the_printing(
    as_coordinator: Client, card_process: Process
) -> None:
    page = as_coordinator.get(cards_url(card_process)).content.decode()
    assert "Make cards and download the file" in page and "Make cards to print" in page
    response = as_coordinator.post(cards_url(card_process))
    assert response["Content-Type"].startswith("text/csv")
    assert len(CODE.findall(response.content.decode())) == PollingCard.objects.count()


@pytest.mark.parametrize("persona", ["resident", "group_member", "outsider"])
def test_people_who_may_not_make_cards_see_no_codes(
    request: pytest.FixtureRequest, card_process: Process, persona: str
) -> None:
    client = Client()
    client.force_login(request.getfixturevalue(persona))
    response = print_cards(client, card_process)
    assert response.status_code == 403
    assert CODE.findall(response.content.decode()) == []
    assert not PollingCard.objects.exists()


def test_no_cards_once_voting_has_closed(as_coordinator: Client, card_process: Process) -> None:
    Process.objects.filter(pk=card_process.pk).update(phase="results")
    response = print_cards(as_coordinator, card_process)
    assert "before voting closes" in response.content.decode()
    assert not PollingCard.objects.exists()
