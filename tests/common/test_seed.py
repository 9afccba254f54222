"""The demo borough: made the same way every time, once, with a working login for each role."""

from __future__ import annotations

import re
from io import StringIO
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.apps import apps
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from django.db.models import ProtectedError
from django.test import Client

from coproduce import seeding
from coproduce.common.management.commands.totp import current_code
from coproduce.common.models import AuditEvent
from coproduce.delivery.models import Opportunity
from coproduce.organisations.models import Membership, Organisation
from coproduce.people import roles
from coproduce.people.models import Consent, Profile, ProfileArea, Skill, User
from coproduce.places.models import Area

pytestmark = pytest.mark.django_db


def _seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out)
    return out.getvalue()


def _snapshot() -> list[tuple[Any, ...]]:
    """The borough's people as plain values, without database ids."""
    people = User.objects.select_related("profile", "created_by").order_by("date_joined", "email")
    return [
        (
            person.email,
            person.display_name,
            person.phone,
            person.date_joined,
            person.created_by.email if person.created_by else None,
            person.profile.languages,
            person.profile.availability,
            person.profile.postcode,
            sorted(person.profile.areas.values_list("slug", flat=True)),
            sorted(person.profile.skills.values_list("name", flat=True)),
            sorted(person.consents.values_list("purpose", "granted")),
            sorted(person.memberships.values_list("organisation__slug", "role")),
        )
        for person in people
    ]


# Apps whose seeded rows point at people and organisations and must go before them.
LATER_APPS = ["voting", "monitoring", "feedback", "surveys", "budgeting"]


def _wipe_later_apps() -> None:
    remaining = [m for label in LATER_APPS for m in apps.get_app_config(label).get_models()]
    for _ in range(len(remaining) + 1):
        blocked = []
        for model in remaining:
            try:
                model._default_manager.all().delete()
            except ProtectedError:
                blocked.append(model)
        if not blocked:
            return
        remaining = blocked
    raise AssertionError(f"could not empty {remaining}")


def _wipe() -> None:
    _wipe_later_apps()
    Opportunity.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()
    Skill.objects.all().delete()
    Area.objects.filter(parent__isnull=False).delete()
    Area.objects.all().delete()
    AuditEvent.objects.all().delete()


def test_seed_makes_riverside_with_eight_wards() -> None:
    _seed()

    borough = Area.objects.get(slug="riverside")
    assert borough.kind == Area.Kind.BOROUGH
    wards = borough.children.all()
    assert wards.count() == 8
    assert {ward.kind for ward in wards} == {Area.Kind.WARD}
    assert {"Riverside North", "Old Quay", "Millbrook"} <= {ward.name for ward in wards}


def test_seed_makes_public_bodies_groups_and_spend_partners() -> None:
    _seed()

    organisations = Organisation.objects.all()
    public = {o.name for o in organisations if o.kind == Organisation.Kind.PUBLIC_BODY}
    assert public == {"Riverside Council", "Riverside NHS Community Health"}
    groups = [o for o in organisations if o.kind == Organisation.Kind.VCS]
    assert len(groups) >= 12
    partners = organisations.filter(is_spend_partner=True)
    assert partners.count() >= 3
    assert all(o.areas.exists() for o in organisations)


def test_seed_makes_a_few_hundred_residents_with_varied_profiles() -> None:
    _seed()

    residents = User.objects.filter(email__endswith="@people.riverside.example")
    assisted = User.objects.filter(email__isnull=True)
    assert residents.count() + assisted.count() == 300
    assert assisted.exists()
    coordinator = User.objects.get(email="coordinator@riverside.example")
    assert set(assisted.values_list("created_by", flat=True)) == {coordinator.pk}
    assert Profile.objects.count() == User.objects.count()
    assert ProfileArea.objects.filter(relation=ProfileArea.Relation.WORK).exists()
    assert Profile.objects.exclude(access_needs="").exists()
    assert Profile.objects.filter(skills__isnull=False).distinct().count() > 100
    assert Consent.objects.filter(granted=True).exists()
    assert Consent.objects.filter(granted=False).exists()
    assert Membership.objects.filter(person__in=residents).exists()
    assert Skill.objects.count() >= 30


def test_seed_uses_the_curated_skill_list_and_adds_no_other() -> None:
    _seed()

    curated = {(name, kind) for kind, names in seeding._curated_skills().items() for name in names}
    assert set(Skill.objects.values_list("name", "kind")) == curated


def test_every_resident_lives_in_a_ward() -> None:
    _seed()

    profiles_without_home = Profile.objects.filter(
        person__email__endswith="@people.riverside.example"
    ).exclude(profilearea__relation=ProfileArea.Relation.LIVE)
    assert not profiles_without_home.exists()
    assert not ProfileArea.objects.filter(area__kind=Area.Kind.BOROUGH).exists()


def test_running_seed_twice_adds_nothing() -> None:
    _seed()
    counts = (User.objects.count(), Organisation.objects.count(), Area.objects.count())

    output = _seed()

    assert "already exists" in output
    assert (User.objects.count(), Organisation.objects.count(), Area.objects.count()) == counts
    assert AuditEvent.objects.filter(action="seed").count() == 1


def test_seed_makes_the_same_borough_every_time() -> None:
    seeding.seed(residents=60, log=lambda line: None)
    first = _snapshot()
    _wipe()

    seeding.seed(residents=60, log=lambda line: None)

    assert _snapshot() == first


def test_a_bigger_size_adds_only_the_missing_residents(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(seeding, "BATCH", 7)  # several batches, as for a city
    seeding.seed(residents=25, log=lambda line: None)
    seeding.seed(residents=90, log=lambda line: None)
    topped_up = _snapshot()
    _wipe()

    seeding.seed(residents=90, log=lambda line: None)

    assert _snapshot() == topped_up
    assert seeding.resident_count() == 90


def test_seed_records_one_audit_event() -> None:
    _seed()

    event = AuditEvent.objects.get(action="seed")
    assert event.object_repr == "Riverside"
    assert event.changes["residents_added"] == 300


def test_generated_residents_share_one_password_hash() -> None:
    seeding.seed(residents=30, log=lambda line: None)

    hashes = set(
        User.objects.filter(email__endswith="@people.riverside.example").values_list(
            "password", flat=True
        )
    )
    assert len(hashes) == 1
    assert check_password(seeding.DEMO_PASSWORD, hashes.pop())


@pytest.mark.parametrize(
    ("email", "role"),
    [
        ("resident@riverside.example", roles.RESIDENT),
        ("group@riverside.example", roles.GROUP_MEMBER),
        ("professional@riverside.example", roles.PROFESSIONAL),
        ("coordinator@riverside.example", roles.COORDINATOR),
        ("admin@riverside.example", roles.ADMINISTRATOR),
    ],
)
def test_each_demo_login_holds_its_role_with_a_verified_email(email: str, role: str) -> None:
    seeding.seed(residents=0, log=lambda line: None)

    person = User.objects.get(email=email)
    assert role in roles.roles_of(person)
    assert check_password(seeding.DEMO_PASSWORD, person.password)
    assert EmailAddress.objects.filter(user=person, email=email, verified=True, primary=True)
    assert (email, role) in [(e, r.replace(" ", "_")) for r, e in seeding.demo_logins()]


def test_demo_staff_have_the_documented_authenticator_secret() -> None:
    seeding.seed(residents=0, log=lambda line: None)

    staff = Authenticator.objects.filter(type=Authenticator.Type.TOTP)
    assert set(staff.values_list("user__email", flat=True)) == {
        "professional@riverside.example",
        "coordinator@riverside.example",
        "admin@riverside.example",
    }
    code = current_code("coordinator@riverside.example")
    assert validate_totp_code(seeding.DEMO_TOTP_SECRET, code)


def test_demo_administrator_can_open_django_admin() -> None:
    seeding.seed(residents=0, log=lambda line: None)
    admin = User.objects.get(email="admin@riverside.example")
    assert admin.is_staff
    assert admin.is_superuser
    client = Client()
    client.force_login(admin)

    assert client.get("/admin/").status_code == 200


def test_demo_coordinator_signs_in_with_password_and_printed_code() -> None:
    seeding.seed(residents=0, log=lambda line: None)
    client = Client()

    response = client.post(
        "/accounts/login/",
        {"login": "coordinator@riverside.example", "password": seeding.DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]
    out = StringIO()
    call_command("totp", "coordinator@riverside.example", stdout=out)
    code = out.getvalue().strip()
    assert re.fullmatch(r"\d{6}", code)
    response = client.post(response["Location"], {"code": code})

    assert response.status_code == 302
    assert client.get("/people/me/").status_code == 200


def test_totp_without_an_email_lists_every_demo_staff_account() -> None:
    seeding.seed(residents=0, log=lambda line: None)
    out = StringIO()

    call_command("totp", stdout=out)

    lines = out.getvalue().splitlines()
    assert [line.split()[0] for line in lines] == [
        "professional@riverside.example",
        "coordinator@riverside.example",
        "admin@riverside.example",
    ]
    assert all(re.fullmatch(r"\d{6}", line.split()[1]) for line in lines)


def test_totp_refuses_accounts_that_are_not_demo_staff() -> None:
    seeding.seed(residents=0, log=lambda line: None)

    with pytest.raises(CommandError, match="only printed for the demo staff"):
        call_command("totp", "resident@riverside.example")


def test_totp_asks_for_seed_when_there_is_no_demo() -> None:
    with pytest.raises(CommandError, match="coproduce seed"):
        call_command("totp", "admin@riverside.example")


def test_totp_prints_nothing_in_production(settings: Any) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="never in production"):
        call_command("totp", "admin@riverside.example")


def test_seed_refuses_to_run_in_production(settings: Any) -> None:
    settings.PRODUCTION = True

    with pytest.raises(CommandError, match="never made"):
        _seed()
    assert not Area.objects.exists()


def test_seed_rejects_an_unknown_size() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        _seed("--size", "town")
    assert not Area.objects.exists()


def test_seed_reports_how_long_it_took() -> None:
    output = _seed("--residents", "10")

    assert re.search(r"Made Riverside: 10 residents in \d+\.\d seconds", output)
    assert "coordinator@riverside.example" in output
