"""Storage: a SQLite file by default, PostgreSQL when given a URL."""

from bioregion.store.store import DEFAULT_DB, Batch, Store, database_url
from bioregion.store.writer import BatchReport

__all__ = ["DEFAULT_DB", "Batch", "BatchReport", "Store", "database_url"]
