"""Co-production offers, what they become when a project goes ahead, and delivery tracking."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from coproduce.budgeting import selectors, services, tasks
from coproduce.budgeting.models import Offer, Project, ProjectUpdate, Proposal
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.delivery.models import Opportunity
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.budgeting.factories import make_proposal, picture, resident_of


@pytest.fixture
def funded(idea: Proposal) -> Proposal:
    idea.process.phase = "delivery"
    idea.process.save()
    idea.status = Proposal.Status.ACCEPTED
    idea.final_cost = 4_000
    idea.is_funded = True
    idea.save()
    return idea


def test_offers_are_counted_by_kind(
    idea: Proposal, group_member: User, vcs_group: Organisation, area: Area
) -> None:
    services.make_offer(
        actor=group_member,
        proposal=idea,
        kind="space",
        description="Our hall on Tuesdays",
        group=vcs_group,
    )
    services.make_offer(actor=group_member, proposal=idea, kind="time", description="Saturdays")
    services.make_offer(
        actor=resident_of(area), proposal=idea, kind="money", description="Towards paint", amount=50
    )
    other = make_proposal(idea.process, title="Swings")
    assert selectors.offers_summary(idea.process) == {
        idea.pk: {"time": 1, "skills": 0, "space": 1, "money": 1, "total": 3}
    }
    assert other.pk not in selectors.offers_summary(idea.process)


def test_bad_offers_are_refused(idea: Proposal, resident: User, vcs_group: Organisation) -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"kind": "cake", "description": "Cake"}, "Choose what you are offering"),
        ({"kind": "time", "description": " "}, "Describe what you will do"),
        ({"kind": "money", "description": "Cash"}, "whole number"),
        ({"kind": "money", "description": "Cash", "amount": -4}, "1 or more"),
        ({"kind": "time", "description": "Time", "amount": 5}, "Only an offer of money"),
        ({"kind": "time", "description": "Time", "group": vcs_group}, "group you belong to"),
    ]
    for values, message in cases:
        with pytest.raises(ServiceError, match=message):
            services.make_offer(actor=resident, proposal=idea, **values)
    assert not Offer.objects.exists()


def test_offer_through_the_page_shows_on_the_idea(as_resident: Client, idea: Proposal) -> None:
    url = reverse("budgeting:offer-add", kwargs={"slug": idea.process.slug, "pk": idea.pk})
    assert as_resident.get(url).status_code == 200
    response = as_resident.post(url, {"kind": "skills", "description": "I can paint signs."})
    assert response.status_code == 302
    page = as_resident.get(idea.get_absolute_url()).content.decode()
    assert "I can paint signs." in page


def test_funded_projects_offers_become_opportunities_once(
    coordinator: User, funded: Proposal, area: Area, council: Organisation
) -> None:
    helper = resident_of(area)
    services.make_offer(actor=helper, proposal=funded, kind="time", description="Saturdays")
    services.make_offer(actor=helper, proposal=funded, kind="money", description="£20", amount=20)
    made = services.convert_offers(actor=coordinator, proposal=funded)
    assert len(made) == 1
    opportunity = Opportunity.objects.get()
    assert opportunity.organisation == council
    assert not opportunity.is_published
    assert "Saturdays" in opportunity.description
    assert Offer.objects.get(kind="time").opportunity == opportunity
    with pytest.raises(ServiceError, match="no offers of time, skills or space left"):
        services.convert_offers(actor=coordinator, proposal=funded)
    assert Opportunity.objects.count() == 1


def test_offers_of_an_unfunded_idea_do_not_become_opportunities(
    coordinator: User, idea: Proposal, resident: User
) -> None:
    services.make_offer(actor=resident, proposal=idea, kind="time", description="Saturdays")
    with pytest.raises(ServiceError, match="funded project"):
        services.convert_offers(actor=coordinator, proposal=idea)
    with pytest.raises(PermissionDenied):
        services.convert_offers(actor=resident, proposal=idea)
    assert not Opportunity.objects.exists()


def test_staff_track_a_project_and_followers_are_emailed(
    coordinator: User, funded: Proposal, area: Area, commits: Any
) -> None:
    follower = resident_of(area, email="follow@example.org")
    services.follow_project(actor=follower, proposal=funded)
    with pytest.raises(Conflict):
        services.follow_project(actor=follower, proposal=funded)
    project = services.update_project(
        actor=coordinator, proposal=funded, status="in_progress", progress=40, spent=1_500
    )
    assert (project.status, project.progress, project.spent) == ("in_progress", 40, 1_500)
    with commits():
        update = services.post_update(
            actor=coordinator,
            proposal=funded,
            text="The benches are in.",
            photo=picture(),
            photo_description="Two new benches by the river",
        )
    assert [message.to for message in mail.outbox] == [["follow@example.org"]]
    assert "The benches are in." in mail.outbox[0].body
    update.refresh_from_db()
    assert update.notified_at is not None
    # A second run of the task emails nobody again.
    assert tasks.email_followers.call(update_id=update.pk) == 0
    assert len(mail.outbox) == 1


def test_bad_project_updates_are_refused(coordinator: User, funded: Proposal, idea: Any) -> None:
    for values, message in [
        ({"status": "done", "progress": 101, "spent": 0}, "from 0 to 100"),
        ({"status": "done", "progress": 10, "spent": -1}, "0 or more"),
        ({"status": "gone", "progress": 10, "spent": 0}, "status from the list"),
    ]:
        with pytest.raises(ServiceError, match=message):
            services.update_project(actor=coordinator, proposal=funded, **values)
    assert not Project.objects.exists()
    with pytest.raises(ServiceError, match="Describe the photo"):
        services.post_update(actor=coordinator, proposal=funded, text="Hi", photo=picture())
    assert not ProjectUpdate.objects.exists()


def test_residents_cannot_update_a_project(resident: User, funded: Proposal) -> None:
    with pytest.raises(PermissionDenied):
        services.update_project(
            actor=resident, proposal=funded, status="done", progress=100, spent=0
        )
    with pytest.raises(PermissionDenied):
        services.post_update(actor=resident, proposal=funded, text="Done!")


def test_unfunded_ideas_are_not_tracked(coordinator: User, idea: Proposal) -> None:
    with pytest.raises(ServiceError, match="Only funded projects"):
        services.update_project(
            actor=coordinator, proposal=idea, status="done", progress=100, spent=0
        )


def test_project_page_and_staff_form(
    as_coordinator: Client, as_resident: Client, funded: Proposal
) -> None:
    url = reverse("budgeting:project-edit", kwargs={"slug": funded.process.slug, "pk": funded.pk})
    assert as_resident.get(url).status_code == 403
    response = as_coordinator.post(
        url, {"form": "project", "status": "in_progress", "progress": "150", "spent": "0"}
    )
    assert "Enter how far along it is from 0 to 100." in response.content.decode()
    response = as_coordinator.post(
        url, {"form": "project", "status": "in_progress", "progress": "50", "spent": "900"}
    )
    assert response.status_code == 302
    follow = reverse(
        "budgeting:project-follow", kwargs={"slug": funded.process.slug, "pk": funded.pk}
    )
    as_resident.post(follow, {"follow": "yes"})
    page = as_resident.get(funded.get_absolute_url()).content.decode()
    assert "Being built" in page and "50%" in page and "Stop following" in page
