"""The synthetic alliance-network generator: seeded, valid, growing, preferential, regional."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from bioregion.datasets.synthetic import ACTOR_KINDS, TIE_TEMPLATES, generate, to_dataset
from bioregion.model import ActorKind, TieKind
from bioregion.network._frames import ACTOR_COLUMNS, TIE_COLUMNS
from bioregion.network.temporal import TemporalNetwork, actors_frame, ties_frame
from bioregion.regions import is_nuts_code, region_of
from bioregion.store import Store


@pytest.fixture(scope="module")
def network() -> tuple[pd.DataFrame, pd.DataFrame]:
    return generate(20_000, seed=7)


def areas(actors: pd.DataFrame) -> pd.Series:
    """An actor's area: its Belgian region, or its country abroad (the generator's areas)."""
    belgian = actors["country"] == "BE"
    return actors["region"].where(belgian, actors["country"]).set_axis(actors["id"])


def same_area_share(actors: pd.DataFrame, ties: pd.DataFrame) -> float:
    area = areas(actors)
    return float(
        (area.loc[ties["source"]].to_numpy() == area.loc[ties["target"]].to_numpy()).mean()
    )


def max_degree(ties: pd.DataFrame) -> int:
    return int(pd.concat([ties["source"], ties["target"]]).value_counts().max())


def test_same_seed_same_network_other_seed_other_network():
    first, second = generate(2000, seed=3), generate(2000, seed=3)
    for a, b in zip(first, second, strict=True):
        pd.testing.assert_frame_equal(a, b)
    other = generate(2000, seed=4)
    assert not first[1]["source"].equals(other[1]["source"])
    rng_made = generate(2000, seed=np.random.default_rng(3))
    pd.testing.assert_frame_equal(rng_made[1], first[1])


@pytest.mark.parametrize("n_ties", [0, 1, 10, 333, 5000])
def test_sizes(n_ties):
    actors, ties = generate(n_ties, seed=1)
    assert len(ties) == n_ties
    assert len(actors) == max(30, n_ties // 8)
    assert len(generate(n_ties, seed=1, n_actors=200)[0]) == 200
    assert ties["id"].is_unique and actors["id"].is_unique


def test_frames_have_the_network_columns_and_types(network):
    actors, ties = network
    assert list(ties.columns) == list(TIE_COLUMNS)
    assert list(actors.columns) == list(ACTOR_COLUMNS)  # end_reason is a frame column
    pd.testing.assert_frame_equal(ties_frame(ties), ties)
    pd.testing.assert_frame_equal(actors_frame(actors), actors[list(ACTOR_COLUMNS)])
    from_templates = actors_frame(actors.drop(columns="region").assign(founded="1990"))
    assert (from_templates["region"] == actors["region"]).all()  # the region_of keys


def test_values_are_valid(network):
    actors, ties = network
    assert set(actors["kind"]) <= {k.value for k in ActorKind}
    assert set(ties["kind"]) <= {k.value for k in TieKind}
    nuts = actors.loc[actors["nuts"] != "", "nuts"]
    assert all(is_nuts_code(code) for code in nuts.unique())
    for code in nuts.unique():
        region = region_of(code)
        assert (
            actors.loc[actors["nuts"] == code, "region"] == (region.key if region else "")
        ).all()
    assert (ties["start"].dt.year.between(1987, 2025)).all()
    ended = ties["end"].notna()
    assert (ties.loc[ended, "end"] > ties.loc[ended, "start"]).all()
    assert 0.37 < ended.mean() < 0.43
    assert (ties["source"] != ties["target"]).all()
    assert ties["start"].is_monotonic_increasing
    symmetric = {k.value for k in TieKind if k.value in ("rd_collaboration", "co_development")}
    assert ties.loc[ties["kind"].isin(symmetric), "symmetric"].all()


def test_ties_respect_actors_dates(network):
    actors, ties = network
    founded = actors.set_index("id")["founded"]
    ended = actors.set_index("id")["ended"]
    for end in ("source", "target"):
        assert (founded.loc[ties[end]].to_numpy() <= ties["start"].to_numpy()).all()
        last = ended.loc[ties[end]].dt.year.to_numpy()
        assert not (ties["start"].dt.year.to_numpy() > last).any()  # NaN compares False


def test_tie_kinds_follow_the_actor_kinds(network):
    actors, ties = network
    kind = actors.set_index("id")["kind"]
    found = set(zip(kind.loc[ties["source"]], kind.loc[ties["target"]], ties["kind"], strict=True))
    allowed = {(a, b, k) for a, b, k, _ in TIE_TEMPLATES} | {
        ("university", "biotech_firm", "spin_off"),
        ("research_institute", "biotech_firm", "spin_off"),
    }
    assert found <= allowed
    counts = ties["kind"].value_counts(normalize=True)
    assert counts["licence"] > counts["acquisition"] and "spin_off" in counts
    spin = ties[ties["kind"] == "spin_off"]
    assert (actors.set_index("id").loc[spin["target"], "founded"].dt.year.to_numpy()
            == spin["start"].dt.year.to_numpy()).all()  # fmt: skip


def test_actor_kinds_and_locations(network):
    actors, _ = network
    shares = actors["kind"].value_counts(normalize=True)
    for kind, (share, *_rest) in ACTOR_KINDS.items():
        assert abs(shares[kind] - share) < 0.03, kind
    belgian = actors["country"] == "BE"
    assert set(actors.loc[belgian, "region"]) == {"flanders", "wallonia", "brussels"}
    # abroad, the region is the NUTS-1 region where the location is known (no Belgian default)
    assert {"de2", "fr1", "uki"} <= set(actors.loc[~belgian, "region"])
    assert set(actors.loc[~belgian & (actors["nuts"] == ""), "region"]) == {""}
    pharma = actors[actors["kind"] == "pharma"]
    assert (pharma["country"] != "BE").mean() > 0.75  # pharma is mostly abroad


def test_growth(network):
    actors, ties = network
    per_year = ties["start"].dt.year.value_counts().sort_index()
    assert per_year.loc[2021:2025].sum() > 5 * per_year.loc[1987:1991].sum()
    entries = actors["founded"].dt.year.value_counts()
    assert (
        entries.reindex(range(2016, 2026), fill_value=0).sum()
        > entries.reindex(range(1987, 1997), fill_value=0).sum()
    )
    assert (actors["founded"].dt.year < 1987).mean() > 0.2  # established actors


def test_preferential_attachment_gives_heavier_tails():
    _, preferential = generate(20_000, seed=2, attachment=1.0)
    _, uniform = generate(20_000, seed=2, attachment=np.inf)
    assert max_degree(preferential) > 4 * max_degree(uniform)
    degrees = pd.concat([preferential["source"], preferential["target"]]).value_counts()
    top = degrees.iloc[: len(degrees) // 100].sum() / degrees.sum()
    assert top > 0.1  # the top 1% of actors hold over a tenth of the tie ends


@pytest.mark.parametrize("share", [0.0, 0.3, 0.7])
def test_regional_share(share):
    actors, ties = generate(20_000, seed=5, regional_share=share)
    assert same_area_share(actors, ties) == pytest.approx(share, abs=0.03)


def test_bad_parameters_are_refused():
    for options in (
        {"attachment": 0},
        {"regional_share": 1.5},
        {"end_share": -0.1},
        {"end_year": 1980},
        {"end_year": 2999},
    ):
        with pytest.raises(ValueError):
            generate(10, seed=1, **options)
    with pytest.raises(ValueError, match="too many"):
        to_dataset(200_001, seed=1)


def test_small_dataset_imports_into_a_store(sqlite_store: Store):
    dataset = to_dataset(400, seed=9)
    report = sqlite_store.write(dataset)
    assert report.counts["tie"]["created"] == 400
    assert sqlite_store.write(to_dataset(400, seed=9)).total("created") == 0  # idempotent
    actors, ties = generate(400, seed=9)
    stored = ties_frame(sqlite_store)
    pd.testing.assert_frame_equal(stored, ties.sort_values("id", ignore_index=True))
    stored_actors = actors_frame(sqlite_store)
    expected = actors[list(ACTOR_COLUMNS)].sort_values("id", ignore_index=True)
    pd.testing.assert_frame_equal(stored_actors, expected)
    net = TemporalNetwork.from_store(sqlite_store)
    assert net.graph().ecount() > 0
