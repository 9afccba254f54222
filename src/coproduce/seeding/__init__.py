"""The fictional borough of Riverside, made the same way every time.

Everything comes from `random.Random` with fixed seeds: resident number `n` is always the same
person, so a second run, or a run with a bigger `--size`, only adds who is missing. Residents
are written with `bulk_create` in batches and share one password hash: hashing with argon2
per person would take minutes for a city.
"""

from __future__ import annotations

import importlib
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q

from coproduce.common import audit
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import (
    DAYS,
    PARTS_OF_DAY,
    Consent,
    Profile,
    ProfileArea,
    RoleGrant,
    Skill,
    User,
)
from coproduce.places.models import Area
from coproduce.seeding.names import slug_for
from coproduce.seeding.opportunities import create_opportunities

DEMO_PASSWORD = "riverside-demo"  # noqa: S105
# A fixed authenticator secret for the demo staff accounts, printed in the README. Never used
# outside the demo: `seed` refuses to run in production.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105
DEMO_DOMAIN = "riverside.example"
RESIDENT_DOMAIN = "people.riverside.example"
BOROUGH_SLUG = "riverside"
SEED = 20_240_601
SIZES = {"demo": 300, "city": 100_000}
BATCH = 2_000
# Dates are fixed too, so that two runs give the same borough.
EPOCH = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)

Log = Callable[[str], None]

WARDS = [
    ("Riverside North", "Terraced streets, the park and the old library.", "51.4620", "-2.5810"),
    ("Old Quay", "The harbour, new flats and the Saturday market.", "51.4480", "-2.5960"),
    ("Millbrook", "Family homes around the brook and two primary schools.", "51.4550", "-2.6120"),
    ("Castle Hill", "The hill, the allotments and the sheltered housing.", "51.4700", "-2.6010"),
    ("Fenwick Green", "A big estate with a busy community centre.", "51.4410", "-2.5700"),
    ("Marsh End", "Light industry, the bus depot and the leisure centre.", "51.4350", "-2.5880"),
    ("St Anne's", "The high street, the health centre and the mosque.", "51.4590", "-2.5650"),
    ("Harbourside", "Students, the college and the riverside walk.", "51.4500", "-2.6050"),
]

# (name, kind, spend partner, description, wards served: indexes into WARDS, or None for all)
ORGANISATIONS: list[tuple[str, str, bool, str, list[int] | None]] = [
    ("Riverside Council", "public_body", False, "The local council for the borough.", None),
    (
        "Riverside NHS Community Health",
        "public_body",
        False,
        "Community nurses, health visitors and therapists.",
        None,
    ),
    ("Riverside Food Bank", "vcs", False, "Emergency food, and help with bills.", None),
    ("Millbrook Youth Club", "vcs", False, "Evenings and holidays for 11 to 18s.", [2]),
    ("Old Quay Befriending", "vcs", False, "Weekly visits and calls to older people.", [1, 7]),
    ("Castle Hill Allotment Society", "vcs", False, "Growing food together.", [3]),
    ("Fenwick Green Tenants' Association", "vcs", False, "A voice for the estate.", [4]),
    ("Marsh End Men's Shed", "vcs", False, "Making, mending and a cup of tea.", [5]),
    ("Riverside Carers' Network", "vcs", False, "Support for unpaid carers.", None),
    ("St Anne's Welcome Group", "vcs", False, "Helping new arrivals settle in.", [6]),
    ("Riverside Reading Friends", "vcs", False, "Reading with children and adults.", [0, 2]),
    ("Riverside Community Transport", "vcs", False, "Door-to-door minibus trips.", None),
    ("Harbourside Repair Café", "vcs", False, "Bring something broken, fix it with us.", [7]),
    ("Riverside Walking for Health", "vcs", False, "Short, friendly walks every week.", None),
    ("Riverside Leisure Centre", "business", True, "Swimming, gym and classes.", [5]),
    ("Quayside Picture House", "business", True, "An independent cinema.", [1]),
    ("Millbrook Community Café", "vcs", True, "Good food, fair prices, open to all.", [2]),
    ("Castle Hill Climbing Wall", "business", True, "Climbing for all ages.", [3]),
]

FIRST_NAMES = (  # noqa: SIM905 - easier to read and extend as text
    "Amira Ben Chloe Dev Ella Farah Gareth Hana Ifeoma Jack Kasia Leon Maya Nia Omar Priya "
    "Quinn Rhys Sadia Tom Usha Vlad Wen Yusuf Zara Aled Bogdan Ciara Dylan Esther Femi "
    "Grace Hamza Isla Jamal Keiko Liam Mariam Noah Olga Patrick Rosa Sian Tariq Uma Victor "
    "Aisha Bronwen Carlos Dina Eamon Fatima George Halima Ivan Joy Kofi Lena"
).split()
LAST_NAMES = (  # noqa: SIM905 - easier to read and extend as text
    "Ahmed Baker Campbell Davies Evans Fernandes Green Hughes Iqbal Jones Kowalski Lewis "
    "Morgan Nowak Okafor Patel Quinn Roberts Singh Thomas Uddin Vaughan Williams Xu Young "
    "Zielinski Ali Begum Clarke Dubois Edwards Farah Gill Hussain Ibrahim James Khan Lee "
    "Murphy Nguyen Owen Price Rahman Smith Taylor Walker Mensah Novak Osei Popescu Reid"
).split()
OTHER_LANGUAGES = ["cy", "ar", "pl", "ur", "bn", "so", "ro", "pa", "pt", "tr", "es", "fr"]
ACCESS_NEEDS = [
    "I use a wheelchair, so I need step-free access.",
    "Large print, please.",
    "I am Deaf and use British Sign Language.",
    "I need a break every hour.",
    "Quiet rooms help me.",
    "I am partially sighted.",
    "I need information in easy read.",
]
OTHER_SKILLS = ["Knitting", "Beekeeping", "Dog walking", "Baking bread", "Chess", "Coding"]


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    name: str


DEMO_LOGINS = [
    DemoLogin("resident", f"resident@{DEMO_DOMAIN}", "Sam Okafor"),
    DemoLogin("group member", f"group@{DEMO_DOMAIN}", "Gwen Price"),
    DemoLogin("professional", f"professional@{DEMO_DOMAIN}", "Priya Shah"),
    DemoLogin("coordinator", f"coordinator@{DEMO_DOMAIN}", "Colin Reid"),
    DemoLogin("administrator", f"admin@{DEMO_DOMAIN}", "Ada Morgan"),
]
STAFF_DEMO_EMAILS = frozenset(login.email for login in DEMO_LOGINS[2:])


def is_seeded() -> bool:
    return Area.objects.filter(slug=BOROUGH_SLUG).exists()


def demo_logins() -> list[tuple[str, str]]:
    """The demo accounts, one per role, as (role, email), for `coproduce demo` to print."""
    return [(login.role, login.email) for login in DEMO_LOGINS]


@dataclass
class Context:
    """What residents are attached to: made once with the borough, looked up on later runs."""

    borough: Area
    ward_ids: list[int]
    skill_ids: list[int]
    interest_ids: list[int]
    group_ids: list[int]
    coordinator: User
    password_hash: str


@dataclass
class Resident:
    user: User
    profile: Profile
    areas: list[tuple[int, str]] = field(default_factory=list)
    skill_ids: list[int] = field(default_factory=list)
    consents: list[tuple[str, bool]] = field(default_factory=list)
    groups: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True)
class SeedReport:
    created_borough: bool
    residents_before: int
    residents_added: int
    seconds: float


# --- the borough ----------------------------------------------------------------------------


def _create_areas() -> tuple[Area, list[Area]]:
    borough = Area.objects.create(
        name="Riverside",
        slug=BOROUGH_SLUG,
        kind=Area.Kind.BOROUGH,
        description="A fictional borough of about 100,000 people on both banks of the river.",
        latitude=Decimal("51.4530"),
        longitude=Decimal("-2.5880"),
    )
    wards = []
    for name, description, lat, lon in WARDS:
        ward, _created = Area.objects.update_or_create(
            slug=name.lower().replace(" ", "-").replace("'", ""),
            defaults={
                "name": name,
                "kind": Area.Kind.WARD,
                "parent": borough,
                "description": description,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
            },
        )
        wards.append(ward)
    return borough, wards


def _curated_skills() -> dict[str, list[str]]:
    """The curated list lives in the migration that installs it; one list, not two."""
    curated = importlib.import_module("coproduce.people.migrations.0002_curated_skills")
    return {Skill.Kind.SKILL: curated.SKILLS, Skill.Kind.INTEREST: curated.INTERESTS}


def _create_skills() -> None:
    """Put back the curated list if it has gone, e.g. after a test emptied the tables."""
    Skill.objects.bulk_create(
        [
            Skill(name=name, kind=kind)
            for kind, names in _curated_skills().items()
            for name in names
        ],
        ignore_conflicts=True,
    )


def _create_organisations(wards: list[Area]) -> dict[str, Organisation]:
    organisations = {}
    for name, kind, spend_partner, description, served in ORGANISATIONS:
        slug = slug_for(name)
        organisation, _created = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "is_spend_partner": spend_partner,
                "description": description,
                "email": f"hello@{slug}.{DEMO_DOMAIN}",
                "website": f"https://{slug}.{DEMO_DOMAIN}/",
            },
        )
        organisation.areas.set(wards if served is None else [wards[i] for i in served])
        organisations[slug] = organisation
    return organisations


def _demo_user(login: DemoLogin, password_hash: str, **extra: object) -> User:
    user = User.objects.create(
        email=login.email,
        display_name=login.name,
        password=password_hash,
        date_joined=EPOCH,
        **extra,
    )
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=login.email, verified=True, primary=True)
    return user


def _create_demo_accounts(
    wards: list[Area], organisations: dict[str, Organisation], password_hash: str
) -> dict[str, User]:
    from allauth.mfa.totp.internal.auth import TOTP

    people = {login.role: _demo_user(login, password_hash) for login in DEMO_LOGINS[:4]}
    people["administrator"] = _demo_user(
        DEMO_LOGINS[4], password_hash, is_staff=True, is_superuser=True
    )
    _demo_profile(people["resident"], wards[0])
    for person in people.values():
        Profile.objects.get_or_create(person=person)
    Membership.objects.create(
        organisation=organisations["riverside-food-bank"],
        person=people["group member"],
        role=Membership.Role.MANAGER,
        title="Volunteer coordinator",
    )
    Membership.objects.create(
        organisation=organisations["riverside-council"],
        person=people["professional"],
        role=Membership.Role.MEMBER,
        title="Community development officer",
    )
    RoleGrant.objects.create(person=people["coordinator"], role=RoleGrant.Role.COORDINATOR)
    RoleGrant.objects.create(person=people["administrator"], role=RoleGrant.Role.ADMINISTRATOR)
    for role in ("professional", "coordinator", "administrator"):
        TOTP.activate(people[role], DEMO_TOTP_SECRET)
    return people


def _demo_profile(person: User, ward: Area) -> None:
    profile = Profile.objects.create(
        person=person,
        languages=["en", "cy"],
        skills_other="Baking bread",
        availability={"sat": ["morning"], "wed": ["evening"]},
        postcode="RV1 2AB",
    )
    ProfileArea.objects.create(profile=profile, area=ward, relation=ProfileArea.Relation.LIVE)
    profile.skills.set(Skill.objects.filter(name__in=["Cooking", "Gardening", "Food"]))


def _create_borough(password_hash: str) -> Context:
    borough, wards = _create_areas()
    _create_skills()
    organisations = _create_organisations(wards)
    people = _create_demo_accounts(wards, organisations, password_hash)
    create_opportunities(wards, organisations)
    importlib.import_module("coproduce.seeding.feedback").create_feedback(wards, organisations)
    return _context(borough, wards, people["coordinator"], password_hash)


def _context(borough: Area, wards: list[Area], coordinator: User, password_hash: str) -> Context:
    curated = _curated_skills()
    skills = [
        (pk, kind)
        for pk, kind, name in Skill.objects.order_by("kind", "name").values_list(
            "id", "kind", "name"
        )
        if name in curated[kind]
    ]
    groups = Organisation.objects.filter(
        kind=Organisation.Kind.VCS, slug__in=[slug_for(org[0]) for org in ORGANISATIONS]
    ).order_by("slug")
    return Context(
        borough=borough,
        ward_ids=[ward.pk for ward in wards],
        skill_ids=[pk for pk, kind in skills if kind == Skill.Kind.SKILL],
        interest_ids=[pk for pk, kind in skills if kind == Skill.Kind.INTEREST],
        group_ids=list(groups.values_list("id", flat=True)),
        coordinator=coordinator,
        password_hash=password_hash,
    )


def _load_context(password_hash: str) -> Context:
    borough = Area.objects.get(slug=BOROUGH_SLUG)
    wards = list(borough.children.order_by("id"))
    coordinator = User.objects.get(email=DEMO_LOGINS[3].email)
    _create_skills()
    return _context(borough, wards, coordinator, password_hash)


# --- residents ------------------------------------------------------------------------------


def _generated_residents(coordinator: User | None) -> Q:
    """Residents this module made: the demo domain, or no email and made by the coordinator."""
    made = Q(email__endswith=f"@{RESIDENT_DOMAIN}")
    if coordinator is not None:
        made |= Q(email__isnull=True, created_by=coordinator)
    return made


def resident_count() -> int:
    coordinator = User.objects.filter(email=DEMO_LOGINS[3].email).first()
    return User.objects.filter(_generated_residents(coordinator)).count()


def _availability(rng: random.Random) -> dict[str, list[str]]:
    if rng.random() < 0.3:
        return {}
    days = sorted(rng.sample(range(len(DAYS)), rng.randint(1, 4)))
    return {DAYS[d]: sorted(rng.sample(PARTS_OF_DAY, rng.randint(1, 2))) for d in days}


def _languages(rng: random.Random) -> list[str]:
    languages = ["en"]
    if rng.random() < 0.25:
        languages.append(rng.choice(OTHER_LANGUAGES))
    return languages


def _person(n: int, rng: random.Random, ctx: Context) -> User:
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    assisted = rng.random() < 0.04
    return User(
        email=None if assisted else f"resident{n:06d}@{RESIDENT_DOMAIN}",
        display_name=name,
        password=make_password(None) if assisted else ctx.password_hash,
        preferred_language=rng.choice(["en"] * 12 + ["cy", "ar"]),
        phone=f"07700 900{rng.randrange(1000):03d}" if assisted or rng.random() < 0.3 else "",
        date_joined=EPOCH + timedelta(minutes=rng.randrange(60 * 24 * 600)),
        created_by=ctx.coordinator if assisted else None,
    )


def _profile(user: User, rng: random.Random) -> Profile:
    by_email = bool(user.email)
    born = date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65))
    return Profile(
        languages=_languages(rng),
        access_needs=rng.choice(ACCESS_NEEDS) if rng.random() < 0.1 else "",
        skills_other=rng.choice(OTHER_SKILLS) if rng.random() < 0.1 else "",
        availability=_availability(rng),
        contact_by_email=by_email,
        contact_by_phone=not by_email or rng.random() < 0.2,
        contact_by_text=rng.random() < 0.3,
        contact_by_post=not by_email and rng.random() < 0.5,
        date_of_birth=born if rng.random() < 0.6 else None,
        postcode=f"RV{rng.randint(1, 9)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
    )


def _links(resident: Resident, rng: random.Random, ctx: Context) -> None:
    home = rng.choice(ctx.ward_ids)
    resident.areas.append((home, ProfileArea.Relation.LIVE))
    if rng.random() < 0.3:
        resident.areas.append((rng.choice(ctx.ward_ids), ProfileArea.Relation.WORK))
    skills = rng.sample(ctx.skill_ids, rng.randint(0, 3))
    interests = rng.sample(ctx.interest_ids, rng.randint(0, 2))
    resident.skill_ids = sorted(set(skills + interests))
    resident.consents = [
        (purpose, rng.random() < 0.6) for purpose in Consent.Purpose.values if rng.random() < 0.5
    ]
    if ctx.group_ids and rng.random() < 0.08:
        role = Membership.Role.MANAGER if rng.random() < 0.05 else Membership.Role.MEMBER
        resident.groups.append((rng.choice(ctx.group_ids), role))


def make_resident(n: int, ctx: Context) -> Resident:
    """Resident number `n`: the same person every time, whoever asks."""
    rng = random.Random(f"{SEED}:{n}")  # noqa: S311 - made-up people, not secrets
    user = _person(n, rng, ctx)
    resident = Resident(user=user, profile=_profile(user, rng))
    _links(resident, rng, ctx)
    return resident


def _save_residents(residents: list[Resident]) -> None:
    from allauth.account.models import EmailAddress

    User.objects.bulk_create([r.user for r in residents], batch_size=BATCH)
    for r in residents:
        r.profile.person = r.user
    Profile.objects.bulk_create([r.profile for r in residents], batch_size=BATCH)
    EmailAddress.objects.bulk_create(
        [
            EmailAddress(user=r.user, email=r.user.email, verified=True, primary=True)
            for r in residents
            if r.user.email
        ],
        batch_size=BATCH,
    )
    _save_links(residents)


def _save_links(residents: list[Resident]) -> None:
    through = Profile.skills.through
    ProfileArea.objects.bulk_create(
        [
            ProfileArea(profile=r.profile, area_id=area, relation=relation)
            for r in residents
            for area, relation in r.areas
        ],
        batch_size=BATCH,
    )
    through.objects.bulk_create(
        [through(profile=r.profile, skill_id=skill) for r in residents for skill in r.skill_ids],
        batch_size=BATCH,
    )
    Consent.objects.bulk_create(
        [
            Consent(
                person=r.user,
                purpose=purpose,
                granted=granted,
                recorded_by=r.user.created_by,
            )
            for r in residents
            for purpose, granted in r.consents
        ],
        batch_size=BATCH,
    )
    Membership.objects.bulk_create(
        [
            Membership(organisation_id=org, person=r.user, role=role)
            for r in residents
            for org, role in r.groups
        ],
        batch_size=BATCH,
    )


def _chunks(start: int, stop: int, size: int) -> Iterator[range]:
    for first in range(start, stop, size):
        yield range(first, min(first + size, stop))


def _add_residents(ctx: Context, start: int, stop: int, log: Log) -> None:
    for numbers in _chunks(start, stop, BATCH * 5):
        with transaction.atomic():
            _save_residents([make_resident(n, ctx) for n in numbers])
        if stop - start > BATCH * 5:
            log(f"  {numbers[-1] + 1:,} of {stop:,} residents")


# --- the command's entry point --------------------------------------------------------------


def seed(*, residents: int = SIZES["demo"], log: Log = print) -> SeedReport:
    """Make Riverside with at least `residents` residents. Running it again adds nothing."""
    started = time.perf_counter()
    # One hash for everyone: argon2 is slow on purpose, and these are made-up people.
    password_hash = make_password(DEMO_PASSWORD)
    with transaction.atomic():
        created = not is_seeded()
        ctx = _create_borough(password_hash) if created else _load_context(password_hash)
    before = resident_count()
    if before < residents:
        _add_residents(ctx, before, residents, log)
    added = max(residents - before, 0)
    importlib.import_module("coproduce.seeding.surveys").create_surveys(log=log)
    importlib.import_module("coproduce.seeding.budgeting").create_budgets(log=log)
    # After the budgeting seed: votes on its demo processes, so that results show.
    importlib.import_module("coproduce.seeding.voting").create_votes(log=log)
    importlib.import_module("coproduce.seeding.monitoring").create_monitoring(log=log)
    if created or added:
        audit.record(
            actor=None,
            action="seed",
            target=ctx.borough,
            summary=f"Demo borough seeded with {added} new residents.",
            changes={"residents_added": added, "borough_created": created},
        )
    return SeedReport(created, before, added, time.perf_counter() - started)
