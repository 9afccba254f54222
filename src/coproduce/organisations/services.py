"""Changes to organisations and their members.

Managers look after their own organisation; administrators look after every one; coordinators
and administrators add new ones. An organisation always keeps at least one manager once it has
one, so there is always someone who can look after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, NotFound, ServiceError
from coproduce.common.permissions import require
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from coproduce.people.roles import forget_roles
from coproduce.places.models import Area
from coproduce.places.validation import check_slug

if TYPE_CHECKING:
    from django.db.models import Model

ORGANISATION_FIELDS = frozenset(
    {
        "name",
        "slug",
        "kind",
        "description",
        "website",
        "email",
        "phone",
        "address",
        "areas",
        "is_spend_partner",
    }
)
TEXT_FIELDS = ("name", "description", "website", "email", "phone", "address")
MAX_SLUG_LENGTH = 160


# --- The organisation ---------------------------------------------------------------------


def create_organisation(
    *, actor: User, data: Mapping[str, Any], creator_is_manager: bool = False
) -> Organisation:
    """Add an organisation; its creator may become its first manager."""
    with transaction.atomic():
        require(actor, "organisations.add_organisation")
        values = _checked_values(data)
        areas = values.pop("areas", [])
        if not values.get("slug"):
            values["slug"] = slugify(values.get("name", ""))[:MAX_SLUG_LENGTH].strip("-")
        organisation = Organisation(**values)
        _check_slug_free(organisation)
        _validate_model(organisation)
        _save(organisation)
        organisation.areas.set(areas)
        if creator_is_manager:
            Membership.objects.create(
                organisation=organisation, person=actor, role=Membership.Role.MANAGER
            )
            forget_roles(actor)
        audit.record(
            actor=actor,
            action="organisations.add_organisation",
            target=organisation,
            summary=f"Added the organisation {organisation.name}",
            changes={**values, "areas": [area.name for area in areas]},
        )
        return organisation


def update_organisation(
    *, actor: User, organisation: Organisation, data: Mapping[str, Any]
) -> Organisation:
    """Change an organisation's details; only what is in `data` changes."""
    with transaction.atomic():
        require(actor, "organisations.change_organisation", organisation)
        values = _checked_values(data)
        if "slug" in values and not values["slug"]:
            del values["slug"]
        areas = values.pop("areas", None)
        # Change a fresh, locked copy: the caller's object stays as it was if a check fails.
        organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
        changes = audit.changed_fields(organisation, values)
        if "slug" in changes:
            _check_slug_free(organisation)
        if changes:
            _validate_model(organisation)
            _save(organisation)
        if areas is not None and _areas_differ(organisation, areas):
            organisation.areas.set(areas)
            changes["areas"] = sorted(area.name for area in areas)
        if changes:
            audit.record(
                actor=actor,
                action="organisations.change_organisation",
                target=organisation,
                summary=f"Changed the details of {organisation.name}",
                changes=changes,
            )
        return organisation


def _checked_values(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - ORGANISATION_FIELDS
    if unknown:
        raise ServiceError(
            _("These details cannot be set: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    values = dict(data)
    for name in TEXT_FIELDS:
        if name in values:
            values[name] = str(values[name] or "").strip()
    if "name" in values and not values["name"]:
        raise ServiceError(_("Enter the organisation's name."), field="name")
    if values.get("slug"):
        values["slug"] = check_slug(str(values["slug"]), max_length=MAX_SLUG_LENGTH)
    if "areas" in values:
        values["areas"] = _checked_areas(values["areas"])
    return values


def _checked_areas(areas: Any) -> list[Area]:
    if areas is None:
        return []
    if not isinstance(areas, Iterable) or isinstance(areas, str | bytes | Mapping):
        raise ServiceError(_("Choose the areas from the list."), field="areas")
    chosen = list(areas)
    if not all(isinstance(area, Area) and area.pk is not None for area in chosen):
        raise ServiceError(_("Choose the areas from the list."), field="areas")
    return chosen


def _areas_differ(organisation: Organisation, areas: list[Area]) -> bool:
    now = set(organisation.areas.values_list("pk", flat=True))
    return now != {area.pk for area in areas}


def _check_slug_free(organisation: Organisation) -> None:
    check_slug(organisation.slug, max_length=MAX_SLUG_LENGTH)
    if Organisation.objects.filter(slug=organisation.slug).exclude(pk=organisation.pk).exists():
        raise _slug_taken(organisation.slug)


def _slug_taken(slug: str) -> ServiceError:
    return ServiceError(
        _(
            "There is already an organisation with the web address “%(slug)s”. "
            "Choose a different one."
        )
        % {"slug": slug},
        field="slug",
        code="duplicate",
    )


def _validate_model(instance: Model) -> None:
    """The model's own limits (lengths, choices, email and web addresses)."""
    try:
        instance.full_clean(validate_unique=False, exclude=["areas"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(str(messages[0]), field=None if field == "__all__" else field) from None


def _save(organisation: Organisation) -> None:
    try:
        with transaction.atomic():
            organisation.save()
    except IntegrityError:
        # Someone took the same address at the same moment; the check above saw neither.
        raise _slug_taken(organisation.slug) from None


# --- Members ------------------------------------------------------------------------------


def add_member(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: str = Membership.Role.MEMBER,
    title: str = "",
) -> Membership:
    """Add a person who already has an account, found by their email address."""
    with transaction.atomic():
        _check_may_manage_members(actor, organisation)
        role = _checked_role(role)
        person = _person_with_email(email)
        _lock(organisation)
        if Membership.objects.filter(organisation=organisation, person=person).exists():
            raise _already_member(person, organisation)
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    organisation=organisation, person=person, role=role, title=title.strip()
                )
        except IntegrityError:
            raise _already_member(person, organisation) from None
        audit.record(
            actor=actor,
            action="organisations.add_member",
            target=organisation,
            summary=f"Added {person.display_name} as {membership.get_role_display()}",
            changes={"person": person.pk, "role": role, "title": membership.title},
        )
        _forget_roles_of(person, actor)
        return membership


def change_member_role(
    *, actor: User, membership: Membership, role: str, title: str | None = None
) -> Membership:
    """Make a member a manager or the other way round, and change their job title."""
    with transaction.atomic():
        organisation = membership.organisation
        _check_may_manage_members(actor, organisation)
        role = _checked_role(role)
        _lock(organisation)
        membership = _fresh(membership)
        was_manager = membership.role == Membership.Role.MANAGER
        if was_manager and role != Membership.Role.MANAGER:
            _check_not_last_manager(membership)
        data: dict[str, Any] = {"role": role}
        if title is not None:
            data["title"] = title.strip()
        changes = audit.changed_fields(membership, data)
        if not changes:
            return membership
        _validate_model(membership)
        membership.save()
        audit.record(
            actor=actor,
            action="organisations.change_member",
            target=organisation,
            summary=f"Changed the role of {membership.person.display_name}",
            changes={"person": membership.person_id, **changes},
        )
        _forget_roles_of(membership.person, actor)
        return membership


def remove_member(*, actor: User, membership: Membership) -> None:
    """Take a person out of an organisation. The last manager cannot be removed."""
    with transaction.atomic():
        organisation = membership.organisation
        _check_may_manage_members(actor, organisation)
        _lock(organisation)
        membership = _fresh(membership)
        if membership.role == Membership.Role.MANAGER:
            _check_not_last_manager(membership)
        person = membership.person
        membership.delete()
        audit.record(
            actor=actor,
            action="organisations.remove_member",
            target=organisation,
            summary=f"Removed {person.display_name}",
            changes={"person": person.pk},
        )
        _forget_roles_of(person, actor)


def _check_may_manage_members(actor: User, organisation: Organisation) -> None:
    require(actor, "organisations.manage_members", organisation)


def _checked_role(role: str) -> str:
    if role not in Membership.Role.values:
        raise ServiceError(_("Choose a role: member or manager."), field="role")
    return role


def _person_with_email(email: str) -> User:
    address = (email or "").strip().lower()
    if not address:
        raise ServiceError(_("Enter the person's email address."), field="email")
    person = User.objects.filter(
        email__iexact=address, is_active=True, erased_at__isnull=True
    ).first()
    if person is None:
        raise ServiceError(
            _(
                "No one with the email address %(email)s has an account. "
                "Check the address, or ask them to create an account first."
            )
            % {"email": address},
            field="email",
            code="unknown_person",
        )
    return person


def _already_member(person: User, organisation: Organisation) -> Conflict:
    return Conflict(
        _("%(person)s is already a member of %(organisation)s.")
        % {"person": person.display_name, "organisation": organisation.name},
        field="email",
        code="duplicate",
    )


def _lock(organisation: Organisation) -> None:
    """Membership changes to one organisation happen one at a time, so two managers removing
    each other at once cannot leave it with none."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()


def _fresh(membership: Membership) -> Membership:
    try:
        return Membership.objects.select_related("person", "organisation").get(pk=membership.pk)
    except Membership.DoesNotExist:
        raise NotFound(_("That person is no longer a member.")) from None


def _check_not_last_manager(membership: Membership) -> None:
    others = (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=Membership.Role.MANAGER
        )
        .exclude(pk=membership.pk)
        .exists()
    )
    if not others:
        raise ServiceError(
            _(
                "%(person)s is the only manager of %(organisation)s. "
                "Make someone else a manager first."
            )
            % {
                "person": membership.person.display_name,
                "organisation": membership.organisation.name,
            },
            field="role",
            code="last_manager",
        )


def _forget_roles_of(person: User, actor: User) -> None:
    """Roles are cached on the user object; the actor may be the person whose roles changed."""
    forget_roles(person)
    if actor.pk == person.pk:
        forget_roles(actor)
