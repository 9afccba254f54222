"""How the demo borough turns names into web addresses."""

from __future__ import annotations


def slug_for(name: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in name.lower().replace("'", "")).strip("-")
