"""What a source says about actors beyond their records, kept with its provenance.

A connector returns, beside its records, other names of actors (ROR labels, acronyms,
names in other languages), their web domains and undated relations between them
(ROR's parent/child/related/successor). :func:`save_extras` keeps them in the store,
in the transaction of the batch that wrote the records, so that a later ``bioregion
resolve`` and the corporate-family roll-up can use them:

- other names go to ``actor_aliases`` (migration 0003) with ``origin``
  ``<source>:batch:<batch id>``; merges move them to the kept actor and undoing a
  merge moves them back (:mod:`bioregion.store.curation`);
- web domains go to ``actor_domains`` and relations to ``actor_relations`` (migration
  0004), each with the source's name (``origin``) and the batch. Their actor ids are
  stored as the source gave them (after the merges applied at ingest) and the
  store's merges are followed when they are read, so a merged-away actor's domains
  and relations belong to the actor it was merged into, and undoing the merge gives
  them back, with no rows to move.

Saving is idempotent: a name, domain or relation the store already holds for the
actor (after following merges) is not written again, and keeps the provenance of
the batch that first gave it. Names and domains of actors the store does not hold
are left out; a relation needs its ``source`` actor in the store, its ``target``
may be an organisation the store does not hold (ROR points to parents outside a
region).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import (
    Connection,
    Table,
    insert,
    select,
)

from bioregion.model.records import Actor
from bioregion.store.curation import actor_redirects
from bioregion.store.schema import TABLES, actor_aliases, actor_domains, actor_relations
from bioregion.store.writer import chunks

#: How the ``origin`` of an alias a source gave names its batch.
BATCH_MARK = ":batch:"
MAX_ALIAS, MAX_DOMAIN = 512, 255


class RelationLike(Protocol):
    """What :func:`save_extras` reads of a relation (e.g.
    :class:`bioregion.sources.base.Relation`)."""

    source: str
    target: str
    kind: str
    label: str


@dataclass(frozen=True)
class SourceExtras:
    """What one source said beside its records: ``source`` is its name (``ror``);
    ``aliases`` and ``domains`` map actor ids to names and web domains; ``relations``
    are objects with ``source``, ``target``, ``kind`` and ``label``."""

    source: str
    aliases: Mapping[str, Sequence[str]] = field(default_factory=dict)
    domains: Mapping[str, Sequence[str]] = field(default_factory=dict)
    relations: Sequence[RelationLike] = ()


@dataclass(frozen=True)
class ActorName:
    """Another name of an actor, with who gave it: ``origin`` is a source's name
    (``ror``) with ``batch_id`` the batch, or ``merge:<id>`` for the name of an actor
    merged into this one (``batch_id`` None)."""

    actor: str
    name: str
    origin: str
    batch_id: int | None = None


@dataclass(frozen=True)
class ActorDomain:
    """A web domain of an actor, with the source (``origin``) and batch that gave it."""

    actor: str
    domain: str
    origin: str
    batch_id: int | None = None


@dataclass(frozen=True)
class ActorRelation:
    """An undated relation between two actors (``kind`` the source's word: ``parent``
    says ``target`` is the parent of ``source``), with the source and batch."""

    source: str
    target: str
    kind: str
    label: str = ""
    origin: str = ""
    batch_id: int | None = None


def alias_origin(source: str, batch_id: int) -> str:
    """The ``origin`` of an alias that a source gave in a batch.

    >>> alias_origin("ror", 7), split_origin("ror:batch:7"), split_origin("merge:3")
    ('ror:batch:7', ('ror', 7), ('merge:3', None))
    """
    return f"{source}{BATCH_MARK}{batch_id}"


def split_origin(origin: str) -> tuple[str, int | None]:
    """``(source, batch id)`` of an alias origin (see :func:`alias_origin`)."""
    source, mark, batch = origin.rpartition(BATCH_MARK)
    if mark and batch.isdigit():
        return source, int(batch)
    return origin, None


def clean_name(value: Any) -> str:
    """A name with its whitespace collapsed; ``""`` when empty or too long to keep."""
    text = " ".join(str(value or "").split())
    return text if len(text) <= MAX_ALIAS else ""


def clean_domain(value: Any) -> str:
    """A web domain in lower case, without a scheme, path or leading ``www.``.

    >>> clean_domain("https://WWW.UGent.be/en/"), clean_domain("kuleuven.be")
    ('ugent.be', 'kuleuven.be')
    """
    text = str(value or "").strip().lower()
    text = text.split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0]
    text = text.removeprefix("www.").strip(".")
    return text if 0 < len(text) <= MAX_DOMAIN and " " not in text else ""


# -- writing ------------------------------------------------------------------------
def save_extras(conn: Connection, batch_id: int, extras: SourceExtras) -> dict[str, int]:
    """Keep ``extras`` in the store, citing batch ``batch_id``; how many new aliases,
    domains and relations were written (those already held are not written again)."""
    redirects = actor_redirects(conn)

    def final(actor_id: str) -> str:
        return redirects.get(actor_id, actor_id)

    names = _cleaned(extras.aliases, final, clean_name)
    domains = _cleaned(extras.domains, final, clean_domain)
    relations = {
        (final(r.source), final(r.target), str(r.kind)): clean_name(r.label)
        for r in extras.relations
        if r.source and r.target and r.kind and final(r.source) != final(r.target)
    }
    wanted = set(names) | set(domains) | {s for s, _, _ in relations}
    held = _stored_names(conn, wanted)
    origin = alias_origin(extras.source, batch_id)
    have = {(a, n) for a, n in _rows(conn, actor_aliases, "actor_id", held, {}, "alias")}
    alias_rows = [
        {"actor_id": a, "alias": n, "origin": origin}
        for a, values in names.items()
        if a in held
        for n in values
        if n != held[a] and (a, n) not in have
    ]
    have = set(_rows(conn, actor_domains, "actor_id", held, redirects, "domain"))
    domain_rows = [
        {"actor_id": a, "domain": d, "origin": extras.source, "batch_id": batch_id}
        for a, values in domains.items()
        if a in held
        for d in values
        if (a, d) not in have
    ]
    stored = _rows(conn, actor_relations, "source_id", held, redirects, "target_id", "kind")
    have_relations = {(s, final(t), k) for s, t, k in stored}
    relation_rows = [
        {"source_id": s, "target_id": t, "kind": k, "label": label}
        | {"origin": extras.source, "batch_id": batch_id}
        for (s, t, k), label in relations.items()
        if s in held and (s, t, k) not in have_relations
    ]
    for table, rows in (
        (actor_aliases, alias_rows),
        (actor_domains, domain_rows),
        (actor_relations, relation_rows),
    ):
        if rows:
            conn.execute(insert(table), rows)
    return {
        "aliases": len(alias_rows),
        "domains": len(domain_rows),
        "relations": len(relation_rows),
    }


def _cleaned(table: Mapping[str, Sequence[str]], final: Any, clean: Any) -> dict[str, list[str]]:
    """Actor id (merges followed) -> its cleaned, distinct, non-empty values."""
    out: dict[str, list[str]] = {}
    for actor_id, values in table.items():
        kept = out.setdefault(final(actor_id), [])
        for value in values or ():
            text = clean(value)
            if text and text not in kept:
                kept.append(text)
    return {a: v for a, v in out.items() if v}


def _stored_names(conn: Connection, ids: Iterable[str]) -> dict[str, str]:
    """Id -> name of the stored actors among ``ids``."""
    table = TABLES[Actor]
    out: dict[str, str] = {}
    for part in chunks(sorted(ids)):
        query = select(table.c.id, table.c.name).where(table.c.id.in_(part))
        out.update(dict(conn.execute(query).all()))
    return out


def _rows(
    conn: Connection,
    table: Table,
    column: str,
    ids: Iterable[str],
    redirects: Mapping[str, str],
    *values: str,
) -> list[tuple]:
    """``(actor id, *values)`` of the rows of ``table`` whose ``column`` names one of
    ``ids`` or an actor merged into one of them (given as the id it lives on as)."""
    wanted = set(ids)
    looked = sorted(wanted | {m for m, k in redirects.items() if k in wanted})
    out = []
    for part in chunks(looked):
        query = select(table.c[column], *(table.c[v] for v in values))
        for row in conn.execute(query.where(table.c[column].in_(part))):
            out.append((redirects.get(row[0], row[0]), *row[1:]))
    return out


# -- reading ------------------------------------------------------------------------
def actor_names(conn: Connection, actor_id: str | None = None) -> list[ActorName]:
    """Other names of the actors (or of one actor) with their provenance, by actor
    and name."""
    query = select(actor_aliases)
    if actor_id is not None:
        query = query.where(actor_aliases.c.actor_id == actor_id)
    out = []
    for row in conn.execute(query.order_by(actor_aliases.c.actor_id, actor_aliases.c.alias)):
        origin, batch = split_origin(row.origin)
        out.append(ActorName(row.actor_id, row.alias, origin, batch))
    return out


def domain_records(conn: Connection, actor_id: str | None = None) -> list[ActorDomain]:
    """Web domains of the stored actors (or of one), merges followed, each once (with
    the batch that gave it first), by actor and domain."""
    redirects = actor_redirects(conn)
    query = select(actor_domains).order_by(actor_domains.c.batch_id, actor_domains.c.actor_id)
    if actor_id is not None:
        ids = [actor_id, *(m for m, k in redirects.items() if k == actor_id)]
        query = query.where(actor_domains.c.actor_id.in_(ids))
    found: dict[tuple[str, str], ActorDomain] = {}
    for row in conn.execute(query):
        actor = redirects.get(row.actor_id, row.actor_id)
        found.setdefault(
            (actor, row.domain), ActorDomain(actor, row.domain, row.origin, row.batch_id)
        )
    alive = _stored_names(conn, {a for a, _ in found})
    return [found[k] for k in sorted(found) if k[0] in alive]


def domains(conn: Connection, actor_id: str | None = None) -> dict[str, list[str]]:
    """Actor id -> its web domains (see :func:`domain_records`)."""
    out: dict[str, list[str]] = {}
    for record in domain_records(conn, actor_id):
        out.setdefault(record.actor, []).append(record.domain)
    return out


def relations(conn: Connection, actor_id: str | None = None) -> list[ActorRelation]:
    """Undated relations between actors, merges followed at both ends, each once (with
    the batch that gave it first), by source, target and kind.

    ``actor_id`` picks the relations with that actor at either end. A relation whose
    ``source`` is no longer in the store (deleted) is left out; one whose two ends
    were merged into one actor is left out too.
    """
    redirects = actor_redirects(conn)
    table = actor_relations
    query = select(table).order_by(table.c.batch_id, table.c.source_id, table.c.target_id)
    if actor_id is not None:
        ids = [actor_id, *(m for m, k in redirects.items() if k == actor_id)]
        query = query.where(table.c.source_id.in_(ids) | table.c.target_id.in_(ids))
    found: dict[tuple[str, str, str], ActorRelation] = {}
    for row in conn.execute(query):
        source = redirects.get(row.source_id, row.source_id)
        target = redirects.get(row.target_id, row.target_id)
        if source != target:
            key = (source, target, row.kind)
            found.setdefault(key, ActorRelation(*key, row.label, row.origin, row.batch_id))
    alive = _stored_names(conn, {s for s, _, _ in found})
    return [found[k] for k in sorted(found) if k[0] in alive]


__all__ = [
    "ActorDomain",
    "ActorName",
    "ActorRelation",
    "RelationLike",
    "SourceExtras",
    "actor_domains",
    "actor_names",
    "actor_relations",
    "alias_origin",
    "clean_domain",
    "clean_name",
    "domain_records",
    "domains",
    "relations",
    "save_extras",
    "split_origin",
]
