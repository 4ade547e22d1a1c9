"""What a simulated bioRegion is made of: its starting population, the behaviour of its
agents (free parameters, calibrated on data) and the policy levers a scenario moves.

Every quantity has a documented meaning and unit (:func:`describe`). Money is in millions
of the region's currency (EUR for the Belgian case); rates are per year; shares are
probabilities in [0, 1].
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from bioregion.errors import ArgumentError

__all__ = [
    "Levers",
    "Parameters",
    "Population",
    "Scenario",
    "ScenarioEvent",
    "describe",
    "load_scenario",
]


def _p(default: Any, meaning: str) -> Any:
    """A field with its meaning and unit (read by :func:`describe`)."""
    return field(default=default, metadata={"meaning": meaning})


@dataclass(frozen=True)
class Levers:
    """Policy levers: what a region's policy makers (or its partners) can change.

    The defaults are a neutral region; a baseline calibrated on a region's history
    replaces them.
    """

    seed_funding: float = _p(
        1.0, "capital a new spin-off starts with (seed funding), million per firm"
    )
    grant_budget: float = _p(
        5.0, "grant budget of the region's agencies for firms, million per year"
    )
    spinoff_support: float = _p(
        1.0,
        "multiplier on the spin-off rate of universities and institutes (tech transfer, "
        "incubators, proof-of-concept funds): 1 the calibrated level, 2 doubles it",
    )
    brokerage: float = _p(
        0.0,
        "probability that a firm's partner search in a year is brokered by a cluster "
        "organisation (while one is active): the broker proposes the best-matching of a few "
        "regional candidates, and the match is more likely accepted",
    )
    pharma_presence: float = _p(
        1.0,
        "weight of the region's own pharma companies in partner choice, relative to a global "
        "company of the same standing: 1 neutral, 0 as if absent",
    )
    investor_availability: float = _p(
        1.0, "multiplier on the probability that a firm seeking money closes a venture round"
    )


@dataclass(frozen=True)
class Parameters:
    """Behaviour of the agents: free parameters, estimated by calibration."""

    capabilities: int = _p(
        100, "number of distinct capabilities (length of every knowledge vector)"
    )
    spinoff_rate: float = _p(
        0.6, "expected spin-offs per year of an academic organisation holding every capability"
    )
    spinout_rate: float = _p(
        0.05, "expected corporate spin-outs per year of a local pharma company"
    )
    inherit: float = _p(0.25, "share of the parent's capabilities a spin-off takes with it")
    partnering_rate: float = _p(0.8, "expected partner searches per firm and year")
    max_searches: int = _p(5, "most partner searches a firm makes in a year")
    pharma_share: float = _p(0.55, "share of partner searches aimed at pharma companies")
    academic_share: float = _p(
        0.25, "share of partner searches aimed at universities and institutes (rest: firms)"
    )
    attachment: float = _p(
        1.0,
        "accumulative advantage: a pharma company's weight in partner choice is "
        "(its deals + 1) ** attachment",
    )
    threshold: float = _p(
        0.3,
        "knowledge overlap (SKIN's conservative attractiveness, 0-1) at which a proposed "
        "alliance is accepted with probability one half",
    )
    spread: float = _p(0.08, "spread of that logistic acceptance curve (overlap units)")
    broker_trust: float = _p(0.1, "added to the attractiveness of a brokered match")
    broker_candidates: int = _p(5, "regional candidates a broker compares")
    stage_years: float = _p(
        2.5, "years a firm's lead programme spends per development stage (discovery to phase 3)"
    )
    licence_share: float = _p(
        0.5, "share of firm-pharma alliances that are licences (rest: R&D collaborations)"
    )
    upfront: float = _p(3.0, "median upfront a pharma partner pays, million (lognormal, sigma 1)")
    learning: float = _p(0.15, "share of a partner's capabilities learnt in an alliance")
    round_size: float = _p(8.0, "median venture round, million (lognormal, sigma 0.8)")
    round_trigger: float = _p(2.0, "capital under which a firm seeks a round, million")
    round_base: float = _p(-1.0, "logit of closing a sought round for a firm without deals")
    round_signal: float = _p(0.8, "added to that logit per unit of log(1 + the firm's deals)")
    local_investor_share: float = _p(0.5, "share of round investors that are the region's own")
    grant_size: float = _p(0.5, "median grant, million")
    burn: float = _p(1.5, "yearly cost of a firm, million")
    research_rate: float = _p(0.3, "probability per year that a firm's research adds a capability")
    acquisition_rate: float = _p(
        0.06, "yearly probability that a firm allied with pharma is acquired, at saturation"
    )


@dataclass(frozen=True)
class Population:
    """The agents a run starts with, where the region's own agents are, and the
    countries of the others. ``nuts``: NUTS codes the region's agents are placed in (in
    turn); ``abroad``: ISO country codes of the agents outside the region."""

    nuts: tuple[str, ...]
    abroad: tuple[str, ...] = ("US", "CH", "GB", "DE", "FR", "JP", "NL", "DK")
    firms: int = 2
    pharma_global: int = 40
    pharma_local: int = 2
    universities: int = 4
    institutes: int = 2
    investors_local: int = 4
    investors_global: int = 20
    agencies: int = 2
    clusters: int = 0
    #: Share of its capabilities an agent of each kind starts with.
    knowledge: dict[str, float] = field(
        default_factory=lambda: {"nbf": 0.1, "pharma": 0.35, "academic": 0.5}
    )

    def __post_init__(self) -> None:
        if not self.nuts:
            raise ArgumentError("Population.nuts: give at least one NUTS code of the region")
        counts = {f.name: getattr(self, f.name) for f in fields(self) if f.type == "int"}
        if bad := [k for k, v in counts.items() if v < 0]:
            raise ArgumentError(f"Population: negative count for {', '.join(bad)}")


@dataclass(frozen=True)
class ScenarioEvent:
    """Something that happens to the region in a year: levers are set
    (``levers={"seed_funding": 2.0}``) or multiplied (``scale={"seed_funding": 2.0}``:
    double what the baseline has), agents arrive (``add={"institutes": 1}``) or the
    pharma company with most regional deals leaves (``remove_anchor=True``)."""

    year: int
    levers: dict[str, float] = field(default_factory=dict)
    scale: dict[str, float] = field(default_factory=dict)
    add: dict[str, int] = field(default_factory=dict)
    remove_anchor: bool = False


#: Agents an event may add.
ADDABLE = ("institutes", "universities", "clusters", "investors_local", "pharma_local")


@dataclass(frozen=True)
class Scenario:
    """A named set of events against a baseline."""

    name: str
    description: str = ""
    events: tuple[ScenarioEvent, ...] = ()

    def __post_init__(self) -> None:
        names = {f.name for f in fields(Levers)}
        for event in self.events:
            if unknown := (set(event.levers) | set(event.scale)) - names:
                raise ArgumentError(
                    f"scenario {self.name!r}, year {event.year}: no lever "
                    f"{', '.join(sorted(unknown))}; levers: {', '.join(sorted(names))}"
                )
            if unknown := set(event.add) - set(ADDABLE):
                raise ArgumentError(
                    f"scenario {self.name!r}, year {event.year}: cannot add "
                    f"{', '.join(sorted(unknown))}; addable: {', '.join(ADDABLE)}"
                )


def load_scenario(path: str | Path) -> Scenario:
    """A scenario from a TOML or JSON file::

        name = "double-seed"
        description = "Seed funding doubled from 2026"
        [[events]]
        year = 2026
        levers = { seed_funding = 2.0 }
        [[events]]
        year = 2028
        add = { institutes = 1 }
        scale = { grant_budget = 1.5 }

    Errors name the file and what is wrong in it.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else tomllib.loads(text)
    except OSError as exc:
        raise ArgumentError(f"{path}: cannot read the scenario file ({exc.strerror})") from exc
    except (ValueError, tomllib.TOMLDecodeError) as exc:
        raise ArgumentError(f"{path}: not valid {path.suffix[1:].upper()}: {exc}") from exc
    try:
        events = tuple(
            ScenarioEvent(
                year=int(e["year"]),
                levers={k: float(v) for k, v in e.get("levers", {}).items()},
                scale={k: float(v) for k, v in e.get("scale", {}).items()},
                add={k: int(v) for k, v in e.get("add", {}).items()},
                remove_anchor=bool(e.get("remove_anchor", False)),
            )
            for e in data.get("events", [])
        )
        return Scenario(
            name=str(data.get("name") or path.stem),
            description=str(data.get("description", "")),
            events=events,
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ArgumentError(
            f"{path}: each [[events]] needs a year, and levers/add as tables of numbers "
            f"({type(exc).__name__}: {exc})"
        ) from exc


def describe(obj: Levers | Parameters) -> list[tuple[str, Any, str]]:
    """``(name, value, meaning and unit)`` of each field of a Levers or Parameters."""
    return [(f.name, getattr(obj, f.name), f.metadata.get("meaning", "")) for f in fields(obj)]


def with_levers(levers: Levers, changes: dict[str, float]) -> Levers:
    """``levers`` with some changed (names checked)."""
    names = {f.name for f in fields(Levers)}
    if unknown := set(changes) - names:
        raise ArgumentError(f"no lever {', '.join(sorted(unknown))}; levers: {sorted(names)}")
    return replace(levers, **changes)
