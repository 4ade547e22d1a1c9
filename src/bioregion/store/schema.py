"""The store's schema, in SQLAlchemy Core.

One table per record type, with columns derived from the record's fields
(:func:`bioregion.model.records.field_kinds`): a date becomes ``<name>_date`` plus
``<name>_precision``; lists other than ``sources`` and identifier maps are JSON
text; cited sources live in link tables (``<type>_sources``) with foreign keys to
``sources``, so provenance cannot point nowhere. ``import_batches`` records every
import and ``changes`` every update an import made.

The Alembic migrations in ``migrations/versions`` create this schema; a test checks
that the two agree.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from bioregion.model.records import (
    RECORD_TYPES,
    Actor,
    Event,
    Participation,
    Record,
    Source,
    Tie,
    field_kinds,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_N_name)s",
        "pk": "pk_%(table_name)s",
    }
)

ID = String(128)
#: Record field -> column name where the two differ (the rest keep the field's name).
RENAMED = {
    Tie: {"source": "source_id", "target": "target_id"},
    Participation: {"event": "event_id", "actor": "actor_id"},
}
#: Record field -> referenced table, for fields that hold another record's id.
REFERENCES = {
    Tie: {"source": "actors", "target": "actors"},
    Participation: {"event": "events", "actor": "actors"},
}
TABLE_NAMES: dict[type[Record], str] = {
    Source: "sources",
    Actor: "actors",
    Event: "events",
    Tie: "ties",
    Participation: "participations",
}

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("label", Text, nullable=False, default=""),
    Column("files", Text, nullable=False, default="[]"),  # JSON: [{path, sha256, format, rows}]
    Column(
        "counts", Text, nullable=False, default="{}"
    ),  # JSON: {type: {created, updated, unchanged}}
    Column("tool_version", String(40), nullable=False, default=""),
)


#: What an import of template files by the column-wise path would report if the same
#: files were imported again right after it (migration 0005): ``fingerprint`` covers the
#: files' bytes and paths, the reading options and the tool version; ``counts`` the
#: batch counts of that repeat, ``warnings`` its warnings, ``rows`` the record tables'
#: row counts the batch left. :mod:`bioregion.store.repeats` reads it.
import_fingerprints = Table(
    "import_fingerprints",
    metadata,
    Column("batch_id", Integer, ForeignKey("import_batches.id"), primary_key=True),
    Column("fingerprint", String(64), nullable=False),
    Column("counts", Text, nullable=False, default="{}"),
    Column("warnings", Text, nullable=False, default="[]"),
    Column("rows", Text, nullable=False, default="{}"),
)


def column_name(record_type: type[Record], field: str) -> str:
    return RENAMED.get(record_type, {}).get(field, field)


def _columns(record_type: type[Record]) -> list[Column]:
    keys = set(record_type.key_fields)
    refs = REFERENCES.get(record_type, {})
    cols: list[Column] = []
    for field, kind in field_kinds(record_type).items():
        name = column_name(record_type, field)
        if field == "sources":
            continue
        if kind == "date":
            required = record_type is Tie and field == "start"
            cols.append(Column(f"{name}_date", Date, nullable=not required))
            cols.append(Column(f"{name}_precision", String(5), nullable=not required))
        elif kind == "float":
            cols.append(Column(name, Float))
        elif kind in ("list", "dict"):
            cols.append(
                Column(name, Text, nullable=False, default="[]" if kind == "list" else "{}")
            )
        elif field in refs:
            target = refs[field]
            cols.append(
                Column(
                    name, ID, ForeignKey(f"{target}.id"), primary_key=field in keys, nullable=False
                )
            )
        elif field in keys:
            cols.append(Column(name, ID, primary_key=True))
        else:
            cols.append(Column(name, Text, nullable=False, default=""))
    cols.append(Column("created_batch", Integer, ForeignKey("import_batches.id")))
    cols.append(Column("updated_batch", Integer, ForeignKey("import_batches.id")))
    return cols


def _link_table(record_type: type[Record], table: Table) -> Table:
    keys = [column_name(record_type, k) for k in record_type.key_fields]
    cols = [Column(f"record_{k}", table.c[k].type, primary_key=True) for k in keys]
    return Table(
        f"{table.name[:-1]}_sources",
        metadata,
        *cols,
        Column("source_id", ID, ForeignKey("sources.id"), primary_key=True),
        Column("position", Integer, nullable=False, default=0),
        ForeignKeyConstraint(
            [f"record_{k}" for k in keys], [table.c[k] for k in keys], ondelete="CASCADE"
        ),
    )


TABLES: dict[type[Record], Table] = {
    t: Table(TABLE_NAMES[t], metadata, *_columns(t)) for t in RECORD_TYPES
}
SOURCE_LINKS: dict[type[Record], Table] = {
    t: _link_table(t, TABLES[t]) for t in RECORD_TYPES if t is not Source
}

Index(None, TABLES[Tie].c.source_id)
Index(None, TABLES[Tie].c.target_id)
Index(None, TABLES[Tie].c.kind)
Index(None, TABLES[Tie].c.start_date)
Index(None, TABLES[Actor].c.kind)
Index(None, TABLES[Participation].c.actor_id)
for _t, _link in SOURCE_LINKS.items():
    Index(None, _link.c.source_id)

changes = Table(
    "changes",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), nullable=False, index=True),
    Column("record_type", String(20), nullable=False),
    Column("record_key", Text, nullable=False),
    Column("action", String(10), nullable=False),
    Column("changed", Text, nullable=False),  # JSON: {field: [before, after]}
)

# -- curation (migration 0003): merges, aliases, the review queue ----------------
#: Every merge of one actor into another: proposed (``pending``), ``applied``,
#: ``rejected`` or ``undone``; ``decision`` says how (``auto``, ``manual``, ``accepted``,
#: ``rejected``, ``pending``). ``snapshot`` (JSON) holds every row the merge inserted,
#: changed or removed, before and after, so that :func:`~bioregion.store.curation.undo_merge`
#: restores them exactly; ``merged_record`` (JSON) the rows of the merged actor, its
#: participations and their source links, which later writes fold into the kept actor.
merges = Table(
    "merges",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("kept", ID, nullable=False, index=True),
    Column("merged", ID, nullable=False, index=True),
    Column("probability", Float),
    Column("evidence", Text, nullable=False, default="{}"),
    Column("status", String(10), nullable=False, index=True),
    Column("decision", String(10), nullable=False),
    Column("label", Text, nullable=False, default=""),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Column("undo_batch_id", Integer, ForeignKey("import_batches.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
    Column("snapshot", Text, nullable=False, default="{}"),
    Column("merged_record", Text, nullable=False, default="[]"),
)

#: Other names of an actor: those of the actors merged into it (``origin`` = ``merge:<id>``)
#: or names a source gives (``origin`` = the source's name).
actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", ID, ForeignKey("actors.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", String(512), primary_key=True),
    Column("origin", Text, nullable=False, default=""),
)

#: Web domains of actors, as sources give them (``origin``: the source's name;
#: ``batch_id``: the batch that first gave the domain for the actor; migration 0004).
actor_domains = Table(
    "actor_domains",
    metadata,
    Column("actor_id", ID, primary_key=True),
    Column("domain", String(255), primary_key=True),
    Column("origin", Text, nullable=False, default=""),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
)

#: Undated relations between actors that sources state (``kind``: the source's word,
#: ``parent`` meaning ``target_id`` is the parent of ``source_id``; ``label``: the name
#: the source gives the target; migration 0004).
actor_relations = Table(
    "actor_relations",
    metadata,
    Column("source_id", ID, primary_key=True),
    Column("target_id", ID, primary_key=True),
    Column("kind", String(64), primary_key=True),
    Column("label", Text, nullable=False, default=""),
    Column("origin", Text, nullable=False, default=""),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Index("ix_actor_relations_target_id", "target_id"),
)

#: Records waiting for review before they enter the network (e.g. ties read from SEC
#: EDGAR exhibits): ``payload`` (JSON) holds the record and the records it needs,
#: ``status`` is ``pending``, ``accepted`` or ``rejected``; ``batch_id`` is the batch
#: that wrote an accepted one.
candidates = Table(
    "candidates",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("record_type", String(20), nullable=False),
    Column("record_key", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("evidence", Text, nullable=False, default="{}"),
    Column("status", String(10), nullable=False, index=True),
    Column("label", Text, nullable=False, default=""),
    Column("batch_id", Integer, ForeignKey("import_batches.id")),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("decided_at", DateTime(timezone=True)),
)
Index(None, candidates.c.record_type, candidates.c.record_key)
