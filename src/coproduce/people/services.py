"""Everything that changes a person's account, profile or data. One function per action.

Every function takes the `actor` (who is doing it) and the `person` it is done to. When they
differ, the audit log records it as done by the actor on behalf of the person.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.common.permissions import require
from coproduce.organisations.models import Membership
from coproduce.people import selectors
from coproduce.people.choices import COMMUNITY_LANGUAGE_CODES, CONTACT_FIELDS
from coproduce.people.models import (
    DAYS,
    PARTS_OF_DAY,
    Consent,
    DataRequest,
    Profile,
    ProfileArea,
    RoleGrant,
    Skill,
    User,
)
from coproduce.people.roles import ADMINISTRATOR, forget_roles, roles_of
from coproduce.people.signals import person_erasing
from coproduce.places.models import Area

ERASED_NAME = "Former member"
USER_FIELDS = ("display_name", "preferred_language", "phone")
PROFILE_TEXT_FIELDS = ("access_needs", "skills_other", "interests_other")
PROFILE_KEYS = (
    *PROFILE_TEXT_FIELDS,
    "languages",
    "availability",
    "contact",
    "areas_live",
    "areas_work",
    "skills",
    "interests",
    "consents",
)
# Changes to these are logged by name only: the audit log is no place for health or contact data.
SENSITIVE_FIELDS = frozenset({"phone", "access_needs", "email"})


def _for_audit(changes: Mapping[str, Any]) -> dict[str, Any]:
    return {
        name: _("(changed)") if name in SENSITIVE_FIELDS else value
        for name, value in changes.items()
    }


# --- Checking input -------------------------------------------------------------------------


def _check_language(code: Any, field: str = "preferred_language") -> str:
    if code not in dict(settings.LANGUAGES):
        raise ServiceError(_("Choose a language from the list"), field=field)
    return str(code)


def _check_display_name(name: Any) -> str:
    cleaned = " ".join(str(name or "").split())
    if not cleaned:
        raise ServiceError(_("Enter a name"), field="display_name")
    if len(cleaned) > 120:
        raise ServiceError(_("The name must be 120 characters or fewer"), field="display_name")
    return cleaned


def _check_languages(codes: Iterable[str]) -> list[str]:
    codes = list(dict.fromkeys(codes))
    if any(code not in COMMUNITY_LANGUAGE_CODES for code in codes):
        raise ServiceError(_("Choose languages from the list"), field="languages")
    return codes


def _check_availability(availability: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    cleaned: dict[str, list[str]] = {}
    for day, parts in availability.items():
        parts = list(parts)
        if day not in DAYS or any(part not in PARTS_OF_DAY for part in parts):
            raise ServiceError(_("Choose times from the list"), field="availability")
        if parts:
            cleaned[day] = [part for part in PARTS_OF_DAY if part in parts]
    return cleaned


def _check_contact(methods: Collection[str], *, email: str | None, phone: str) -> set[str]:
    chosen = set(methods)
    if chosen - set(CONTACT_FIELDS):
        raise ServiceError(_("Choose ways to contact you from the list"), field="contact")
    if "email" in chosen and not email:
        raise ServiceError(
            _("To be contacted by email, the account needs an email address"), field="contact"
        )
    if chosen & {"phone", "text"} and not phone:
        raise ServiceError(
            _("To be contacted by phone or text, add a phone number first"), field="contact"
        )
    return chosen


def _check_consents(purposes: Iterable[str]) -> set[str]:
    granted = set(purposes)
    if granted - set(Consent.Purpose.values):
        raise ServiceError(_("Choose from the list"), field="consents")
    return granted


# --- Writing the profile --------------------------------------------------------------------


def _apply_user_fields(person: User, data: Mapping[str, Any]) -> dict[str, Any]:
    wanted: dict[str, Any] = {}
    if "display_name" in data:
        wanted["display_name"] = _check_display_name(data["display_name"])
    if "preferred_language" in data:
        wanted["preferred_language"] = _check_language(data["preferred_language"])
    if "phone" in data:
        wanted["phone"] = str(data["phone"] or "").strip()[:40]
    changes = audit.changed_fields(person, wanted)
    if changes:
        person.save(update_fields=list(changes))
    return changes


def _apply_profile_fields(profile: Profile, data: Mapping[str, Any]) -> dict[str, Any]:
    wanted: dict[str, Any] = {
        name: str(data[name] or "").strip() for name in PROFILE_TEXT_FIELDS if name in data
    }
    if "languages" in data:
        wanted["languages"] = _check_languages(data["languages"])
    if "availability" in data:
        wanted["availability"] = _check_availability(data["availability"])
    if "contact" in data:
        person = profile.person
        chosen = _check_contact(data["contact"], email=person.email, phone=person.phone)
        for method, field in CONTACT_FIELDS.items():
            wanted[field] = method in chosen
    changes = audit.changed_fields(profile, wanted)
    if changes:
        profile.save()
    return changes


def _apply_areas(profile: Profile, data: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, relation in (
        ("areas_live", ProfileArea.Relation.LIVE),
        ("areas_work", ProfileArea.Relation.WORK),
    ):
        if key not in data:
            continue
        wanted = {area.pk for area in data[key]}
        links = ProfileArea.objects.filter(profile=profile, relation=relation)
        current = set(links.values_list("area_id", flat=True))
        if wanted == current:
            continue
        if Area.objects.filter(pk__in=wanted).count() != len(wanted):
            raise ServiceError(_("Choose areas from the list"), field=key)
        links.exclude(area_id__in=wanted).delete()
        ProfileArea.objects.bulk_create(
            ProfileArea(profile=profile, area_id=pk, relation=relation) for pk in wanted - current
        )
        changes[key] = sorted(Area.objects.filter(pk__in=wanted).values_list("name", flat=True))
    return changes


def _apply_skills(profile: Profile, data: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for key, kind in (("skills", Skill.Kind.SKILL), ("interests", Skill.Kind.INTEREST)):
        if key not in data:
            continue
        chosen = list(data[key])
        if any(skill.kind != kind for skill in chosen):
            raise ServiceError(_("Choose from the list"), field=key)
        wanted = {skill.pk for skill in chosen}
        current = set(profile.skills.filter(kind=kind).values_list("pk", flat=True))
        if wanted == current:
            continue
        profile.skills.remove(*(current - wanted))
        profile.skills.add(*(wanted - current))
        changes[key] = sorted(skill.name for skill in chosen)
    return changes


def _record_consents(*, actor: User, person: User, granted: set[str]) -> dict[str, Any]:
    """A new row for each purpose whose answer is new or different; old rows are never edited."""
    current = selectors.current_consents(person)
    rows = [
        Consent(person=person, purpose=purpose, granted=purpose in granted, recorded_by=actor)
        for purpose in Consent.Purpose.values
        if current.get(purpose) != (purpose in granted)
    ]
    Consent.objects.bulk_create(rows)
    return {f"consent_{row.purpose}": row.granted for row in rows}


def _profile_for_update(person: User) -> Profile:
    profile, _created = Profile.objects.select_for_update().get_or_create(person=person)
    profile.person = person
    return profile


def update_profile(*, actor: User, person: User, data: Mapping[str, Any]) -> dict[str, Any]:
    """Change any part of a person's account details and profile; returns what changed.

    `data` may hold any of USER_FIELDS and PROFILE_KEYS. Lists replace what was there;
    `consents` lists the purposes the person agrees to (all others are recorded as refused).
    """
    require(actor, "people.change_profile", person)
    unknown = set(data) - set(USER_FIELDS) - set(PROFILE_KEYS)
    if unknown:
        raise ServiceError(_("Something went wrong with that form. Try again."))
    with transaction.atomic():
        # Work on a locked copy: if a later check fails, the caller's object is left as it was.
        locked = User.objects.select_for_update().get(pk=person.pk)
        changes = _apply_user_fields(locked, data)
        profile = _profile_for_update(locked)
        changes |= _apply_profile_fields(profile, data)
        changes |= _apply_areas(profile, data)
        changes |= _apply_skills(profile, data)
        if "consents" in data:
            granted = _check_consents(data["consents"])
            changes |= _record_consents(actor=actor, person=person, granted=granted)
        if changes:
            profile.save(update_fields=["updated_at"])
            audit.record(
                actor=actor,
                action="people.update_profile",
                target=person,
                on_behalf_of=person,
                summary=_("Profile changed"),
                changes=_for_audit(changes),
            )
    for field in USER_FIELDS:
        setattr(person, field, getattr(locked, field))
    return changes


# --- Accounts made by staff, and acting for someone -----------------------------------------


def _check_email_free(email: str) -> None:
    from allauth.account.models import EmailAddress

    taken = (
        User.objects.filter(email__iexact=email).exists()
        or EmailAddress.objects.filter(email__iexact=email).exists()
    )
    if taken:
        raise ServiceError(_("There is already an account with this email address"), field="email")


def create_assisted_account(
    *,
    actor: User,
    display_name: str,
    phone: str = "",
    email: str | None = None,
    preferred_language: str = "en",
) -> User:
    """An account for someone who is not online: no password, email optional.

    They can set a password later through "forgotten your password" if they have an email
    address; until then staff act for them.
    """
    require(actor, "people.create_assisted_account")
    name = _check_display_name(display_name)
    language = _check_language(preferred_language)
    email = (email or "").strip().lower() or None
    with transaction.atomic():
        if email:
            _check_email_free(email)
        person = User.objects.create_user(
            email=email,
            password=None,
            display_name=name,
            phone=(phone or "").strip()[:40],
            preferred_language=language,
            created_by=actor,
        )
        Profile.objects.create(person=person, contact_by_email=bool(email))
        if email:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=person, email=email, primary=True, verified=False)
        audit.record(
            actor=actor,
            action="people.create_assisted_account",
            target=person,
            on_behalf_of=person,
            summary=_("Account made by staff"),
            changes={"email": bool(email), "phone": bool(person.phone)},
        )
    return person


def start_acting_for(*, actor: User, person: User) -> None:
    if person.pk == actor.pk:
        raise ServiceError(_("You cannot act on behalf of yourself"))
    if not person.is_active or person.erased_at is not None:
        raise NotFound
    require(actor, "people.act_for_person", person)
    audit.record(
        actor=actor,
        action="people.start_acting",
        target=person,
        on_behalf_of=person,
        summary=_("Started helping this person"),
    )


def stop_acting_for(*, actor: User, person: User) -> None:
    audit.record(
        actor=actor,
        action="people.stop_acting",
        target=person,
        on_behalf_of=person,
        summary=_("Stopped helping this person"),
    )


# --- Data protection ------------------------------------------------------------------------


def _reference(person: User) -> str:
    return f"person-{person.pk}"


def export_person_data(*, actor: User, person: User) -> dict[str, Any]:
    """A copy of everything we hold about the person; the request itself is recorded."""
    require(actor, "people.export_data", person)
    with transaction.atomic():
        DataRequest.objects.create(
            person=person,
            person_reference=_reference(person),
            kind=DataRequest.Kind.EXPORT,
            status=DataRequest.Status.COMPLETED,
            requested_by=actor,
            completed_at=timezone.now(),
        )
        audit.record(
            actor=actor,
            action="people.export_data",
            target=person,
            on_behalf_of=person,
            summary=_("Copy of personal data downloaded"),
        )
        return selectors.person_export(person)


def _forget_personal_data(person: User) -> None:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    EmailAddress.objects.filter(user=person).delete()
    Authenticator.objects.filter(user=person).delete()
    Membership.objects.filter(person=person).delete()
    RoleGrant.objects.filter(person=person).delete()
    Consent.objects.filter(person=person).delete()
    profile = Profile.objects.filter(person=person).first()
    if profile is not None:
        ProfileArea.objects.filter(profile=profile).delete()
        profile.skills.clear()
        blank = Profile(person=person)
        for field in Profile._meta.concrete_fields:
            if field.name not in {"id", "person", "created_at", "updated_at"}:
                setattr(profile, field.attname, getattr(blank, field.attname))
        profile.save()


def _anonymise_audit_trail(person: User) -> None:
    """Keep the events (who did what, when) but not the person's name or the values changed."""
    events = list(
        selectors.audit_events_about(person)
        .select_related(None)
        .only("id", "changes", "object_repr")
    )
    for event in events:
        event.changes = {name: "(erased)" for name in event.changes}
        if event.object_repr:
            event.object_repr = ERASED_NAME
    AuditEvent.objects.bulk_update(events, ["changes", "object_repr"])


def _anonymise_account(person: User, now: Any) -> None:
    person.email = None
    person.display_name = ERASED_NAME
    person.phone = ""
    person.preferred_language = settings.LANGUAGE_CODE
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.erased_at = now
    # A new unusable password also changes the session hash, which ends every session.
    person.set_unusable_password()
    person.save()
    person.groups.clear()
    person.user_permissions.clear()
    forget_roles(person)


def _check_not_last_administrator(person: User) -> None:
    """Someone must always be able to run the platform."""
    if ADMINISTRATOR not in roles_of(person):
        return
    others = (
        User.objects.filter(is_active=True, erased_at__isnull=True)
        .exclude(pk=person.pk)
        .filter(Q(is_superuser=True) | Q(role_grants__role=RoleGrant.Role.ADMINISTRATOR))
    )
    if not others.exists():
        raise ServiceError(
            _(
                "This is the only administrator. Make someone else an administrator "
                "before erasing this account."
            )
        )


def erase_person(*, actor: User, person: User) -> DataRequest:
    """Anonymise the account; keep what must be kept, pointing at the anonymised account.

    Safe to call twice: a second call returns the first erasure's record.
    """
    require(actor, "people.erase_account", person)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at is not None:
            done = DataRequest.objects.filter(person=locked, kind=DataRequest.Kind.ERASURE).first()
            if done is not None:
                return done
        _check_not_last_administrator(locked)
        now = timezone.now()
        person_erasing.send(sender=User, person=locked, actor=actor)
        _forget_personal_data(locked)
        _anonymise_audit_trail(locked)
        _anonymise_account(locked, now)
        request = DataRequest.objects.create(
            person=locked,
            person_reference=_reference(locked),
            kind=DataRequest.Kind.ERASURE,
            status=DataRequest.Status.COMPLETED,
            requested_by=actor,
            completed_at=now,
        )
        audit.record(
            actor=actor,
            action="people.erase_account",
            target=locked,
            on_behalf_of=locked,
            summary=_("Account erased at the person's request"),
        )
    person.refresh_from_db()
    return request
