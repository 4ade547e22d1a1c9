"""The model of :mod:`bioregion.simulate.engine`, written the straightforward way on Mesa:
one object per agent, a Python loop over agents in every step, Python sets for knowledge.

Same rules, parameters and order of steps as the vectorised engine (read its docstring);
only the random streams differ, so the two agree in distribution, not run by run
(``tests/simulate/test_mesa_peer.py`` tests that on the summary statistics). It is the
benchmark peer of ``benchmarks/simulate_bench.py`` and written for that alone: no
scenarios (levers fixed for the run).
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from bioregion.simulate.engine import (
    ACQUIRED,
    ACQUISITION,
    AGENCY,
    ALIVE,
    CLOSED,
    COLLABORATION,
    EQUITY,
    GRANT,
    INSTITUTE,
    INVESTOR,
    LICENCE,
    NBF,
    PHARMA,
    SPIN_OFF,
    UNIVERSITY,
)
from bioregion.simulate.output import Run
from bioregion.simulate.params import Levers, Parameters, Population


class Org(mesa.Agent):
    """One organisation."""

    def __init__(
        self, model: SkinModel, kind: int, local: bool, knowledge: set[int], capital=0.0, parent=-1
    ):
        super().__init__(model)
        self.index = len(model.orgs)
        model.orgs.append(self)
        self.kind, self.local, self.knowledge = kind, local, knowledge
        self.capital, self.parent, self.deals = capital, parent, 0
        self.born, self.ended, self.reason = model.year, -1, ALIVE
        self.pharma_partners: dict[int, int] = {}
        model.by_kind = None

    @property
    def alive(self) -> bool:
        return self.reason == ALIVE

    def end(self, reason: int) -> None:
        self.reason, self.ended = reason, self.model.year
        self.model.by_kind = None

    # -- steps of a firm ------------------------------------------------------
    def seek_round(self) -> None:
        m, p = self.model, self.model.params
        if self.capital >= p.round_trigger or not m.of_kind(INVESTOR):
            return
        logit = p.round_base + p.round_signal * math.log1p(self.deals)
        chance = min(1.0, max(0.0, m.levers.investor_availability / (1.0 + math.exp(-logit))))
        if m.rng.random() >= chance:
            return
        size = p.round_size * m.rng.lognormal(0.0, 0.8)
        self.capital += size
        local, foreign = m.investors
        for _ in range(1 + m.rng.binomial(2, 0.5)):
            want_local = m.rng.random() < p.local_investor_share
            pool = local if (want_local and local) or not foreign else foreign
            m.tie(EQUITY, pool[m.rng.integers(len(pool))], self, size)

    def search(self) -> None:
        m, p = self.model, self.model.params
        for _ in range(min(m.rng.poisson(p.partnering_rate), p.max_searches)):
            partner = m.propose(self)
            if partner is None or partner is self:
                continue
            shared = len(self.knowledge & partner.knowledge)
            score = shared / max(min(len(self.knowledge), len(partner.knowledge)), 1)
            if m.rng.random() < 1.0 / (1.0 + math.exp(-(score - p.threshold) / p.spread)):
                m.ally(self, partner)

    def research_and_pay(self) -> None:
        m, p = self.model, self.model.params
        if m.rng.random() < p.research_rate:
            self.knowledge.add(int(m.rng.integers(p.capabilities)))
        self.capital -= p.burn


class SkinModel(mesa.Model):
    """The region, stepped one year at a time."""

    def __init__(
        self, population: Population, params: Parameters, levers: Levers, start: int, seed: int
    ):
        super().__init__(seed=seed)
        self.params, self.levers, self.year = params, levers, start
        self.rng = np.random.default_rng(seed)
        self.orgs: list[Org] = []
        self.by_kind: dict[int, list[Org]] | None = (
            None  # live agents by kind, kept until one is born or ends
        )
        self.ties: list[tuple[int, int, int, int, float]] = []
        share = population.knowledge
        for kind, count, local, held in (
            (PHARMA, population.pharma_global, False, share["pharma"]),
            (PHARMA, population.pharma_local, True, share["pharma"]),
            (UNIVERSITY, population.universities, True, share["academic"]),
            (INSTITUTE, population.institutes, True, share["academic"]),
            (INVESTOR, population.investors_local, True, 0.0),
            (INVESTOR, population.investors_global, False, 0.0),
            (AGENCY, population.agencies, True, 0.0),
        ):
            for _ in range(count):
                Org(self, kind, local, self.random_knowledge(held))
        for _ in range(population.firms):
            Org(self, NBF, True, self.random_knowledge(share["nbf"]), capital=5.0)

    def random_knowledge(self, share: float) -> set[int]:
        # one vector of draws per agent, not one scalar draw per capability
        held = set(np.flatnonzero(self.rng.random(self.params.capabilities) < share).tolist())
        return held or {int(self.rng.integers(self.params.capabilities))}

    def of_kind(self, kind: int) -> list[Org]:
        if self.by_kind is None:
            self.by_kind = {}
            for o in self.orgs:
                if o.alive:
                    self.by_kind.setdefault(o.kind, []).append(o)
        return self.by_kind.get(kind, [])

    def tie(self, kind: int, source: Org, target: Org, amount: float = math.nan) -> None:
        self.ties.append((kind, source.index, target.index, self.year, amount))

    def propose(self, firm: Org) -> Org | None:
        p = self.params
        aim = self.rng.random()
        if aim < p.pharma_share:
            pharma, cumulative = self.pharma_weights
            if not pharma or cumulative[-1] <= 0:
                return None
            # the year's cumulative weights, searched (as numpy's choice does, without
            # rebuilding them for every search)
            at = int(np.searchsorted(cumulative, self.rng.random() * cumulative[-1], "right"))
            return pharma[min(at, len(pharma) - 1)]
        if aim < p.pharma_share + p.academic_share:
            academic = self.of_kind(UNIVERSITY) + self.of_kind(INSTITUTE)
            return academic[self.rng.integers(len(academic))] if academic else None
        firms = self.of_kind(NBF)
        return firms[self.rng.integers(len(firms))] if len(firms) > 1 else None

    def ally(self, firm: Org, other: Org) -> None:
        p = self.params
        with_pharma = other.kind == PHARMA
        licence = other.kind != NBF and self.rng.random() < (
            p.licence_share if with_pharma else 0.3
        )
        upfront = p.upfront * self.rng.lognormal(0.0, 1.0) if with_pharma else math.nan
        if licence and not with_pharma:
            self.tie(LICENCE, other, firm, upfront)
        else:
            self.tie(LICENCE if licence else COLLABORATION, firm, other, upfront)
        if with_pharma:
            firm.capital += upfront
            firm.pharma_partners[other.index] = firm.pharma_partners.get(other.index, 0) + 1
        theirs = list(other.knowledge)
        learnt = self.rng.random(len(theirs)) < p.learning  # one draw per capability
        firm.knowledge.update(c for c, keep in zip(theirs, learnt, strict=True) if keep)
        firm.deals += 1
        other.deals += 1

    def step(self) -> None:
        p, levers = self.params, self.levers
        # spin-offs
        for parent in (
            self.of_kind(UNIVERSITY)
            + self.of_kind(INSTITUTE)
            + [o for o in self.of_kind(PHARMA) if o.local]
        ):
            if parent.kind == PHARMA:
                rate = p.spinout_rate
            else:
                rate = (
                    p.spinoff_rate * levers.spinoff_support * len(parent.knowledge) / p.capabilities
                )
            for _ in range(self.rng.poisson(rate)):
                theirs = list(parent.knowledge)
                keep = self.rng.random(len(theirs)) < p.inherit
                taken = {c for c, k in zip(theirs, keep, strict=True) if k}
                taken |= set(np.flatnonzero(self.rng.random(p.capabilities) < 0.02).tolist())
                taken = taken or {int(self.rng.integers(p.capabilities))}
                seed = levers.seed_funding * self.rng.lognormal(0.0, 0.5)
                child = Org(self, NBF, True, taken, capital=seed, parent=parent.index)
                self.tie(SPIN_OFF, parent, child)
        # grants
        agencies, firms = self.of_kind(AGENCY), self.of_kind(NBF)
        if agencies and firms and levers.grant_budget > 0:
            weights = np.array([len(f.knowledge) for f in firms], float)
            for _ in range(self.rng.poisson(levers.grant_budget / p.grant_size)):
                firm = firms[self.rng.choice(len(firms), p=weights / weights.sum())]
                amount = p.grant_size * self.rng.lognormal(0.0, 0.3)
                firm.capital += amount
                self.tie(GRANT, agencies[self.rng.integers(len(agencies))], firm, amount)
        investors = self.of_kind(INVESTOR)
        self.investors = ([o for o in investors if o.local], [o for o in investors if not o.local])
        for firm in list(self.of_kind(NBF)):
            firm.seek_round()
        # partners are chosen by the deals counted at the start of the year (as the engine)
        pharma = self.of_kind(PHARMA)
        weights = [
            (o.deals + 1.0) ** p.attachment * (levers.pharma_presence if o.local else 1.0)
            for o in pharma
        ]
        self.pharma_weights = (pharma, np.cumsum(weights) if weights else np.zeros(1))
        for firm in list(self.of_kind(NBF)):
            firm.search()
        for firm in list(self.of_kind(NBF)):
            firm.research_and_pay()
        # acquisitions
        for firm in list(self.of_kind(NBF)):
            partners = {k: v for k, v in firm.pharma_partners.items() if self.orgs[k].alive}
            if not partners:
                continue
            hazard = p.acquisition_rate * (1.0 - math.exp(-sum(partners.values()) / 2.0))
            if self.rng.random() < hazard:
                ids, counts = list(partners), np.array(list(partners.values()), float)
                buyer = self.orgs[ids[self.rng.choice(len(ids), p=counts / counts.sum())]]
                self.tie(ACQUISITION, buyer, firm)
                firm.end(ACQUIRED)
        for firm in list(self.of_kind(NBF)):
            if firm.capital < 0:
                firm.end(CLOSED)
        self.year += 1


def run_mesa(
    population: Population, start: int, end: int, seed: int, params=None, levers=None
) -> Run:
    """A run of the Mesa model, as a :class:`~bioregion.simulate.output.Run`."""
    params, levers = params or Parameters(), levers or Levers()
    model = SkinModel(population, params, levers, start, seed)
    for _ in range(start, end + 1):
        model.step()
    orgs = model.orgs
    agents = {
        "kind": np.array([o.kind for o in orgs], np.int8),
        "local": np.array([o.local for o in orgs], bool),
        "born": np.array([o.born for o in orgs], np.int32),
        "ended": np.array([o.ended for o in orgs], np.int32),
        "reason": np.array([o.reason for o in orgs], np.int8),
        "parent": np.array([o.parent for o in orgs], np.int64),
        "capital": np.array([o.capital for o in orgs], float),
        "deals": np.array([o.deals for o in orgs], np.int64),
    }
    t = np.array(model.ties, float).reshape(-1, 5)
    ties = {
        "kind": t[:, 0].astype(np.int8),
        "source": t[:, 1].astype(np.int64),
        "target": t[:, 2].astype(np.int64),
        "year": t[:, 3].astype(np.int32),
        "amount": t[:, 4],
        "brokered": np.zeros(len(t), bool),
        "stage": np.full(len(t), -1, np.int8),  # not drawn here: stages change no outcome
    }
    return Run(population, params, levers, None, start, end, seed, agents, ties)


def agent_steps(run: Run) -> int:
    """Agent-years of a run: each agent counts once per year it was alive in."""
    a = run.agents
    last = np.where(a["ended"] >= 0, a["ended"], run.end)
    return int(np.maximum(last - np.maximum(a["born"], run.start) + 1, 0).sum())
