"""bioregion: map, measure and simulate regional innovation systems.

The public Python API. The command line, the report and (later) the REST API are
thin shells over the names exported here.
"""

from bioregion.errors import (
    ArgumentError,
    BioregionError,
    ExportError,
    ImportRejectedError,
    MissingExtraError,
    MissingIndicatorError,
    NoDataError,
    NotFoundError,
    PartitionError,
    Problem,
    StoreCorruptError,
    StoreError,
    StoreLockedError,
    StoreReadOnlyError,
    UnknownRegionError,
    ValidationError,
)
from bioregion.model import (
    Actor,
    ActorKind,
    Confidence,
    Dataset,
    EndReason,
    Event,
    EventKind,
    PartialDate,
    Participation,
    Role,
    Source,
    Stage,
    Tie,
    TieKind,
    TieStatus,
)
from bioregion.store import Batch, BatchReport, Store

__all__ = [
    "Actor",
    "ActorKind",
    "ArgumentError",
    "Batch",
    "BatchReport",
    "BioregionError",
    "Confidence",
    "Dataset",
    "EndReason",
    "Event",
    "EventKind",
    "ExportError",
    "ImportRejectedError",
    "MissingExtraError",
    "MissingIndicatorError",
    "NoDataError",
    "NotFoundError",
    "PartialDate",
    "Participation",
    "PartitionError",
    "Problem",
    "Role",
    "Source",
    "Stage",
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "Tie",
    "TieKind",
    "TieStatus",
    "UnknownRegionError",
    "ValidationError",
    "__version__",
]


def __getattr__(name: str) -> str:
    # ``bioregion.__version__`` reads the installed metadata on first use only.
    if name == "__version__":
        from bioregion._version import installed_version

        return installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
