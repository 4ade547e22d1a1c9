"""When a tie is active: from its start to its end, or a default duration.

Many ties have no announced end. A network at a date or over a window then needs a
rule: :data:`DEFAULT_DURATION_YEARS` unless the caller gives another.
"""

from __future__ import annotations

import datetime as dt

from bioregion.model.dates import PartialDate
from bioregion.model.records import Tie

#: Years a tie without an end is taken to stay active (a common choice in alliance
#: network studies, e.g. five-year moving windows; pass another value to change it).
DEFAULT_DURATION_YEARS = 5


def _add_years(day: dt.date, years: float) -> dt.date:
    return day + dt.timedelta(days=round(365.2425 * years))


def active_interval(
    tie: Tie, default_years: float = DEFAULT_DURATION_YEARS
) -> tuple[dt.date, dt.date]:
    """The first and last day a tie counts as active.

    A known ``end`` closes the interval on the last day of its period; otherwise the
    tie lasts ``default_years`` from the first day of its start.

    >>> from bioregion.model.records import Tie
    >>> t = Tie(id="t", kind="licence", source="a", target="b", start=PartialDate.parse("2005"))
    >>> active_interval(t, default_years=2)
    (datetime.date(2005, 1, 1), datetime.date(2006, 12, 31))
    """
    first = tie.start.first_day
    if tie.end is not None:
        return first, tie.end.last_day
    return first, _add_years(first, default_years) - dt.timedelta(days=1)


def as_period(value: str | int | PartialDate | dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of a date given as text, year, PartialDate or date."""
    if isinstance(value, dt.date):
        return value, value
    if isinstance(value, int):
        value = PartialDate(value)
    if isinstance(value, str):
        value = PartialDate.parse(value)
    return value.first_day, value.last_day


def is_active(
    tie: Tie,
    at: str | int | PartialDate | dt.date | None = None,
    window: tuple | None = None,
    default_years: float = DEFAULT_DURATION_YEARS,
) -> bool:
    """Whether a tie is active at a date (any day of it) or at any time in a window.

    ``at=2010`` means some day of 2010; ``window=(2005, 2010)`` runs from the first
    day of 2005 to the last day of 2010. With neither, every tie counts.
    """
    first, last = active_interval(tie, default_years)
    if at is not None:
        lo, hi = as_period(at)
    elif window is not None:
        lo, hi = as_period(window[0])[0], as_period(window[1])[1]
    else:
        return True
    return first <= hi and last >= lo
