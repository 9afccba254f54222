"""Proving who you are before voting online: polling-card codes and phone codes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import override_settings

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.models import Ballot, PollingCard
from coproduce.budgeting.voting.sms import MemoryBackend
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.people.models import User
from tests.budgeting.voting.conftest import set_voting, voter

pytestmark = pytest.mark.django_db
MEMORY = "coproduce.budgeting.voting.sms.MemoryBackend"


def test_polling_cards_are_made_for_eligible_people_and_work_once(
    coordinator: User, resident: User, process: Process, ids: dict[str, int]
) -> None:
    set_voting(process, identity_check="polling_card")
    made = services.make_polling_cards(actor=coordinator, process=process)
    code = next(card.code for card in made if card.person == resident)
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}", code)
    # Only a hash is kept.
    assert not PollingCard.objects.filter(code_hash__contains=code.replace("-", "")).exists()
    assert services.make_polling_cards(actor=coordinator, process=process) == []
    with pytest.raises(services.IdentityNeeded, match="polling card"):
        services.cast_ballot(
            actor=resident, voter=resident, process=process, choices={ids["Murals"]: 1}
        )
    services.use_polling_card(actor=resident, person=resident, process=process, code=code.lower())
    with pytest.raises(Conflict, match="already been used"):
        services.use_polling_card(actor=resident, person=resident, process=process, code=code)
    services.cast_ballot(
        actor=resident, voter=resident, process=process, choices={ids["Murals"]: 1}
    )
    assert Ballot.objects.count() == 1


def test_someone_elses_polling_card_does_not_work(
    coordinator: User, resident: User, process: Process, projects: list[Proposal]
) -> None:
    set_voting(process, identity_check="polling_card")
    other = voter()
    made = services.make_polling_cards(actor=coordinator, process=process)
    code = next(card.code for card in made if card.person == other)
    with pytest.raises(ServiceError, match="not right"):
        services.use_polling_card(actor=resident, person=resident, process=process, code=code)
    assert PollingCard.objects.filter(used_at__isnull=False).count() == 0


def test_residents_cannot_make_polling_cards(resident: User, process: Process) -> None:
    with pytest.raises(PermissionDenied):
        services.make_polling_cards(actor=resident, process=process)
    assert not PollingCard.objects.exists()


@override_settings(SMS_BACKEND=MEMORY)
def test_phone_code_confirms_the_voter(
    resident: User, process: Process, ids: dict[str, int], django_capture_on_commit_callbacks
) -> None:
    set_voting(process, identity_check="phone")
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.send_phone_code(
            actor=resident, person=resident, process=process, phone="07700 900123"
        )
    phone, message = MemoryBackend.outbox[-1]
    assert phone == "07700 900123"
    code = re.search(r"\b(\d{6})\b", message).group(1)  # type: ignore[union-attr]
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(ServiceError, match="not right"):
        services.confirm_phone_code(actor=resident, person=resident, process=process, code=wrong)
    services.confirm_phone_code(actor=resident, person=resident, process=process, code=code)
    services.cast_ballot(
        actor=resident, voter=resident, process=process, choices={ids["Murals"]: 1}
    )


def test_bad_phone_number_is_refused(resident: User, process: Process) -> None:
    with pytest.raises(ServiceError, match="Enter a mobile phone number"):
        services.send_phone_code(actor=resident, person=resident, process=process, phone="call me")


def test_the_file_backend_writes_messages_under_var_dir(
    tmp_path: Path, resident: User, process: Process, django_capture_on_commit_callbacks
) -> None:
    with (
        override_settings(SMS_FILE_PATH=str(tmp_path)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.send_phone_code(
            actor=resident, person=resident, process=process, phone="+44 7700 900123"
        )
    (written,) = tmp_path.iterdir()
    assert "To: +44 7700 900123" in written.read_text()
