"""One loop for the commands that prove stored running totals agree with the rows they count.

Surveys and co-monitoring schemes both keep totals so their results pages need not read every
answer or observation; each has a command, run nightly from cron, that checks them and can make
them again. The loop, the report and the exit status are the same for both, so they live here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.management.base import CommandError, OutputWrapper

Thing = TypeVar("Thing")


def verify_totals(
    things: Iterable[Thing],
    *,
    name: Callable[[Thing], str],
    disagreements: Callable[[Thing], list[str]],
    rebuild: Callable[[Thing], object] | None,
    out: OutputWrapper,
    kind: str,
    source: str,
) -> None:
    """Check each thing's totals, mending them first when `rebuild` is given, and report.

    Raises CommandError (exit status 1) when any still disagree, so cron and monitoring notice.
    `kind` is the plural noun for what is checked ("surveys"), `source` what the totals count
    ("answers").
    """
    wrong = checked = 0
    for thing in things:
        checked += 1
        problems = disagreements(thing)
        if problems and rebuild is not None:
            rebuild(thing)
            out.write(f"{name(thing)}: totals made again from the {source}.")
            problems = disagreements(thing)
        for problem in problems:
            out.write(f"{name(thing)}: {problem}")
        wrong += bool(problems)
    if wrong:
        raise CommandError(
            f"{wrong} of {checked} {kind} have totals that disagree with their {source}."
        )
    out.write(f"{checked} {kind} checked: their totals agree with their {source}.")
