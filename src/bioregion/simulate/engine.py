"""The agent-based model of a bioRegion, one year per step, vectorised over agents.

Agents are rows of numpy arrays (kind, place, life, capital, deals) and of a knowledge
matrix (agents x capabilities, SKIN's kene reduced to the capabilities held), stored as
bits in 64-bit words so that overlaps are popcounts of ANDs.
Each year, in this order (every draw from one :class:`numpy.random.Generator`):

1. **scenario events** of the year: levers change, agents arrive, the anchor pharma leaves;
2. **spin-offs**: each university and institute founds Poisson(spinoff_rate x
   spinoff_support x its share of capabilities) firms, each local pharma company
   Poisson(spinout_rate); a new firm takes ``inherit`` of its parent's capabilities and
   starts with ``seed_funding`` (lognormal around it);
3. **grants**: the agencies' ``grant_budget`` in grants of about ``grant_size``, to firms
   drawn in proportion to their capabilities;
4. **venture rounds**: a firm under ``round_trigger`` closes a round with probability
   ``investor_availability`` x logistic(round_base + round_signal x log(1 + deals)); one
   to three investors, regional with probability ``local_investor_share``;
5. **partnering**: each firm makes Poisson(partnering_rate) searches, aimed at pharma,
   academia or firms; pharma companies are drawn with weight (deals + 1) ** attachment
   (x ``pharma_presence`` for the region's own); with probability ``brokerage`` (while a
   cluster organisation is active) a broker proposes the best-matching of
   ``broker_candidates`` regional candidates instead. A match is accepted with probability
   logistic((overlap - threshold) / spread), the overlap being SKIN's conservative
   attractiveness |K_a & K_b| / min(|K_a|, |K_b|) (+ broker_trust when brokered). Firms
   learn ``learning`` of their partner's capabilities; pharma pays an upfront; the
   alliance is about an asset at the stage the firm's programme has reached (one stage
   per ``stage_years`` of the firm's age, discovery to phase 3);
6. **research and costs**: a firm adds a capability with probability research_rate and
   pays ``burn``;
7. **acquisitions**: a firm allied with pharma is bought with probability
   acquisition_rate x (1 - exp(-pharma deals / 2)), by one of its pharma partners (drawn
   in proportion to their deals with it);
8. **exits**: a firm with negative capital closes.

The run's result is the list of agents and the dated ties between them
(:class:`~bioregion.simulate.output.Run`), which become a store's records.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from bioregion.errors import ArgumentError
from bioregion.simulate.draws import (
    at_least_one,
    bernoulli_words,
    capped_poisson,
    held,
    rows,
    uniform_choice,
    weighted_choice,
    words,
)
from bioregion.simulate.params import Levers, Parameters, Population, Scenario, with_levers

# Agent kinds (codes of the arrays) and tie kinds.
NBF, PHARMA, UNIVERSITY, INSTITUTE, INVESTOR, AGENCY, CLUSTER = range(7)
KIND_NAMES = (
    "biotech_firm",
    "pharma",
    "university",
    "research_institute",
    "investor",
    "government",
    "cluster_organisation",
)
SPIN_OFF, GRANT, EQUITY, LICENCE, COLLABORATION, ACQUISITION, MEMBERSHIP = range(7)
TIE_NAMES = (
    "spin_off",
    "grant",
    "equity_investment",
    "licence",
    "rd_collaboration",
    "acquisition",
    "membership",
)
ALLIANCES = (LICENCE, COLLABORATION)
#: Development stages of the asset an alliance is about (codes 0-4; -1: none).
STAGES = ("discovery", "preclinical", "phase1", "phase2", "phase3")
#: End reasons of agents (codes).
ALIVE, ACQUIRED, CLOSED, LEFT = range(4)


@dataclass
class Agents:
    """The agents of a run, as arrays (grown by appending, into buffers with room)."""

    kind: np.ndarray
    local: np.ndarray
    born: np.ndarray
    ended: np.ndarray
    reason: np.ndarray
    parent: np.ndarray
    capital: np.ndarray
    deals: np.ndarray
    knowledge: np.ndarray
    #: cache of :meth:`alive` by kind (cleared whenever agents arrive or end)
    _alive: dict = field(default_factory=dict, repr=False)
    #: the arrays above are views of the first ``len`` rows of these, which have room
    _buffers: dict = field(default_factory=dict, repr=False)

    @classmethod
    def empty(cls, capabilities: int) -> Agents:
        return cls(
            kind=np.empty(0, np.int8),
            local=np.empty(0, bool),
            born=np.empty(0, np.int32),
            ended=np.empty(0, np.int32),
            reason=np.empty(0, np.int8),
            parent=np.empty(0, np.int64),
            capital=np.empty(0, float),
            deals=np.empty(0, np.int64),
            knowledge=np.empty((0, words(capabilities)), np.uint64),
        )

    def __len__(self) -> int:
        return len(self.kind)

    def add(
        self,
        kind: int,
        count: int,
        *,
        local: np.ndarray | bool,
        year: int,
        knowledge: np.ndarray,
        capital: np.ndarray | float = 0.0,
        parent: np.ndarray | int = -1,
    ) -> np.ndarray:
        """Append ``count`` agents (``knowledge``: their packed rows, see
        :func:`bioregion.simulate.draws.pack`); returns their indices."""
        first = len(self)
        grow = {
            "kind": np.full(count, kind, np.int8),
            "local": local.astype(bool) if isinstance(local, np.ndarray) else np.full(count, local),
            "born": np.full(count, year, np.int32),
            "ended": np.full(count, -1, np.int32),
            "reason": np.full(count, ALIVE, np.int8),
            "parent": parent if isinstance(parent, np.ndarray) else np.full(count, parent),
            "capital": capital if isinstance(capital, np.ndarray) else np.full(count, capital),
            "deals": np.zeros(count, np.int64),
        }
        grow["knowledge"] = knowledge
        size = first + count
        for name, values in grow.items():
            buffer = self._buffers.get(name)
            if buffer is None or len(buffer) < size:  # room for more: grow by half at least
                buffer = np.empty((max(size, first * 3 // 2), *values.shape[1:]), values.dtype)
                buffer[:first] = getattr(self, name)
                self._buffers[name] = buffer
            buffer[first:size] = values
            setattr(self, name, buffer[:size])  # a view: the arrays keep their length
        self._alive.clear()
        return np.arange(first, size)

    def alive(self, kind: int | tuple[int, ...] | None = None) -> np.ndarray:
        """Indices of the agents alive (of one kind, or of several); kept until agents
        arrive or end."""
        found = self._alive.get(kind)
        if found is None:
            mask = self.reason == ALIVE
            if isinstance(kind, tuple):
                mask &= np.logical_or.reduce([self.kind == k for k in kind])
            elif kind is not None:
                mask &= self.kind == kind
            found = self._alive[kind] = np.flatnonzero(mask)
            found.flags.writeable = False  # shared by the callers of the year
        return found

    def end(self, which: np.ndarray, year: int, reason: int) -> None:
        self.reason[which] = reason
        self.ended[which] = year
        self._alive.clear()


@dataclass
class TieLog:
    """The ties of a run, appended year by year (kept as given; made into columns once,
    at the end of the run)."""

    parts: list[tuple] = field(default_factory=list)

    def add(
        self,
        kind: np.ndarray | int,
        source: np.ndarray,
        target: np.ndarray,
        year: int,
        amount: np.ndarray | float = np.nan,
        brokered: np.ndarray | bool = False,
        stage: np.ndarray | int = -1,
    ) -> None:
        if len(source):
            self.parts.append((kind, source, target, year, amount, brokered, stage))

    def arrays(self) -> dict[str, np.ndarray]:
        names = ("kind", "source", "target", "year", "amount", "brokered", "stage")
        types = (np.int8, np.int64, np.int64, np.int32, float, bool, np.int8)
        if not self.parts:
            return {n: np.empty(0, t) for n, t in zip(names, types, strict=True)}
        sizes = [len(part[1]) for part in self.parts]
        columns = {}
        for i, (name, kind) in enumerate(zip(names, types, strict=True)):
            values = [part[i] for part in self.parts]
            if not any(isinstance(v, np.ndarray) for v in values):
                columns[name] = np.repeat(np.asarray(values, kind), sizes)
            else:
                columns[name] = np.concatenate(
                    [
                        v.astype(kind, copy=False)
                        if isinstance(v, np.ndarray)
                        else np.full(n, v, kind)
                        for v, n in zip(values, sizes, strict=True)
                    ]
                )
        return columns


@dataclass
class World:
    """Everything a run carries from year to year."""

    rng: np.random.Generator
    params: Parameters
    levers: Levers
    agents: Agents
    ties: TieLog
    #: each firm's alliances so far with pharma companies still present
    pharma_deals: np.ndarray = field(default_factory=lambda: np.empty(0, np.int64))
    #: every firm-pharma alliance so far (firm, pharma): one part per year
    alliance_log: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)
    #: firms that are members of a cluster organisation
    members: set[int] = field(default_factory=set)

    def record_pharma_alliances(self, firms: np.ndarray, pharma: np.ndarray) -> None:
        """Count this year's firm-pharma alliances (per firm, and in the log)."""
        if len(firms):
            self.deals_with_pharma(firms)  # sized to the agents
            np.add.at(self.pharma_deals, firms, 1)
            self.alliance_log.append((firms, pharma))

    def deals_with_pharma(self, firms: np.ndarray) -> np.ndarray:
        """The alliances of ``firms`` so far with pharma companies still present."""
        n = len(self.agents)
        if len(self.pharma_deals) < n:
            grown = np.zeros(n, np.int64)
            grown[: len(self.pharma_deals)] = self.pharma_deals
            self.pharma_deals = grown
        return self.pharma_deals[firms]

    def pharma_alliances(self) -> tuple[np.ndarray, np.ndarray]:
        """Every firm-pharma alliance so far: firms and pharma companies (one row each)."""
        if len(self.alliance_log) > 1:
            firms, pharma = (np.concatenate(c) for c in zip(*self.alliance_log, strict=True))
            self.alliance_log = [(firms, pharma)]
        if not self.alliance_log:
            return np.empty(0, np.int64), np.empty(0, np.int64)
        return self.alliance_log[0]

    def pharma_left(self, pharma: int) -> None:
        """A pharma company leaves: its alliances no longer count for the firms."""
        firms, partner = self.pharma_alliances()
        gone = firms[partner == pharma]
        if len(gone):
            self.deals_with_pharma(gone)
            self.pharma_deals -= np.bincount(gone, minlength=len(self.pharma_deals))


def _knowledge(rng: np.random.Generator, count: int, k: int, share: float) -> np.ndarray:
    """``count`` packed knowledge rows holding each capability with probability ``share``
    (at least one capability each)."""
    return at_least_one(rng, bernoulli_words(rng, count, k, share), k)


def populate(
    rng: np.random.Generator, params: Parameters, population: Population, year: int
) -> Agents:
    """The agents a run starts with."""
    k = params.capabilities
    agents = Agents.empty(k)
    share = population.knowledge
    groups = [
        (PHARMA, population.pharma_global, False, share["pharma"]),
        (PHARMA, population.pharma_local, True, share["pharma"]),
        (UNIVERSITY, population.universities, True, share["academic"]),
        (INSTITUTE, population.institutes, True, share["academic"]),
        (INVESTOR, population.investors_local, True, 0.0),
        (INVESTOR, population.investors_global, False, 0.0),
        (AGENCY, population.agencies, True, 0.0),
        (CLUSTER, population.clusters, True, 0.0),
    ]
    for kind, count, local, chance in groups:
        agents.add(kind, count, local=local, year=year, knowledge=_knowledge(rng, count, k, chance))
    firms = population.firms
    agents.add(
        NBF,
        firms,
        local=True,
        year=year,
        knowledge=_knowledge(rng, firms, k, share["nbf"]),
        capital=np.full(firms, 5.0),
    )
    return agents


def add_agents(world: World, what: str, count: int, year: int) -> None:
    """Agents a scenario adds (see :data:`bioregion.simulate.params.ADDABLE`)."""
    kinds = {
        "institutes": (INSTITUTE, 0.5),
        "universities": (UNIVERSITY, 0.5),
        "clusters": (CLUSTER, 0.0),
        "investors_local": (INVESTOR, 0.0),
        "pharma_local": (PHARMA, 0.35),
    }
    kind, share = kinds[what]
    k = world.params.capabilities
    world.agents.add(
        kind, count, local=True, year=year, knowledge=_knowledge(world.rng, count, k, share)
    )


def remove_anchor(world: World, year: int) -> None:
    """The pharma company with the most alliances with the region's firms leaves
    (no more deals; its ties stay in the record)."""
    pharma = world.agents.alive(PHARMA)
    if not len(pharma):
        return
    anchor = pharma[np.argmax(world.agents.deals[pharma])]  # a pharma's deals are all with firms
    world.agents.end(np.array([anchor]), year, LEFT)
    world.pharma_left(int(anchor))


def spin_offs(world: World, year: int) -> None:
    rng, p, agents = world.rng, world.params, world.agents
    academic = agents.alive((UNIVERSITY, INSTITUTE))
    share = held(rows(agents.knowledge, academic)) / p.capabilities
    rates = p.spinoff_rate * world.levers.spinoff_support * share
    pharma = agents.alive(PHARMA)
    local_pharma = pharma[agents.local[pharma]]
    parents = np.concatenate([academic, local_pharma])
    rates = np.concatenate([rates, np.full(len(local_pharma), p.spinout_rate)])
    counts = rng.poisson(rates)
    born = np.repeat(parents, counts)
    n = len(born)
    if n == 0:
        return
    k = p.capabilities
    taken = rows(agents.knowledge, born) & bernoulli_words(rng, n, k, p.inherit)
    taken |= bernoulli_words(rng, n, k, 0.02)
    at_least_one(rng, taken, k)
    capital = world.levers.seed_funding * rng.lognormal(0.0, 0.5, n)
    firms = agents.add(NBF, n, local=True, year=year, knowledge=taken, capital=capital, parent=born)
    world.ties.add(SPIN_OFF, born, firms, year)


def grants(world: World, year: int) -> None:
    rng, p, agents = world.rng, world.params, world.agents
    agencies = agents.alive(AGENCY)
    firms = agents.alive(NBF)
    if not len(agencies) or not len(firms) or world.levers.grant_budget <= 0:
        return
    count = rng.poisson(world.levers.grant_budget / p.grant_size)
    if count == 0:
        return
    weight = held(rows(agents.knowledge, firms)).astype(float)
    chosen = weighted_choice(rng, firms, weight, count)
    amount = p.grant_size * rng.lognormal(0.0, 0.3, count)
    agents.capital += np.bincount(chosen, weights=amount, minlength=len(agents))
    world.ties.add(GRANT, uniform_choice(rng, agencies, count), chosen, year, amount)


def rounds(world: World, year: int) -> None:
    rng, p, agents = world.rng, world.params, world.agents
    firms = agents.alive(NBF)
    seeking = firms[agents.capital[firms] < p.round_trigger]
    investors = agents.alive(INVESTOR)
    if not len(seeking) or not len(investors):
        return
    logit = p.round_base + p.round_signal * np.log1p(agents.deals[seeking])
    chance = np.clip(world.levers.investor_availability / (1.0 + np.exp(-logit)), 0.0, 1.0)
    closed = seeking[rng.random(len(seeking)) < chance]
    if not len(closed):
        return
    size = p.round_size * rng.lognormal(0.0, 0.8, len(closed))
    agents.capital[closed] += size
    syndicate = 1 + rng.binomial(2, 0.5, len(closed))
    firm = np.repeat(closed, syndicate)
    total = np.repeat(size, syndicate)
    local = investors[agents.local[investors]]
    foreign = investors[~agents.local[investors]]
    want_local = rng.random(len(firm)) < p.local_investor_share
    want_local = np.where(len(local) == 0, False, np.where(len(foreign) == 0, True, want_local))
    chosen = np.empty(len(firm), np.int64)
    if len(local):
        chosen[want_local] = uniform_choice(rng, local, int(want_local.sum()))
    if len(foreign):
        chosen[~want_local] = uniform_choice(rng, foreign, int((~want_local).sum()))
    world.ties.add(EQUITY, chosen, firm, year, total)


def _pick_pharma(world: World, count: int) -> np.ndarray:
    """``count`` pharma partners drawn with weight (deals + 1) ** attachment (x
    pharma_presence for the region's own), in no particular order (-1: no pharma)."""
    agents, p = world.agents, world.params
    pharma = agents.alive(PHARMA)
    if not len(pharma) or count == 0:
        return np.full(count, -1, np.int64)
    weight = (agents.deals[pharma] + 1.0) ** p.attachment
    weight = weight * np.where(agents.local[pharma], world.levers.pharma_presence, 1.0)
    if weight.sum() <= 0:
        return np.full(count, -1, np.int64)
    return weighted_choice(world.rng, pharma, weight, count, shuffled=False)


def _overlap(knowledge: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """SKIN's conservative attractiveness of each pair (a[i], b[i])."""
    ka, kb = rows(knowledge, a), rows(knowledge, b)
    shared = held(ka & kb)
    smaller = np.minimum(held(ka), held(kb))
    return shared / np.maximum(smaller, 1)


def _candidates(world: World, firms: np.ndarray) -> np.ndarray:
    """One proposed partner per search (-1: nobody of the wanted kind).

    Each search aims at pharma, academia or another firm with the parameters' shares.
    Drawn as the multinomial numbers of searches of each aim, the partners of each aim,
    then one random arrangement over the searches: the same law as an aim and a partner
    drawn search by search, with a few array operations instead of one per aim."""
    rng, p, agents = world.rng, world.params, world.agents
    n = len(firms)
    shares = [p.pharma_share, p.academic_share, max(1.0 - p.pharma_share - p.academic_share, 0)]
    aims = rng.multinomial(n, np.array(shares) / sum(shares))
    academic = agents.alive((UNIVERSITY, INSTITUTE))
    others = agents.alive(NBF)
    parts = [
        _pick_pharma(world, int(aims[0])),
        uniform_choice(rng, academic, aims[1]) if len(academic) else np.full(aims[1], -1, np.int64),
        uniform_choice(rng, others, aims[2]) if len(others) > 1 else np.full(aims[2], -1, np.int64),
    ]
    partner = np.concatenate(parts)
    rng.shuffle(partner)
    partner[partner == firms] = -1
    return partner


def _brokered(world: World, firms: np.ndarray) -> np.ndarray:
    """For brokered searches: the best-matching of a few regional candidates."""
    rng, p, agents = world.rng, world.params, world.agents
    alive = agents.alive()
    regional = alive[
        agents.local[alive] & np.isin(agents.kind[alive], (NBF, PHARMA, UNIVERSITY, INSTITUTE))
    ]
    if len(regional) < 2:
        return np.full(len(firms), -1, np.int64)
    c = p.broker_candidates
    offered = rng.choice(regional, size=(len(firms), c))
    score = _overlap(agents.knowledge, np.repeat(firms, c), offered.ravel()).reshape(len(firms), c)
    score[offered == firms[:, None]] = -1.0
    return offered[np.arange(len(firms)), np.argmax(score, axis=1)]


def partnering(world: World, year: int) -> None:
    rng, p, agents, levers = world.rng, world.params, world.agents, world.levers
    firms = agents.alive(NBF)
    searches = np.repeat(firms, capped_poisson(rng, p.partnering_rate, p.max_searches, len(firms)))
    if not len(searches):
        return
    partner = _candidates(world, searches)
    brokers = agents.alive(CLUSTER)
    brokered = np.zeros(len(searches), bool)
    if len(brokers) and levers.brokerage > 0:
        brokered = rng.random(len(searches)) < levers.brokerage
        partner[brokered] = _brokered(world, searches[brokered])
    keep = np.flatnonzero(partner >= 0)
    searches, partner, brokered = searches[keep], partner[keep], brokered[keep]
    score = _overlap(agents.knowledge, searches, partner) + p.broker_trust * brokered
    chance = 1.0 / (1.0 + np.exp(-(score - p.threshold) / p.spread))
    accepted = np.flatnonzero(rng.random(len(searches)) < chance)
    firm, other, via = searches[accepted], partner[accepted], brokered[accepted]
    if not len(firm):
        return
    _ally(world, year, firm, other, via)
    if len(brokers) and via.any():
        _join(world, year, firm[via], brokers)


def _ally(world: World, year: int, firm: np.ndarray, other: np.ndarray, via: np.ndarray) -> None:
    """The alliances agreed this year: kinds, payments, learning, counts."""
    rng, p, agents = world.rng, world.params, world.agents
    other_kind = agents.kind[other]
    with_pharma = other_kind == PHARMA
    licence = rng.random(len(firm)) < np.where(with_pharma, p.licence_share, 0.3)
    licence &= other_kind != NBF
    kind = np.where(licence, LICENCE, COLLABORATION)
    # direction: the firm licenses out to pharma; academia licenses to the firm
    inbound = licence & ~with_pharma
    source = np.where(inbound, other, firm)
    target = np.where(inbound, firm, other)
    paid = np.flatnonzero(with_pharma)
    upfront = np.full(len(firm), np.nan)
    upfront[paid] = p.upfront * rng.lognormal(0.0, 1.0, len(paid))
    n = len(agents)
    np.add.at(agents.capital, firm[paid], upfront[paid])
    # the stage of the firm's programme: one stage per `stage_years` of its age (no draw:
    # the stage labels the alliance and changes no outcome)
    age = year - agents.born[firm]
    stage = np.minimum(age // p.stage_years, len(STAGES) - 1).astype(np.int8)  # age >= 0
    world.ties.add(kind, source, target, year, upfront, via, stage)
    # each of the partner's capabilities learnt with probability `learning`
    chance = bernoulli_words(rng, len(firm), p.capabilities, p.learning)
    # a firm with several alliances this year learns from each (unbuffered OR)
    np.bitwise_or.at(agents.knowledge, firm, rows(agents.knowledge, other) & chance)
    agents.deals += np.bincount(np.concatenate([firm, other]), minlength=n)
    world.record_pharma_alliances(firm[with_pharma], other[with_pharma])


def _join(world: World, year: int, firms: np.ndarray, brokers: np.ndarray) -> None:
    """A firm's first brokered alliance makes it a member of a cluster organisation."""
    new = np.setdiff1d(firms, np.fromiter(world.members, np.int64, len(world.members)))
    if len(new):
        world.members.update(new.tolist())
        world.ties.add(MEMBERSHIP, uniform_choice(world.rng, brokers, len(new)), new, year)


def research_and_costs(world: World, year: int) -> None:
    rng, p, agents = world.rng, world.params, world.agents
    firms = agents.alive(NBF)
    found = firms[rng.random(len(firms)) < p.research_rate]
    new = rng.integers(0, p.capabilities, len(found))
    agents.knowledge[found, new // 64] |= np.left_shift(np.uint64(1), (new % 64).astype(np.uint64))
    agents.capital[firms] -= p.burn


def acquisitions(world: World, year: int) -> None:
    rng, p, agents = world.rng, world.params, world.agents
    firms = agents.alive(NBF)
    deals = world.deals_with_pharma(firms)
    allied_firms, deals = firms[deals > 0], deals[deals > 0]
    hazard = p.acquisition_rate * (1.0 - np.exp(-deals / 2.0))
    target = allied_firms[rng.random(len(allied_firms)) < hazard]
    if not len(target):
        return
    # acquirer: one of the firm's pharma partners still present, in proportion to their
    # alliances with it: the partner of one of its alliances, drawn uniformly
    allied, partner = world.pharma_alliances()
    bought = np.zeros(len(agents), bool)
    bought[target] = True
    entries = np.flatnonzero(bought[allied] & (agents.reason[partner] == ALIVE))
    picked = entries[np.lexsort((rng.random(len(entries)), allied[entries]))]
    last = np.concatenate([allied[picked][1:] != allied[picked][:-1], [True]])
    buyer, target = partner[picked[last]], allied[picked[last]]
    world.ties.add(ACQUISITION, buyer, target, year)
    agents.end(target, year, ACQUIRED)


def exits(world: World, year: int) -> None:
    agents = world.agents
    firms = agents.alive(NBF)
    broke = firms[agents.capital[firms] < 0]
    agents.end(broke, year, CLOSED)


def generator(seed: int | np.random.Generator | np.random.SeedSequence) -> np.random.Generator:
    """The run's one random generator: numpy's SFC64 bit generator (a small, fast chaotic
    generator; about 1.3 times PCG64's speed for the raw 64-bit words the knowledge draws
    use, measured here),
    seeded through a :class:`numpy.random.SeedSequence`; a generator given is used as is."""
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.Generator(np.random.SFC64(seed))


def run_years(
    population: Population,
    params: Parameters,
    levers: Levers,
    start: int,
    end: int,
    *,
    seed: int | np.random.Generator | np.random.SeedSequence,
    scenario: Scenario | None = None,
) -> World:
    """Run the model from ``start`` to ``end`` (years, inclusive)."""
    if end < start:
        raise ArgumentError(f"the run ends ({end}) before it starts ({start})")
    rng = generator(seed)
    world = World(rng, params, levers, populate(rng, params, population, start), TieLog())
    events = {}
    for event in scenario.events if scenario else ():
        events.setdefault(event.year, []).append(event)
    for year in range(start, end + 1):
        for event in events.get(year, []):
            world.levers = with_levers(world.levers, event.levers)
            scaled = {k: getattr(world.levers, k) * v for k, v in event.scale.items()}
            world.levers = with_levers(world.levers, scaled)
            for what, count in event.add.items():
                add_agents(world, what, count, year)
            if event.remove_anchor:
                remove_anchor(world, year)
        for step in (
            spin_offs,
            grants,
            rounds,
            partnering,
            research_and_costs,
            acquisitions,
            exits,
        ):
            step(world, year)
    return world
