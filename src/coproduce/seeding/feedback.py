"""Feedback for the demo borough: themes, complaints, compliments and suggestions at every
stage, and a few "you said, we did" summaries. The same every time (fixed seed)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from coproduce.feedback import workdays
from coproduce.feedback.models import Feedback, PublicSummary, Theme
from coproduce.organisations.models import Organisation
from coproduce.places.models import Area

SEED = 20_261_123
THEMES = [
    ("Bins and recycling", "bins-and-recycling"),
    ("Repairs", "repairs"),
    ("Parks and play areas", "parks-and-play-areas"),
    ("Roads and pavements", "roads-and-pavements"),
    ("Libraries", "libraries"),
    ("Health visits", "health-visits"),
]
# (theme slug, kind, what it is about, what happened)
STORIES = [
    (
        "bins-and-recycling",
        "complaint",
        "Bin collection",
        "Our bins were missed two weeks running.",
    ),
    ("bins-and-recycling", "suggestion", "Recycling", "Please put a glass bank near the shops."),
    ("repairs", "complaint", "Council housing repairs", "The damp in the bedroom is back."),
    ("repairs", "compliment", "Council housing repairs", "The plumber was quick and kind."),
    ("parks-and-play-areas", "complaint", "Fenwick Green park", "The swings are broken."),
    ("parks-and-play-areas", "suggestion", "Riverside walk", "More benches for older people."),
    ("roads-and-pavements", "complaint", "Mill Lane", "A loose paving slab tripped my mum."),
    ("libraries", "compliment", "Old library", "The Saturday reading club is wonderful."),
    ("libraries", "suggestion", "Old library", "Open later on Thursdays, please."),
    ("health-visits", "complaint", "Health visitors", "Nobody came to the booked visit."),
]
SUMMARIES = [
    (
        "bins-and-recycling",
        "Missed bin collections on Mill Lane",
        "Bins on Mill Lane were missed again and again.",
        "We changed the round so the lorry comes before the school run. No missed bins since.",
    ),
    (
        "parks-and-play-areas",
        "Broken swings at Fenwick Green",
        "The swings at Fenwick Green were broken for a month.",
        "We fixed them and now check the play area every week.",
    ),
    (
        "libraries",
        "Later opening at the old library",
        "People who work asked for later opening.",
        "The library now opens until 8pm on Thursdays.",
    ),
]
ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _reference(rng: random.Random) -> str:
    body = "".join(rng.choice(ALPHABET) for _ in range(8))
    return f"FB-{body[:4]}-{body[4:]}"


def _answered(item: Feedback, rng: random.Random, days: int) -> None:
    responded_on = workdays.add_working_days(item.received_on, days)
    item.status = Feedback.Status.RESPONDED
    item.acknowledged_at = timezone.make_aware(
        datetime.datetime.combine(item.received_on, datetime.time(10))
    )
    item.responded_at = timezone.make_aware(
        datetime.datetime.combine(responded_on, datetime.time(15))
    )
    item.response = "Thank you. We looked into it and have put it right."
    item.working_days_to_respond = days
    item.answered_in_time = responded_on <= item.respond_due
    item.rating = rng.choice([2, 3, 4, 4, 5, 5])


def _item(
    rng: random.Random,
    number: int,
    wards: list[Area],
    service: Organisation,
    themes: dict[str, Theme],
) -> Feedback:
    today = timezone.localdate()
    theme, kind, subject, text = STORIES[number % len(STORIES)]
    received = today - datetime.timedelta(days=rng.randint(0, 180))
    item = Feedback(
        reference=_reference(rng),
        kind=kind,
        subject_kind=Feedback.Subject.SERVICE,
        subject_name=subject,
        area=wards[number % len(wards)],
        what_happened=text,
        name=f"Demo resident {number}",
        email=f"feedback{number}@people.riverside.example",
        contact_by=Feedback.Contact.EMAIL,
        may_publish=number % 3 != 0,
        service=service,
        theme=themes[theme],
        received_on=received,
        acknowledge_due=workdays.add_working_days(received, 3),
        respond_due=workdays.add_working_days(received, 20),
    )
    age = (today - received).days
    if age > 40 or (age > 10 and number % 2):
        _answered(item, rng, rng.randint(2, 26))
        item.next_due = None
    elif age > 4:
        item.status = Feedback.Status.ACKNOWLEDGED
        item.next_due = item.respond_due
    else:
        item.next_due = item.acknowledge_due
    return item


def create_feedback(wards: list[Area], organisations: dict[str, Organisation]) -> None:
    """Sixty pieces of feedback for the council and the NHS, and three published summaries."""
    if Theme.objects.exists():
        return
    rng = random.Random(SEED)  # noqa: S311 - made-up demo data, the same every time
    themes = {slug: Theme.objects.create(name=name, slug=slug) for name, slug in THEMES}
    council = organisations["riverside-council"]
    nhs = organisations.get("riverside-nhs-community-health", council)
    items = [
        _item(
            rng,
            number,
            wards,
            nhs if STORIES[number % len(STORIES)][0] == "health-visits" else council,
            themes,
        )
        for number in range(60)
    ]
    Feedback.objects.bulk_create(items)
    now = timezone.now()
    for theme_slug, title, you_said, we_did in SUMMARIES:
        linked = [item for item in items if item.theme == themes[theme_slug]]
        source = next(item for item in linked if item.may_publish)
        summary = PublicSummary.objects.create(
            title=title,
            you_said=you_said,
            we_did=we_did,
            service=council,
            theme=themes[theme_slug],
            source=source,
            is_published=True,
            published_at=now,
        )
        Feedback.objects.filter(pk__in=[item.pk for item in linked]).update(summary=summary)
