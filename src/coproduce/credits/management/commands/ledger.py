"""`coproduce ledger verify`: prove the stored balances equal what the entries add up to."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from coproduce.credits.rounding import format_credits
from coproduce.credits.selectors import LedgerReport, ledger_report


class Command(BaseCommand):
    help = "Check the time-credit ledger. `verify` recomputes every balance from the entries."

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="action")
        sub.add_parser(
            "verify",
            help="recompute every balance from the entries; exit 1 if anything disagrees",
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "verify":
            self.verify()

    def verify(self) -> None:
        report = ledger_report()
        self.stdout.write(
            f"{report.accounts} accounts, {report.transactions} transactions, "
            f"{report.entries} entries\n"
            f"issued (held as negative balances in issuing pools): "
            f"{format_credits(report.issued)} credits\n"
            f"in people's and organisations' accounts: "
            f"{format_credits(report.in_circulation)} credits"
        )
        for line in _problems(report):
            self.stderr.write(line)
        if not report.ok:
            raise CommandError("The ledger does not balance: see the lines above.")
        self.stdout.write(self.style.SUCCESS("The ledger balances."))


def _problems(report: LedgerReport) -> list[str]:
    lines = [
        f"account {account}: stored balance {format_credits(stored)}, "
        f"entries add up to {format_credits(computed)}"
        for account, stored, computed in report.wrong_balances
    ]
    lines += [
        f"transaction {posted}: entries add up to {format_credits(total)}, not 0"
        for posted, total in report.unbalanced_transactions
    ]
    lines += [
        f"account {account} is below zero: {format_credits(balance)}"
        for account, balance in report.negative_accounts
    ]
    if report.total != 0:
        lines.append(
            f"all balances together come to {format_credits(report.total)}, not 0: "
            "credits were created or lost outside an issuance"
        )
    return lines
