"""The process page and the list of ideas: what they say, who sees what, and their query
counts, which stay the same however many ideas, supports and comments there are."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from coproduce.budgeting import services
from coproduce.budgeting.models import OfferKind, Process, Proposal
from coproduce.people.models import User
from coproduce.places.models import Area
from tests.budgeting.factories import make_process, make_proposal, resident_of


def detail(process: Process) -> str:
    return reverse("budgeting:process-detail", kwargs={"slug": process.slug})


def busy(process: Process, area: Area, ideas: int = 12) -> list[Proposal]:
    made = []
    for number in range(ideas):
        author = resident_of(area)
        proposal = make_proposal(process, author, title=f"Idea {number}", area=area)
        services.add_comment(actor=author, proposal=proposal, text="Good, I think.")
        services.make_offer(actor=author, proposal=proposal, kind=OfferKind.TIME, description="Sat")
        made.append(proposal)
    supporter = resident_of(area)
    for proposal in made:
        services.support_proposal(actor=supporter, proposal=proposal)
    return made


def test_process_page_says_the_phase_and_what_to_do(client: Client, ideas_process: Process) -> None:
    page = client.get(detail(ideas_process)).content.decode()
    assert "Phase now: Ideas" in page
    assert "Put forward an idea, support ideas you like" in page
    assert "Next: Review, from" in page
    assert reverse("budgeting:proposal-add", kwargs={"slug": ideas_process.slug}) in page


@pytest.mark.parametrize(
    ("phase", "says"),
    [
        ("not_started", "Nothing to do yet"),
        ("review", "Staff are checking each idea"),
        ("voting", "Vote for the projects you want"),
        ("results", "See which projects won"),
        ("delivery", "The winning projects are being built"),
    ],
)
def test_each_phase_says_what_a_resident_can_do(
    client: Client, council: Any, phase: str, says: str
) -> None:
    process = make_process(council, phase=phase)
    page = client.get(detail(process)).content.decode()
    assert says in page
    assert "Put forward an idea</a>" not in page


def test_vote_link_appears_only_when_the_voting_pages_exist(
    client: Client, council: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from coproduce.budgeting import views

    process = make_process(council, phase="voting")
    monkeypatch.setattr(views, "reverse", lambda name, kwargs: f"/budgets/{kwargs['slug']}/vote/")
    assert f'href="/budgets/{process.slug}/vote/"' in client.get(detail(process)).content.decode()

    def missing(name: str, kwargs: Any) -> str:
        raise views.NoReverseMatch(name)

    monkeypatch.setattr(views, "reverse", missing)
    page = client.get(detail(process)).content.decode()
    assert ">Vote<" not in page


def test_ineligible_resident_is_told_why_on_the_process_page(
    as_outsider: Client, ideas_process: Process
) -> None:
    page = as_outsider.get(detail(ideas_process)).content.decode()
    assert "Only people who live in Riverside North can take part" in page


def test_process_list_shows_borough_and_ward_budgets(
    client: Client, council: Any, area: Area
) -> None:
    make_process(council, slug="borough", title="Borough budget")
    make_process(council, slug="ward", title="Ward budget", areas=[area])
    make_process(council, slug="draft", title="Draft budget", is_published=False)
    page = client.get(reverse("budgeting:process-list")).content.decode()
    assert "Borough budget" in page and "Ward budget" in page
    assert "Draft budget" not in page


def test_process_page_query_count_is_fixed(
    as_resident: Client,
    local_resident: User,
    ideas_process: Process,
    area: Area,
    django_assert_max_num_queries: Any,
) -> None:
    busy(ideas_process, area)
    with django_assert_max_num_queries(16):
        response = as_resident.get(detail(ideas_process))
    assert response.status_code == 200


def test_proposal_list_query_count_is_fixed(
    as_resident: Client,
    local_resident: User,
    ideas_process: Process,
    area: Area,
    django_assert_max_num_queries: Any,
) -> None:
    busy(ideas_process, area, ideas=15)
    url = reverse("budgeting:proposal-list", kwargs={"slug": ideas_process.slug})
    with django_assert_max_num_queries(12):
        response = as_resident.get(url, {"sort": "supports"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 support" in page and "1 offer of help" in page and "1 comment" in page


def test_proposal_page_query_count_is_fixed(
    as_resident: Client,
    local_resident: User,
    ideas_process: Process,
    area: Area,
    django_assert_max_num_queries: Any,
) -> None:
    proposal = busy(ideas_process, area, ideas=1)[0]
    for _number in range(5):
        reply_author = resident_of(area)
        services.add_comment(
            actor=reply_author,
            proposal=proposal,
            text="Me too",
            parent=proposal.comments.first(),
        )
    with django_assert_max_num_queries(22):
        response = as_resident.get(proposal.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count("Me too") == 5


def test_proposal_list_filters_by_category(
    client: Client, ideas_process: Process, local_resident: User
) -> None:
    make_proposal(ideas_process, local_resident, title="Swings", category="Young people")
    make_proposal(ideas_process, local_resident, title="Benches", category="Parks")
    url = reverse("budgeting:proposal-list", kwargs={"slug": ideas_process.slug})
    page = client.get(url, {"category": "Parks"}).content.decode()
    assert "Benches" in page and "Swings" not in page


def test_vote_and_results_links_go_to_the_voting_pages(client: Client, council: Any) -> None:
    from django.urls import NoReverseMatch

    voting = make_process(council, phase="voting", slug="voting-now")
    results = make_process(council, phase="results", slug="results-now")
    try:
        vote_url = reverse("voting:ballot", kwargs={"slug": voting.slug})
        results_url = reverse("voting:results", kwargs={"slug": results.slug})
    except NoReverseMatch:
        pytest.skip("the voting pages are not installed")
    assert f'href="{vote_url}"' in client.get(detail(voting)).content.decode()
    assert f'href="{results_url}"' in client.get(detail(results)).content.decode()
