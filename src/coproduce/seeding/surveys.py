"""Surveys in the demo borough: the shipped templates installed for the council, and four of
them answered a few hundred times so that the results pages have something to show.

The answers are drawn to echo the figures in the sources: an index of co-production of about
61 (environment), 52 (health), 45 (crime prevention) and 33 (crime reporting); 29% not
willing to do more, 43% a few hours a month and 28% a few hours a week; and about seven in
ten people whose life satisfaction rose between two rounds of the wellbeing survey.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from coproduce.seeding.names import slug_for
from coproduce.surveys import tallies
from coproduce.surveys.models import (
    Answer,
    Option,
    Participation,
    Question,
    Response,
    Survey,
)
from coproduce.surveys.services import install_templates
from coproduce.surveys.services.answering import AGE_BAND_CHOICES

SEED = 20_240_605
DOMAIN_LEVELS = {
    "environment": 0.61,
    "health": 0.52,
    "crime_prevention": 0.45,
    "crime_reporting": 0.33,
}
WILLINGNESS_WEIGHTS = {"not_at_all": 29, "hours_a_month": 43, "hours_a_week": 28}
COMMUNITY_RESPONSES = 320
WILLING_RESPONSES = 200
WELLBEING_PEOPLE = 160
GAP_USERS, GAP_STAFF = 150, 40
# What matters most, most important first, for each group: staff put speed first, the
# people who use the service put being listened to first.
USERS_ORDER = [
    "listened_to",
    "respect",
    "same_person",
    "quick_help",
    "information",
    "close_to_home",
]
STAFF_ORDER = [
    "quick_help",
    "information",
    "listened_to",
    "close_to_home",
    "respect",
    "same_person",
]

Log = Callable[[str], None]


def create_surveys(*, log: Log = print) -> int:
    """Install and answer the demo surveys, once. Returns how many responses were made."""
    council = Organisation.objects.filter(slug=slug_for("Riverside Council")).first()
    if council is None or Survey.objects.filter(owner=council).exclude(template_key="").exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311 - made-up answers, not secrets
    now = timezone.now()
    with transaction.atomic():
        surveys = {survey.template_key: survey for survey in install_templates(owner=council)}
        wards = list(Area.objects.filter(kind=Area.Kind.WARD).order_by("id"))
        residents = list(
            User.objects.filter(is_staff=False, is_superuser=False, memberships__isnull=True)
            .order_by("id")
            .values_list("pk", flat=True)[:400]
        )
        made = _community(surveys["community-coproduction"], rng, wards, now)
        made += _willingness(surveys["willingness"], rng, wards, residents, now)
        made += _wellbeing(surveys["ons-wellbeing"], rng, wards, residents, now)
        made += _perception_gap(surveys["perception-gap"], rng, wards, now)
        for survey in Survey.objects.filter(owner=council):
            tallies.rebuild(survey)  # the answers above were written directly
    log(f"  {made:,} survey responses")
    return made


def _open(survey: Survey, now: datetime, *, days_ago: int, public: bool = True) -> None:
    survey.status = Survey.Status.OPEN
    survey.opens_at = now - timedelta(days=days_ago)
    survey.closes_at = now + timedelta(days=30)
    survey.results_public = public
    survey.save()


def _options(survey: Survey) -> dict[str, tuple[Question, dict[str, Option]]]:
    questions = Question.objects.filter(section__survey=survey).prefetch_related("options")
    return {
        question.key: (question, {option.value: option for option in question.options.all()})
        for question in questions
    }


def _responses(
    survey: Survey,
    count: int,
    rng: random.Random,
    wards: list[Area],
    now: datetime,
    **fields: object,
) -> list[Response]:
    rows = []
    for _number in range(count):
        started = now - timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 600))
        rows.append(
            Response(
                survey=survey,
                area=rng.choice(wards) if wards and rng.random() < 0.9 else None,
                age_band=rng.choice(AGE_BAND_CHOICES[1:]) if rng.random() < 0.85 else "",
                started_at=started,
                submitted_at=started + timedelta(minutes=rng.randint(3, 15)),
                **fields,
            )
        )
    return Response.objects.bulk_create(rows)


def _community(survey: Survey, rng: random.Random, wards: list[Area], now: datetime) -> int:
    _open(survey, now, days_ago=21)
    questions = _options(survey)
    answers = []
    for response in _responses(survey, COMMUNITY_RESPONSES, rng, wards, now):
        for question, options in questions.values():
            level = DOMAIN_LEVELS.get(question.domain, 0.5)
            # Two "tries" at level p: never (1-p)², sometimes 2p(1-p), often p²; mean 2p.
            score = (rng.random() < level) + (rng.random() < level)
            value = ("never", "sometimes", "often")[score]
            answers.append(Answer(response=response, question=question, option=options[value]))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return COMMUNITY_RESPONSES


def _willingness(
    survey: Survey, rng: random.Random, wards: list[Area], residents: list[int], now: datetime
) -> int:
    _open(survey, now, days_ago=14)
    questions = _options(survey)
    willing_q, willing_options = questions["willingness"]
    areas_q, area_options = questions["willing_areas"]
    responses = _responses(survey, WILLING_RESPONSES, rng, wards, now)
    answers = []
    for number, response in enumerate(responses):
        if number < len(residents):
            response.person_id = residents[number]
        value = rng.choices(list(WILLINGNESS_WEIGHTS), weights=list(WILLINGNESS_WEIGHTS.values()))[
            0
        ]
        answers.append(Answer(response=response, question=willing_q, option=willing_options[value]))
        if value != "not_at_all":
            chosen = rng.sample(list(area_options.values()), k=rng.randint(1, 3))
            answers.extend(
                Answer(response=response, question=areas_q, option=option) for option in chosen
            )
    Response.objects.bulk_update(responses, ["person"])
    Answer.objects.bulk_create(answers, batch_size=2000)
    _took_part(survey, [r.person_id for r in responses if r.person_id])
    return WILLING_RESPONSES


def _wellbeing(
    survey: Survey, rng: random.Random, wards: list[Area], residents: list[int], now: datetime
) -> int:
    """Two rounds: the first, closed, a year ago; the repeat open now. Most of the same people
    answered both, so change over time can be shown."""
    first = survey
    first.status = Survey.Status.CLOSED
    first.title = "Personal wellbeing, last year"
    first.opens_at = now - timedelta(days=400)
    first.closes_at = now - timedelta(days=340)
    first.results_public = True
    first.save()
    repeat = Survey.objects.get(pk=first.pk)
    repeat.pk = None
    repeat.slug = f"{first.slug}-repeat"
    repeat.title = "Personal wellbeing, this year"
    repeat.series = first
    repeat.save()
    _copy_questions(first, repeat)
    _open(repeat, now, days_ago=10)
    people = residents[:WELLBEING_PEOPLE]
    made = 0
    for survey_round, shift, when in ((first, 0.0, now - timedelta(days=360)), (repeat, 1.0, now)):
        questions = _options(survey_round)
        responses = _responses(survey_round, len(people) or 40, rng, wards, when)
        answers = []
        for number, response in enumerate(responses):
            if number < len(people):
                response.person_id = people[number]
            # The same person starts from the same place in both rounds.
            base = random.Random(SEED + number)  # noqa: S311
            for key, (question, _unused) in questions.items():
                mean = (
                    6.2 + (base.random() - 0.5) * 3 + (shift if rng.random() < 0.72 else -shift / 2)
                )
                if key == "ons_anxious":
                    mean = 10 - mean
                value = max(0, min(10, round(rng.gauss(mean, 1.0))))
                answers.append(Answer(response=response, question=question, number=value))
        Response.objects.bulk_update(responses, ["person"])
        Answer.objects.bulk_create(answers, batch_size=2000)
        _took_part(survey_round, [r.person_id for r in responses if r.person_id])
        made += len(responses)
    return made


def _copy_questions(source: Survey, target: Survey) -> None:
    for section in source.sections.order_by("position"):
        questions = list(section.questions.order_by("position").prefetch_related("options"))
        section.pk = None
        section.survey = target
        section.save()
        for question in questions:
            options = list(question.options.all())
            question.pk = None
            question.section = section
            question.save()
            for option in options:
                option.pk = None
                option.question = question
            Option.objects.bulk_create(options)


def _perception_gap(survey: Survey, rng: random.Random, wards: list[Area], now: datetime) -> int:
    _open(survey, now, days_ago=7)
    questions = _options(survey)
    ranking_q, ranking_options = questions["matters_most"]
    one_q, one_options = questions["matters_most_one"]
    answers: list[Answer] = []
    for group, order, count in (
        (Response.Group.USERS, USERS_ORDER, GAP_USERS),
        (Response.Group.STAFF, STAFF_ORDER, GAP_STAFF),
    ):
        for response in _responses(survey, count, rng, wards, now, respondent_group=group):
            # Mostly the group's order, with two neighbours swapped now and then.
            ranked = list(order)
            for _swap in range(2):
                i = rng.randrange(len(ranked) - 1)
                if rng.random() < 0.5:
                    ranked[i], ranked[i + 1] = ranked[i + 1], ranked[i]
            answers.extend(
                Answer(
                    response=response, question=ranking_q, option=ranking_options[value], rank=rank
                )
                for rank, value in enumerate(ranked, start=1)
            )
            answers.append(Answer(response=response, question=one_q, option=one_options[ranked[0]]))
    Answer.objects.bulk_create(answers, batch_size=2000)
    return GAP_USERS + GAP_STAFF


def _took_part(survey: Survey, people: list[int]) -> None:
    Participation.objects.bulk_create(
        [Participation(survey=survey, person_id=person) for person in people],
        ignore_conflicts=True,
    )
