"""One exception hierarchy for bioregion.

Every error says what happened and what to do next. The command line prints the
message (and, for validation errors, every problem found) without a traceback
unless ``--debug`` is given.
"""

from __future__ import annotations

from dataclasses import dataclass


class BioregionError(Exception):
    """Base class of every error bioregion raises on purpose."""


class MissingExtraError(BioregionError):
    """An optional capability was used without its extra installed."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(
            f"this needs the optional package {module!r}, which is not installed; "
            f"install it with: pip install 'bioregion[{extra}]'"
        )
        self.module = module
        self.extra = extra


class UnknownRegionError(BioregionError, KeyError):
    """A NUTS code or region name that bioregion does not know."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class StoreError(BioregionError):
    """The store cannot be opened, is not initialised, or is of another version."""


class StoreLockedError(StoreError):
    """Another process holds the store's write lock longer than the busy timeout."""


class StoreReadOnlyError(StoreError):
    """The store file or its folder cannot be written."""


class StoreCorruptError(StoreError):
    """The file is not a bioregion database: truncated, corrupted or of another kind."""


class NotFoundError(BioregionError, LookupError):
    """A record asked for by id is not in the store."""


class ArgumentError(BioregionError, ValueError):
    """A library function was called with an argument it cannot use.

    The message names the argument, what was given and what is accepted. It is a
    ``ValueError`` too, so code that caught ``ValueError`` keeps working.
    """


class PartitionError(ArgumentError):
    """A partition (actor -> group label) that a measure cannot use.

    For example a label that is not hashable, a tuple or set of memberships given
    where one label per actor is required, or actors of the graph left without one.
    """


class NoDataError(BioregionError):
    """There is nothing to compute on: an empty store, or a selection without ties.

    The message says what was selected and how to widen the selection or load data.
    """


class MissingIndicatorError(BioregionError, LookupError):
    """An indicator or report section asked for by name does not exist."""


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one value of the input.

    ``file``, ``row`` (1-based, the header being row 1 in CSV and XLSX, the record
    number in JSON), ``column`` and ``value`` say where; ``rule`` says what is wrong
    and, where it helps, what to do.
    """

    file: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    rule: str = ""

    def __str__(self) -> str:
        where = [self.file or "<input>"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
        value = f" (value {shown!r})" if self.value != "" else ""
        return f"{', '.join(where)}{value}: {self.rule}"


class ValidationError(BioregionError, ValueError):
    """One or more values break the rules of the data model.

    ``problems`` lists every problem found, not only the first.
    """

    def __init__(self, problems: list[Problem] | Problem, summary: str = "") -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        self.summary = summary or f"{len(self.problems)} problem(s) found"
        super().__init__(self._message())

    def _message(self, limit: int = 50) -> str:
        lines = [self.summary]
        lines += [f"  - {p}" for p in self.problems[:limit]]
        if len(self.problems) > limit:
            lines.append(f"  ... and {len(self.problems) - limit} more")
        return "\n".join(lines)


class ImportRejectedError(ValidationError):
    """An import found problems; nothing was written to the store."""


class ExportError(BioregionError):
    """An export could not be written."""


class SourceError(BioregionError):
    """Public data could not be read or fetched: a file in an unknown layout, a page
    that failed after its retries, a response that is not what the source documents."""
