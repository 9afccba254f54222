"""The survey templates that come with the product, each with where it comes from.

Plain data: `services.templates.create_from_template` turns one into a draft survey. Texts are
lazily translated, so a template installed after the site is translated arrives with its
translations already made.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

Text = str | Promise


@dataclass(frozen=True)
class OptionSpec:
    value: str
    label: Text
    score: int | None = None


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str
    text: Text
    help_text: Text = ""
    required: bool = False
    domain: str = ""
    options: tuple[OptionSpec, ...] = ()
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class SectionSpec:
    title: Text
    questions: tuple[QuestionSpec, ...]
    intro: Text = ""


@dataclass(frozen=True)
class TemplateSpec:
    key: str
    title: Text
    description: Text
    source: Text
    audience: str
    sections: tuple[SectionSpec, ...] = field(default_factory=tuple)
    is_anonymous: bool = True
    pacing: str = "section"


FREQUENCY = (
    OptionSpec("never", _("Never"), 0),
    OptionSpec("sometimes", _("Sometimes"), 1),
    OptionSpec("often", _("Often"), 2),
)
AGREEMENT = (
    OptionSpec("strongly_disagree", _("Strongly disagree"), 1),
    OptionSpec("disagree", _("Disagree"), 2),
    OptionSpec("neither", _("Neither agree nor disagree"), 3),
    OptionSpec("agree", _("Agree"), 4),
    OptionSpec("strongly_agree", _("Strongly agree"), 5),
)
WILLINGNESS = (
    OptionSpec("not_at_all", _("Not at all"), 0),
    OptionSpec("hours_a_month", _("A few hours a month"), 1),
    OptionSpec("hours_a_week", _("A few hours a week"), 2),
)
HELP_AREAS = (
    OptionSpec("environment", _("Looking after the local environment")),
    OptionSpec("health", _("Health and wellbeing")),
    OptionSpec("crime_prevention", _("Keeping the area safe")),
    OptionSpec("neighbours", _("Helping neighbours")),
    OptionSpec("young_people", _("Working with young people")),
    OptionSpec("older_people", _("Supporting older people")),
    OptionSpec("events", _("Running local events")),
)

BOVAIRD_2014 = _(
    "Tony Bovaird (INLOGOV and TSRC) and Governance International, “Co-producing the future”, "
    "November 2014: the co-production indicators, the index of co-production (0 = “never” to "
    "every question, 100 = “often” to every question) and the willingness to do more."
)


def _frequency(key: str, domain: str, text: Text) -> QuestionSpec:
    return QuestionSpec(
        key=key, kind="frequency", text=text, domain=domain, required=True, options=FREQUENCY
    )


COMMUNITY = TemplateSpec(
    key="community-coproduction",
    title=_("Community co-production survey"),
    description=_(
        "How often people already do things that help their neighbourhood, their health and "
        "their safety. The answers make the index of co-production."
    ),
    source=BOVAIRD_2014,
    audience="residents",
    sections=(
        SectionSpec(
            _("Your local environment"),
            (
                _frequency("recycle", "environment", _("Do you try to recycle household rubbish?")),
                _frequency(
                    "save_energy",
                    "environment",
                    _("Do you try to save water or electricity at home?"),
                ),
                _frequency(
                    "green_travel",
                    "environment",
                    _("Do you walk, cycle or use public transport instead of driving?"),
                ),
                _frequency("litter", "environment", _("Do you tell others not to drop rubbish?")),
                _frequency(
                    "environment_group",
                    "environment",
                    _("Do you take part in a local environment group?"),
                ),
            ),
        ),
        SectionSpec(
            _("Your health"),
            (
                _frequency("healthy_diet", "health", _("Do you try to eat a healthy diet?")),
                _frequency("exercise", "health", _("Do you try to exercise?")),
                _frequency("health_check", "health", _("Do you see a doctor for a health check?")),
                _frequency(
                    "care_for_others",
                    "health",
                    _("Do you take care of family or friends when they are ill?"),
                ),
                _frequency("health_group", "health", _("Do you take part in a health group?")),
            ),
        ),
        SectionSpec(
            _("Keeping your area safe"),
            (
                _frequency(
                    "lock_doors",
                    "crime_prevention",
                    _("Do you take care to lock doors and windows?"),
                ),
                _frequency(
                    "watch_neighbour",
                    "crime_prevention",
                    _("Do you keep an eye on a neighbour's home?"),
                ),
                _frequency(
                    "neighbours_watch",
                    "crime_prevention",
                    _("Do you ask neighbours to watch your home when you are away?"),
                ),
                _frequency(
                    "safety_advice",
                    "crime_prevention",
                    _("Do you ask the police for advice about safety?"),
                ),
                _frequency(
                    "safety_group",
                    "crime_prevention",
                    _("Do you take part in a community safety group?"),
                ),
            ),
        ),
        SectionSpec(
            _("Reporting problems"),
            (
                _frequency(
                    "stop_antisocial",
                    "crime_reporting",
                    _("Have you stepped in to stop anti-social behaviour?"),
                ),
                _frequency(
                    "report_crime", "crime_reporting", _("Have you reported a crime to the police?")
                ),
                _frequency(
                    "report_safety",
                    "crime_reporting",
                    _("Have you reported a community safety problem?"),
                ),
            ),
        ),
    ),
)

WILLING = TemplateSpec(
    key="willingness",
    title=_("Willingness to do more"),
    description=_("Whether people would give more of their time, how much, and to what."),
    source=BOVAIRD_2014,
    audience="residents",
    is_anonymous=False,
    pacing="question",
    sections=(
        SectionSpec(
            _("Doing more"),
            (
                QuestionSpec(
                    key="willingness",
                    kind="single",
                    text=_("Would you be willing to do more to help improve your area?"),
                    required=True,
                    options=WILLINGNESS,
                ),
                QuestionSpec(
                    key="willing_areas",
                    kind="multiple",
                    text=_("What would you be willing to help with?"),
                    help_text=_("Choose all that apply."),
                    options=HELP_AREAS,
                ),
                QuestionSpec(
                    key="willing_other",
                    kind="short_text",
                    text=_("Is there anything else you would like to help with?"),
                ),
            ),
        ),
    ),
)

PEOPLE_IT = _(
    "Governance International, the Co-Production Star and its 5 Step Model: “People it” with "
    "the Capabilities Assessment (govint.org)."
)

CAPABILITIES_RESIDENTS = TemplateSpec(
    key="capabilities-residents",
    title=_("Capabilities assessment for residents"),
    description=_(
        "The skills people have, how confident they feel, what would help them take part and "
        "what stops them."
    ),
    source=PEOPLE_IT,
    audience="residents",
    is_anonymous=False,
    sections=(
        SectionSpec(
            _("What you can offer"),
            (
                QuestionSpec(
                    key="skills",
                    kind="multiple",
                    text=_("Which of these are you good at?"),
                    help_text=_("Choose all that apply."),
                    options=(
                        OptionSpec("listening", _("Listening and talking with people")),
                        OptionSpec("organising", _("Organising things")),
                        OptionSpec("practical", _("Practical work, like gardening or repairs")),
                        OptionSpec("digital", _("Computers and the internet")),
                        OptionSpec("languages", _("Speaking another language")),
                        OptionSpec("caring", _("Caring for people")),
                        OptionSpec("money", _("Money and budgets")),
                    ),
                ),
                QuestionSpec(
                    key="confidence",
                    kind="agreement",
                    text=_("I feel confident I could help improve services in my area."),
                    required=True,
                    options=AGREEMENT,
                ),
            ),
        ),
        SectionSpec(
            _("Taking part"),
            (
                QuestionSpec(
                    key="would_help",
                    kind="multiple",
                    text=_("What would help you take part?"),
                    help_text=_("Choose all that apply."),
                    options=(
                        OptionSpec("training", _("Some training")),
                        OptionSpec("expenses", _("Travel and other costs paid")),
                        OptionSpec("childcare", _("Help with childcare")),
                        OptionSpec("company", _("Someone to go with")),
                        OptionSpec("time_credits", _("Earning time credits")),
                        OptionSpec("flexible", _("Times that suit me")),
                    ),
                ),
                QuestionSpec(
                    key="barriers",
                    kind="multiple",
                    text=_("What stops you taking part now?"),
                    help_text=_("Choose all that apply."),
                    options=(
                        OptionSpec("time", _("Not enough time")),
                        OptionSpec("health", _("My health")),
                        OptionSpec("how", _("I do not know how")),
                        OptionSpec("not_asked", _("Nobody has asked me")),
                        OptionSpec("cost", _("It costs too much")),
                        OptionSpec("language", _("Language")),
                        OptionSpec("not_listened", _("I do not think anyone would listen")),
                    ),
                ),
                QuestionSpec(
                    key="anything_else",
                    kind="long_text",
                    text=_("Is there anything else we should know?"),
                ),
            ),
        ),
    ),
)

CAPABILITIES_STAFF = TemplateSpec(
    key="capabilities-staff",
    title=_("Capabilities assessment for staff"),
    description=_(
        "How ready staff feel to work with residents, what would help them and what gets in "
        "the way."
    ),
    source=PEOPLE_IT,
    audience="staff",
    sections=(
        SectionSpec(
            _("Working with residents"),
            (
                QuestionSpec(
                    key="staff_confidence",
                    kind="agreement",
                    text=_("I feel confident designing services together with residents."),
                    required=True,
                    options=AGREEMENT,
                ),
                QuestionSpec(
                    key="staff_skills",
                    kind="multiple",
                    text=_("Which of these have you done in your work?"),
                    help_text=_("Choose all that apply."),
                    options=(
                        OptionSpec("workshops", _("Run a workshop with residents")),
                        OptionSpec("volunteers", _("Worked with volunteers")),
                        OptionSpec("feedback", _("Changed a service after feedback")),
                        OptionSpec("codesign", _("Designed a service with its users")),
                    ),
                ),
                QuestionSpec(
                    key="staff_would_help",
                    kind="multiple",
                    text=_("What would help you do more of this?"),
                    help_text=_("Choose all that apply."),
                    options=(
                        OptionSpec("training", _("Training")),
                        OptionSpec("time", _("Time set aside in my job")),
                        OptionSpec("manager", _("Backing from my manager")),
                        OptionSpec("budget", _("A small budget")),
                        OptionSpec("examples", _("Examples from other places")),
                    ),
                ),
                QuestionSpec(
                    key="staff_barriers",
                    kind="long_text",
                    text=_("What gets in the way?"),
                ),
            ),
        ),
    ),
)

WELLBEING = TemplateSpec(
    key="ons-wellbeing",
    title=_("Personal wellbeing"),
    description=_("The four personal wellbeing questions, each answered from 0 to 10."),
    source=_(
        "Office for National Statistics, the four personal well-being questions (ONS4) used in "
        "the Annual Population Survey."
    ),
    audience="residents",
    is_anonymous=False,
    pacing="question",
    sections=(
        SectionSpec(
            _("How you feel"),
            (
                QuestionSpec(
                    key="ons_life_satisfaction",
                    kind="scale",
                    text=_("Overall, how satisfied are you with your life nowadays?"),
                    help_text=_("0 means not at all, 10 means completely."),
                    required=True,
                    domain="wellbeing",
                    min_value=0,
                    max_value=10,
                ),
                QuestionSpec(
                    key="ons_worthwhile",
                    kind="scale",
                    text=_(
                        "Overall, to what extent do you feel that the things you do in your "
                        "life are worthwhile?"
                    ),
                    help_text=_("0 means not at all, 10 means completely."),
                    required=True,
                    domain="wellbeing",
                    min_value=0,
                    max_value=10,
                ),
                QuestionSpec(
                    key="ons_happy",
                    kind="scale",
                    text=_("Overall, how happy did you feel yesterday?"),
                    help_text=_("0 means not at all, 10 means completely."),
                    required=True,
                    domain="wellbeing",
                    min_value=0,
                    max_value=10,
                ),
                QuestionSpec(
                    key="ons_anxious",
                    kind="scale",
                    text=_("Overall, how anxious did you feel yesterday?"),
                    help_text=_("0 means not at all, 10 means completely."),
                    required=True,
                    domain="wellbeing",
                    min_value=0,
                    max_value=10,
                ),
            ),
        ),
    ),
)

PERCEPTION_GAP = TemplateSpec(
    key="perception-gap",
    title=_("What matters most"),
    description=_(
        "The same question put to the people who use a service and to the staff who run it, "
        "to see where they differ."
    ),
    source=_(
        "Governance International, co-design with users and staff: asking both groups the same "
        "“what matters most” question shows the perception gap between them."
    ),
    audience="both",
    sections=(
        SectionSpec(
            _("What matters most"),
            (
                QuestionSpec(
                    key="matters_most",
                    kind="ranking",
                    text=_(
                        "Put these in order: what matters most to the people who use this service?"
                    ),
                    help_text=_("1 is the most important."),
                    required=True,
                    options=(
                        OptionSpec("listened_to", _("Being listened to")),
                        OptionSpec("quick_help", _("Getting help quickly")),
                        OptionSpec("same_person", _("Seeing the same person each time")),
                        OptionSpec("respect", _("Being treated with respect")),
                        OptionSpec("information", _("Clear information")),
                        OptionSpec("close_to_home", _("Help close to home")),
                    ),
                ),
                QuestionSpec(
                    key="matters_most_one",
                    kind="single",
                    text=_("If you could improve only one thing, which would it be?"),
                    options=(
                        OptionSpec("listened_to", _("Being listened to")),
                        OptionSpec("quick_help", _("Getting help quickly")),
                        OptionSpec("same_person", _("Seeing the same person each time")),
                        OptionSpec("respect", _("Being treated with respect")),
                        OptionSpec("information", _("Clear information")),
                        OptionSpec("close_to_home", _("Help close to home")),
                    ),
                ),
            ),
        ),
    ),
)

TEMPLATES: dict[str, TemplateSpec] = {
    spec.key: spec
    for spec in (
        COMMUNITY,
        WILLING,
        CAPABILITIES_RESIDENTS,
        CAPABILITIES_STAFF,
        WELLBEING,
        PERCEPTION_GAP,
    )
}
