"""The Method of Equal Shares (MES), with the completion used in practice.

The budget is split equally among the voters. Projects are then bought one at a time: a
project can be bought when its supporters still hold its cost between them, and each
supporter pays in proportion to how much they gain from it, as little as possible, and never
more than they have left. The project chosen next is the one whose supporters pay the least
per unit of what they gain (the smallest "price" rho, where a supporter who gains u pays
min(money left, rho x u)). It stops when no project can be paid for.

Two ways of measuring what a voter gains from a project are offered:

* **cost utilities** (`equal-shares`): a voter gains the project's cost from each approved
  project (times the points given, on a cumulative ballot). Peters, Pierczyński and Skowron,
  "Proportional participatory budgeting with additive utilities", NeurIPS 2021; this is
  the variant used in the real elections counted with equalshares.net (Wieliczka 2023,
  Świecie, Aarau 2023).
* **approval utilities** (`equal-shares-approval`): one unit for each approved project (or
  each point). Peters and Skowron, "Proportionality and the limits of welfarism", EC 2020,
  where the rule was first called Rule X.

Equal Shares alone often leaves money unspent, so it is completed as equalshares.net
describes ("Completion" on equalshares.net/implementation/completion) and as `pabutools`
implements it: first **add-one** — give every voter one more unit of money and count again,
repeating while the result still fits the real budget and some supported project could
still be added; keep the last result that fits — then **greedy by votes** over the money
still left (see `greedy`). This is `pabutools.rules.completion_by_rule_combination` of
`method_of_equal_shares(..., voter_budget_increment=1)` and `greedy_utilitarian_welfare`.

The arithmetic is in floating point, vectorised over voters with NumPy (each project keeps
the indices of its supporters). Prices that agree to within one part in 10^9 are treated as
a tie and broken by `TIE_BREAK_RULE`, so that a float rounding error never decides a count;
exact-arithmetic implementations such as pabutools would find the same ties. Each round
only re-prices the projects whose last known price could still be the best (prices only go
up as voters spend), which is what makes a count of 100,000 voters take well under a second.
The add-one completion counts again once per unit added to each voter's share, so an
election with very few voters and a large budget takes many passes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from coproduce.budgeting.counting.greedy import greedy_pass
from coproduce.budgeting.counting.model import (
    FloatArray,
    Outcome,
    ProjectResult,
    Tally,
    project_result,
)
from coproduce.budgeting.counting.text import money, people, percent, votes

EPS = 1e-9


@dataclass
class MesRun:
    per_voter: float
    chosen: list[int] = field(default_factory=list)
    # Supporters' money when each project was bought, and what each supporter paid.
    money_when_chosen: dict[int, float] = field(default_factory=dict)
    payments: dict[int, FloatArray] = field(default_factory=dict)
    budgets: FloatArray = field(default_factory=lambda: np.zeros(0))


def utilities(tally: Tally, cost_utilities: bool) -> FloatArray:
    """What each supporter gains from each project, aligned with `tally.points`."""
    gains = tally.points.astype(np.float64)
    if cost_utilities:
        gains *= np.repeat(tally.costs.astype(np.float64), np.diff(tally.start))
    return gains


def _price(cost: float, money: FloatArray, gains: FloatArray, total: float) -> float | None:
    """The smallest rho with sum(min(money, rho * gains)) = cost, or None if unaffordable."""
    rho = cost / total
    if bool(np.all(money >= rho * gains)):
        return rho
    return _price_sorted(cost, money, gains)


def _price_uniform(cost: float, money: FloatArray, gain: float, floor: float = 0.0) -> float | None:
    """`_price` when every supporter gains the same (approval ballots).

    Solves sum(min(money, q)) = cost for the payment q, from a lower bound (the equal split,
    or the last price found, as prices only rise): those who cannot pay q pay all they have,
    the others share the rest. Two such steps usually settle it; otherwise only the money
    between the lower bound and an upper bound is sorted, not every supporter's.
    """
    k = money.size
    low = max(cost / k, floor * gain)
    for _ in range(2):
        covered = float(np.minimum(money, low).sum())
        if covered >= cost * (1 - 1e-12):
            return low / gain
        rich = int(np.count_nonzero(money >= low))
        if rich == 0:
            break
        paid = covered - rich * low
        low = (cost - paid) / rich
    top = float(money.max())
    high = min(low * 1.25, top)
    while low > top or float(np.minimum(money, high).sum()) < cost * (1 - 1e-12):
        if low > top or high >= top:  # only paying everything they have could do
            return top / gain if float(money.sum()) >= cost * (1 - EPS) else None
        high = min(high * 1.5, top)
    below = money < low
    paid = float(money[below].sum())
    rich = k - int(np.count_nonzero(below))
    middle = np.sort(money[(money >= low) & (money < high)])
    paid_before = paid + np.concatenate(([0.0], np.cumsum(middle)))
    candidate = (cost - paid_before) / (rich - np.arange(middle.size + 1))
    fits = candidate[:-1] <= middle * (1 + EPS)
    if fits.any():
        return float(candidate[int(np.argmax(fits))]) / gain
    return float(candidate[-1]) / gain


def _price_sorted(cost: float, money: FloatArray, gains: FloatArray) -> float | None:
    ratio = money / gains
    order = np.argsort(ratio)
    ratio, money, gains = ratio[order], money[order], gains[order]
    paid_before = np.concatenate(([0.0], np.cumsum(money)[:-1]))
    gains_after = np.cumsum(gains[::-1])[::-1]
    candidate = (cost - paid_before) / gains_after
    fits = candidate <= ratio * (1 + EPS)
    if not fits.any():
        return None
    return float(candidate[int(np.argmax(fits))])


def mes_run(tally: Tally, gains: FloatArray, per_voter: float, totals: FloatArray) -> MesRun:
    """One run of Equal Shares with `per_voter` money for each voter.

    `gains` is what each supporter gains from each project (`utilities`), `totals` its sum
    over each project's supporters.
    """
    costs, start, voters = tally.costs, tally.start, tally.voters
    m = len(costs)
    budgets = np.full(tally.n_voters, per_voter, dtype=np.float64)
    uniform = tally.election.kind == "approval"
    run = MesRun(per_voter=per_voter)
    # Supported projects that cost nothing are bought first, as pabutools does.
    run.chosen = sorted(
        (p for p in range(m) if totals[p] > 0 and costs[p] == 0), key=tally.order_key.__getitem__
    )
    price = np.full(m, math.inf)
    open_ = (totals > 0) & (costs > 0)
    price[open_] = costs[open_] / totals[open_]
    while True:
        best, tied = math.inf, []
        for p in np.argsort(price).tolist():
            if price[p] > best * (1 + EPS) or price[p] == math.inf:
                break
            s, e = start[p], start[p + 1]
            money = budgets[voters[s:e]]
            cost = float(costs[p])
            if uniform:
                found = _price_uniform(cost, money, float(gains[s]), float(price[p]))
            elif money.sum() < cost * (1 - EPS):
                found = None
            else:
                found = _price(cost, money, gains[s:e], float(totals[p]))
            if found is None:
                price[p] = math.inf
                continue
            price[p] = found
            if found < best * (1 - EPS):
                best, tied = found, [p]
            elif found <= best * (1 + EPS):
                tied.append(p)
        if not tied:
            break
        chosen = min(tied, key=tally.order_key.__getitem__)
        who = voters[start[chosen] : start[chosen + 1]]
        money = budgets[who]
        pay = np.minimum(money, price[chosen] * gains[start[chosen] : start[chosen + 1]])
        budgets[who] = money - pay
        run.chosen.append(chosen)
        run.money_when_chosen[chosen] = float(money.sum())
        run.payments[chosen] = pay
        price[chosen] = math.inf
    run.budgets = budgets
    return run


def _exhaustive(costs: list[int], chosen: list[int], candidates: list[int], budget: int) -> bool:
    spent = sum(costs[p] for p in chosen)
    taken = set(chosen)
    return all(spent + costs[p] > budget for p in candidates if p not in taken)


def equal_shares_with_add_one(tally: Tally, cost_utilities: bool) -> MesRun:
    """Equal Shares, then add one unit to every voter's share while the result still fits."""
    budget, n = tally.election.budget, tally.n_voters
    if n == 0:
        return MesRun(per_voter=0.0, budgets=np.zeros(0))
    gains = utilities(tally, cost_utilities)
    costs = [int(c) for c in tally.costs]
    supported = np.diff(tally.start) > 0
    if cost_utilities:
        supported &= tally.costs > 0
    candidates = [p for p in range(len(costs)) if supported[p] and costs[p] > 0]
    totals = tally.per_project(gains)
    previous: MesRun | None = None
    added = 0
    while True:
        run = mes_run(tally, gains, budget / n + added, totals)
        if sum(costs[p] for p in run.chosen) > budget:
            if previous is None:  # cannot happen with exact shares; kept as a guard
                return mes_run(tally, gains, 0.0, totals)
            return previous
        if _exhaustive(costs, run.chosen, candidates, budget):
            return run
        previous = run
        added += 1


@dataclass
class _Why:
    tally: Tally
    run: MesRun
    money_left: FloatArray
    raised: str
    taken: FloatArray


def count_equal_shares(tally: Tally, cost_utilities: bool) -> Outcome:
    rule = "equal-shares" if cost_utilities else "equal-shares-approval"
    budget = tally.election.budget
    run = equal_shares_with_add_one(tally, cost_utilities)
    chosen = list(run.chosen)
    walk = greedy_pass(tally, chosen, budget)
    order = chosen + walk.chosen
    ids = tally.ids
    # Money each voter had left at the end of Equal Shares, summed over each project's backers.
    money_left = (
        tally.per_project(run.budgets[tally.voters]) if tally.n_voters else np.zeros(len(ids))
    )
    share = budget / tally.n_voters if tally.n_voters else 0.0
    raised = ""
    if tally.n_voters and run.per_voter > share * (1 + EPS):
        raised = (
            f" Each voter's share was raised from {money(round(share, 2))} to "
            f"{money(round(run.per_voter, 2))} so that more of the budget is used."
        )
    why = _Why(tally, run, money_left, raised, _money_taken(tally, run))
    rounds = {p: i + 1 for i, p in enumerate(order)}
    in_mes = set(chosen)
    results = []
    for p in range(len(ids)):
        if p in in_mes:
            results.append(_chosen(why, p, rounds[p]))
        elif p in rounds:
            results.append(_completed(why, p, rounds[p]))
        else:
            results.append(_lost(why, p, walk.left_at_turn.get(p)))
    return Outcome(
        rule=rule,
        winners=tuple(ids[p] for p in order),
        spent=budget - walk.left,
        projects=tuple(results),
    )


def _chosen(why: _Why, p: int, round_: int) -> ProjectResult:
    tally = why.tally
    backers = int(tally.supporters[p])
    had = why.run.money_when_chosen.get(p)
    share = float(tally.costs[p]) / had if had else None
    if share is None:
        note = f"Chosen in round {round_}: it costs nothing and has {people(backers)}."
    else:
        note = (
            f"Chosen in round {round_}: its {people(backers)} paid its cost of "
            f"{money(int(tally.costs[p]))} from their equal shares, using {percent(share)} "
            f"of the money they had left." + why.raised
        )
    return project_result(tally, p, round=round_, reason="chosen", note=note, share_needed=share)


def _share_needed(why: _Why, p: int) -> float | None:
    had = float(why.money_left[p])
    if had <= 0:
        return None
    return float(why.tally.costs[p]) / had


def _completed(why: _Why, p: int, round_: int) -> ProjectResult:
    tally = why.tally
    note = (
        f"Chosen in round {round_}, after Equal Shares, by votes: it had "
        f"{votes(int(tally.scores[p]), tally.election.kind)} and its cost of "
        f"{money(int(tally.costs[p]))} fitted in the money left over."
    )
    return project_result(
        tally,
        p,
        round=round_,
        reason="chosen_in_completion",
        note=note,
        share_needed=_share_needed(why, p),
    )


def _money_taken(tally: Tally, run: MesRun) -> FloatArray:
    """taken[p, i]: what the supporters of project p paid for the i-th project Equal Shares chose.

    Spreads each payment over every project on the payer's ballot, all at once.
    """
    bought = [w for w in run.chosen if w in run.payments]
    taken = np.zeros((len(tally.costs), len(bought)))
    if not bought:
        return taken
    payers = np.concatenate([tally.supporters_of(w) for w in bought])
    amounts = np.concatenate([run.payments[w] for w in bought])
    column = np.repeat(np.arange(len(bought)), [run.payments[w].size for w in bought])
    lengths = np.diff(tally.voter_start)[payers]
    first = np.repeat(tally.voter_start[payers] - np.cumsum(lengths) + lengths, lengths)
    entries = tally.by_voter[first + np.arange(int(lengths.sum()))]
    cell = entries * len(bought) + np.repeat(column, lengths)
    weights = np.repeat(amounts, lengths)
    taken[:] = np.bincount(cell, weights=weights, minlength=taken.size).reshape(taken.shape)
    return taken


def _takers(why: _Why, p: int, limit: int = 3) -> tuple[str, ...]:
    """The winners that took the most money from this project's supporters."""
    tally = why.tally
    bought = [w for w in why.run.chosen if w in why.run.payments]
    taken = sorted(
        (-float(why.taken[p, i]), tally.order_key[w], w)
        for i, w in enumerate(bought)
        if why.taken[p, i] > 0
    )
    return tuple(tally.ids[w] for _, _, w in taken[:limit])


def _lost(why: _Why, p: int, left_at_turn: int | None) -> ProjectResult:
    tally = why.tally
    cost = int(tally.costs[p])
    if int(tally.supporters[p]) == 0:
        note = "Not chosen: nobody voted for it"
        if left_at_turn is not None:
            note += f", and only {money(left_at_turn)} was left for its {money(cost)}"
        return project_result(tally, p, round=None, reason="not_chosen", note=note + ".")
    share = _share_needed(why, p)
    beaten = _takers(why, p)
    note = (
        f"Not chosen: its {people(int(tally.supporters[p]))} had "
        f"{money(round(float(why.money_left[p]), 2))} left of their equal shares, "
        f"{'none' if share is None else percent(1 / share)} of its cost of {money(cost)}"
    )
    if beaten:
        note += f"; they had helped to pay for {', '.join(beaten)}"
    if left_at_turn == 0:
        note += ". No money was left after Equal Shares"
    elif left_at_turn is not None:
        note += f". After Equal Shares only {money(left_at_turn)} was left"
    return project_result(
        tally,
        p,
        round=None,
        reason="too_few_supporters",
        note=note + ".",
        beaten_by=beaten,
        share_needed=share,
    )
