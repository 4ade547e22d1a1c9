"""Reading the store: queries with exact answers, and values that survive the round trip."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from sqlalchemy import text

from bioregion import Actor, Dataset, NotFoundError, Store, Tie
from bioregion.model import Precision
from tests.store._factory import CORDIS_URL, actors, d, dataset, expected, held

TIE_ORDER = [  # by start, then id
    "t-rd-ugent-vib",
    "t-spin-ablynx",
    "t-eq-gimv-ablynx",
    "t-spin-bone",
    "t-lic-ablynx-sanofi",
    "t-grant-gimv-bone",
    "t-codev-bone-sanofi",
]


@pytest.fixture
def full(store: Store) -> Store:
    store.write(dataset())
    return store


def _ids(records: list) -> list[str]:
    return [r.id for r in records]


# -- queries -------------------------------------------------------------------
def test_empty_store_reads_empty(store: Store) -> None:
    assert store.actors() == store.ties() == store.events() == store.sources() == []
    assert store.participations() == []
    assert len(store.dataset()) == 0
    assert store.counts() == dict.fromkeys(["source", "actor", "event", "tie", "participation"], 0)
    assert store.batches() == []


ACTOR_QUERIES = [
    ("university", ["ugent", "uliege"]),
    ("biotech_firm", ["ablynx", "bone-therapeutics"]),
    ("pharma", ["sanofi"]),
    ("hospital", []),
    (None, ["ablynx", "bone-therapeutics", "gimv", "sanofi", "ugent", "uliege", "vib"]),
]


def test_actors_by_kind(full: Store) -> None:
    got = [(kind, _ids(full.actors(kind=kind))) for kind, _ in ACTOR_QUERIES]
    assert got == ACTOR_QUERIES


def test_actors_by_ids(full: Store) -> None:
    assert _ids(full.actors(ids=["vib", "ablynx", "nobody"])) == ["ablynx", "vib"]
    assert full.actors(ids=[]) == []
    assert _ids(full.actors(kind="university", ids=["ugent", "vib"])) == ["ugent"]


def test_actor_by_id(full: Store) -> None:
    given = {a.id: a for a in actors()}
    for actor_id, actor in given.items():
        assert full.actor(actor_id) == actor


@pytest.mark.parametrize(
    ("asked", "suggested"),
    [("ablynks", "ablynx"), ("ugnet", "ugent"), ("Liège", "uliege"), ("sanofi-sa", "sanofi")],
)
def test_missing_actor_suggests_close_ids(full: Store, asked: str, suggested: str) -> None:
    with pytest.raises(NotFoundError, match=rf"no actor with id '{asked}'; did you mean") as info:
        full.actor(asked)
    assert suggested in str(info.value).split("did you mean", 1)[1]
    assert isinstance(info.value, LookupError)


def test_missing_actor_without_close_match(full: Store) -> None:
    with pytest.raises(NotFoundError, match="list them with: bioregion actors"):
        full.actor("zzzzzz")


TIE_QUERIES: list[tuple[dict, list[str]]] = [
    ({}, TIE_ORDER),
    ({"actor": "ablynx"}, ["t-spin-ablynx", "t-eq-gimv-ablynx", "t-lic-ablynx-sanofi"]),
    ({"actor": "bone-therapeutics"}, ["t-spin-bone", "t-grant-gimv-bone", "t-codev-bone-sanofi"]),
    ({"actor": "nobody"}, []),
    ({"kind": "spin_off"}, ["t-spin-ablynx", "t-spin-bone"]),
    ({"kind": ["funding", "spin_off"]}, ["t-spin-ablynx", "t-spin-bone", "t-grant-gimv-bone"]),
    ({"kind": ("licence",), "actor": "sanofi"}, ["t-lic-ablynx-sanofi"]),
    ({"kind": "licence", "actor": "vib"}, []),
    (
        {"start_from": d("2002"), "start_to": d("2009")},
        ["t-eq-gimv-ablynx", "t-spin-bone", "t-lic-ablynx-sanofi"],
    ),
    ({"start_from": d("2006-09-20"), "start_to": d("2006-09-20")}, ["t-spin-bone"]),
    ({"start_from": d("2006-09"), "start_to": d("2006-09")}, ["t-spin-bone"]),
    ({"start_from": d("2006-09-21")}, TIE_ORDER[4:]),
    ({"start_to": d("2001")}, ["t-rd-ugent-vib", "t-spin-ablynx"]),
    ({"start_to": d("2001-06")}, ["t-rd-ugent-vib"]),
    ({"actor": "gimv", "start_from": d("2005")}, ["t-grant-gimv-bone"]),
    ({"actor": "gimv", "kind": "funding", "start_to": d("2009")}, []),
]


def test_ties_queries(full: Store) -> None:
    got = [(query, _ids(full.ties(**query))) for query, _ in TIE_QUERIES]
    assert got == TIE_QUERIES


def test_participations_queries(full: Store) -> None:
    by_event = full.participations(event="fp7-223077")
    assert [(p.actor, p.role) for p in by_event] == [
        ("ablynx", "participant"),
        ("ugent", "coordinator"),
        ("uliege", "partner"),
    ]
    assert full.participations(actor="uliege") == [
        replace(dataset().participations[2], sources=("cordis-223077",))
    ]
    assert [p.contribution for p in full.participations(event="fp7-223077", actor="ugent")] == [
        1_000_000.5
    ]
    assert full.participations(event="nothing") == []
    assert full.participations() == by_event


def test_sources_by_ids(full: Store) -> None:
    got = full.sources(ids=["cordis-223077", "registry-kbo", "nowhere"])
    assert _ids(got) == ["cordis-223077", "registry-kbo"]
    assert got[0].url == CORDIS_URL
    assert full.sources(ids=[]) == []
    assert len(full.sources()) == 4


def test_dataset_equals_what_was_written(full: Store) -> None:
    data = full.dataset()
    want = expected(dataset())
    assert held(full) == want
    assert data.actors == want["actors"]  # already in id order
    assert data.ties == want["ties"]
    assert data.sources == want["sources"]
    assert data.events == want["events"]
    for name in ("actors", "ties", "sources", "events"):
        ids = [r.id for r in getattr(data, name)]
        assert ids == sorted(ids)
    assert (
        data.counts()
        == full.counts()
        == {"source": 4, "actor": 7, "event": 1, "tie": 7, "participation": 3}
    )


# -- values survive the round trip ---------------------------------------------
def test_dates_keep_their_precision(full: Store) -> None:
    founded = {a.id: a.founded for a in full.actors()}
    assert founded["ugent"] == d("1817") and founded["ugent"].precision is Precision.YEAR
    assert founded["vib"] == d("1995-12") and founded["vib"].precision is Precision.MONTH
    assert founded["ablynx"] == d("2001-07-04") and founded["ablynx"].precision is Precision.DAY
    assert full.actor("ablynx").ended == d("2018-06")
    with full.engine.connect() as conn:
        query = text(
            "SELECT id, founded_date, founded_precision FROM actors "
            "WHERE id IN ('vib', 'ugent', 'ablynx') ORDER BY id"
        )
        rows = conn.execute(query).all()
    # the first day of the period and the precision (SQLite hands back raw text)
    assert [(r[0], str(r[1]), r[2]) for r in rows] == [
        ("ablynx", str(dt.date(2001, 7, 4)), "day"),
        ("ugent", str(dt.date(1817, 1, 1)), "year"),
        ("vib", str(dt.date(1995, 12, 1)), "month"),
    ]
    tie = full.ties(kind="co_development")[0]
    assert (tie.start.isoformat(), tie.end.isoformat()) == ("2012-05", "2016")


def test_extreme_dates(store: Store) -> None:
    old = Actor(id="old", name="Old University", kind="university", founded=d("1500"))
    young = Actor(id="young", name="Young firm", kind="biotech_firm", founded=d("2024-02-29"))
    tie = Tie(
        id="t-long",
        kind="licence",
        source="old",
        target="young",
        start=d("2024-03"),
        end=d("2100-12-31"),
    )
    store.write(Dataset(actors=[old, young], ties=[tie]))
    assert store.actors() == [old, young]
    assert store.ties() == [tie]


@pytest.mark.parametrize(
    "value", [0.1, 1e-9, 123456789.123, 2_999_999.99, 1e300, 2.220446049250313e-16, 0.0]
)
def test_floats_are_exact(store: Store, value: float) -> None:
    tie = Tie(
        id="t-f",
        kind="licence",
        source="ugent",
        target="uliege",
        start=d("2000"),
        upfront=value,
        equity=value / 3,
        total=value * 7,
        currency="EUR",
    )
    site = Actor(id="ugent", name="UGent", kind="university")
    records = Dataset(actors=[site, replace(site, id="uliege")], ties=[tie])
    store.write(records)
    [got] = store.ties()
    assert (got.upfront, got.equity, got.total) == (value, value / 3, value * 7)
    assert type(got.upfront) is float
    assert store.write(records).total("unchanged") == 3


def test_factory_floats_survive(full: Store) -> None:
    lic = full.ties(kind="licence")[0]
    assert (lic.upfront, lic.milestones, lic.research_funding, lic.total) == (
        0.1,
        1e-9,
        25_000_000.0,
        1.2e9,
    )
    assert full.ties(kind="equity_investment")[0].equity == 123456789.123
    assert (full.actor("ugent").lat, full.actor("ugent").lon) == (51.0465, 3.7274)
    assert full.events()[0].amount == 2_999_999.99
    assert full.ties(kind="licence")[0].terms == {
        "upfront": 0.1,
        "research_funding": 25_000_000.0,
        "milestones": 1e-9,
        "total": 1.2e9,
        "royalties": "tiered, high single digits",
        "currency": "USD",
    }


def test_non_ascii_text_survives(store: Store) -> None:
    texts = {
        "uliege": "Université de Liège",
        "ugent": "Ghent – UGent",
        "emoji": "Nanobody 🧬 lab 🇧🇪",
        "cjk": "東京大学",
        "quote": 'O\'Brien "&" Søn; Zürich',
    }
    made = [
        Actor(
            id=k,
            name=v,
            kind="other",
            city=v,
            description=f"{v}\n{v}",
            tags=(v[:80].replace(";", ","),),
            identifiers={"note": v.replace(";", ",")},
        )
        for k, v in texts.items()
    ]
    store.write(Dataset(actors=made))
    for actor in made:
        assert store.actor(actor.id) == actor
    assert store.actor("ugent").name == "Ghent – UGent"
    assert store.write(Dataset(actors=made)).counts["actor"]["unchanged"] == 5
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT tags FROM actors WHERE id = 'emoji'")).scalar_one()
    assert "🧬" in raw  # stored as text, not as \\u escapes
