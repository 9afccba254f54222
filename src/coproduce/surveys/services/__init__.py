"""Every write in surveys: building, answering, templates, themes and invitations."""

from coproduce.surveys.services._base import AnswerErrors
from coproduce.surveys.services.answering import (
    abandon_response,
    answer_survey,
    enter_paper_response,
    save_answers,
    start_response,
    submit_response,
)
from coproduce.surveys.services.building import (
    add_question,
    add_section,
    create_survey,
    delete_question,
    delete_section,
    move_question,
    move_section,
    parse_options,
    set_skip_rule,
    set_status,
    translate_question,
    update_question,
    update_section,
    update_survey,
)
from coproduce.surveys.services.invitations import invite_willing
from coproduce.surveys.services.templates import create_from_template, install_templates
from coproduce.surveys.services.themes import tag_answer

__all__ = [
    "AnswerErrors",
    "abandon_response",
    "add_question",
    "add_section",
    "answer_survey",
    "create_from_template",
    "create_survey",
    "delete_question",
    "delete_section",
    "enter_paper_response",
    "install_templates",
    "invite_willing",
    "move_question",
    "move_section",
    "parse_options",
    "save_answers",
    "set_skip_rule",
    "set_status",
    "start_response",
    "submit_response",
    "tag_answer",
    "translate_question",
    "update_question",
    "update_section",
    "update_survey",
]
