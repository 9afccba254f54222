"""Putting forward an idea, changing it, supporting it: the good path and every bad input."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coproduce.budgeting import services
from coproduce.budgeting.models import Process, Proposal, ProposalDetails, Support
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.people.models import User
from coproduce.places.models import Area
from tests import factories
from tests.budgeting.factories import make_proposal, picture, resident_of

IDEA = {
    "title": "Benches in the park",
    "description": "Six benches along the river path.",
    "estimated_cost": 4_000,
}


def add_url(process: Process) -> str:
    return reverse("budgeting:proposal-add", kwargs={"slug": process.slug})


def form(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {**IDEA, "category": "Parks", "submission_key": str(uuid.uuid4())}
    data.update(changes)
    return data


def test_resident_puts_forward_an_idea(
    ideas_process: Process, local_resident: User, area: Area
) -> None:
    proposal = services.create_proposal(
        actor=local_resident,
        process=ideas_process,
        data={**IDEA, "category": "Parks", "area": area, "latitude": "51.45", "longitude": "-2.58"},
        image=picture(),
    )
    assert proposal.author == local_resident
    assert proposal.status == Proposal.Status.SUBMITTED
    assert proposal.cost == 4_000
    assert proposal.image.name.startswith("budgeting/proposals/")
    assert str(proposal.latitude) == "51.450000"


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        (-5, "must be 1 or more"),
        (0, "must be 1 or more"),
        ("lots", "whole number"),
        (60_000, "more than the whole budget of £50,000"),
        (1_000_000_000_000, "at most 12 digits"),
    ],
)
def test_bad_cost_is_refused_and_nothing_is_made(
    ideas_process: Process, local_resident: User, cost: Any, message: str
) -> None:
    with pytest.raises(ServiceError, match=message) as error:
        services.create_proposal(
            actor=local_resident, process=ideas_process, data={**IDEA, "estimated_cost": cost}
        )
    assert error.value.field == "estimated_cost"
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("cost", "message"),
    [
        ("-5", "The amount cannot be less than 0."),
        ("9999999999999", "at most 12 digits"),
        ("60000", "more than the whole budget"),
        ("12.50", "whole number"),
    ],
)
def test_idea_form_shows_a_clear_message_for_a_bad_cost(
    as_resident: Client, ideas_process: Process, local_resident: User, cost: str, message: str
) -> None:
    response = as_resident.post(add_url(ideas_process), form(estimated_cost=cost))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_form_sent_twice_makes_one_idea(
    as_resident: Client, ideas_process: Process, local_resident: User
) -> None:
    data = form()
    first = as_resident.post(add_url(ideas_process), data)
    second = as_resident.post(add_url(ideas_process), data)
    assert Proposal.objects.count() == 1
    proposal = Proposal.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == proposal.get_absolute_url()


def test_someone_elses_submission_key_is_refused(
    ideas_process: Process, local_resident: User, area: Area
) -> None:
    key = uuid.uuid4()
    services.create_proposal(
        actor=local_resident, process=ideas_process, data=IDEA, submission_key=key
    )
    neighbour = resident_of(area)
    with pytest.raises(Conflict):
        services.create_proposal(
            actor=neighbour, process=ideas_process, data=IDEA, submission_key=key
        )
    assert Proposal.objects.count() == 1


def test_idea_with_a_picture_through_the_form(
    as_resident: Client, ideas_process: Process, local_resident: User
) -> None:
    response = as_resident.post(add_url(ideas_process), {**form(), "image": picture()})
    assert response.status_code == 302
    assert Proposal.objects.get().image


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("notes.png", b"not a picture at all", content_type="image/png"),
            "not a picture we can use",
        ),
        (
            SimpleUploadedFile("huge.png", b"0" * (5 * 1024 * 1024 + 1), content_type="image/png"),
            "smaller than 5 MB",
        ),
    ],
)
def test_a_file_that_is_not_a_small_picture_is_refused(
    as_resident: Client,
    ideas_process: Process,
    local_resident: User,
    upload: SimpleUploadedFile,
    message: str,
) -> None:
    response = as_resident.post(add_url(ideas_process), {**form(), "image": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Proposal.objects.exists()


def test_service_refuses_a_file_that_is_not_a_picture(
    ideas_process: Process, local_resident: User
) -> None:
    fake = SimpleUploadedFile("x.jpg", b"GIF89a-but-not-really", content_type="image/jpeg")
    with pytest.raises(ServiceError, match="not a picture"):
        services.create_proposal(actor=local_resident, process=ideas_process, data=IDEA, image=fake)
    assert not Proposal.objects.exists()


def test_someone_from_another_area_may_not_put_forward_an_idea(
    ideas_process: Process, resident: User
) -> None:
    elsewhere = factories.AreaFactory(name="Old Quay", slug="old-quay")
    outsider = resident_of(elsewhere)
    with pytest.raises(ServiceError, match="Only people who live in Riverside North") as error:
        services.create_proposal(actor=outsider, process=ideas_process, data=IDEA)
    assert error.value.status == 403
    assert not Proposal.objects.exists()


def test_someone_too_young_may_not_put_forward_an_idea(
    ideas_process: Process, local_resident: User
) -> None:
    ideas_process.minimum_age = 16
    ideas_process.save()
    profile = local_resident.profile
    today = timezone.localdate()
    profile.date_of_birth = datetime.date(today.year - 12, 1, 1)
    profile.save()
    with pytest.raises(ServiceError, match="16 or older"):
        services.create_proposal(actor=local_resident, process=ideas_process, data=IDEA)
    assert not Proposal.objects.exists()


def test_the_idea_page_says_why_someone_may_not_take_part(
    as_outsider: Client, ideas_process: Process
) -> None:
    response = as_outsider.get(add_url(ideas_process))
    assert response.status_code == 403
    assert "Only people who live in Riverside North can take part" in response.content.decode()
    response = as_outsider.post(add_url(ideas_process), form())
    assert response.status_code == 403
    assert not Proposal.objects.exists()


def test_ideas_cannot_be_put_forward_outside_the_ideas_phase(
    ideas_process: Process, local_resident: User
) -> None:
    ideas_process.phase = "review"
    ideas_process.save()
    with pytest.raises(ServiceError, match="only put forward ideas while the ideas phase"):
        services.create_proposal(actor=local_resident, process=ideas_process, data=IDEA)


def test_category_and_area_must_belong_to_the_process(
    ideas_process: Process, local_resident: User
) -> None:
    with pytest.raises(ServiceError, match="category from the list"):
        services.create_proposal(
            actor=local_resident, process=ideas_process, data={**IDEA, "category": "Roads"}
        )
    faraway = factories.AreaFactory(name="Faraway", slug="faraway")
    with pytest.raises(ServiceError, match="area that is part of this budget"):
        services.create_proposal(
            actor=local_resident, process=ideas_process, data={**IDEA, "area": faraway}
        )
    with pytest.raises(ServiceError, match="latitude must be from -90 to 90"):
        services.create_proposal(
            actor=local_resident,
            process=ideas_process,
            data={**IDEA, "latitude": "95", "longitude": "1"},
        )
    with pytest.raises(ServiceError, match="both the latitude and the longitude"):
        services.create_proposal(
            actor=local_resident, process=ideas_process, data={**IDEA, "latitude": "51"}
        )
    assert not Proposal.objects.exists()


def test_author_edits_until_review_starts(idea: Proposal, local_resident: User) -> None:
    services.update_proposal(actor=local_resident, proposal=idea, data={"title": "Eight benches"})
    idea.refresh_from_db()
    assert idea.title == "Eight benches"
    idea.process.phase = "review"
    idea.process.save()
    with pytest.raises(ServiceError, match="review has started"):
        services.update_proposal(actor=local_resident, proposal=idea, data={"title": "Ten"})
    idea.refresh_from_db()
    assert idea.title == "Eight benches"


def test_edit_page_after_review_started_shows_the_reason(
    as_resident: Client, idea: Proposal
) -> None:
    idea.process.phase = "review"
    idea.process.save()
    url = reverse("budgeting:proposal-edit", kwargs={"slug": idea.process.slug, "pk": idea.pk})
    response = as_resident.post(url, form(title="Ten benches"))
    assert response.status_code == 200
    assert "review has started" in response.content.decode()
    idea.refresh_from_db()
    assert idea.title == "Benches in the park"


def test_nobody_else_may_edit_an_idea(idea: Proposal, area: Area, as_outsider: Client) -> None:
    neighbour = resident_of(area)
    with pytest.raises(PermissionDenied):
        services.update_proposal(actor=neighbour, proposal=idea, data={"title": "Mine now"})
    url = reverse("budgeting:proposal-edit", kwargs={"slug": idea.process.slug, "pk": idea.pk})
    assert as_outsider.get(url).status_code == 403
    assert as_outsider.post(url, form(title="Mine now")).status_code == 403
    idea.refresh_from_db()
    assert idea.title == "Benches in the park"


def test_support_once_per_person(idea: Proposal, area: Area) -> None:
    neighbour = resident_of(area)
    services.support_proposal(actor=neighbour, proposal=idea)
    with pytest.raises(Conflict, match="already support this idea"):
        services.support_proposal(actor=neighbour, proposal=idea)
    assert Support.objects.filter(proposal=idea).count() == 1
    services.withdraw_support(actor=neighbour, proposal=idea)
    assert not Support.objects.exists()


def test_supporting_twice_through_the_page_shows_a_message(idea: Proposal, area: Area) -> None:
    client = Client()
    client.force_login(resident_of(area))
    url = reverse("budgeting:proposal-support", kwargs={"slug": idea.process.slug, "pk": idea.pk})
    client.post(url, {"support": "yes"})
    response = client.post(url, {"support": "yes"}, follow=True)
    assert "You already support this idea" in response.content.decode()
    assert Support.objects.filter(proposal=idea).count() == 1


def test_authors_and_outsiders_cannot_support(idea: Proposal, local_resident: User) -> None:
    with pytest.raises(ServiceError, match="your own idea"):
        services.support_proposal(actor=local_resident, proposal=idea)
    outsider = resident_of(factories.AreaFactory(name="Elsewhere", slug="elsewhere"))
    with pytest.raises(ServiceError, match="Only people who live in"):
        services.support_proposal(actor=outsider, proposal=idea)
    assert not Support.objects.exists()


def test_support_only_in_the_ideas_phase(idea: Proposal, area: Area) -> None:
    idea.process.phase = "voting"
    idea.process.save()
    with pytest.raises(ServiceError, match="during the ideas phase"):
        services.support_proposal(actor=resident_of(area), proposal=idea)


def test_coordinator_puts_forward_an_idea_for_a_resident(
    coordinator: User, ideas_process: Process, local_resident: User
) -> None:
    proposal = services.create_proposal(
        actor=coordinator, process=ideas_process, data=IDEA, on_behalf_of=local_resident
    )
    assert proposal.author == local_resident
    assert ProposalDetails.objects.filter(proposal=proposal).exists()


def test_unpublished_process_is_hidden_from_residents(
    as_resident: Client, ideas_process: Process, local_resident: User
) -> None:
    ideas_process.is_published = False
    ideas_process.save()
    make_proposal(ideas_process, local_resident)
    url = reverse("budgeting:proposal-list", kwargs={"slug": ideas_process.slug})
    assert as_resident.get(url).status_code == 404
