"""Factories for every model the tests need. Personas are built from these in conftest.py."""

from __future__ import annotations

from typing import Any

import factory
from factory.django import DjangoModelFactory

from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import Profile, RoleGrant, Skill, User
from coproduce.places.models import Area

PASSWORD = "correct-horse-battery-staple"


class AreaFactory(DjangoModelFactory[Area]):
    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Ward {n}")
    slug = factory.Sequence(lambda n: f"ward-{n}")
    kind = Area.Kind.WARD


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        """Mark the email as verified, as allauth would after the link is followed."""
        if not create:
            return
        obj.save()
        Profile.objects.get_or_create(person=obj)
        if obj.email and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = Organisation.Kind.VCS


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    organisation = factory.SubFactory(OrganisationFactory)
    person = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class RoleGrantFactory(DjangoModelFactory[RoleGrant]):
    class Meta:
        model = RoleGrant

    person = factory.SubFactory(UserFactory)
    role = RoleGrant.Role.COORDINATOR
    area = None


class SkillFactory(DjangoModelFactory[Skill]):
    """Curated skills come from a data migration, but a flushed test database has none."""

    class Meta:
        model = Skill
        django_get_or_create = ("name", "kind")

    name = factory.Sequence(lambda n: f"Skill {n}")
    kind = Skill.Kind.SKILL
