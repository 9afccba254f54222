"""The skills escalator: the rules engine, its levels set by an administrator, and the page."""

from __future__ import annotations

import datetime
import importlib
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coproduce.delivery import escalator, reports, services
from coproduce.delivery.models import Contribution, EscalatorLevel, Opportunity
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.delivery.conftest import make_opportunity, make_shift
from tests.delivery.factories import escalator_levels

activities = st.builds(
    escalator.Activity,
    hours=st.decimals(min_value=0, max_value=500, places=2),
    months_active=st.integers(0, 40),
    shifts=st.integers(0, 100),
    times_led=st.integers(0, 10),
    times_trained=st.integers(0, 10),
)
more = st.builds(
    escalator.Activity,
    hours=st.decimals(min_value=0, max_value=100, places=2),
    months_active=st.integers(0, 10),
    shifts=st.integers(0, 20),
    times_led=st.integers(0, 3),
    times_trained=st.integers(0, 3),
)


def plus(a: escalator.Activity, b: escalator.Activity) -> escalator.Activity:
    return escalator.Activity(
        hours=a.hours + b.hours,
        months_active=a.months_active + b.months_active,
        shifts=a.shifts + b.shifts,
        times_led=a.times_led + b.times_led,
        times_trained=a.times_trained + b.times_trained,
    )


# Drawing is cheap; on a busy machine a stalled draw must not fail the test.
RELAXED = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@RELAXED
@given(activities, more)
def test_more_activity_never_lowers_the_level(
    activity: escalator.Activity, extra: escalator.Activity
) -> None:
    before = escalator.rank(escalator.progress(activity))
    after = escalator.rank(escalator.progress(plus(activity, extra)))
    assert after >= before


@RELAXED
@given(activities)
def test_the_next_step_always_needs_something_more(activity: escalator.Activity) -> None:
    result = escalator.progress(activity)
    if result.next_level is None:
        assert result.level is not None and result.level.level == escalator.TRAINING
    else:
        assert result.needs.anything
        assert not result.next_level.is_met_by(activity)


def test_nothing_done_yet_means_no_level_and_taking_part_next() -> None:
    result = escalator.progress(escalator.Activity())
    assert result.level is None
    assert result.next_level is not None
    assert result.next_level.level == escalator.TAKING_PART
    assert result.needs.hours == Decimal("0.25")


def test_helping_regularly_needs_hours_months_and_shifts() -> None:
    activity = escalator.Activity(hours=Decimal(12), months_active=2, shifts=6)
    result = escalator.progress(activity)
    assert result.level is not None and result.level.level == escalator.TAKING_PART
    assert result.needs == escalator.Needs(months=1)


def test_leading_needs_having_led_even_with_many_hours() -> None:
    activity = escalator.Activity(hours=Decimal(100), months_active=12, shifts=40)
    result = escalator.progress(activity)
    assert result.level is not None and result.level.level == escalator.HELPING_REGULARLY
    assert result.needs == escalator.Needs(led=1)


def test_a_level_is_not_reached_while_one_below_it_is_not() -> None:
    rules = [escalator.Rule("a", min_shifts=5), escalator.Rule("b", min_hours=Decimal(1))]
    result = escalator.progress(escalator.Activity(hours=Decimal(3), shifts=1), rules)
    assert result.level is None
    assert result.next_level == rules[0]


@pytest.fixture
def levels(db: Any) -> list[EscalatorLevel]:
    """The product's levels, made here: a reused test database may have lost the seeded ones."""
    return escalator_levels()


def test_the_migration_seeds_the_default_levels() -> None:
    seeded = importlib.import_module("coproduce.delivery.migrations.0003_escalator").LEVELS
    assert [row[0] for row in seeded] == list(escalator.LEVELS)
    assert [
        escalator.Rule(level, Decimal(hours), months, shifts, led, trained)
        for level, _order, hours, months, shifts, led, trained, _kind in seeded
    ] == list(escalator.DEFAULT_RULES)


def test_default_levels_give_the_default_rules(levels: list[EscalatorLevel]) -> None:
    found = reports.escalator_levels()
    assert [level.level for level in found] == list(escalator.LEVELS)
    assert reports.rules_from(found) == list(escalator.DEFAULT_RULES)


def confirmed(person: User, opportunity: Opportunity, day: datetime.date, **values: Any) -> Any:
    values.setdefault("hours", Decimal(2))
    return Contribution.objects.create(
        person=person,
        opportunity=opportunity,
        date=day,
        status=Contribution.Status.CONFIRMED,
        source=Contribution.Source.ATTENDANCE,
        **values,
    )


def test_activity_counts_months_shifts_and_leading_but_not_reversed_hours(
    resident: User, coordinator: User, opportunity: Opportunity
) -> None:
    shift = make_shift(opportunity, starts_in=-datetime.timedelta(days=40))
    confirmed(resident, opportunity, datetime.date(2026, 1, 5), shift=shift)
    confirmed(resident, opportunity, datetime.date(2026, 1, 20), role=Contribution.Role.LED)
    mistaken = confirmed(resident, opportunity, datetime.date(2026, 3, 2), hours=Decimal(5))
    services.correct_contribution(actor=coordinator, contribution=mistaken, reason="Not there")
    activity = reports.activity_of(resident)
    assert activity == escalator.Activity(
        hours=Decimal(4), months_active=1, shifts=1, times_led=1, times_trained=0
    )


def test_an_administrator_can_change_the_thresholds(
    resident: User, opportunity: Opportunity, levels: list[EscalatorLevel]
) -> None:
    confirmed(resident, opportunity, datetime.date(2026, 1, 5))
    EscalatorLevel.objects.filter(level=escalator.HELPING_REGULARLY).update(
        min_hours=1, min_months=1, min_shifts=0
    )
    rules = reports.rules_from(reports.escalator_levels())
    result = escalator.progress(reports.activity_of(resident), rules)
    assert result.level is not None and result.level.level == escalator.HELPING_REGULARLY


def test_escalator_levels_are_in_the_site_administration(
    as_administrator: Client, administrator: User, levels: list[EscalatorLevel]
) -> None:
    administrator.is_staff = administrator.is_superuser = True
    administrator.save()
    response = as_administrator.get("/admin/delivery/escalatorlevel/")
    assert response.status_code == 200
    assert "Helping regularly" in response.content.decode()


def test_next_step_page_shows_level_what_is_needed_and_opportunities_that_lead_there(
    as_resident: Client,
    resident: User,
    opportunity: Opportunity,
    vcs_group: Organisation,
    levels: list[EscalatorLevel],
    django_assert_max_num_queries: Any,
) -> None:
    confirmed(resident, opportunity, datetime.date(2026, 1, 5))
    regular = make_opportunity(vcs_group, title="Weekly garden club", kind=Opportunity.Kind.REGULAR)
    make_shift(regular)
    one_off = make_opportunity(vcs_group, title="Litter pick day")
    make_shift(one_off)
    with django_assert_max_num_queries(20):
        response = as_resident.get(reverse("delivery:next-step"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "Taking part" in page
    assert "Next: Helping regularly" in page
    assert "8 more hours" in page
    assert "Weekly garden club" in page
    assert "Litter pick day" not in page


def test_hours_page_links_to_the_next_step(as_resident: Client) -> None:
    response = as_resident.get(reverse("delivery:hours"))
    assert reverse("delivery:next-step") in response.content.decode()


def test_next_step_needs_signing_in(client: Client, db: Any) -> None:
    response = client.get(reverse("delivery:next-step"))
    assert response.status_code == 302


@pytest.mark.parametrize("hours", ["0.25", "3"])
def test_someone_new_is_offered_taking_part_first(
    hours: str,
    as_resident: Client,
    resident: User,
    opportunity: Opportunity,
    levels: list[EscalatorLevel],
) -> None:
    confirmed(resident, opportunity, datetime.date(2026, 2, 1), hours=Decimal(hours))
    response = as_resident.get(reverse("delivery:next-step"))
    assert "Taking part" in response.content.decode()
