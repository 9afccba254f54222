"""Co-delivery through the web pages: finding, signing up, the register, hours, checks."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.delivery.models import Contribution, Opportunity, SafeguardingCheck, Shift, SignUp
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests import factories
from tests.conftest import signed_in
from tests.delivery.conftest import make_opportunity, make_shift

pytestmark = pytest.mark.django_db


def count_queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_anyone_can_find_published_opportunities(client: Client, shift: Shift) -> None:
    hidden = make_opportunity(shift.opportunity.organisation, title="Secret plans")
    hidden.is_published = False
    hidden.save()
    page = client.get("/opportunities/").content.decode()
    assert "Pack food parcels" in page
    assert "Secret plans" not in page
    assert client.get(f"/opportunities/{hidden.pk}/").status_code == 404


def test_list_filters_by_kind_and_reports_a_bad_area(client: Client, shift: Shift) -> None:
    make_opportunity(shift.opportunity.organisation, title="Weekly café", kind="regular")
    page = client.get("/opportunities/?kind=regular").content.decode()
    assert "Weekly café" in page and "Pack food parcels" not in page
    page = client.get("/opportunities/?area=nowhere").content.decode()
    assert "We could not find that area" in page
    assert "Pack food parcels" in page


def test_list_query_count_does_not_grow_with_the_list(
    client: Client, vcs_group: Organisation
) -> None:
    make_shift(make_opportunity(vcs_group))
    few = count_queries(client, "/opportunities/")
    for number in range(15):
        make_shift(make_opportunity(vcs_group, title=f"Task {number}"))
    assert count_queries(client, "/opportunities/") == few


def test_opportunity_page_query_count_does_not_grow_with_shifts(
    as_resident: Client, opportunity: Opportunity
) -> None:
    make_shift(opportunity)
    path = f"/opportunities/{opportunity.pk}/"
    few = count_queries(as_resident, path)
    for day in range(2, 9):
        make_shift(opportunity, starts_in=datetime.timedelta(days=day * 3))
    assert count_queries(as_resident, path) == few


def test_resident_signs_up_joins_waiting_list_and_withdraws(
    as_resident: Client, resident: User, shift: Shift
) -> None:
    response = as_resident.post(f"/opportunities/shifts/{shift.pk}/sign-up/", follow=True)
    assert "You are signed up" in response.content.decode()
    assert "Withdraw" in response.content.decode()
    response = as_resident.post(f"/opportunities/shifts/{shift.pk}/sign-up/", follow=True)
    assert "already signed up" in response.content.decode()
    assert SignUp.objects.filter(person=resident).count() == 1
    response = as_resident.post(f"/opportunities/shifts/{shift.pk}/withdraw/", follow=True)
    assert "no longer signed up" in response.content.decode()


def test_full_shift_offers_the_waiting_list(as_resident: Client, shift: Shift) -> None:
    shift.capacity = 1
    shift.save()
    other = factories.UserFactory()
    SignUp.objects.create(shift=shift, person=other, status="confirmed")
    page = as_resident.get(f"/opportunities/{shift.opportunity_id}/").content.decode()
    assert "Join the waiting list" in page
    response = as_resident.post(f"/opportunities/shifts/{shift.pk}/sign-up/", follow=True)
    assert "number 1 on the waiting list" in response.content.decode()


def test_signing_up_needs_an_account(client: Client, shift: Shift) -> None:
    response = client.post(f"/opportunities/shifts/{shift.pk}/sign-up/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not SignUp.objects.exists()


def test_manager_adds_an_opportunity_and_a_shift(
    as_group_member: Client, vcs_group: Organisation
) -> None:
    response = as_group_member.post(
        "/opportunities/add/",
        {
            "organisation": vcs_group.pk,
            "title": "Garden day",
            "description": "Dig and plant.",
            "kind": "one_off",
            "safeguarding": "none",
        },
    )
    opportunity = Opportunity.objects.get(title="Garden day")
    assert response["Location"] == f"/opportunities/{opportunity.pk}/"
    day = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()
    response = as_group_member.post(
        f"/opportunities/{opportunity.pk}/shifts/add/",
        {"date": day, "starts": "10:00", "ends": "09:00", "capacity": "4"},
    )
    assert "The shift must end after it starts" in response.content.decode()
    assert not Shift.objects.exists()
    as_group_member.post(
        f"/opportunities/{opportunity.pk}/shifts/add/",
        {"date": day, "starts": "10:00", "ends": "12:00", "capacity": "4"},
    )
    assert Shift.objects.get().capacity == 4
    as_group_member.post(f"/opportunities/{opportunity.pk}/publish/", {"publish": "yes"})
    opportunity.refresh_from_db()
    assert opportunity.is_published


@pytest.mark.parametrize("persona", ["as_resident", "as_outsider"])
def test_non_organisers_cannot_open_organiser_pages(
    request: pytest.FixtureRequest, persona: str, past_shift: Shift
) -> None:
    client: Client = request.getfixturevalue(persona)
    pk = past_shift.opportunity_id
    for path in (
        "/opportunities/add/",
        f"/opportunities/{pk}/edit/",
        f"/opportunities/{pk}/shifts/add/",
        f"/opportunities/shifts/{past_shift.pk}/register/",
        f"/opportunities/shifts/{past_shift.pk}/register/print/",
        "/opportunities/hours/to-confirm/",
        "/opportunities/safeguarding/",
        "/opportunities/safeguarding/add/",
    ):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/opportunities/{pk}/publish/", {"publish": "no"}).status_code == 403
    assert Opportunity.objects.get(pk=pk).is_published


def test_organiser_marks_attendance_on_the_register(
    as_group_member: Client, past_shift: Shift, resident: User
) -> None:
    SignUp.objects.create(shift=past_shift, person=resident, status="confirmed")
    path = f"/opportunities/shifts/{past_shift.pk}/register/"
    assert "Rita Resident" in as_group_member.get(path).content.decode()
    assert "Rita Resident" in as_group_member.get(path + "print/").content.decode()
    as_group_member.post(path, {"attended": [str(resident.pk)]})
    contribution = Contribution.objects.get()
    assert (contribution.person, contribution.status) == (resident, "confirmed")
    assert "hours recorded" in as_group_member.get(path).content.decode()


def test_resident_logs_hours_and_sees_them(as_resident: Client, opportunity: Opportunity) -> None:
    yesterday = (timezone.localdate() - datetime.timedelta(days=1)).isoformat()
    response = as_resident.post(
        "/opportunities/hours/log/",
        {"opportunity": opportunity.pk, "date": yesterday, "hours": "30"},
    )
    assert "more than 24 hours" in response.content.decode()
    assert not Contribution.objects.exists()
    as_resident.post(
        "/opportunities/hours/log/",
        {"opportunity": opportunity.pk, "date": yesterday, "hours": "2.5"},
    )
    page = as_resident.get("/opportunities/hours/").content.decode()
    assert "Waiting for the organiser" in page
    assert "2.5" in page


def test_organiser_rejects_hours_with_a_reason(
    as_group_member: Client, resident: User, opportunity: Opportunity
) -> None:
    contribution = Contribution.objects.create(
        person=resident,
        opportunity=opportunity,
        date=timezone.localdate(),
        hours=2,
        source="logged",
    )
    assert (
        "Rita Resident" in as_group_member.get("/opportunities/hours/to-confirm/").content.decode()
    )
    path = f"/opportunities/hours/{contribution.pk}/"
    response = as_group_member.post(path, {"decision": "reject", "reason": ""})
    assert "Say why" in response.content.decode()
    as_group_member.post(path, {"decision": "reject", "reason": "Not that day"})
    contribution.refresh_from_db()
    assert contribution.status == "rejected"


def test_organiser_cannot_confirm_their_own_hours_on_the_page(
    as_group_member: Client, group_member: User, opportunity: Opportunity
) -> None:
    contribution = Contribution.objects.create(
        person=group_member,
        opportunity=opportunity,
        date=timezone.localdate(),
        hours=2,
        source="logged",
    )
    response = as_group_member.post(
        f"/opportunities/hours/{contribution.pk}/", {"decision": "confirm"}
    )
    assert "your own hours" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.status == "logged"


def test_coordinator_records_a_check_and_sees_it_expiring(
    as_coordinator: Client, resident: User
) -> None:
    today = timezone.localdate()
    as_coordinator.post(
        "/opportunities/safeguarding/add/",
        {
            "email": "rita@example.org",
            "kind": "enhanced",
            "checked_on": (today - datetime.timedelta(days=300)).isoformat(),
            "expires_on": (today + datetime.timedelta(days=20)).isoformat(),
        },
    )
    check = SafeguardingCheck.objects.get()
    assert check.person == resident
    assert "Rita Resident" in as_coordinator.get("/opportunities/safeguarding/").content.decode()


def test_organisation_page_lists_its_opportunities(client: Client, shift: Shift) -> None:
    page = client.get(shift.opportunity.organisation.get_absolute_url()).content.decode()
    assert "Pack food parcels" in page


def test_dashboard_and_navigation_link_here(as_resident: Client) -> None:
    page = as_resident.get("/people/me/").content.decode()
    assert "/opportunities/hours/" in page
    assert "Things to do" in page


def test_staff_helping_someone_signs_them_up(
    coordinator: User, resident: User, shift: Shift
) -> None:
    client = signed_in(coordinator)
    client.post(f"/people/staff/{resident.pk}/act/")
    client.post(f"/opportunities/shifts/{shift.pk}/sign-up/")
    signup = SignUp.objects.get()
    assert (signup.person, signup.created_by) == (resident, coordinator)


def test_organisers_see_their_volunteers_hours_on_the_organisation_page(
    as_group_member: Client, client: Client, resident: User, opportunity: Opportunity
) -> None:
    Contribution.objects.create(
        person=resident,
        opportunity=opportunity,
        date=timezone.localdate(),
        hours=3,
        source="attendance",
        status="confirmed",
    )
    path = opportunity.organisation.get_absolute_url()
    assert "Rita Resident" in as_group_member.get(path).content.decode()
    assert "Rita Resident" not in client.get(path).content.decode()
