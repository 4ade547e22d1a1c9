"""Small, realistic datasets for the storage tests (built with the Python API).

The actors are modelled on the Belgian red-biotech bioRegions (universities, VIB, a
few spin-offs, an investor, a global pharma); names, dates and amounts are
plausible test values, not curated facts.
"""

from __future__ import annotations

import random
from dataclasses import replace

from bioregion import Actor, Dataset, Event, PartialDate, Participation, Source, Store, Tie

PRESS_URL = "https://www.example.org/press/2009-ablynx-licence"
CORDIS_URL = "https://cordis.europa.eu/project/id/223077"
#: A source cited by URL only (no Source record in the dataset).
URL_ONLY = "https://www.example.org/news/bone-therapeutics-codevelopment"


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


def sources() -> list[Source]:
    return [
        Source(
            id="press-ablynx-2009",
            url=PRESS_URL,
            title="Ablynx signs licence",
            publisher="Ablynx NV",
            published=d("2009-01-15"),
            accessed=d("2024-03-02"),
            licence="all rights reserved",
        ),
        Source(
            id="cordis-223077",
            url=CORDIS_URL,
            title="CORDIS project record",
            publisher="European Commission",
            licence="CC-BY-4.0",
        ),
        Source(
            id="registry-kbo",
            url="https://kbopub.economie.fgov.be/",
            title="Crossroads Bank for Enterprises",
            publisher="FPS Economy",
        ),
    ]


def actors() -> list[Actor]:
    return [
        Actor(
            id="ugent",
            name="Ghent University – UGent",
            kind="university",
            tags=("academic", "flanders"),
            founded=d("1817"),
            country="BE",
            nuts="BE234",
            city="Gent",
            lat=51.0465,
            lon=3.7274,
            identifiers={"ror": "00cv9y106"},
            sources=("registry-kbo",),
        ),
        Actor(
            id="vib",
            name="VIB",
            kind="research_institute",
            founded=d("1995-12"),
            country="BE",
            nuts="BE234",
            city="Gent",
            lat=51.0147,
            lon=3.7123,
            tags=("flanders",),
            sources=("registry-kbo",),
        ),
        Actor(
            id="ablynx",
            name="Ablynx NV",
            kind="biotech_firm",
            founded=d("2001-07-04"),
            ended=d("2018-06"),
            end_reason="acquired",
            country="BE",
            nuts="BE234",
            city="Zwijnaarde",
            lat=51.0117,
            lon=3.7089,
            tags=("nanobodies", "nbf"),
            identifiers={"kbo": "0475.295.446", "cik": "1700000"},
            description="Nanobody platform 🧬; spin-off of VIB and Ghent University",
            sources=("registry-kbo", "press-ablynx-2009"),
        ),
        Actor(
            id="uliege",
            name="Université de Liège",
            kind="university",
            founded=d("1817"),
            country="BE",
            nuts="BE332",
            city="Liège",
            identifiers={"ror": "00afp2z80"},
            sources=("registry-kbo",),
        ),
        Actor(
            id="bone-therapeutics",
            name="Bone Therapeutics SA",
            kind="biotech_firm",
            founded=d("2006-09-20"),
            country="BE",
            nuts="BE32C",
            city="Gosselies",
            tags=("cell therapy",),
            sources=("registry-kbo",),
        ),
        Actor(
            id="sanofi",
            name="Sanofi",
            kind="pharma",
            founded=d("1973"),
            country="FR",
            nuts="FR101",
            city="Paris",
            lat=48.8755,
            lon=2.3077,
            identifiers={"wikidata": "Q158205"},
        ),
        Actor(
            id="gimv",
            name="Gimv",
            kind="investor",
            founded=d("1980-02"),
            country="BE",
            nuts="BE211",
            city="Antwerpen",
            sources=("registry-kbo",),
        ),
    ]


def ties() -> list[Tie]:
    return [
        Tie(
            id="t-rd-ugent-vib",
            kind="rd_collaboration",
            source="ugent",
            target="vib",
            start=d("1996"),
            status="active",
            sources=("registry-kbo",),
        ),
        Tie(
            id="t-spin-ablynx",
            kind="spin_off",
            source="vib",
            target="ablynx",
            start=d("2001-07"),
            end=d("2001-07-04"),
            sources=("registry-kbo",),
        ),
        Tie(
            id="t-eq-gimv-ablynx",
            kind="equity_investment",
            source="gimv",
            target="ablynx",
            start=d("2002-03"),
            equity=123456789.123,
            currency="EUR",
            confidence="medium",
            sources=("registry-kbo",),
        ),
        Tie(
            id="t-lic-ablynx-sanofi",
            kind="licence",
            source="ablynx",
            target="sanofi",
            start=d("2009-01-15"),
            status="completed",
            stage="preclinical",
            therapeutic_area="immunology",
            technology="nanobodies",
            upfront=0.1,
            milestones=1e-9,
            research_funding=25_000_000.0,
            total=1.2e9,
            currency="USD",
            royalties="tiered, high single digits",
            tags=("deal",),
            sources=("press-ablynx-2009", "registry-kbo"),
        ),
        Tie(
            id="t-spin-bone",
            kind="spin_off",
            source="uliege",
            target="bone-therapeutics",
            start=d("2006-09-20"),
            sources=("registry-kbo",),
        ),
        Tie(
            id="t-codev-bone-sanofi",
            kind="co_development",
            source="bone-therapeutics",
            target="sanofi",
            start=d("2012-05"),
            end=d("2016"),
            research_funding=2.5e6,
            currency="EUR",
            status="terminated",
            sources=(URL_ONLY,),
        ),
        Tie(
            id="t-grant-gimv-bone",
            kind="funding",
            source="gimv",
            target="bone-therapeutics",
            start=d("2010"),
            total=5e6,
            currency="BEF",
            confidence="low",
        ),
    ]


def events() -> list[Event]:
    return [
        Event(
            id="fp7-223077",
            kind="eu_project",
            name="Nanobody therapeutics consortium",
            start=d("2008-09-01"),
            end=d("2012-08-31"),
            amount=2_999_999.99,
            currency="EUR",
            identifiers={"cordis": "223077"},
            tags=("fp7",),
            sources=("cordis-223077",),
        ),
    ]


def participations() -> list[Participation]:
    return [
        Participation(
            event="fp7-223077",
            actor="ugent",
            role="coordinator",
            contribution=1_000_000.5,
            currency="EUR",
            sources=("cordis-223077",),
        ),
        Participation(
            event="fp7-223077",
            actor="ablynx",
            role="participant",
            contribution=750_000.0,
            currency="EUR",
            sources=("cordis-223077",),
        ),
        Participation(event="fp7-223077", actor="uliege", role="partner", sources=(CORDIS_URL,)),
    ]


def dataset() -> Dataset:
    """The small realistic dataset: 3 sources, 7 actors, 7 ties, 1 event, 3 participations."""
    return Dataset(
        sources=sources(),
        actors=actors(),
        events=events(),
        ties=ties(),
        participations=participations(),
    )


def actors_only() -> Dataset:
    return Dataset(sources=sources(), actors=actors())


def with_tie(tie: Tie, base: Dataset | None = None) -> Dataset:
    """``base`` (default: the small dataset) with one more tie (or a replaced one)."""
    data = base or dataset()
    data.ties = [t for t in data.ties if t.id != tie.id] + [tie]
    return data


def changed(data: Dataset, tie_id: str, **fields: object) -> Dataset:
    """``data`` with some fields of one tie changed."""
    data.ties = [replace(t, **fields) if t.id == tie_id else t for t in data.ties]
    return data


def big(n_actors: int = 500, n_ties: int = 20_000, seed: int = 7) -> Dataset:
    """Many ties over many actors (seeded, so two calls give the same dataset)."""
    rng = random.Random(seed)
    kinds = ["biotech_firm", "pharma", "university", "research_institute", "investor"]
    tie_kinds = ["licence", "rd_collaboration", "equity_investment", "co_development"]
    acts = [
        Actor(
            id=f"a{i:04d}",
            name=f"Actor {i}",
            kind=kinds[i % len(kinds)],
            founded=d(f"{1950 + i % 30}"),
        )
        for i in range(n_actors)
    ]
    tie_list = []
    for i in range(n_ties):
        s, t = rng.sample(range(n_actors), 2)
        amount = rng.choice([None, round(rng.uniform(1e4, 1e8), 2)])
        tie_list.append(
            Tie(
                id=f"t{i:06d}",
                kind=rng.choice(tie_kinds),
                source=acts[s].id,
                target=acts[t].id,
                start=d(f"{rng.randint(1990, 2020)}-{rng.randint(1, 12):02d}"),
                upfront=amount,
                currency="EUR" if amount is not None else "",
                sources=("src-big",),
            )
        )
    src = [Source(id="src-big", url="https://www.example.org/big", title="Synthetic")]
    return Dataset(sources=src, actors=acts, ties=tie_list)


def expected(data: Dataset) -> dict[str, list]:
    """What the store should hold after writing ``data`` to an empty store, by type."""
    cited = data.cite_urls()
    return {
        name: sorted(getattr(cited, name), key=lambda r: r.key)
        for name in ("sources", "actors", "events", "ties", "participations")
    }


def held(store: Store) -> dict[str, list]:
    """Everything the store holds, by type, in key order."""
    data = store.dataset()
    return {
        name: sorted(getattr(data, name), key=lambda r: r.key)
        for name in ("sources", "actors", "events", "ties", "participations")
    }


def snapshot(store: Store) -> tuple:
    """The whole observable state: records, counts, batches and the change log."""
    return held(store), store.counts(), store.batches(), store.changes()
