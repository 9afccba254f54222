"""Staff tag free-text answers with simple themes, to see what people said most."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import ServiceError
from coproduce.common.permissions import require
from coproduce.people.models import User
from coproduce.surveys.models import Answer, AnswerTheme, Theme

MAX_THEME = 80


def tag_answer(*, actor: User, answer: Answer, themes: Sequence[str]) -> list[Theme]:
    """Set the themes of one free-text answer; themes new to the survey are added."""
    survey = answer.question.section.survey
    require(actor, "surveys.tag_answers", survey)
    if answer.response.submitted_at is None or not answer.question.is_text:
        raise ServiceError(_("Only sent free-text answers can be tagged."))
    # "Opening hours" and "opening  hours" are one theme: the first spelling is kept.
    unique: dict[str, str] = {}
    for name in themes:
        tidy = " ".join(name.split())
        if tidy:
            unique.setdefault(tidy.casefold(), tidy)
    names = sorted(unique.values())
    if any(len(name) > MAX_THEME for name in names):
        raise ServiceError(
            _("Keep each theme under %(limit)s characters.") % {"limit": MAX_THEME},
            field="themes",
        )
    with transaction.atomic():
        chosen = []
        for name in names:
            theme = Theme.objects.filter(survey=survey, name__iexact=name).first()
            theme = theme or Theme.objects.create(survey=survey, name=name)
            chosen.append(theme)
        AnswerTheme.objects.filter(answer=answer).exclude(theme__in=chosen).delete()
        have = set(AnswerTheme.objects.filter(answer=answer).values_list("theme_id", flat=True))
        AnswerTheme.objects.bulk_create(
            AnswerTheme(answer=answer, theme=theme, tagged_by=actor)
            for theme in chosen
            if theme.pk not in have
        )
        audit.record(
            actor=actor,
            action="surveys.tag_answer",
            target=survey,
            summary=f"Tagged an answer with {', '.join(names) or 'no themes'}",
        )
        return chosen
