"""Surveys: questions put to residents and staff, and the answers they give."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from coproduce.common.models import TimeStampedModel


class Audience(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    STAFF = "staff", _("Staff")
    BOTH = "both", _("Residents and staff")
    GROUP = "group", _("Members of a named group")


class Pacing(models.TextChoices):
    QUESTION = "question", _("One question a page")
    SECTION = "section", _("One section a page")


class Survey(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("short name for the web address"), max_length=80, unique=True)
    description = models.TextField(_("what it is about"), blank=True)
    audience = models.CharField(
        _("who it is for"), max_length=10, choices=Audience.choices, default=Audience.RESIDENTS
    )
    group = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys_for_members",
        verbose_name=_("group"),
    )
    is_anonymous = models.BooleanField(
        _("anonymous"),
        default=True,
        help_text=_("Answers are not linked to the person who gave them."),
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    results_public = models.BooleanField(_("publish the results"), default=False)
    allow_multiple = models.BooleanField(_("a person may answer more than once"), default=False)
    pacing = models.CharField(
        _("how the questions are shown"),
        max_length=10,
        choices=Pacing.choices,
        default=Pacing.SECTION,
    )
    series = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
        verbose_name=_("repeat of"),
        help_text=_("An earlier survey this one repeats, to measure change over time."),
    )
    opportunity = models.ForeignKey(
        "delivery.Opportunity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        verbose_name=_("opportunity"),
    )
    process = models.ForeignKey(
        "budgeting.Process",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys",
        verbose_name=_("budgeting process"),
    )
    initiative = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="surveys_about",
        verbose_name=_("initiative or group"),
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("run by"),
    )
    template_key = models.CharField(max_length=60, blank=True)
    source = models.TextField(_("where the questions come from"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["status", "owner"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True)
                | Q(opens_at__isnull=True)
                | Q(closes_at__gt=F("opens_at")),
                name="survey_closes_after_it_opens",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey-detail", kwargs={"slug": self.slug})

    @property
    def attached_to(self) -> models.Model | None:
        return self.opportunity or self.process or self.initiative

    def is_accepting_answers(self, now: object = None) -> bool:
        moment = now or timezone.now()
        if self.status != self.Status.OPEN:
            return False
        if self.opens_at and moment < self.opens_at:  # type: ignore[operator]
            return False
        return not (self.closes_at and moment >= self.closes_at)  # type: ignore[operator]


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=1)
    title = models.CharField(_("title"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)

    class Meta:
        ordering = ["survey", "position", "id"]
        indexes = [models.Index(fields=["survey", "position"])]

    def __str__(self) -> str:
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Choose one")
    MULTIPLE = "multiple", _("Choose any")
    FREQUENCY = "frequency", _("Never, sometimes or often")
    AGREEMENT = "agreement", _("Agreement scale (1 to 5)")
    SCALE = "scale", _("Scale from 0 to 10")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    RANKING = "ranking", _("Put in order")


CHOICE_KINDS = frozenset(
    {
        QuestionKind.SINGLE,
        QuestionKind.MULTIPLE,
        QuestionKind.FREQUENCY,
        QuestionKind.AGREEMENT,
        QuestionKind.RANKING,
    }
)
NUMBER_KINDS = frozenset({QuestionKind.SCALE, QuestionKind.NUMBER})
TEXT_KINDS = frozenset({QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT})


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=1)
    kind = models.CharField(_("kind of answer"), max_length=12, choices=QuestionKind.choices)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("hint"), blank=True)
    required = models.BooleanField(_("an answer is needed"), default=False)
    domain = models.CharField(
        _("co-production domain"),
        max_length=40,
        blank=True,
        help_text=_("For the co-production index, for example environment or health."),
    )
    key = models.SlugField(
        _("key"),
        max_length=80,
        blank=True,
        help_text=_("Stays the same in every repeat of the survey, to pair answers over time."),
    )
    min_value = models.IntegerField(_("lowest number"), null=True, blank=True)
    max_value = models.IntegerField(_("highest number"), null=True, blank=True)
    # Skip logic: when the answer is skip_if_option, go straight to skip_to_section.
    skip_if_option = models.ForeignKey(
        "Option",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("if the answer is"),
    )
    skip_to_section = models.ForeignKey(
        Section,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skip to section"),
    )

    class Meta:
        ordering = ["section__position", "position", "id"]
        indexes = [models.Index(fields=["section", "position"]), models.Index(fields=["key"])]

    def __str__(self) -> str:
        return self.text

    @property
    def has_options(self) -> bool:
        return self.kind in CHOICE_KINDS

    @property
    def is_number(self) -> bool:
        return self.kind in NUMBER_KINDS

    @property
    def is_text(self) -> bool:
        return self.kind in TEXT_KINDS

    def translated(self, language: str | None = None) -> tuple[str, str]:
        """The text and hint in the given (or current) language, falling back to the original.

        Reads from a prefetched `translations` when there is one.
        """
        language = (language or get_language() or "en").split("-")[0]
        for translation in self.translations.all():
            if translation.language == language:
                return translation.text or self.text, translation.help_text or self.help_text
        return self.text, self.help_text

    @property
    def display_text(self) -> str:
        return self.translated()[0]

    @property
    def display_help(self) -> str:
        return self.translated()[1]


class QuestionTranslation(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    text = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("hint"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["question", "language"], name="one_translation_per_question_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.text}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveIntegerField(default=1)
    label = models.CharField(_("label"), max_length=300)
    value = models.CharField(_("value"), max_length=80)
    score = models.IntegerField(_("score"), null=True, blank=True)

    class Meta:
        ordering = ["question", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="option_value_unique")
        ]

    def __str__(self) -> str:
        return self.label

    def translated(self, language: str | None = None) -> str:
        language = (language or get_language() or "en").split("-")[0]
        for translation in self.translations.all():
            if translation.language == language and translation.label:
                return translation.label
        return self.label

    @property
    def display_label(self) -> str:
        return self.translated()


class OptionTranslation(models.Model):
    option = models.ForeignKey(Option, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=settings.LANGUAGES)
    label = models.CharField(_("label"), max_length=300)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["option", "language"], name="one_translation_per_option_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.language}: {self.label}"


class Response(models.Model):
    """One person's go at a survey. Submitted answers are never edited."""

    class Group(models.TextChoices):
        USERS = "users", _("People who use the service")
        STAFF = "staff", _("Staff who run it")

    class Channel(models.TextChoices):
        WEB = "web", _("On the web")
        PAPER = "paper", _("On paper")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_responses",
    )
    # Who is answering, kept even for anonymous surveys only while the response is in
    # progress, so saved progress can be found again; cleared on submission when anonymous.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    respondent_group = models.CharField(max_length=10, choices=Group.choices, default=Group.USERS)
    area = models.ForeignKey(
        "places.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    age_band = models.CharField(max_length=10, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.WEB)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    idempotency_key = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["survey", "started_at", "id"]
        indexes = [
            models.Index(fields=["survey", "submitted_at"]),
            models.Index(fields=["survey", "person"]),
            models.Index(fields=["survey", "respondent"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="response_idempotency_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Response {self.pk} to {self.survey_id}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Participation(models.Model):
    """That a person took part, kept apart from their answers so anonymous surveys can
    still be answered only once per person."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_participations"
    )
    times = models.PositiveIntegerField(default=1)
    last_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="one_participation_row")
        ]

    def __str__(self) -> str:
        return f"{self.person} took part in {self.survey_id}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    number = models.IntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    rank = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["response", "question", "rank", "id"]
        indexes = [
            models.Index(fields=["question", "option"]),
            models.Index(fields=["response", "question"]),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk} to {self.question_id}"


class Theme(models.Model):
    """A theme staff tag free-text answers with, per survey."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="themes")
    name = models.CharField(_("theme"), max_length=80)

    class Meta:
        ordering = ["survey", "name"]
        constraints = [models.UniqueConstraint(fields=["survey", "name"], name="theme_name_unique")]

    def __str__(self) -> str:
        return self.name


class AnswerTheme(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="theme_tags")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tags")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["answer", "theme"], name="answer_theme_unique")
        ]

    def __str__(self) -> str:
        return f"{self.theme} on {self.answer_id}"


class Invitation(TimeStampedModel):
    """A person who said they are willing to help, invited to a matching opportunity."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    opportunity = models.ForeignKey(
        "delivery.Opportunity", on_delete=models.CASCADE, related_name="survey_invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "opportunity", "survey"], name="one_invitation_per_opportunity"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} to {self.opportunity}"


# Running totals of submitted answers, so that results read a few thousand rows however many
# people answered. Each is added to in the transaction that submits a response (submitted
# answers never change) and can be made again from the answers (`surveys.tallies`). Every
# total is kept once per breakdown: "" (everyone, cell ""), then "area", "age_band" and
# "organisation" with the response's cell ("" when not given), so any breakdown is a
# plain read and the cells of one breakdown add up to the whole.


class RunningTotal(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    breakdown = models.CharField(max_length=12, blank=True)
    respondent_group = models.CharField(max_length=10, choices=Response.Group.choices)
    # The area or organisation id, or the age band; "" when the respondent did not give it.
    cell = models.CharField(max_length=40, blank=True)
    n = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class ResponseCount(RunningTotal):
    """Submitted responses."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "breakdown", "respondent_group", "cell"],
                name="response_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} responses to {self.survey_id}"


class AnswerCount(RunningTotal):
    """Answers per question and answer: an option (with its rank for rankings), a number, or
    none (text). Columns hold 0 for "none" so that the unique key has no NULL in it."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    option_id = models.PositiveBigIntegerField(default=0)
    number = models.IntegerField(default=0)
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "survey",
                    "breakdown",
                    "question",
                    "option_id",
                    "number",
                    "rank",
                    "respondent_group",
                    "cell",
                ],
                name="answer_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} answers to {self.question_id}"


class QuestionRespondentCount(RunningTotal):
    """People who answered a question that takes several answers (choose any, put in order)."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "breakdown", "question", "respondent_group", "cell"],
                name="question_respondent_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} respondents to {self.question_id}"


class IndexScoreCount(RunningTotal):
    """For the index of co-production: respondents who answered `answered` scored questions
    of a domain ("" for all of them) with scores adding up to `score`. A respondent's 0-100
    score follows from the pair, so n, Σx and Σx² do too, exactly, in whole numbers."""

    domain = models.CharField(max_length=40, blank=True)
    answered = models.PositiveIntegerField()
    score = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "survey",
                    "breakdown",
                    "domain",
                    "answered",
                    "score",
                    "respondent_group",
                    "cell",
                ],
                name="index_score_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.n} index scores for {self.survey_id}"
