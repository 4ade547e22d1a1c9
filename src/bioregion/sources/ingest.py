"""Ingest: public data into the store, read from files or fetched live, in one batch.

:func:`ingest` asks a connector for a dataset (from downloaded files, or live through
a :class:`~bioregion.sources.http.SourceClient`) and writes it with :meth:`Store.write
<bioregion.store.Store.write>`: one transaction, recorded as one batch, or nothing at
all. Merges survive re-ingest: ``Store.write`` applies the store's merges
(``store.actor_redirects()``) to every dataset it writes (an actor merged away is not
written again, its ties and participations go to the actor it was merged into, a
participation meeting one of that actor is combined with it); ingest says so in its
notes and moves the aliases, domains and relations the connector returned along.

What a connector says beside its records (other names, web domains, undated
relations) is kept in the store in the same transaction, citing the source and the
batch (:meth:`Store.write_with_extras
<bioregion.store.Store.write_with_extras>`), so a later ``bioregion resolve`` uses it.

An actor the store already holds is not replaced by a later record of it but united
with it (:func:`united`): its sources and tags are the union, an empty field is
filled, and a field the store holds is kept unless the new record is the same public
record read again (it cites one of the stored actor's sources, e.g. the same ROR
record from a newer dump), which then updates it. A later short record (an OpenAlex
institution inside a work) never blanks what an earlier full record filled.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from bioregion.errors import ArgumentError, Problem, SourceError
from bioregion.model.dataset import Dataset
from bioregion.model.records import Actor, field_kinds
from bioregion.sources.base import Connector, Progress, describe_file, load_connector, rejected
from bioregion.sources.http import SourceClient, SourceConfig, source_config
from bioregion.store.extras import SourceExtras
from bioregion.store.store import Store
from bioregion.store.writer import BatchReport, fetch_existing


@dataclass
class IngestReport(BatchReport):
    """A :class:`~bioregion.store.BatchReport` with what ingesting added to say.

    ``source`` is the connector's name; ``notes`` say what was capped, resumed or
    left out (withdrawn records, actors merged away); ``dataset`` is what the
    connector returned (a :class:`~bioregion.sources.base.SourceDataset` keeps the
    aliases, domains and undated relations the resolver can use, by the ids the
    actors have in the store after the merges).
    """

    source: str = ""
    notes: list[str] = field(default_factory=list)
    dataset: Dataset | None = None
    #: Ids of the candidate records queued for review (e.g. SEC agreements).
    queued: list[int] = field(default_factory=list)
    #: New ``aliases``, ``domains`` and ``relations`` kept in the store.
    extras: dict[str, int] = field(default_factory=dict)


def resolve_connector(connector: str | Connector) -> Connector:
    """A connector given by name (see :func:`~bioregion.sources.connector`) or as is."""
    return load_connector(connector) if isinstance(connector, str) else connector


def ingest(
    store: Store,
    connector: str | Connector,
    paths: Sequence[str | Path] | None = None,
    *,
    client: SourceClient | None = None,
    config: SourceConfig | None = None,
    query: Mapping[str, str] | None = None,
    limit: int | None = None,
    label: str = "",
    progress: Progress | None = None,
) -> IngestReport:
    """Read ``paths`` (or, without paths, fetch live) with ``connector`` and write the
    records into ``store`` as one batch.

    Parameters
    ----------
    store : Store
        Where to write.
    connector : a connector's name (``"ror"``) or a connector object.
    paths : downloaded files of the source. ``None`` fetches live instead.
    client : the :class:`SourceClient` to fetch with; by default one is made from
        ``config`` (default: :func:`~bioregion.sources.http.source_config` of the
        connector, i.e. its defaults and the environment) and closed afterwards.
    query, limit : what to fetch (the source's query parameters) and at most how
        many records.
    label : the batch's label (default: the source and the files or the query).
    progress : ``progress(stage, done, total)``, called while reading, fetching,
        checking and writing.

    Returns
    -------
    IngestReport
        The batch written, its counts, and notes.

    Actors the store already holds are united with their stored version, not
    replaced (:func:`united`); the connector's aliases, domains and relations are
    kept in the store with the batch (see the module's description).

    Raises
    ------
    ImportRejectedError
        A file could not be read, or records break the rules (each problem with its
        file and record); nothing was written.
    SourceError
        An unknown source, a fetch that failed after its retries, a source without a
        live API; nothing was written.
    """
    found = resolve_connector(connector)
    if paths is not None:
        dataset, files = read_files(found, paths, progress)
        notes: list[str] = []
    else:
        dataset, files, notes = fetch_live(found, client, config, query, limit, progress)
    notes = list(dict.fromkeys([*notes, *getattr(dataset, "notes", [])]))
    redirects = actor_redirects(store)
    notes += merge_notes(dataset, redirects)
    follow_merges(dataset, redirects)
    notes += unite_with_stored(store, dataset)
    label = label or default_label(found, paths, query)
    batch, added = store.write_with_extras(
        dataset, source_extras(found.name, dataset), files=files, label=label, progress=progress
    )
    if any(added.values()):
        notes.append(
            f"kept {added['aliases']} new alias(es), {added['domains']} web domain(s) and "
            f"{added['relations']} undated relation(s) for the resolver"
        )
    queued: list[int] = []
    candidates = getattr(dataset, "candidates", None)
    if candidates is not None and candidates.ties:  # e.g. SEC agreements: for review only
        queued = store.queue_candidates(
            candidates, evidence=getattr(dataset, "evidence", []), label=label
        )
        notes.append(f"{len(queued)} candidate tie(s) queued for review (bioregion candidates)")
    return IngestReport(
        batch_id=batch.batch_id,
        counts=batch.counts,
        files=batch.files,
        source=found.name,
        notes=notes,
        dataset=dataset,
        queued=list(queued),
        extras=added,
    )


def read_files(
    connector: Connector, paths: Sequence[str | Path], progress: Progress | None
) -> tuple[Dataset, list[dict[str, Any]]]:
    """The connector's dataset of ``paths`` and how the batch records each file."""
    given = [Path(p) for p in paths]
    if not given:
        raise ArgumentError(f"no files given to read with {connector.name}")
    missing = [Problem(file=str(p), rule="no such file") for p in given if not p.is_file()]
    if missing:
        raise rejected(missing)
    dataset = connector.read(given, progress=progress)
    files = [describe_file(p, connector.name, rows_from(dataset, p, len(given))) for p in given]
    return dataset, files


def rows_from(dataset: Dataset, path: Path, files: int) -> dict[str, int]:
    """How many records of each type came from ``path`` (by where they were read;
    a member of an archive counts for the archive); all of them for a single file."""
    if files == 1:
        return dataset.counts()
    name = str(path)
    counts = dict.fromkeys(dataset.counts(), 0)
    for record in dataset:
        file, _ = dataset.where.get(id(record), ("", None))
        if file == name or file.startswith(name + "!"):
            counts[record.kind_name] += 1
    return counts


def fetch_live(
    connector: Connector,
    client: SourceClient | None,
    config: SourceConfig | None,
    query: Mapping[str, str] | None,
    limit: int | None,
    progress: Progress | None,
) -> tuple[Dataset, list[dict[str, Any]], list[str]]:
    """The connector's dataset fetched live, how the batch records the fetch, notes."""
    fetch = getattr(connector, "fetch", None)
    if fetch is None:
        raise SourceError(
            f"{connector.name} has no live API in bioregion; download its files and read "
            f"them with: bioregion ingest {connector.name} FILE..."
        )
    own = client is None
    used = client or SourceClient(config or source_config(connector))
    try:
        dataset = fetch(used, query=dict(query or {}), limit=limit, progress=progress)
    finally:
        if own:
            used.close()
    record = {
        "path": f"{connector.name} API",
        "format": f"{connector.name} api",
        "sha256": fingerprint(dataset),
        "rows": dataset.counts(),
        "query": dict(query or {}),
        "limit": limit,
        "requests": used.sent,
        "from_cache": used.from_cache,
        "notes": list(used.notes),
    }
    return dataset, [record], list(used.notes)


def fingerprint(dataset: Dataset) -> str:
    """SHA-256 of the records (as sorted JSON): what a fetch brought, comparable
    between two fetches like a file's hash."""
    digest = hashlib.sha256()
    for record in dataset:
        digest.update(json.dumps(record.to_dict(), sort_keys=True, default=str).encode())
    return digest.hexdigest()


def default_label(
    connector: Connector, paths: Sequence[str | Path] | None, query: Mapping[str, str] | None
) -> str:
    if paths is not None:
        return f"{connector.name}: " + ", ".join(Path(p).name for p in paths)
    shown = " ".join(f"{k}={v}" for k, v in (query or {}).items())
    return f"{connector.name} fetch" + (f" {shown}" if shown else "")


def actor_redirects(store: Store) -> dict[str, str]:
    """The store's applied merges, merged actor id -> kept actor id; ``{}`` for a
    store without merges (or without the curation tables)."""
    method = getattr(store, "actor_redirects", None)
    return dict(method()) if callable(method) else {}


def final_id(actor_id: str, redirects: Mapping[str, str]) -> str:
    """Where ``actor_id`` ends after following merges (a chain a -> b -> c gives c)."""
    seen = {actor_id}
    while actor_id in redirects:
        actor_id = redirects[actor_id]
        if actor_id in seen:  # a circle would be a bug of the merge table; stop there
            break
        seen.add(actor_id)
    return actor_id


def merge_notes(dataset: Dataset, redirects: Mapping[str, str]) -> list[str]:
    """What the store's merges will change in ``dataset`` when it is written, in words."""
    if not redirects:
        return []
    merged = sum(a.id in redirects for a in dataset.actors)
    moved = sum(t.source in redirects or t.target in redirects for t in dataset.ties)
    moved += sum(p.actor in redirects for p in dataset.participations)
    notes = []
    if merged:
        notes.append(
            f"{merged} actor(s) not written again: curation merged them into other actors "
            "(bioregion merges lists the merges)"
        )
    if moved:
        notes.append(
            f"{moved} tie(s) and participation(s) moved to the actors theirs were merged into"
        )
    return notes


def follow_merges(dataset: Dataset, redirects: Mapping[str, str]) -> Dataset:
    """The aliases, domains and relations of a :class:`SourceDataset` moved to the
    actors their actors were merged into (the records themselves are redirected by
    :meth:`Store.write <bioregion.store.Store.write>`)."""
    if redirects:
        _move_extras(dataset, {a: final_id(a, redirects) for a in redirects})
    return dataset


def _move_extras(dataset: Dataset, moved: Mapping[str, str]) -> None:
    """Aliases, domains and relations of a :class:`SourceDataset` follow the merges."""
    for name in ("aliases", "domains"):
        table = getattr(dataset, name, None)
        if not table:
            continue
        merged: dict[str, list[str]] = {}
        for actor_id, values in table.items():
            target = merged.setdefault(moved.get(actor_id, actor_id), [])
            target += [v for v in values if v not in target]
        setattr(dataset, name, merged)
    relations = getattr(dataset, "relations", None)
    if relations:
        dataset.relations = [  # type: ignore[attr-defined]
            replace(r, source=moved.get(r.source, r.source), target=moved.get(r.target, r.target))
            for r in relations
        ]


# -- what the store already holds ---------------------------------------------------
#: Fields :func:`united` does not treat one by one.
UNITED_APART = ("id", "sources", "tags", "identifiers")


@cache
def united_fields() -> tuple[str, ...]:
    """The actor fields :func:`united` takes one by one (read once: type hints are slow)."""
    return tuple(n for n in field_kinds(Actor) if n not in UNITED_APART)


def source_extras(source: str, dataset: Dataset) -> SourceExtras:
    """What a :class:`~bioregion.sources.base.SourceDataset` says beside its records
    (nothing for a plain :class:`Dataset`), for the store to keep."""
    return SourceExtras(
        source=source,
        aliases=getattr(dataset, "aliases", None) or {},
        domains=getattr(dataset, "domains", None) or {},
        relations=list(getattr(dataset, "relations", None) or ()),
    )


def is_empty(name: str, value: Any) -> bool:
    """Whether a field's value says nothing: ``None``, ``""``, an empty list or map,
    and the kind ``other`` (a source that cannot tell the kind)."""
    return value is None or value in ("", (), {}) or (name == "kind" and value == "other")


def united(stored: Actor, new: Actor) -> tuple[Actor, list[str]]:
    """One actor from its stored version and a later record of it, and the fields
    whose new value was not taken (it differed from a stored non-empty value).

    The rule: sources and tags are the union (stored ones first); identifiers are the
    union, and an empty field is filled. Where both give a value:

    - the new record is the same public record read again (it cites one of the
      stored actor's sources): the new value wins, as the source updated it;
    - otherwise the stored value wins, and the field is named in the second value
      returned (:func:`ingest` says so in its notes). A scheme's identifier is kept
      the same way.

    An empty new value never blanks a stored one, whatever the source (the kind
    ``other`` counts as empty: the source could not tell). A record of an actor that
    curation merged away is not united with the kept actor: it is left out, as the
    merge decided (:meth:`Store.write <bioregion.store.Store.write>`).
    """
    same = not set(stored.sources).isdisjoint(new.sources)
    values: dict[str, Any] = {}
    passed: list[str] = []
    for name in united_fields():
        old, fresh = getattr(stored, name), getattr(new, name)
        if is_empty(name, fresh) or (fresh != old and not same and not is_empty(name, old)):
            values[name] = old
            if not is_empty(name, fresh) and fresh != old:
                passed.append(name)
        else:
            values[name] = fresh
    identifiers = (
        {**stored.identifiers, **new.identifiers}
        if same
        else {**new.identifiers, **stored.identifiers}
    )
    passed += [
        f"identifiers.{k}"
        for k, v in new.identifiers.items()
        if not same and stored.identifiers.get(k) not in (None, v)
    ]
    values["identifiers"] = dict(sorted(identifiers.items()))
    values["sources"] = stored.sources + tuple(s for s in new.sources if s not in stored.sources)
    values["tags"] = stored.tags + tuple(t for t in new.tags if t not in stored.tags)
    return new.evolve(**values), passed  # type: ignore[return-value]


def unite_with_stored(store: Store, dataset: Dataset) -> list[str]:
    """Unite, in place, each actor of ``dataset`` the store already holds with its
    stored version (:func:`united`); notes on stored values kept over new ones."""
    keys = [(a.id,) for a in dataset.actors]
    if not keys:
        return []
    with store.engine.connect() as conn:
        stored = fetch_existing(conn, Actor, keys)
    if not stored:
        return []
    passed: dict[str, list[str]] = {}
    for i, actor in enumerate(dataset.actors):
        before = stored.get((actor.id,))
        if before is None or before == actor:  # new, or the same as stored
            continue
        after, fields = united(before, actor)  # type: ignore[arg-type]
        if fields:
            passed[actor.id] = fields
        if after != actor:
            dataset.actors[i] = after
            if id(actor) in dataset.where:
                dataset.where[id(after)] = dataset.where.pop(id(actor))
    if not passed:
        return []
    shown = "; ".join(f"{a}: {', '.join(f)}" for a, f in list(passed.items())[:3])
    more = f" and {len(passed) - 3} more" if len(passed) > 3 else ""
    return [
        f"{len(passed)} stored actor(s) kept values that a record of another source gives "
        f"differently ({shown}{more}); edit them with: bioregion edit actor ID"
    ]


__all__ = [
    "IngestReport",
    "actor_redirects",
    "follow_merges",
    "ingest",
    "is_empty",
    "merge_notes",
    "resolve_connector",
    "source_extras",
    "unite_with_stored",
    "united",
]
