"""The survey builder for staff: details, sections, questions, skip rules, translations,
a preview, opening and closing, and typing in paper forms."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.budgeting.models import Process
from coproduce.common.errors import ServiceError
from coproduce.common.forms import add_service_error
from coproduce.common.pagination import paginate
from coproduce.delivery.models import Opportunity
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.people.roles import ADMINISTRATOR, COORDINATOR, roles_of
from coproduce.people.views import actor_of
from coproduce.places.models import Area
from coproduce.surveys import selectors, services
from coproduce.surveys.forms import (
    AnswerForm,
    NewSurveyForm,
    PaperDetailsForm,
    QuestionForm,
    SectionForm,
    SkipForm,
    SurveyForm,
    TranslationForm,
    question_initial,
    survey_initial,
)
from coproduce.surveys.models import Question, Section, Survey
from coproduce.surveys.views import refuse_or_show, survey_or_404


def _building(request: HttpRequest, slug: str) -> Survey:
    return survey_or_404(request, slug, "surveys.change_survey")


def _owners(actor: User) -> QuerySet[Organisation]:
    roles = roles_of(actor)
    organisations = Organisation.objects.filter(is_active=True).order_by("name", "id")
    if roles.names & {COORDINATOR, ADMINISTRATOR}:
        return organisations
    own = set(roles.manager_of) | (set(roles.member_of) if roles.is_staff_role else set())
    return organisations.filter(pk__in=own)


def _choices(survey: Survey | None, owner: Organisation) -> dict[str, Any]:
    series = Survey.objects.filter(owner=owner).order_by("title", "id")
    if survey is not None:
        series = series.exclude(pk=survey.pk)
    organisations = Organisation.objects.filter(is_active=True).order_by("name", "id")
    return {
        "group": organisations,
        "series": series,
        "opportunity": Opportunity.objects.filter(organisation=owner).order_by("title", "id"),
        "process": Process.objects.order_by("title", "id"),
        "initiative": organisations,
    }


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if not _owners(actor).exists():
        raise PermissionDenied
    context = {"page": paginate(request, selectors.surveys_run_by(actor))}
    return render(request, "surveys/manage_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_add(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    owners = _owners(actor)
    if not owners.exists():
        raise PermissionDenied
    form = NewSurveyForm(request.POST or None, owners=owners)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["template"]:
                survey = services.create_from_template(
                    actor=actor, owner=data["owner"], key=data["template"], title=data["title"]
                )
            else:
                survey = services.create_survey(
                    actor=actor, owner=data["owner"], data={"title": data["title"]}
                )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Survey added. It is a draft until you open it."))
            return redirect("surveys:build", slug=survey.slug)
    return render(request, "surveys/survey_add.html", {"form": form})


@login_required
@require_GET
def build(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _building(request, slug)
    context = {
        "survey": survey,
        "sections": selectors.sections_of(survey),
        "editable": survey.status == Survey.Status.DRAFT,
        "languages": [
            (code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ],
        "submitted": selectors.submitted_count(survey),
        "can_download": request.user.has_perm("surveys.download_responses", survey),
        "question_actions": [
            ("up", _("Move up")),
            ("down", _("Move down")),
            ("delete", _("Remove")),
        ],
    }
    return render(request, "surveys/build.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def survey_edit(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _building(request, slug)
    form = SurveyForm(
        request.POST or None, initial=survey_initial(survey), choices=_choices(survey, survey.owner)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_survey(actor=actor_of(request), survey=survey, data=form.values())
        except ServiceError as error:
            _add_error(form, error)
        else:
            messages.success(request, _("Details saved."))
            return redirect("surveys:build", slug=survey.slug)
    return _form_page(request, survey, form, _("Survey details"))


_QUESTION_INTRO = _lazy(
    "Never, sometimes or often answers score 0, 1 and 2 for the index of co-production. "
    "Give a key to pair the question with the same question in a repeat of the survey."
)


def _form_page(
    request: HttpRequest, survey: Survey, form: Any, heading: str, intro: Any = ""
) -> HttpResponse:
    context = {"survey": survey, "form": form, "heading": heading, "intro": intro}
    return render(request, "surveys/form_page.html", context)


def _add_error(form: Any, error: ServiceError) -> None:
    fields = {"opens_at": "opens_on", "closes_at": "closes_on"}
    if error.field in fields:
        error.field = fields[error.field]
    add_service_error(form, error)


@login_required
@require_POST
def survey_status(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _building(request, slug)
    status = request.POST.get("status", "")
    try:
        services.set_status(actor=actor_of(request), survey=survey, status=status)
    except ServiceError as error:
        refuse_or_show(request, error)
    else:
        messages.success(
            request, _("The survey is open.") if status == "open" else _("The survey is closed.")
        )
    return redirect("surveys:build", slug=survey.slug)


# --- Sections ------------------------------------------------------------------------------


def _section(request: HttpRequest, slug: str, pk: int) -> tuple[Survey, Section]:
    survey = _building(request, slug)
    return survey, get_object_or_404(Section, pk=pk, survey=survey)


@login_required
@require_http_methods(["GET", "POST"])
def section_add(request: HttpRequest, slug: str) -> HttpResponse:
    survey = _building(request, slug)
    form = SectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_section(actor=actor_of(request), survey=survey, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            return redirect("surveys:build", slug=survey.slug)
    return _form_page(request, survey, form, _("Add a section"))


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey, section = _section(request, slug, pk)
    form = SectionForm(
        request.POST or None, initial={"title": section.title, "intro": section.intro}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(actor=actor_of(request), section=section, **form.cleaned_data)
        except ServiceError as error:
            add_service_error(form, error)
        else:
            return redirect("surveys:build", slug=survey.slug)
    return _form_page(request, survey, form, _("Change the section"))


@login_required
@require_POST
def section_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Move a section up or down, or remove it."""
    survey, section = _section(request, slug, pk)
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            services.delete_section(actor=actor_of(request), section=section)
        elif action in ("up", "down"):
            services.move_section(actor=actor_of(request), section=section, up=action == "up")
    except ServiceError as error:
        refuse_or_show(request, error)
    return redirect("surveys:build", slug=survey.slug)


# --- Questions -----------------------------------------------------------------------------


def _question(request: HttpRequest, slug: str, pk: int) -> tuple[Survey, Question]:
    survey = _building(request, slug)
    question = get_object_or_404(
        Question.objects.select_related("section").prefetch_related("options", "translations"),
        pk=pk,
        section__survey=survey,
    )
    question.section.survey = survey
    return survey, question


@login_required
@require_http_methods(["GET", "POST"])
def question_add(request: HttpRequest, slug: str, section: int) -> HttpResponse:
    survey, target = _section(request, slug, section)
    target.survey = survey
    form = QuestionForm(request.POST or None, initial={"kind": "single"})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_question(
                actor=actor_of(request),
                section=target,
                data=form.values(),
                options=services.parse_options(form.cleaned_data["options"]),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question added."))
            return redirect(
                reverse("surveys:build", kwargs={"slug": survey.slug}) + f"#section-{target.pk}"
            )
    heading = _("Add a question to %(section)s") % {"section": target.title}
    return _form_page(request, survey, form, heading, _QUESTION_INTRO)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey, question = _question(request, slug, pk)
    form = QuestionForm(request.POST or None, initial=question_initial(question))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_question(
                actor=actor_of(request),
                question=question,
                data=form.values(),
                options=services.parse_options(form.cleaned_data["options"]),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("surveys:build", slug=survey.slug)
    return _form_page(request, survey, form, _("Change the question"), _QUESTION_INTRO)


@login_required
@require_POST
def question_change(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey, question = _question(request, slug, pk)
    action = request.POST.get("action", "")
    try:
        if action == "delete":
            services.delete_question(actor=actor_of(request), question=question)
        elif action in ("up", "down"):
            services.move_question(actor=actor_of(request), question=question, up=action == "up")
    except ServiceError as error:
        refuse_or_show(request, error)
    return redirect("surveys:build", slug=survey.slug)


@login_required
@require_http_methods(["GET", "POST"])
def question_skip(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey, question = _question(request, slug, pk)
    options = list(question.options.all())
    later = list(
        survey.sections.filter(position__gt=question.section.position).order_by("position")
    )
    initial = {
        "option": str(question.skip_if_option_id or ""),
        "section": str(question.skip_to_section_id or ""),
    }
    form = SkipForm(request.POST or None, initial=initial, options=options, sections=later)
    if request.method == "POST" and form.is_valid():
        option = next((o for o in options if str(o.pk) == form.cleaned_data["option"]), None)
        section = next((s for s in later if str(s.pk) == form.cleaned_data["section"]), None)
        try:
            services.set_skip_rule(
                actor=actor_of(request), question=question, option=option, section=section
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Skip rule saved."))
            return redirect("surveys:build", slug=survey.slug)
    heading = _("Skip rule for “%(question)s”") % {"question": question.text}
    intro = _("When someone gives this answer, they go straight to the section you choose.")
    return _form_page(request, survey, form, heading, intro)


@login_required
@require_http_methods(["GET", "POST"])
def question_translate(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    survey, question = _question(request, slug, pk)
    languages = dict(settings.LANGUAGES)
    if language not in languages or language == settings.LANGUAGE_CODE:
        raise Http404(_("The site is not in that language."))
    options = list(question.options.all())
    existing = next((t for t in question.translations.all() if t.language == language), None)
    initial: dict[str, Any] = {
        "text": existing.text if existing else "",
        "help_text": existing.help_text if existing else "",
    }
    for option in options:
        label = next((t.label for t in option.translations.all() if t.language == language), "")
        initial[f"option_{option.pk}"] = label
    form = TranslationForm(request.POST or None, initial=initial, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            services.translate_question(
                actor=actor_of(request),
                question=question,
                language=language,
                text=form.cleaned_data["text"],
                help_text=form.cleaned_data["help_text"],
                option_labels=form.option_labels(),
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Translation saved."))
            return redirect("surveys:build", slug=survey.slug)
    heading = _("Translate into %(language)s") % {"language": languages[language]}
    intro = _("The question in English: %(text)s. Leave a box empty to show the English.") % {
        "text": question.text
    }
    return _form_page(request, survey, form, heading, intro)


@login_required
@require_GET
def preview(request: HttpRequest, slug: str) -> HttpResponse:
    """Every page of the survey as people will see it, without saving anything."""
    survey = _building(request, slug)
    sections = selectors.sections_of(survey)
    pages = [(section, AnswerForm(questions=list(section.questions.all()))) for section in sections]
    return render(request, "surveys/preview.html", {"survey": survey, "pages": pages})


@login_required
@require_http_methods(["GET", "POST"])
def paper_entry(request: HttpRequest, slug: str) -> HttpResponse:
    """Type in a form filled in on paper."""
    survey = survey_or_404(request, slug, "surveys.enter_paper_response")
    sections = selectors.sections_of(survey)
    questions = selectors.questions_of(sections)
    details = PaperDetailsForm(request.POST or None, areas=Area.objects.order_by("name"))
    # On paper people skip what they skip: staff type in what is there.
    form = AnswerForm(request.POST or None, questions=questions, partial=True)
    if request.method == "POST" and details.is_valid() and form.is_valid():
        person = None
        email = details.cleaned_data["email"]
        if email:
            person = User.objects.filter(email__iexact=email, is_active=True).first()
            if person is None:
                details.add_error("email", _("Nobody has an account with that email address."))
        if not details.errors:
            try:
                services.enter_paper_response(
                    actor=actor_of(request),
                    survey=survey,
                    answers=form.raw_answers(),
                    person=person,
                    respondent_group=details.cleaned_data["respondent_group"],
                    area=details.cleaned_data["area"],
                    age_band=details.cleaned_data["age_band"],
                    idempotency_key=details.cleaned_data["key"],
                )
            except services.AnswerErrors as error:
                form.add_answer_errors(error.errors)
            except ServiceError as error:
                add_service_error(details, error)
            else:
                messages.success(request, _("Paper form saved. You can type in the next one."))
                return redirect("surveys:paper", slug=survey.slug)
    if not details.is_bound:
        details.initial["key"] = secrets.token_urlsafe(16)
    sectioned = _by_section(sections, form)
    context = {"survey": survey, "details": details, "form": form, "sectioned": sectioned}
    return render(request, "surveys/paper.html", context)


def _by_section(sections: list[Section], form: AnswerForm) -> list[tuple[Section, list[Any]]]:
    layout = dict((question.pk, (question, fields)) for question, fields in form.layout())
    return [
        (section, [layout[question.pk] for question in section.questions.all()])
        for section in sections
    ]
