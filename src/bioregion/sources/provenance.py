"""Provenance of ingested records: one :class:`~bioregion.model.records.Source` per record.

Every record a connector makes cites the :class:`Source` of the public record it
came from: ``ror-00cv9y106`` is the ROR record of Ghent University, wherever and
whenever it was read, so re-ingesting the same record cites the same source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from bioregion.model.dates import PartialDate
from bioregion.model.records import Source

#: Characters a source id may not hold (see ``ID_PATTERN`` of the model rules).
_NOT_IN_ID = re.compile(r"[^A-Za-z0-9._:+-]+")
MAX_ID = 128


def source_id(source: str, record_id: str) -> str:
    """The id of the :class:`Source` of one record: ``<source>-<record id>``.

    Characters an id may not hold become ``-``; an id longer than 128 characters
    keeps its start and ends with a hash of the whole, so it stays unique.

    >>> source_id("ror", "00cv9y106"), source_id("ctgov", "NCT01234567")
    ('ror-00cv9y106', 'ctgov-NCT01234567')
    >>> source_id("edgar", "0000950170-24/ex10 1.htm")
    'edgar-0000950170-24-ex10-1.htm'
    """
    text = f"{source}-{_NOT_IN_ID.sub('-', record_id.strip()).strip('-')}"
    if len(text) > MAX_ID:
        digest = hashlib.sha1(text.encode()).hexdigest()[:12]
        text = f"{text[: MAX_ID - 13]}-{digest}"
    return text


def retrieval_note(source: str, record_id: str, retrieved: dt.datetime) -> str:
    """``"<source> record <id>, retrieved <UTC time, ISO 8601>"``."""
    return f"{source} record {record_id}, retrieved {utc_text(retrieved)}"


def utc_text(moment: dt.datetime) -> str:
    """A time in UTC as ISO 8601 to the second (``2026-12-07T12:30:00Z``); a naive
    time is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_source(
    source: str,
    record_id: str,
    url: str,
    *,
    retrieved: dt.datetime,
    title: str = "",
    publisher: str = "",
    licence: str = "",
    notes: str = "",
) -> Source:
    """The :class:`Source` of one public record.

    Parameters
    ----------
    source : the connector's name (``ror``, ``cordis``, ...): the id's prefix.
    record_id : the record's id at its source (``00cv9y106``, ``NCT01234567``).
    url : the record's public page (or its API URL when it has no page).
    retrieved : when it was fetched (a live fetch: the response's time; a
        downloaded file: the file's modification time). ``accessed`` is its UTC
        day; ``notes`` keep the exact time and the record id.
    title, publisher, licence : shown with the source.
    notes : more to say (the schema version, a status), appended to the notes.

    >>> when = dt.datetime(2026, 12, 7, 12, 30, tzinfo=dt.UTC)
    >>> s = record_source("ror", "00cv9y106", "https://ror.org/00cv9y106", retrieved=when)
    >>> s.id, str(s.accessed), s.notes
    ('ror-00cv9y106', '2026-12-07', 'ror record 00cv9y106, retrieved 2026-12-07T12:30:00Z')
    """
    moment = retrieved if retrieved.tzinfo else retrieved.replace(tzinfo=dt.UTC)
    day = moment.astimezone(dt.UTC).date()
    note = retrieval_note(source, record_id, moment)
    return Source(
        id=source_id(source, record_id),
        url=url,
        title=" ".join(title.split()),
        publisher=publisher,
        accessed=PartialDate(day.year, day.month, day.day),
        licence=licence,
        notes=f"{note}; {notes}" if notes else note,
    )


def file_retrieved(path: object) -> dt.datetime:
    """When a downloaded file was retrieved, as far as can be told: its modification
    time (UTC). Reading the same unchanged file again gives the same time, so
    re-ingesting it changes nothing."""
    from pathlib import Path

    stamp = Path(str(path)).stat().st_mtime
    return dt.datetime.fromtimestamp(int(stamp), tz=dt.UTC)
