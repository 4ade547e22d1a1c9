"""Corporate families: which actors are one partner at the group level (design note 6).

A corporate group is an ultimate parent with the subsidiaries the data ties to it by
``subsidiary`` ties (parent -> subsidiary), at any depth. Only ``subsidiary`` ties make a
family: an acquisition, even a completed one of a pharma by a pharma, does not merge the
buyer and the bought (the data records the takeover as a deal, and the bought company
keeps its own record and ties). Partner-level indicators count groups by default
(``partners="group"``) and units on request (``partners="unit"``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.vocab import TieKind
from bioregion.system._memo import remembered
from bioregion.system._scope import has_tag, proper_ties

if TYPE_CHECKING:
    from bioregion.network import TemporalNetwork

__all__ = ["PARTNER_LEVELS", "check_partners", "family_of", "group_tagged"]

#: Who a partner is: ``group`` (a corporate family, :func:`family_of`) or ``unit`` (each
#: actor of the data on its own).
PARTNER_LEVELS = ("group", "unit")


def check_partners(partners: object) -> str:
    """``partners`` when it is one of :data:`PARTNER_LEVELS`, else :class:`ArgumentError`.

    >>> check_partners("unit")
    'unit'
    """
    if not isinstance(partners, str) or partners not in PARTNER_LEVELS:
        raise ArgumentError(
            f"partners={partners!r} is not a partner level; give 'group' (a parent with "
            "its subsidiaries is one partner) or 'unit' (each actor on its own)"
        )
    return partners


def family_of(net: TemporalNetwork) -> pd.Series:
    """The corporate group of every actor: ``actor id -> group id``.

    Rule: follow ``subsidiary`` ties (parent -> subsidiary; the ties that count,
    :func:`~bioregion.system._scope.proper_ties`, of any date: a family is taken over the
    whole data) from each actor up to its ultimate parent, an actor with no parent; the
    group id is that parent's id. An actor in no subsidiary tie is its own group. Where
    the data gives an actor two parents, or a cycle, the whole connected family is one
    group named by its smallest parentless id (else its smallest id). Acquisitions do not
    make families.

    Returns
    -------
    pandas.Series
        Indexed by actor id (every actor of ``net.actors``, then any other actor of a
        subsidiary tie), values the group ids (str); name ``group``.

    Examples
    --------
    >>> from bioregion.network import TemporalNetwork
    >>> actors = pd.DataFrame({"id": ["jnj", "janssen", "cilag", "roche", "gen"],
    ...     "kind": ["pharma"] * 5})
    >>> ties = pd.DataFrame({"kind": ["subsidiary", "subsidiary", "acquisition"],
    ...     "source": ["jnj", "janssen", "roche"], "target": ["janssen", "cilag", "gen"],
    ...     "start": ["1961", "1970", "2009"]})
    >>> family_of(TemporalNetwork(ties, actors)).to_dict()
    {'jnj': 'jnj', 'janssen': 'jnj', 'cilag': 'jnj', 'roche': 'roche', 'gen': 'gen'}

    Remembered inside :func:`bioregion.system._memo.reuse` (never change the Series).
    """
    return remembered("family_of", net, (), lambda: _families(net))


def _families(net: TemporalNetwork) -> pd.Series:
    """:func:`family_of`, computed."""
    ties = proper_ties(net)
    sub = ties[ties["kind"] == TieKind.SUBSIDIARY]
    ids = list(dict.fromkeys([*net.actors["id"].astype(str), *sub["source"], *sub["target"]]))
    link = {x: x for x in ids}

    def root(x: str) -> str:
        while link[x] != x:
            link[x] = link[link[x]]
            x = link[x]
        return x

    for a, b in zip(sub["source"].astype(str), sub["target"].astype(str), strict=True):
        ra, rb = root(a), root(b)
        if ra != rb:
            link[max(ra, rb)] = min(ra, rb)
    children = set(sub["target"].astype(str))
    members: dict[str, list[str]] = {}
    for x in ids:
        members.setdefault(root(x), []).append(x)
    name = {}
    for group in members.values():
        heads = sorted(x for x in group if x not in children) or sorted(group)
        name.update(dict.fromkeys(group, heads[0]))
    return pd.Series([name[x] for x in ids], index=pd.Index(ids, name="id"), name="group")


def group_tagged(actors: pd.DataFrame, groups: pd.Series, tag: str) -> pd.Series:
    """True for the groups (ids of ``groups``' values) with at least one member tagged
    ``tag`` (``actors``: an actors frame with ``id`` and ``tags``), indexed by group id.

    >>> actors = pd.DataFrame({"id": ["jnj", "janssen", "x"],
    ...     "tags": [("large_pharma",), (), ()]})
    >>> groups = pd.Series({"jnj": "jnj", "janssen": "jnj", "x": "x"})
    >>> group_tagged(actors, groups, "large_pharma").to_dict()
    {'jnj': True, 'x': False}
    """
    tagged = has_tag(actors["tags"], tag).to_numpy(bool)
    by_actor = pd.Series(tagged, index=actors["id"].astype(str).to_numpy())
    held = by_actor.reindex(groups.index).fillna(False).astype(bool)
    return held.groupby(groups.to_numpy()).any().astype(bool)
