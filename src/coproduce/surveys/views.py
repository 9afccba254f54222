"""The web face of surveys for the people answering them: the list, the introduction, the
pages of questions with saved progress, the check before sending, and the printable form."""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.common.errors import NotFound, ServiceError
from coproduce.common.pagination import paginate
from coproduce.people.views import actor_of, subject_of
from coproduce.surveys import selectors, services
from coproduce.surveys.forms import AnswerForm, answer_initial
from coproduce.surveys.models import Question, Response, Section, Survey
from coproduce.surveys.services.answering import pages_shown


def survey_or_404(request: HttpRequest, slug: str, perm: str = "surveys.view_survey") -> Survey:
    try:
        survey = selectors.survey_by_slug(slug)
    except NotFound:
        raise Http404(_("There is no survey at this address.")) from None
    if not request.user.has_perm(perm, survey):
        if request.user.has_perm("surveys.view_survey", survey):
            raise PermissionDenied
        raise Http404(_("There is no survey at this address."))
    return survey


def refuse_or_show(request: HttpRequest, error: ServiceError) -> None:
    if error.status == 403:
        raise PermissionDenied(error.message)
    if error.status == 404:
        raise Http404(error.message)
    messages.error(request, error.message)


@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    can_build = (
        request.user.is_authenticated and selectors.surveys_run_by(actor_of(request)).exists()
    )
    context = {
        "page": paginate(request, selectors.open_surveys()),
        "published": selectors.published_results()[:10],
        "can_build": can_build,
    }
    return render(request, "surveys/survey_list.html", context)


@require_GET
def survey_detail(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(request, slug)
    person = subject_of(request) if request.user.is_authenticated else None
    context = {
        "survey": survey,
        "question_count": Question.objects.filter(section__survey=survey).count(),
        "in_progress": selectors.response_in_progress(survey, person) if person else None,
        "taken_part": person is not None and selectors.has_taken_part(survey, person),
        "may_answer": person is not None and person.has_perm("surveys.answer_survey", survey),
        "can_change": request.user.has_perm("surveys.change_survey", survey),
        "can_see_results": request.user.has_perm("surveys.view_results", survey),
    }
    return render(request, "surveys/survey_detail.html", context)


@login_required
@require_POST
def survey_start(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(request, slug)
    try:
        response = services.start_response(
            actor=actor_of(request), survey=survey, person=subject_of(request)
        )
    except ServiceError as error:
        refuse_or_show(request, error)
        return redirect(survey)
    return redirect("surveys:answer", slug=survey.slug, response=response.pk, step=1)


def _units(survey: Survey, sections: list[Section]) -> list[list[Question]]:
    """The pages of the survey: a section a page, or a question a page."""
    if survey.pacing == "question":
        return [[question] for section in sections for question in section.questions.all()]
    return [list(section.questions.all()) for section in sections]


def _section_of_unit(survey: Survey, sections: list[Section]) -> list[Section]:
    if survey.pacing == "question":
        return [section for section in sections for _q in section.questions.all()]
    return list(sections)


def _own_response(request: HttpRequest, survey: Survey, pk: int) -> Response:
    try:
        response = selectors.own_response(subject_of(request), pk)
    except NotFound:
        raise Http404(_("We could not find those answers.")) from None
    if response.survey_id != survey.pk:
        raise Http404(_("We could not find those answers."))
    return response


@login_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, slug: str, response: int, step: int) -> HttpResponse:
    survey = survey_or_404(request, slug)
    mine = _own_response(request, survey, response)
    sections = selectors.sections_of(survey)
    units = _units(survey, sections)
    unit_sections = _section_of_unit(survey, sections)
    if not 1 <= step <= len(units):
        raise Http404(_("There is no such page in this survey."))
    questions = units[step - 1]
    partial = "later" in request.POST
    form = AnswerForm(request.POST or None, questions=questions, partial=partial)
    if request.method == "POST" and "back" in request.POST:
        return redirect(_step_url(survey, mine, _previous(mine, sections, unit_sections, step)))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_answers(
                actor=actor_of(request),
                response=mine,
                questions=questions,
                answers=form.raw_answers(),
                partial=partial,
            )
        except services.AnswerErrors as error:
            form.add_answer_errors(error.errors)
        except ServiceError as error:
            refuse_or_show(request, error)
            return redirect(survey)
        else:
            if "later" in request.POST:
                messages.success(
                    request, _("Your answers are saved. Come back to this survey to carry on.")
                )
                return redirect(survey)
            following = _next(mine, sections, unit_sections, step)
            if following is None:
                return redirect("surveys:check", slug=survey.slug, response=mine.pk)
            return redirect(_step_url(survey, mine, following))
    elif request.method == "GET":
        form = AnswerForm(
            initial=answer_initial(questions, selectors.answers_by_question(mine)),
            questions=questions,
        )
    context = {
        "survey": survey,
        "response": mine,
        "form": form,
        "layout": form.layout(),
        "section": unit_sections[step - 1],
        "step": step,
        "steps": len(units),
        "has_previous": step > 1,
    }
    return render(request, "surveys/answer.html", context)


def _step_url(survey: Survey, response: Response, step: int) -> str:
    return reverse(
        "surveys:answer", kwargs={"slug": survey.slug, "response": response.pk, "step": step}
    )


def _shown_steps(
    response: Response, sections: list[Section], unit_sections: list[Section]
) -> list[int]:
    shown = {section.pk for section in pages_shown(sections, response)}
    return [number for number, section in enumerate(unit_sections, start=1) if section.pk in shown]


def _next(
    response: Response, sections: list[Section], unit_sections: list[Section], step: int
) -> int | None:
    return next((n for n in _shown_steps(response, sections, unit_sections) if n > step), None)


def _previous(
    response: Response, sections: list[Section], unit_sections: list[Section], step: int
) -> int:
    earlier = [n for n in _shown_steps(response, sections, unit_sections) if n < step]
    return earlier[-1] if earlier else 1


@login_required
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, slug: str, response: int) -> HttpResponse:
    """Every answer given, with a link to change it, and the button that sends them."""
    survey = survey_or_404(request, slug)
    mine = _own_response(request, survey, response)
    sections = selectors.sections_of(survey)
    errors: dict[int, str] = {}
    if request.method == "POST":
        try:
            services.submit_response(actor=actor_of(request), response=mine)
        except services.AnswerErrors as error:
            errors = error.errors
        except ServiceError as error:
            refuse_or_show(request, error)
            return redirect(survey)
        else:
            return redirect("surveys:thanks", slug=survey.slug)
    given = selectors.answers_by_question(mine)
    units = _units(survey, sections)
    step_of = {
        question.pk: number for number, unit in enumerate(units, start=1) for question in unit
    }
    shown = pages_shown(sections, mine)
    rows = [
        (
            section,
            [
                (
                    question,
                    given.get(question.pk, []),
                    step_of[question.pk],
                    errors.get(question.pk),
                )
                for question in section.questions.all()
            ],
        )
        for section in shown
    ]
    context = {
        "survey": survey,
        "response": mine,
        "rows": rows,
        "errors": errors,
        "last_step": len(units),
    }
    return render(request, "surveys/check.html", context)


@require_GET
def thanks(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(request, slug)
    context = {
        "survey": survey,
        "can_see_results": request.user.has_perm("surveys.view_results", survey),
    }
    return render(request, "surveys/thanks.html", context)


@require_GET
def print_form(request: HttpRequest, slug: str) -> HttpResponse:
    """The survey on paper: the questions with boxes to tick, and a QR code to answer online."""
    survey = survey_or_404(request, slug)
    link = request.build_absolute_uri(survey.get_absolute_url())
    context = {
        "survey": survey,
        "sections": selectors.sections_of(survey),
        "link": link,
        "qr": qr_svg(link),
    }
    return render(request, "surveys/print.html", context)


def qr_svg(link: str) -> SafeString:
    image = qrcode.make(link, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    svg = image.to_string(encoding="unicode")
    # Made here from the survey's own address, so it is safe to put in the page.
    return mark_safe(  # noqa: S308
        format_html(
            '<div class="cp-qr" role="img" aria-label="{}">',
            _("QR code of the survey's web address"),
        )
        + svg
        + "</div>"
    )
