"""PartialDate: dates known to a year, a month or a day."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bioregion.model.dates import MAX_YEAR, MIN_YEAR, PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "parts", "precision"),
    [
        ("2005", (2005, None, None), Precision.YEAR),
        ("2005-03", (2005, 3, None), Precision.MONTH),
        ("2005-03-14", (2005, 3, 14), Precision.DAY),
        ("2005-3", (2005, 3, None), Precision.MONTH),
        ("2005-3-4", (2005, 3, 4), Precision.DAY),
        ("  2005-03  ", (2005, 3, None), Precision.MONTH),
        # spreadsheets write a midnight time after dates
        ("2005-03-14 00:00:00", (2005, 3, 14), Precision.DAY),
        ("2005-03-14T00:00", (2005, 3, 14), Precision.DAY),
        ("2005-03-14T00:00:00Z", (2005, 3, 14), Precision.DAY),
    ],
)
def test_parse(text: str, parts: tuple, precision: Precision) -> None:
    date = PartialDate.parse(text)
    assert (date.year, date.month, date.day) == parts
    assert date.precision is precision


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (PartialDate(2005), "2005"),
        (PartialDate(2005, 3), "2005-03"),
        (PartialDate(2005, 3, 4), "2005-03-04"),
        (PartialDate(1500), "1500"),
    ],
)
def test_format(date: PartialDate, text: str) -> None:
    assert date.isoformat() == text
    assert str(date) == text
    assert repr(date) == f"PartialDate({text!r})"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-02-30", "2019-02-30 is not a calendar date"),
        ("2019-04-31", "is not a calendar date"),
        ("2019-02-29", "is not a calendar date"),  # 2019 is no leap year
        ("1900-02-29", "is not a calendar date"),  # century, not a leap year
        ("3019", "year 3019 is outside 1000-2100"),
        ("3019-01-01", "outside"),
        ("0999", "outside"),
        ("2019-13", "month 13 does not exist"),
        ("2019-00", "month 0 does not exist"),
        ("2019-01-00", "is not a calendar date"),
        ("2019/02/01", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("01/02/2019", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2019.02.01", "write YYYY"),
        ("19", "write YYYY"),
        ("02-2019", "write YYYY"),
        ("2019-Feb", "write YYYY"),
        ("", "write YYYY"),
        ("soon", "write YYYY"),
        ("2019-02-01T12:30", "must not carry a time of day"),
        ("2019-02-01 08:00:00", "must not carry a time of day"),
        ("2019-02-01T00:00:01", "must not carry a time of day"),
    ],
)
def test_parse_rejects(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_constructor_rejects() -> None:
    with pytest.raises(ValueError, match="a day needs a month"):
        PartialDate(2019, None, 3)
    with pytest.raises(ValueError, match="not a calendar date"):
        PartialDate(2019, 2, 30)
    with pytest.raises(ValueError, match="outside"):
        PartialDate(MAX_YEAR + 1)
    with pytest.raises(ValueError, match="outside"):
        PartialDate(MIN_YEAR - 1)
    assert PartialDate(MAX_YEAR).year == MAX_YEAR


def test_from_date() -> None:
    assert PartialDate.from_date(dt.date(2012, 2, 29)) == PartialDate(2012, 2, 29)
    assert PartialDate.from_date(dt.datetime(2012, 2, 29)) == PartialDate(2012, 2, 29)
    with pytest.raises(ValueError, match="time of day"):
        PartialDate.from_date(dt.datetime(2012, 2, 29, 13, 5))


@pytest.mark.parametrize(
    ("date", "first", "last"),
    [
        (PartialDate(2005), dt.date(2005, 1, 1), dt.date(2005, 12, 31)),
        (PartialDate(2020, 2), dt.date(2020, 2, 1), dt.date(2020, 2, 29)),  # leap year
        (PartialDate(2019, 2), dt.date(2019, 2, 1), dt.date(2019, 2, 28)),
        (PartialDate(2000, 2), dt.date(2000, 2, 1), dt.date(2000, 2, 29)),  # 400-year leap
        (PartialDate(1900, 2), dt.date(1900, 2, 1), dt.date(1900, 2, 28)),
        (PartialDate(2005, 12), dt.date(2005, 12, 1), dt.date(2005, 12, 31)),
        (PartialDate(2005, 4), dt.date(2005, 4, 1), dt.date(2005, 4, 30)),
        (PartialDate(2005, 3, 14), dt.date(2005, 3, 14), dt.date(2005, 3, 14)),
    ],
)
def test_first_and_last_day(date: PartialDate, first: dt.date, last: dt.date) -> None:
    assert date.first_day == first
    assert date.last_day == last


def test_ordering() -> None:
    dates = [
        PartialDate(2006),
        PartialDate(2005, 3, 1),
        PartialDate(2005, 3),
        PartialDate(2005),
        PartialDate(2005, 1, 1),
        PartialDate(2004, 12, 31),
    ]
    assert sorted(dates) == [
        PartialDate(2004, 12, 31),
        PartialDate(2005),  # same first day as 2005-01-01: the coarser comes first
        PartialDate(2005, 1, 1),
        PartialDate(2005, 3),
        PartialDate(2005, 3, 1),
        PartialDate(2006),
    ]
    assert PartialDate(2005) < PartialDate(2005, 3)
    assert PartialDate(2005, 3) <= PartialDate(2005, 3)
    assert PartialDate(2005, 3) > PartialDate(2005)
    assert PartialDate(2005) != PartialDate(2005, 1)
    assert PartialDate(2005) != PartialDate(2005, 1, 1)
    assert PartialDate(2005, 1) == PartialDate.parse("2005-01")


def test_compare_with_other_types() -> None:
    assert PartialDate(2005) != "2005"
    with pytest.raises(TypeError):
        _ = PartialDate(2005) < "2006"  # type: ignore[operator]


def test_decimal_year() -> None:
    assert PartialDate(2005).decimal_year == 2005.0
    assert PartialDate(2005, 7, 2).decimal_year == pytest.approx(2005 + 182 / 365)


def test_from_parts() -> None:
    day = dt.date(2005, 3, 1)
    assert PartialDate.from_parts(day, "year") == PartialDate(2005)
    assert PartialDate.from_parts(day, Precision.MONTH) == PartialDate(2005, 3)
    assert PartialDate.from_parts(day, "day") == PartialDate(2005, 3, 1)
    with pytest.raises(ValueError):
        PartialDate.from_parts(day, "week")


def test_hashable() -> None:
    assert len({PartialDate(2005), PartialDate.parse("2005"), PartialDate(2005, 1)}) == 2


partial_dates = st.builds(
    lambda day, precision: PartialDate.from_parts(day, precision),
    st.dates(dt.date(MIN_YEAR, 1, 1), dt.date(MAX_YEAR, 12, 31)),
    st.sampled_from(list(Precision)),
)


@given(partial_dates)
def test_parse_format_round_trip(date: PartialDate) -> None:
    assert PartialDate.parse(date.isoformat()) == date
    assert PartialDate.from_parts(date.first_day, date.precision) == date
    assert date.first_day <= date.last_day


@given(partial_dates, partial_dates)
def test_order_follows_first_day_then_precision(a: PartialDate, b: PartialDate) -> None:
    if a.first_day < b.first_day:
        assert a < b
    if a < b:
        assert a.first_day <= b.first_day
    assert (a < b) + (a == b) + (a > b) == 1


def test_old_universities_can_be_coded():
    """KU Leuven was founded in 1425; founding years of old universities are valid."""
    assert PartialDate(1425).year == 1425
    assert PartialDate.parse("1425").year == 1425
