"""A task queued by a web request is run by a real worker process, with each task backend.

The site runs in pytest-django's live server; the worker is `coproduce worker`, started as a
separate process on the same test database (a file under SQLite, see settings.py) and, for
RQ, the same Redis.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from coproduce.common.tasks import send_email
from tests import factories

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SRC = Path(__file__).resolve().parents[2] / "src"
REDIS_URL = os.environ.get("COPRODUCE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WORKER_TIMEOUT = 90  # seconds; the worker needs one or two


def _database_url() -> str:
    """Where this test's database is, as DATABASE_URL for another process."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = quote(db["USER"] or "")
    password = f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _run_worker(tmp_path: Path, *options: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "COPRODUCE_TESTING"}
    environment.update(
        DATABASE_URL=_database_url(),
        COPRODUCE_VAR_DIR=str(tmp_path / "var"),
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=str(tmp_path / "mail"),
        PYTHONPATH=os.pathsep.join([str(SRC), environment.get("PYTHONPATH", "")]),
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "coproduce.cli", "worker", *options],
        env=environment,
        capture_output=True,
        text=True,
        timeout=WORKER_TIMEOUT,
        check=False,
    )


def _ask_for_password_reset(base_url: str, email: str) -> str:
    """Fill in the password reset form as a browser would; returns the page it lands on."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    url = f"{base_url}/accounts/password/reset/"
    with browser.open(url, timeout=30) as response:
        page = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "the password reset page has a form"
    form = urlencode({"csrfmiddlewaretoken": token.group(1), "email": email}).encode()
    request = urllib.request.Request(url, data=form, headers={"Referer": url})
    with browser.open(request, timeout=30) as response:
        return str(response.geturl())


def _mail_to(folder: Path, email: str) -> str:
    messages = [path.read_text() for path in folder.glob("*.log")] if folder.exists() else []
    matching = [message for message in messages if f"To: {email}" in message]
    assert len(matching) == 1, f"one email to {email} in {folder}: {messages}"
    return matching[0]


def test_database_worker_sends_the_email_a_request_queued(
    live_server: Any, settings: Any, tmp_path: Path
) -> None:
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    person = factories.UserFactory(email="forgetful@example.org")

    landed_on = _ask_for_password_reset(live_server.url, person.email)

    assert landed_on.endswith("/accounts/password/reset/done/")
    queued = DBTaskResult.objects.get()
    assert queued.status == TaskResultStatus.READY
    assert not (tmp_path / "mail").exists(), "nothing is sent until a worker runs"

    worker = _run_worker(tmp_path, "--max-tasks", "1", "--interval", "0.1")

    assert worker.returncode == 0, worker.stdout + worker.stderr
    queued.refresh_from_db()
    assert queued.status == TaskResultStatus.SUCCESSFUL
    assert queued.worker_ids
    message = _mail_to(tmp_path / "mail", person.email)
    assert "/accounts/password/reset/key/" in message


@pytest.fixture
def rq_queue(settings: Any) -> Iterator[Any]:
    """The RQ queue in a Redis database kept for tests; one test run at a time uses it."""
    import django_rq
    import redis

    settings.RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    lock = redis.Redis.from_url(REDIS_URL).lock(
        "coproduce-tests:rq-worker", timeout=WORKER_TIMEOUT * 2, blocking_timeout=WORKER_TIMEOUT
    )
    assert lock.acquire(), "another test run held the test Redis database for too long"
    queue = django_rq.get_queue("default")
    queue.empty()
    try:
        yield queue
    finally:
        queue.empty()
        lock.release()


def test_rq_worker_sends_the_email_a_request_queued(
    live_server: Any, rq_queue: Any, tmp_path: Path
) -> None:
    person = factories.UserFactory(email="forgetful@example.org")

    landed_on = _ask_for_password_reset(live_server.url, person.email)

    assert landed_on.endswith("/accounts/password/reset/done/")
    (job_id,) = rq_queue.job_ids
    assert send_email.get_result(job_id).status == TaskResultStatus.READY

    worker = _run_worker(tmp_path, "--burst", COPRODUCE_TASK_BACKEND="rq", REDIS_URL=REDIS_URL)

    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert send_email.get_result(job_id).status == TaskResultStatus.SUCCESSFUL
    message = _mail_to(tmp_path / "mail", person.email)
    assert "/accounts/password/reset/key/" in message
