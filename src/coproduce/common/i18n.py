"""Compiling translations without GNU gettext, so a fresh machine needs nothing extra."""

from __future__ import annotations

import polib


def compile_po(po_path: str, mo_path: str) -> None:
    polib.pofile(po_path).save_as_mofile(mo_path)
