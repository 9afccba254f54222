"""Small English phrases for the one-line notes that explain each project's result."""

from __future__ import annotations


def money(amount: float) -> str:
    if float(amount).is_integer():
        return f"{int(amount):,}"
    return f"{amount:,.2f}"


def votes(score: int, kind: str) -> str:
    unit = "point" if kind == "cumulative" else "vote"
    return f"{score:,} {unit}{'' if score == 1 else 's'}"


def people(count: int) -> str:
    return f"{count:,} supporter{'' if count == 1 else 's'}"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"
