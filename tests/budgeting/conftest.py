"""A ward's budget in its ideas phase, run by the council, and a resident of the ward.
(The voting tests below this folder have their own.)"""

from __future__ import annotations

from typing import Any

import pytest

from coproduce.budgeting.models import Process, Proposal
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.budgeting.factories import lives_in, make_process, make_proposal


@pytest.fixture
def ideas_process(council: Organisation, area: Area) -> Process:
    return make_process(council, areas=[area])


@pytest.fixture
def local_resident(resident: User, area: Area) -> User:
    return lives_in(resident, area)


@pytest.fixture
def idea(ideas_process: Process, local_resident: User) -> Proposal:
    return make_proposal(ideas_process, local_resident)


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)
