"""Review, merging and moderation: staff decide, authors are told and can reply, and every
other role is refused."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from coproduce.budgeting import services
from coproduce.budgeting.models import Comment, Offer, Process, Proposal, Support
from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from coproduce.places.models import Area
from tests import factories
from tests.budgeting.factories import make_proposal, resident_of

REASON = "The land belongs to the railway, so the council cannot build there."


@pytest.fixture
def reviewing(ideas_process: Process) -> Process:
    ideas_process.phase = "review"
    ideas_process.save()
    return ideas_process


def other_professional() -> User:
    nhs = factories.OrganisationFactory(kind=Organisation.Kind.PUBLIC_BODY)
    nurse = factories.UserFactory()
    factories.MembershipFactory(person=nurse, organisation=nhs)
    return nurse


def test_staff_accept_with_a_checked_cost_and_the_author_is_told(
    professional: User, idea: Proposal, reviewing: Process, commits: Any
) -> None:
    with commits():
        services.review_proposal(
            actor=professional, proposal=idea, decision="accepted", final_cost=5_500
        )
    idea.refresh_from_db()
    assert idea.status == Proposal.Status.ACCEPTED
    assert idea.cost == 5_500
    assert [message.subject for message in mail.outbox] == [
        "Your idea is going to the vote: Benches in the park"
    ]


def test_rejection_needs_a_plain_reason_which_is_published(
    coordinator: User, idea: Proposal, reviewing: Process, commits: Any, client: Client
) -> None:
    with pytest.raises(ServiceError, match="Explain in a full sentence"):
        services.review_proposal(
            actor=coordinator, proposal=idea, decision="rejected", final_cost=None, reason="No."
        )
    idea.refresh_from_db()
    assert idea.status == Proposal.Status.SUBMITTED
    with commits():
        services.review_proposal(
            actor=coordinator, proposal=idea, decision="rejected", final_cost=None, reason=REASON
        )
    assert REASON in mail.outbox[0].body
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "This idea will not be on the ballot" in page
    assert REASON in page


def test_checked_cost_over_the_budget_is_refused(
    coordinator: User, idea: Proposal, reviewing: Process
) -> None:
    for cost, message in [(60_000, "more than the whole budget"), (-1, "1 or more")]:
        with pytest.raises(ServiceError, match=message):
            services.review_proposal(
                actor=coordinator, proposal=idea, decision="accepted", final_cost=cost
            )
    idea.refresh_from_db()
    assert idea.final_cost is None


@pytest.mark.parametrize("who", ["resident", "group_member", "other"])
def test_wrong_roles_cannot_review_merge_or_hide(
    request: pytest.FixtureRequest, who: str, idea: Proposal, reviewing: Process, area: Area
) -> None:
    actor = other_professional() if who == "other" else request.getfixturevalue(who)
    other = make_proposal(reviewing, resident_of(area), title="More benches")
    comment = Comment.objects.create(proposal=idea, author=idea.author, text="Rude words")
    with pytest.raises(PermissionDenied):
        services.review_proposal(actor=actor, proposal=idea, decision="accepted", final_cost=10)
    with pytest.raises(PermissionDenied):
        services.merge_proposals(actor=actor, source=other, target=idea, reason="Alike")
    with pytest.raises(PermissionDenied):
        services.hide_comment(actor=actor, comment=comment, reason="Rude")
    idea.refresh_from_db()
    other.refresh_from_db()
    comment.refresh_from_db()
    assert idea.status == other.status == Proposal.Status.SUBMITTED
    assert comment.hidden_at is None


def test_wrong_role_gets_403_on_the_staff_review_page(
    as_resident: Client, idea: Proposal, reviewing: Process
) -> None:
    url = reverse("budgeting:proposal-review", kwargs={"slug": reviewing.slug, "pk": idea.pk})
    assert as_resident.get(url).status_code == 403
    response = as_resident.post(url, {"decision": "accepted", "final_cost": "100"})
    assert response.status_code == 403
    idea.refresh_from_db()
    assert idea.status == Proposal.Status.SUBMITTED


def test_review_through_the_staff_page(
    as_coordinator: Client, idea: Proposal, reviewing: Process
) -> None:
    url = reverse("budgeting:proposal-review", kwargs={"slug": reviewing.slug, "pk": idea.pk})
    response = as_coordinator.post(url, {"decision": "rejected", "reason": "No."})
    assert "Explain in a full sentence" in response.content.decode()
    response = as_coordinator.post(url, {"decision": "accepted", "final_cost": "4200"})
    assert response.status_code == 302
    idea.refresh_from_db()
    assert idea.final_cost == 4_200


def test_author_replies_to_the_review(
    coordinator: User, idea: Proposal, reviewing: Process, local_resident: User, area: Area
) -> None:
    with pytest.raises(ServiceError, match="once staff have reviewed"):
        services.respond_to_review(actor=local_resident, proposal=idea, text="Please look again")
    services.review_proposal(
        actor=coordinator, proposal=idea, decision="rejected", final_cost=None, reason=REASON
    )
    with pytest.raises(PermissionDenied):
        services.respond_to_review(actor=resident_of(area), proposal=idea, text="Not mine")
    services.respond_to_review(
        actor=local_resident, proposal=idea, text="The railway said yes in May."
    )
    client = Client()
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "The railway said yes in May." in page


def test_merging_moves_supports_and_offers_and_tells_both_authors(
    coordinator: User, ideas_process: Process, area: Area, commits: Any
) -> None:
    first_author = resident_of(area, email="first@example.org")
    second_author = resident_of(area, email="second@example.org")
    keep = make_proposal(ideas_process, first_author, title="Benches by the river")
    merge = make_proposal(ideas_process, second_author, title="Seats on the river path")
    both = resident_of(area)
    only_merged = resident_of(area)
    for person in (both, only_merged):
        services.support_proposal(actor=person, proposal=merge)
    services.support_proposal(actor=both, proposal=keep)
    services.support_proposal(actor=first_author, proposal=merge)
    services.make_offer(actor=both, proposal=merge, kind="time", description="Saturdays")
    with commits():
        services.merge_proposals(
            actor=coordinator, source=merge, target=keep, reason="Both want seats by the river"
        )
    merge.refresh_from_db()
    assert merge.status == Proposal.Status.MERGED and merge.merged_into == keep
    assert set(Support.objects.filter(proposal=keep).values_list("person", flat=True)) == {
        both.pk,
        only_merged.pk,
    }
    assert not Support.objects.filter(proposal=merge).exists()
    assert Offer.objects.get().proposal == keep
    assert sorted(message.to[0] for message in mail.outbox) == [
        "first@example.org",
        "second@example.org",
    ]


def test_merging_an_idea_into_itself_or_a_closed_one_is_refused(
    coordinator: User, idea: Proposal, area: Area
) -> None:
    with pytest.raises(ServiceError, match="different idea"):
        services.merge_proposals(actor=coordinator, source=idea, target=idea, reason="Same")
    closed = make_proposal(idea.process, resident_of(area), status=Proposal.Status.REJECTED)
    with pytest.raises(ServiceError, match="still open"):
        services.merge_proposals(actor=coordinator, source=idea, target=closed, reason="Alike")


def test_threaded_comments_report_and_hide_with_a_reason(
    coordinator: User, idea: Proposal, area: Area, client: Client
) -> None:
    neighbour = resident_of(area)
    first = services.add_comment(actor=neighbour, proposal=idea, text="Where exactly?")
    reply = services.add_comment(
        actor=idea.author, proposal=idea, text="By the bridge.", parent=first
    )
    deeper = services.add_comment(actor=neighbour, proposal=idea, text="Rude words", parent=reply)
    assert reply.parent == first and deeper.parent == first
    services.report_comment(actor=idea.author, comment=deeper, reason="It is rude")
    with pytest.raises(Conflict, match="already reported"):
        services.report_comment(actor=idea.author, comment=deeper, reason="Still rude")
    with pytest.raises(ServiceError, match="own comment"):
        services.report_comment(actor=neighbour, comment=deeper, reason="Oops")
    with pytest.raises(ServiceError, match="Say why you are hiding it"):
        services.hide_comment(actor=coordinator, comment=deeper, reason=" ")
    services.hide_comment(actor=coordinator, comment=deeper, reason="It broke the house rules.")
    with pytest.raises(Conflict):
        services.hide_comment(actor=coordinator, comment=deeper, reason="Again")
    page = client.get(idea.get_absolute_url()).content.decode()
    assert "Staff hid this comment: It broke the house rules." in page
    assert "Rude words" not in page
    assert "By the bridge." in page


def test_empty_or_huge_comments_are_refused(idea: Proposal, area: Area) -> None:
    neighbour = resident_of(area)
    for text, message in [("  ", "Write your comment"), ("x" * 2001, "2,000 characters")]:
        with pytest.raises(ServiceError, match=message):
            services.add_comment(actor=neighbour, proposal=idea, text=text)
    assert not Comment.objects.exists()


def test_review_list_shows_reported_comments_to_staff(
    as_coordinator: Client, idea: Proposal, area: Area
) -> None:
    comment = services.add_comment(actor=resident_of(area), proposal=idea, text="Spam spam")
    services.report_comment(actor=idea.author, comment=comment, reason="Spam")
    url = reverse("budgeting:review-list", kwargs={"slug": idea.process.slug})
    page = as_coordinator.get(url).content.decode()
    assert "Spam spam" in page and "1 report" in page
