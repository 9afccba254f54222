"""The single-row reads and writes of the busiest paths give what the ORM gives, on SQLite and
on PostgreSQL."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.voting.models import Ballot, VotingSettings
from coproduce.common import rows
from coproduce.common.models import AuditEvent
from coproduce.people.models import User
from tests import factories
from tests.budgeting.factories import make_process, make_proposal

pytestmark = pytest.mark.django_db


def fields_of(instance: object) -> dict[str, object]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields  # type: ignore[attr-defined]
    }


def a_ballot(process: Process, voter: User, **values: object) -> Ballot:
    values.setdefault("choices", {"7": 1, "12": 3})
    return Ballot.objects.create(process=process, voter=voter, channel="online", **values)


def test_a_row_read_is_the_object_the_orm_reads() -> None:
    process = make_process(phase="voting")
    ballot = a_ballot(process, factories.UserFactory(), idempotency_key="first try")

    found = rows.select_one(Ballot, "id = %s", [ballot.pk])

    assert found is not None
    assert fields_of(found) == fields_of(Ballot.objects.get(pk=ballot.pk))
    # Values come back as Python values: a dict, a timezone-aware time, a real boolean.
    assert found.choices == {"7": 1, "12": 3}
    assert timezone.is_aware(found.cast_at)
    assert found.is_current is True
    assert found._state.adding is False


def test_nothing_found_is_none_and_an_empty_list() -> None:
    assert rows.select_one(Process, "slug = %s", ["no-such-budget"]) is None
    assert rows.select(Process, "slug = %s", ["no-such-budget"]) == []
    assert rows.exists(Process, "slug = %s", ["no-such-budget"]) is False


def test_joined_relations_come_in_the_same_statement() -> None:
    organisation = factories.OrganisationFactory(name="Riverside Council")
    process = make_process(organisation, phase="voting")
    VotingSettings.objects.create(
        process=process, can_change=False, ballot_kind="approval_k", max_choices=3
    )

    with CaptureQueriesContext(connection) as queries:
        found = rows.select_one(
            Process, "slug = %s", [process.slug], joined=["organisation", "voting_settings"]
        )
        assert found is not None
        assert found.organisation is not None
        assert found.organisation.name == "Riverside Council"
        assert found.voting_settings.max_choices == 3
        assert found.voting_settings.can_change is False
    assert len(queries) == 1


def test_a_missing_relation_is_none_without_asking_again() -> None:
    process = make_process(phase="voting", slug="no-organisation")

    with CaptureQueriesContext(connection) as queries:
        found = rows.select_one(
            Process, "slug = %s", [process.slug], joined=["organisation", "voting_settings"]
        )
        assert found is not None
        assert found.organisation is None
        assert found._state.fields_cache["voting_settings"] is None
    assert len(queries) == 1


def test_the_filter_names_only_its_own_columns_even_when_tables_share_names() -> None:
    # Both tables have "id", "name"-like and "created_at" columns; the filter is about the
    # process alone.
    organisation = factories.OrganisationFactory()
    process = make_process(organisation, phase="voting")

    found = rows.select(Process, "id = %s", [process.pk], joined=["organisation"])

    assert [each.pk for each in found] == [process.pk]


def test_several_rows_are_read() -> None:
    process = make_process(phase="voting")
    wanted = {
        make_proposal(process, title=f"Project {n}", status=Proposal.Status.ACCEPTED).pk
        for n in range(3)
    }
    make_proposal(process, title="Turned down", status=Proposal.Status.REJECTED)

    found = rows.select(Proposal, "process_id = %s AND status = %s", [process.pk, "accepted"])

    assert {proposal.pk for proposal in found} == wanted


def test_joining_a_field_that_is_not_a_relation_is_refused() -> None:
    with pytest.raises(ValueError, match="not a foreign key"):
        rows.select(Process, "id = %s", [1], joined=["title"])


def test_an_insert_is_what_save_would_store() -> None:
    process = make_process(phase="voting")
    voter = factories.UserFactory()
    before = timezone.now()
    ballot = Ballot(process=process, voter=voter, channel="online", choices={"3": 1})

    rows.insert(ballot)

    assert ballot.pk is not None
    assert ballot._state.adding is False
    stored = Ballot.objects.get(pk=ballot.pk)
    assert fields_of(stored) == fields_of(ballot)
    assert stored.choices == {"3": 1}
    assert stored.is_current is True  # the model's default
    assert stored.cast_at >= before - datetime.timedelta(seconds=1)


def test_inserts_get_their_own_keys() -> None:
    person = factories.UserFactory()
    first = AuditEvent(actor=person, action="test.one", changes={"n": 1})
    second = AuditEvent(actor=person, action="test.two", changes={"n": 2})

    rows.insert(first)
    rows.insert(second)

    assert first.pk != second.pk
    assert AuditEvent.objects.get(pk=second.pk).changes == {"n": 2}


def test_an_update_changes_one_row_only() -> None:
    process = make_process(phase="voting")
    mine = a_ballot(process, factories.UserFactory())
    theirs = a_ballot(process, factories.UserFactory())

    rows.update(Ballot, mine.pk, is_current=False, choices={"1": 1})

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.is_current, mine.choices) == (False, {"1": 1})
    assert (theirs.is_current, theirs.choices) == (True, {"7": 1, "12": 3})


def test_exists_says_whether_a_row_matches() -> None:
    person = factories.UserFactory(email="Rita@Example.org")

    assert rows.exists(User, "UPPER(email) = UPPER(%s)", ["rita@example.org"])
    assert not rows.exists(
        User, "UPPER(email) = UPPER(%s) AND id <> %s", ["rita@example.org", person.pk]
    )


def test_values_are_python_values() -> None:
    process = make_process(phase="voting")
    ballot = a_ballot(process, factories.UserFactory())

    [(pk, is_current, cast_at, choices)] = rows.values(
        Ballot, ["id", "is_current", "cast_at", "choices"], "process_id = %s", [process.pk]
    )

    assert (pk, is_current, cast_at, choices) == (ballot.pk, True, ballot.cast_at, ballot.choices)
    assert rows.values(Ballot, ["id"], "process_id = %s", [process.pk + 1]) == []


def test_an_update_can_give_back_the_rows_it_changed() -> None:
    process = make_process(phase="voting")
    voter = factories.UserFactory()
    mine = a_ballot(process, voter)
    a_ballot(process, factories.UserFactory())

    changed = rows.update_returning(
        Ballot,
        {"is_current": False},
        "process_id = %s AND voter_id = %s AND is_current = %s",
        [process.pk, voter.pk, True],
    )

    assert [(ballot.pk, ballot.is_current, ballot.choices) for ballot in changed] == [
        (mine.pk, False, {"7": 1, "12": 3})
    ]
    assert Ballot.objects.filter(is_current=True).count() == 1
    assert rows.update_returning(Ballot, {"is_current": False}, "id = %s", [0]) == []
