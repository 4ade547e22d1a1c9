"""Which actors of a region are its new technology-based firms (NBFs): one documented,
overridable rule, :class:`NBFRule`, used by every indicator that looks at NBFs.

The rule (defaults in brackets):

1. An actor is an NBF of a region only when it belongs to the region (by default through
   its membership of the regional innovation system, else its NUTS location; see
   ``membership`` below), carries the tag ``sector`` when one is given [any sector; e.g.
   ``red_biotech`` leaves green-biotech firms out] and was founded in or after ``founded_from``
   [any year; an unknown founding date counts].
2. When some actor of the region carries the tag ``tag`` [``nbf``], the data says which
   of the region's firms are NBFs: the actors carrying that tag.
3. Otherwise (a region whose data does not use the tag, e.g. a user's own region), the
   NBFs are the actors of one of ``kinds`` [``biotech_firm``] not carrying
   ``exclude_tag`` [``not_nbf``].

The choice between 2 and 3 is made region by region, so a store that mixes tagged data
(e.g. a shipped dataset) with an untagged region of your own applies 3 to your region.
``NBFRule(tag=None)`` always applies 3. ``NBFRule(kinds=..., founded_from=1990,
sector="red_biotech")`` narrows the rule. Pass the rule as ``nbf_rule=`` to the
indicators (default :data:`DEFAULT_NBF_RULE`).

Scope in time: :func:`region_nbfs` (and :func:`nbf_mask`) take the period of the
indicator and keep the NBFs that existed at some time of it: an NBF founded after the
period's last year is left out (it is in no denominator of that period), and so is an
NBF that ended before the period's first year (it could have no tie in the period); an
unknown founding or end date keeps the firm. Every indicator that counts NBFs selects
them this way, so the denominators of the report's sections agree.

Membership (``membership=``, keyword-only, on every function that selects by region):
``"system"`` (default) counts an actor in the region when one of its ``systems`` (the
regional innovation systems it belongs to by jurisdiction or mandate) is the region or
lies in it, and, for an actor with no ``systems``, when its NUTS code lies in the region;
``"location"`` uses the NUTS code only.

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
from bioregion.system._scope import (
    Period,
    as_network,
    check_membership,
    check_period,
    exists_in_period,
    has_tag,
    in_region,
)

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
    ``exclude_tag``: a tag that keeps an actor of those kinds out (None: none);
    ``sector``: a tag every NBF must carry, e.g. ``red_biotech`` (None: any sector).

    >>> actors = pd.DataFrame({"id": ["a", "b", "u"], "nuts": ["BE211", "BE242", "BE242"],
    ...     "kind": ["biotech_firm", "biotech_firm", "university"],
    ...     "founded": pd.to_datetime(["1985", "2001", "1425"]), "tags": [(), (), ()]})
    >>> NBFRule().select(actors, "BE2").tolist()
    [True, True, False]
    >>> NBFRule(founded_from=1990).select(actors, "BE2").tolist()
    [False, True, False]
    >>> actors["tags"] = [("red_biotech",), ("green_biotech",), ()]
    >>> NBFRule(sector="red_biotech").select(actors, "BE2").tolist()
    [True, False, False]
    """

    tag: str | None = "nbf"
    kinds: frozenset[ActorKind] = field(default_factory=lambda: frozenset({ActorKind.BIOTECH_FIRM}))
    founded_from: int | None = None
    exclude_tag: str | None = "not_nbf"
    sector: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", _kinds(self.kinds))
        if self.sector is not None and (not isinstance(self.sector, str) or not self.sector):
            raise ArgumentError(
                f"NBFRule sector={self.sector!r} is not a tag; give a tag such as "
                "'red_biotech', or None for any sector"
            )
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

    def select(
        self, actors: pd.DataFrame, region: str | None, *, membership: str = "system"
    ) -> pd.Series:
        """True for the NBFs of ``region`` (None: of every region) among ``actors``, at any
        time (:func:`region_nbfs` adds the period); ``membership`` as in
        :func:`~bioregion.system._scope.in_region`."""
        inside = in_region(actors, region, membership=membership)
        if self.uses_tag(actors[inside.to_numpy(bool)]):
            chosen = has_tag(actors["tags"], str(self.tag))
        else:
            chosen = actors["kind"].isin(self.kinds)
            if self.exclude_tag is not None:
                chosen &= ~has_tag(actors["tags"], self.exclude_tag)
        if self.founded_from is not None:
            founded = actors["founded"]
            chosen &= founded.isna() | (founded.dt.year >= self.founded_from)
        if self.sector is not None:
            chosen &= has_tag(actors["tags"], self.sector)
        return (chosen & inside).astype(bool)


#: The rule the indicators use unless given another (``tag="nbf"``, ``biotech_firm``).
DEFAULT_NBF_RULE = NBFRule()


def _check_nbf_period(period: object) -> Period:
    if isinstance(period, NBFRule):
        raise ArgumentError(
            "an NBFRule was given where the period goes: the NBFs of a region are taken "
            "for a period, give (data, region, period, rule), e.g. "
            "region_nbfs(store, 'BE2', (2000, 2010), NBFRule())"
        )
    return check_period(period)


def nbf_mask(
    actors: pd.DataFrame,
    region: str | None,
    period: Period,
    rule: NBFRule | None = None,
    *,
    membership: str = "system",
) -> pd.Series:
    """True for the NBFs of :func:`region_nbfs` among the rows of an actors frame."""
    period = _check_nbf_period(period)
    check_membership(membership)
    chosen = (rule or DEFAULT_NBF_RULE).select(actors, region, membership=membership)
    return (chosen & exists_in_period(actors, period)).astype(bool)


def region_nbfs(
    data: Store | TemporalNetwork,
    region: str | None,
    period: Period,
    rule: NBFRule | None = None,
    *,
    membership: str = "system",
) -> pd.DataFrame:
    """The NBFs of a region in a period: rows of the network's actors frame, sorted by id.

    Unit: firms. Scope: the actors of ``region`` (None: every region; membership by
    ``membership``, ``"system"`` or ``"location"``) chosen by ``rule`` (default
    :data:`DEFAULT_NBF_RULE`, see :class:`NBFRule`, including its ``sector``) that
    existed at some time of ``period``: founded by the end of its last year (or of
    unknown founding) and not ended before its first year. Every indicator of
    :mod:`bioregion.system` that counts NBFs selects them with this function (or
    :func:`nbf_mask`), so its denominators agree with the others'.

    Examples
    --------
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["b", "a", "p", "late"],
    ...     "kind": ["biotech_firm"] * 2 + ["pharma", "biotech_firm"],
    ...     "nuts": ["BE211", "BE242", "", "BE211"], "founded": ["", "", "", "2012"]})
    >>> ties = pd.DataFrame({"kind": ["licence"], "source": ["a"], "target": ["p"],
    ...     "start": ["2001"]})
    >>> region_nbfs(TemporalNetwork(ties, actors), "BE2", (2000, 2010))["id"].tolist()
    ['a', 'b']
    """
    actors = as_network(data).actors
    chosen = actors[nbf_mask(actors, region, period, rule, membership=membership).to_numpy(bool)]
    return chosen.sort_values("id").reset_index(drop=True)
