"""Processes, ideas and people who may take part, for the budgeting tests."""

from __future__ import annotations

import datetime
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from coproduce.budgeting.models import PHASE_ORDER, Phase, Process, Proposal
from coproduce.organisations.models import Organisation
from coproduce.people.models import Profile, ProfileArea, User
from coproduce.places.models import Area
from tests import factories

DAY = datetime.timedelta(days=1)


def make_process(
    organisation: Organisation | None = None,
    *,
    areas: list[Area] | None = None,
    phase: str = "ideas",
    **values: Any,
) -> Process:
    """A published process in `phase`, with dated phases around today to match."""
    values.setdefault("title", "Riverside North Budget")
    values.setdefault("slug", "riverside-north-budget")
    values.setdefault("budget", 50_000)
    values.setdefault("is_published", True)
    values.setdefault("categories", ["Parks", "Young people"])
    process = Process.objects.create(organisation=organisation, phase=phase, **values)
    process.areas.set(areas or [])
    now = timezone.now().replace(microsecond=0)
    current = PHASE_ORDER.index(phase) if phase in PHASE_ORDER else -1
    # The phase on now started a day ago; each phase lasts ten days.
    for index, kind in enumerate(PHASE_ORDER):
        starts = now - DAY + (index - current) * 10 * DAY
        Phase.objects.create(
            process=process,
            kind=kind,
            starts_at=starts,
            ends_at=None if kind == PHASE_ORDER[-1] else starts + 10 * DAY,
        )
    return process


def lives_in(person: User, area: Area) -> User:
    profile, _created = Profile.objects.get_or_create(person=person)
    ProfileArea.objects.get_or_create(
        profile=profile, area=area, relation=ProfileArea.Relation.LIVE
    )
    return person


def make_proposal(process: Process, author: User | None = None, **values: Any) -> Proposal:
    values.setdefault("title", "Benches in the park")
    values.setdefault("description", "Six benches along the river path, so older people can rest.")
    values.setdefault("estimated_cost", 4_000)
    return Proposal.objects.create(process=process, author=author, **values)


def resident_of(area: Area, **values: Any) -> User:
    return lives_in(factories.UserFactory(**values), area)


def picture(name: str = "bench.png", size: tuple[int, int] = (20, 20)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 120, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")
