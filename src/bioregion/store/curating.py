"""The :class:`~bioregion.store.Store`'s curation methods: thin calls, each in one
transaction, into :mod:`bioregion.store.curation` (merges),
:mod:`bioregion.store.edits` (edits, deletes, candidates) and
:mod:`bioregion.store.extras` (other names, web domains and undated relations that
sources give). See ``docs/curation.md``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from bioregion.model.dataset import Dataset
from bioregion.store import curation, edits, extras
from bioregion.store.curation import Merge
from bioregion.store.edits import Candidate
from bioregion.store.engine import for_writing
from bioregion.store.extras import ActorDomain, ActorName, ActorRelation, SourceExtras
from bioregion.store.writer import BatchReport

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sqlalchemy import Connection, Engine

    from bioregion.errors import Problem
    from bioregion.store.writer import Progress


class CurationMethods:
    """Edits, deletes, merges and the review queue, as methods of the store."""

    engine: Engine

    #: The store's validating write inside an open transaction (``Store._write``).
    _write: Callable[
        [Connection, Dataset, list[dict], str, Progress | None, Iterable[Problem]], BatchReport
    ]

    def _writing(self, action: Callable[..., Any], *args: Any, **options: Any) -> Any:
        with for_writing(self.engine).begin() as conn:
            return action(conn, *args, **options)

    def _reading(self, action: Callable[..., Any], *args: Any) -> Any:
        with self.engine.connect() as conn:
            return action(conn, *args)

    def merge_actors(
        self,
        kept: str,
        merged: str,
        *,
        probability: float | None = None,
        evidence: dict | None = None,
        decision: str = "manual",
        label: str = "",
        force: bool = False,
    ) -> Merge:
        """Merge actor ``merged`` into ``kept``, reversibly, or queue the merge for review.

        ``decision`` ``"manual"``, ``"auto"`` or ``"accepted"`` applies it now,
        ``"pending"`` queues it; see :func:`bioregion.store.curation.merge_actors`.
        """
        options = {"probability": probability, "evidence": evidence, "label": label}
        options |= {"decision": decision, "force": force}
        return self._writing(curation.merge_actors, kept, merged, **options)

    def decide_merge(self, merge_id: int, accept: bool, *, force: bool = False) -> Merge:
        """Accept (apply) or reject a pending merge; a rejected pair stays rejected."""
        return self._writing(curation.decide_merge, merge_id, accept, force=force)

    def undo_merge(self, merge_id: int) -> Merge:
        """Restore exactly what an applied merge changed (refused if changed since)."""
        return self._writing(curation.undo_merge, merge_id)

    def merges(self, status: str | None = None) -> list[Merge]:
        """Every merge (or those of one status), oldest first."""
        return self._reading(curation.list_merges, status)

    def rejected_pairs(self) -> set[frozenset[str]]:
        """Actor pairs a person judged distinct (merges rejected, or undone)."""
        return self._reading(curation.rejected_pairs)

    def actor_redirects(self) -> dict[str, str]:
        """Merged actor id -> the id it lives on as (applied merges, chains followed)."""
        return self._reading(curation.actor_redirects)

    def aliases(self, actor_id: str | None = None) -> dict[str, list[str]]:
        """Other names of the actors (or of one actor), by actor id: the names of the
        actors merged into them and the names sources gave (:meth:`write_with_extras`)."""
        return self._reading(curation.aliases, actor_id)

    def actor_names(self, actor_id: str | None = None) -> list[ActorName]:
        """:meth:`aliases` with who gave each name (a source and batch, or a merge)."""
        return self._reading(extras.actor_names, actor_id)

    def domains(self, actor_id: str | None = None) -> dict[str, list[str]]:
        """Web domains sources gave, by actor id (merges followed)."""
        return self._reading(extras.domains, actor_id)

    def domain_records(self, actor_id: str | None = None) -> list[ActorDomain]:
        """:meth:`domains` with the source and batch that gave each one."""
        return self._reading(extras.domain_records, actor_id)

    def relations(self, actor_id: str | None = None) -> list[ActorRelation]:
        """Undated relations sources gave (ROR parent/child/related/successor), merges
        followed at both ends; ``actor_id`` picks those with that actor at either end."""
        return self._reading(extras.relations, actor_id)

    def write_with_extras(
        self,
        dataset: Dataset,
        source_extras: SourceExtras,
        *,
        files: list[dict] | None = None,
        label: str = "",
        progress: Progress | None = None,
    ) -> tuple[BatchReport, dict[str, int]]:
        """:meth:`write` the dataset and keep what its source said beside it (other
        names, web domains, undated relations), citing the batch, in one transaction.

        Returns the batch and how many new aliases, domains and relations were kept
        (those the store holds already are not written again): see
        :func:`bioregion.store.extras.save_extras`.
        """
        with for_writing(self.engine).begin() as conn:
            batch = self._write(conn, dataset, files or [], label, progress, ())
            added = extras.save_extras(conn, batch.batch_id, source_extras)
            return batch, added

    def edit(self, record_type: str, key: Any, changes: Any, *, label: str = "") -> BatchReport:
        """Change fields of one record, checked by the import rules; one batch."""
        return self._writing(edits.edit, record_type, key, changes, label=label)

    def delete(self, record_type: str, key: Any, *, label: str = "") -> BatchReport:
        """Delete one record that nothing cites any more; one batch."""
        return self._writing(edits.delete, record_type, key, label=label)

    def queue_candidates(self, dataset: Dataset, *, evidence: Any, label: str = "") -> list[int]:
        """Queue records for review without writing them; the new candidates' ids."""
        return self._writing(edits.queue_candidates, dataset, evidence=evidence, label=label)

    def candidates(self, status: str | None = "pending") -> list[Candidate]:
        """Queued records (of one status, default pending; None: all), oldest first."""
        return self._reading(edits.list_candidates, status)

    def decide_candidate(self, candidate_id: int, accept: bool) -> Candidate:
        """Accept (write it, checked, as :meth:`write` does: one batch) or reject (for
        good) a queued record; in one transaction."""
        with for_writing(self.engine).begin() as conn:
            found, todo = edits.candidate_to_decide(conn, candidate_id, accept)
            batch = None
            if todo and accept:
                label = f"accept candidate #{found.id} ({found.record_type} {found.key})"
                batch = self._write(conn, found.dataset, [], label, None, ()).batch_id
            return edits.mark_candidate(conn, found, accept, batch) if todo else found
