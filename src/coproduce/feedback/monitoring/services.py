"""Every write in co-monitoring: setting up a scheme, training, observations, exclusions."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.fields import FloatField
from django.utils import timezone
from django.utils.translation import gettext as _

from coproduce.common import audit
from coproduce.common.errors import Conflict, NotFound, ServiceError
from coproduce.common.permissions import require
from coproduce.feedback.monitoring import answers, measure, selectors
from coproduce.feedback.monitoring.models import (
    DailyTotal,
    Field,
    Observation,
    Place,
    Reading,
    Scheme,
    Volunteer,
)
from coproduce.people.models import User

KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
CLOCK_SKEW = datetime.timedelta(minutes=10)
EARLIEST = datetime.date(1990, 1, 1)
TAKES_PART = "monitoring_takes_part"


# --- Training and the code of conduct -----------------------------------------------------


def record_training(
    *, actor: User, scheme: Scheme, person: User, completed_on: datetime.date
) -> Volunteer:
    """A coordinator records that a person completed the scheme's training."""
    with transaction.atomic():
        require(actor, "monitoring.record_training", scheme)
        if completed_on > timezone.localdate():
            raise ServiceError(_("The date cannot be in the future."), field="completed_on")
        volunteer, _created = Volunteer.objects.update_or_create(
            scheme=scheme,
            person=person,
            defaults={
                "how": Volunteer.How.TRAINED,
                "completed_on": completed_on,
                "recorded_by": actor,
            },
        )
        audit.record(
            actor=actor,
            action="monitoring.record_training",
            target=scheme,
            on_behalf_of=person,
            summary=f"Recorded training for {person.display_name}",
            changes={"person": person.pk, "completed_on": completed_on},
        )
        return volunteer


def agree_to_code(*, actor: User, scheme: Scheme, person: User) -> Volunteer:
    """A person agrees to the code of conduct, where that is all the scheme asks."""
    with transaction.atomic():
        require(actor, "monitoring.agree_to_code", person)
        if scheme.requirement != Scheme.Requirement.AGREE:
            raise ServiceError(
                _("This scheme needs training first. A coordinator records it when it is done."),
                code="training_needed",
            )
        if scheme.status == Scheme.Status.CLOSED:
            raise ServiceError(_("This scheme is closed."), code="closed")
        volunteer, created = Volunteer.objects.get_or_create(
            scheme=scheme,
            person=person,
            defaults={
                "how": Volunteer.How.AGREED,
                "completed_on": timezone.localdate(),
                "recorded_by": actor,
            },
        )
        if created:
            audit.record(
                actor=actor,
                action="monitoring.agree_to_code",
                target=scheme,
                on_behalf_of=person,
                summary=f"Agreed to the code of conduct of {scheme.title}",
            )
        return volunteer


def check_may_record(scheme: Scheme, person: User) -> None:
    """Closed schemes and untrained volunteers are refused, with what to do about it."""
    if scheme.status != Scheme.Status.OPEN:
        raise ServiceError(
            _("This scheme is closed. It is not taking new observations."), code="closed"
        )
    how = Volunteer.objects.filter(scheme=scheme, person=person).values_list("how", flat=True)
    found = list(how)
    if scheme.requirement == Scheme.Requirement.TRAINING and Volunteer.How.TRAINED not in found:
        raise ServiceError(
            _(
                "You need to complete the training for this scheme before you record "
                "observations: %(training)s. Ask the scheme's coordinator to book it."
            )
            % {"training": scheme.training or _("the volunteers' training")},
            code="training_needed",
        )
    if not found:
        raise ServiceError(
            _("Read and agree to the scheme's code of conduct before you record observations."),
            code="code_not_agreed",
        )


# --- Observations -------------------------------------------------------------------------


def submit_observation(
    *,
    actor: User,
    scheme: Scheme,
    person: User,
    place: Place | None,
    observed_at: datetime.datetime,
    answers_in: Mapping[int, Any],
    key: str,
    notes: str = "",
    hours: Any = None,
) -> tuple[Observation, bool]:
    """Record one observation; `key` comes from the person's phone or browser, so the same
    observation sent twice (a lost connection, a second tap) is recorded once. Returns the
    observation and whether it is new."""
    require(actor, "monitoring.submit_observation", person)
    key = str(key or "").strip()
    if not KEY.match(key):
        raise ServiceError(_("The form was not complete. Please send it again."), field="key")
    existing = _already_sent(scheme, key, person)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            observation = _record(actor, scheme, person, place, observed_at, answers_in, key)
            if notes:
                observation.notes = str(notes).strip()[:2000]
                observation.save(update_fields=["notes"])
            _log_time(actor, scheme, person, observation, hours)
    except IntegrityError:
        # The same key, sent at the same moment by a retry: the first one counts.
        existing = _already_sent(scheme, key, person)
        if existing is None:
            raise
        return existing, False
    return observation, True


def _already_sent(scheme: Scheme, key: str, person: User) -> Observation | None:
    existing = Observation.objects.filter(scheme=scheme, idempotency_key=key).first()
    if existing is not None and existing.person_id != person.pk:
        raise Conflict(_("This form was already used. Please start a new one."), code="key_used")
    return existing


def _record(
    actor: User,
    scheme: Scheme,
    person: User,
    place: Place | None,
    observed_at: datetime.datetime,
    answers_in: Mapping[int, Any],
    key: str,
) -> Observation:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    check_may_record(scheme, person)
    if place is None or place.scheme_id != scheme.pk:
        raise ServiceError(_("Choose the place you watched."), field="place")
    _check_time(observed_at)
    fields = list(scheme.fields.all())
    parsed = {field.pk: answers.parse(field, answers_in.get(field.pk)) for field in fields}
    location = next((p.location for p in parsed.values() if p and p.location), None)
    if location is not None:
        _check_inside(place, location, next(f for f in fields if f.kind == Field.Kind.LOCATION))
    top, bottom = _measure_of(scheme, parsed)
    local = timezone.localtime(observed_at)
    observation = Observation.objects.create(
        scheme=scheme,
        place=place,
        person=person,
        recorded_by=actor,
        observed_at=observed_at,
        observed_on=local.date(),
        observed_month=local.date().replace(day=1),
        idempotency_key=key,
        latitude=location[0] if location else None,
        longitude=location[1] if location else None,
        measure_top=top,
        measure_bottom=bottom,
    )
    Reading.objects.bulk_create(
        [
            Reading(
                observation=observation,
                field_id=field_id,
                number=value.number,
                text=value.text,
                photo=value.photo or "",
            )
            for field_id, value in parsed.items()
            if value is not None and value.photo is None
        ]
    )
    for field_id, value in parsed.items():
        if value is not None and value.photo is not None:
            reading = Reading(observation=observation, field_id=field_id)
            reading.photo.save(value.photo.name or "photo", value.photo, save=True)
    add_to_totals(observation)
    audit.record(
        actor=actor,
        action="monitoring.submit_observation",
        target=observation,
        on_behalf_of=person,
        summary=f"Recorded an observation for {scheme.title} at {place.name}",
        changes={"place": place.pk, "observed_at": observed_at},
    )
    return observation


def _check_time(observed_at: datetime.datetime) -> None:
    if timezone.is_naive(observed_at):
        observed_at = timezone.make_aware(observed_at)
    if observed_at > timezone.now() + CLOCK_SKEW:
        raise ServiceError(_("The time of the observation cannot be in the future."), field="date")
    if observed_at.date() < EARLIEST:
        raise ServiceError(_("The date of the observation must be after 1990."), field="date")


def _check_inside(place: Place, location: tuple[Decimal, Decimal], field: Field) -> None:
    latitude, longitude = float(location[0]), float(location[1])
    if place.is_route:
        distance = measure.distance_to_route_m(latitude, longitude, place.route_points)
        message = _(
            "That location is %(distance)s metres from the route %(place)s. Observations must "
            "be made within %(radius)s metres either side of it. Check the place you chose."
        )
    else:
        distance = measure.distance_m(
            float(place.latitude), float(place.longitude), latitude, longitude
        )
        message = _(
            "That location is %(distance)s metres from %(place)s. Observations must be "
            "made within %(radius)s metres of it. Check the place you chose."
        )
    if distance > place.radius_m:
        raise ServiceError(
            message
            % {"distance": f"{distance:,.0f}", "place": place.name, "radius": place.radius_m},
            field=answers.field_key(field),
        )


def _measure_of(
    scheme: Scheme, parsed: Mapping[int, answers.Parsed | None]
) -> tuple[float | None, float | None]:
    if not scheme.has_measure or scheme.measure_field_id is None:
        return None, None
    top_answer = parsed.get(scheme.measure_field_id)
    if top_answer is None or top_answer.number is None:
        return None, None
    if scheme.measure_kind == Scheme.MeasureKind.MEAN:
        return float(top_answer.number), 1.0
    bottom_answer = parsed.get(scheme.measure_total_field_id or 0)
    if bottom_answer is None or bottom_answer.number is None:
        return None, None
    if top_answer.number > bottom_answer.number:
        total_field = scheme.measure_total_field
        assert total_field is not None and scheme.measure_field is not None
        raise ServiceError(
            _("%(part)s cannot be more than %(total)s.")
            % {"part": scheme.measure_field.label, "total": total_field.label},
            field=f"field_{scheme.measure_field_id}",
        )
    return float(top_answer.number), float(bottom_answer.number)


def _log_time(
    actor: User, scheme: Scheme, person: User, observation: Observation, hours: Any
) -> None:
    """Time spent watching counts as time given when the scheme is also an opportunity. The
    hours go through co-delivery's own service, and wait for an organiser like any others."""
    if scheme.opportunity_id is None or hours in (None, ""):
        return
    from coproduce.delivery import services as delivery

    assert scheme.opportunity is not None
    contribution = delivery.log_hours(
        actor=actor,
        person=person,
        opportunity=scheme.opportunity,
        hours=hours,
        date=observation.observed_on,
    )
    observation.contribution = contribution
    observation.save(update_fields=["contribution"])


def exclude_observation(*, actor: User, observation: Observation, reason: str) -> Observation:
    """Leave an observation out of the figures. It is kept, and the audit log says why."""
    with transaction.atomic():
        require(actor, "monitoring.exclude_observation", observation)
        reason = " ".join(str(reason or "").split())
        if not reason:
            raise ServiceError(_("Say why the observation is left out."), field="reason")
        # The scheme's lock keeps its daily totals in step with submissions happening now.
        Scheme.objects.select_for_update().filter(pk=observation.scheme_id).first()
        locked = Observation.objects.select_for_update().filter(pk=observation.pk).first()
        if locked is None:
            raise NotFound(_("That observation no longer exists."))
        if locked.is_excluded:
            raise Conflict(_("This observation is already left out."), code="already_excluded")
        locked.is_excluded = True
        locked.excluded_reason = reason[:1000]
        locked.excluded_by = actor
        locked.excluded_at = timezone.now()
        locked.save(update_fields=["is_excluded", "excluded_reason", "excluded_by", "excluded_at"])
        add_to_totals(locked, sign=-1)
        audit.record(
            actor=actor,
            action="monitoring.exclude_observation",
            target=locked,
            summary=f"Left out an observation of {locked.scheme}",
            changes={"reason": locked.excluded_reason},
        )
        return locked


def recompute_measure(scheme: Scheme) -> int:
    """Rebuild every observation's copy of the measure's numbers from its readings."""

    def reading_of(field_id: int | None) -> Subquery:
        assert field_id is not None
        return Subquery(
            Reading.objects.filter(observation=OuterRef("pk"), field_id=field_id).values("number")[
                :1
            ],
            output_field=FloatField(),
        )

    found = Observation.objects.filter(scheme=scheme)
    if not scheme.has_measure:
        count = found.update(measure_top=None, measure_bottom=None)
        rebuild_totals(scheme)
        return count
    count = found.update(measure_top=reading_of(scheme.measure_field_id))
    if scheme.measure_kind == Scheme.MeasureKind.MEAN:
        found.update(
            measure_bottom=Case(
                When(measure_top__isnull=False, then=Value(1.0)),
                default=None,
                output_field=FloatField(),
            )
        )
    else:
        found.update(measure_bottom=reading_of(scheme.measure_total_field_id))
        found.filter(measure_bottom__isnull=True).update(measure_top=None)
        found.filter(measure_top__isnull=True).update(measure_bottom=None)
        found.filter(measure_top__gt=F("measure_bottom")).update(
            measure_top=None, measure_bottom=None
        )
    rebuild_totals(scheme)
    return count


# --- Daily totals -------------------------------------------------------------------------


def add_to_totals(observation: Observation, *, sign: int = 1) -> None:
    """Count an observation in its place's total for the day (or, with sign -1, take it out).
    Callers hold the scheme's lock, so two changes to one total never cross."""
    total, _created = DailyTotal.objects.get_or_create(
        scheme_id=observation.scheme_id,
        place_id=observation.place_id,
        day=observation.observed_on,
        defaults={"month": observation.observed_month},
    )
    measured = observation.measure_bottom is not None
    DailyTotal.objects.filter(pk=total.pk).update(
        observations=F("observations") + sign,
        measured=F("measured") + (sign if measured else 0),
        top=F("top") + sign * ((observation.measure_top or 0.0) if measured else 0.0),
        bottom=F("bottom") + sign * (observation.measure_bottom or 0.0),
    )


def rebuild_totals(scheme: Scheme) -> int:
    """Make a scheme's daily totals again from its observations (after a bulk load, or when
    the measure changes)."""
    with transaction.atomic():
        DailyTotal.objects.filter(scheme=scheme).delete()
        totals = selectors.totals_from_observations(scheme)
        DailyTotal.objects.bulk_create(totals, batch_size=2000)
        return len(totals)


def takes_part(person: User) -> bool:
    """Whether the person volunteers on a scheme or manages one: they see Monitoring in the
    navigation. Asked once at sign-in and kept in the session, so pages cost no query."""
    from coproduce.people.roles import roles_of

    if Volunteer.objects.filter(person=person).exists():
        return True
    managed = roles_of(person).manager_of
    return bool(managed) and Scheme.objects.filter(organisation_id__in=managed).exists()


def forget_person(*, actor: User | None, person: User) -> None:
    """An erased person's observations stay as evidence, pointing at the anonymised account,
    without their photos, free text or exact locations; their training records go."""
    observations = Observation.objects.filter(person=person)
    for reading in Reading.objects.filter(observation__in=observations).exclude(photo=""):
        reading.photo.delete(save=False)
        reading.text = ""
        reading.save(update_fields=["photo", "text"])
    Reading.objects.filter(observation__in=observations, field__kind=Field.Kind.TEXT).update(
        text=""
    )
    observations.update(notes="", latitude=None, longitude=None)
    Volunteer.objects.filter(person=person).delete()
