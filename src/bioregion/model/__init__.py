"""The data model: records, vocabularies, dates with precision and validation rules."""

from bioregion.model.dataset import Dataset, url_source_id
from bioregion.model.dates import PartialDate, Precision
from bioregion.model.ids import derived_tie_id
from bioregion.model.records import (
    RECORD_TYPES,
    Actor,
    Event,
    Participation,
    Record,
    Source,
    Tie,
)
from bioregion.model.rules import check_record
from bioregion.model.vocab import (
    SYMMETRIC_TIE_KINDS,
    TIE_DIRECTION,
    ActorKind,
    Confidence,
    EndReason,
    EventKind,
    Role,
    Stage,
    TieKind,
    TieStatus,
    is_symmetric,
)

__all__ = [
    "RECORD_TYPES",
    "SYMMETRIC_TIE_KINDS",
    "TIE_DIRECTION",
    "Actor",
    "ActorKind",
    "Confidence",
    "Dataset",
    "EndReason",
    "Event",
    "EventKind",
    "PartialDate",
    "Participation",
    "Precision",
    "Record",
    "Role",
    "Source",
    "Stage",
    "Tie",
    "TieKind",
    "TieStatus",
    "check_record",
    "derived_tie_id",
    "is_symmetric",
    "url_source_id",
]
