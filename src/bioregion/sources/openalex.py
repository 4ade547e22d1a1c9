"""OpenAlex: institutions become actors, works become publication events.

Reads OpenAlex JSON (one entity, a list, an API page ``{"meta": ..., "results": [...]}``
or the snapshot's JSON Lines) and fetches live from ``https://api.openalex.org``.

- an institution -> :class:`~bioregion.model.records.Actor` ``openalex-I<id>`` with
  its name, kind (from the OpenAlex type, see :func:`actor_kind`), country, city,
  lat/lon and the identifiers ``openalex``, ``ror``, ``wikidata`` and ``grid`` where
  given; its other names go to the dataset's ``aliases``, its homepage to
  ``domains``, its parent/child/related institutions to ``relations``;
- a work -> :class:`~bioregion.model.records.Event` of kind ``publication``, id
  ``openalex-W<id>``, name = title, start = publication date (the year where the
  date is missing or not yet reached), identifiers ``openalex`` and ``doi``; each
  institution of its authorships -> a :class:`~bioregion.model.records.Participation`
  with role ``author`` (one per institution, however many of its authors signed).

Why events and not one tie per pair of institutions and year: an event keeps every
work (its DOI, title and date, each with its own source), re-ingesting an overlapping
query changes nothing, and a work with *n* institutions costs *n* participations
instead of *n(n-1)/2* ties. The network projects events to actor-actor ties on demand
(:func:`bioregion.network.project_events`): two institutions with *k* joint works in a
year get *k* ties that year, an edge of weight *k* once collapsed.
:func:`co_publication_counts` gives the per-pair, per-year counts as a table.

An institution seen only in the authorships of a work (no full record read or
fetched) becomes an actor with what the authorship says (name, type, country, ROR)
and cites the first work that named it. A live fetch of works also fetches the full
records of their institutions, so that the store does not keep the short version.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from bioregion.errors import Problem, SourceError
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Event, Participation, Source
from bioregion.model.vocab import IDENTIFIER_PATTERNS
from bioregion.sources.base import Progress, Relation, SourceDataset, json_records, rejected
from bioregion.sources.http import SourceConfig
from bioregion.sources.provenance import file_retrieved, record_source

if TYPE_CHECKING:
    import pandas as pd

    from bioregion.model.dataset import Dataset
    from bioregion.sources.http import SourceClient

API_URL = "https://api.openalex.org"
ENTITY_URL = "https://openalex.org/{id}"
PUBLISHER = "OpenAlex (OurResearch)"
LICENCE = "CC0 1.0"
#: Works per page asked of the API (its maximum is 200).
PER_PAGE = 200
#: Institution ids per request when fetching the full records of a works query.
IDS_PER_REQUEST = 50
#: The fields of a work that the mapping needs (``select=``: smaller pages).
WORK_FIELDS = "id,doi,title,display_name,publication_year,publication_date,type,authorships"
NAME_LIMIT = 300
_ID = re.compile(r"^(?:https?://openalex\.org/)?([IiWw][1-9][0-9]*)/?$")
_COMPILED = {k: re.compile(f"^{v}$") for k, v in IDENTIFIER_PATTERNS.items()}

#: OpenAlex (= ROR) institution type -> actor kind; ``None``: decided by the name
#: (:data:`_NAME_KINDS`, in order: a university hospital is a hospital).
TYPE_KINDS: dict[str, str | None] = {
    "education": "university",
    "healthcare": "hospital",
    "facility": "research_institute",
    "government": "government",
    "company": "other",  # a firm: biotech or pharma cannot be told from the type
    "nonprofit": None,
    "funder": None,
    "archive": "other",
    "other": None,
}
_NAME_KINDS = (
    (re.compile(r"hospital|h[oô]pital|ziekenhuis|klinik|clinic|medical cent", re.I), "hospital"),
    (re.compile(r"universit|hogeschool|hochschule|\bcollege\b|[ée]cole", re.I), "university"),
    (
        re.compile(r"institut|laborator|research cent|centre de recherche", re.I),
        "research_institute",
    ),
)


def short_id(value: Any) -> str:
    """The OpenAlex id ``I27837315`` / ``W2741809807`` of a URL or id, or ``""``.

    >>> short_id("https://openalex.org/I27837315"), short_id("w12"), short_id("x")
    ('I27837315', 'W12', '')
    """
    match = _ID.match(str(value or "").strip())
    return match.group(1).upper() if match else ""


def actor_kind(openalex_type: str, name: str) -> str:
    """The actor kind of an institution: from its type where that decides, else from
    words of its name (university, hospital, institute), else ``other``.

    >>> actor_kind("education", "X"), actor_kind("funder", "University of Michigan")
    ('university', 'university')
    """
    kind = TYPE_KINDS.get((openalex_type or "").lower())
    if kind:
        return kind
    for pattern, named in _NAME_KINDS:
        if pattern.search(name or ""):
            return named
    return "other"


def one_line(value: Any, limit: int = NAME_LIMIT) -> str:
    """Text on one line (whitespace collapsed), at most ``limit`` characters."""
    text = " ".join(str(value or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def valid_identifiers(found: Mapping[str, str]) -> dict[str, str]:
    """The identifiers that fit their scheme's pattern (others are left out)."""
    out = {}
    for scheme, value in found.items():
        value = (value or "").strip()
        pattern = _COMPILED.get(scheme)
        if value and ";" not in value and (pattern is None or pattern.match(value)):
            out[scheme] = value
    return out


def _tail(url: Any, prefix: str) -> str:
    text = str(url or "").strip()
    return text[len(prefix) :] if text.lower().startswith(prefix) else text


def institution_identifiers(raw: Mapping[str, Any]) -> dict[str, str]:
    """``openalex``, ``ror``, ``wikidata`` and ``grid`` of an institution record."""
    ids = raw.get("ids") if isinstance(raw.get("ids"), Mapping) else {}
    found = {
        "openalex": short_id(raw.get("id")),
        "ror": _tail(raw.get("ror") or ids.get("ror"), "https://ror.org/"),
        "wikidata": _tail(ids.get("wikidata"), "https://www.wikidata.org/wiki/"),
        "grid": str(ids.get("grid") or ""),
    }
    return valid_identifiers(found)


def institution_actor(raw: Mapping[str, Any], source: Source) -> Actor:
    """The actor of a full institution record (or of an authorship's institution)."""
    geo = raw.get("geo") if isinstance(raw.get("geo"), Mapping) else {}
    name = one_line(raw.get("display_name"))
    kind_word = str(raw.get("type") or "")
    lat, lon = geo.get("latitude"), geo.get("longitude")
    located = isinstance(lat, int | float) and isinstance(lon, int | float)
    return Actor(
        id=f"openalex-{short_id(raw.get('id'))}",
        name=name,
        kind=actor_kind(kind_word, name),
        tags=(f"openalex:{kind_word}",) if kind_word else (),
        country=str(raw.get("country_code") or geo.get("country_code") or "").upper(),
        city=one_line(geo.get("city")),
        lat=float(lat) if located else None,
        lon=float(lon) if located else None,
        identifiers=institution_identifiers(raw),
        sources=(source.id,),
    )


def institution_extras(raw: Mapping[str, Any], actor_id: str) -> tuple[list, list, list]:
    """Other names, homepage domains and related institutions of a full record."""
    names = [
        *(raw.get("display_name_alternatives") or []),
        *(raw.get("display_name_acronyms") or []),
    ]
    international = (raw.get("international") or {}).get("display_name") or {}
    names += list(international.values()) if isinstance(international, Mapping) else []
    own = one_line(raw.get("display_name"))
    aliases: list[str] = []
    for name in (one_line(n) for n in names if isinstance(n, str)):
        if name and name != own and name not in aliases:
            aliases.append(name)
    host = urlparse(str(raw.get("homepage_url") or "")).hostname or ""
    domains = [host.removeprefix("www.")] if host else []
    relations = []
    for other in raw.get("associated_institutions") or []:
        target = short_id(other.get("id")) if isinstance(other, Mapping) else ""
        if target and other.get("relationship"):
            label = one_line(other.get("display_name"))
            relations.append(Relation(actor_id, f"openalex-{target}", other["relationship"], label))
    return aliases, domains, relations


def publication_date(raw: Mapping[str, Any], today: dt.date) -> tuple[PartialDate | None, str]:
    """The start of a work: its publication date, else its year; a date not yet
    reached falls back to the year, a year not yet reached gives ``None``. Also says
    what was done (``""`` when the date was used as given)."""
    year = raw.get("publication_year")
    text = str(raw.get("publication_date") or "")
    try:
        date = PartialDate.parse(text) if text else None
    except ValueError:
        date = None
    if date is not None and date.first_day <= today:
        return date, ""
    if isinstance(year, int) and 1000 <= year <= today.year:
        note = f"publication date {text} not yet reached: the year is kept" if text else ""
        return PartialDate(year), note
    return None, f"publication year {year!r} missing or not yet reached"


def work_records(
    raw: Mapping[str, Any], source: Source, today: dt.date
) -> tuple[Event | None, list[Participation], list[Mapping[str, Any]], str]:
    """The event of a work, its ``author`` participations, the institutions its
    authorships name (as given) and a note (why the work was skipped, or what was
    changed); the event is ``None`` when the work cannot be dated."""
    work = short_id(raw.get("id"))
    start, note = publication_date(raw, today)
    if start is None:
        return None, [], [], note
    event_id = f"openalex-{work}"
    institutions: dict[str, Mapping[str, Any]] = {}
    unmatched = 0
    for authorship in raw.get("authorships") or []:
        listed = authorship.get("institutions") if isinstance(authorship, Mapping) else None
        if not listed:
            unmatched += 1
        for inst in listed or []:
            inst_id = short_id(inst.get("id")) if isinstance(inst, Mapping) else ""
            if inst_id.startswith("I") and inst.get("display_name"):
                institutions.setdefault(inst_id, inst)
    parts = [
        Participation(event=event_id, actor=f"openalex-{i}", role="author", sources=(source.id,))
        for i in sorted(institutions)
    ]
    authors = len(raw.get("authorships") or [])
    described = f"{authors} authorship(s), {len(institutions)} institution(s)"
    if unmatched:
        described += f"; {unmatched} authorship(s) without an OpenAlex institution"
    event = Event(
        id=event_id,
        kind="publication",
        name=one_line(raw.get("display_name") or raw.get("title")) or f"OpenAlex work {work}",
        start=start,
        identifiers=valid_identifiers(
            {"openalex": work, "doi": _tail(raw.get("doi"), "https://doi.org/")}
        ),
        tags=(f"openalex:{raw['type']}",) if raw.get("type") else (),
        description=described,
        sources=(source.id,),
    )
    return event, parts, list(institutions.values()), note


class OpenAlexMapper:
    """Collects institutions and works into one :class:`SourceDataset`.

    A full institution record wins over the short one of an authorship; each actor,
    event and participation is kept once (the first seen), so overlapping files or
    pages do not conflict.
    """

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or dt.date.today()
        self.data = SourceDataset()
        self.sources: dict[str, Source] = {}
        self.full: dict[str, Actor] = {}
        self.short: dict[str, Actor] = {}
        self.events: dict[str, Event] = {}
        self.parts: dict[tuple, Participation] = {}
        self.where: dict[str, tuple[str, int]] = {}
        self.problems: list[Problem] = []
        self.skipped = 0

    def add(self, raw: Any, *, file: str, row: int, retrieved: dt.datetime) -> None:
        """One entity of any kind the mapping knows (an institution or a work)."""
        entity = short_id(raw.get("id")) if isinstance(raw, Mapping) else ""
        if not entity:
            shown = str(raw.get("id") if isinstance(raw, Mapping) else type(raw).__name__)
            self.problems.append(
                Problem(
                    file=file,
                    row=row,
                    column="id",
                    value=shown[:60],
                    rule="is not an OpenAlex institution (I...) or work (W...); "
                    "give institutions and works files only",
                )
            )
            return
        source = self.source(entity, raw, retrieved)
        if entity.startswith("I"):
            self.add_institution(raw, source, file, row)
        else:
            self.add_work(raw, source, file, row)

    def source(self, entity: str, raw: Mapping[str, Any], retrieved: dt.datetime) -> Source:
        if entity not in self.sources:
            self.sources[entity] = record_source(
                "openalex",
                entity,
                ENTITY_URL.format(id=entity),
                retrieved=retrieved,
                title=one_line(raw.get("display_name") or raw.get("title")),
                publisher=PUBLISHER,
                licence=LICENCE,
            )
        return self.sources[entity]

    def add_institution(self, raw: Mapping[str, Any], source: Source, file: str, row: int) -> None:
        actor = institution_actor(raw, source)
        if not actor.name:
            self.problems.append(
                Problem(file=file, row=row, column="display_name", rule="is missing")
            )
            return
        if actor.id in self.full:
            return
        self.full[actor.id] = actor
        self.where[actor.id] = (file, row)
        aliases, domains, relations = institution_extras(raw, actor.id)
        if aliases:
            self.data.aliases[actor.id] = aliases
        if domains:
            self.data.domains[actor.id] = domains
        self.data.relations += relations

    def add_work(self, raw: Mapping[str, Any], source: Source, file: str, row: int) -> None:
        event, parts, institutions, note = work_records(raw, source, self.today)
        if event is None:
            self.skipped += 1
            self.data.notes.append(f"{file} record {row}: work {event_id_of(raw)} skipped: {note}")
            return
        if note:
            self.data.notes.append(f"{file} record {row}: {note}")
        if event.id in self.events:
            return
        self.events[event.id] = event
        self.where[event.id] = (file, row)
        for part in parts:
            self.parts.setdefault(part.key, part)
        for inst in institutions:
            actor = institution_actor(inst, source)
            if actor.id not in self.short:
                self.short[actor.id] = actor
                self.where.setdefault(actor.id, (file, row))

    def institution_ids(self) -> list[str]:
        """Institutions named by works that have no full record (yet)."""
        return sorted(a.removeprefix("openalex-") for a in self.short if a not in self.full)

    def dataset(self) -> SourceDataset:
        """The records collected; raises ``ImportRejectedError`` listing unreadable entities."""
        if self.problems:
            raise rejected(self.problems)
        data = self.data
        actors = {**self.short, **self.full}
        cited = {sid for a in actors.values() for sid in a.sources}
        cited |= {sid for e in self.events.values() for sid in e.sources}
        for source in self.sources.values():
            if source.id in cited:
                data.add(source)
        for record in [*actors.values(), *self.events.values()]:
            data.add(record, *self.where.get(record.id, ("", None)))
        for part in self.parts.values():
            data.add(part, *self.where.get(part.event, ("", None)))
        if self.skipped:
            data.notes.append(f"{self.skipped} work(s) skipped (no publication year)")
        return data


def event_id_of(raw: Mapping[str, Any]) -> str:
    return short_id(raw.get("id")) or "?"


class OpenAlexConnector:
    """OpenAlex institutions and works (JSON files, JSON Lines, the live API)."""

    name = "openalex"
    title = "OpenAlex (institutions and works)"
    licence = LICENCE
    #: The polite pool: a contact e-mail as ``mailto``; an optional API key as ``api_key``.
    config = SourceConfig(
        name="openalex", min_interval=0.1, mailto_param="mailto", api_key_param="api_key"
    )

    def read(self, paths: Sequence[Path], *, progress: Progress | None = None) -> SourceDataset:
        """The institutions and works in downloaded OpenAlex JSON files (and the
        snapshot's gzipped JSON Lines, ``part_000.gz``)."""
        mapper = OpenAlexMapper()
        for done, path in enumerate(paths, start=1):
            retrieved = file_retrieved(path)
            found = gzip_records(Path(path)) if str(path).endswith(".gz") else None
            for row, raw in found or json_records(Path(path)):
                mapper.add(raw, file=str(path), row=row, retrieved=retrieved)
            if progress:
                progress("reading OpenAlex files", done, len(paths))
        return mapper.dataset()

    def fetch(
        self,
        client: SourceClient,
        *,
        query: Mapping[str, str] | None = None,
        limit: int | None = None,
        progress: Progress | None = None,
        max_pages: int | None = None,
    ) -> SourceDataset:
        """Works (default) or institutions that the API returns for ``query``.

        ``query`` holds the API's parameters (``filter``, ``search``, ``sort``) and
        ``entity`` = ``works`` or ``institutions``. Pages follow ``meta.next_cursor``
        until the last page, ``limit`` entities or ``max_pages`` pages. After works,
        the full records of their institutions are fetched by id. A page that fails
        after the client's retries raises :class:`~bioregion.errors.SourceError`.
        """
        params = {str(k): str(v) for k, v in (query or {}).items()}
        entity = params.pop("entity", "works")
        if entity not in ("works", "institutions"):
            raise SourceError(
                f"openalex: entity {entity!r} is not known; use works or institutions"
            )
        mapper = OpenAlexMapper()
        if entity == "works":
            params.setdefault("select", WORK_FIELDS)
        fetch_entities(client, mapper, entity, params, limit, progress, max_pages)
        missing = mapper.institution_ids()
        for start in range(0, len(missing), IDS_PER_REQUEST):
            chunk = missing[start : start + IDS_PER_REQUEST]
            ids = {"filter": "openalex:" + "|".join(chunk), "per-page": str(len(chunk))}
            fetch_entities(client, mapper, "institutions", ids, None, progress, 1)
        data = mapper.dataset()
        data.notes += [n for n in client.notes if n not in data.notes]
        return data


def gzip_records(path: Path) -> list[tuple[int, Any]]:
    """The records of a gzipped JSON Lines file (the OpenAlex snapshot's parts), by
    line; a cut-off file or line is rejected with the line where reading stopped."""
    records: list[tuple[int, Any]] = []
    number = 0
    try:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if line.strip():
                    records.append((number, json.loads(line)))
    except (EOFError, OSError, json.JSONDecodeError) as exc:
        if isinstance(exc, json.JSONDecodeError):
            why, row = "is not a complete JSON record (a cut-off download?)", number
        else:
            why, row = f"the file is cut off or not gzip ({exc})", number + 1
        problem = Problem(file=str(path), row=row, rule=f"{why}; download it again")
        raise rejected([problem]) from None
    return records


def fetch_entities(
    client: SourceClient,
    mapper: OpenAlexMapper,
    entity: str,
    params: dict[str, str],
    limit: int | None,
    progress: Progress | None,
    max_pages: int | None,
) -> int:
    """Page through ``/<entity>`` with the cursor, adding each entity to ``mapper``."""
    url = f"{API_URL}/{entity}"
    first = dict(params)
    first.setdefault("per-page", str(min(PER_PAGE, limit) if limit else PER_PAGE))
    first.setdefault("cursor", "*")
    done = 0
    for number, page in enumerate(client.pages(url, first, next_cursor, max_pages), start=1):
        results = page.get("results") if isinstance(page, Mapping) else None
        if not isinstance(results, list):
            raise SourceError(
                f"{url} page {number}: the response has no 'results' list; check the "
                "query (see https://docs.openalex.org/how-to-use-the-api/get-lists-of-entities)"
            )
        retrieved = client.retrieved or dt.datetime.now(dt.UTC)
        for row, raw in enumerate(results, start=1):
            if limit is not None and done >= limit:
                break
            mapper.add(raw, file=f"{url} page {number}", row=row, retrieved=retrieved)
            done += 1
        if progress:
            total = (page.get("meta") or {}).get("count") or done
            progress(f"fetching OpenAlex {entity}", done, min(total, limit or total))
        if limit is not None and done >= limit:
            break
    return done


def next_cursor(page: Any) -> dict[str, str] | None:
    """The parameters of the page after ``page``: its ``meta.next_cursor`` (``None``
    after the last page, or a page without results).

    >>> next_cursor({"meta": {"next_cursor": "IlsxNjA5"}, "results": [{}]})
    {'cursor': 'IlsxNjA5'}
    >>> next_cursor({"meta": {"next_cursor": None}, "results": []}) is None
    True
    """
    if not isinstance(page, Mapping) or not page.get("results"):
        return None
    cursor = (page.get("meta") or {}).get("next_cursor")
    return {"cursor": str(cursor)} if cursor else None


def co_publication_counts(data: Dataset) -> pd.DataFrame:
    """Joint works per pair of institutions and year, from publication events.

    Parameters
    ----------
    data : Dataset
        Events of kind ``publication`` and their participations (e.g. the dataset
        :meth:`OpenAlexConnector.read` returns).

    Returns
    -------
    pandas.DataFrame
        Columns ``source``, ``target`` (the two actor ids in id order), ``year`` and
        ``works`` (the number of works both took part in that year), sorted.
    """
    import pandas as pd

    events = [e for e in data.events if e.kind == "publication" and e.start is not None]
    years = pd.DataFrame({"event": [e.id for e in events], "year": [e.start.year for e in events]})
    parts = pd.DataFrame(
        {
            "event": [p.event for p in data.participations],
            "actor": [p.actor for p in data.participations],
        }
    ).drop_duplicates()
    linked = parts.merge(years, on="event")
    pairs = linked.merge(linked[["event", "actor"]], on="event", suffixes=("", "_other"))
    pairs = pairs[pairs["actor"] < pairs["actor_other"]]
    counts = pairs.groupby(["actor", "actor_other", "year"]).size().reset_index(name="works")
    counts = counts.rename(columns={"actor": "source", "actor_other": "target"})
    return counts.sort_values(["source", "target", "year"], ignore_index=True)


CONNECTOR = OpenAlexConnector()

__all__ = [
    "CONNECTOR",
    "OpenAlexConnector",
    "OpenAlexMapper",
    "actor_kind",
    "co_publication_counts",
    "institution_actor",
    "next_cursor",
    "short_id",
    "work_records",
]
