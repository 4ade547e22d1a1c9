"""Which actors of a region are its new technology-based firms (NBFs): one documented,
overridable rule, :class:`NBFRule`, used by every indicator that looks at NBFs.

The rule (defaults in brackets):

1. An actor is an NBF of a region only when its NUTS code lies in the region and it was
   founded in or after ``founded_from`` [any year; an unknown founding date counts].
2. When some actor of the data carries the tag ``tag`` [``nbf``], the data says which
   firms are NBFs: the NBFs are the actors carrying that tag.
3. Otherwise (data that does not use the tag, e.g. a user's own region), the NBFs are the
   actors of one of ``kinds`` [``biotech_firm``] not carrying ``exclude_tag``
   [``not_nbf``].

A store that mixes tagged data (e.g. a shipped dataset) with a region of your own
applies 2 to both: tag your region's NBFs too, or use ``NBFRule(tag=None)``, which always
applies 3. ``NBFRule(kinds=..., founded_from=1990)`` narrows the rule. Pass the rule as
``nbf_rule=`` to the indicators (default :data:`DEFAULT_NBF_RULE`).
The NBF is the new biotechnology firm of Powell, Koput & Smith-Doerr (1996) and the
new technology-based firm of Autio (1997) *Research Policy* 26(3): 263-281.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import ActorKind
from bioregion.system._scope import as_network, has_tag, in_region

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork
    from bioregion.store.store import Store

__all__ = ["DEFAULT_NBF_RULE", "NBFRule", "nbf_mask", "region_nbfs"]


def _kinds(kinds: Iterable[str]) -> frozenset[ActorKind]:
    if isinstance(kinds, str):
        kinds = [kinds]
    known = {kind.value for kind in ActorKind}
    if unknown := sorted(str(k) for k in kinds if str(k) not in known):
        raise ArgumentError(
            f"NBFRule kinds {unknown} are not actor kinds; use some of {sorted(known)}"
        )
    return frozenset(ActorKind(str(k)) for k in kinds)


@dataclass(frozen=True)
class NBFRule:
    """Which actors of a region count as its new technology-based firms (NBFs).

    See the module docstring for the rule. ``tag``: the tag that marks NBFs in data that
    uses it (None: never look at tags); ``kinds``: actor kinds that are NBFs in data
    without the tag; ``founded_from``: earliest founding year (None: any);
    ``exclude_tag``: a tag that keeps an actor of those kinds out (None: none).

    >>> actors = pd.DataFrame({"id": ["a", "b", "u"], "nuts": ["BE211", "BE242", "BE242"],
    ...     "kind": ["biotech_firm", "biotech_firm", "university"],
    ...     "founded": pd.to_datetime(["1985", "2001", "1425"]), "tags": [(), (), ()]})
    >>> NBFRule().select(actors, "BE2").tolist()
    [True, True, False]
    >>> NBFRule(founded_from=1990).select(actors, "BE2").tolist()
    [False, True, False]
    """

    tag: str | None = "nbf"
    kinds: frozenset[ActorKind] = field(default_factory=lambda: frozenset({ActorKind.BIOTECH_FIRM}))
    founded_from: int | None = None
    exclude_tag: str | None = "not_nbf"

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", _kinds(self.kinds))
        if self.founded_from is not None:
            try:
                object.__setattr__(self, "founded_from", int(self.founded_from))
            except (TypeError, ValueError):
                raise ArgumentError(
                    f"NBFRule founded_from={self.founded_from!r} is not a year; give an "
                    "int such as 1990, or None for any year"
                ) from None

    def uses_tag(self, actors: pd.DataFrame) -> bool:
        """True when the data marks its NBFs with :attr:`tag` (rule 2 applies)."""
        return self.tag is not None and bool(has_tag(actors["tags"], self.tag).any())

    def select(self, actors: pd.DataFrame, region: str | None) -> pd.Series:
        """True for the NBFs of ``region`` (None: of every region) among ``actors``."""
        if self.uses_tag(actors):
            chosen = has_tag(actors["tags"], str(self.tag))
        else:
            chosen = actors["kind"].isin(self.kinds)
            if self.exclude_tag is not None:
                chosen &= ~has_tag(actors["tags"], self.exclude_tag)
        if self.founded_from is not None:
            founded = actors["founded"]
            chosen &= founded.isna() | (founded.dt.year >= self.founded_from)
        return (chosen & in_region(actors, region)).astype(bool)


#: The rule the indicators use unless given another (``tag="nbf"``, ``biotech_firm``).
DEFAULT_NBF_RULE = NBFRule()


def nbf_mask(actors: pd.DataFrame, region: str | None, rule: NBFRule | None = None) -> pd.Series:
    """:meth:`NBFRule.select` of ``rule`` (default :data:`DEFAULT_NBF_RULE`)."""
    return (rule or DEFAULT_NBF_RULE).select(actors, region)


def region_nbfs(
    data: Store | TemporalNetwork, region: str | None, rule: NBFRule | None = None
) -> pd.DataFrame:
    """The NBFs of a region by ``rule`` (default :data:`DEFAULT_NBF_RULE`): rows of the
    network's actors frame, sorted by id.

    Examples
    --------
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["b", "a", "p"], "kind": ["biotech_firm"] * 2 + ["pharma"],
    ...     "nuts": ["BE211", "BE242", ""]})
    >>> ties = pd.DataFrame({"kind": ["licence"], "source": ["a"], "target": ["p"],
    ...     "start": ["2001"]})
    >>> region_nbfs(TemporalNetwork(ties, actors), "BE2")["id"].tolist()
    ['a', 'b']
    """
    actors = as_network(data).actors
    chosen = actors[nbf_mask(actors, region, rule).to_numpy(bool)]
    return chosen.sort_values("id").reset_index(drop=True)
