"""Who may change areas."""

from __future__ import annotations

import rules

from coproduce.people.rules import is_administrator

rules.add_perm("places.add_area", is_administrator)
rules.add_perm("places.change_area", is_administrator)
