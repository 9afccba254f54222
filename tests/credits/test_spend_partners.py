"""Spend partners: their offers, one-time codes, redeeming them, and spending for someone."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from coproduce.common.errors import Conflict, PermissionDenied, ServiceError
from coproduce.common.models import AuditEvent
from coproduce.credits import services
from coproduce.credits.models import Account, Offer, Spend, SpendCode, Transaction
from coproduce.credits.services import spending
from coproduce.organisations.models import Membership, Organisation
from coproduce.people.models import User
from tests import factories
from tests.credits.conftest import fund
from tests.people.conftest import assert_good_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def pool_centre(db: Any) -> Organisation:
    return factories.OrganisationFactory(
        name="Riverside Pool", slug="riverside-pool", is_spend_partner=True
    )


@pytest.fixture
def pool_manager(pool_centre: Organisation) -> User:
    person = factories.UserFactory(display_name="Mo Manager")
    factories.MembershipFactory(
        person=person, organisation=pool_centre, role=Membership.Role.MANAGER
    )
    return person


@pytest.fixture
def pool_staff(pool_centre: Organisation) -> User:
    person = factories.UserFactory(display_name="Sam Staff")
    factories.MembershipFactory(person=person, organisation=pool_centre)
    return person


@pytest.fixture
def swim(pool_centre: Organisation, pool_manager: User) -> Offer:
    return spending.create_offer(
        actor=pool_manager, organisation=pool_centre, title="One swim", cost=4, monthly_cap=2
    )


@pytest.fixture
def rich_resident(resident: User, coordinator: User) -> User:
    fund(coordinator, services.account_for_person(resident), 40)
    return resident


def balance(person: User) -> int:
    account = Account.objects.filter(person=person).first()
    return account.balance if account else 0


def partner_balance(organisation: Organisation) -> int:
    return services.account_for_organisation(organisation).balance


# --- Offers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["pool_manager", "coordinator", "administrator"])
def test_managers_coordinators_and_administrators_can_add_offers(
    who: str, pool_centre: Organisation, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    offer = spending.create_offer(
        actor=actor, organisation=pool_centre, title="Cinema ticket", cost=8, monthly_cap=1
    )
    assert offer.organisation == pool_centre and offer.cost == 8
    assert AuditEvent.objects.filter(action="credits.create_offer", actor=actor).exists()


@pytest.mark.parametrize("who", ["pool_staff", "resident", "group_member", "professional"])
def test_others_cannot_add_or_change_offers(
    who: str, pool_centre: Organisation, swim: Offer, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        spending.create_offer(actor=actor, organisation=pool_centre, title="Free", cost=1)
    with pytest.raises(PermissionDenied):
        spending.update_offer(
            actor=actor, offer=swim, title="Free", cost=1, monthly_cap=0, is_active=True
        )
    swim.refresh_from_db()
    assert swim.title == "One swim" and Offer.objects.count() == 1


@pytest.mark.parametrize(
    ("title", "cost", "cap", "field"),
    [
        ("", 4, 0, "title"),
        ("Swim", 0, 0, "cost"),
        ("Swim", -4, 0, "cost"),
        ("Swim", 4001, 0, "cost"),
        ("Swim", 4, -1, "monthly_cap"),
        ("Swim", 4, 1001, "monthly_cap"),
    ],
)
def test_bad_offers_are_refused(
    title: str, cost: int, cap: int, field: str, pool_centre: Organisation, pool_manager: User
) -> None:
    with pytest.raises(ServiceError) as refused:
        spending.create_offer(
            actor=pool_manager, organisation=pool_centre, title=title, cost=cost, monthly_cap=cap
        )
    assert refused.value.field == field
    assert not Offer.objects.exists()


def test_an_organisation_that_takes_no_credits_cannot_list_offers(
    vcs_group: Organisation, group_member: User
) -> None:
    with pytest.raises(ServiceError):
        spending.create_offer(actor=group_member, organisation=vcs_group, title="Tea", cost=1)
    assert not Offer.objects.exists()


def test_a_manager_changes_an_offer(swim: Offer, pool_manager: User) -> None:
    spending.update_offer(
        actor=pool_manager,
        offer=swim,
        title="One long swim",
        cost=6,
        monthly_cap=0,
        is_active=False,
    )
    swim.refresh_from_db()
    assert (swim.title, swim.cost, swim.monthly_cap, swim.is_active) == (
        "One long swim",
        6,
        0,
        False,
    )


def test_offers_page_lists_open_offers_to_anyone(
    client: Client, swim: Offer, pool_manager: User, pool_centre: Organisation
) -> None:
    spending.create_offer(
        actor=pool_manager, organisation=pool_centre, title="Sauna", cost=2, is_active=False
    )
    page = client.get("/credits/offers/")
    assert_good_page(page, "Spend your time credits")
    html = page.content.decode()
    assert "One swim" in html and "Riverside Pool" in html
    assert "Sauna" not in html


def test_offers_page_queries_do_not_grow_with_offers(
    client: Client, administrator: User, django_assert_max_num_queries: Any
) -> None:
    for number in range(15):
        partner = factories.OrganisationFactory(is_spend_partner=True)
        spending.create_offer(actor=administrator, organisation=partner, title=f"O{number}", cost=1)
    with django_assert_max_num_queries(6):
        assert client.get("/credits/offers/").status_code == 200


def test_organisation_page_shows_offers_and_staff_links(
    client: Client, swim: Offer, pool_centre: Organisation, pool_staff: User
) -> None:
    html = client.get(pool_centre.get_absolute_url()).content.decode()
    assert "One swim" in html and "Redeem a code" not in html
    client.force_login(pool_staff)
    html = client.get(pool_centre.get_absolute_url()).content.decode()
    assert "/credits/partners/riverside-pool/redeem/" in html


def test_offer_pages_add_and_edit(
    client: Client, pool_manager: User, pool_centre: Organisation
) -> None:
    client.force_login(pool_manager)
    url = "/credits/partners/riverside-pool/offers/add/"
    assert_good_page(client.get(url), "Add an offer")
    bad = client.post(url, {"title": "Swim", "cost": "lots", "monthly_cap": "0"})
    assert bad.status_code == 200 and "Enter a number in quarters" in bad.content.decode()
    done = client.post(url, {"title": "Swim", "cost": "1.5", "monthly_cap": "3", "is_active": "on"})
    assert done.status_code == 302
    offer = Offer.objects.get()
    assert offer.cost == 6 and offer.monthly_cap == 3
    edit = f"/credits/offers/{offer.pk}/edit/"
    assert_good_page(client.get(edit), "Change an offer")
    client.post(edit, {"title": "Swim", "cost": "1", "monthly_cap": "0"})
    offer.refresh_from_db()
    assert offer.cost == 4 and not offer.is_active


def test_offer_pages_are_refused_to_staff_who_do_not_manage(
    client: Client, pool_staff: User, swim: Offer
) -> None:
    client.force_login(pool_staff)
    assert client.get("/credits/partners/riverside-pool/offers/add/").status_code == 403
    assert client.get(f"/credits/offers/{swim.pk}/edit/").status_code == 403


# --- Codes ------------------------------------------------------------------------------------


def test_resident_gets_a_short_code_with_a_qr_code(
    client: Client, rich_resident: User, swim: Offer
) -> None:
    client.force_login(rich_resident)
    url = f"/credits/offers/{swim.pk}/use/"
    assert_good_page(client.get(url), "One swim")
    response = client.post(url)
    assert_good_page(response, "Your code")
    html = response.content.decode()
    assert "<svg" in html and "<img" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    match = re.search(r'aria-label="((?:[0-9A-Z] ){7}[0-9A-Z])"', html)
    assert match, "the code is shown"
    code = match.group(1).replace(" ", "")
    assert set(code) <= set(spending.CODE_ALPHABET)
    made = SpendCode.objects.get()
    # Only the hash is kept.
    assert made.code_hash == spending.hash_code(code) and code not in made.code_hash
    assert made.expires_at - made.created_at <= timedelta(minutes=15, seconds=1)


def test_a_code_needs_enough_credits(client: Client, resident: User, swim: Offer) -> None:
    client.force_login(resident)
    response = client.post(f"/credits/offers/{swim.pk}/use/")
    assert response.status_code == 200
    assert "You need 1 credits for this" in response.content.decode()
    assert not SpendCode.objects.exists()


def test_no_one_makes_a_code_for_someone_else(
    rich_resident: User, outsider: User, swim: Offer
) -> None:
    with pytest.raises(PermissionDenied):
        spending.make_spend_code(actor=outsider, person=rich_resident, offer=swim)


def test_a_closed_offer_gives_no_code(rich_resident: User, swim: Offer, pool_manager: User) -> None:
    spending.update_offer(
        actor=pool_manager, offer=swim, title="One swim", cost=4, monthly_cap=2, is_active=False
    )
    with pytest.raises(ServiceError) as refused:
        spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    assert refused.value.code == "offer_closed"


# --- Redeeming ------------------------------------------------------------------------------


def test_staff_redeem_a_code_once(rich_resident: User, swim: Offer, pool_staff: User) -> None:
    pool_centre = swim.organisation
    _made, code = spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    spend = spending.redeem_code(actor=pool_staff, organisation=pool_centre, code=code.lower())
    assert spend.transaction.reason == Transaction.Reason.SPENT_AT_PARTNER
    assert balance(rich_resident) == 36 and partner_balance(pool_centre) == 4
    assert AuditEvent.objects.filter(action="credits.spend", actor=pool_staff).exists()
    with pytest.raises(ServiceError) as again:
        spending.redeem_code(actor=pool_staff, organisation=pool_centre, code=code)
    assert again.value.code == "code_used"
    assert balance(rich_resident) == 36 and Spend.objects.count() == 1


def test_an_expired_code_is_refused(rich_resident: User, swim: Offer, pool_staff: User) -> None:
    made, code = spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    SpendCode.objects.filter(pk=made.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ServiceError) as refused:
        spending.redeem_code(actor=pool_staff, organisation=swim.organisation, code=code)
    assert refused.value.code == "code_expired"
    assert balance(rich_resident) == 40


def test_an_unknown_code_is_refused(swim: Offer, pool_staff: User) -> None:
    with pytest.raises(ServiceError) as refused:
        spending.redeem_code(actor=pool_staff, organisation=swim.organisation, code="AAAA3333")
    assert refused.value.field == "code"


def test_a_code_for_another_partner_is_unknown_here(
    rich_resident: User, swim: Offer, coordinator: User
) -> None:
    other = factories.OrganisationFactory(is_spend_partner=True)
    other_staff = factories.UserFactory()
    factories.MembershipFactory(person=other_staff, organisation=other)
    _made, code = spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    with pytest.raises(ServiceError):
        spending.redeem_code(actor=other_staff, organisation=other, code=code)
    assert balance(rich_resident) == 40


def test_spending_more_than_the_balance_is_refused(
    resident: User, coordinator: User, swim: Offer, pool_staff: User
) -> None:
    fund(coordinator, services.account_for_person(resident), 4)
    _made, code = spending.make_spend_code(actor=resident, person=resident, offer=swim)
    # The credits went elsewhere while the code was waiting.
    services.gift_credits(
        actor=resident,
        sender=resident,
        recipient_account=services.account_for_organisation(swim.organisation),
        amount=1,
        key="tea",
    )
    with pytest.raises(ServiceError) as refused:
        spending.redeem_code(actor=pool_staff, organisation=swim.organisation, code=code)
    assert refused.value.code == "not_enough_credits"
    assert balance(resident) == 3 and not Spend.objects.exists()
    assert SpendCode.objects.get().used_at is None


def test_spending_past_the_monthly_cap_is_refused(
    rich_resident: User, swim: Offer, pool_staff: User
) -> None:
    for _n in range(2):
        _made, code = spending.make_spend_code(
            actor=rich_resident, person=rich_resident, offer=swim
        )
        spending.redeem_code(actor=pool_staff, organisation=swim.organisation, code=code)
    with pytest.raises(ServiceError) as refused:
        spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    assert refused.value.code == "over_cap"
    with pytest.raises(ServiceError) as refused:
        spending.spend_on_behalf(actor=pool_staff, person=rich_resident, offer=swim, key="k")
    assert refused.value.code == "over_cap"
    assert balance(rich_resident) == 32 and Spend.objects.count() == 2


def test_a_code_made_before_the_cap_was_reached_is_still_held_to_it(
    rich_resident: User, swim: Offer, pool_staff: User
) -> None:
    codes = [
        spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)[1]
        for _n in range(3)
    ]
    for code in codes[:2]:
        spending.redeem_code(actor=pool_staff, organisation=swim.organisation, code=code)
    with pytest.raises(ServiceError) as refused:
        spending.redeem_code(actor=pool_staff, organisation=swim.organisation, code=codes[2])
    assert refused.value.code == "over_cap"


@pytest.mark.parametrize("who", ["resident", "outsider", "coordinator", "group_member"])
def test_only_the_partners_staff_redeem_codes(
    who: str, rich_resident: User, swim: Offer, request: pytest.FixtureRequest
) -> None:
    actor = request.getfixturevalue(who)
    _made, code = spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    with pytest.raises(PermissionDenied):
        spending.redeem_code(actor=actor, organisation=swim.organisation, code=code)
    with pytest.raises(PermissionDenied):
        spending.spend_on_behalf(actor=actor, person=rich_resident, offer=swim, key="k")
    assert balance(rich_resident) == 40


def test_redeem_page_takes_a_code_and_explains_a_used_one(
    client: Client, rich_resident: User, swim: Offer, pool_staff: User
) -> None:
    _made, code = spending.make_spend_code(actor=rich_resident, person=rich_resident, offer=swim)
    client.force_login(pool_staff)
    url = "/credits/partners/riverside-pool/redeem/"
    assert_good_page(client.get(url), "Redeem a code")
    done = client.post(url, {"code": f"{code[:4]}-{code[4:]}"}, follow=True)
    assert "1 credits were taken from" in done.content.decode()
    again = client.post(url, {"code": code})
    assert again.status_code == 200
    assert "already been used" in again.content.decode()
    assert balance(rich_resident) == 36


def test_redeem_page_is_refused_to_others(as_resident: Client, swim: Offer) -> None:
    assert as_resident.get("/credits/partners/riverside-pool/redeem/").status_code == 403
    assert as_resident.get("/credits/partners/riverside-pool/spend-for-someone/").status_code == 403


# --- On behalf ------------------------------------------------------------------------------


def test_staff_spend_for_a_person_they_look_up(
    client: Client, rich_resident: User, swim: Offer, pool_staff: User
) -> None:
    client.force_login(pool_staff)
    url = "/credits/partners/riverside-pool/spend-for-someone/"
    form = client.get(url)
    assert_good_page(form, "Spend credits for someone")
    key = re.search(r'name="key" value="([^"]+)"', form.content.decode())
    assert key
    data = {"email": rich_resident.email, "offer": swim.pk, "key": key.group(1)}
    assert client.post(url, data).status_code == 302
    # A double click sends the same key: one spend.
    assert client.post(url, data).status_code == 302
    posted = Transaction.objects.get(reason=Transaction.Reason.SPENT_AT_PARTNER)
    assert posted.on_behalf_of == rich_resident and posted.created_by == pool_staff
    assert balance(rich_resident) == 36


def test_spending_for_an_unknown_email_is_explained(
    client: Client, swim: Offer, pool_staff: User
) -> None:
    client.force_login(pool_staff)
    response = client.post(
        "/credits/partners/riverside-pool/spend-for-someone/",
        {"email": "nobody@example.org", "offer": swim.pk, "key": "k1"},
    )
    assert response.status_code == 200
    assert "No one with the email address" in response.content.decode()


def test_the_same_key_for_another_offer_is_a_conflict(
    rich_resident: User, swim: Offer, pool_staff: User, pool_manager: User
) -> None:
    tea = spending.create_offer(
        actor=pool_manager, organisation=swim.organisation, title="Tea", cost=1
    )
    spending.spend_on_behalf(actor=pool_staff, person=rich_resident, offer=swim, key="k")
    with pytest.raises(Conflict):
        spending.spend_on_behalf(actor=pool_staff, person=rich_resident, offer=tea, key="k")
    assert balance(rich_resident) == 36


def test_partner_page_queries_do_not_grow_with_offers(
    client: Client, swim: Offer, pool_manager: User, pool_centre: Organisation
) -> None:
    client.force_login(pool_manager)
    with CaptureQueriesContext(connection) as one:
        client.get(pool_centre.get_absolute_url())
    for number in range(10):
        spending.create_offer(
            actor=pool_manager, organisation=pool_centre, title=f"Class {number}", cost=1
        )
    with CaptureQueriesContext(connection) as many:
        html = client.get(pool_centre.get_absolute_url()).content.decode()
    assert "Class 9" in html
    assert len(many.captured_queries) == len(one.captured_queries)
