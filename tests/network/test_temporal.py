"""The temporal network: tie and actor frames, graphs at a date / over a window, snapshots.

Oracles: :func:`bioregion.model.activity.is_active` (when a tie is active) and the
NetworkX export graph :func:`bioregion.io.network_export.network_graph` (which ties make
the network at a date, with which actors), both written independently of this module.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import igraph as ig
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bioregion.datasets.synthetic import generate
from bioregion.errors import ArgumentError
from bioregion.io.network_export import network_graph
from bioregion.model import Actor, Dataset, Event, PartialDate, Participation, Source, Tie
from bioregion.model.activity import is_active
from bioregion.network._frames import ACTOR_COLUMNS, TIE_COLUMNS
from bioregion.network.temporal import (
    TemporalNetwork,
    actors_frame,
    project_events,
    ties_frame,
)
from bioregion.store import Store


def d(text: str) -> PartialDate:
    return PartialDate.parse(text)


SRC = Source("s1", "https://example.org/s1")
ACTORS = [
    Actor("ugent", "UGent", "university", nuts="BE234", country="BE", founded=d("1817")),
    Actor("vib", "VIB", "research_institute", nuts="BE234", country="BE", founded=d("1995-12")),
    Actor("ablynx", "Ablynx", "biotech_firm", nuts="BE234", country="BE", founded=d("2001"),
          ended=d("2018-06"), end_reason="acquired", tags=("red_biotech",)),
    Actor("ucb", "UCB", "pharma", nuts="BE100", country="BE", tags=("big_pharma",)),
    Actor("sanofi", "Sanofi", "pharma", nuts="FR101", country="FR", tags=("big_pharma",)),
    Actor("gimv", "Gimv", "investor", nuts="BE211", country="BE"),
]  # fmt: skip
TIES = [
    Tie("t1", "spin_off", "vib", "ablynx", d("2001-07"), sources=("s1",)),
    Tie("t2", "licence", "ablynx", "sanofi", d("2006-03-14"), d("2009-11"), upfront=10.0,
        milestones=90.0, currency="EUR", stage="preclinical", sources=("s1",)),
    Tie("t3", "rd_collaboration", "ablynx", "ucb", d("2011"), d("2013"), total=5.0,
        research_funding=1.0, currency="EUR", tags=("nanobody",), sources=("s1",)),
    Tie("t4", "equity_investment", "gimv", "ablynx", d("2002-05"), equity=4.0,
        currency="EUR", sources=("s1",)),
    Tie("t5", "rd_collaboration", "ucb", "ablynx", d("2012-02"), sources=("s1",)),
    Tie("t6", "rd_collaboration", "ugent", "vib", d("1996"), d("2020"), sources=("s1",)),
]  # fmt: skip
EVENTS = [
    Event("fp7-1", "eu_project", "P1", start=d("2009-01"), end=d("2012-12"), sources=("s1",)),
    Event("fp7-2", "eu_project", "P2", sources=("s1",)),  # no start: left out
]
PARTS = [
    Participation("fp7-1", "ugent", "coordinator", sources=("s1",)),
    Participation("fp7-1", "ablynx", "participant", sources=("s1",)),
    Participation("fp7-1", "ablynx", "partner", sources=("s1",)),  # twice: counts once
    Participation("fp7-1", "sanofi", "participant", sources=("s1",)),
    Participation("fp7-2", "ugent", "participant", sources=("s1",)),
    Participation("fp7-2", "vib", "participant", sources=("s1",)),
]


def dataset() -> Dataset:
    return Dataset(
        sources=[SRC], actors=list(ACTORS), ties=list(TIES), events=EVENTS, participations=PARTS
    )


@pytest.fixture
def filled_store(sqlite_store: Store) -> Store:
    sqlite_store.write(dataset())
    return sqlite_store


def edges(graph: ig.Graph) -> Counter:
    """Edge multiset by actor names: ((u, v), weight, ties, kinds); u <= v if undirected."""
    out: Counter = Counter()
    names = graph.vs["name"]
    for e in graph.es:
        u, v = names[e.source], names[e.target]
        if not graph.is_directed():
            u, v = sorted((u, v))
        out[((u, v), round(float(e["weight"]), 6), e["ties"], e["kinds"])] += 1
    return out


def arc_counts(graph: ig.Graph) -> Counter:
    """Ties per (u, v) as the graph says (its "ties" attribute)."""
    out: Counter = Counter()
    names = graph.vs["name"]
    for e in graph.es:
        u, v = names[e.source], names[e.target]
        out[(u, v) if graph.is_directed() else tuple(sorted((u, v)))] += e["ties"]
    return out


def nx_arc_counts(nxg, directed: bool) -> Counter:
    """The same from NetworkX's export graph (one edge per tie, symmetric ones marked)."""
    out: Counter = Counter()
    for u, v, attrs in nxg.edges(data=True):
        if u == v:
            continue
        if not directed:
            out[tuple(sorted((u, v)))] += 1
            continue
        out[(u, v)] += 1
        if attrs["symmetric"]:
            out[(v, u)] += 1
    return out


# -- frames ---------------------------------------------------------------------------
def test_ties_frame_is_the_same_from_store_dataset_and_template(filled_store: Store):
    from_dataset = ties_frame(dataset())
    from_store = ties_frame(filled_store)
    template = pd.DataFrame([t.to_dict() for t in TIES])
    template["tags"] = template["tags"].map(";".join)
    from_template = ties_frame(template)
    assert list(from_store.columns) == list(TIE_COLUMNS)
    for frame in (from_store, from_template):
        pd.testing.assert_frame_equal(
            frame.sort_values("id").reset_index(drop=True),
            from_dataset.sort_values("id").reset_index(drop=True),
        )


def test_ties_frame_dates_values_and_kinds():
    frame = ties_frame(dataset()).set_index("id")
    assert frame["start"].dtype == "datetime64[s]"
    assert frame.loc["t2", "start"] == pd.Timestamp("2006-03-14")
    assert frame.loc["t2", "end"] == pd.Timestamp("2009-11-30")  # last day of the month
    assert frame.loc["t3", "end"] == pd.Timestamp("2013-12-31")  # last day of the year
    assert pd.isna(frame.loc["t1", "end"])
    assert frame.loc["t2", "value"] == 100.0  # no total: upfront + milestones
    assert frame.loc["t3", "value"] == 5.0  # the total wins
    assert np.isnan(frame.loc["t1", "value"])
    assert frame["symmetric"].to_dict() == {
        "t1": False, "t2": False, "t3": True, "t4": False, "t5": True, "t6": True
    }  # fmt: skip
    assert frame.loc["t3", "tags"] == ("nanobody",)


def test_ties_frame_from_a_template_frame_derives_missing_ids():
    from bioregion.model import derived_tie_id  # the importer's rule, now in the model

    frame = ties_frame(
        pd.DataFrame({"kind": ["licence"], "source": ["a"], "target": ["b"], "start": ["2005"]})
    )
    assert frame.loc[0, "id"] == derived_tie_id("licence", "a", "b", "2005")
    with pytest.raises(ValueError, match="start"):
        ties_frame(pd.DataFrame({"kind": ["licence"], "source": ["a"], "target": ["b"]}))
    with pytest.raises(ValueError, match="cannot read the date"):
        ties_frame(pd.DataFrame({"kind": ["x"], "source": ["a"], "target": ["b"], "start": ["?"]}))


def test_actors_frame_from_store_and_dataset(filled_store: Store):
    from_store, from_dataset = actors_frame(filled_store), actors_frame(dataset())
    assert list(from_store.columns) == list(ACTOR_COLUMNS)
    pd.testing.assert_frame_equal(from_store, from_dataset.sort_values("id", ignore_index=True))
    frame = from_dataset.set_index("id")
    assert frame["region"].to_dict() == {
        "ugent": "flanders", "vib": "flanders", "ablynx": "flanders", "ucb": "brussels",
        "sanofi": "fr1", "gimv": "flanders",  # the NUTS-1 region abroad, no Belgian default
    }  # fmt: skip
    assert frame.loc["vib", "founded"] == pd.Timestamp("1995-12-01")
    assert frame.loc["ablynx", "ended"] == pd.Timestamp("2018-06-30")
    assert frame.loc["ucb", "tags"] == ("big_pharma",)
    belgium = actors_frame(dataset(), regions=["belgium"]).set_index("id")["region"]
    assert belgium["ucb"] == "belgium" and belgium["sanofi"] == ""


def test_reading_frames_builds_no_records(filled_store: Store, monkeypatch):
    """ties_frame/actors_frame read the tables with SQL, not through Store.ties()."""

    def fail(*args, **kwargs):
        raise AssertionError("records were built")

    monkeypatch.setattr(Store, "ties", fail)
    monkeypatch.setattr(Store, "actors", fail)
    monkeypatch.setattr(Store, "_read", fail)
    assert len(ties_frame(filled_store)) == len(TIES)
    assert len(actors_frame(filled_store)) == len(ACTORS)


# -- activity and graphs ----------------------------------------------------------------
@pytest.mark.parametrize("at", [1995, 1996, 2001, 2006, "2009-11", "2009-12", 2012, 2014, 2030])
def test_active_ties_follow_model_activity(at):
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()), default_years=5)
    expected = sorted(t.id for t in TIES if is_active(t, at=at, default_years=5))
    assert sorted(net.active(at=at)["id"]) == expected


@pytest.mark.parametrize("years", [1, 2.5, 4, 5])
def test_first_and_last_active_days_follow_model_activity(years):
    from bioregion.model.activity import active_interval

    ties = [
        Tie("a", "licence", "x", "y", d("2001-03-01")),
        Tie("b", "licence", "x", "y", d("2000"), d("2003-02")),
        Tie("c", "licence", "x", "y", d("2005-12-31"), d("2006-01-01")),
        Tie("e", "licence", "x", "y", d("2004-02-29")),
    ]
    net = TemporalNetwork(ties_frame(Dataset(ties=ties)), default_years=years)
    for tie in ties:
        first, last = active_interval(tie, default_years=years)
        one_day = dt.timedelta(days=1)
        assert tie.id in set(net.active(at=first)["id"]) & set(net.active(at=last)["id"])
        assert tie.id not in set(net.active(at=first - one_day)["id"])
        assert tie.id not in set(net.active(at=last + one_day)["id"])
    for year, graph in net.snapshots(1999, 2012):  # c starts on 31 December, ends 1 January
        assert sum(arc_counts(graph).values()) == len(net.active(at=year)), year


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize(
    "when", [{"at": 2002}, {"at": "2012-06"}, {"window": (2005, 2011)}, {}, {"at": 1990}]
)
def test_graph_matches_the_networkx_export_graph(directed, when):
    data = dataset()
    net = TemporalNetwork(ties_frame(data), actors_frame(data))
    graph = net.graph(**when, directed=directed)
    nxg = network_graph(data, **when, include_isolates=False)
    assert graph.is_directed() == directed
    assert arc_counts(graph) == nx_arc_counts(nxg, directed)
    assert sorted(graph.vs["name"]) == sorted(nxg.nodes)
    with_isolates = net.graph(**when, directed=directed, include_isolates=True)
    assert sorted(with_isolates.vs["name"]) == sorted(
        network_graph(data, **when, include_isolates=True).nodes
    )


def test_graph_collapses_ties_between_the_same_actors():
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()))
    undirected = edges(net.graph(at=2012))
    # t3 (ablynx-ucb, value 5) and t5 (ucb-ablynx, no value): one edge of two ties.
    assert (("ablynx", "ucb"), 2.0, 2, "rd_collaboration") in undirected
    by_value = edges(net.graph(at=2012, weight="value"))
    assert (("ablynx", "ucb"), 5.0, 2, "rd_collaboration") in by_value
    directed = edges(net.graph(at=2012, directed=True))
    assert (("ablynx", "ucb"), 2.0, 2, "rd_collaboration") in directed  # t3 + t5 both ways
    assert (("ucb", "ablynx"), 2.0, 2, "rd_collaboration") in directed
    assert not any(pair == ("gimv", "ablynx") for pair, *_ in directed)  # 2002-05 + 5 years
    in_2006 = edges(net.graph(at=2006, directed=True))
    assert (("gimv", "ablynx"), 1.0, 1, "equity_investment") in in_2006  # directed: one arc
    assert not any(pair == ("ablynx", "gimv") for pair, *_ in in_2006)
    graph = net.graph()
    assert graph.vs.attributes() == ["name", "kind", "region", "country"]
    assert sorted(graph.es.attributes()) == ["kinds", "ties", "weight"]


def test_kinds_attribute_lists_every_kind_of_the_pair():
    ties = pd.DataFrame(
        {
            "kind": ["option", "licence", "licence"],
            "source": ["a", "b", "a"],
            "target": ["b", "a", "b"],
            "start": ["2001", "2002", "2003"],
        }
    )
    net = TemporalNetwork(ties)
    assert edges(net.graph()) == Counter({(("a", "b"), 3.0, 3, "licence;option"): 1})
    assert edges(net.graph(directed=True)) == Counter(
        {(("a", "b"), 2.0, 2, "licence;option"): 1, (("b", "a"), 1.0, 1, "licence"): 1}
    )


def test_filters_by_kinds_regions_and_tags():
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()))
    assert arc_counts(net.graph(tie_kinds="licence")) == Counter({("ablynx", "sanofi"): 1})
    pharma_ties = net.graph(actor_kinds=["pharma", "biotech_firm"])
    assert set(arc_counts(pharma_ties)) == {("ablynx", "sanofi"), ("ablynx", "ucb")}
    flanders = net.graph(regions="flanders")
    assert set(arc_counts(flanders)) == {("ablynx", "vib"), ("ablynx", "gimv"), ("ugent", "vib")}
    assert set(arc_counts(net.graph(regions=["BE1", "BE2"]))) == set(arc_counts(flanders)) | {
        ("ablynx", "ucb")
    }
    assert set(arc_counts(net.graph(tags=["big_pharma", "red_biotech"]))) == {
        ("ablynx", "sanofi"),
        ("ablynx", "ucb"),
    }
    assert arc_counts(net.graph(tie_tags="nanobody")) == Counter({("ablynx", "ucb"): 1})
    isolates = net.graph(actor_kinds="pharma", include_isolates=True)
    assert sorted(isolates.vs["name"]) == ["sanofi", "ucb"] and isolates.ecount() == 0


SELECTIONS = [
    {},
    {"at": 2007},
    {"window": (2010, 2012), "tie_kinds": "rd_collaboration"},
    {"actor_kinds": ["pharma", "biotech_firm"], "include_isolates": True},
    {"regions": "flanders", "at": 2003, "include_isolates": True},
    {"tags": "big_pharma", "tie_tags": "nanobody"},
]


@pytest.mark.parametrize("options", SELECTIONS)
def test_select_gives_the_actors_and_ties_of_graph(options):
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()))
    chosen = net.select(**options)
    graph = net.graph(**options)
    assert chosen.actors["id"].tolist() == graph.vs["name"]  # same actors, same order
    assert list(chosen.actors.columns) == list(net.actors.columns)
    assert list(chosen.ties.columns) == list(net.ties.columns)
    assert len(chosen.ties) == sum(graph.es["ties"])
    ends = zip(chosen.ties["source"], chosen.ties["target"], strict=True)
    pairs = Counter(tuple(sorted(pair)) for pair in ends)
    assert pairs == arc_counts(graph)
    assert (net.ties.loc[chosen.ties.index, "id"] == chosen.ties["id"]).all()  # row positions


def test_select_leaves_out_self_ties_and_keeps_isolates_only_when_asked():
    ties = pd.DataFrame(
        {"kind": ["licence", "licence"], "source": ["a", "c"], "target": ["b", "c"],
         "start": ["2001", "2001"]}
    )  # fmt: skip
    actors = pd.DataFrame({"id": ["a", "b", "c", "d"], "kind": ["pharma"] * 4})
    net = TemporalNetwork(ties, actors)
    assert net.select().ties["source"].tolist() == ["a"]
    assert net.select().actors["id"].tolist() == ["a", "b"]
    assert net.select(include_isolates=True).actors["id"].tolist() == ["a", "b", "c", "d"]


def test_select_refuses_bad_arguments_as_graph_does():
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()))
    with pytest.raises(ArgumentError, match="not both"):
        net.select(at=2005, window=(2001, 2003))
    with pytest.raises(ArgumentError, match="cannot read the date"):
        net.select(at="2005-13")
    with pytest.raises(ArgumentError, match="unknown tie kind"):
        net.select(tie_kinds="alliance")


def test_bad_arguments_are_refused():
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()))
    with pytest.raises(ValueError, match="not both"):
        net.graph(at=2005, window=(2001, 2003))
    with pytest.raises(ValueError, match="ends before"):
        net.graph(window=(2005, 2001))
    with pytest.raises(ValueError, match="unknown tie kind"):
        net.graph(tie_kinds="alliance")
    with pytest.raises(ValueError, match="unknown actor kind"):
        net.graph(actor_kinds=["firm"])
    with pytest.raises(ValueError, match="weight"):
        net.graph(weight="money")
    with pytest.raises(ValueError, match="at least 1"):
        net.snapshots(2000, 2005, step=0)  # refused at the call, not at the first step
    with pytest.raises(ValueError, match="duplicate actor"):
        TemporalNetwork(ties_frame(dataset()), pd.concat([actors_frame(dataset())] * 2))


def test_missing_actors_self_ties_and_dates_of_all_kinds():
    ties = pd.DataFrame(
        {
            "kind": ["licence", "licence", "grant"],
            "source": ["a", "c", "a"],
            "target": ["b", "c", "b"],
            "start": [dt.date(2001, 5, 2), "2001", 2003],
            "end": [pd.Timestamp("2001-06-01"), None, "2004-02"],
        }
    )
    net = TemporalNetwork(ties, pd.DataFrame({"id": ["b"], "kind": ["pharma"]}))
    assert net.actors["id"].tolist() == ["b", "a", "c"]  # missing endpoints appended, sorted
    assert net.graph(at="2001-05").vs["name"] == ["b", "a"]
    assert net.graph(at="2001-07").ecount() == 0  # c-c is a self-tie: never an edge
    assert net.graph(at=dt.date(2004, 2, 29)).ecount() == 1
    assert net.graph(at=dt.date(2004, 3, 1)).ecount() == 0


def test_empty_network():
    net = TemporalNetwork(pd.DataFrame(columns=["kind", "source", "target", "start"]))
    assert net.graph().vcount() == 0
    assert [(y, g.ecount()) for y, g in net.snapshots(2000, 2001)] == [(2000, 0), (2001, 0)]


# -- snapshots ------------------------------------------------------------------------
def check_snapshots(net: TemporalNetwork, start: int, end: int, step: int = 1, **options):
    """Every incremental snapshot has the edges of the graph built from scratch."""
    window_years = options.pop("window_years", 1)
    seen = []
    filtered = {"actor_kinds", "regions", "tags"} & set(options)
    names = None if filtered else net.actors["id"].tolist()
    for year, snap in net.snapshots(start, end, step, window_years=window_years, **options):
        window = (year - window_years + 1, year)
        scratch = net.graph(window=window, **options)
        assert edges(snap) == edges(scratch), year
        names = names or snap.vs["name"]  # with actor filters: the selected actors
        assert snap.vs["name"] == names  # a fixed vertex set
        present = snap.induced_subgraph(snap.vs.select(present=True))
        whole = net.graph(window=window, include_isolates=True, **options)
        assert present.vs["name"] == whole.vs["name"], year
        seen.append(year)
    assert seen == list(range(start, end + 1, step))


def test_snapshots_equal_graphs_built_from_scratch_on_the_dataset():
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()), default_years=3)
    check_snapshots(net, 1990, 2022)
    check_snapshots(net, 1990, 2022, directed=True, weight="value")
    check_snapshots(net, 1995, 2021, step=3, window_years=4)


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"directed": True},
        {"weight": "value", "step": 2},
        {"window_years": 5, "tie_kinds": ["licence", "rd_collaboration", "equity_investment"]},
        {"regions": ["flanders", "wallonia"], "actor_kinds": ["biotech_firm", "university"]},
    ],
)
def test_snapshots_equal_graphs_built_from_scratch_on_a_synthetic_network(options):
    actors, ties = generate(3000, seed=11)
    net = TemporalNetwork(ties, actors)
    check_snapshots(net, 1985, 2027, **options)


def test_snapshots_yield_one_graph_changed_in_place_unless_copied():
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()))
    live = [g for _, g in net.snapshots(2000, 2003)]
    assert all(g is live[0] for g in live)
    copies = [(y, g) for y, g in net.snapshots(2000, 2012, copy=True)]
    assert len({id(g) for _, g in copies}) == len(copies)
    for year, graph in copies:
        assert edges(graph) == edges(net.graph(at=year))


def test_snapshots_mark_present_actors():
    net = TemporalNetwork(ties_frame(dataset()), actors_frame(dataset()))
    snap = dict(net.snapshots(2000, 2020, copy=True))
    present = {y: set(snap[y].vs.select(present=True)["name"]) for y in (2000, 2019)}
    assert "ablynx" not in present[2000]  # founded 2001
    assert "ablynx" not in present[2019]  # ended 2018
    assert {"ugent", "ucb", "sanofi", "gimv"} <= present[2000]


tie_kinds = st.sampled_from(["licence", "rd_collaboration", "equity_investment", "merger"])
dates = st.builds(
    lambda y, m, dd, p: PartialDate(y, m if p > 0 else None, dd if p > 1 else None),
    st.integers(1990, 2004),
    st.integers(1, 12),
    st.integers(1, 28),
    st.integers(0, 2),
)


@st.composite
def random_ties(draw) -> list[Tie]:
    out = []
    for i in range(draw(st.integers(0, 25))):
        source, target = draw(st.integers(0, 6)), draw(st.integers(0, 6))
        start = draw(dates)
        end = draw(st.one_of(st.none(), dates))
        if end is not None and end.last_day < start.first_day:
            start, end = end, start
        value = draw(st.one_of(st.none(), st.floats(0.5, 100.0)))
        out.append(
            Tie(f"t{i}", draw(tie_kinds), f"a{source}", f"a{target}", start, end, total=value)
        )
    return out


@settings(max_examples=30, deadline=None)
@given(ties=random_ties(), years=st.floats(0.5, 6.0), step=st.integers(1, 3))
def test_random_networks_against_activity_and_networkx(ties, years, step):
    data = Dataset(actors=[Actor(f"a{i}", f"A{i}", "biotech_firm") for i in range(7)], ties=ties)
    net = TemporalNetwork(ties_frame(data), actors_frame(data), default_years=years)
    for at in (1989, 1995, "1999-07", 2003, 2008):
        expected = sorted(t.id for t in ties if is_active(t, at=at, default_years=years))
        assert sorted(net.active(at=at)["id"]) == expected
        nxg = network_graph(data, at=at, default_years=years)
        assert arc_counts(net.graph(at=at, directed=True)) == nx_arc_counts(nxg, True)
    check_snapshots(net, 1988, 2012, step)
    check_snapshots(net, 1988, 2012, step, directed=True, weight="value", window_years=2)


# -- events ---------------------------------------------------------------------------
def test_project_events_gives_one_tie_per_pair_per_event(filled_store: Store):
    from bioregion.network.temporal import events_frame, participations_frame

    projected = project_events(events_frame(dataset()), participations_frame(dataset()))
    assert projected["id"].tolist() == [
        "fp7-1:ablynx+sanofi",
        "fp7-1:ablynx+ugent",
        "fp7-1:sanofi+ugent",
    ]
    assert list(projected.columns) == list(TIE_COLUMNS)
    assert (projected["kind"] == "project_partnership").all() and projected["symmetric"].all()
    assert (projected["start"] == pd.Timestamp("2009-01-01")).all()
    assert (projected["end"] == pd.Timestamp("2012-12-31")).all()
    coordinators = project_events(dataset(), dataset(), roles=["coordinator", "participant"])
    assert len(coordinators) == 3  # ablynx takes part as a participant as well
    assert len(project_events(dataset(), dataset(), roles="coordinator")) == 0
    pd.testing.assert_frame_equal(project_events(filled_store, filled_store), projected)
    net = TemporalNetwork.from_store(filled_store, include_events=True)
    assert ("sanofi", "ugent") in arc_counts(net.graph(at=2010))
    assert ("sanofi", "ugent") not in arc_counts(TemporalNetwork.from_store(filled_store).graph())


def test_project_events_sizes():
    rng = np.random.default_rng(3)
    sizes = rng.integers(1, 9, size=40)
    parts = pd.DataFrame(
        {
            "event": np.repeat([f"e{i:02d}" for i in range(40)], sizes),
            "actor": [f"a{j}" for k in sizes for j in rng.permutation(12)[:k]],
        }
    )
    events = pd.DataFrame({"id": [f"e{i:02d}" for i in range(40)], "start": "2010"})
    projected = project_events(events, parts)
    assert len(projected) == int((sizes * (sizes - 1) // 2).sum())
    assert (projected["source"] < projected["target"]).all()
    assert not projected["id"].duplicated().any()


def test_region_filters_follow_membership_of_the_system():
    """One membership rule for networks, exports and indicators: an agency of BE2 seated
    in Brussels (BE100) is in BE2's network, not in BE1's."""
    actors = pd.DataFrame(
        {
            "id": ["agency", "firm", "bxl"],
            "kind": ["government", "biotech_firm", "biotech_firm"],
            "nuts": ["BE100", "BE211", "BE100"],
            "systems": [("BE2",), (), ()],
        }
    )
    ties = pd.DataFrame(
        {"kind": ["grant", "grant"], "source": ["agency", "agency"], "target": ["firm", "bxl"],
         "start": ["2010", "2011"]}
    )  # fmt: skip
    net = TemporalNetwork(ties, actors)
    assert sorted(net.graph(regions="BE2").vs["name"]) == ["agency", "firm"]
    assert sorted(net.graph(regions="BE1", include_isolates=True).vs["name"]) == ["bxl"]
