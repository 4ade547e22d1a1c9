"""Corporate families at a date: each actor's family head, so a network rolls up on demand.

Resolution merges records of *one* organisation. Janssen Pharmaceutica and Johnson &
Johnson are two organisations of one group: they are never merged, but a network can
be counted at the group level by mapping every actor to its family head and keeping
the unit in a column of its own.

Rule (documented in ``docs/resolution.md``):

- a ``subsidiary`` tie (parent -> subsidiary) puts the subsidiary under its parent
  from the tie's start until its end (open-ended when no end is given);
- an ``acquisition`` tie (acquirer -> target) puts the target under the acquirer from
  the date the acquisition completed (``closed`` when known, else ``start``, the
  announcement), open-ended: ownership changes from that date, and ties the target
  made before keep their own actor;
- ties with status ``terminated`` (a deal that fell through) do not count;
- an actor with no parent at that date is its own head; a chain is followed to the
  top (unit -> parent -> ultimate parent); where an actor has two parents at one
  date, the latest tie wins (the most recent change of ownership), then the smaller
  parent id; a cycle stops at the actor where it would repeat.

Unlike :func:`bioregion.system` 's ``family_of`` (``subsidiary`` ties over all dates,
for partner counts), these families are dated and follow acquisitions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.dates import PartialDate

if TYPE_CHECKING:
    from bioregion.store import Store

__all__ = ["FAMILY_TIE_KINDS", "family_heads", "family_table", "roll_up", "store_family_heads"]

#: Tie kinds that make a family: parent -> subsidiary, acquirer -> target.
FAMILY_TIE_KINDS = ("subsidiary", "acquisition")


def _day(value: Any) -> pd.Timestamp | None:
    """A date-like value as a timestamp (first day of a partial date); None if unknown."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, PartialDate):
        return pd.Timestamp(value.first_day)
    if isinstance(value, int):
        return pd.Timestamp(dt.date(value, 1, 1))
    stamp = pd.Timestamp(value) if not isinstance(value, str) else _parse(value)
    return None if stamp is None or pd.isna(stamp) else stamp


def _parse(text: str) -> pd.Timestamp | None:
    text = text.strip()
    if not text:
        return None
    try:
        return pd.Timestamp(PartialDate.parse(text).first_day)
    except (ValueError, ArgumentError, AttributeError):
        return pd.Timestamp(text)


def family_table(ties: pd.DataFrame) -> pd.DataFrame:
    """The ownership links of a ties frame: ``parent``, ``child``, ``from``, ``until``.

    ``ties`` has the columns of ``store.frame("ties")`` (at least ``kind``,
    ``source``, ``target``, ``start``; ``end``, ``closed``, ``status`` when present).
    """
    rows = []
    for tie in ties.to_dict("records"):
        if tie.get("kind") not in FAMILY_TIE_KINDS or tie.get("status") == "terminated":
            continue
        begins = _day(tie.get("closed")) if tie["kind"] == "acquisition" else None
        begins = begins or _day(tie.get("start"))
        ends = _day(tie.get("end")) if tie["kind"] == "subsidiary" else None
        rows.append(
            {
                "parent": str(tie["source"]),
                "child": str(tie["target"]),
                "from": begins,
                "until": ends,
            }
        )
    return pd.DataFrame(rows, columns=["parent", "child", "from", "until"])


def family_heads(actors: Iterable[str], ties: pd.DataFrame, at: Any = None) -> dict[str, str]:
    """Each actor's family head at date ``at`` (default: today): ``actor id -> head id``.

    ``at`` is a date, a :class:`~bioregion.model.dates.PartialDate`, a year or an ISO
    text. See the module docstring for the rule.

    >>> ties = pd.DataFrame({"kind": ["subsidiary", "acquisition"],
    ...     "source": ["jnj", "janssen"], "target": ["janssen", "crucell"],
    ...     "start": ["1961", "2010-10-06"], "closed": [None, "2011-02-21"]})
    >>> family_heads(["jnj", "janssen", "crucell"], ties, at=2010)
    {'jnj': 'jnj', 'janssen': 'jnj', 'crucell': 'crucell'}
    >>> family_heads(["crucell"], ties, at=2012)["crucell"]
    'jnj'
    """
    try:
        moment = _day(at) if at is not None else pd.Timestamp(dt.date.today())
    except ValueError:
        moment = None
    if moment is None:
        raise ArgumentError(f"at={at!r} is not a date; give a year, 2011-02 or 2011-02-21")
    links = family_table(ties)
    active = links[
        (links["from"].isna() | (links["from"] <= moment))
        & (links["until"].isna() | (links["until"] >= moment))
    ]
    active = active.sort_values(["child", "from", "parent"], ascending=[True, False, True])
    parent = dict(active.drop_duplicates("child")[["child", "parent"]].itertuples(index=False))
    heads = {}
    for actor in actors:
        node, seen = str(actor), {str(actor)}
        while node in parent and parent[node] not in seen:
            node = parent[node]
            seen.add(node)
        heads[str(actor)] = node
    return heads


def roll_up(frame: pd.DataFrame, heads: dict[str, str], columns: Iterable[str]) -> pd.DataFrame:
    """A copy of ``frame`` whose actor ``columns`` hold family heads; units kept beside.

    Each rolled-up column ``c`` keeps its unit in ``c_unit``, so nothing is lost.

    >>> ties = pd.DataFrame({"source": ["janssen"], "target": ["galapagos"]})
    >>> roll_up(ties, {"janssen": "jnj"}, ["source", "target"]).iloc[0].to_dict()
    {'source': 'jnj', 'target': 'galapagos', 'source_unit': 'janssen', 'target_unit': 'galapagos'}
    """
    out = frame.copy()
    for column in columns:
        out[f"{column}_unit"] = out[column]
        out[column] = [heads.get(str(x), x) for x in out[column]]
    return out


def store_family_heads(store: Store, at: Any = None) -> dict[str, str]:
    """:func:`family_heads` of every actor of a store, from its ties and from the undated
    parent/child relations that ingested sources gave (e.g. ROR's; a dated tie of the
    same child wins over them)."""
    ties = store.frame("ties", ["kind", "source", "target", "start", "end", "closed", "status"])
    undated = [
        (rel.target, rel.source) if rel.kind == "parent" else (rel.source, rel.target)
        for rel in store.relations()
        if rel.kind in ("parent", "child")
    ]
    if undated:
        parents, children = zip(*undated, strict=True)
        extra = pd.DataFrame(
            {"kind": "subsidiary", "source": parents, "target": children, "start": None}
        )
        ties = pd.concat([ties, extra], ignore_index=True)
    return family_heads(store.frame("actors", ["id"])["id"], ties, at=at)
