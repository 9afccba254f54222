from __future__ import annotations

import pytest

from coproduce.people.models import Profile, ProfileArea, RoleGrant, User
from coproduce.places.models import Area
from tests import factories
from tests.conftest import add_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def borough() -> Area:
    return factories.AreaFactory(name="Riverside", slug="riverside", kind=Area.Kind.BOROUGH)


@pytest.fixture
def old_quay(borough: Area) -> Area:
    return factories.AreaFactory(name="Old Quay", slug="old-quay", parent=borough)


@pytest.fixture
def millbrook(borough: Area) -> Area:
    return factories.AreaFactory(name="Millbrook", slug="millbrook", parent=borough)


def coordinator_of(area: Area) -> User:
    person = factories.UserFactory(display_name=f"Coordinator of {area.name}")
    factories.RoleGrantFactory(person=person, role=RoleGrant.Role.COORDINATOR, area=area)
    add_totp(person)
    return person


def lives_in(person: User, area: Area) -> User:
    profile, _ = Profile.objects.get_or_create(person=person)
    ProfileArea.objects.create(profile=profile, area=area)
    return person


def test_ward_coordinator_helps_residents_of_their_ward(old_quay: Area) -> None:
    resident = lives_in(factories.UserFactory(), old_quay)
    assert coordinator_of(old_quay).has_perm("people.act_for_person", resident)


def test_ward_coordinator_cannot_act_for_residents_of_another_ward(
    old_quay: Area, millbrook: Area
) -> None:
    resident = lives_in(factories.UserFactory(), millbrook)
    coordinator = coordinator_of(old_quay)
    assert not coordinator.has_perm("people.act_for_person", resident)
    assert not coordinator.has_perm("people.change_profile", resident)


def test_borough_coordinator_helps_residents_of_every_ward_in_it(
    borough: Area, millbrook: Area
) -> None:
    resident = lives_in(factories.UserFactory(), millbrook)
    assert coordinator_of(borough).has_perm("people.act_for_person", resident)


def test_any_coordinator_helps_someone_who_has_not_said_where_they_live(old_quay: Area) -> None:
    assert coordinator_of(old_quay).has_perm("people.act_for_person", factories.UserFactory())


def test_the_only_administrator_cannot_be_erased(administrator: User) -> None:
    from coproduce.common.errors import ServiceError
    from coproduce.people.services import erase_person

    with pytest.raises(ServiceError, match="only administrator"):
        erase_person(actor=administrator, person=administrator)
    administrator.refresh_from_db()
    assert administrator.erased_at is None


def test_an_administrator_can_be_erased_when_another_remains(administrator: User) -> None:
    from coproduce.people.services import erase_person

    other = factories.UserFactory(display_name="Second Admin")
    factories.RoleGrantFactory(person=other, role=RoleGrant.Role.ADMINISTRATOR)
    erase_person(actor=other, person=administrator)
    administrator.refresh_from_db()
    assert administrator.erased_at is not None
