"""The results of a vote, ready to show: winners, reasons, the two rules side by side, turnout.

Built from the stored ballots each time, by the counting package, so the page always shows what
a recount would give. The reasons are sentences made here from each project's counted figures,
in the reader's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.budgeting.models import Process, Proposal
from coproduce.budgeting.services._base import money
from coproduce.budgeting.voting import selectors
from coproduce.budgeting.voting.models import CountingRule

if TYPE_CHECKING:
    from coproduce.budgeting.counting import Outcome, ProjectResult

LABEL_WIDTH = 220
BAR_AREA = 360
ROW_HEIGHT = 28
BAR_HEIGHT = 18


@dataclass(frozen=True)
class Bar:
    label: str
    value: str
    y: int
    width: int
    text_y: int
    value_x: int
    highlight: bool = False


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def bar_chart(items: list[tuple[str, int, bool]]) -> Chart:
    """Horizontal bars scaled to the largest value; `True` items are drawn as winners."""
    largest = max((value for _label, value, _win in items), default=0)
    bars = []
    for index, (label, value, highlight) in enumerate(items):
        width = int(max(value, 0) * BAR_AREA / largest) if largest > 0 else 0
        y = index * ROW_HEIGHT + 5
        bars.append(
            Bar(
                label=label if len(label) <= 30 else label[:29] + "…",
                value=f"{value:,}",
                y=y,
                width=width,
                text_y=y + BAR_HEIGHT - 4,
                value_x=LABEL_WIDTH + width + 6,
                highlight=highlight,
            )
        )
    return Chart(
        width=LABEL_WIDTH + BAR_AREA + 90,
        height=max(len(bars), 1) * ROW_HEIGHT + 10,
        label_width=LABEL_WIDTH,
        bars=bars,
    )


@dataclass
class ProjectLine:
    proposal: Proposal
    cost: str
    votes: int
    supporters: int
    chosen: bool
    chosen_by_greedy: bool
    chosen_by_equal_shares: bool
    reason: str


@dataclass
class Results:
    process: Process
    rule: str
    rule_name: str
    ballots: int
    winners: list[Proposal] = field(default_factory=list)
    spent: str = ""
    left: str = ""
    lines: list[ProjectLine] = field(default_factory=list)
    greedy_spent: str = ""
    equal_shares_spent: str = ""
    by_channel: list[selectors.TurnoutLine] = field(default_factory=list)
    by_area: list[selectors.TurnoutLine] = field(default_factory=list)
    votes_chart: Chart | None = None
    channel_chart: Chart | None = None

    @property
    def rules_differ(self) -> bool:
        return any(line.chosen_by_greedy != line.chosen_by_equal_shares for line in self.lines)


def _names(ids: tuple[str, ...], by_id: dict[str, Proposal]) -> str:
    return ", ".join(by_id[pk].title for pk in ids if pk in by_id)


def reason_for(result: ProjectResult, by_id: dict[str, Proposal], currency: str) -> str:
    """Why the project won or lost, in a sentence or two."""
    supporters = ngettext("%(count)s supporter", "%(count)s supporters", result.supporters) % {
        "count": result.supporters
    }
    if result.reason == "chosen":
        text = _("Chosen in round %(round)s, with %(supporters)s.") % {
            "round": result.round,
            "supporters": supporters,
        }
    elif result.reason == "chosen_in_completion":
        text = _("Chosen after the main count, to use money left over (%(supporters)s).") % {
            "supporters": supporters
        }
    elif result.reason == "did_not_fit":
        text = _("Not chosen: at %(cost)s it cost more than the money left when its turn came.") % {
            "cost": money(result.cost, currency)
        }
    elif result.reason == "too_few_supporters":
        text = _(
            "Not chosen: its %(supporters)s did not have enough left of their equal share."
        ) % {"supporters": supporters}
        if result.share_needed is not None:
            text += " " + _("It needed %(percent)s%% of the money they had left.") % {
                "percent": round(result.share_needed * 100)
            }
    elif result.reason == "lost_tie":
        text = _("Not chosen: it tied and lost on the published tie-break rule.")
    else:
        text = _("Not chosen.")
    if result.beaten_by and not result.selected:
        text += " " + _("Chosen instead: %(names)s.") % {"names": _names(result.beaten_by, by_id)}
    return text


def results_of(process: Process) -> Results:
    from coproduce.budgeting.counting import count

    settings = selectors.settings_of(process)
    proposals = list(selectors.ballot_proposals(process))
    by_id = {str(proposal.pk): proposal for proposal in proposals}
    election = selectors.election_for(process, proposals=proposals)
    report = Results(
        process=process,
        rule=settings.rule,
        rule_name=str(CountingRule(settings.rule).label),
        ballots=len(election.ballots),
        by_channel=selectors.turnout_by_channel(process),
        by_area=selectors.turnout_by_area(process, _("Not known")),
    )
    report.channel_chart = bar_chart(
        [(line.label, line.voters, False) for line in report.by_channel]
    )
    if not election.ballots or not election.projects:
        return report
    outcomes: dict[str, Outcome] = {
        rule: count(election, rule) for rule in (CountingRule.GREEDY, CountingRule.EQUAL_SHARES)
    }
    chosen = outcomes[settings.rule]
    greedy = set(outcomes[CountingRule.GREEDY].winners)
    shares = set(outcomes[CountingRule.EQUAL_SHARES].winners)
    currency = process.currency
    report.winners = [by_id[pk] for pk in chosen.winners]
    report.spent = money(chosen.spent, currency)
    report.left = money(int(process.budget) - chosen.spent, currency)
    report.greedy_spent = money(outcomes[CountingRule.GREEDY].spent, currency)
    report.equal_shares_spent = money(outcomes[CountingRule.EQUAL_SHARES].spent, currency)
    report.lines = [
        ProjectLine(
            proposal=by_id[result.id],
            cost=money(result.cost, currency),
            votes=result.score,
            supporters=result.supporters,
            chosen=result.selected,
            chosen_by_greedy=result.id in greedy,
            chosen_by_equal_shares=result.id in shares,
            reason=reason_for(result, by_id, currency),
        )
        for result in sorted(
            chosen.projects, key=lambda r: (not r.selected, r.round or 0, -r.score)
        )
    ]
    report.votes_chart = bar_chart(
        [(line.proposal.title, line.votes, line.chosen) for line in report.lines]
    )
    return report
