"""Dates with a precision: a year, a month of a year, or a day.

Public sources often give only the year a firm was founded or the month a deal was
announced. :class:`PartialDate` keeps what is known and no more: ``2005``,
``2005-03`` and ``2005-03-14`` are three different facts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from functools import total_ordering

#: Years outside this range are rejected as typing errors (e.g. 3019 for 2019).
MIN_YEAR = 1000  # old universities (KU Leuven 1425) have founding years
MAX_YEAR = 2100

_RANK = {"year": 0, "month": 1, "day": 2}
_PATTERN = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


class Precision(StrEnum):
    """How much of a date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A calendar date known to a year, a month or a day.

    Ordering compares the first day of the period, then the precision, so
    ``PartialDate(2005) < PartialDate(2005, 3)``.

    Examples
    --------
    >>> PartialDate.parse("2005-03")
    PartialDate('2005-03')
    >>> PartialDate.parse("2005-03").first_day
    datetime.date(2005, 3, 1)
    >>> PartialDate.parse("2005").last_day
    datetime.date(2005, 12, 31)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year} is outside {MIN_YEAR}-{MAX_YEAR}")
        if self.month is None and self.day is not None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} does not exist")
        if self.day is not None:
            try:
                dt.date(self.year, self.month or 1, self.day)
            except ValueError:
                raise ValueError(
                    f"{self.year:04d}-{self.month:02d}-{self.day:02d} is not a calendar date"
                ) from None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (ISO 8601 calendar forms).

        A time part after ``T`` or a space (as spreadsheets write) is accepted when
        it is midnight. Raises :class:`ValueError` saying what is wrong.
        """
        raw = str(text).strip()
        for sep in ("T", " "):
            if sep in raw:
                head, _, time = raw.partition(sep)
                if time.strip() not in ("00:00:00", "00:00", "00:00:00.000", "00:00:00Z"):
                    raise ValueError("a date must not carry a time of day")
                raw = head
        match = _PATTERN.match(raw)
        if not match:
            raise ValueError("not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)  # type: ignore[arg-type]

    @classmethod
    def from_date(cls, value: dt.date) -> PartialDate:
        """A day-precision date from a :class:`datetime.date` (or datetime at midnight)."""
        if isinstance(value, dt.datetime):
            if value.time() != dt.time(0, 0):
                raise ValueError("a date must not carry a time of day")
            value = value.date()
        return cls(value.year, value.month, value.day)

    @classmethod
    def from_parts(cls, first_day: dt.date, precision: str | Precision) -> PartialDate:
        """Rebuild from the first day of the period and the precision (store form)."""
        precision = Precision(precision)
        if precision is Precision.YEAR:
            return cls(first_day.year)
        if precision is Precision.MONTH:
            return cls(first_day.year, first_day.month)
        return cls(first_day.year, first_day.month, first_day.day)

    def _key(self) -> tuple[dt.date, int]:
        return (self.first_day, _RANK[self.precision])

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        if self.month is not None:
            return Precision.MONTH
        return Precision.YEAR

    @property
    def first_day(self) -> dt.date:
        """The first day of the period (the store keeps this and the precision)."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day of the period."""
        if self.day is not None:
            return self.first_day
        if self.month is None:
            return dt.date(self.year, 12, 31)
        nxt = dt.date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)

    @property
    def decimal_year(self) -> float:
        """The first day as a fractional year (2005-07-01 is about 2005.496)."""
        start = dt.date(self.year, 1, 1)
        days = (dt.date(self.year + 1, 1, 1) - start).days
        return self.year + (self.first_day - start).days / days

    def isoformat(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    __str__ = isoformat

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"
