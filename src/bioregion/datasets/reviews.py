"""Which firms of a shipped dataset were reviewed end to end, what was searched, what is missing.

A dataset folder may hold a ``reviews/`` subfolder of CSV files (one per part of the
dataset, not imported into stores) with the columns

``actor``
    the id of the firm whose history was gone through from its founding to today;
``reviewed``
    the date of the review (ISO ``YYYY-MM-DD``);
``searched``
    what was searched, a ``;``-separated list (press releases, prospectuses, filings...);
``gaps``
    events known of but left out because no public page read dated or sourced them;
``sources``
    the ids of the sources that cover the firm's history, ``;``-separated.

:func:`reviews` reads them with located errors; :func:`coverage_with_reviews` joins them
to the ties-per-period table of :func:`bioregion.datasets.coverage`.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd

from bioregion.datasets.describe import coverage
from bioregion.errors import Problem, ValidationError
from bioregion.store.store import Store

COLUMNS = ("actor", "reviewed", "searched", "gaps", "sources")
HERE = Path(__file__).parent


def review_files(name: str) -> list[Path]:
    """The review files of a shipped dataset (none when it has no ``reviews/`` folder)."""
    folder = HERE / name.strip().lower() / "reviews"
    return sorted(folder.glob("*.csv")) if folder.is_dir() else []


def read_reviews(paths: list[Path]) -> pd.DataFrame:
    """Review rows of these files, one row per (actor, file), with ``file`` and ``row``.

    Raises
    ------
    ValidationError
        Listing every missing column, empty actor and malformed date, with file and row.
    """
    rows, problems = [], []
    for path in paths:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                problems.append(
                    Problem(
                        file=path.name,
                        row=1,
                        column=", ".join(missing),
                        rule=f"missing column(s); a review file has: {', '.join(COLUMNS)}",
                    )
                )
                continue
            for number, record in enumerate(reader, start=2):
                problems += _row_problems(path.name, number, record)
                rows.append({c: (record[c] or "").strip() for c in COLUMNS} | {"file": path.name})
                rows[-1]["row"] = number
    if problems:
        raise ValidationError(problems, summary=f"{len(problems)} problem(s) in review files")
    return pd.DataFrame(rows, columns=[*COLUMNS, "file", "row"])


def _row_problems(file: str, number: int, record: dict[str, str]) -> list[Problem]:
    problems = []
    if not (record.get("actor") or "").strip():
        problems.append(
            Problem(file=file, row=number, column="actor", rule="an actor id is required")
        )
    when = (record.get("reviewed") or "").strip()
    try:
        dt.date.fromisoformat(when)
    except ValueError:
        problems.append(
            Problem(
                file=file,
                row=number,
                column="reviewed",
                value=when,
                rule="the review date must be an ISO date YYYY-MM-DD",
            )
        )
    return problems


def reviews(name: str | None = None) -> pd.DataFrame:
    """The end-to-end reviews of a shipped dataset (see the module docstring for columns);
    of every shipped dataset when ``name`` is None.

    A firm reviewed in several parts keeps one row: its latest review date, and the union
    of what was searched, the gaps and the sources.
    """
    if name is None:
        names = sorted(p.name for p in HERE.iterdir() if (p / "reviews").is_dir())
        found = read_reviews([path for each in names for path in review_files(each)])
    else:
        found = read_reviews(review_files(name))
    if found.empty:
        return pd.DataFrame(columns=list(COLUMNS)).set_index("actor")
    return found.groupby("actor", sort=True).agg(
        reviewed=("reviewed", "max"),
        searched=("searched", _union),
        gaps=("gaps", lambda s: " | ".join(v for v in s if v)),
        sources=("sources", _union),
    )


def _union(values: pd.Series) -> str:
    seen: dict[str, None] = {}
    for value in values:
        for part in str(value).split(";"):
            if part.strip():
                seen.setdefault(part.strip(), None)
    return "; ".join(seen)


def coverage_with_reviews(
    store: Store,
    reviewed: pd.DataFrame,
    tag: str = "nbf",
    start: int | None = None,
    end: int | None = None,
    step: int = 5,
) -> pd.DataFrame:
    """Ties per firm and ``step``-year period, with the firm's review date (empty if never
    reviewed end to end) and the gaps its review left."""
    table = coverage(store, tag=tag, start=start, end=end, step=step)
    table["reviewed"] = [reviewed["reviewed"].get(i, "") for i in table.index]
    table["gaps"] = [reviewed["gaps"].get(i, "") for i in table.index]
    return table


__all__ = ["COLUMNS", "coverage_with_reviews", "read_reviews", "review_files", "reviews"]
