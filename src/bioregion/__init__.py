"""bioregion: map, measure and simulate regional innovation systems.

The public Python API. The command line, the report and (later) the REST API are
thin shells over the names exported here.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bioregion")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

from bioregion.errors import (
    BioregionError,
    ExportError,
    ImportRejectedError,
    MissingExtraError,
    NotFoundError,
    Problem,
    StoreError,
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
    "NotFoundError",
    "PartialDate",
    "Participation",
    "Problem",
    "Role",
    "Source",
    "Stage",
    "Store",
    "StoreError",
    "Tie",
    "TieKind",
    "TieStatus",
    "UnknownRegionError",
    "ValidationError",
    "__version__",
]
