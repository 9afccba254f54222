"""The organisation pages, through the HTTP client."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client

from coproduce.common.models import AuditEvent
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_member(vcs_group: Organisation) -> User:
    person = factories.UserFactory(display_name="Mo Member", email="mo@example.org")
    factories.MembershipFactory(person=person, organisation=vcs_group, title="Driver")
    return person


@pytest.fixture
def as_plain_member(plain_member: User) -> Client:
    client = Client()
    client.force_login(plain_member)
    return client


# --- The list -----------------------------------------------------------------------------


def test_list_shows_active_organisations_with_their_kind_and_tag(
    client: Client, vcs_group: Organisation, council: Organisation
) -> None:
    factories.OrganisationFactory(name="Riverside Café", kind="business", is_spend_partner=True)
    factories.OrganisationFactory(name="Closed Club", is_active=False)
    response = client.get("/organisations/")
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "Riverside Food Bank" in page
    assert "Public body" in page
    assert "Accepts time credits" in page
    assert "Closed Club" not in page
    assert "3 organisations" in page


def test_list_filters_by_kind_and_area_without_javascript(
    client: Client, vcs_group: Organisation, council: Organisation, area: Area
) -> None:
    vcs_group.areas.add(area)
    council.areas.add(area)
    factories.OrganisationFactory(name="Elsewhere Group")
    page = client.get("/organisations/", {"kind": "vcs", "area": area.slug}).content.decode()
    assert "Riverside Food Bank" in page
    assert "Riverside Council" not in page
    assert "Elsewhere Group" not in page
    assert '<option value="vcs" selected>' in page
    assert "Clear filters" in page


def test_area_filter_finds_organisations_in_the_wards_of_a_borough(
    client: Client, vcs_group: Organisation
) -> None:
    borough = factories.AreaFactory(name="Riverside", slug="riverside", kind=Area.Kind.BOROUGH)
    ward = factories.AreaFactory(name="Mill Lane", slug="mill-lane", parent=borough)
    vcs_group.areas.add(ward)
    factories.OrganisationFactory(name="Elsewhere Group")
    page = client.get("/organisations/", {"area": "riverside"}).content.decode()
    assert "Riverside Food Bank" in page
    assert "Elsewhere Group" not in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"kind": "nonsense"}, "Choose a kind from the list. We are showing every kind."),
        ({"area": "atlantis"}, "We could not find that area. We are showing every area."),
    ],
)
def test_bad_filter_is_explained_and_ignored(
    client: Client,
    vcs_group: Organisation,
    council: Organisation,
    query: dict[str, str],
    message: str,
) -> None:
    response = client.get("/organisations/", query)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert "Riverside Food Bank" in page
    assert "Riverside Council" in page


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("-1", "The page number must be 1 or more."),
        ("1000000000", "There is no page 1000000000."),
        ("lots", "The page number must be a whole number."),
    ],
)
def test_page_that_does_not_exist_is_a_helpful_404(
    client: Client, vcs_group: Organisation, number: str, message: str
) -> None:
    response = client.get("/organisations/", {"kind": "vcs", "page": number})
    assert response.status_code == 404
    page = response.content.decode()
    assert message in page
    assert 'href="/organisations/?kind=vcs"' in page


def test_next_page_link_keeps_the_filters(client: Client, area: Area) -> None:
    for number in range(25):
        factories.OrganisationFactory(name=f"Group {number:02}").areas.add(area)
    page = client.get("/organisations/", {"kind": "vcs", "area": area.slug}).content.decode()
    assert f'href="/organisations/?kind=vcs&amp;area={area.slug}&amp;page=2"' in page
    second = client.get("/organisations/", {"kind": "vcs", "area": area.slug, "page": 2})
    assert "Group 24" in second.content.decode()


def test_list_queries_do_not_grow_with_organisations(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    areas = [factories.AreaFactory() for _ in range(5)]
    for _ in range(50):
        factories.OrganisationFactory().areas.set(areas)
    # Areas for the filter, the chosen area, the areas inside it, count, page, areas served.
    with django_assert_max_num_queries(6):
        response = client.get("/organisations/", {"kind": "vcs", "area": areas[0].slug})
    assert response.status_code == 200
    assert "50 organisations" in response.content.decode()


def test_coordinator_sees_the_way_to_add_an_organisation(
    as_coordinator: Client, as_resident: Client
) -> None:
    assert "Add an organisation" in as_coordinator.get("/organisations/").content.decode()
    assert "Add an organisation" not in as_resident.get("/organisations/").content.decode()


# --- One organisation ---------------------------------------------------------------------


def test_organisation_page_shows_what_it_does_where_and_how_to_get_in_touch(
    client: Client, vcs_group: Organisation, area: Area
) -> None:
    vcs_group.description = "We share food."
    vcs_group.email = "hello@foodbank.example"
    vcs_group.phone = "01234 567890"
    vcs_group.website = "https://foodbank.example"
    vcs_group.is_spend_partner = True
    vcs_group.save()
    vcs_group.areas.add(area)
    page = client.get("/organisations/riverside-food-bank/").content.decode()
    assert page.count("<h1") == 1
    assert "Voluntary or community group" in page
    assert "We share food." in page
    assert 'href="/areas/riverside-north/"' in page
    assert "mailto:hello@foodbank.example" in page
    assert "01234 567890" in page
    assert "Accepts time credits" in page


def test_members_are_hidden_from_the_public_and_outsiders(
    client: Client, as_outsider: Client, plain_member: User
) -> None:
    for browser in (client, as_outsider):
        page = browser.get("/organisations/riverside-food-bank/").content.decode()
        assert "Mo Member" not in page
        assert "Change the details" not in page


@pytest.mark.parametrize("browser", ["as_plain_member", "as_coordinator", "as_administrator"])
def test_members_and_staff_see_the_member_list(
    browser: str, plain_member: User, group_member: User, request: pytest.FixtureRequest
) -> None:
    page = request.getfixturevalue(browser).get("/organisations/riverside-food-bank/")
    # The header names whoever is signed in, so look only at the member list.
    text = page.content.decode().split('id="members"')[1]
    # Managers first, then members, each with role and job title.
    assert text.index("Gita Group") < text.index("Mo Member")
    assert "Manager" in text
    assert "Driver" in text


def test_plain_member_cannot_see_the_editing_links(as_plain_member: Client) -> None:
    page = as_plain_member.get("/organisations/riverside-food-bank/").content.decode()
    assert "Change the details" not in page
    assert "Add a member" not in page


def test_manager_sees_the_editing_links_but_not_the_audit_log(
    as_group_member: Client, plain_member: User
) -> None:
    page = as_group_member.get("/organisations/riverside-food-bank/").content.decode()
    assert "Change the details" in page
    assert "Add a member" in page
    membership = Membership.objects.get(person=plain_member)
    assert f"/organisations/riverside-food-bank/members/{membership.pk}/" in page
    assert "See the changes made" not in page


def test_staff_are_linked_to_the_organisations_audit_log(
    as_coordinator: Client, vcs_group: Organisation
) -> None:
    content_type = ContentType.objects.get_for_model(Organisation)
    page = as_coordinator.get("/organisations/riverside-food-bank/").content.decode()
    audit_url = f"/audit/{content_type.pk}/{vcs_group.pk}/"
    assert audit_url in page
    assert as_coordinator.get(audit_url).status_code == 200


def test_inactive_or_unknown_organisation_is_a_404(client: Client) -> None:
    factories.OrganisationFactory(slug="closed", is_active=False)
    assert client.get("/organisations/closed/").status_code == 404
    assert client.get("/organisations/no-such-group/").status_code == 404


def test_organisation_page_queries_do_not_grow_with_members_or_areas(
    as_administrator: Client, vcs_group: Organisation, django_assert_max_num_queries: Any
) -> None:
    vcs_group.areas.set([factories.AreaFactory() for _ in range(5)])
    for _ in range(30):
        factories.MembershipFactory(organisation=vcs_group)
    # Five go on every signed-in staff request: session, person, two for roles, MFA.
    with django_assert_max_num_queries(10):
        response = as_administrator.get("/organisations/riverside-food-bank/")
    assert response.status_code == 200
    assert response.content.decode().count("govuk-summary-list__row") == 30


def test_member_list_page_past_the_end_is_a_helpful_404(
    as_coordinator: Client, vcs_group: Organisation
) -> None:
    response = as_coordinator.get("/organisations/riverside-food-bank/", {"page": "99"})
    assert response.status_code == 404
    assert 'href="/organisations/riverside-food-bank/"' in response.content.decode()


# --- Editing ------------------------------------------------------------------------------


def edit_form(**changes: Any) -> dict[str, Any]:
    data = {"name": "Riverside Food Bank", "kind": "vcs", "description": "We share food."}
    data.update(changes)
    return data


def test_non_member_editing_an_organisation_gets_403_and_nothing_changes(
    as_outsider: Client, vcs_group: Organisation
) -> None:
    assert as_outsider.get("/organisations/riverside-food-bank/edit/").status_code == 403
    response = as_outsider.post(
        "/organisations/riverside-food-bank/edit/", edit_form(name="Taken Over")
    )
    assert response.status_code == 403
    vcs_group.refresh_from_db()
    assert vcs_group.name == "Riverside Food Bank"
    assert not AuditEvent.objects.exists()


def test_member_who_is_not_a_manager_gets_403_when_editing(
    as_plain_member: Client, vcs_group: Organisation
) -> None:
    response = as_plain_member.post(
        "/organisations/riverside-food-bank/edit/", edit_form(name="Taken Over")
    )
    assert response.status_code == 403
    vcs_group.refresh_from_db()
    assert vcs_group.name == "Riverside Food Bank"


def test_manager_edits_the_organisation_through_the_form(
    as_group_member: Client, group_member: User, vcs_group: Organisation, area: Area
) -> None:
    form = as_group_member.get("/organisations/riverside-food-bank/edit/").content.decode()
    assert 'value="Riverside Food Bank"' in form
    response = as_group_member.post(
        "/organisations/riverside-food-bank/edit/",
        edit_form(areas=[area.pk], website="foodbank.example", is_spend_partner="on"),
    )
    assert response.status_code == 302
    vcs_group.refresh_from_db()
    assert vcs_group.website == "https://foodbank.example"
    assert vcs_group.is_spend_partner
    assert list(vcs_group.areas.all()) == [area]
    event = AuditEvent.objects.get(action="organisations.change_organisation")
    assert event.actor == group_member


def test_administrator_edits_the_organisation_through_the_form(
    as_administrator: Client, vcs_group: Organisation
) -> None:
    response = as_administrator.post(
        "/organisations/riverside-food-bank/edit/", edit_form(name="Riverside Food Share")
    )
    assert response.status_code == 302
    vcs_group.refresh_from_db()
    assert vcs_group.name == "Riverside Food Share"


def test_bad_contact_email_is_shown_in_the_form(
    as_group_member: Client, vcs_group: Organisation
) -> None:
    response = as_group_member.post(
        "/organisations/riverside-food-bank/edit/", edit_form(email="not an email")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'href="#id_email"' in page
    vcs_group.refresh_from_db()
    assert vcs_group.description == ""


def test_signed_out_visitor_is_sent_to_sign_in(client: Client, vcs_group: Organisation) -> None:
    response = client.post("/organisations/riverside-food-bank/edit/", edit_form(name="x"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# --- Adding -------------------------------------------------------------------------------


def test_coordinator_adds_an_organisation_and_manages_it(
    as_coordinator: Client, coordinator: User
) -> None:
    response = as_coordinator.post(
        "/organisations/add/",
        {"name": "Riverside Repair Café", "kind": "vcs", "creator_is_manager": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/organisations/riverside-repair-cafe/"
    organisation = Organisation.objects.get(slug="riverside-repair-cafe")
    assert organisation.memberships.get().person == coordinator
    page = as_coordinator.get(response["Location"]).content.decode()
    assert "Change the details" in page


def test_adding_an_organisation_with_a_taken_address_is_explained(
    as_coordinator: Client, vcs_group: Organisation
) -> None:
    response = as_coordinator.post(
        "/organisations/add/",
        {"name": "Another Food Bank", "kind": "vcs", "slug": "riverside-food-bank"},
    )
    assert response.status_code == 200
    assert "already an organisation with the web address" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_resident_cannot_add_an_organisation(as_resident: Client) -> None:
    assert as_resident.get("/organisations/add/").status_code == 403
    response = as_resident.post("/organisations/add/", {"name": "Mine", "kind": "vcs"})
    assert response.status_code == 403
    assert not Organisation.objects.exists()
