"""Who may take part in a budgeting process: age, where they live, a verified identity.

One place for the rule, so that putting forward an idea, supporting one and voting, online, on
paper or with staff at an event, all ask the same question.
"""

from __future__ import annotations

from datetime import date

from allauth.account.models import EmailAddress
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.budgeting.models import Process
from coproduce.common import rows
from coproduce.common.errors import ServiceError
from coproduce.people.models import ProfileArea, User


class NotEligible(ServiceError):
    status = 403

    def __init__(self, message: str) -> None:
        super().__init__(message, code="not_eligible")


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _lives_in(person: User, process: Process) -> bool:
    wanted = set(process.areas.values_list("pk", flat=True))
    if not wanted:
        return True
    homes = ProfileArea.objects.filter(
        profile__person=person, relation=ProfileArea.Relation.LIVE
    ).select_related("area")
    # Living in a neighbourhood counts for the ward and the borough it lies in.
    return any(
        ancestor.pk in wanted for link in homes for ancestor in link.area.ancestors_and_self()
    )


def _is_verified(person: User) -> bool:
    # Someone without email whose account staff made in person was checked by that member of staff.
    if not person.email:
        return person.created_by_id is not None
    # Asked for every ballot cast online: SQL written once (common.rows).
    return rows.exists(
        EmailAddress,
        "user_id = %s AND UPPER(email) = UPPER(%s) AND verified = %s",
        [person.pk, person.email, True],
    )


def eligibility_problem(person: User, process: Process, *, on: date | None = None) -> str | None:
    """Why the person may not take part, in words fit to show them; None when they may."""
    if not person.is_authenticated or not person.is_active or person.erased_at is not None:
        return _("Sign in to take part.")
    if process.minimum_age:
        born = getattr(getattr(person, "profile", None), "date_of_birth", None)
        if born is None:
            return _(
                "You need to be %(age)s or older to take part. Add your date of birth to your "
                "profile so that we can check."
            ) % {"age": process.minimum_age}
        if _age_on(born, on or timezone.localdate()) < process.minimum_age:
            return _("You need to be %(age)s or older to take part.") % {"age": process.minimum_age}
    if process.residents_only and not _lives_in(person, process):
        names = ", ".join(process.areas.order_by("name").values_list("name", flat=True))
        return _(
            "Only people who live in %(areas)s can take part. If you live there, add the area "
            "to your profile."
        ) % {"areas": names}
    if process.verification_required and not _is_verified(person):
        return _("Confirm your email address before you take part. We sent you a link.")
    return None


def check_eligible(person: User, process: Process, *, on: date | None = None) -> None:
    """Raise NotEligible with the reason when the person may not take part."""
    problem = eligibility_problem(person, process, on=on)
    if problem is not None:
        raise NotEligible(problem)
