"""A seeded generator of realistic synthetic alliance networks, from tens to millions of ties.

The network grows year by year over a period. Actors of the kinds of a red-biotech
bioRegion (new biotechnology firms about half of them, pharma about a tenth, universities,
research institutes, hospitals, investors, government) are located in a few NUTS-3 areas of
Flanders, Wallonia and Brussels or abroad; most established organisations exist before the
period, firms and investors enter during it at a rising rate, and some firms end (acquired
or closed). Each year adds ties at a rising rate:

* a tie's kind and the kinds of its two actors come from a table of typical pairs
  (:data:`TIE_TEMPLATES`: a biotech firm licenses to pharma, an investor takes equity in a
  firm, a university spins off a firm in the year it is founded, ...), with the direction
  conventions of :data:`bioregion.model.vocab.TIE_DIRECTION`;
* each actor is chosen among the actors of its kind that exist that year with probability
  proportional to ``degree + attachment`` (preferential attachment on the ties made so
  far; ``attachment=numpy.inf`` gives uniform choice);
* with probability ``regional_share`` the second actor is chosen in the first actor's
  area (a Belgian region, or the same country abroad), otherwise outside it, so that
  about that share of ties stays within an area;
* start days fall in the year's quarter the tie is made in; ``end_share`` of ties get an
  end one to eight years later; about a third of the deals carry a value;
* with ``tags=True`` actors carry the tags of the shipped datasets that the report reads
  (:data:`TAG_SHARES`): every biotech firm ``nbf`` and a sector (``red_biotech`` or
  ``green_biotech``), some pharma ``large_pharma``; without it only ``synthetic``.

Everything is drawn from one :class:`numpy.random.Generator` seeded by ``seed``; ties
are made in quarterly batches with vectorised draws on cumulative weights, so a million
ties take seconds.

>>> actors, ties = generate(200, seed=1)
>>> len(ties), ties["start"].dt.year.between(1987, 2025).all()
(200, np.True_)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bioregion.model.columns import object_frame
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Source, Tie
from bioregion.model.vocab import SYMMETRIC_TIE_KINDS

#: Actor kind -> (share of actors, share founded before the period, id prefix, share in
#: Belgium).
ACTOR_KINDS: dict[str, tuple[float, float, str, float]] = {
    "biotech_firm": (0.50, 0.08, "nbf", 0.45),
    "pharma": (0.10, 0.85, "pharma", 0.12),
    "university": (0.08, 0.95, "univ", 0.40),
    "research_institute": (0.07, 0.60, "inst", 0.45),
    "hospital": (0.05, 0.95, "hosp", 0.50),
    "investor": (0.15, 0.30, "inv", 0.40),
    "government": (0.05, 0.95, "gov", 0.50),
}
#: Area -> (country, share of actors located there, NUTS-3 codes). The first three are the
#: Belgian regions (shares within Belgium), the rest abroad (shares within abroad).
AREAS: dict[str, tuple[str, float, tuple[str, ...]]] = {
    "flanders": ("BE", 0.55, ("BE211", "BE212", "BE234", "BE242", "BE241")),
    "wallonia": ("BE", 0.30, ("BE310", "BE332", "BE352", "BE323")),
    "brussels": ("BE", 0.15, ("BE100",)),
    "US": ("US", 0.36, ()),
    "DE": ("DE", 0.12, ("DE212", "DE300", "DE600")),
    "FR": ("FR", 0.12, ("FR101", "FR105")),
    "NL": ("NL", 0.10, ("NL329", "NL33C", "NL310")),
    "CH": ("CH", 0.10, ("CH031", "CH040")),
    "GB": ("GB", 0.12, ("UKI31",)),
    "JP": ("JP", 0.08, ()),
}
_BELGIAN = 3
#: With ``tags=True``: the share of biotech firms tagged ``red_biotech`` (the others
#: ``green_biotech``; all are tagged ``nbf``) and of pharma tagged ``large_pharma``.
TAG_SHARES = {"red_biotech": 0.8, "large_pharma": 0.35}


def _region_keys(nuts: np.ndarray) -> np.ndarray:
    """The ``region`` column of actor frames: the key of each code's NUTS-1 region."""
    from bioregion.regions import region_of

    codes, inverse = np.unique(np.asarray(nuts, dtype=str), return_inverse=True)
    keys = []
    for code in codes:
        region = region_of(code) if code else None
        keys.append(region.key if region is not None else "")
    return np.array(keys, dtype=object)[inverse]


_NEVER = 10_000  # the 'ended' year of actors that do not end
#: (first actor kind, second actor kind, tie kind, relative frequency); the first actor is
#: the tie's source. Spin-offs are made separately, when a firm is founded.
TIE_TEMPLATES: tuple[tuple[str, str, str, float], ...] = (
    ("biotech_firm", "pharma", "licence", 14),
    ("biotech_firm", "pharma", "option", 5),
    ("pharma", "biotech_firm", "co_development", 5),
    ("pharma", "biotech_firm", "rd_collaboration", 8),
    ("pharma", "biotech_firm", "acquisition", 2),
    ("pharma", "biotech_firm", "equity_investment", 2),
    ("university", "biotech_firm", "licence", 5),
    ("university", "biotech_firm", "rd_collaboration", 7),
    ("research_institute", "biotech_firm", "rd_collaboration", 5),
    ("research_institute", "biotech_firm", "licence", 3),
    ("university", "pharma", "rd_collaboration", 4),
    ("university", "research_institute", "rd_collaboration", 4),
    ("hospital", "biotech_firm", "service", 3),
    ("investor", "biotech_firm", "equity_investment", 14),
    ("government", "biotech_firm", "grant", 5),
    ("government", "university", "funding", 2),
    ("government", "research_institute", "grant", 2),
    ("biotech_firm", "biotech_firm", "rd_collaboration", 5),
    ("biotech_firm", "biotech_firm", "licence", 3),
    ("pharma", "pharma", "co_commercialisation", 2),
)
#: Share of the firms founded in the period that are spin-offs of a university (70%) or a
#: research institute (30%): a ``spin_off`` tie from the parent starting in the founding year.
SPIN_OFF_SHARE = 0.3
_DEAL_KINDS = ("licence", "option", "co_development", "equity_investment", "acquisition", "grant")
_STAGES = ("discovery", "preclinical", "phase1", "phase2", "phase3", "registration", "marketed")
_STAGE_P = (0.3, 0.3, 0.15, 0.13, 0.08, 0.02, 0.02)
_KINDS = tuple(ACTOR_KINDS)
_AREA_NAMES = tuple(AREAS)
#: The URL the synthetic records cite as their source.
SOURCE_URL = "https://github.com/bioregion/bioregion"


def _check(name: str, value: float, low: float, high: float) -> None:
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r} must lie between {low} and {high}")


def generate(
    n_ties: int,
    *,
    seed: int | np.random.Generator,
    start_year: int = 1987,
    end_year: int = 2025,
    n_actors: int | None = None,
    attachment: float = 1.0,
    regional_share: float = 0.35,
    end_share: float = 0.4,
    tie_growth: float = 0.08,
    entry_growth: float = 0.04,
    tags: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A synthetic alliance network: an actors frame and a ties frame.

    Parameters
    ----------
    n_ties : int
        Number of ties (exactly).
    seed : int or numpy.random.Generator
        Every draw comes from ``numpy.random.default_rng(seed)``.
    start_year, end_year : int
        The period ties start in (inclusive).
    n_actors : int, optional
        Number of actors; default ``max(30, n_ties // 8)`` (mean degree about 16).
    attachment : float
        ``a`` in P(actor) ∝ degree + a among the eligible actors of a kind; smaller means
        stronger preferential attachment, ``numpy.inf`` uniform choice. Must be > 0.
    regional_share : float
        Probability that the second actor of a tie lies in the first one's area (a
        Belgian region or the same country abroad); otherwise it lies outside it. When no
        actor of the kind is on the wanted side, the other side is used.
    end_share : float
        Share of ties with an end date (1-8 years after the start).
    tie_growth, entry_growth : float
        Yearly growth rates of the number of new ties and of firm/investor entries.
    tags : bool
        Tag actors as the shipped datasets do (:data:`TAG_SHARES`): biotech firms ``nbf``
        and ``red_biotech`` or ``green_biotech``, some pharma ``large_pharma``. These
        draws come last, so the network is the same with or without tags.

    Returns
    -------
    (actors, ties) : pandas.DataFrame, pandas.DataFrame
        The columns of :func:`bioregion.network.temporal.actors_frame` and of
        :func:`~bioregion.network.temporal.ties_frame`; ``region`` is the key of the
        actor's NUTS-1 region (``flanders``, ``de2``), ``""`` without one. Ties are sorted
        by start, with ids ``t0000001``, ...
    """
    if n_ties < 0 or not start_year <= end_year <= dt.date.today().year:
        raise ValueError("n_ties must be >= 0 and start_year <= end_year <= this year")
    if not attachment > 0:
        raise ValueError(f"attachment={attachment!r} must be > 0 (numpy.inf: uniform)")
    _check("regional_share", regional_share, 0.0, 1.0)
    _check("end_share", end_share, 0.0, 1.0)
    rng = np.random.default_rng(seed)
    pop = _actors(rng, n_actors or max(30, n_ties // 8), start_year, end_year, entry_growth)
    maker = _TieMaker(rng, pop, attachment, regional_share)
    counts = _yearly_counts(rng, n_ties, start_year, end_year, tie_growth, pop, maker)
    for year, count in zip(range(start_year, end_year + 1), counts, strict=True):
        maker.spin_offs(year)
        for quarter, size in enumerate(_split(count, 4)):
            maker.batch(year, quarter, size)
    maker.finish(n_ties, end_year)
    actors, ties = pop.frame(), _ties_frame(rng, maker, pop, end_share, end_year)
    if tags:
        actors["tags"] = _tags(rng, actors["kind"].to_numpy(object))
    return actors, ties


def _tags(rng: np.random.Generator, kind: np.ndarray) -> list[tuple[str, ...]]:
    """The tags of each actor with ``tags=True`` (drawn after everything else)."""
    draw = rng.random(len(kind))
    red = draw < TAG_SHARES["red_biotech"]
    firm = np.where(red, "synthetic nbf red_biotech", "synthetic nbf green_biotech")
    pharma = np.where(draw < TAG_SHARES["large_pharma"], "synthetic large_pharma", "synthetic")
    text = np.where(kind == "biotech_firm", firm, np.where(kind == "pharma", pharma, "synthetic"))
    return [tuple(t.split()) for t in text.tolist()]


@dataclass
class _Population:
    """Actors sorted by (kind, area), with the ranges of each kind and (kind, area)."""

    kind: np.ndarray  # kind code per actor
    area: np.ndarray  # area code per actor
    nuts: np.ndarray
    founded: np.ndarray  # year
    ended: np.ndarray  # year, or a large number
    end_reason: np.ndarray
    ranges: np.ndarray  # (kinds, areas + 1) boundaries: ranges[k, a] .. ranges[k, a + 1]
    spun: np.ndarray  # bool: founded in the period as a spin-off

    def ids(self) -> np.ndarray:
        prefix = np.array([ACTOR_KINDS[k][2] for k in _KINDS], dtype=object)[self.kind]
        return (prefix + "-" + _numbers(len(self.kind), 6)).astype(object)

    def frame(self) -> pd.DataFrame:
        n = len(self.kind)
        labels = np.array([f"Synthetic {k.replace('_', ' ')} " for k in _KINDS], dtype=object)
        countries = np.array([AREAS[a][0] for a in _AREA_NAMES], dtype=object)
        ended = self.ended < _NEVER
        last = (np.where(ended, self.ended, 1970) - 1969).astype("M8[Y]").astype("M8[D]") - 1
        return object_frame(
            {
                "id": self.ids(),
                "name": labels[self.kind] + _numbers(n, 6),
                "kind": np.array(_KINDS, dtype=object)[self.kind],
                "country": countries[self.area],
                "nuts": self.nuts,
                "region": _region_keys(self.nuts),
                "systems": [()] * n,  # membership follows the location
                "founded": (self.founded - 1970).astype("M8[Y]").astype("M8[s]"),
                "ended": np.where(ended, last, np.datetime64("NaT")).astype("M8[s]"),
                "end_reason": self.end_reason,
                "tags": [("synthetic",)] * n,
            }
        )


def _numbers(n: int, width: int) -> np.ndarray:
    """'000001', '000002', ... as an object array."""
    if n == 0:
        return np.zeros(0, dtype=object)
    return np.char.zfill(np.arange(1, n + 1).astype(str), width).astype(object)


def _actors(rng: np.random.Generator, n: int, start: int, end: int, growth: float) -> _Population:
    shares = np.array([ACTOR_KINDS[k][0] for k in _KINDS])
    kind = np.sort(rng.choice(len(_KINDS), size=n, p=shares / shares.sum()))
    belgian = rng.random(n) < np.array([ACTOR_KINDS[k][3] for k in _KINDS])[kind]
    area_p = np.array([AREAS[a][1] for a in _AREA_NAMES])
    area = np.where(
        belgian,
        rng.choice(_BELGIAN, size=n, p=area_p[:_BELGIAN] / area_p[:_BELGIAN].sum()),
        _BELGIAN
        + rng.choice(len(area_p) - _BELGIAN, size=n, p=area_p[_BELGIAN:] / area_p[_BELGIAN:].sum()),
    )
    order = np.lexsort((area, kind))
    kind, area = kind[order], area[order]
    before = rng.random(n) < np.array([ACTOR_KINDS[k][1] for k in _KINDS])[kind]
    years = np.arange(start, end + 1)
    entry = np.exp(growth * (years - start))
    founded = np.where(
        before,
        start - 1 - rng.integers(0, 60, size=n),
        rng.choice(years, size=n, p=entry / entry.sum()),
    )
    # Each kind has someone at the start, so that ties can be made from the first year.
    firsts = np.searchsorted(kind, np.arange(len(_KINDS)))
    present = firsts[firsts < n]
    founded[present] = np.minimum(founded[present], start - 1)
    firm = (kind == _KINDS.index("biotech_firm")) & ~before
    stops = firm & (rng.random(n) < 0.25)
    ended = np.where(stops, founded + rng.integers(3, 16, size=n), _NEVER)
    ended = np.where(ended <= end, ended, _NEVER)
    reason = np.where(ended < _NEVER, rng.choice(["acquired", "closed"], size=n, p=[0.6, 0.4]), "")
    nuts = np.array([_pick_nuts(rng, a) for a in area], dtype=object)
    ranges = np.searchsorted(
        kind * 100 + area,
        np.arange(len(_KINDS))[:, None] * 100 + np.arange(len(_AREA_NAMES) + 1)[None, :],
    )
    spun = firm & (rng.random(n) < SPIN_OFF_SHARE)
    return _Population(kind, area, nuts, founded, ended, reason.astype(object), ranges, spun)


def _pick_nuts(rng: np.random.Generator, area: int) -> str:
    codes = AREAS[_AREA_NAMES[area]][2]
    return str(codes[rng.integers(len(codes))]) if codes else ""


def _split(total: int, parts: int) -> list[int]:
    base, extra = divmod(total, parts)
    return [base + (i < extra) for i in range(parts)]


def _yearly_counts(
    rng: np.random.Generator,
    n_ties: int,
    start: int,
    end: int,
    growth: float,
    pop: _Population,
    maker: _TieMaker,
) -> np.ndarray:
    """Ties per year (spin-offs excluded), growing; spin-offs first take their share."""
    years = np.arange(start, end + 1)
    spins = np.isin(pop.founded, years) & pop.spun
    maker.spin_budget = min(int(spins.sum()), n_ties // 10)
    rate = np.exp(growth * (years - start))
    return rng.multinomial(n_ties - maker.spin_budget, rate / rate.sum())


class _TieMaker:
    """Draws the actors of ties batch by batch, with degrees updated between batches."""

    def __init__(
        self, rng: np.random.Generator, pop: _Population, attachment: float, local: float
    ) -> None:
        self.rng, self.pop, self.attachment, self.local = rng, pop, attachment, local
        self.degree = np.zeros(len(pop.kind))
        self.weights = np.array([t[3] for t in TIE_TEMPLATES], float)
        self.kind_a = np.array([_KINDS.index(t[0]) for t in TIE_TEMPLATES])
        self.kind_b = np.array([_KINDS.index(t[1]) for t in TIE_TEMPLATES])
        empty = np.zeros(0, np.int64)
        self.parts = [(empty,) * 5]  # per batch: (a, b, template or -1, year, quarter)
        self.spin_budget = 0
        self.made = 0

    def _cumulative(self, year: int) -> np.ndarray:
        pop = self.pop
        alive = (pop.founded <= year) & (pop.ended >= year)
        weight = np.ones(len(alive)) if np.isinf(self.attachment) else self.degree + self.attachment
        return np.concatenate([[0.0], np.cumsum(np.where(alive, weight, 0.0))])

    def _draw(
        self, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray, xlo: np.ndarray, xhi: np.ndarray
    ) -> np.ndarray:
        """One actor per row from [lo, hi) minus [xlo, xhi), by cumulative weight; -1: none."""
        hole = cum[xhi] - cum[xlo]
        total = cum[hi] - cum[lo] - hole
        pos = cum[lo] + self.rng.random(len(lo)) * total
        pos = np.where(pos >= cum[xlo], pos + hole, pos)
        idx = np.clip(np.searchsorted(cum, pos, side="right") - 1, lo, np.maximum(hi - 1, lo))
        return np.where(total > 0, idx, -1)

    def _partners(self, cum: np.ndarray, a: np.ndarray, kind_b: np.ndarray) -> np.ndarray:
        """Second actors of kind ``kind_b``, in or outside the area of ``a`` (regional_share)."""
        r, area = self.pop.ranges, self.pop.area[a]
        lo, hi = r[kind_b, 0], r[kind_b, -1]
        alo, ahi = r[kind_b, area], r[kind_b, area + 1]
        local = self.rng.random(len(a)) < self.local
        inside = self._draw(cum, alo, ahi, alo, alo)
        outside = self._draw(cum, lo, hi, alo, ahi)
        first, second = np.where(local, inside, outside), np.where(local, outside, inside)
        b = np.where(first >= 0, first, second)
        same = b == a  # a self-tie (same kind and area): try again anywhere in the kind
        b[same] = self._draw(cum, lo[same], hi[same], a[same], a[same] + 1)
        return b

    def _keep(self, a: np.ndarray, b: np.ndarray, template: np.ndarray, year: int, q: int) -> int:
        ok = (a >= 0) & (b >= 0) & (a != b)
        a, b, template = a[ok], b[ok], template[ok]
        np.add.at(self.degree, a, 1.0)
        np.add.at(self.degree, b, 1.0)
        self.parts.append((a, b, template, np.full(len(a), year), np.full(len(a), q)))
        self.made += len(a)
        return len(a)

    def batch(self, year: int, quarter: int, size: int) -> int:
        """Make up to ``size`` ties of ordinary templates in one quarter of a year."""
        if size <= 0:
            return 0
        cum = self._cumulative(year)
        r = self.pop.ranges
        has = cum[r[:, -1]] - cum[r[:, 0]] > 0
        p = self.weights * has[self.kind_a] * has[self.kind_b]
        if p.sum() == 0:
            return 0
        template = self.rng.choice(len(p), size=size, p=p / p.sum())
        ka = self.kind_a[template]
        a = self._draw(cum, r[ka, 0], r[ka, -1], r[ka, 0], r[ka, 0])
        b = self._partners(cum, a, self.kind_b[template])
        return self._keep(a, b, template, year, quarter)

    def spin_offs(self, year: int) -> None:
        """Spin-off ties to the spin-off firms founded this year, from their parents."""
        pop = self.pop
        new = np.flatnonzero(pop.spun & (pop.founded == year))[: max(0, self.spin_budget)]
        self.spin_budget -= len(new)
        if not len(new):
            return
        cum = self._cumulative(year)
        parent_kind = np.where(
            self.rng.random(len(new)) < 0.7,
            _KINDS.index("university"),
            _KINDS.index("research_institute"),
        )
        parents = self._partners(cum, new, parent_kind)
        self._keep(parents, new, np.full(len(new), -1), year, 0)

    def finish(self, n_ties: int, end_year: int) -> None:
        """Make up ties dropped on the way (no eligible partner) in the last year."""
        for _ in range(100):
            if self.made >= n_ties:
                return
            self.batch(end_year, 3, n_ties - self.made)
        raise ValueError("cannot make enough ties: too few actors; raise n_actors")


def _ties_frame(
    rng: np.random.Generator, maker: _TieMaker, pop: _Population, end_share: float, end_year: int
) -> pd.DataFrame:
    a, b, template, year, quarter = (np.concatenate(c) for c in zip(*maker.parts, strict=True))
    n = len(a)
    kinds = np.array([t[2] for t in TIE_TEMPLATES] + ["spin_off"], dtype=object)[template]
    quarter_start = (year - 1970).astype("M8[Y]").astype("M8[M]") + 3 * quarter
    start = quarter_start.astype("M8[D]") + rng.integers(0, 90, size=n)
    last = min(np.datetime64(dt.date.today(), "D"), np.datetime64(f"{end_year}-12-31", "D"))
    start = np.minimum(start, last)
    ends = rng.random(n) < end_share
    end = np.where(ends, start + rng.integers(365, 8 * 365, size=n), np.datetime64("NaT"))
    deal = np.isin(kinds, _DEAL_KINDS)
    valued = deal & (rng.random(n) < 0.35)
    value = np.where(valued, np.round(rng.lognormal(np.log(2e7), 1.5, size=n), -3), np.nan)
    currency = np.where(valued, rng.choice(["EUR", "USD"], size=n), "")
    staged = np.isin(kinds, ("licence", "option", "co_development"))
    stage = np.where(staged, rng.choice(_STAGES, size=n, p=_STAGE_P), "")
    order = np.argsort(start, kind="stable")
    ids = pop.ids()
    frame = object_frame(
        {
            "id": "t" + _numbers(n, 7),
            "kind": kinds[order],
            "source": ids[a[order]],
            "target": ids[b[order]],
            "start": start[order],
            "end": end[order],
            "signed": np.full(n, np.datetime64("NaT"), dtype="M8[s]"),
            "closed": np.full(n, np.datetime64("NaT"), dtype="M8[s]"),
            "symmetric": np.isin(kinds[order], [str(k) for k in SYMMETRIC_TIE_KINDS]),
            "value": value[order],
            "currency": currency[order].astype(object),
            "stage": stage[order].astype(object),
            "status": [""] * n,
            "therapeutic_area": [""] * n,
            "technology": [""] * n,
            "tags": [()] * n,
        }
    )
    return frame.astype({"start": "datetime64[s]", "end": "datetime64[s]"})


def to_dataset(n_ties: int, *, seed: int, max_ties: int = 100_000, **options: float) -> Dataset:
    """A synthetic network as a :class:`~bioregion.model.Dataset`, ready for ``Store.write``.

    Makes the frames of :func:`generate` (same ``seed`` and ``options``) into records:
    founded and ended dates to the year, tie dates to the day, values as ``total``. Every
    record cites one :class:`~bioregion.model.Source` saying how it was made. Meant for
    small networks (tests, demos): more than ``max_ties`` ties raise ValueError (use
    :func:`generate` and :class:`bioregion.network.temporal.TemporalNetwork` directly).

    >>> d = to_dataset(50, seed=3)
    >>> d.counts()["tie"], d.problems()
    (50, [])
    """
    if n_ties > max_ties:
        raise ValueError(
            f"{n_ties} ties is too many for a Dataset (max_ties={max_ties}); use generate()"
        )
    actors, ties = generate(n_ties, seed=seed, **options)  # type: ignore[arg-type]
    source = Source(
        id=f"synthetic-seed-{seed}",
        url=SOURCE_URL,
        title=f"Synthetic alliance network (bioregion.datasets.synthetic, seed {seed})",
        publisher="bioregion",
        notes=f"generate({n_ties}, seed={seed}, {options}): invented actors and ties",
    )
    cite = (source.id,)
    return Dataset(
        sources=[source],
        actors=[_actor(row, cite) for row in actors.itertuples(index=False)],
        ties=[_tie(row, cite) for row in ties.itertuples(index=False)],
    )


def _actor(row: tuple, cite: tuple[str, ...]) -> Actor:
    ended = None if pd.isna(row.ended) else PartialDate(row.ended.year)
    return Actor(
        id=row.id,
        name=row.name,
        kind=row.kind,
        tags=tuple(row.tags),
        founded=PartialDate(row.founded.year),
        ended=ended,
        end_reason=row.end_reason,
        country=row.country,
        nuts=row.nuts,
        sources=cite,
    )


def _tie(row: tuple, cite: tuple[str, ...]) -> Tie:
    end = None if pd.isna(row.end) else PartialDate.from_date(row.end.date())
    return Tie(
        id=row.id,
        kind=row.kind,
        source=row.source,
        target=row.target,
        start=PartialDate.from_date(row.start.date()),
        end=end,
        stage=row.stage,
        total=None if np.isnan(row.value) else float(row.value),
        currency=row.currency,
        tags=tuple(row.tags),
        sources=cite,
    )
