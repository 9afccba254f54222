"""The `coproduce` command: everyday operations for people who do not know Django.

coproduce demo         set up the demo borough (first time only) and serve it
coproduce serve        serve the site with the production web server
coproduce worker       run the background worker
coproduce seed         create the fictional borough (--size city for benchmarks)
coproduce migrate      bring the database up to date
coproduce check        check the configuration (add --deploy for production)
coproduce createadmin  make an administrator account
coproduce totp         print a demo staff account's sign-in code
coproduce ledger verify  prove the time-credit balances match their entries
coproduce pb count FILE.pb  count a participatory budget from a pabulib file (no database)
coproduce manage ...   any Django management command
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

DESCRIPTION = "Run coproduce: the demo, the web server, the background worker and more."

# Commands handed to Django as they are, with every option after them.
PASS_THROUGH = {
    "seed": (["seed"], "create the fictional borough of Riverside (--size city: 100,000 people)"),
    "migrate": (["migrate"], "bring the database up to date"),
    "check": (["check"], "look for problems in the set-up (add --deploy for production)"),
    "createadmin": (["createsuperuser"], "make an administrator account"),
    "totp": (["totp"], "print the sign-in code of a demo staff account (demo only)"),
    "ledger": (["ledger"], "check the time-credit ledger: `coproduce ledger verify`"),
    "shell": (["shell"], "open a Python shell with coproduce loaded"),
    "manage": ([], "run any Django management command, e.g. `coproduce manage showmigrations`"),
}


def _setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coproduce.settings")
    import django

    django.setup()


def _django(*args: str, **options: Any) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


def gunicorn_argv(args: argparse.Namespace) -> list[str]:
    return [
        sys.executable,
        "-m",
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


def worker_command(backend: str, args: argparse.Namespace) -> list[str]:
    """The Django command that runs a worker for the configured task backend."""
    if backend == "rq":
        command = ["rqworker", "default", "--job-class", "django_tasks_rq.Job"]
        if args.burst:
            return [*command, "--burst"]
        if args.max_tasks:
            command += ["--max-jobs", str(args.max_tasks)]
        return [*command, "--with-scheduler"]
    command = ["db_worker", "--interval", str(args.interval), "--no-reload"]
    if args.max_tasks:
        command += ["--max-tasks", str(args.max_tasks)]
    if args.burst:
        command.append("--batch")
    return command


def print_demo_logins() -> None:
    from coproduce.seeding import DEMO_PASSWORD, DEMO_TOTP_SECRET, demo_logins

    print(f"\n{'role':<16} {'email':<34} password")
    for role, email in demo_logins():
        print(f"{role:<16} {email:<34} {DEMO_PASSWORD}")
    print(
        "\nProfessionals, coordinators and administrators also need a code from an "
        f"authenticator app.\nAdd the secret {DEMO_TOTP_SECRET} to the app, or run "
        "`.venv/bin/coproduce totp` to print the codes."
    )


def cmd_demo(args: argparse.Namespace) -> None:
    _setup()
    from coproduce.seeding import is_seeded

    _django("migrate", interactive=False, verbosity=0)
    if is_seeded():
        print("The demo borough of Riverside is already there: keeping your data.")
    else:
        print("Creating the demo borough of Riverside (first run only)…", flush=True)
        _django("seed", verbosity=0)
    print_demo_logins()
    print(f"\nServing on http://{args.bind} with a background worker. Press Ctrl+C to stop.\n")
    sys.stdout.flush()
    from django.db import connections

    connections.close_all()
    # The worker sends the emails (verification, password reset) that the site queues.
    worker = subprocess.Popen([sys.executable, "-m", "coproduce.cli", "worker"])
    server = subprocess.Popen(gunicorn_argv(args))  # noqa: S603
    try:
        server.wait()
    except KeyboardInterrupt:
        server.terminate()  # gunicorn finishes the requests it has, then stops
        server.wait(timeout=30)
    finally:
        worker.terminate()
        worker.wait(timeout=10)


def cmd_serve(args: argparse.Namespace) -> None:
    argv = gunicorn_argv(args)
    os.execv(argv[0], argv)  # noqa: S606


def cmd_worker(args: argparse.Namespace) -> None:
    _setup()
    from django.conf import settings

    _django(*worker_command(settings.TASK_BACKEND, args))


def cmd_manage(rest: Sequence[str]) -> None:
    _setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["coproduce", *rest])


def cmd_pb(args: argparse.Namespace) -> None:
    """Count a `.pb` file: plain Python, no Django, no database, no settings."""
    from coproduce.budgeting.counting import CountingError, count
    from coproduce.budgeting.counting.pb import read_pb

    try:
        outcome = count(read_pb(Path(args.file)).election, args.rule)
    except CountingError as error:
        print(f"coproduce pb count: {error}", file=sys.stderr)
        sys.exit(2)
    if args.explain:
        for project in outcome.projects:
            print(f"{project.id}: {project.note}")
    else:
        for winner in outcome.winners:
            print(winner)


def _add_pb_parser(sub: Any) -> None:
    from coproduce.budgeting.counting import RULES

    pb = sub.add_parser("pb", help="count a participatory budget from a .pb file (pabulib)")
    pb_sub = pb.add_subparsers(dest="pb_command", required=True, metavar="command")
    counter = pb_sub.add_parser(
        "count",
        help="print the winning project ids, one per line",
        description="Count the votes in a .pb file and print the winning project ids, one "
        "per line. Needs no server and no database.",
    )
    counter.add_argument("file", help="the .pb file")
    counter.add_argument(
        "--rule",
        choices=list(RULES),
        default="equal-shares",
        help="the counting rule (default: %(default)s)",
    )
    counter.add_argument(
        "--explain",
        action="store_true",
        help="print one line for every project saying why it won or lost",
    )


def _add_server_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--bind",
        default=os.environ.get("COPRODUCE_BIND", "127.0.0.1:8000"),
        help="address and port to listen on (default: %(default)s)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("WEB_WORKERS", "2")),
        help="web server processes (default: %(default)s)",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("WEB_THREADS", "4")),
        help="threads in each process (default: %(default)s)",
    )
    parser.add_argument("--access-log", action="store_true", help="print every request")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coproduce", description=DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, metavar="command")
    demo = sub.add_parser(
        "demo", help="set up the demo borough (first time only) and serve it on 127.0.0.1:8000"
    )
    _add_server_options(demo)
    serve = sub.add_parser("serve", help="serve the site with the production web server")
    _add_server_options(serve)
    worker = sub.add_parser("worker", help="run the background worker (emails, slow jobs)")
    worker.add_argument(
        "--interval", type=float, default=1.0, help="seconds between looks for new work"
    )
    worker.add_argument(
        "--max-tasks", type=int, default=0, help="stop after this many tasks (0: never stop)"
    )
    worker.add_argument("--burst", action="store_true", help="do the waiting work, then stop")
    _add_pb_parser(sub)
    for name, (_command, help_text) in PASS_THROUGH.items():
        sub.add_parser(name, help=help_text, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in PASS_THROUGH:
        cmd_manage([*PASS_THROUGH[argv[0]][0], *argv[1:]])
        return
    args = build_parser().parse_args(argv)
    commands = {"demo": cmd_demo, "serve": cmd_serve, "worker": cmd_worker, "pb": cmd_pb}
    commands[args.command](args)


if __name__ == "__main__":
    main()
