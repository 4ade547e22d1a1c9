"""Connectors to public data: CORDIS, ClinicalTrials.gov, ROR, OpenAlex, SEC EDGAR.

Each connector reads a source's downloaded files and, where the source has an API,
fetches live through a :class:`SourceClient` (disk cache, retries, rate limit, page
cap). :func:`ingest` writes what it returns into a store as one batch. Connectors
register under the entry-point group ``bioregion.sources``, built-in ones like a
plugin's: :func:`connectors` lists them and :func:`connector` gets one by name.
See ``docs/sources.md``.

httpx and hishel (the extra ``sources``) load only when a client is made.
"""

from __future__ import annotations

from bioregion.sources.base import (
    ENTRY_POINT_GROUP,
    Connector,
    Progress,
    Relation,
    SourceDataset,
    describe_file,
    json_records,
    load_connector,
    loaded_connectors,
)
from bioregion.sources.http import (
    SourceClient,
    SourceConfig,
    cached_transport,
    retry_after_seconds,
    source_config,
)
from bioregion.sources.ingest import IngestReport, actor_redirects, follow_merges, ingest
from bioregion.sources.provenance import record_source, source_id


def connector(name: str) -> Connector:
    """The connector registered as ``name`` (``"ror"``, ``"cordis"``, ...).

    Raises :class:`~bioregion.errors.SourceError` for an unknown name, listing the
    known ones, and for a registered connector that cannot be loaded.
    """
    return load_connector(name)


def connectors() -> dict[str, Connector]:
    """Every registered connector that loads, by name (sorted)."""
    return loaded_connectors()[0]


__all__ = [
    "ENTRY_POINT_GROUP",
    "Connector",
    "IngestReport",
    "Progress",
    "Relation",
    "SourceClient",
    "SourceConfig",
    "SourceDataset",
    "actor_redirects",
    "cached_transport",
    "connector",
    "connectors",
    "describe_file",
    "follow_merges",
    "ingest",
    "json_records",
    "record_source",
    "retry_after_seconds",
    "source_config",
    "source_id",
]
