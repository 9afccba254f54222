"""The `coproduce` command: what each sub-command hands on, without starting any server."""

from __future__ import annotations

import argparse
import os
import secrets
import string
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from coproduce import cli

SRC = Path(__file__).resolve().parents[2] / "src"


class Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.calls.append(args)


class FakeProcess:
    started: list[list[str]] = []

    def __init__(self, argv: list[str]) -> None:
        FakeProcess.started.append(argv)

    def wait(self, timeout: float | None = None) -> int:
        return 0

    def terminate(self) -> None:
        pass


def test_help_lists_every_command_in_plain_english(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["--help"])

    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for command in ("demo", "serve", "worker", "seed", "migrate", "check", "createadmin"):
        assert f"    {command}" in text
    assert "totp" in text
    assert "manage" in text
    assert "run the background worker" in text


def test_an_unknown_command_is_refused_with_usage(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main(["fly"])

    assert exit_.value.code == 2
    assert "invalid choice: 'fly'" in capsys.readouterr().err


def test_no_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        cli.main([])

    assert exit_.value.code == 2
    assert "usage: coproduce" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "django_argv"),
    [
        (["seed", "--size", "city"], ["seed", "--size", "city"]),
        (["migrate"], ["migrate"]),
        (["check", "--deploy"], ["check", "--deploy"]),
        (["createadmin"], ["createsuperuser"]),
        (["totp", "admin@riverside.example"], ["totp", "admin@riverside.example"]),
        (["manage", "showmigrations", "people"], ["showmigrations", "people"]),
        (["seed", "--help"], ["seed", "--help"]),
    ],
)
def test_django_commands_get_every_option(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], django_argv: list[str]
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(cli, "cmd_manage", recorder)

    cli.main(argv)

    assert recorder.calls == [(django_argv,)]


def test_serve_starts_gunicorn_with_the_chosen_address(monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = Recorder()
    monkeypatch.setattr(os, "execv", recorder)

    cli.main(["serve", "--bind", "0.0.0.0:9000", "--workers", "3", "--threads", "2"])

    ((program, argv),) = recorder.calls
    assert program == sys.executable
    assert argv[1:4] == ["-m", "gunicorn", "coproduce.wsgi:application"]
    assert argv[argv.index("--bind") + 1] == "0.0.0.0:9000"
    assert argv[argv.index("--workers") + 1] == "3"
    assert argv[argv.index("--threads") + 1] == "2"


def test_serve_takes_its_defaults_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COPRODUCE_BIND", "127.0.0.1:8100")
    monkeypatch.setenv("WEB_WORKERS", "4")

    args = cli.build_parser().parse_args(["serve"])

    assert args.bind == "127.0.0.1:8100"
    assert args.workers == 4
    assert "--access-logfile" in cli.gunicorn_argv(args)


def test_serve_refuses_a_number_of_workers_that_is_not_a_number(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit):
        cli.main(["serve", "--workers", "many"])

    assert "invalid int value: 'many'" in capsys.readouterr().err


def _worker_args(*argv: str) -> argparse.Namespace:
    return cli.build_parser().parse_args(["worker", *argv])


def test_worker_runs_the_database_worker_by_default() -> None:
    command = cli.worker_command("database", _worker_args())

    assert command[0] == "db_worker"
    assert "--max-tasks" not in command
    assert "--no-reload" in command


def test_worker_can_stop_after_some_tasks_or_when_idle() -> None:
    assert cli.worker_command("database", _worker_args("--max-tasks", "1"))[-2:] == [
        "--max-tasks",
        "1",
    ]
    assert cli.worker_command("database", _worker_args("--burst"))[-1] == "--batch"


def test_worker_runs_an_rq_worker_with_the_tasks_job_class() -> None:
    command = cli.worker_command("rq", _worker_args())

    assert command[:2] == ["rqworker", "default"]
    assert command[command.index("--job-class") + 1] == "django_tasks_rq.Job"
    assert "--with-scheduler" in command
    assert "--burst" in cli.worker_command("rq", _worker_args("--burst"))
    assert "--max-jobs" in cli.worker_command("rq", _worker_args("--max-tasks", "5"))


def test_worker_command_follows_the_task_backend_setting(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    recorder = Recorder()
    monkeypatch.setattr(cli, "_django", recorder)
    settings.TASK_BACKEND = "rq"

    cli.main(["worker", "--burst"])

    ((name, *_rest),) = recorder.calls
    assert name == "rqworker"


def _fake_demo(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(cli, "_django", recorder)
    monkeypatch.setattr(cli.subprocess, "Popen", FakeProcess)
    # The test's own transaction must stay open.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)
    FakeProcess.started = []
    return recorder


@pytest.mark.django_db
def test_demo_migrates_seeds_then_serves_with_a_worker(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    recorder = _fake_demo(monkeypatch)

    cli.main(["demo", "--bind", "127.0.0.1:8765"])

    assert [call[0] for call in recorder.calls] == ["migrate", "seed"]
    worker, server = FakeProcess.started
    assert worker[-1] == "worker"
    assert "gunicorn" in server
    assert server[server.index("--bind") + 1] == "127.0.0.1:8765"
    out = capsys.readouterr().out
    assert "coordinator@riverside.example" in out
    assert "riverside-demo" in out
    assert "JBSWY3DPEHPK3PXP" in out


@pytest.mark.django_db
def test_demo_a_second_time_keeps_the_data(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from coproduce.seeding import seed

    seed(residents=0, log=lambda line: None)
    recorder = _fake_demo(monkeypatch)

    cli.main(["demo"])

    assert [call[0] for call in recorder.calls] == ["migrate"]
    assert "keeping your data" in capsys.readouterr().out


def test_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "COPRODUCE_TESTING", "DATABASE_URL", "SECURE_SSL_REDIRECT"}
    }
    env.update(
        COPRODUCE_ENV="production",
        SECRET_KEY="".join(secrets.choice(alphabet) for _ in range(50)),
        ALLOWED_HOSTS="example.org",
        COPRODUCE_VAR_DIR=str(tmp_path),
        PYTHONPATH=str(SRC),
    )

    check = subprocess.run(
        [sys.executable, "-m", "coproduce.cli", "check", "--deploy", "--fail-level", "DEBUG"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert check.returncode == 0, check.stdout + check.stderr
    assert "System check identified no issues (0 silenced)." in check.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "COPRODUCE_TESTING"}}
    env.update(COPRODUCE_ENV="production", COPRODUCE_VAR_DIR=str(tmp_path), PYTHONPATH=str(SRC))

    check = subprocess.run(
        [sys.executable, "-m", "coproduce.cli", "check"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert check.returncode != 0
    assert "SECRET_KEY must be set" in check.stderr
