"""Setting up a scheme: its form, places, training and measure; who may do it."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.common.errors import ServiceError
from coproduce.common.models import AuditEvent
from coproduce.feedback.monitoring import services, setup
from coproduce.feedback.monitoring.models import Field, Place, Scheme, Volunteer
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.feedback.monitoring.conftest import at, make_scheme, stored

pytestmark = pytest.mark.django_db

NEW_SCHEME = {
    "title": "High Street access audit",
    "description": "Can everyone get into the shops?",
    "kind": "access",
    "requirement": "agree",
    "code_of_conduct": "Note what you see. Do not argue with shop staff.",
    "recent_days": "90",
}


def test_coordinator_sets_up_a_scheme_step_by_step(as_coordinator: Client) -> None:
    response = as_coordinator.post(reverse("monitoring:scheme-add"), NEW_SCHEME)
    scheme = Scheme.objects.get()
    assert response["Location"] == scheme.get_absolute_url()
    assert scheme.status == Scheme.Status.DRAFT
    edit = reverse("monitoring:scheme-edit", args=[scheme.pk])
    as_coordinator.post(
        reverse("monitoring:field-add", args=[scheme.pk]),
        {"label": "Step-free entrance?", "kind": "choice", "required": "on", "choices": "Yes\nNo"},
    )
    as_coordinator.post(
        reverse("monitoring:field-add", args=[scheme.pk]),
        {
            "label": "Steps at the door",
            "kind": "number",
            "required": "on",
            "min_value": "0",
            "max_value": "50",
        },
    )
    steps = Field.objects.get(kind="number")
    assert (steps.min_value, steps.max_value) == (Decimal(0), Decimal(50))
    # Opening with no place is refused; add one, then open.
    opened = {
        **NEW_SCHEME,
        "status": "open",
        "measure_kind": "mean",
        "measure_field": steps.pk,
        "measure_label": "steps at the door",
    }
    refused = as_coordinator.post(edit, opened)
    assert "Add at least one place" in refused.content.decode()
    as_coordinator.post(
        reverse("monitoring:place-add", args=[scheme.pk]),
        {"name": "High Street", "latitude": "51.4590", "longitude": "-2.5650", "radius_m": "400"},
    )
    assert as_coordinator.post(edit, opened).status_code == 302
    scheme.refresh_from_db()
    assert scheme.is_open and scheme.has_measure
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "monitoring.create_scheme",
        "monitoring.add_field",
        "monitoring.add_place",
        "monitoring.update_scheme",
    } <= actions


@pytest.mark.parametrize("persona", ["as_resident", "as_group_member", "as_outsider"])
def test_residents_cannot_set_up_schemes(persona: str, request: pytest.FixtureRequest) -> None:
    client: Client = request.getfixturevalue(persona)
    assert client.get(reverse("monitoring:scheme-add")).status_code == 403
    assert client.post(reverse("monitoring:scheme-add"), NEW_SCHEME).status_code == 403
    assert not Scheme.objects.exists()


def test_only_those_running_a_scheme_may_change_it(
    as_resident: Client, as_group_member: Client, scheme: Scheme, vcs_group: Organisation
) -> None:
    edit = reverse("monitoring:scheme-edit", args=[scheme.pk])
    assert as_resident.get(edit).status_code == 403
    assert as_group_member.get(edit).status_code == 403
    scheme.organisation = vcs_group
    scheme.save()
    # A manager of the organisation running it may.
    assert as_group_member.get(edit).status_code == 200


def test_draft_schemes_are_hidden_from_residents(
    client: Client, as_coordinator: Client, coordinator: User
) -> None:
    draft = make_scheme(coordinator, status=Scheme.Status.DRAFT, title="Not ready")
    url = draft.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Not ready" not in client.get(reverse("monitoring:scheme-list")).content.decode()
    assert as_coordinator.get(url).status_code == 200


def test_bad_settings_are_refused(coordinator: User, scheme: Scheme) -> None:
    with pytest.raises(ServiceError, match="on or after"):
        setup.update_scheme(
            actor=coordinator,
            scheme=scheme,
            data={
                "baseline_start": datetime.date(2025, 3, 1),
                "baseline_end": datetime.date(2025, 1, 1),
            },
        )
    with pytest.raises(ServiceError, match="between 2 and 50 answers"):
        setup.add_field(
            actor=coordinator,
            scheme=scheme,
            data={"label": "Colour", "kind": "choice", "choices": "Red"},
        )
    with pytest.raises(ServiceError, match="at least the smallest"):
        setup.add_field(
            actor=coordinator,
            scheme=scheme,
            data={
                "label": "Speed",
                "kind": "number",
                "min_value": Decimal(10),
                "max_value": Decimal(5),
            },
        )
    with pytest.raises(ServiceError, match="latitude from -90"):
        setup.add_place(
            actor=coordinator,
            scheme=scheme,
            data={"name": "Nowhere", "latitude": Decimal(95), "longitude": Decimal(0)},
        )
    assert scheme.fields.count() == 0
    assert scheme.places.count() == 2


def test_a_share_needs_what_it_is_out_of(
    coordinator: User, scheme: Scheme, fields: dict[str, Field]
) -> None:
    with pytest.raises(ServiceError, match="A share needs"):
        setup.update_scheme(
            actor=coordinator,
            scheme=scheme,
            data={
                "measure_kind": "share",
                "measure_field": fields["over"],
                "measure_total_field": None,
            },
        )


def test_changing_the_measure_recomputes_every_observation(
    coordinator: User,
    scheme: Scheme,
    fields: dict[str, Field],
    mill_lane: Place,
    resident: User,
) -> None:
    from tests.feedback.monitoring.test_observations import record

    Volunteer.objects.create(
        scheme=scheme, person=resident, how="agreed", completed_on=timezone.localdate()
    )
    observation, _created = record(scheme, resident, mill_lane, fields)
    setup.update_scheme(
        actor=coordinator,
        scheme=scheme,
        data={"measure_kind": "mean", "measure_field": fields["counted"]},
    )
    observation.refresh_from_db()
    assert (observation.measure_top, observation.measure_bottom) == (40.0, 1.0)
    setup.update_scheme(
        actor=coordinator,
        scheme=scheme,
        data={
            "measure_kind": "share",
            "measure_field": fields["over"],
            "measure_total_field": fields["counted"],
        },
    )
    observation.refresh_from_db()
    assert (observation.measure_top, observation.measure_bottom) == (9.0, 40.0)


def test_coordinator_records_training_on_the_volunteers_page(
    as_coordinator: Client, resident: User, scheme: Scheme
) -> None:
    url = reverse("monitoring:volunteers", args=[scheme.pk])
    unknown = as_coordinator.post(
        url, {"email": "nobody@example.org", "completed_on": "2025-01-01"}
    )
    assert "no account with that email" in unknown.content.decode()
    response = as_coordinator.post(url, {"email": resident.email, "completed_on": "2025-01-01"})
    assert response.status_code == 302
    volunteer = Volunteer.objects.get()
    assert (volunteer.person, volunteer.how) == (resident, Volunteer.How.TRAINED)


def test_residents_cannot_see_who_volunteers(as_resident: Client, scheme: Scheme) -> None:
    assert as_resident.get(reverse("monitoring:volunteers", args=[scheme.pk])).status_code == 403


def test_monitoring_shows_in_the_navigation_only_for_those_taking_part(
    client: Client, resident: User, outsider: User, scheme: Scheme
) -> None:
    link = f'href="{reverse("monitoring:scheme-list")}"'
    client.force_login(outsider)
    assert link not in client.get("/").content.decode()
    Volunteer.objects.create(
        scheme=scheme, person=resident, how="agreed", completed_on=timezone.localdate()
    )
    client.force_login(resident)
    assert link in client.get("/").content.decode()


def test_monitoring_shows_in_the_navigation_for_coordinators(as_coordinator: Client) -> None:
    assert f'href="{reverse("monitoring:scheme-list")}"' in as_coordinator.get("/").content.decode()


def test_erasing_a_person_keeps_their_counts_but_not_their_words(
    coordinator: User, resident: User, scheme: Scheme, mill_lane: Place, fields: dict[str, Field]
) -> None:
    observation = stored(scheme, mill_lane, resident, at(datetime.date(2025, 2, 1)), 40, 9)
    observation.readings.create(field=fields["notes"], text="The red van again, AB12 CDE")
    observation.readings.create(field=fields["counted"], number=Decimal(40))
    Volunteer.objects.create(
        scheme=scheme, person=resident, how="agreed", completed_on=timezone.localdate()
    )
    services.forget_person(actor=coordinator, person=resident)
    assert observation.readings.get(field=fields["notes"]).text == ""
    assert observation.readings.get(field=fields["counted"]).number == Decimal(40)
    assert not Volunteer.objects.exists()
