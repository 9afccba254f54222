"""Answering a survey: on the web page by page with saved progress, in one go through the
API, or on paper entered by staff for the person who filled it in.

A submitted response is never changed, so it is added to the survey's running totals
(`surveys.tallies`) once, as it is submitted. For an anonymous survey the answers keep no
link to the person; that they took part is kept apart (`Participation`) so they answer only
once.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, NotFound, ServiceError
from coproduce.common.permissions import require
from coproduce.organisations.models import Membership
from coproduce.people.models import Profile, ProfileArea, User
from coproduce.people.roles import roles_of
from coproduce.places.models import Area
from coproduce.surveys import selectors, tallies
from coproduce.surveys.models import Answer, Participation, Question, Response, Section, Survey
from coproduce.surveys.services._base import (
    AnswerErrors,
    AnswerValue,
    clean_answers,
    visible_sections,
)

AGE_BANDS = (
    (18, "under 18"),
    (25, "18-24"),
    (35, "25-34"),
    (45, "35-44"),
    (55, "45-54"),
    (65, "55-64"),
    (75, "65-74"),
)
OLDEST_BAND = "75+"
AGE_BAND_CHOICES = [band for _limit, band in AGE_BANDS] + [OLDEST_BAND]


def _check_open(survey: Survey) -> None:
    if survey.status == Survey.Status.DRAFT:
        raise NotFound(_("This survey is not open yet."))
    if not survey.is_accepting_answers():
        raise Conflict(_("This survey is closed. You can no longer answer it."))


def _check_once(survey: Survey, person: User) -> None:
    if not survey.allow_multiple and selectors.has_taken_part(survey, person):
        raise Conflict(_("You have already answered this survey. It can be answered only once."))


def _check_respondent(actor: User, person: User, survey: Survey) -> None:
    if person.pk != actor.pk:
        require(actor, "people.act_for_person", person)
    require(person, "surveys.answer_survey", survey)


def start_response(*, actor: User, survey: Survey, person: User | None = None) -> Response:
    """The person's response in progress, or a new one."""
    person = person or actor
    _check_respondent(actor, person, survey)
    _check_open(survey)
    _check_once(survey, person)
    existing = selectors.response_in_progress(survey, person)
    if existing is not None:
        return existing
    return Response.objects.create(
        survey=survey, respondent=person, entered_by=_helper(actor, person)
    )


def _helper(actor: User, person: User) -> User | None:
    return actor if actor.pk != person.pk else None


def save_answers(
    *,
    actor: User,
    response: Response,
    questions: Sequence[Question],
    answers: Mapping[int, Any],
    partial: bool = False,
) -> None:
    """Keep the answers to some questions (a page) of a response in progress, replacing any
    given before. Nothing is kept if any of them is wrong. `partial` lets needed questions
    stay empty for now (saving to finish later); sending still needs them."""
    with transaction.atomic():
        response = _locked_own(actor, response)
        _check_open(response.survey)
        cleaned = clean_answers(questions, answers, partial=partial)
        _replace(response, cleaned)


def _locked_own(actor: User, response: Response) -> Response:
    locked = (
        Response.objects.select_for_update(of=("self",))
        .select_related("survey__owner", "survey__group")
        .filter(pk=response.pk, submitted_at__isnull=True)
        .first()
    )
    if locked is None or locked.respondent_id is None:
        raise NotFound(_("We could not find that response. It may have been sent already."))
    if locked.respondent_id != actor.pk:
        person = User.objects.get(pk=locked.respondent_id)
        if not actor.has_perm("people.act_for_person", person):
            raise NotFound(_("We could not find that response. It may have been sent already."))
    return locked


def _replace(response: Response, cleaned: Mapping[int, list[AnswerValue]]) -> None:
    Answer.objects.filter(response=response, question_id__in=list(cleaned)).delete()
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=question_id,
            option=row.option,
            number=row.number,
            text=row.text,
            rank=row.rank,
        )
        for question_id, rows in cleaned.items()
        for row in rows
    )


def pages_shown(sections: Sequence[Section], response: Response) -> list[Section]:
    chosen = set(
        Answer.objects.filter(response=response, option__isnull=False).values_list(
            "option_id", flat=True
        )
    )
    return visible_sections(sections, chosen)


def submit_response(*, actor: User, response: Response) -> Response:
    """Send a response in progress: every needed question in the sections shown must have an
    answer. Answers in sections skipped are dropped."""
    with transaction.atomic():
        response = _locked_own(actor, response)
        survey = response.survey
        _check_open(survey)
        person = User.objects.get(pk=response.respondent_id or 0)
        _check_once(survey, person)
        sections = selectors.sections_of(survey)
        shown = pages_shown(sections, response)
        answered = set(response.answers.values_list("question_id", flat=True))
        missing = {
            question.pk: _("Answer this question: it is needed.")
            for section in shown
            for question in section.questions.all()
            if question.required and question.pk not in answered
        }
        if missing:
            raise AnswerErrors(missing)
        shown_ids = {question.pk for section in shown for question in section.questions.all()}
        response.answers.exclude(question_id__in=shown_ids).delete()
        return _finish(response, person=person, actor=actor)


def _finish(response: Response, *, person: User | None, actor: User) -> Response:
    survey = response.survey
    if person is not None:
        _snapshot(response, person)
        _took_part(survey, person)
    response.person = None if survey.is_anonymous else person
    response.respondent = None
    response.submitted_at = timezone.now()
    response.save()
    tallies.count_response(response)  # in the same transaction: counted once, or not at all
    audit.record(
        actor=actor,
        on_behalf_of=person if person is not None and person.pk != actor.pk else None,
        action="surveys.answer_survey",
        target=survey,
        summary=f"Answered the survey {survey.title}"
        + (" on paper" if response.channel == Response.Channel.PAPER else ""),
    )
    return response


def _took_part(survey: Survey, person: User) -> None:
    updated = Participation.objects.filter(survey=survey, person=person).update(
        times=F("times") + 1, last_at=timezone.now()
    )
    if not updated:
        Participation.objects.create(survey=survey, person=person)


def _snapshot(response: Response, person: User) -> None:
    """Where and who the person was when they answered, for breakdowns that must not change
    when they move or have a birthday."""
    roles = roles_of(person)
    if not response.respondent_group or response.channel == Response.Channel.WEB:
        response.respondent_group = (
            Response.Group.STAFF if roles.is_staff_role else Response.Group.USERS
        )
    if response.area_id is None:
        response.area_id = (
            ProfileArea.objects.filter(profile__person=person)
            .order_by("relation", "id")
            .values_list("area_id", flat=True)
            .first()
        )
    if not response.age_band:
        birth = (
            Profile.objects.filter(person=person).values_list("date_of_birth", flat=True).first()
        )
        response.age_band = age_band(birth, timezone.localdate()) if birth else ""
    if response.organisation_id is None:
        response.organisation_id = (
            Membership.objects.filter(person=person)
            .order_by("id")
            .values_list("organisation_id", flat=True)
            .first()
        )


def age_band(birth: datetime.date, today: datetime.date) -> str:
    years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    for limit, band in AGE_BANDS:
        if years < limit:
            return band
    return OLDEST_BAND


def answer_survey(
    *,
    actor: User,
    survey: Survey,
    answers: Mapping[int, Any],
    person: User | None = None,
    idempotency_key: str = "",
) -> Response:
    """Answer a whole survey at once (the API). Sending the same key again returns the first
    response instead of making a second."""
    person = person or actor
    _check_respondent(actor, person, survey)
    if idempotency_key:
        earlier = _earlier(survey, idempotency_key, person)
        if earlier is not None:
            return earlier
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("owner").get(pk=survey.pk)
        _check_open(survey)
        _check_once(survey, person)
        response = Response(
            survey=survey,
            respondent=person,
            entered_by=_helper(actor, person),
            idempotency_key=idempotency_key[:80],
        )
        return _save_whole(response, answers, person=person, actor=actor)


def _earlier(survey: Survey, key: str, person: User) -> Response | None:
    earlier = Response.objects.filter(survey=survey, idempotency_key=key[:80]).first()
    if earlier is None:
        return None
    if not _was_by(earlier, person):
        raise Conflict(_("That key was already used for another response."))
    return earlier


def _was_by(response: Response, person: User) -> bool:
    if response.person_id is not None:
        return response.person_id == person.pk
    return Participation.objects.filter(survey=response.survey, person=person).exists()


def _save_whole(
    response: Response, answers: Mapping[int, Any], *, person: User | None, actor: User
) -> Response:
    sections = selectors.sections_of(response.survey)
    questions = {question.pk: question for question in selectors.questions_of(sections)}
    stray = set(answers) - set(questions)
    if stray:
        raise ServiceError(_("Some answers are to questions that are not in this survey."))
    chosen = _chosen_options(questions, answers)
    shown = visible_sections(sections, chosen)
    asked = [question for section in shown for question in section.questions.all()]
    cleaned = clean_answers(asked, answers)
    try:
        with transaction.atomic():
            response.save()
            _replace(response, cleaned)
            return _finish(response, person=person, actor=actor)
    except IntegrityError:
        raise Conflict(_("That key was already used for another response.")) from None


def _chosen_options(questions: Mapping[int, Question], answers: Mapping[int, Any]) -> set[int]:
    chosen: set[int] = set()
    for question_id, raw in answers.items():
        values = raw if isinstance(raw, list | tuple) else [raw]
        by_value = {option.value: option.pk for option in questions[question_id].options.all()}
        chosen |= {by_value[str(value)] for value in values if str(value) in by_value}
    return chosen


def enter_paper_response(
    *,
    actor: User,
    survey: Survey,
    answers: Mapping[int, Any],
    person: User | None = None,
    respondent_group: str = Response.Group.USERS,
    area: Area | None = None,
    age_band: str = "",
    idempotency_key: str = "",
) -> Response:
    """Staff type in a form filled in on paper, for a named person or for nobody in
    particular. Paper forms handed in before the survey closed may be typed in after."""
    require(actor, "surveys.enter_paper_response", survey)
    if survey.status == Survey.Status.DRAFT:
        raise Conflict(_("Open the survey before you enter answers."))
    if respondent_group not in Response.Group.values:
        raise ServiceError(_("Choose who filled the form in."), field="respondent_group")
    if age_band and age_band not in AGE_BAND_CHOICES:
        raise ServiceError(_("Choose an age band from the list."), field="age_band")
    if idempotency_key:
        earlier = Response.objects.filter(survey=survey, idempotency_key=idempotency_key).first()
        if earlier is not None:
            return earlier
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("owner").get(pk=survey.pk)
        if person is not None:
            _check_once(survey, person)
        response = Response(
            survey=survey,
            channel=Response.Channel.PAPER,
            entered_by=actor,
            respondent_group=respondent_group,
            area=area,
            age_band=age_band,
            idempotency_key=idempotency_key[:80],
        )
        return _save_whole(response, answers, person=person, actor=actor)


def abandon_response(*, actor: User, response: Response) -> None:
    """Throw away a response in progress."""
    with transaction.atomic():
        response = _locked_own(actor, response)
        response.delete()
