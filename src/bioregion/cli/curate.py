"""``bioregion edit``, ``delete``, ``merge``, ``merges`` and ``candidates``: curation.

Each change is one batch with its field-level changes (see ``bioregion batches``).
"""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from bioregion.cli._app import BusyTimeoutOption, DbOption, FormatOption, app, open_store
from bioregion.cli._render import emit, out
from bioregion.errors import ArgumentError
from bioregion.io.cells import CellError, parse_cell
from bioregion.model.records import RECORD_TYPE_BY_NAME, field_kinds

TYPES = ", ".join(RECORD_TYPE_BY_NAME)
TypeArgument = Annotated[
    str, typer.Argument(metavar="TYPE", help=f"The record type: {TYPES}.", show_default=False)
]
KeyArgument = Annotated[
    str,
    typer.Argument(
        metavar="KEY",
        help="The record's id; for a participation EVENT|ACTOR|ROLE.",
        show_default=False,
    ),
]
LabelOption = Annotated[
    str, typer.Option("--label", metavar="TEXT", help="The batch's label [default: what it did].")
]


def field_values(record_type: str, assignments: list[str]) -> dict[str, Any]:
    """``field=value`` texts read as an import reads the cells of those columns."""
    rtype = RECORD_TYPE_BY_NAME.get(record_type.lower().removesuffix("s"))
    if rtype is None:
        raise ArgumentError(f"unknown record type {record_type!r}; use one of: {TYPES}")
    kinds = field_kinds(rtype)
    values: dict[str, Any] = {}
    for text in assignments:
        name, sep, value = text.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ArgumentError(f"{text!r}: write FIELD=VALUE, e.g. city=Leuven")
        if name not in kinds:
            raise ArgumentError(
                f"a {rtype.kind_name} has no field {name!r}; its fields: {', '.join(kinds)}"
            )
        try:
            values[name] = parse_cell(value, kinds[name])
        except CellError as exc:
            raise ArgumentError(f"{name}={value!r}: {exc}") from None
    return values


def _report(report: Any) -> None:
    done = [
        f"{n} {t}(s) {a}"
        for t, c in report.counts.items()
        for a, n in c.items()
        if n and a != "unchanged"
    ]
    out.print(f"batch {report.batch_id}: {', '.join(done) or 'nothing changed'}")


@app.command()
def edit(
    record_type: TypeArgument,
    key: KeyArgument,
    assignments: Annotated[
        list[str],
        typer.Argument(
            metavar="FIELD=VALUE...",
            help="New values, written as in the import templates (dates YYYY[-MM[-DD]], "
            "lists a; b, identifiers ror:...; pic:...); an empty value clears the field.",
            show_default=False,
        ),
    ],
    label: LabelOption = "",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Change fields of one record, checked by the import rules; recorded as a batch."""
    values = field_values(record_type, assignments)
    with open_store(db) as store:
        _report(store.edit(record_type, key, values, label=label))


@app.command()
def delete(
    record_type: TypeArgument,
    key: KeyArgument,
    label: LabelOption = "",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Delete one record; refused while other records cite it (they are listed)."""
    with open_store(db) as store:
        _report(store.delete(record_type, key, label=label))


@app.command()
def merge(
    kept: Annotated[
        str, typer.Argument(metavar="KEPT", help="The actor that stays.", show_default=False)
    ],
    merged: Annotated[
        str,
        typer.Argument(metavar="MERGED", help="The actor folded into KEPT.", show_default=False),
    ],
    evidence: Annotated[
        str | None,
        typer.Option("--evidence", metavar="TEXT", help="Why they are one organisation."),
    ] = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Merge even when they hold different identifiers of one scheme."
        ),
    ] = False,
    label: LabelOption = "",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """Merge actor MERGED into KEPT: its ties, participations, sources and identifiers
    move to KEPT, its name becomes an alias. Undo with `bioregion merges undo ID`."""
    proof = {"note": evidence} if evidence else {}
    with open_store(db) as store:
        done = store.merge_actors(kept, merged, evidence=proof, label=label, force=force)
    out.print(
        f"merge #{done.id}: {done.merged} merged into {done.kept} (batch {done.batch_id}); "
        f"undo with: bioregion merges undo {done.id}"
    )


MERGE_ACTIONS = ("list", "accept", "reject", "undo")


def _merge_rows(found: list[Any]) -> list[dict]:
    return [
        {
            "id": m.id,
            "kept": m.kept,
            "merged": m.merged,
            "probability": "" if m.probability is None else f"{m.probability:.3f}",
            "status": m.status,
            "decision": m.decision,
            "batch": m.batch_id,
            "evidence": evidence_text(m.evidence),
        }
        for m in found
    ]


def evidence_text(evidence: dict) -> str:
    """A merge's evidence in a line: the matcher's comparisons with their weights (bits
    for or against), else the evidence as given. ``--format json`` shows all of it."""
    compared = evidence.get("comparisons") if isinstance(evidence, dict) else None
    if not isinstance(compared, dict):
        return json.dumps(evidence, ensure_ascii=False)
    parts = [
        f"{name}: {part.get('level', '?')} ({part.get('weight', 0):+g})"
        for name, part in compared.items()
        if isinstance(part, dict) and part.get("weight")
    ]
    reason = evidence.get("reason")
    return "; ".join(([reason] if reason else []) + parts)


@app.command()
def merges(
    action: Annotated[
        str,
        typer.Argument(metavar="[ACTION]", help="list (default), accept ID, reject ID or undo ID."),
    ] = "list",
    merge_id: Annotated[
        int | None,
        typer.Argument(metavar="[ID]", help="The merge to accept, reject or undo.", min=1),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(
            "--status", metavar="STATUS", help="Only merges applied, pending, rejected or undone."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="With accept: even with conflicting identifiers.")
    ] = False,
    format: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """List merges of actors (with their evidence), or accept, reject or undo one.

    A rejected or undone pair is never merged again automatically.
    """
    if action not in MERGE_ACTIONS:
        raise ArgumentError(f"unknown action {action!r}; use one of: {', '.join(MERGE_ACTIONS)}")
    if (action == "list") != (merge_id is None):
        raise ArgumentError(
            "give the merge's id after accept, reject or undo (and none after list), "
            "e.g. bioregion merges undo 3"
        )
    with open_store(db) as store:
        if action == "list":
            found = store.merges(status)
            columns = [
                "id",
                "kept",
                "merged",
                "probability",
                "status",
                "decision",
                "batch",
                "evidence",
            ]
            emit(_merge_rows(found), columns, f"{len(found)} merges", format)
            return
        if action == "undo":
            done = store.undo_merge(merge_id)  # type: ignore[arg-type]
        else:
            done = store.decide_merge(merge_id, action == "accept", force=force)  # type: ignore[arg-type]
    out.print(f"merge #{done.id} ({done.merged} into {done.kept}): {done.status}")


@app.command()
def candidates(
    action: Annotated[
        str,
        typer.Argument(metavar="[ACTION]", help="list (default), accept ID or reject ID."),
    ] = "list",
    candidate_id: Annotated[
        int | None,
        typer.Argument(metavar="[ID]", help="The candidate to accept or reject.", min=1),
    ] = None,
    status: Annotated[
        str,
        typer.Option("--status", metavar="STATUS", help="pending, accepted, rejected or all."),
    ] = "pending",
    format: FormatOption = "table",
    db: DbOption = None,
    busy_timeout: BusyTimeoutOption = None,
) -> None:
    """List records queued for review (e.g. ties from SEC EDGAR), or accept or reject one.

    Accepting writes the record (with the actors and sources it needs) as a batch; a
    rejected one is never queued again.
    """
    if action not in ("list", "accept", "reject"):
        raise ArgumentError(f"unknown action {action!r}; use list, accept or reject")
    if (action == "list") != (candidate_id is None):
        raise ArgumentError(
            "give the candidate's id after accept or reject (and none after list), "
            "e.g. bioregion candidates accept 3"
        )
    with open_store(db) as store:
        if action == "list":
            found = store.candidates(None if status == "all" else status)
            rows = [
                {
                    "id": c.id,
                    "type": c.record_type,
                    "key": c.key,
                    "status": c.status,
                    "batch": c.batch_id,
                    "evidence": json.dumps(c.evidence, ensure_ascii=False),
                }
                for c in found
            ]
            columns = ["id", "type", "key", "status", "batch", "evidence"]
            emit(rows, columns, f"{len(found)} candidates", format)
            return
        done = store.decide_candidate(candidate_id, action == "accept")  # type: ignore[arg-type]
    batch = f" (batch {done.batch_id})" if done.batch_id else ""
    out.print(f"candidate #{done.id} ({done.record_type} {done.key}): {done.status}{batch}")
