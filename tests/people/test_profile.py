"""A resident's profile: see it, change each part of it, and only their own."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from coproduce.common import errors
from coproduce.common.models import AuditEvent
from coproduce.people import selectors, services
from coproduce.people.models import Consent, Profile, ProfileArea, Skill, User
from coproduce.places.models import Area
from tests import factories
from tests.people.conftest import assert_good_page

pytestmark = pytest.mark.django_db

DETAILS = "/people/me/profile/details/"
WHERE = "/people/me/profile/where-and-when/"
SKILLS = "/people/me/profile/skills/"
CONTACT = "/people/me/profile/contact/"


def details(**overrides: Any) -> dict[str, Any]:
    return {
        "display_name": "Rita R",
        "preferred_language": "en",
        "phone": "07700 900982",
        "languages": ["en", "pl"],
        "access_needs": "Step-free access, please",
        **overrides,
    }


def test_profile_page_shows_a_summary_with_change_links(as_resident: Client) -> None:
    response = as_resident.get("/people/me/profile/")
    assert_good_page(response, "Your profile")
    html = response.content.decode()
    assert "govuk-summary-list" in html
    for path in (DETAILS, WHERE, SKILLS, CONTACT):
        assert f'href="{path}' in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        (DETAILS, "Your details"),
        (WHERE, "Where and when"),
        (SKILLS, "Skills and interests"),
        (CONTACT, "Contact and consent"),
    ],
)
def test_each_profile_section_has_its_own_page(
    as_resident: Client, path: str, heading: str
) -> None:
    response = as_resident.get(path)
    assert_good_page(response, heading)
    assert ">Save</button>" in response.content.decode()


def test_unknown_profile_section_is_not_found(as_resident: Client) -> None:
    assert as_resident.get("/people/me/profile/passwords/").status_code == 404


def test_profile_pages_need_signing_in(client: Client) -> None:
    response = client.get("/people/me/profile/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_resident_changes_their_details(as_resident: Client, resident: User) -> None:
    response = as_resident.post(DETAILS, details())
    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Rita R"
    assert resident.phone == "07700 900982"
    assert resident.profile.languages == ["en", "pl"]
    assert resident.profile.access_needs == "Step-free access, please"
    event = AuditEvent.objects.get(action="people.update_profile")
    assert event.actor == resident
    assert event.on_behalf_of is None
    # Contact details and access needs are personal: the log says they changed, not to what.
    assert event.changes["phone"] == "(changed)"
    assert event.changes["access_needs"] == "(changed)"
    assert event.changes["display_name"] == "Rita R"


def test_choosing_a_language_switches_the_site_to_it(as_resident: Client, resident: User) -> None:
    response = as_resident.post(DETAILS, details(preferred_language="cy"))
    assert response.cookies["django_language"].value == "cy"
    resident.refresh_from_db()
    assert resident.preferred_language == "cy"


def test_unknown_language_code_is_a_form_error_and_changes_nothing(
    as_resident: Client, resident: User
) -> None:
    response = as_resident.post(DETAILS, details(preferred_language="xx"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Choose a language from the list" in html
    assert 'href="#id_preferred_language_0"' in html
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"
    assert resident.preferred_language == "en"
    assert not AuditEvent.objects.filter(action="people.update_profile").exists()


def test_unknown_spoken_language_is_a_form_error(as_resident: Client, resident: User) -> None:
    response = as_resident.post(DETAILS, details(languages=["en", "klingon"]))
    assert response.status_code == 200
    assert "Choose languages from the list" in response.content.decode()
    assert Profile.objects.get(person=resident).languages == []


def test_the_service_refuses_an_unknown_language_too(resident: User) -> None:
    with pytest.raises(errors.ServiceError) as raised:
        services.update_profile(actor=resident, person=resident, data={"preferred_language": "zz"})
    assert raised.value.field == "preferred_language"


def test_a_phone_number_with_letters_is_a_form_error(as_resident: Client, resident: User) -> None:
    response = as_resident.post(DETAILS, details(phone="call me maybe"))
    assert response.status_code == 200
    assert 'href="#id_phone"' in response.content.decode()
    resident.refresh_from_db()
    assert resident.phone == ""


def test_a_blank_name_is_a_form_error(as_resident: Client) -> None:
    response = as_resident.post(DETAILS, details(display_name="   "))
    assert response.status_code == 200
    assert 'href="#id_display_name"' in response.content.decode()


def test_resident_says_where_they_live_and_when_they_are_free(
    as_resident: Client, resident: User
) -> None:
    north = factories.AreaFactory(name="North")
    south = factories.AreaFactory(name="South")
    response = as_resident.post(
        WHERE,
        {
            "areas_live": [north.pk],
            "areas_work": [south.pk, north.pk],
            "available_mon": ["morning", "evening"],
            "available_sat": ["afternoon"],
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(person=resident)
    assert profile.availability == {"mon": ["morning", "evening"], "sat": ["afternoon"]}
    links = set(ProfileArea.objects.filter(profile=profile).values_list("area__name", "relation"))
    assert links == {("North", "live"), ("South", "work"), ("North", "work")}
    summary = as_resident.get("/people/me/profile/").content.decode()
    assert "Monday: Morning, Evening" in summary
    assert "Saturday: Afternoon" in summary

    as_resident.post(WHERE, {"areas_live": [south.pk]})
    profile.refresh_from_db()
    assert profile.availability == {}
    assert set(
        ProfileArea.objects.filter(profile=profile).values_list("area__name", "relation")
    ) == {("South", "live")}


def test_an_area_that_does_not_exist_is_a_form_error(as_resident: Client, resident: User) -> None:
    response = as_resident.post(WHERE, {"areas_live": [987654]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="#id_areas_live_0"' in html
    assert "Choose from the list" in html
    assert not ProfileArea.objects.exists()


def test_a_made_up_time_of_day_is_a_form_error(as_resident: Client, resident: User) -> None:
    response = as_resident.post(WHERE, {"available_mon": ["midnight"]})
    assert response.status_code == 200
    assert "Choose times from the list" in response.content.decode()
    assert Profile.objects.get(person=resident).availability == {}


def test_resident_picks_skills_and_interests(as_resident: Client, resident: User) -> None:
    cooking = factories.SkillFactory(name="Cooking", kind=Skill.Kind.SKILL)
    housing = factories.SkillFactory(name="Housing", kind=Skill.Kind.INTEREST)
    response = as_resident.post(
        SKILLS,
        {
            "skills": [cooking.pk],
            "interests": [housing.pk],
            "skills_other": "Bike repairs",
            "interests_other": "",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(person=resident)
    assert set(profile.skills.all()) == {cooking, housing}
    assert profile.skills_other == "Bike repairs"
    summary = as_resident.get("/people/me/profile/").content.decode()
    assert "Cooking" in summary
    assert "Bike repairs" in summary


def test_an_interest_cannot_be_sent_as_a_skill(as_resident: Client, resident: User) -> None:
    housing = factories.SkillFactory(name="Housing", kind=Skill.Kind.INTEREST)
    response = as_resident.post(SKILLS, {"skills": [housing.pk]})
    assert response.status_code == 200
    assert not Profile.objects.get(person=resident).skills.exists()


def test_consent_choices_are_kept_as_a_history(as_resident: Client, resident: User) -> None:
    as_resident.post(CONTACT, {"contact": ["email"], "consents": ["newsletter", "matching"]})
    assert selectors.current_consents(resident) == {
        "newsletter": True,
        "matching": True,
        "research": False,
        "share": False,
    }
    assert Consent.objects.filter(person=resident).count() == 4

    as_resident.post(CONTACT, {"contact": ["email"], "consents": ["matching"]})
    assert selectors.current_consents(resident)["newsletter"] is False
    # Only the changed answer is a new row; the earlier rows are kept as they were.
    assert Consent.objects.filter(person=resident).count() == 5
    assert Consent.objects.filter(person=resident, purpose="newsletter", granted=True).exists()


def test_saving_the_same_consents_again_adds_nothing(as_resident: Client, resident: User) -> None:
    as_resident.post(CONTACT, {"contact": ["email"], "consents": ["research"]})
    as_resident.post(CONTACT, {"contact": ["email"], "consents": ["research"]})
    assert Consent.objects.filter(person=resident).count() == 4


def test_contact_by_phone_needs_a_phone_number(as_resident: Client, resident: User) -> None:
    response = as_resident.post(CONTACT, {"contact": ["phone"]})
    assert response.status_code == 200
    assert "add a phone number first" in response.content.decode()
    assert Profile.objects.get(person=resident).contact_by_phone is False
    assert not Consent.objects.exists()


def test_contact_preferences_are_saved(as_resident: Client, resident: User) -> None:
    as_resident.post(DETAILS, details())
    as_resident.post(CONTACT, {"contact": ["text", "post"]})
    profile = Profile.objects.get(person=resident)
    assert (profile.contact_by_email, profile.contact_by_text, profile.contact_by_post) == (
        False,
        True,
        True,
    )


def test_profile_page_query_count_is_bounded(
    as_resident: Client, resident: User, django_assert_max_num_queries: Any
) -> None:
    areas = [factories.AreaFactory() for _ in range(10)]
    for number in range(8):
        factories.SkillFactory(name=f"Skill {number}", kind=Skill.Kind.SKILL)
        factories.SkillFactory(name=f"Interest {number}", kind=Skill.Kind.INTEREST)
    services.update_profile(
        actor=resident,
        person=resident,
        data={
            "areas_live": areas[:5],
            "areas_work": areas[5:],
            "skills": list(Skill.objects.filter(kind=Skill.Kind.SKILL)),
            "interests": list(Skill.objects.filter(kind=Skill.Kind.INTEREST)),
            "consents": ["newsletter", "research"],
            "languages": ["en", "pl", "ur"],
            "availability": {"mon": ["morning"], "tue": ["evening"]},
        },
    )
    for _ in range(5):
        services.update_profile(actor=resident, person=resident, data={"consents": ["matching"]})
        services.update_profile(actor=resident, person=resident, data={"consents": []})
    with django_assert_max_num_queries(10):
        response = as_resident.get("/people/me/profile/")
    assert response.status_code == 200


def test_edit_pages_query_count_is_bounded(
    as_resident: Client, django_assert_max_num_queries: Any
) -> None:
    for _ in range(20):
        factories.AreaFactory()
    for path in (DETAILS, WHERE, SKILLS, CONTACT):
        with django_assert_max_num_queries(12):
            assert as_resident.get(path).status_code == 200


# --- Only your own ------------------------------------------------------------------------------


def test_a_person_id_in_the_form_cannot_change_someone_else(
    as_resident: Client, resident: User, outsider: User
) -> None:
    as_resident.post(f"{DETAILS}?person={outsider.pk}", {**details(), "person": outsider.pk})
    outsider.refresh_from_db()
    assert outsider.display_name == "Oscar Outsider"
    resident.refresh_from_db()
    assert resident.display_name == "Rita R"


def test_another_users_staff_page_is_forbidden_to_a_resident(
    as_resident: Client, outsider: User
) -> None:
    assert as_resident.get(f"/people/staff/{outsider.pk}/").status_code == 403


def test_the_service_refuses_to_change_someone_elses_profile(
    resident: User, outsider: User
) -> None:
    with pytest.raises(errors.PermissionDenied):
        services.update_profile(actor=outsider, person=resident, data={"display_name": "Hacked"})
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"
    assert not AuditEvent.objects.filter(action="people.update_profile").exists()


def test_the_service_refuses_unknown_fields(resident: User) -> None:
    with pytest.raises(errors.ServiceError):
        services.update_profile(actor=resident, person=resident, data={"is_superuser": True})
    resident.refresh_from_db()
    assert resident.is_superuser is False


def test_a_profile_is_made_when_someone_without_one_saves(client: Client) -> None:
    person = User.objects.create_user(email="bare@example.org", display_name="Bare", password="x")
    client.force_login(person)
    assert_good_page(client.get("/people/me/profile/"), "Your profile")
    client.post(DETAILS, {"display_name": "Bare", "preferred_language": "en"})
    assert Profile.objects.filter(person=person).exists()


def test_areas_are_listed_in_name_order(as_resident: Client) -> None:
    Area.objects.all().delete()
    factories.AreaFactory(name="Zeta")
    factories.AreaFactory(name="Alpha")
    html = as_resident.get(WHERE).content.decode()
    assert html.index("Alpha") < html.index("Zeta")


def test_a_refused_change_leaves_everything_as_it_was(resident: User) -> None:
    with pytest.raises(errors.ServiceError):
        services.update_profile(
            actor=resident,
            person=resident,
            data={"display_name": "New Name", "contact": ["phone"]},
        )
    assert resident.display_name == "Rita Resident"
    resident.refresh_from_db()
    assert resident.display_name == "Rita Resident"


def test_the_curated_skills_list_can_be_loaded_twice() -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("coproduce.people.migrations.0002_curated_skills")
    migration.add_skills(apps, None)
    migration.add_skills(apps, None)
    assert Skill.objects.filter(kind=Skill.Kind.SKILL).count() >= len(migration.SKILLS)
    assert Skill.objects.filter(name="Gardening", kind=Skill.Kind.SKILL).count() == 1
    assert Skill.objects.filter(name="Housing", kind=Skill.Kind.INTEREST).count() == 1
