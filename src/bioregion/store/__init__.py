"""Storage: a SQLite file by default, PostgreSQL when given a URL."""

from bioregion.store.curation import Merge
from bioregion.store.edits import Candidate
from bioregion.store.store import DEFAULT_DB, Batch, Store, database_url
from bioregion.store.writer import BatchReport

__all__ = ["DEFAULT_DB", "Batch", "BatchReport", "Candidate", "Merge", "Store", "database_url"]
