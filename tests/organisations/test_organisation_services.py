"""Organisations and their members through the services: permission checked, audited, safe."""

from __future__ import annotations

import pytest

from coproduce.common.errors import Conflict, NotFound, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.organisations import services
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from coproduce.people.roles import roles_of
from coproduce.places.models import Area
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def plain_member(vcs_group: Organisation) -> User:
    person = factories.UserFactory(display_name="Mo Member", email="mo@example.org")
    factories.MembershipFactory(person=person, organisation=vcs_group)
    return person


# --- Changing an organisation -------------------------------------------------------------


def test_non_member_cannot_edit_an_organisation(outsider: User, vcs_group: Organisation) -> None:
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            actor=outsider, organisation=vcs_group, data={"name": "Taken Over"}
        )
    vcs_group.refresh_from_db()
    assert vcs_group.name == "Riverside Food Bank"
    assert not AuditEvent.objects.exists()


def test_member_who_is_not_a_manager_cannot_edit(
    plain_member: User, vcs_group: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            actor=plain_member, organisation=vcs_group, data={"description": "Ours now"}
        )
    vcs_group.refresh_from_db()
    assert vcs_group.description == ""


def test_coordinator_cannot_edit_an_organisation_they_do_not_manage(
    coordinator: User, vcs_group: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.update_organisation(
            actor=coordinator, organisation=vcs_group, data={"name": "Renamed"}
        )


def test_manager_edits_their_organisation_and_it_is_audited(
    group_member: User, vcs_group: Organisation, area: Area
) -> None:
    updated = services.update_organisation(
        actor=group_member,
        organisation=vcs_group,
        data={
            "description": "We share food.",
            "phone": " 01234 567890 ",
            "areas": [area],
            "is_spend_partner": True,
        },
    )
    vcs_group.refresh_from_db()
    assert vcs_group.description == "We share food."
    assert vcs_group.phone == "01234 567890"
    assert vcs_group.is_spend_partner
    assert list(vcs_group.areas.all()) == [area]
    assert updated.pk == vcs_group.pk
    event = AuditEvent.objects.get(action="organisations.change_organisation")
    assert event.actor == group_member
    assert event.object_id == str(vcs_group.pk)
    assert event.changes == {
        "description": "We share food.",
        "phone": "01234 567890",
        "is_spend_partner": True,
        "areas": ["Riverside North"],
    }


def test_administrator_edits_any_organisation(administrator: User, vcs_group: Organisation) -> None:
    services.update_organisation(
        actor=administrator, organisation=vcs_group, data={"kind": Organisation.Kind.BUSINESS}
    )
    vcs_group.refresh_from_db()
    assert vcs_group.kind == Organisation.Kind.BUSINESS
    assert AuditEvent.objects.get().actor == administrator


def test_saving_the_same_details_records_nothing(
    group_member: User, vcs_group: Organisation
) -> None:
    services.update_organisation(
        actor=group_member,
        organisation=vcs_group,
        data={"name": "Riverside Food Bank", "areas": []},
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": " "}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"website": "javascript:alert(1)"}, "website"),
        ({"kind": "secret_society"}, "kind"),
        ({"areas": ["riverside-north"]}, "areas"),
        ({"slug": "Has Spaces"}, "slug"),
        ({"is_active": False}, None),
    ],
)
def test_bad_details_change_nothing(
    group_member: User, vcs_group: Organisation, data: dict[str, object], field: str | None
) -> None:
    with pytest.raises(ServiceError) as caught:
        services.update_organisation(actor=group_member, organisation=vcs_group, data=data)
    assert caught.value.field == field
    vcs_group.refresh_from_db()
    assert (vcs_group.name, vcs_group.email, vcs_group.kind, vcs_group.is_active) == (
        "Riverside Food Bank",
        "",
        Organisation.Kind.VCS,
        True,
    )
    assert not AuditEvent.objects.exists()


def test_a_failed_edit_leaves_the_callers_object_as_it_was(
    group_member: User, vcs_group: Organisation
) -> None:
    with pytest.raises(ServiceError):
        services.update_organisation(
            actor=group_member,
            organisation=vcs_group,
            data={"name": "New Name", "email": "broken"},
        )
    assert vcs_group.name == "Riverside Food Bank"


# --- Adding an organisation ---------------------------------------------------------------


def test_coordinator_adds_an_organisation_and_becomes_its_manager(
    coordinator: User, area: Area
) -> None:
    organisation = services.create_organisation(
        actor=coordinator,
        data={"name": "Riverside Repair Café", "kind": Organisation.Kind.VCS, "areas": [area]},
        creator_is_manager=True,
    )
    assert organisation.slug == "riverside-repair-cafe"
    assert list(organisation.areas.all()) == [area]
    membership = Membership.objects.get(organisation=organisation)
    assert (membership.person, membership.role) == (coordinator, Membership.Role.MANAGER)
    # The coordinator's cached roles were refreshed, so they can manage it at once.
    assert organisation.pk in roles_of(coordinator).manager_of
    assert coordinator.has_perm("organisations.change_organisation", organisation)
    event = AuditEvent.objects.get(action="organisations.add_organisation")
    assert event.actor == coordinator
    assert event.changes["areas"] == ["Riverside North"]


def test_administrator_adds_an_organisation_without_joining_it(administrator: User) -> None:
    organisation = services.create_organisation(
        actor=administrator, data={"name": "Riverside NHS Trust", "kind": "public_body"}
    )
    assert not organisation.memberships.exists()


@pytest.mark.parametrize("persona", ["resident", "group_member", "professional"])
def test_only_coordinators_and_administrators_add_organisations(
    persona: str, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.create_organisation(actor=actor, data={"name": "Mine", "kind": "vcs"})
    assert not Organisation.objects.filter(name="Mine").exists()


def test_taken_web_address_gets_a_clear_error(coordinator: User, vcs_group: Organisation) -> None:
    with pytest.raises(ServiceError) as caught:
        services.create_organisation(
            actor=coordinator, data={"name": "Riverside Food Bank", "kind": "vcs"}
        )
    assert caught.value.field == "slug"
    assert "riverside-food-bank" in caught.value.message
    assert Organisation.objects.count() == 1


def test_missing_kind_is_refused(coordinator: User) -> None:
    with pytest.raises(ServiceError) as caught:
        services.create_organisation(actor=coordinator, data={"name": "Kindless"})
    assert caught.value.field == "kind"
    assert not Organisation.objects.exists()


# --- Members ------------------------------------------------------------------------------


def test_manager_adds_a_person_by_email(
    group_member: User, vcs_group: Organisation, resident: User
) -> None:
    assert roles_of(resident).member_of == frozenset()
    membership = services.add_member(
        actor=group_member,
        organisation=vcs_group,
        email=" RITA@example.org ",
        title="Volunteer",
    )
    assert (membership.person, membership.role, membership.title) == (
        resident,
        Membership.Role.MEMBER,
        "Volunteer",
    )
    event = AuditEvent.objects.get(action="organisations.add_member")
    assert event.actor == group_member
    assert event.object_id == str(vcs_group.pk)
    assert event.changes["person"] == resident.pk


def test_adding_an_unknown_email_is_refused_clearly(
    group_member: User, vcs_group: Organisation
) -> None:
    with pytest.raises(ServiceError) as caught:
        services.add_member(actor=group_member, organisation=vcs_group, email="nobody@example.org")
    assert caught.value.field == "email"
    assert "No one with the email address nobody@example.org has an account" in (
        caught.value.message
    )
    assert vcs_group.memberships.count() == 1


def test_adding_someone_twice_is_refused(
    group_member: User, vcs_group: Organisation, plain_member: User
) -> None:
    with pytest.raises(Conflict) as caught:
        services.add_member(actor=group_member, organisation=vcs_group, email="mo@example.org")
    assert "Mo Member is already a member of Riverside Food Bank" in caught.value.message
    assert vcs_group.memberships.count() == 2


def test_adding_with_a_made_up_role_is_refused(
    group_member: User, vcs_group: Organisation, resident: User
) -> None:
    with pytest.raises(ServiceError) as caught:
        services.add_member(
            actor=group_member, organisation=vcs_group, email=resident.email or "", role="owner"
        )
    assert caught.value.field == "role"


def test_member_who_is_not_a_manager_cannot_add_people(
    plain_member: User, vcs_group: Organisation, resident: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.add_member(actor=plain_member, organisation=vcs_group, email="rita@example.org")
    assert not vcs_group.memberships.filter(person=resident).exists()


def test_manager_makes_a_member_a_manager(
    group_member: User, vcs_group: Organisation, plain_member: User
) -> None:
    membership = Membership.objects.get(person=plain_member)
    services.change_member_role(
        actor=group_member, membership=membership, role=Membership.Role.MANAGER, title="Chair"
    )
    membership.refresh_from_db()
    assert (membership.role, membership.title) == (Membership.Role.MANAGER, "Chair")
    event = AuditEvent.objects.get(action="organisations.change_member")
    assert event.changes == {"person": plain_member.pk, "role": "manager", "title": "Chair"}


def test_last_manager_cannot_step_down(group_member: User, vcs_group: Organisation) -> None:
    membership = Membership.objects.get(person=group_member)
    with pytest.raises(ServiceError) as caught:
        services.change_member_role(
            actor=group_member, membership=membership, role=Membership.Role.MEMBER
        )
    assert "Gita Group is the only manager of Riverside Food Bank" in caught.value.message
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MANAGER


def test_manager_who_steps_down_loses_manager_rights_at_once(
    group_member: User, vcs_group: Organisation, plain_member: User
) -> None:
    Membership.objects.filter(person=plain_member).update(role=Membership.Role.MANAGER)
    assert group_member.has_perm("organisations.change_organisation", vcs_group)
    services.change_member_role(
        actor=group_member,
        membership=Membership.objects.get(person=group_member),
        role=Membership.Role.MEMBER,
    )
    assert not group_member.has_perm("organisations.change_organisation", vcs_group)


def test_last_manager_cannot_be_removed(
    administrator: User, group_member: User, vcs_group: Organisation
) -> None:
    with pytest.raises(ServiceError) as caught:
        services.remove_member(
            actor=administrator, membership=Membership.objects.get(person=group_member)
        )
    assert caught.value.code == "last_manager"
    assert vcs_group.memberships.filter(person=group_member).exists()
    assert not AuditEvent.objects.exists()


def test_manager_removes_a_member(
    group_member: User, vcs_group: Organisation, plain_member: User
) -> None:
    services.remove_member(
        actor=group_member, membership=Membership.objects.get(person=plain_member)
    )
    assert not vcs_group.memberships.filter(person=plain_member).exists()
    event = AuditEvent.objects.get(action="organisations.remove_member")
    assert (event.actor, event.changes) == (group_member, {"person": plain_member.pk})


def test_removing_a_membership_twice_says_it_has_gone(
    group_member: User, plain_member: User
) -> None:
    membership = Membership.objects.get(person=plain_member)
    services.remove_member(actor=group_member, membership=membership)
    with pytest.raises(NotFound):
        services.remove_member(actor=group_member, membership=membership)


def test_outsider_cannot_remove_or_change_members(
    outsider: User, group_member: User, plain_member: User
) -> None:
    membership = Membership.objects.get(person=plain_member)
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=outsider, membership=membership)
    with pytest.raises(PermissionDenied):
        services.change_member_role(actor=outsider, membership=membership, role="manager")
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER


def test_manager_of_one_organisation_cannot_touch_another(
    group_member: User, council: Organisation, professional: User
) -> None:
    membership = Membership.objects.get(person=professional, organisation=council)
    with pytest.raises(PermissionDenied):
        services.remove_member(actor=group_member, membership=membership)
    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=group_member, organisation=council, data={"name": "x"})


def test_coordinator_can_add_the_first_manager_of_a_new_organisation(
    coordinator: User, resident: User
) -> None:
    organisation = factories.OrganisationFactory(name="Millbrook Allotments")
    services.add_member(
        actor=coordinator,
        organisation=organisation,
        email=resident.email,
        role=Membership.Role.MANAGER,
    )
    membership = organisation.memberships.get()
    assert (membership.person, membership.role) == (resident, Membership.Role.MANAGER)
