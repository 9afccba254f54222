"""Who may do what with surveys, as named predicates.

Staff of the organisation that runs a survey build it and read its results; its managers,
coordinators and administrators may also download the (anonymised) responses. Who may answer
depends on the survey's audience.
"""

from __future__ import annotations

from typing import Any

import rules

from coproduce.organisations.rules import is_manager, is_member
from coproduce.people.roles import roles_of
from coproduce.people.rules import is_administrator, is_coordinator, is_staff_role


@rules.predicate
def works_for(user: Any, organisation: Any) -> bool:
    """A manager of the organisation, or a member of staff who belongs to it."""
    if organisation is None:
        return False
    roles = roles_of(user)
    return organisation.pk in roles.manager_of or (
        organisation.pk in roles.member_of and roles.is_staff_role
    )


@rules.predicate
def runs_survey(user: Any, survey: Any) -> bool:
    return survey is not None and bool(works_for(user, survey.owner))


@rules.predicate
def manages_survey_owner(user: Any, survey: Any) -> bool:
    return survey is not None and bool(is_manager(user, survey.owner))


@rules.predicate
def results_published(user: Any, survey: Any) -> bool:
    return survey is not None and bool(survey.results_public) and survey.status != "draft"


@rules.predicate
def in_audience(user: Any, survey: Any) -> bool:
    if survey is None or not user.is_authenticated:
        return False
    if survey.audience == "staff":
        return bool(is_staff_role(user))
    if survey.audience == "group":
        return survey.group is not None and bool(is_member(user, survey.group))
    return True


@rules.predicate
def is_not_draft(user: Any, survey: Any) -> bool:
    return survey is not None and survey.status != "draft"


is_survey_staff = runs_survey | is_coordinator | is_administrator

# The object is the organisation that will run the survey.
rules.add_perm("surveys.add_survey", works_for | is_coordinator | is_administrator)
rules.add_perm("surveys.change_survey", is_survey_staff)
rules.add_perm("surveys.view_survey", is_not_draft | is_survey_staff)
rules.add_perm("surveys.answer_survey", in_audience)
rules.add_perm("surveys.enter_paper_response", is_survey_staff)
rules.add_perm("surveys.view_results", is_survey_staff | results_published)
rules.add_perm("surveys.view_free_text", is_survey_staff)
rules.add_perm("surveys.tag_answers", is_survey_staff)
# Row-level answers, even anonymised, are for the people accountable for the survey.
rules.add_perm(
    "surveys.download_responses", manages_survey_owner | is_coordinator | is_administrator
)
rules.add_perm("surveys.invite_volunteers", is_survey_staff)
rules.add_perm("surveys.install_templates", is_coordinator | is_administrator)
