"""500 people press "Sign up" for a 50-place shift at the same instant, over real HTTP.

Each of SIGNUPS_PEOPLE (500) threads is a different person with their own signed-in session;
they wait at a barrier, then all POST the sign-up form of one shift with SIGNUPS_PLACES (50)
places to the running server. Afterwards the database must hold exactly 50 confirmed sign-ups
and 450 on the waiting list (numbered 1 to 450), and every response must be the redirect back
to the opportunity: no error pages.

    # the server and this script need the same DATABASE_URL, REDIS_URL and SECRET_KEY
    .venv/bin/python bench/signups.py --base http://127.0.0.1:8100

`bench/run.sh` runs it against the production server it starts. Bench people have addresses
under @signups-bench.invalid and are reused; each run makes a fresh shift. Exits 1 when the
figures are not exactly right.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/coproduce_bench")
os.environ.pop("COPRODUCE_TESTING", None)

PEOPLE = int(os.environ.get("SIGNUPS_PEOPLE", "500"))
PLACES = int(os.environ.get("SIGNUPS_PLACES", "50"))
DOMAIN = "signups-bench.invalid"
GROUP_SLUG = "signups-bench"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from coproduce.delivery.models import Opportunity, Shift, SignUp  # noqa: E402
from coproduce.organisations.models import Organisation  # noqa: E402
from coproduce.people.models import Profile, User  # noqa: E402

SESSION_BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@dataclass
class Tally:
    statuses: Counter[str] = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.seconds.append(seconds)


def bench_people() -> list[User]:
    """PEOPLE people, made once and reused."""
    have = User.objects.filter(email__endswith=f"@{DOMAIN}")
    start = have.count()
    if start < PEOPLE:
        unusable = make_password(None)
        made = User.objects.bulk_create(
            [
                User(email=f"p{n}@{DOMAIN}", display_name=f"Sign-up bench {n}", password=unusable)
                for n in range(start, PEOPLE)
            ],
            batch_size=1000,
        )
        Profile.objects.bulk_create([Profile(person=person) for person in made], batch_size=1000)
    return list(have.order_by("pk")[:PEOPLE])


def fresh_shift() -> Shift:
    """A new shift with PLACES places; earlier bench shifts go, so nobody overlaps."""
    group, _created = Organisation.objects.get_or_create(
        slug=GROUP_SLUG,
        defaults={"name": "Sign-up bench group", "kind": Organisation.Kind.VCS},
    )
    Opportunity.objects.filter(organisation=group).delete()
    opportunity = Opportunity.objects.create(
        organisation=group,
        title="Sign-up bench",
        description="Made by bench/signups.py.",
        is_published=True,
    )
    starts = timezone.now().replace(microsecond=0) + timedelta(days=30)
    return Shift.objects.create(
        opportunity=opportunity,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        capacity=PLACES,
    )


def session_for(person: User) -> str:
    """A signed-in session, made the way `login()` makes one, without 500 password checks."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = str(person.pk)
    store[BACKEND_SESSION_KEY] = SESSION_BACKEND
    store[HASH_SESSION_KEY] = person.get_session_auth_hash()
    store.create()
    assert store.session_key is not None
    return store.session_key


def sign_up(url: str, back: str, session: str, barrier: threading.Barrier, tally: Tally) -> None:
    """One person's POST. Counted as "302" only when it leads back to the opportunity: a
    redirect to the sign-in page would be a failure too."""
    token = _get_new_csrf_string()
    request = urllib.request.Request(
        url,
        data=b"",
        method="POST",
        headers={
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={session}; "
            f"{settings.CSRF_COOKIE_NAME}={token}",
            "X-CSRFToken": token,
        },
    )
    opener = urllib.request.build_opener(NoRedirect)
    barrier.wait()
    started = time.perf_counter()
    try:
        with opener.open(request, timeout=300) as response:
            status = str(response.status)
    except urllib.error.HTTPError as answer:
        status = str(answer.code)
        if answer.code == 302 and not answer.headers.get("Location", "").endswith(back):
            status = "302 elsewhere"
    except OSError as error:
        status = type(error).__name__
    tally.add(status, time.perf_counter() - started)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="http://127.0.0.1:8100")
    base = parser.parse_args().base.rstrip("/")
    people = bench_people()
    shift = fresh_shift()
    sessions = [session_for(person) for person in people]
    connection.close()
    url = base + reverse("delivery:shift-sign-up", kwargs={"pk": shift.pk})
    back = shift.opportunity.get_absolute_url()
    print(f"{len(people)} people sign up at once for {PLACES} places: POST {url}")

    tally = Tally()
    barrier = threading.Barrier(len(sessions))
    threads = [
        threading.Thread(target=sign_up, args=(url, back, session, barrier, tally))
        for session in sessions
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return report(shift, tally, wall)


def report(shift: Shift, tally: Tally, wall: float) -> int:
    rows = SignUp.objects.filter(shift=shift)
    confirmed = rows.filter(status=SignUp.Status.CONFIRMED).count()
    waiting = rows.filter(status=SignUp.Status.WAITING)
    positions = sorted(waiting.values_list("position", flat=True))
    errors = sum(count for status, count in tally.statuses.items() if status != "302")
    slowest = max(tally.seconds) if tally.seconds else 0.0
    print(f"responses: {dict(sorted(tally.statuses.items()))}")
    print(f"confirmed: {confirmed}")
    print(f"waiting:   {len(positions)} (positions {positions[:1]}…{positions[-1:]})")
    print(f"errors:    {errors}")
    print(f"all {len(tally.seconds)} answered in {wall:.1f} s; slowest answer {slowest:.2f} s")
    right = confirmed == PLACES and positions == list(range(1, PEOPLE - PLACES + 1)) and errors == 0
    print("OK: exactly right" if right else "WRONG: see the figures above")
    return 0 if right else 1


if __name__ == "__main__":
    sys.exit(main())
