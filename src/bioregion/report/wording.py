"""Small wording helpers for the report's sentences (names, plurals, percentages)."""

from __future__ import annotations

from collections.abc import Callable

from bioregion.report.context import Context
from bioregion.system import Interval

Format = Callable[[float], str]


def names(values) -> str:
    """'A', 'A and B', 'A, B and C'."""
    items = [str(v) for v in values]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def plural(kind: str, n: int) -> str:
    """'university' / 'universities': the noun of an actor kind for n of them."""
    word = kind.replace("_", " ")
    if n == 1:
        return word
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


def ordinal(n: int) -> str:
    return {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}.get(n, f"{n}th")


def period_text(ctx: Context) -> str:
    return f"{ctx.period[0]}-{ctx.period[1]}"


def signed(digits: int) -> Format:
    """A formatter of signed numbers with ``digits`` decimals."""
    return lambda value: f"{value:+.{digits}f}"


def percent(value: float) -> str:
    return f"{100 * value:.0f}%"


#: Two signed decimals, the default format of an interval's bounds (E-I index).
TWO_DECIMALS = signed(2)


def interval_text(interval: Interval, fmt: Format = TWO_DECIMALS) -> str:
    """``95% CI a to b`` (with ``, too few deals`` below the minimum n)."""
    level = f"{100 * interval.level:.0f}%"
    if interval.low != interval.low or interval.high != interval.high:  # NaN
        text = f"{level} CI not computable"
    else:
        text = f"{level} CI {fmt(interval.low)} to {fmt(interval.high)}"
    if interval.too_few:
        text += f", too few {interval.unit}s"
    return text


def qualified(
    interval: Interval, fmt: Format = TWO_DECIMALS, *, zero: bool = True, extra: str = ""
) -> str:
    """The parenthesis that qualifies a finding by its interval, for the summary.

    ``(95% CI a to b)``; with ``zero`` (the finding is read against zero) and an
    interval that spans it, ``(95% CI a to b; not distinguishable from zero)``; below the
    minimum n: ``(n deals, fewer than the minimum of m: too few deals to tell)``.
    ``extra`` is added inside the parenthesis (e.g. a permutation p-value).
    """
    if interval.too_few:
        return (
            f" ({interval.n} {interval.unit}s, fewer than the minimum of {interval.min_n}: "
            f"too few {interval.unit}s to tell)"
        )
    parts = [interval_text(interval, fmt)]
    if extra:
        parts.append(extra)
    if zero and not interval.excludes(0.0):
        parts.append("not distinguishable from zero")
    return " (" + "; ".join(parts) + ")"


# -- 1. preferred partners -------------------------------------------------------------
