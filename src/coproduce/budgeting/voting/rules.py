"""Who may do what in voting, as named predicates.

Staff of a process (see `budgeting/rules.py`) set up voting, key paper ballots, post polling
cards and publish results. Paper ballots need two of them, and a third for a paper whose two
keyings differ. Voting with a person at an event is for staff who may act for that person.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.budgeting.rules import is_process_staff
from coproduce.people.rules import helps_person, is_administrator, is_coordinator, is_self


@rules.predicate
def results_published(user: Any, process: Any) -> bool:
    return process is not None and process.publications.exists()


# The object is the process.
rules.add_perm("voting.manage_voting", is_process_staff)
rules.add_perm("voting.key_paper", is_process_staff)
rules.add_perm("voting.publish_results", is_process_staff)
rules.add_perm("voting.view_results", results_published | is_process_staff)
# Importing a published election makes a new process: coordinators and administrators.
rules.add_perm("voting.import_election", is_coordinator | is_administrator)
# The object is the voter.
rules.add_perm("voting.cast_ballot", is_self)
rules.add_perm("voting.vote_for_person", helps_person)
