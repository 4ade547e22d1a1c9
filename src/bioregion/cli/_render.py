"""Output of the command line: consoles, tables, the csv/json/table formats, progress bars.

Everything Rich lives here (and in the commands): the library below the CLI prints nothing.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

FORMATS = ("table", "csv", "json")

#: ``progress(stage, done, total)``, as the library calls it.
ProgressCallback = Callable[[str, int, int], None]


def table(
    title: str,
    columns: list[str],
    rows: Iterable[list[str]],
    right: Iterable[str] = (),
) -> Table:
    """A Rich table; columns named in ``right`` are right-aligned (numbers)."""
    aligned = set(right)
    found = Table(title=title, title_justify="left", show_lines=False)
    for col in columns:
        found.add_column(col, overflow="fold", justify="right" if col in aligned else "left")
    for row in rows:  # cells are data, never markup: "[...]" in a value stays as written
        found.add_row(*(escape(value) for value in row))
    return found


def frame_table(title: str, frame: Any, right: Iterable[str] = ()) -> Table:
    """A Rich table of a pandas DataFrame (its columns, its rows as text)."""
    columns = [str(c) for c in frame.columns]
    rows = [[str(v) for v in row] for row in frame.itertuples(index=False)]
    return table(title, columns, rows, right)


def emit(records: list[dict], columns: list[str], title: str, fmt: str) -> None:
    """Print records as a table, CSV (to stdout) or JSON."""
    if fmt == "json":
        out.print_json(json.dumps(records, ensure_ascii=False, default=str))
    elif fmt == "csv":
        writer = csv.DictWriter(
            sys.stdout, fieldnames=columns, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows({c: cell(r.get(c)) for c in columns} for r in records)
    else:
        out.print(table(title, columns, ([cell(r.get(c)) for c in columns] for r in records)))


def cell(value: object) -> str:
    """One value as table text: lists joined by ``;``, whole floats without decimals."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(map(str, value))
    if isinstance(value, dict):
        return "; ".join(f"{k}:{v}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,}"
    return str(value)


def progress_bar(console: Console = out) -> Progress:
    """A transient progress bar (nothing is drawn when the output is not a terminal)."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


class StageProgress:
    """The ``progress(stage, done, total)`` callback the library calls, drawn on a bar.

    Each stage gets a bar of its own (``"building the report: figures"`` and
    ``"building the report: methods"`` share the bar ``building the report``). A stage
    that has not started counting (``0`` of ``1``) pulses instead of showing ``0/1``, so
    a long step does not look frozen.
    """

    def __init__(self, bar: Progress):
        self.bar = bar
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        label = stage if " " in stage else f"writing {stage}s"
        known = total if (done or total > 1) else None
        key = stage.partition(":")[0]
        if key not in self.tasks:
            self.tasks[key] = self.bar.add_task(label, total=known)
        self.bar.update(self.tasks[key], description=label, completed=done, total=known)


@contextmanager
def staged_progress(console: Console = out) -> Iterator[StageProgress]:
    """A transient progress bar and its :class:`StageProgress` callback."""
    with progress_bar(console) as bar:
        yield StageProgress(bar)


def error(message: str) -> None:
    """Print an error message (the text is not read as Rich markup)."""
    err.print(f"[bold red]error:[/] {escape(message)}")
