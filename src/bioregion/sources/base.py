"""What a connector is, what it returns, and helpers for reading downloaded files.

A connector turns one public source (CORDIS, ClinicalTrials.gov, ROR, OpenAlex, SEC
EDGAR, or a plugin's) into a :class:`~bioregion.model.dataset.Dataset`: the same code
reads the files a user downloaded (:meth:`Connector.read`) and fetches live
(:meth:`Connector.fetch`, where the source has an API). It writes nothing: :func:`ingest
<bioregion.sources.ingest.ingest>` does, in one transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from bioregion.errors import ImportRejectedError, Problem
from bioregion.model.dataset import Dataset

if TYPE_CHECKING:
    from bioregion.sources.http import SourceClient

#: ``progress(stage, done, total)``: the callback the command line draws as a bar.
Progress = Callable[[str, int, int], None]


@runtime_checkable
class Connector(Protocol):
    """One public source. Each ``bioregion/sources/<name>.py`` has a ``CONNECTOR``.

    ``name`` is the key users type (``bioregion ingest ror FILE``), ``title`` and
    ``licence`` are shown by ``bioregion sources``. A connector may also set
    ``config``, a :class:`~bioregion.sources.http.SourceConfig` with its source's
    defaults (minimum interval between requests, where an API key goes, a required
    contact e-mail); :func:`~bioregion.sources.http.source_config` completes it from
    the environment.
    """

    name: str
    title: str
    licence: str

    def read(self, paths: Sequence[Path], *, progress: Progress | None = None) -> Dataset:
        """The records of downloaded files. Raises
        :class:`~bioregion.errors.ImportRejectedError` (file, row, what to do) or
        :class:`~bioregion.errors.SourceError`."""
        ...

    def fetch(
        self,
        client: SourceClient,
        *,
        query: Mapping[str, str] | None = None,
        limit: int | None = None,
        progress: Progress | None = None,
    ) -> Dataset:
        """The records the source's API returns for ``query`` (at most ``limit``
        records). Every page must arrive; a failed page raises
        :class:`~bioregion.errors.SourceError`."""
        ...


@dataclass(frozen=True)
class Relation:
    """An undated relation between two organisations that a source states.

    ROR's parent/child/related/successor/predecessor relationships carry no date,
    and a :class:`~bioregion.model.records.Tie` needs a start date, so they travel
    beside the records for the resolver (corporate families, successors) instead of
    becoming ties. ``source`` and ``target`` are actor ids; ``kind`` is the source's
    word (``parent``: ``target`` is the parent of ``source``); ``label`` the name the
    source gives the target.
    """

    source: str
    target: str
    kind: str
    label: str = ""


@dataclass
class SourceDataset(Dataset):
    """A :class:`Dataset` with what a source says beyond the records' fields.

    ``aliases`` maps an actor id to the other names the source gives it (labels in
    other languages, aliases, acronyms), for the resolver's name matching; ``domains``
    maps an actor id to its website domains; ``relations`` lists undated relations;
    ``notes`` say what was skipped or capped, for the batch report.
    """

    aliases: dict[str, list[str]] = field(default_factory=dict)
    domains: dict[str, list[str]] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


#: The entry-point group connectors register under (see ``pyproject.toml``).
ENTRY_POINT_GROUP = "bioregion.sources"


def connector_entry_points() -> dict[str, Any]:
    """The registered connectors' entry points by name (nothing is imported yet)."""
    from importlib.metadata import entry_points

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


#: Other names users give built-in sources (``--from ctgov=FILE``).
SOURCE_ALIASES = {"ctgov": "clinicaltrials", "clinicaltrials.gov": "clinicaltrials"}


def load_connector(name: str) -> Connector:
    """The connector registered as ``name`` (or one of :data:`SOURCE_ALIASES`).

    Built-in connectors register under the entry-point group ``bioregion.sources``
    like a plugin's do. An unknown name raises :class:`SourceError` listing the
    known ones; a registered connector that cannot be loaded raises it with the
    reason.
    """
    from bioregion.errors import SourceError

    found = connector_entry_points()
    name = name if name in found else SOURCE_ALIASES.get(name.lower(), name)
    if name not in found:
        known = ", ".join(sorted(found)) or "none (is bioregion installed?)"
        raise SourceError(f"unknown source {name!r}; the known sources are: {known}")
    try:
        loaded = found[name].load()
    except Exception as exc:  # a plugin's import error must not look like a bioregion bug
        raise SourceError(
            f"the source {name!r} is registered ({found[name].value}) but cannot be "
            f"loaded: {type(exc).__name__}: {exc}"
        ) from exc
    for attribute in ("name", "title", "licence", "read"):
        if not hasattr(loaded, attribute):
            raise SourceError(
                f"the source {name!r} ({found[name].value}) is not a connector: "
                f"it has no {attribute!r}"
            )
    return loaded


def loaded_connectors() -> tuple[dict[str, Connector], dict[str, str]]:
    """Every registered connector that loads, by name, and why the others do not."""
    from bioregion.errors import SourceError

    good: dict[str, Connector] = {}
    broken: dict[str, str] = {}
    for name in sorted(connector_entry_points()):
        try:
            good[name] = load_connector(name)
        except SourceError as exc:
            broken[name] = str(exc)
    return good, broken


def describe_file(path: Path, fmt: str, rows: Mapping[str, int]) -> dict[str, Any]:
    """How a batch records one file: path, format, SHA-256 and rows read by kind."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {
        "path": str(path),
        "format": fmt,
        "sha256": digest.hexdigest(),
        "rows": dict(rows),
        "notes": [],
    }


def rejected(problems: list[Problem]) -> ImportRejectedError:
    """The error for problems found while reading files: nothing is imported."""
    return ImportRejectedError(
        problems, summary=f"{len(problems)} problem(s) found; nothing was imported"
    )


def json_records(path: Path, text: str | None = None) -> Iterator[tuple[int, Any]]:
    """The records of a JSON file: ``(number, record)`` for a JSON array of objects,
    an object with a list under ``items``/``results``/``data`` (an API page), one
    object, or JSON Lines (one object a line; blank lines skipped).

    ``number`` is the line in a JSON Lines file and the 1-based position in a JSON
    array. A file that is not complete JSON raises
    :class:`~bioregion.errors.ImportRejectedError` naming the file and the line where
    reading stopped, and saying to download the file again (a truncated download is
    the usual cause). ``text``, if given, is the file's content (e.g. read from
    inside a zip archive); ``path`` then only names it in messages.
    """
    path = Path(path)
    if text is None:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            raise rejected(
                [
                    Problem(
                        file=str(path), rule=f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
                    )
                ]
            ) from None
    stripped = text.lstrip()
    if stripped.startswith("[") or (stripped.startswith("{") and not _is_json_lines(stripped)):
        yield from _whole_json(path, text)
    else:
        yield from _json_lines(path, text)


def _is_json_lines(text: str) -> bool:
    """Whether text starting with ``{`` holds one object a line (JSON Lines)."""
    first, _, rest = text.partition("\n")
    if not rest.strip():
        return False
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return False
    return True


def _whole_json(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        end = exc.pos >= len(text.rstrip())
        why = (
            "the file ends before its JSON does (truncated?)"
            if end
            else f"is not valid JSON: {exc.msg} at column {exc.colno}"
        )
        raise rejected(
            [Problem(file=str(path), row=exc.lineno, rule=f"{why}; download the file again")]
        ) from None
    if isinstance(data, dict):
        for key in ("items", "results", "data", "studies"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
        else:
            data = [data]
    if not isinstance(data, list):
        raise rejected(
            [Problem(file=str(path), rule="is JSON but neither a list of records nor a record")]
        )
    yield from enumerate(data, start=1)


def _json_lines(path: Path, text: str) -> Iterator[tuple[int, Any]]:
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            last = number == len(lines) or not any(x.strip() for x in lines[number:])
            why = (
                "the last line is cut off (the file is truncated)"
                if last
                else f"is not a JSON record: {exc.msg} at column {exc.colno}"
            )
            raise rejected(
                [
                    Problem(
                        file=str(path),
                        row=number,
                        value=line[:60],
                        rule=f"{why}; download the file again, or remove the line",
                    )
                ]
            ) from None
        yield number, record


__all__ = [
    "ENTRY_POINT_GROUP",
    "Connector",
    "Progress",
    "Relation",
    "SourceDataset",
    "connector_entry_points",
    "describe_file",
    "json_records",
    "load_connector",
    "loaded_connectors",
    "rejected",
]
