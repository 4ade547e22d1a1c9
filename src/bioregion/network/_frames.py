"""Tie, actor, event and participation frames: the tabular input of the temporal network.

A frame is a :class:`pandas.DataFrame` with one row per record and the columns of
:data:`TIE_COLUMNS` (or :data:`ACTOR_COLUMNS`, ...). Dates are ``datetime64[s]`` at day
resolution (seconds, not nanoseconds, so that years before 1677 fit): a start is the first
day of its period, an end or ``ended`` the last day (``NaT`` when unknown), so that a tie
is active from ``start`` to ``end`` inclusive, as in :mod:`bioregion.model.activity`.

Frames are read from a :class:`~bioregion.store.Store` through its columnar read API
(:meth:`Store.frame <bioregion.store.Store.frame>`: one SQL query per table, no record
objects built; any object with such a ``frame`` method will do, this module knows neither
the store nor its schema), from a :class:`~bioregion.model.Dataset`, or from a DataFrame
with the columns of the import templates (dates as ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD`` text, lists as ``;``-separated text).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from bioregion.errors import ArgumentError
from bioregion.model.columns import object_frame
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.ids import derived_tie_id
from bioregion.model.records import AMOUNT_FIELDS, Actor, Event, Participation, Tie
from bioregion.model.vocab import SYMMETRIC_TIE_KINDS, UNPROJECTED_EVENT_KINDS

if TYPE_CHECKING:
    from bioregion.store.store import Store

#: The columns of a ties frame, in order.
TIE_COLUMNS = (
    "id",
    "kind",
    "source",
    "target",
    "start",
    "end",
    "signed",
    "closed",
    "symmetric",
    "value",
    "currency",
    "stage",
    "status",
    "therapeutic_area",
    "technology",
    "tags",
)
#: Tie columns a DataFrame may lack and still be a ties frame (filled with ``NaT``).
OPTIONAL_TIE_DATES = ("signed", "closed")
#: The columns of an actors frame, in order.
ACTOR_COLUMNS = (
    "id",
    "name",
    "kind",
    "country",
    "nuts",
    "region",
    "systems",
    "founded",
    "ended",
    "end_reason",
    "tags",
)
#: Actor columns a DataFrame may lack and still be an actors frame, with their fill.
OPTIONAL_ACTOR_COLUMNS: dict[str, Any] = {"systems": (), "end_reason": ""}
#: The columns of an events frame, in order.
EVENT_COLUMNS = ("id", "kind", "name", "start", "end", "amount", "currency", "tags")
#: The columns of a participations frame, in order.
PARTICIPATION_COLUMNS = ("event", "actor", "role", "contribution", "currency")

_TEXT_TIE = ("currency", "stage", "status", "therapeutic_area", "technology")

_SYMMETRIC = frozenset(str(k) for k in SYMMETRIC_TIE_KINDS)
_UNPROJECTED = sorted(str(k) for k in UNPROJECTED_EVENT_KINDS)
DAY = "datetime64[s]"
Data = Any  # Store | Dataset | pandas.DataFrame


def _is_store(data: object) -> bool:
    """Whether ``data`` reads frames like :meth:`bioregion.store.Store.frame` (duck-typed:
    ``frame(name, columns, text="object")``)."""
    return not isinstance(data, pd.DataFrame | Dataset) and callable(getattr(data, "frame", None))


# -- dates ----------------------------------------------------------------------------
def _last_days(first: np.ndarray, precision: np.ndarray) -> np.ndarray:
    """The last day of periods given by their first day and precision (year/month/day)."""
    year_end = (first.astype("M8[Y]") + 1).astype("M8[D]") - 1
    month_end = (first.astype("M8[M]") + 1).astype("M8[D]") - 1
    precision = precision.astype(object)
    return np.where(precision == "year", year_end, np.where(precision == "month", month_end, first))


def _day_array(values: Iterable[Any]) -> np.ndarray:
    """``datetime64[D]`` from ISO day text, dates or None (NaT)."""
    return np.array([v if v is not None else None for v in values], dtype="M8[D]")


def _period_bounds(value: Any) -> tuple[Any, Any]:
    """First and last day of one template date cell (text, int year, date, PartialDate)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None, None
    if isinstance(value, pd.Timestamp | dt.datetime):
        day = value.date()
        return day, day
    if isinstance(value, dt.date):
        return value, value
    if isinstance(value, PartialDate):
        return value.first_day, value.last_day
    text = str(int(value)) if isinstance(value, int | float) else str(value).strip()
    if not text:
        return None, None
    try:
        date = PartialDate.parse(text)
    except ValueError as exc:
        raise ArgumentError(
            f"cannot read the date {value!r}: {exc}; write it as YYYY, YYYY-MM or YYYY-MM-DD"
        ) from None
    return date.first_day, date.last_day


def _date_column(series: pd.Series, last: bool) -> pd.Series:
    """A column of template dates as day-resolution datetimes (first or last day)."""
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.astype(DAY)
    uniques = pd.unique(series.to_numpy(dtype=object))
    bounds = {v: _period_bounds(v)[1 if last else 0] for v in uniques if v is not None}
    days = _day_array(bounds.get(v) if v is not None else None for v in series.to_numpy(object))
    return pd.Series(days.astype(DAY), index=series.index)


# -- ties -----------------------------------------------------------------------------
def ties_frame(data: Data) -> pd.DataFrame:
    """The ties of a store, dataset or DataFrame as a frame with :data:`TIE_COLUMNS`.

    Parameters
    ----------
    data : Store, Dataset or pandas.DataFrame
        A DataFrame may be a ties frame already or have the columns of the ties
        template (``kind``, ``source``, ``target``, ``start`` required; an empty ``id`` is
        derived as the importer does).

    Returns
    -------
    pandas.DataFrame
        ``id, kind, source, target`` (str); ``start`` (first day of the announcement
        date, the date the network uses) and ``end`` (last day of the stated end, ``NaT``
        if none), ``signed`` and ``closed`` (first day of the signing and closing dates,
        ``NaT`` if not given), all ``datetime64[s]``; ``symmetric`` (bool, by kind);
        ``value`` (the total, else the sum of the known amounts, ``NaN`` if none);
        ``currency, stage, status, therapeutic_area, technology`` (str); ``tags`` (tuple).

    Examples
    --------
    >>> from bioregion.model import Dataset, PartialDate, Tie
    >>> d = Dataset(ties=[Tie("t1", "licence", "a", "b", PartialDate(2005, 3),
    ...                       upfront=10.0, milestones=90.0, currency="EUR")])
    >>> row = ties_frame(d).iloc[0]
    >>> str(row.start.date()), row.end, row.value, bool(row.symmetric)
    ('2005-03-01', NaT, np.float64(100.0), False)
    """
    if isinstance(data, pd.DataFrame):
        return _ties_from_frame(data)
    if isinstance(data, Dataset):
        return _ties_from_records(data.ties)
    if _is_store(data):
        return _ties_from_store(data)
    return _ties_from_records(list(data))


def _amount_value(amounts: dict[str, np.ndarray]) -> np.ndarray:
    """Total where known, else the sum of the other known amounts, else NaN."""
    parts = np.column_stack([amounts[n] for n in AMOUNT_FIELDS if n != "total"])
    known = ~np.isnan(parts)
    summed = np.where(known.any(axis=1), np.nansum(parts, axis=1), np.nan)
    total = amounts["total"]
    return np.where(np.isnan(total), summed, total)


def _finish_ties(columns: dict[str, Any]) -> pd.DataFrame:
    kinds = pd.Series(columns["kind"], dtype=object).astype(str)
    columns["symmetric"] = kinds.isin(_SYMMETRIC).to_numpy()
    frame = object_frame(columns, TIE_COLUMNS)
    for name in ("start", "end", *OPTIONAL_TIE_DATES):
        frame[name] = frame[name].astype(DAY)
    frame["value"] = frame["value"].astype(float)
    if not len(frame):  # typed even when empty: text stays text, not float
        frame = frame.astype(
            dict.fromkeys(("id", "kind", "source", "target", *_TEXT_TIE, "tags"), object)
        )
    return frame


def _ties_from_records(ties: Sequence[Tie]) -> pd.DataFrame:
    columns: dict[str, Any] = {
        name: [str(getattr(t, name) or "") for t in ties]
        for name in ("id", "kind", "source", "target", *_TEXT_TIE)
    }
    columns["start"] = _day_array(t.start.first_day if t.start else None for t in ties)
    columns["end"] = _day_array(t.end.last_day if t.end else None for t in ties)
    for name in OPTIONAL_TIE_DATES:
        columns[name] = _day_array(
            getattr(t, name).first_day if getattr(t, name) else None for t in ties
        )
    amounts = {
        n: np.array([np.nan if getattr(t, n) is None else getattr(t, n) for t in ties], float)
        for n in AMOUNT_FIELDS
    }
    columns["value"] = _amount_value(amounts)
    columns["tags"] = [tuple(t.tags) for t in ties]
    return _finish_ties(columns)


def _ties_from_store(store: Store) -> pd.DataFrame:
    names = ("id", "kind", "source", "target", "start", "end", "end_precision")
    raw = store.frame(
        "ties", [*names, *OPTIONAL_TIE_DATES, *_TEXT_TIE, *AMOUNT_FIELDS, "tags"], text="object"
    )
    columns: dict[str, Any] = {n: raw[n].tolist() for n in ("id", "kind", "source", "target")}
    columns |= {n: raw[n].tolist() for n in _TEXT_TIE}
    columns["start"] = raw["start"].to_numpy("M8[D]")
    precision = raw["end_precision"].to_numpy(object)
    columns["end"] = _last_days(raw["end"].to_numpy("M8[D]"), precision)
    columns |= {n: raw[n].to_numpy("M8[D]") for n in OPTIONAL_TIE_DATES}
    columns["value"] = _amount_value({n: raw[n].to_numpy(float) for n in AMOUNT_FIELDS})
    columns["tags"] = raw["tags"].tolist()
    return _finish_ties(columns)


def _tags_column(series: pd.Series | None, n: int) -> list[tuple[str, ...]]:
    if series is None:
        return [()] * n
    out: list[tuple[str, ...]] = []
    for value in series.to_numpy(object):
        if isinstance(value, str):
            out.append(tuple(t.strip() for t in value.split(";") if t.strip()))
        elif isinstance(value, list | tuple | np.ndarray):
            out.append(tuple(str(t) for t in value))
        else:
            out.append(())
    return out


def _text_column(frame: pd.DataFrame, name: str) -> list[str]:
    if name not in frame:
        return [""] * len(frame)
    return frame[name].astype(object).where(frame[name].notna(), "").astype(str).tolist()


def _require(frame: pd.DataFrame, required: Sequence[str], what: str) -> None:
    if missing := [c for c in required if c not in frame.columns]:
        raise ArgumentError(
            f"the {what} frame lacks the column(s) {', '.join(missing)}; "
            f"it needs at least: {', '.join(required)}"
        )


def _ties_from_frame(frame: pd.DataFrame) -> pd.DataFrame:
    _require(frame, ("kind", "source", "target", "start"), "ties")
    frame = frame.reset_index(drop=True)
    required = [c for c in TIE_COLUMNS if c not in OPTIONAL_TIE_DATES]
    if _is_normalised(frame, required, ("start", "end")):
        frame = _with_columns(frame, OPTIONAL_TIE_DATES, lambda n: np.full(n, None, "M8[s]"))
        frame = frame.loc[:, list(TIE_COLUMNS)]
        dates = dict.fromkeys(("start", "end", *OPTIONAL_TIE_DATES), DAY)
        return frame.astype({**dates, "value": float, "symmetric": bool})
    columns: dict[str, Any] = {
        n: _text_column(frame, n) for n in ("id", "kind", "source", "target", *_TEXT_TIE)
    }
    columns["start"] = _date_column(frame["start"], last=False).to_numpy()
    if pd.isna(columns["start"]).any():
        row = int(np.flatnonzero(pd.isna(columns["start"]))[0])
        raise ArgumentError(
            f"row {row} of the ties frame has no start date; every tie needs one (YYYY, "
            "YYYY-MM or YYYY-MM-DD)"
        )
    end = frame["end"] if "end" in frame else pd.Series([None] * len(frame), dtype=object)
    columns["end"] = _date_column(end, last=True).to_numpy()
    for name in OPTIONAL_TIE_DATES:
        given = frame[name] if name in frame else pd.Series([None] * len(frame), dtype=object)
        columns[name] = _date_column(given, last=False).to_numpy()
    if "value" in frame:
        columns["value"] = pd.to_numeric(frame["value"]).to_numpy(float)
    else:
        amounts = {
            n: pd.to_numeric(frame[n]).to_numpy(float)
            if n in frame
            else np.full(len(frame), np.nan)
            for n in AMOUNT_FIELDS
        }
        columns["value"] = _amount_value(amounts)
    columns["tags"] = _tags_column(frame.get("tags"), len(frame))
    _derive_ids(columns, frame)
    return _finish_ties(columns)


def _with_columns(frame: pd.DataFrame, names: Sequence[str], empty: Any) -> pd.DataFrame:
    """``frame`` with each of ``names`` it lacks added, filled by ``empty(len(frame))``."""
    missing = [n for n in names if n not in frame.columns]
    if not missing:
        return frame
    return frame.assign(**{n: empty(len(frame)) for n in missing})


def _derive_ids(columns: dict[str, Any], frame: pd.DataFrame) -> None:
    """Give ties without an id the id the importer would derive (kind, actors, start)."""
    missing = [i for i, v in enumerate(columns["id"]) if not v]
    if not missing:
        return
    starts = frame["start"].to_numpy(object)
    for i in missing:
        first, _ = _period_bounds(starts[i])
        text = str(starts[i]).strip() if isinstance(starts[i], str) else first.isoformat()
        columns["id"][i] = derived_tie_id(
            columns["kind"][i], columns["source"][i], columns["target"][i], text
        )


# -- actors ---------------------------------------------------------------------------
def actors_frame(data: Data, *, regions: Iterable[str] | None = None) -> pd.DataFrame:
    """The actors of a store, dataset or DataFrame as a frame with :data:`ACTOR_COLUMNS`.

    Parameters
    ----------
    data : Store, Dataset or pandas.DataFrame
        A DataFrame needs ``id`` and ``kind``; other template columns are optional. An
        actors frame already (all columns but perhaps ``systems`` and ``end_reason``,
        typed dates) keeps its ``region`` column unless ``regions`` is given.
    regions : iterable of str, optional
        Named regions tried in order for the ``region`` column
        (:func:`bioregion.regions.region_of`); default: each actor's NUTS-1 region.

    Returns
    -------
    pandas.DataFrame
        ``id, name, kind, country, nuts`` (str); ``region`` (the key of the first of
        ``regions`` containing the actor's NUTS code, or of its NUTS-1 region, ``""`` when
        none does or the code is unknown or country-level); ``systems`` (tuple: the
        regional innovation systems the actor belongs to by jurisdiction or mandate,
        empty when membership follows the location; see
        :func:`bioregion.regions.member_of`); ``founded`` (first day) and ``ended`` (last
        day), ``datetime64[s]``; ``end_reason`` (str, ``""`` when not given); ``tags``
        (tuple).

    Examples
    --------
    >>> from bioregion.model import Actor, Dataset, PartialDate
    >>> d = Dataset(actors=[Actor("ugent", "UGent", "university", nuts="BE234",
    ...                           founded=PartialDate(1817))])
    >>> actors_frame(d).loc[0, ["id", "region", "founded"]].tolist()
    ['ugent', 'flanders', Timestamp('1817-01-01 00:00:00')]
    """
    if isinstance(data, pd.DataFrame):
        required = [c for c in ACTOR_COLUMNS if c not in OPTIONAL_ACTOR_COLUMNS]
        if regions is None and _is_normalised(data, required, ("founded", "ended")):
            frame = data.reset_index(drop=True)
            for name, empty in OPTIONAL_ACTOR_COLUMNS.items():
                frame = _with_columns(frame, [name], lambda n, e=empty: [e] * n)
            return frame.loc[:, list(ACTOR_COLUMNS)].astype({"founded": DAY, "ended": DAY})
        columns = _actors_from_frame(data)
    elif isinstance(data, Dataset):
        columns = _actors_from_records(data.actors)
    elif _is_store(data):
        columns = _actors_from_store(data)
    else:
        columns = _actors_from_records(list(data))
    columns["region"] = region_keys(columns["nuts"], regions)
    frame = object_frame(columns, ACTOR_COLUMNS)
    frame["founded"] = frame["founded"].astype(DAY)
    frame["ended"] = frame["ended"].astype(DAY)
    return frame


def region_keys(nuts: Sequence[str], regions: Iterable[str] | None = None) -> list[str]:
    """The named-region key of each NUTS code (``""`` when outside every region)."""
    from bioregion.errors import BioregionError
    from bioregion.regions import named_region, region_of

    tried = None if regions is None else [named_region(r) for r in regions]
    found: dict[str, str] = {"": ""}
    for code in set(nuts) - {""}:
        found[code] = ""
        with contextlib.suppress(BioregionError, ValueError, KeyError, TypeError):
            region = region_of(code, tried)
            found[code] = region.key if region is not None else ""
    return [found[c] for c in nuts]


def _actors_from_records(actors: Sequence[Actor]) -> dict[str, Any]:
    columns: dict[str, Any] = {
        n: [str(getattr(a, n) or "") for a in actors]
        for n in ("id", "name", "kind", "country", "nuts")
    }
    columns["founded"] = _day_array(a.founded.first_day if a.founded else None for a in actors)
    columns["ended"] = _day_array(a.ended.last_day if a.ended else None for a in actors)
    columns["systems"] = [tuple(a.systems) for a in actors]
    columns["end_reason"] = [a.end_reason or "" for a in actors]
    columns["tags"] = [tuple(a.tags) for a in actors]
    return columns


def _actors_from_store(store: Store) -> dict[str, Any]:
    names = ("id", "name", "kind", "country", "nuts", "end_reason")
    raw = store.frame(
        "actors",
        [*names, "systems", "founded", "ended", "ended_precision", "tags"],
        text="object",
    )
    columns: dict[str, Any] = {n: raw[n].tolist() for n in names}
    columns["founded"] = raw["founded"].to_numpy("M8[D]")
    precision = raw["ended_precision"].to_numpy(object)
    columns["ended"] = _last_days(raw["ended"].to_numpy("M8[D]"), precision)
    columns["systems"] = raw["systems"].tolist()
    columns["tags"] = raw["tags"].tolist()
    return columns


def _is_normalised(frame: pd.DataFrame, names: Sequence[str], dates: Sequence[str]) -> bool:
    """Whether a DataFrame is a frame of this module already (all columns, typed dates)."""
    return set(names) <= set(frame.columns) and all(
        pd.api.types.is_datetime64_any_dtype(frame[d].dtype) for d in dates
    )


def _actors_from_frame(frame: pd.DataFrame) -> dict[str, Any]:
    _require(frame, ("id", "kind"), "actors")
    frame = frame.reset_index(drop=True)
    columns: dict[str, Any] = {
        n: _text_column(frame, n) for n in ("id", "name", "kind", "country", "nuts")
    }
    columns["name"] = [
        name or aid for name, aid in zip(columns["name"], columns["id"], strict=True)
    ]
    for name, last in (("founded", False), ("ended", True)):
        given = frame[name] if name in frame else pd.Series([None] * len(frame), dtype=object)
        columns[name] = _date_column(given, last=last).to_numpy()
    columns["systems"] = _tags_column(frame.get("systems"), len(frame))
    columns["end_reason"] = _text_column(frame, "end_reason")
    columns["tags"] = _tags_column(frame.get("tags"), len(frame))
    return columns


# -- events and participations --------------------------------------------------------
def events_frame(data: Data) -> pd.DataFrame:
    """The events of a store, dataset or DataFrame as a frame with :data:`EVENT_COLUMNS`.

    ``start`` is the first day of the stated start, ``end`` the last day of the stated end
    (``NaT`` when unknown); ``amount`` is ``NaN`` when unknown; ``tags`` are tuples.
    """
    if isinstance(data, pd.DataFrame):
        columns = _events_from_frame(data)
    elif _is_store(data):
        columns = _events_from_store(data)
    else:
        columns = _events_from_records(data.events if isinstance(data, Dataset) else data.events())
    frame = object_frame(columns, EVENT_COLUMNS)
    return frame.astype({"start": DAY, "end": DAY, "amount": float})


def _events_from_frame(frame: pd.DataFrame) -> dict[str, Any]:
    _require(frame, ("id",), "events")
    frame = frame.reset_index(drop=True)
    columns: dict[str, Any] = {n: _text_column(frame, n) for n in ("id", "kind", "name")}
    columns["currency"] = _text_column(frame, "currency")
    for name, last in (("start", False), ("end", True)):
        given = frame[name] if name in frame else pd.Series([None] * len(frame), dtype=object)
        columns[name] = _date_column(given, last=last).to_numpy()
    amount = frame["amount"] if "amount" in frame else pd.Series(np.nan, index=frame.index)
    columns["amount"] = pd.to_numeric(amount).to_numpy(float)
    columns["tags"] = _tags_column(frame.get("tags"), len(frame))
    return columns


def _events_from_store(store: Store) -> dict[str, Any]:
    names = ("id", "kind", "name", "currency", "amount", "tags")
    raw = store.frame("events", [*names, "start", "end", "end_precision"], text="object")
    columns: dict[str, Any] = {n: raw[n].tolist() for n in names}
    columns["amount"] = raw["amount"].to_numpy(float)
    columns["start"] = raw["start"].to_numpy("M8[D]")
    precision = raw["end_precision"].to_numpy(object)
    columns["end"] = _last_days(raw["end"].to_numpy("M8[D]"), precision)
    return columns


def _events_from_records(events: Iterable[Event]) -> dict[str, Any]:
    events = list(events)
    columns: dict[str, Any] = {
        n: [str(getattr(e, n) or "") for e in events] for n in ("id", "kind", "name")
    }
    columns["currency"] = [e.currency for e in events]
    columns["start"] = _day_array(e.start.first_day if e.start else None for e in events)
    columns["end"] = _day_array(e.end.last_day if e.end else None for e in events)
    columns["amount"] = np.array([np.nan if e.amount is None else e.amount for e in events], float)
    columns["tags"] = [tuple(e.tags) for e in events]
    return columns


def participations_frame(data: Data) -> pd.DataFrame:
    """Participations as a frame with :data:`PARTICIPATION_COLUMNS` (role default
    ``participant``, contribution ``NaN`` when unknown)."""
    if isinstance(data, pd.DataFrame):
        _require(data, ("event", "actor"), "participations")
        frame = data.reset_index(drop=True)
        columns: dict[str, Any] = {n: _text_column(frame, n) for n in PARTICIPATION_COLUMNS[:3]}
        columns["role"] = [r or "participant" for r in columns["role"]]
        columns["currency"] = _text_column(frame, "currency")
        given = frame.get("contribution", pd.Series(np.nan, index=frame.index))
        columns["contribution"] = pd.to_numeric(given).to_numpy(float)
    elif _is_store(data):
        raw = data.frame("participations", list(PARTICIPATION_COLUMNS), text="object")
        columns = {n: raw[n].tolist() for n in ("event", "actor", "role", "currency")}
        columns["contribution"] = raw["contribution"].to_numpy(float)
    else:
        parts: list[Participation] = (
            data.participations if isinstance(data, Dataset) else list(data.participations())
        )
        columns = {n: [str(getattr(p, n) or "") for p in parts] for n in ("event", "actor", "role")}
        columns["currency"] = [p.currency for p in parts]
        columns["contribution"] = np.array(
            [np.nan if p.contribution is None else p.contribution for p in parts], float
        )
    return object_frame(columns, PARTICIPATION_COLUMNS)


def project_events(
    events: Data, participations: Data, roles: Iterable[str] | str | None = None
) -> pd.DataFrame:
    """The actor-actor ties of multi-party events: one per pair of participants per event.

    Parameters
    ----------
    events, participations : pandas.DataFrame, Store or Dataset
        Events and participations (frames as made by :func:`events_frame` and
        :func:`participations_frame`, or anything those read).
    roles : str or iterable of str, optional
        Only participants with one of these roles (default: every role). An actor with
        several roles in an event counts once.

    Events of a kind in :data:`~bioregion.model.vocab.UNPROJECTED_EVENT_KINDS` are left
    out: a ``listing`` (an IPO) puts a firm on an exchange, it joins no actors.

    Returns
    -------
    pandas.DataFrame
        A ties frame (:data:`TIE_COLUMNS`) of ``project_partnership`` ties
        (``co_publication`` for ``publication`` events; both symmetric)
        with the event's start and end and tags, the two actors in id order and the id
        ``"<event>:<actor>+<actor>"``; it can be concatenated to a ties frame. Events
        without a start date are left out.

    Notes
    -----
    This is the one-mode projection of the two-mode (actor x event) network that keeps
    one tie per event, so two actors sharing k events get k ties (an edge of weight k
    once collapsed by :meth:`TemporalNetwork.graph`), each active over its event's dates.

    Examples
    --------
    >>> ev = pd.DataFrame({"id": ["p1"], "kind": ["eu_project"], "start": ["2010"],
    ...                    "end": ["2013"]})
    >>> parts = pd.DataFrame({"event": ["p1"] * 3, "actor": ["c", "a", "b"]})
    >>> project_events(ev, parts)[["id", "source", "target"]].values.tolist()
    [['p1:a+b', 'a', 'b'], ['p1:a+c', 'a', 'c'], ['p1:b+c', 'b', 'c']]
    """
    ev, parts = events_frame(events), participations_frame(participations)
    if roles is not None:
        parts = parts[parts["role"].isin([roles] if isinstance(roles, str) else list(roles))]
    projected = ev["start"].notna() & ~ev["kind"].isin(_UNPROJECTED)
    parts = parts[parts["event"].isin(ev.loc[projected, "id"])]
    parts = parts.drop_duplicates(["event", "actor"]).sort_values(["event", "actor"])
    event_ids, actor_ids = parts["event"].to_numpy(object), parts["actor"].to_numpy(object)
    codes, _ = pd.factorize(event_ids)
    sizes = np.bincount(codes) if len(codes) else np.zeros(0, np.int64)
    offsets = np.cumsum(sizes) - sizes
    rows_a, rows_b = [], []
    for size in np.unique(sizes[sizes >= 2]):
        groups = offsets[sizes == size][:, None] + np.arange(size)
        i, j = np.triu_indices(size, 1)
        rows_a.append(groups[:, i].ravel())
        rows_b.append(groups[:, j].ravel())
    a = np.concatenate(rows_a) if rows_a else np.zeros(0, np.int64)
    b = np.concatenate(rows_b) if rows_b else np.zeros(0, np.int64)
    order = np.lexsort((b, a))
    a, b = a[order], b[order]
    event = pd.Series(event_ids[a], dtype=object)
    source, target = pd.Series(actor_ids[a], dtype=object), pd.Series(actor_ids[b], dtype=object)
    info = ev.drop_duplicates("id").set_index("id")
    columns: dict[str, Any] = {
        "id": (event + ":" + source + "+" + target).tolist(),
        "kind": np.where(
            info["kind"].reindex(event).to_numpy(object) == "publication",
            "co_publication",
            "project_partnership",
        ).tolist(),
        "source": source.tolist(),
        "target": target.tolist(),
        "start": info["start"].reindex(event).to_numpy(),
        "end": info["end"].reindex(event).to_numpy(),
        **{name: np.full(len(a), None, "M8[s]") for name in OPTIONAL_TIE_DATES},
        "value": np.full(len(a), np.nan),
        "tags": info["tags"].reindex(event).tolist(),
    }
    columns.update({name: [""] * len(a) for name in _TEXT_TIE})
    return _finish_ties(columns)
