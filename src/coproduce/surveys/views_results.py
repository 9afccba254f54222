"""Results of a survey for staff and, when published, for everyone; downloads; free-text
answers with themes; inviting people who are willing to help."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from coproduce.common.errors import ServiceError
from coproduce.common.pagination import paginate
from coproduce.delivery.models import Opportunity
from coproduce.people.views import actor_of
from coproduce.surveys import selectors, services
from coproduce.surveys.forms import BreakdownForm, InviteForm, TagForm
from coproduce.surveys.models import Answer, Survey
from coproduce.surveys.presenting import download_rows, results_for
from coproduce.surveys.views import refuse_or_show, survey_or_404

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _by(request: HttpRequest) -> tuple[BreakdownForm, str | None]:
    form = BreakdownForm(request.GET or None)
    by = form.cleaned_data["by"] if form.is_valid() else ""
    return form, by or None


@require_GET
def results(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(request, slug, "surveys.view_results")
    form, by = _by(request)
    context = {
        "survey": survey,
        "form": form,
        "results": results_for(survey, by=by),
        "by": by or "",
        "is_staff_view": request.user.has_perm("surveys.change_survey", survey),
        "can_download": request.user.has_perm("surveys.download_responses", survey),
        "can_read_text": request.user.has_perm("surveys.view_free_text", survey),
        "query": request.GET.urlencode(),
    }
    return render(request, "surveys/results.html", context)


def _download_name(survey: Survey, what: str, extension: str) -> str:
    return f'attachment; filename="{survey.slug}-{what}.{extension}"'


def _csv(rows: Iterator[list[Any]], filename: str) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_text(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = filename
    return response


def _xlsx(rows: Iterator[list[Any]], title: str, filename: str) -> HttpResponse:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for row in rows:
        sheet.append([_text(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = filename
    return response


def _text(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is kept as plain text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


@require_GET
def results_download(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    survey = survey_or_404(request, slug, "surveys.view_results")
    _form, by = _by(request)
    found = results_for(survey, by=by)
    if extension == "csv":
        return _csv(download_rows(found), _download_name(survey, "results", "csv"))
    return _xlsx(download_rows(found), _("Results"), _download_name(survey, "results", "xlsx"))


def _response_rows(survey: Survey) -> Iterator[list[Any]]:
    questions = selectors.questions_of(selectors.sections_of(survey))
    yield [
        _("Number"),
        _("Channel"),
        _("Group"),
        _("Area"),
        _("Age band"),
        _("Sent on"),
        *[question.key or f"q{question.pk}" for question in questions],
    ]
    yield ["", "", "", "", "", "", *[question.text for question in questions]]
    for row in selectors.anonymised_rows(survey, questions):
        yield [
            row.number,
            row.channel,
            row.group,
            row.area,
            row.age_band,
            row.submitted,
            *[row.answers.get(question.pk, "") for question in questions],
        ]


@login_required
@require_GET
def responses_download(request: HttpRequest, slug: str, extension: str) -> HttpResponse:
    """Every response without names: for those accountable for the survey only."""
    survey = survey_or_404(request, slug, "surveys.download_responses")
    if extension == "csv":
        return _csv(_response_rows(survey), _download_name(survey, "responses", "csv"))
    return _xlsx(
        _response_rows(survey), _("Responses"), _download_name(survey, "responses", "xlsx")
    )


@login_required
@require_GET
def free_text(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(request, slug, "surveys.view_free_text")
    questions = list(selectors.text_questions(survey))
    chosen = next((q for q in questions if str(q.pk) == request.GET.get("question")), None)
    chosen = chosen or (questions[0] if questions else None)
    page = paginate(request, selectors.free_text_answers(chosen)) if chosen else None
    rows = []
    if page is not None:
        for answer in page.object_list:
            names = ", ".join(tag.theme.name for tag in answer.theme_tags.all())
            rows.append((answer, TagForm(initial={"themes": names}, prefix=f"a{answer.pk}")))
    context = {
        "survey": survey,
        "questions": questions,
        "chosen": chosen,
        "page": page,
        "rows": rows,
        "themes": survey.themes.all(),
        "can_tag": request.user.has_perm("surveys.tag_answers", survey),
    }
    return render(request, "surveys/free_text.html", context)


@login_required
@require_POST
def tag(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    survey = survey_or_404(request, slug, "surveys.tag_answers")
    answer = get_object_or_404(
        Answer.objects.select_related("question__section", "response"),
        pk=pk,
        question__section__survey=survey,
    )
    answer.question.section.survey = survey
    form = TagForm(request.POST, prefix=f"a{answer.pk}")
    if form.is_valid():
        try:
            services.tag_answer(actor=actor_of(request), answer=answer, themes=form.names())
        except ServiceError as error:
            refuse_or_show(request, error)
        else:
            messages.success(request, _("Themes saved."))
    else:
        messages.error(request, _("Keep the themes under 400 characters."))
    url = reverse("surveys:free-text", kwargs={"slug": survey.slug})
    return redirect(f"{url}?question={answer.question_id}#answer-{answer.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    survey = survey_or_404(request, slug, "surveys.invite_volunteers")
    opportunities = Opportunity.objects.filter(is_published=True).order_by("title", "id")
    if survey.opportunity_id:
        opportunities = opportunities.filter(pk=survey.opportunity_id) | opportunities
    form = InviteForm(request.POST or None, opportunities=opportunities)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.invite_willing(
                actor=actor_of(request), survey=survey, opportunity=form.cleaned_data["opportunity"]
            )
        except ServiceError as error:
            refuse_or_show(request, error)
        else:
            messages.success(request, _("%(count)s people invited.") % {"count": count})
            return redirect("surveys:build", slug=survey.slug)
    context = {
        "survey": survey,
        "form": form,
        "willing": selectors.willing_people(survey).count(),
        "invited": survey.invitations.count(),
    }
    return render(request, "surveys/invite.html", context)
