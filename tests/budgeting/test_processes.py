"""Setting up a process, its dated phases, and moving it on by the dates or by hand."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.budgeting import services, tasks
from coproduce.budgeting.models import Phase, PhaseChange, Process
from coproduce.common.errors import PermissionDenied, ServiceError
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests import factories
from tests.budgeting.factories import make_process

DAY = datetime.timedelta(days=1)
DATA = {"title": "Millbrook Budget", "slug": "millbrook-2027", "budget": 80_000, "currency": "GBP"}


def starts(first: datetime.datetime | None = None) -> dict[str, datetime.datetime]:
    first = first or timezone.now() + DAY
    return {
        kind: first + index * 14 * DAY
        for index, kind in enumerate(["ideas", "review", "voting", "results", "delivery"])
    }


def test_professional_of_the_council_sets_up_a_process(
    professional: User, council: Organisation, area: Area
) -> None:
    process = services.create_process(
        actor=professional,
        organisation=council,
        data={**DATA, "areas": [area], "minimum_age": 16, "categories": ["Parks", " ", "Parks"]},
        phase_starts=starts(),
    )
    assert process.phase == "not_started"
    assert not process.is_published
    assert process.categories == ["Parks"]
    assert list(process.areas.all()) == [area]
    phases = list(Phase.objects.filter(process=process).order_by("starts_at"))
    assert [phase.kind for phase in phases] == ["ideas", "review", "voting", "results", "delivery"]
    assert phases[0].ends_at == phases[1].starts_at
    assert phases[-1].ends_at is None


@pytest.mark.parametrize("who", ["resident", "group_member"])
def test_residents_and_groups_cannot_set_up_a_process(
    request: pytest.FixtureRequest, who: str, council: Organisation
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.create_process(actor=actor, organisation=council, data=DATA, phase_starts=starts())
    assert not Process.objects.exists()


def test_professional_of_another_body_cannot_change_the_process(
    ideas_process: Process,
) -> None:
    nhs = factories.OrganisationFactory(kind=Organisation.Kind.PUBLIC_BODY)
    nurse = factories.UserFactory()
    factories.MembershipFactory(person=nurse, organisation=nhs)
    with pytest.raises(PermissionDenied):
        services.update_process(actor=nurse, process=ideas_process, data={"title": "Ours"})
    with pytest.raises(PermissionDenied):
        services.move_phase(actor=nurse, process=ideas_process, to_phase="voting", reason="Why")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"budget": -100}, "budget", "must be 1 or more"),
        ({"budget": 10**13}, "budget", "at most 12 digits"),
        ({"slug": "Not A Slug"}, "slug", "small letters"),
        ({"slug": "add"}, "slug", "taken by a page"),
        ({"currency": "XYZ"}, "currency", "currency from the list"),
        ({"title": "  "}, "title", "Enter a title"),
        ({"minimum_age": 200}, "minimum_age", "from 0 to 120"),
    ],
)
def test_bad_process_details_are_refused(
    coordinator: User, changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ServiceError, match=message) as error:
        services.create_process(
            actor=coordinator, organisation=None, data={**DATA, **changes}, phase_starts=starts()
        )
    assert error.value.field == field
    assert not Process.objects.exists()


def test_phases_must_be_in_order(coordinator: User) -> None:
    dates = starts()
    dates["voting"] = dates["ideas"]
    with pytest.raises(ServiceError, match="voting phase must start after") as error:
        services.create_process(actor=coordinator, organisation=None, data=DATA, phase_starts=dates)
    assert error.value.field == "starts_voting"
    assert not Process.objects.exists()


def test_short_name_must_be_unique(coordinator: User, ideas_process: Process) -> None:
    with pytest.raises(ServiceError, match="already uses that short name"):
        services.create_process(
            actor=coordinator,
            organisation=None,
            data={**DATA, "slug": ideas_process.slug},
            phase_starts=starts(),
        )


def test_dates_move_the_phase_on_and_never_back(coordinator: User) -> None:
    process = services.create_process(
        actor=coordinator, organisation=None, data=DATA, phase_starts=starts()
    )
    services.publish_process(actor=coordinator, process=process, published=True)
    now = timezone.now()
    assert not services.advance_by_dates(process_id=process.pk, now=now)
    assert services.advance_by_dates(process_id=process.pk, now=now + 2 * DAY)
    process.refresh_from_db()
    assert process.phase == "ideas"
    # Staff opened voting early: the dates do not pull it back to review.
    services.move_phase(
        actor=coordinator, process=process, to_phase="voting", reason="Review finished early"
    )
    assert not services.advance_by_dates(process_id=process.pk, now=now + 20 * DAY)
    process.refresh_from_db()
    assert process.phase == "voting"
    changes = list(PhaseChange.objects.filter(process=process).order_by("changed_at", "id"))
    assert [(c.from_phase, c.to_phase, c.changed_by) for c in changes] == [
        ("not_started", "ideas", None),
        ("ideas", "voting", coordinator),
    ]
    assert changes[1].reason == "Review finished early"


def test_moving_by_hand_needs_a_reason_and_a_real_phase(
    coordinator: User, ideas_process: Process
) -> None:
    with pytest.raises(ServiceError, match="Say why"):
        services.move_phase(actor=coordinator, process=ideas_process, to_phase="review", reason="")
    with pytest.raises(ServiceError, match="phase from the list"):
        services.move_phase(actor=coordinator, process=ideas_process, to_phase="party", reason="x")
    with pytest.raises(ServiceError, match="already in that phase"):
        services.move_phase(actor=coordinator, process=ideas_process, to_phase="ideas", reason="x")
    assert not PhaseChange.objects.exists()


def test_task_and_command_move_every_published_process(coordinator: User) -> None:
    past = timezone.now() - 30 * DAY
    due = make_process(None, slug="due", phase="not_started")
    Phase.objects.filter(process=due).delete()
    services.update_process(actor=coordinator, process=due, data={}, phase_starts=starts(past))
    hidden = make_process(None, slug="hidden", phase="not_started", is_published=False)
    Phase.objects.filter(process=hidden).update(starts_at=past)
    assert tasks.advance_phases.call() == 1
    due.refresh_from_db()
    hidden.refresh_from_db()
    assert due.phase == "voting"
    assert hidden.phase == "not_started"
    out = StringIO()
    call_command("advance_phases", stdout=out)
    assert "Queued the phase check" in out.getvalue()
    assert tasks.advance_phases.call() == 0


def test_staff_page_moves_the_phase(
    as_coordinator: Client, ideas_process: Process, coordinator: User
) -> None:
    url = reverse("budgeting:process-phase", kwargs={"slug": ideas_process.slug})
    assert as_coordinator.get(url).status_code == 200
    response = as_coordinator.post(url, {"to_phase": "review", "reason": ""})
    assert "Why are you moving it by hand" in response.content.decode()
    response = as_coordinator.post(url, {"to_phase": "review", "reason": "Enough ideas"})
    assert response.status_code == 302
    ideas_process.refresh_from_db()
    assert ideas_process.phase == "review"


def test_resident_cannot_reach_staff_pages(as_resident: Client, ideas_process: Process) -> None:
    for name in ("process-edit", "process-phase", "review-list"):
        url = reverse(f"budgeting:{name}", kwargs={"slug": ideas_process.slug})
        assert as_resident.get(url).status_code == 403, name
    assert as_resident.get(reverse("budgeting:process-add")).status_code == 403


def test_setting_up_a_process_through_the_form(
    professional: User, council: Organisation, area: Area
) -> None:
    client = Client()
    client.force_login(professional)
    url = reverse("budgeting:process-add")
    assert client.get(url).status_code == 200
    data = {
        **DATA,
        "organisation": council.pk,
        "areas": [area.pk],
        "residents_only": "on",
        "categories": "Parks\nYoung people",
        "starts_ideas": "2030-01-01",
        "starts_review": "2030-02-01",
        "starts_voting": "2030-03-01",
        "starts_results": "2030-04-01",
        "starts_delivery": "2030-05-01",
    }
    bad = client.post(url, {**data, "budget": "-5"})
    assert "The amount cannot be less than 0." in bad.content.decode()
    response = client.post(url, data)
    assert response.status_code == 302
    process = Process.objects.get()
    assert process.organisation == council
    assert process.categories == ["Parks", "Young people"]
    edit = reverse("budgeting:process-edit", kwargs={"slug": process.slug})
    response = client.post(edit, {**data, "title": "Millbrook Budget 2030"})
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == "Millbrook Budget 2030"


def test_phase_page_lists_each_change_in_words(
    as_coordinator: Client, ideas_process: Process, coordinator: User
) -> None:
    services.move_phase(
        actor=coordinator, process=ideas_process, to_phase="review", reason="Enough ideas"
    )
    url = reverse("budgeting:process-phase", kwargs={"slug": ideas_process.slug})
    page = as_coordinator.get(url).content.decode()
    assert '<td class="govuk-table__cell">Ideas</td>' in page
    assert '<td class="govuk-table__cell">Review</td>' in page
    assert "Cora Coordinator: Enough ideas" in page
