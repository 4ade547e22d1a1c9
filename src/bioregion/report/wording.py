"""Small wording helpers for the report's sentences (names, plurals, percentages)."""

from __future__ import annotations

from bioregion.report.context import Context


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


# -- 1. preferred partners -------------------------------------------------------------
