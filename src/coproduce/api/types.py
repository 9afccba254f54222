"""Constrained types the API's schemas share, so bad input is refused before any query runs."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

# What Django's SlugField accepts. Anything else (a NUL byte, a slash) cannot be a slug.
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]+$", max_length=160)]

# A line of text a person types: no control characters, which some databases refuse outright.
LineOfText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^[^\x00-\x1f\x7f]*$"),
]
