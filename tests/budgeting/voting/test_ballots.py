"""Casting ballots online and with staff: each bad ballot is refused with a message and
changes nothing."""

from __future__ import annotations

import pytest

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting import services
from coproduce.budgeting.voting.models import Ballot
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.budgeting.voting.conftest import add_projects, lives_in, make_process, set_voting, voter

pytestmark = pytest.mark.django_db


def cast(person: User, process: Process, choices: dict[int, int], **kwargs: object) -> Ballot:
    return services.cast_ballot(
        actor=person, voter=person, process=process, choices=choices, **kwargs
    )


def test_voter_casts_a_ballot_that_fits_the_budget(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    ballot = cast(resident, process, {ids["Park benches"]: 1, ids["Youth club trips"]: 1})
    assert ballot.is_current and ballot.channel == "online"
    assert ballot.choices == {str(ids["Park benches"]): 1, str(ids["Youth club trips"]): 1}
    assert AuditEvent.objects.filter(action="voting.cast_ballot", actor=resident).exists()


def test_voter_cannot_exceed_budget(resident: User, process: Process, ids: dict[str, int]) -> None:
    with pytest.raises(ServiceError, match="more than the budget of £10,000"):
        cast(
            resident,
            process,
            {ids["Park benches"]: 1, ids["Youth club trips"]: 1, ids["Murals"]: 1},
        )
    assert not Ballot.objects.exists()


def test_voter_cannot_choose_more_than_k(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    set_voting(process, ballot_kind="approval_k", max_choices=2)
    with pytest.raises(ServiceError, match=r"up to 2 projects\. You chose 3"):
        cast(resident, process, {pk: 1 for pk in list(ids.values())[:3]})
    assert not Ballot.objects.exists()


def test_voter_cannot_give_more_points_than_they_have(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    set_voting(process, ballot_kind="cumulative", points=10)
    with pytest.raises(ServiceError, match=r"10 points to share out\. You gave 12"):
        cast(resident, process, {ids["Murals"]: 7, ids["Library books"]: 5})
    assert not Ballot.objects.exists()
    ballot = cast(resident, process, {ids["Murals"]: 7, ids["Library books"]: 3})
    assert ballot.choices == {str(ids["Library books"]): 3, str(ids["Murals"]): 7}


def test_points_are_refused_on_an_approval_ballot(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    with pytest.raises(ServiceError, match="cannot give a project points"):
        cast(resident, process, {ids["Murals"]: 2})
    assert not Ballot.objects.exists()


def test_project_not_in_the_process_is_refused(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    other = make_process(slug="elsewhere")
    (stranger,) = add_projects(other, {"Elsewhere pond": 100})
    rejected = Proposal.objects.create(
        process=process,
        title="Helipad",
        description="No.",
        estimated_cost=100,
        status=Proposal.Status.REJECTED,
    )
    for pk in (stranger.pk, rejected.pk, 999_999):
        with pytest.raises(ServiceError, match=f"Project {pk} is not on this ballot"):
            cast(resident, process, {ids["Murals"]: 1, pk: 1})
    assert not Ballot.objects.exists()


def test_empty_ballot_is_refused(resident: User, process: Process, ids: dict[str, int]) -> None:
    with pytest.raises(ServiceError, match="at least one project"):
        cast(resident, process, {})
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("phase", ["not_started", "ideas", "review", "results", "delivery"])
def test_voting_outside_the_voting_phase_is_refused(
    resident: User, process: Process, ids: dict[str, int], phase: str
) -> None:
    Process.objects.filter(pk=process.pk).update(phase=phase)
    process.refresh_from_db()
    with pytest.raises(Conflict, match="is not open"):
        cast(resident, process, {ids["Murals"]: 1})
    assert not Ballot.objects.exists()


def test_ineligible_voter_is_refused(area: Area, ids: dict[str, int], process: Process) -> None:
    process.residents_only = True
    process.save()
    process.areas.set([area])
    outsider, insider = voter(), voter()
    lives_in(insider, area)
    with pytest.raises(ServiceError, match="Only people who live in Riverside North"):
        cast(outsider, process, {ids["Murals"]: 1})
    assert not Ballot.objects.exists()
    assert cast(insider, process, {ids["Murals"]: 1}).is_current


def test_voter_without_a_confirmed_email_is_asked_to_confirm(
    process: Process, ids: dict[str, int]
) -> None:
    person = voter()
    person.emailaddress_set.update(verified=False)
    with pytest.raises(ServiceError, match="Confirm your email address"):
        cast(person, process, {ids["Murals"]: 1})
    assert not Ballot.objects.exists()


def test_voter_changes_their_ballot_and_the_old_one_is_kept(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    first = cast(resident, process, {ids["Murals"]: 1})
    second = cast(resident, process, {ids["Library books"]: 1})
    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.replaces == first
    assert Ballot.objects.filter(voter=resident).count() == 2
    assert AuditEvent.objects.filter(action="voting.change_ballot").count() == 1


def test_voter_cannot_change_when_the_process_forbids_it(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    set_voting(process, can_change=False)
    first = cast(resident, process, {ids["Murals"]: 1})
    with pytest.raises(Conflict, match="cannot be changed"):
        cast(resident, process, {ids["Library books"]: 1})
    assert list(Ballot.objects.values_list("pk", "is_current")) == [(first.pk, True)]


def test_same_ballot_posted_twice_counts_once(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    first = cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-1")
    again = cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-1")
    assert again.pk == first.pk
    assert Ballot.objects.count() == 1


def test_same_key_for_a_different_ballot_is_refused(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-1")
    with pytest.raises(Conflict, match="already used for a different ballot"):
        cast(resident, process, {ids["Library books"]: 1}, idempotency_key="tap-1")
    assert Ballot.objects.count() == 1


def test_ballot_sent_again_after_voting_closed_is_answered_with_the_one_taken(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    first = cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-1")
    Process.objects.filter(pk=process.pk).update(phase="results")
    process.refresh_from_db()

    again = cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-1")

    assert again.pk == first.pk and again.replayed
    with pytest.raises(Conflict, match="not open"):
        cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-2")
    assert Ballot.objects.count() == 1


def test_an_older_ballot_sent_again_does_not_undo_a_change(
    resident: User, process: Process, ids: dict[str, int]
) -> None:
    first = cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-1")
    changed = cast(resident, process, {ids["Library books"]: 1}, idempotency_key="tap-2")

    again = cast(resident, process, {ids["Murals"]: 1}, idempotency_key="tap-1")

    assert again.pk == first.pk and again.replayed
    assert list(Ballot.objects.filter(is_current=True).values_list("pk", flat=True)) == [changed.pk]
    assert Ballot.objects.count() == 2
    assert AuditEvent.objects.filter(action__startswith="voting.").count() == 2


def test_assisted_vote_is_recorded_as_cast_with_staff(
    coordinator: User, resident: User, process: Process, ids: dict[str, int]
) -> None:
    ballot = services.cast_ballot(
        actor=coordinator,
        voter=resident,
        process=process,
        choices={ids["Murals"]: 1},
        channel="assisted",
        identity_checked=True,
    )
    assert ballot.channel == "assisted" and ballot.cast_by == coordinator
    event = AuditEvent.objects.get(action="voting.cast_ballot")
    assert event.actor == coordinator and event.on_behalf_of == resident


def test_assisted_vote_needs_the_identity_check(
    coordinator: User, resident: User, process: Process, ids: dict[str, int]
) -> None:
    with pytest.raises(ServiceError, match="checked who the person is"):
        services.cast_ballot(
            actor=coordinator,
            voter=resident,
            process=process,
            choices={ids["Murals"]: 1},
            channel="assisted",
        )
    assert not Ballot.objects.exists()


@pytest.mark.parametrize("persona", ["outsider", "professional", "group_member"])
def test_only_staff_who_help_the_person_vote_for_them(
    request: pytest.FixtureRequest,
    persona: str,
    resident: User,
    process: Process,
    ids: dict[str, int],
) -> None:
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.cast_ballot(
            actor=actor,
            voter=resident,
            process=process,
            choices={ids["Murals"]: 1},
            channel="assisted",
            identity_checked=True,
        )
    with pytest.raises(PermissionDenied):
        services.cast_ballot(
            actor=actor, voter=resident, process=process, choices={ids["Murals"]: 1}
        )
    assert not Ballot.objects.exists()


def test_voting_twice_through_two_channels_is_refused(
    coordinator: User, resident: User, process: Process, ids: dict[str, int]
) -> None:
    services.cast_ballot(
        actor=coordinator,
        voter=resident,
        process=process,
        choices={ids["Murals"]: 1},
        channel="assisted",
        identity_checked=True,
    )
    with pytest.raises(Conflict, match="already voted with staff at an event"):
        cast(resident, process, {ids["Library books"]: 1})
    other = voter()
    cast(other, process, {ids["Murals"]: 1})
    with pytest.raises(Conflict, match="This person has already voted online"):
        services.cast_ballot(
            actor=coordinator,
            voter=other,
            process=process,
            choices={ids["Library books"]: 1},
            channel="assisted",
            identity_checked=True,
        )
    assert Ballot.objects.count() == 2
