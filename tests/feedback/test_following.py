"""Following feedback without an account: by reference and email, or by the private link;
rating the answer and asking for a review."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.test.utils import override_settings

from coproduce.common.models import AuditEvent
from coproduce.feedback import services
from coproduce.feedback.models import Feedback
from coproduce.organisations.models import Organisation
from coproduce.people.models import User
from tests.conftest import signed_in
from tests.feedback.conftest import make_feedback

FOLLOW = "/feedback/follow/"


def link_of(feedback: Feedback) -> str:
    return f"/feedback/follow/{services.private_token(feedback)}/"


def answered(feedback: Feedback, officer: User) -> Feedback:
    return services.respond_to_feedback(
        actor=officer, feedback=feedback, response="We have sent an engineer."
    )


def test_following_by_reference_and_email(client: Client, complaint: Feedback) -> None:
    typed = complaint.reference.lower().replace("-", " ")
    response = client.post(FOLLOW, {"reference": typed, "email": " SAM@example.org "})
    assert response.status_code == 302
    assert response["Location"] == link_of(complaint)
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert complaint.reference in body and "Received" in body
    assert "The boiler has been broken" in body


def test_the_wrong_email_finds_nothing_and_says_so(client: Client, complaint: Feedback) -> None:
    response = client.post(FOLLOW, {"reference": complaint.reference, "email": "x@example.org"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "We could not find feedback with that reference and email address." in body
    assert "boiler" not in body


def test_someone_elses_reference_shows_nothing(client: Client, housing: Organisation) -> None:
    mine = make_feedback(housing, email="me@example.org")
    theirs = make_feedback(housing, email="them@example.org", what_happened="Private matter.")
    response = client.post(FOLLOW, {"reference": theirs.reference, "email": mine.email})
    assert response.status_code == 400
    assert "Private matter." not in response.content.decode()


def test_a_reference_that_is_not_one_is_refused(client: Client, db: Any) -> None:
    response = client.post(FOLLOW, {"reference": "hello", "email": "sam@example.org"})
    assert response.status_code == 400
    assert "We could not find feedback" in response.content.decode()


def test_an_empty_follow_form_says_what_to_enter(client: Client, db: Any) -> None:
    response = client.post(FOLLOW, {})
    assert response.status_code == 400
    assert "Enter your reference." in response.content.decode()


@override_settings(COPRODUCE_FEEDBACK_LOOKUPS_PER_HOUR=3)
def test_guessing_references_is_stopped(client: Client, complaint: Feedback) -> None:
    for number in range(3):
        client.post(FOLLOW, {"reference": f"FB-2222-222{number}", "email": "sam@example.org"})
    response = client.post(FOLLOW, {"reference": complaint.reference, "email": "sam@example.org"})
    assert response.status_code == 429
    assert "Too many tries from this connection." in response.content.decode()


def test_a_tampered_link_does_not_work(client: Client, complaint: Feedback) -> None:
    token = services.private_token(complaint)
    assert client.get(f"/feedback/follow/{token[:-2]}xx/").status_code == 404
    other = complaint.reference[:-1] + ("2" if complaint.reference[-1] != "2" else "3")
    forged = f"{other}.{token.split('.', 1)[1]}"
    assert client.get(f"/feedback/follow/{forged}/").status_code == 404


def test_rating_the_answer_and_asking_for_a_review(
    client: Client, complaint: Feedback, officer: User
) -> None:
    link = link_of(complaint)
    page = client.get(link).content.decode()
    assert "Send rating" not in page and "Ask for a review" not in page
    answered(complaint, officer)
    page = client.get(link).content.decode()
    assert "We have sent an engineer." in page and "Ask for a review" in page
    assert client.post(link + "rate/", {"rating": "2"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.rating == 2
    response = client.post(link + "review/", {"reason": "Nobody came."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.REVIEW
    assert complaint.review_reason == "Nobody came."
    assert complaint.review_due is not None and complaint.next_due == complaint.review_due
    event = AuditEvent.objects.get(action="feedback.request_review")
    assert event.actor is None


def test_a_review_needs_a_reason_and_an_answer_first(
    client: Client, complaint: Feedback, officer: User
) -> None:
    link = link_of(complaint)
    response = client.post(link + "review/", {"reason": "Too early"})
    assert response.status_code == 400
    assert "You can ask for a review once you have an answer." in response.content.decode()
    answered(complaint, officer)
    response = client.post(link + "review/", {"reason": ""})
    assert response.status_code == 400
    assert "Enter why you want a review." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Feedback.Status.RESPONDED


def test_only_one_review(client: Client, complaint: Feedback, officer: User) -> None:
    answered(complaint, officer)
    link = link_of(complaint)
    client.post(link + "review/", {"reason": "Nobody came."})
    response = client.post(link + "review/", {"reason": "Again"})
    assert response.status_code == 400
    assert "A review has already been asked for." in response.content.decode()


def test_a_rating_out_of_range_is_refused(
    client: Client, complaint: Feedback, officer: User
) -> None:
    answered(complaint, officer)
    response = client.post(link_of(complaint) + "rate/", {"rating": "9"})
    assert response.status_code == 400
    assert "Choose a rating from 1 to 5." in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.rating is None


def test_a_signed_in_resident_follows_their_own(as_resident: Client, resident: User) -> None:
    feedback = make_feedback(None, email="", contact_by="none")
    Feedback.objects.filter(pk=feedback.pk).update(person=resident)
    page = as_resident.get("/feedback/mine/").content.decode()
    assert feedback.reference in page
    assert link_of(feedback) in page


def test_my_feedback_needs_signing_in(client: Client, db: Any) -> None:
    response = client.get("/feedback/mine/")
    assert response.status_code == 302


def test_the_signed_in_owner_is_named_in_the_audit(
    resident: User, complaint: Feedback, officer: User
) -> None:
    Feedback.objects.filter(pk=complaint.pk).update(person=resident)
    answered(complaint, officer)
    client = signed_in(resident)
    client.post(link_of(complaint) + "rate/", {"rating": "5"})
    assert AuditEvent.objects.get(action="feedback.rate").actor == resident


def test_erasing_an_account_removes_contact_details_from_feedback(
    resident: User, housing: Organisation
) -> None:
    from coproduce.people.services import erase_person

    feedback = make_feedback(housing)
    Feedback.objects.filter(pk=feedback.pk).update(person=resident)
    erase_person(actor=resident, person=resident)
    feedback.refresh_from_db()
    assert feedback.person is None
    assert (feedback.name, feedback.email, feedback.phone) == ("", "", "")
    assert feedback.what_happened.startswith("The boiler")


def test_my_data_file_has_my_feedback(resident: User, housing: Organisation) -> None:
    from coproduce.feedback.receivers import export_section

    feedback = make_feedback(housing)
    Feedback.objects.filter(pk=feedback.pk).update(person=resident)
    section = export_section(resident)
    assert [item["reference"] for item in section] == [feedback.reference]
