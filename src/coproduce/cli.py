"""The `coproduce` command: everyday operations for people who do not know Django.

    coproduce demo       set up the demo borough (first time only) and serve it
    coproduce serve      serve the site with the production web server
    coproduce worker     run the background worker
    coproduce seed       create the fictional borough (--size city for benchmarks)
    coproduce migrate    bring the database up to date
    coproduce check      check the configuration (add --deploy for production)
    coproduce createadmin  make an administrator account
    coproduce manage ... any Django management command
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence


def _django(*args: str) -> None:
    from django.core.management import call_command

    call_command(*args)


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    import django

    django.setup()


def cmd_demo(args: argparse.Namespace) -> None:
    _setup()
    _django("migrate", "--no-input", verbosity=0)
    from coproduce.seeding import DEMO_PASSWORD, demo_logins, is_seeded

    if not is_seeded():
        print("Creating the demo borough of Riverside (first run only)…", flush=True)
        _django("seed")
    print(f"\n{'role':<16} {'email':<36} password")
    for role, email in demo_logins():
        print(f"{role:<16} {email:<36} {DEMO_PASSWORD}")
    print(
        "\nStaff sign in with a code from an authenticator app; the demo staff accounts "
        "use the TOTP secret printed by `coproduce seed` (see README)."
    )
    print(f"\nServing on http://{args.bind} — press Ctrl+C to stop.\n", flush=True)
    cmd_serve(args)


def cmd_serve(args: argparse.Namespace) -> None:
    argv = [
        "gunicorn",
        "coproduce.wsgi:application",
        "--bind",
        args.bind,
        "--workers",
        str(args.workers),
        "--threads",
        str(args.threads),
        "--access-logfile",
        "-" if args.access_log else "/dev/null",
    ]
    os.execvp(sys.executable, [sys.executable, "-m", *argv])  # noqa: S606


def cmd_worker(args: argparse.Namespace) -> None:
    _setup()
    from django.conf import settings

    if settings.TASK_BACKEND == "rq":
        _django("rqworker", "default", "--with-scheduler")
    else:
        extra = ["--max-tasks", str(args.max_tasks)] if args.max_tasks else []
        _django("db_worker", "--interval", str(args.interval), *extra)


def cmd_manage(args: argparse.Namespace, rest: Sequence[str]) -> None:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["coproduce", *rest])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coproduce", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("demo", "serve"):
        serve = sub.add_parser(name, help=f"{name} the site")
        serve.add_argument("--bind", default=os.environ.get("COPRODUCE_BIND", "127.0.0.1:8000"))
        serve.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))
        serve.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        serve.add_argument("--access-log", action="store_true")
    worker = sub.add_parser("worker", help="run the background worker")
    worker.add_argument("--interval", type=float, default=1.0)
    worker.add_argument("--max-tasks", type=int, default=0)
    for name in ("seed", "migrate", "check", "createadmin", "manage", "shell"):
        sub.add_parser(name, help=f"{name} (passes further options to Django)", add_help=False)
    return parser


PASS_THROUGH = {
    "seed": ["seed"],
    "migrate": ["migrate"],
    "check": ["check"],
    "createadmin": ["createsuperuser"],
    "manage": [],
    "shell": ["shell"],
}


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASS_THROUGH:
        cmd_manage(argparse.Namespace(), [*PASS_THROUGH[argv[0]], *argv[1:]])
        return
    args = build_parser().parse_args(argv)
    {"demo": cmd_demo, "serve": cmd_serve, "worker": cmd_worker}[args.command](args)


if __name__ == "__main__":
    main()
