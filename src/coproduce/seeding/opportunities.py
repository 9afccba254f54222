"""Things to do in the demo borough: opportunities whose shifts are always coming up."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from datetime import time as dt_time

from django.utils import timezone

from coproduce.delivery.models import Opportunity, Shift
from coproduce.organisations.models import Organisation
from coproduce.people.models import (
    Skill,
)
from coproduce.places.models import Area
from coproduce.seeding.names import slug_for

# --- things to do: opportunities with upcoming shifts ---------------------------------------


@dataclass(frozen=True)
class DemoOpportunity:
    group: str  # the organisation's name
    title: str
    description: str
    what_you_do: str
    skills: tuple[str, ...]
    ward: int | None  # index into WARDS; None: done from home
    place: str
    safeguarding: str = "none"
    kind: str = "regular"
    minimum_age: int | None = None
    capacity: int = 6
    # (days after the seed date, local start hour, hours long), one per shift
    shifts: tuple[tuple[int, int, int], ...] = ((2, 10, 3), (9, 10, 3))


DEMO_OPPORTUNITIES = [
    DemoOpportunity(
        "Riverside Food Bank",
        "Pack food parcels",
        "Help pack parcels for families who need food this week.",
        "Sort donations, pack bags and load the van.",
        ("Cooking",),
        0,
        "Riverside Food Bank, 12 Mill Lane",
        shifts=((1, 10, 3), (3, 10, 3), (8, 10, 3)),
    ),
    DemoOpportunity(
        "Millbrook Youth Club",
        "Help at the youth club",
        "Run games and activities with young people on club nights.",
        "Set up, join in the games and help tidy away.",
        ("Sport and fitness", "Organising events"),
        2,
        "Millbrook Community Centre",
        safeguarding="basic",
        minimum_age=18,
        capacity=4,
        shifts=((2, 18, 2), (9, 18, 2), (16, 18, 2)),
    ),
    DemoOpportunity(
        "Old Quay Befriending",
        "Phone a neighbour",
        "A friendly weekly call to an older person who lives alone.",
        "Call the same person each week for a chat.",
        ("Listening and befriending",),
        None,
        "",
        safeguarding="basic",
        minimum_age=18,
        capacity=10,
        shifts=((4, 14, 1), (11, 14, 1)),
    ),
    DemoOpportunity(
        "Castle Hill Allotment Society",
        "Community growing day",
        "Dig, plant and pick on the shared plot. No experience needed.",
        "Weed, water and harvest with the growing group.",
        ("Gardening",),
        3,
        "Castle Hill Allotments, gate B",
        kind="one_off",
        capacity=12,
        shifts=((5, 10, 4), (12, 10, 4)),
    ),
    DemoOpportunity(
        "Fenwick Green Tenants' Association",
        "Litter pick on the estate",
        "Make Fenwick Green cleaner and greener together.",
        "Pick up litter with gloves and grabbers we lend you.",
        (),
        4,
        "Fenwick Green Community Centre",
        kind="one_off",
        capacity=15,
        shifts=((6, 11, 2), (20, 11, 2)),
    ),
    DemoOpportunity(
        "Marsh End Men's Shed",
        "Build planters for the high street",
        "Make wooden planters with the Men's Shed for local shops.",
        "Measure, cut and put together planters.",
        ("DIY and small repairs",),
        5,
        "Marsh End Men's Shed, Depot Road",
        capacity=5,
        shifts=((3, 13, 3), (10, 13, 3)),
    ),
    DemoOpportunity(
        "St Anne's Welcome Group",
        "English conversation café",
        "Practise everyday English with people who are new to Riverside.",
        "Chat over tea in small groups.",
        ("Teaching and tutoring", "Translating"),
        6,
        "St Anne's Church Hall",
        capacity=8,
        shifts=((2, 15, 2), (9, 15, 2), (16, 15, 2)),
    ),
    DemoOpportunity(
        "Riverside Reading Friends",
        "Read with children",
        "Listen to children read at a primary school in Millbrook.",
        "Read one to one with children aged 6 to 8.",
        ("Looking after children",),
        2,
        "Brookside Primary School",
        safeguarding="basic",
        minimum_age=18,
        capacity=3,
        shifts=((3, 9, 2), (10, 9, 2)),
    ),
    DemoOpportunity(
        "Riverside Community Transport",
        "Minibus escort",
        "Help passengers on and off the minibus on trips to the shops.",
        "Ride along and give a hand with bags and steps.",
        ("Driving", "First aid"),
        None,
        "Depot Road, Marsh End",
        safeguarding="basic",
        minimum_age=18,
        capacity=2,
        shifts=((4, 10, 3), (11, 10, 3)),
    ),
    DemoOpportunity(
        "Harbourside Repair Café",
        "Repair café helper",
        "Fix lamps, clothes and bikes with visitors, and teach them how.",
        "Welcome people, mend things together, make tea.",
        ("Sewing and mending", "DIY and small repairs"),
        7,
        "Harbourside Library",
        capacity=6,
        shifts=((6, 10, 4), (13, 10, 4), (27, 10, 4)),
    ),
]


def create_opportunities(wards: list[Area], organisations: dict[str, Organisation]) -> None:
    """Published opportunities whose shifts start in the days after the seed, so the demo
    always has something coming up. Start times are fixed times of day on those dates."""
    today = timezone.localdate()
    skills = {skill.name: skill for skill in Skill.objects.all()}
    for item in DEMO_OPPORTUNITIES:
        organisation = organisations[slug_for(item.group)]
        opportunity = Opportunity.objects.create(
            organisation=organisation,
            title=item.title,
            description=item.description,
            what_you_do=item.what_you_do,
            what_you_gain="New friends, new skills and time credits for every hour.",
            area=wards[item.ward] if item.ward is not None else None,
            place=item.place,
            is_remote=item.ward is None and not item.place,
            safeguarding=item.safeguarding,
            kind=item.kind,
            minimum_age=item.minimum_age,
            languages=["en"],
            contact_name=organisation.name,
            contact_email=organisation.email,
            is_published=True,
        )
        opportunity.skills.set([skills[name] for name in item.skills])
        for days, hour, hours in item.shifts:
            day = today + timedelta(days=days)
            starts = timezone.make_aware(datetime.combine(day, dt_time(hour)))
            Shift.objects.create(
                opportunity=opportunity,
                starts_at=starts,
                ends_at=starts + timedelta(hours=hours),
                capacity=item.capacity,
            )
