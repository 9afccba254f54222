"""Staff triage, acknowledge and answer; a different person answers a review; overdue items
go to a manager. Only those handling feedback see it."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from coproduce.common.errors import Conflict, PermissionDenied
from coproduce.feedback import services
from coproduce.feedback.models import Feedback, Theme
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.conftest import signed_in
from tests.feedback.conftest import days_ago, make_feedback


def staff_url(feedback: Feedback, action: str = "") -> str:
    return f"/feedback/staff/{feedback.reference}/{action + '/' if action else ''}"


def test_the_service_sees_everything_it_needs(complaint: Feedback, officer: User) -> None:
    page = signed_in(officer).get(staff_url(complaint))
    assert page.status_code == 200
    body = page.content.decode()
    assert "sam@example.org" in body and "Sam Sender" in body and "boiler" in body
    assert f"Acknowledge by {complaint.acknowledge_due:%-d %B %Y}" in body


@pytest.mark.parametrize("who", ["resident", "parks_officer", "group_member", "professional"])
def test_nobody_else_sees_personal_data(
    request: pytest.FixtureRequest, who: str, complaint: Feedback
) -> None:
    person = request.getfixturevalue(who)
    client = signed_in(person)
    for action in ("", "triage", "acknowledge", "answer", "publish", "link"):
        response = (client.get if not action else client.post)(staff_url(complaint, action))
        assert response.status_code == 404, (who, action)
        assert b"sam@example.org" not in response.content
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.RECEIVED


def test_signed_out_people_are_sent_to_sign_in(client: Client, complaint: Feedback) -> None:
    assert client.get(staff_url(complaint)).status_code == 302
    assert client.post(staff_url(complaint, "acknowledge")).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.RECEIVED


def test_another_services_staff_cannot_change_the_status(
    complaint: Feedback, parks_officer: User, resident: User
) -> None:
    for person in (parks_officer, resident):
        with pytest.raises(PermissionDenied):
            services.acknowledge_feedback(actor=person, feedback=complaint)
        with pytest.raises(PermissionDenied):
            services.respond_to_feedback(actor=person, feedback=complaint, response="No")
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.RECEIVED


def test_a_coordinator_triages_unassigned_feedback(
    coordinator: User, housing: Organisation, db: Any
) -> None:
    theme = Theme.objects.create(name="Repairs", slug="repairs")
    feedback = make_feedback(None)
    client = signed_in(coordinator)
    response = client.post(
        staff_url(feedback, "triage"),
        {"service": housing.pk, "kind": "suggestion", "theme": theme.pk},
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.service, feedback.kind, feedback.theme) == (housing, "suggestion", theme)


def test_a_coordinator_of_another_area_cannot(housing: Organisation, db: Any) -> None:
    from coproduce.people.models import RoleGrant
    from tests import factories
    from tests.conftest import add_totp

    north = factories.AreaFactory(name="North", slug="north")
    south = factories.AreaFactory(name="South", slug="south")
    local = factories.UserFactory(display_name="Lou Local")
    factories.RoleGrantFactory(person=local, role=RoleGrant.Role.COORDINATOR, area=south)
    add_totp(local)
    feedback = make_feedback(None, area=north)
    assert signed_in(local).get(staff_url(feedback)).status_code == 404
    nearby = make_feedback(None, area=south)
    assert signed_in(local).get(staff_url(nearby)).status_code == 200


def test_a_service_member_cannot_move_feedback_but_a_manager_can(
    complaint: Feedback, officer: User, housing_manager: User, parks: Organisation
) -> None:
    with pytest.raises(PermissionDenied):
        services.triage_feedback(
            actor=officer, feedback=complaint, service=parks, kind="complaint", theme=None
        )
    services.triage_feedback(
        actor=housing_manager, feedback=complaint, service=parks, kind="complaint", theme=None
    )
    complaint.refresh_from_db()
    assert complaint.service == parks


def test_acknowledge_then_answer(complaint: Feedback, officer: User, commits: Any) -> None:
    client = signed_in(officer)
    with commits():
        assert client.post(staff_url(complaint, "acknowledge")).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.ACKNOWLEDGED
    assert complaint.next_due == complaint.respond_due
    assert "looking at your feedback" in mail.outbox[-1].subject
    with commits():
        response = client.post(staff_url(complaint, "answer"), {"response": "Fixed today."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.RESPONDED
    assert complaint.next_due is None
    assert complaint.answered_in_time is True
    assert complaint.working_days_to_respond == 0
    assert "answered your feedback" in mail.outbox[-1].subject
    assert "/feedback/follow/" in mail.outbox[-1].body


def test_acknowledging_twice_is_refused(complaint: Feedback, officer: User) -> None:
    services.acknowledge_feedback(actor=officer, feedback=complaint)
    with pytest.raises(Conflict):
        services.acknowledge_feedback(actor=officer, feedback=complaint)


def test_an_empty_answer_is_refused(complaint: Feedback, officer: User) -> None:
    response = signed_in(officer).post(staff_url(complaint, "answer"), {"response": " "})
    assert response.status_code == 400
    assert "Enter the answer." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.RECEIVED


def test_a_late_answer_is_recorded_as_late(complaint: Feedback, officer: User) -> None:
    Feedback.objects.filter(pk=complaint.pk).update(
        received_on=days_ago(60), respond_due=days_ago(30)
    )
    complaint.refresh_from_db()
    services.respond_to_feedback(actor=officer, feedback=complaint, response="Sorry.")
    complaint.refresh_from_db()
    assert complaint.answered_in_time is False
    assert complaint.working_days_to_respond is not None
    assert complaint.working_days_to_respond >= 40


def _in_review(complaint: Feedback, officer: User) -> Feedback:
    services.respond_to_feedback(actor=officer, feedback=complaint, response="Done.")
    complaint.refresh_from_db()
    access = services.Access(feedback=complaint, how="link")
    return services.request_review(access=access, reason="It is not done.")


def test_the_review_is_answered_by_someone_else(
    complaint: Feedback, officer: User, second_officer: User
) -> None:
    review = _in_review(complaint, officer)
    page = signed_in(officer).get(staff_url(review)).content.decode()
    assert "someone else must answer the review" in page
    response = signed_in(officer).post(staff_url(review, "answer"), {"response": "Still done."})
    assert response.status_code == 403
    with pytest.raises(PermissionDenied, match="someone else"):
        services.answer_review(actor=officer, feedback=review, response="Still done.")
    review.refresh_from_db()
    assert review.status == Feedback.Status.REVIEW
    response = signed_in(second_officer).post(
        staff_url(review, "answer"), {"response": "I checked again."}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == Feedback.Status.REVIEWED
    assert review.reviewed_by == second_officer
    assert review.next_due is None


def test_overdue_feedback_goes_to_the_manager_once(
    housing: Organisation, housing_manager: User, officer: User, commits: Any
) -> None:
    late = make_feedback(housing)
    on_time = make_feedback(housing)
    Feedback.objects.filter(pk=late.pk).update(next_due=days_ago(1), acknowledge_due=days_ago(1))
    with commits():
        call_command("escalate_feedback", stdout=open("/dev/null", "w"))  # noqa: SIM115
    overdue = [m for m in mail.outbox if m.subject.startswith("Overdue feedback")]
    assert [m.to for m in overdue] == [[housing_manager.email]]
    assert late.reference in overdue[0].body
    assert "Sam Sender" not in overdue[0].body and "sam@example.org" not in overdue[0].body
    assert on_time.reference not in overdue[0].body
    mail.outbox.clear()
    with commits():
        assert services.escalate_overdue(today=timezone.localdate()) == 0
    assert mail.outbox == []


def test_the_next_stage_escalates_again(
    housing: Organisation, housing_manager: User, officer: User, commits: Any
) -> None:
    late = make_feedback(housing)
    Feedback.objects.filter(pk=late.pk).update(next_due=days_ago(1))
    assert services.escalate_overdue(today=timezone.localdate()) == 1
    late.refresh_from_db()
    services.acknowledge_feedback(actor=officer, feedback=late)
    Feedback.objects.filter(pk=late.pk).update(next_due=days_ago(1))
    assert services.escalate_overdue(today=timezone.localdate()) == 1


def test_unassigned_overdue_feedback_goes_to_coordinators(coordinator: User, commits: Any) -> None:
    late = make_feedback(None)
    Feedback.objects.filter(pk=late.pk).update(next_due=days_ago(2))
    with commits():
        services.escalate_overdue(today=timezone.localdate())
    assert [m.to for m in mail.outbox if "Overdue" in m.subject] == [[coordinator.email]]


def test_photos_are_shown_to_the_service_only(
    housing: Organisation, officer: User, parks_officer: User, client: Client
) -> None:
    from tests.feedback.conftest import photo

    feedback = make_feedback(housing, photos=[photo()])
    kept = feedback.photos.get()
    url = staff_url(feedback, f"photos/{kept.pk}")
    response = signed_in(officer).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, no-store"
    assert signed_in(parks_officer).get(url).status_code == 404
    assert client.get(url).status_code == 302
