"""CORDIS: EU framework-programme projects (FP7, H2020, Horizon Europe) and participants.

CORDIS has no open API for bulk data: it publishes each programme's ``project`` and
``organization`` files (CSV and JSON, zipped) on data.europa.eu, and the Horizon Dashboard
exports one row per participation. :func:`read_cordis` reads those files (or the zip);
:meth:`CordisConnector.fetch` downloads a programme's zip. Columns are matched by name with
their variants (:mod:`bioregion.sources.cordis_layouts`).

A project becomes an ``eu_project`` event ``cordis-<id>`` (amount: the EC maximum
contribution, EUR); an organisation an actor ``cordis-pic-<PIC>`` (kind from the activity
type, tags ``cordis:<type>``, ``cordis:sme``, ``postcode:<code>``; every field takes the
latest non-empty value of its rows); a row a participation with its role and EU
contribution (``netEcContribution``, else ``ecContribution``; repeated rows add up).
Projects and participations cite the project's CORDIS page, actors a source naming the file
and rows they were read from; retrieved at the file's modification time (or the download's).
The mapping and its reasons are in ``docs/sources/cordis.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bioregion.errors import Problem, SourceError
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Event, Participation, Source
from bioregion.model.rules import check_identifiers
from bioregion.sources import cordis_layouts as lay
from bioregion.sources.base import Progress, SourceDataset, rejected
from bioregion.sources.http import SourceConfig
from bioregion.sources.provenance import file_retrieved, record_source, source_id

if TYPE_CHECKING:
    from bioregion.sources.http import SourceClient

__all__ = ["CONNECTOR", "DOWNLOAD_URL", "PROJECT_URL", "CordisConnector", "read_cordis"]

PUBLISHER = "European Commission, CORDIS"
LICENCE = "CC BY 4.0"
PROJECT_URL = "https://cordis.europa.eu/project/id/{}"
#: The bulk download of a programme (``fp7``, ``h2020``, ``HORIZON``) in ``csv`` or ``json``.
DOWNLOAD_URL = "https://cordis.europa.eu/data/cordis-{programme}projects-{format}.zip"
PROGRAMMES = {"fp7": "fp7", "h2020": "h2020", "horizon": "HORIZON", "he": "HORIZON"}
#: The data.europa.eu page of each programme's dataset, cited for files read from disk.
DATASET_PAGES = {
    "fp7": "https://data.europa.eu/data/datasets/cordisfp7projects",
    "h2020": "https://data.europa.eu/data/datasets/cordish2020projects",
    "horizon": (
        "https://data.europa.eu/data/datasets/"
        "cordis-eu-research-projects-under-horizon-europe-2021-2027"
    ),
    "dashboard": (
        "https://ec.europa.eu/info/funding-tenders/opportunities/portal/screen/"
        "opportunities/horizon-dashboard"
    ),
}
CORDIS_HOME = "https://cordis.europa.eu/"
_EURO = "EUR"


@dataclass
class _OrgRow:
    """What one organisation row says, parsed; ``rank`` orders rows by recency."""

    pic: str
    project: str
    values: dict[str, Any]
    role: str
    contribution: float | None
    rank: tuple
    table: lay.Table
    row: int
    source: str


@dataclass
class _Reading(lay.Findings):
    """What reading the tables found so far."""

    events: dict[str, tuple[tuple, Event, str, int]] = field(default_factory=dict)
    sources: dict[str, tuple[tuple[int, str], Source]] = field(default_factory=dict)
    orgs: list[_OrgRow] = field(default_factory=list)


# -- rows -> parsed values -------------------------------------------------------------
def _cell(
    reading: _Reading,
    table: lay.Table,
    number: int,
    row: Mapping[str, Any],
    key: str,
    parse: Callable[[Any], Any],
) -> Any:
    """Field ``key`` of a row parsed with ``parse``; a problem (and ``None``) if it fails."""
    raw = lay.field_value(row, table.layout, key)
    try:
        return parse(raw)
    except ValueError as exc:
        reading.bad(table, number, table.layout.columns.get(key, key), raw, str(exc))
        return None


def _rank(updated: dt.datetime | dt.date | None, table_index: int, number: int) -> tuple:
    moment = updated.isoformat() if updated else ""
    return (moment, table_index, number)


def _moment(value: object) -> dt.datetime | None:
    """``contentUpdateDate`` (``2020-12-16 22:28:37``) as a time; empty gives ``None``."""
    raw = lay.text(value)
    if lay.is_empty(raw):
        return None
    try:
        return dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        found = lay.day(raw)
        return None if found is None else dt.datetime.combine(found, dt.time())


def _tags(table: lay.Table, row: Mapping[str, Any]) -> tuple[str, ...]:
    get = lay.field_value
    tags: list[str] = []
    programme = lay.text(get(row, table.layout, "programme")).lower()
    if programme and not lay.is_empty(programme):
        tags.append(programme)
    for key, prefix in (("call", "call"), ("sub_call", "call"), ("funding_scheme", "scheme")):
        value = lay.text(get(row, table.layout, key))
        if not lay.is_empty(value):
            tags.append(f"{prefix}:{value}"[:80])
    for key, prefix in (("topics", "topic"), ("legal_basis", "programme")):
        for part in lay.text(get(row, table.layout, key)).split(";"):
            if part.strip() and not lay.is_empty(part):
                tags.append(f"{prefix}:{part.strip()}"[:80])
    return tuple(dict.fromkeys(tags))


def _event_ids(pid: str, doi: str) -> dict[str, str]:
    """``cordis`` and, for grants that have one (Horizon Europe), the grant's ``doi``."""
    return {"cordis": pid, **({"doi": doi} if doi.startswith("10.") else {})}


def _project(reading: _Reading, table: lay.Table, index: int, number: int, row: dict) -> None:
    """Read one project row into ``reading.events`` (the latest row of a project wins)."""
    pid = _cell(reading, table, number, row, "project_id", lay.project_id)
    start = _cell(reading, table, number, row, "start", lay.day)
    end = _cell(reading, table, number, row, "end", lay.day)
    ec_max = _cell(reading, table, number, row, "ec_max", lay.amount)
    total = _cell(reading, table, number, row, "total_cost", lay.amount)
    updated = _cell(reading, table, number, row, "updated", _moment)
    acronym = lay.text(lay.field_value(row, table.layout, "acronym"))
    title = lay.text(lay.field_value(row, table.layout, "title"))
    if pid is None:
        return
    if not (acronym or title):
        reading.bad(table, number, table.layout.columns["title"], "", "a project needs a title")
        return
    source = _project_source(table, pid, acronym)
    description = "\n\n".join(
        t for t in (title, lay.free_text(lay.field_value(row, table.layout, "objective"))) if t
    )
    if total is not None and table.layout.name == "project":
        description += f"\n\nTotal cost: {total:.2f} EUR."
    planned = start is not None and start > dt.date.today()
    if planned:
        reading.notes.append(
            f"{table.file} row {number}: project {pid} starts {start}; "
            "a future start is left empty until it has begun"
        )
    event = Event(
        id=f"cordis-{pid}",
        kind="eu_project",
        name=acronym or title,
        start=None if start is None or planned else PartialDate.from_date(start),
        end=None if end is None else PartialDate.from_date(end),
        amount=ec_max if table.layout.name == "project" else None,
        currency=_EURO if ec_max is not None and table.layout.name == "project" else "",
        identifiers=_event_ids(pid, lay.text(lay.field_value(row, table.layout, "doi"))),
        tags=_tags(table, row) + (("planned",) if planned else ()),
        description=description,
        sources=(source.id,),
    )
    _keep_source(reading, source, priority=2)
    signed = _cell(reading, table, number, row, "signed", lay.day)
    # a project file's row over a dashboard's (which has no amount), then the latest
    rank = (table.layout.name == "project", *_rank(updated or signed, index, number))
    if pid not in reading.events or reading.events[pid][0] <= rank:
        reading.events[pid] = (rank, event, table.file, number)


def _org(reading: _Reading, table: lay.Table, index: int, number: int, row: dict) -> None:
    """Read one organisation row into ``reading.orgs``."""
    cell = _cell
    pid = cell(reading, table, number, row, "project_id", lay.project_id)
    pic = cell(reading, table, number, row, "pic", lay.pic)
    codes = cell(reading, table, number, row, "activity_type", lay.activity_codes)
    partner_type = lay.field_value(row, table.layout, "partner_type")
    part_role = cell(reading, table, number, row, "role", lambda v: lay.role(v, partner_type))
    contribution = cell(reading, table, number, row, "ec_contribution", lay.amount)
    net = cell(reading, table, number, row, "net_ec_contribution", lay.amount)
    values = {
        "name": lay.text(lay.field_value(row, table.layout, "name")),
        "codes": codes,
        "sme": cell(reading, table, number, row, "sme", lay.flag),
        "point": cell(reading, table, number, row, "geolocation", lay.point),
    }
    for key in ("vat", "short_name", "street", "post_code", "city", "country", "nuts", "url"):
        value = lay.single(lay.field_value(row, table.layout, key))
        values[key] = "" if lay.is_empty(value) else value
    updated = cell(reading, table, number, row, "updated", _moment)
    signed = cell(reading, table, number, row, "signed", lay.day)
    if not values["name"]:
        reading.bad(table, number, table.layout.columns["name"], "", "an organisation needs a name")
        return
    if None in (pid, pic, codes, part_role):
        return
    sid = source_id("cordis", f"project-{pid}")
    if sid not in reading.sources:
        _keep_source(reading, _project_source(table, pid, ""), priority=1)
    reading.orgs.append(
        _OrgRow(
            pic=pic,
            project=pid,
            values=values,
            role=str(part_role),
            contribution=net if net is not None else contribution,
            rank=_rank(updated or signed, index, number),
            table=table,
            row=number,
            source=sid,
        )
    )


# -- provenance ---------------------------------------------------------------------------
def _project_source(table: lay.Table, pid: str, acronym: str) -> Source:
    title = f"CORDIS project {pid}" + (f" {acronym}" if acronym else "")
    return record_source(
        "cordis",
        f"project-{pid}",
        PROJECT_URL.format(pid),
        retrieved=table.retrieved,
        title=title,
        publisher=PUBLISHER,
        licence=LICENCE,
    )


def _org_source(pic: str, rows: list[_OrgRow]) -> Source:
    """The source of an organisation: its rows in the files read. The URL is where the
    latest row's file comes from: its download URL, else the page it is published on."""
    table = rows[-1].table
    url = table.url if table.url.endswith(".zip") else ""
    if not url:
        url = DATASET_PAGES["dashboard"] if table.layout.name == "dashboard" else table.url
    by_file: dict[str, list[int]] = {}
    for org in rows:
        by_file.setdefault(org.table.file.rsplit("/", 1)[-1], []).append(org.row)
    shown = "; ".join(
        f"{name} row {', '.join(map(str, sorted(nums)[:5]))}"
        + (f" and {len(nums) - 5} more" if len(nums) > 5 else "")
        for name, nums in by_file.items()
    )
    return record_source(
        "cordis",
        f"org-{pic}",
        url or CORDIS_HOME,
        retrieved=table.retrieved,
        title=f"CORDIS organisation {pic} ({rows[-1].values['name']})",
        publisher=PUBLISHER,
        licence=LICENCE,
        notes=f"{shown}; SHA-1 of {Path(table.file).name}: {table.digest}",
    )


def _keep_source(reading: _Reading, source: Source, priority: int) -> None:
    """One source per id: a project file's over an organisation file's, then the latest."""
    key = (priority, str(source.accessed or ""))
    if reading.sources.get(source.id, ((0, ""), source))[0] < key:
        reading.sources[source.id] = (key, source)


# -- parsed rows -> records ------------------------------------------------------------
def _latest(rows: list[_OrgRow], key: str) -> Any:
    """The latest non-empty value of ``key`` among the rows (ordered oldest first)."""
    for org in reversed(rows):
        value = org.values.get(key)
        if value not in (None, "", []):
            return value
    return None


def _country(code: str) -> str:
    """ISO 3166-1 from a CORDIS country code (CORDIS writes EL for Greece, UK for the
    United Kingdom, as NUTS does)."""
    return {"EL": "GR", "UK": "GB"}.get(code.upper(), code.upper())


def _nuts(code: str, country: str) -> str:
    """The NUTS 2021 code, or ``""`` when it is not one (older NUTS versions) or lies in
    another country."""
    from bioregion.regions import is_nuts_code

    code = code.strip().upper()
    if not code or not is_nuts_code(code):
        return ""
    return code if _country(code[:2]) == country or not country else ""


def _vat(value: str) -> str:
    """A VAT number as the ``vat`` identifier (spaces, dots and dashes dropped; a Swiss
    ``CHE-123.456.789 MWST`` as ``CHE123456789``, without its language suffix), or ``""``
    when it is not one (CORDIS writes ``-``, ``N/A``, bare digits...)."""
    raw = "".join(ch for ch in value.upper() if ch.isalnum())
    swiss = re.fullmatch(r"(CHE\d{9})(MWST|TVA|IVA)", raw)
    raw = swiss.group(1) if swiss else raw
    return raw if raw and not check_identifiers({"vat": raw}) else ""


def _domains(urls: str) -> list[str]:
    """The hosts (without ``www.``) of a website cell, which may hold several URLs."""
    hosts = []
    for url in re.split(r"[;,\s]+", urls.strip()):
        try:
            host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
        except ValueError:  # e.g. a broken IPv6 literal
            continue
        if "." in host:
            hosts.append(host.removeprefix("www."))
    return hosts


def _actor(pic: str, rows: list[_OrgRow], sources: tuple[str, ...], odd: Counter) -> Actor:
    """One actor from all rows of an organisation (``rows`` oldest first)."""
    codes = _latest(rows, "codes") or []
    seen = sorted({c for org in rows for c in (org.values["codes"] or [])})
    tags = [f"cordis:{c}" for c in seen]
    if _latest(rows, "sme") is True:
        tags.append("cordis:sme")
    post_code = _latest(rows, "post_code")
    if post_code:
        tags.append(f"postcode:{post_code}"[:80].replace(";", ","))
    country = _country(_latest(rows, "country") or "")
    raw_nuts = _latest(rows, "nuts") or ""
    nuts = _nuts(raw_nuts, country)
    if raw_nuts and not nuts:
        odd[raw_nuts] += 1
    point = _latest(rows, "point")
    identifiers = {"pic": pic}
    vat = _vat(_latest(rows, "vat") or "")
    if vat:
        identifiers["vat"] = vat
    return Actor(
        id=f"cordis-pic-{pic}",
        name=_latest(rows, "name"),
        kind=str(lay.ACTIVITY_KINDS[codes[0]]) if codes else "other",
        tags=tuple(tags),
        country=country,
        nuts=nuts,
        city=_latest(rows, "city") or "",
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        identifiers=identifiers,
        sources=sources,
    )


def _add_actors(dataset: SourceDataset, reading: _Reading) -> None:
    odd: Counter = Counter()
    by_pic: dict[str, list[_OrgRow]] = {}
    for org in sorted(reading.orgs, key=lambda o: o.rank):
        by_pic.setdefault(org.pic, []).append(org)
    for pic, rows in sorted(by_pic.items()):
        source = _org_source(pic, rows)
        dataset.add(source)
        actor = _actor(pic, rows, (source.id,), odd)
        dataset.add(actor, file=rows[-1].table.file, row=rows[-1].row)
        names = {org.values["short_name"] for org in rows} | {org.values["name"] for org in rows}
        aliases = sorted(n for n in names if n and n != actor.name)
        if aliases:
            dataset.aliases[actor.id] = aliases
        domains = sorted({d for org in rows for d in _domains(org.values["url"])})
        if domains:
            dataset.domains[actor.id] = domains
    if odd:
        shown = ", ".join(f"{code} ({n})" for code, n in sorted(odd.items()))
        reading.notes.append(
            f"NUTS codes that are not NUTS 2021 codes of the actor's country, left empty "
            f"(actors): {shown}"
        )


def _add_participations(dataset: SourceDataset, reading: _Reading) -> None:
    """One participation per project, organisation and role. The rows of one file add up
    (a dashboard repeats some participants with an empty contribution); when several files
    give it, the rows of one file count (an organisation file's, else the last file's)."""
    groups: dict[tuple[str, str, str], dict[tuple, list[_OrgRow]]] = {}
    for org in reading.orgs:
        by_file = groups.setdefault((org.project, org.pic, org.role), {})
        by_file.setdefault((org.table.layout.name == "organization", org.rank[1]), []).append(org)
    for (pid, pic, part_role), by_file in groups.items():
        rows = by_file[max(by_file)]
        amounts = [o.contribution for o in rows if o.contribution is not None]
        total = round(sum(amounts), 2) if amounts else None
        part = Participation(
            event=f"cordis-{pid}",
            actor=f"cordis-pic-{pic}",
            role=part_role,
            contribution=total,
            currency=_EURO if total is not None else "",
            sources=(rows[0].source,),
        )
        dataset.add(part, file=rows[0].table.file, row=rows[0].row)


def _dataset(
    tables: list[lay.Table], reading: _Reading, progress: Progress | None = None
) -> SourceDataset:
    """The records of all tables (problems are collected in ``reading``)."""
    total, done = sum(len(t.rows) for t in tables), 0
    for index, table in enumerate(tables):
        seen: set[tuple] = set()  # a dashboard repeats its project's cells on every row
        columns = [c for k, c in table.layout.columns.items() if k in lay.PROJECT_COLUMNS]
        for number, row in table.rows:
            cells = tuple(row.get(c) for c in columns)
            if table.layout.name in ("project", "dashboard") and cells not in seen:
                seen.add(cells)
                _project(reading, table, index, number, row)
            if table.layout.name in ("organization", "dashboard"):
                _org(reading, table, index, number, row)
            done += 1
            if progress and (done % 5000 == 0 or done == total):
                progress("reading CORDIS rows", done, total)
    dataset = SourceDataset()
    for _key, source in sorted(reading.sources.values(), key=lambda s: s[1].id):
        dataset.add(source)
    for _at, event, file, number in sorted(reading.events.values(), key=lambda e: e[1].id):
        dataset.add(event, file=file, row=number)
    _add_actors(dataset, reading)
    _add_participations(dataset, reading)
    orphans = sorted({org.project for org in reading.orgs} - set(reading.events))
    if orphans:
        reading.notes.append(
            f"{len(orphans)} project(s) have participants but no project row in these files "
            f"(e.g. {', '.join(orphans[:3])}): the store must hold them already, or read the "
            "project file with the organisation file"
        )
    dataset.notes.extend(dict.fromkeys(reading.notes))
    if any(t.layout.name != "project" for t in tables):
        dataset.notes.append(
            "participation order and endOfParticipation are not kept (no field for them)"
        )
    return dataset


# -- entry points ------------------------------------------------------------------------
def read_cordis(
    paths: Sequence[Path | str],
    *,
    retrieved: dt.datetime | None = None,
    progress: Progress | None = None,
) -> SourceDataset:
    """The records of CORDIS files: ``project`` and ``organization`` files (CSV or
    JSON, any programme), Horizon Dashboard exports, or the zips CORDIS publishes.

    ``retrieved`` is the retrieval time the sources record; by default each file's
    modification time (when it was downloaded), so reading the same file again gives
    the same records.

    Raises :class:`~bioregion.errors.ImportRejectedError` listing every problem (file,
    row, column, value, what to do); nothing is returned then.
    """
    reading = _Reading()
    tables: list[lay.Table] = []
    files = [Path(p) for p in paths]
    for done, path in enumerate(files):
        if progress:
            progress("reading CORDIS files", done, len(files))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from None
        when = retrieved or file_retrieved(path)
        tables += lay.tables_from_bytes(str(path), data, reading, retrieved=when, url=_page(path))
    if progress:
        progress("reading CORDIS files", len(files), len(files))
    dataset = _dataset(tables, reading, progress)
    if reading.problems:
        raise rejected(sorted(reading.problems, key=_problem_order))
    return dataset


def _problem_order(problem: Problem) -> tuple:
    return (problem.file, problem.row or 0, problem.column, problem.rule)


def _page(path: Path) -> str:
    """The data.europa.eu page of the programme a file's name names ("" if none)."""
    name = path.name.lower()
    for key in ("fp7", "h2020", "horizon"):
        if key in name:
            return DATASET_PAGES[key]
    return ""


def select(tables: list[lay.Table], query: Mapping[str, str], limit: int | None) -> None:
    """Keep (in place) the rows of the projects ``query`` asks for: ``projects`` (ids,
    comma-separated), ``country`` (projects with a participant there; ISO or CORDIS
    code), at most ``limit`` projects (lowest ids first)."""
    ids: set[str] = set()
    countries: dict[str, set[str]] = {}
    for table in tables:
        for _number, row in table.rows:
            pid = lay.text(lay.field_value(row, table.layout, "project_id"))
            ids.add(pid)
            code = lay.text(lay.field_value(row, table.layout, "country")).upper()
            countries.setdefault(pid, set()).add(_country(code))
    wanted = [p.strip() for p in query.get("projects", "").split(",") if p.strip()]
    if wanted:
        ids &= set(wanted)
    country = _country(query.get("country", "").strip())
    if country:
        ids = {p for p in ids if country in countries.get(p, set())}
    chosen = set(sorted(ids, key=lambda p: (len(p), p))[:limit] if limit else ids)
    for table in tables:
        table.rows = [
            (number, row)
            for number, row in table.rows
            if lay.text(lay.field_value(row, table.layout, "project_id")) in chosen
        ]


class CordisConnector:
    """CORDIS projects and participants (see the module); ``CONNECTOR`` is the instance."""

    name = "cordis"
    title = "CORDIS (EU framework programmes)"
    licence = LICENCE
    config = SourceConfig(name="cordis", min_interval=1.0, timeout=300.0, max_pages=None)

    def read(self, paths: Sequence[Path], *, progress: Progress | None = None) -> SourceDataset:
        """The records of downloaded CORDIS files (see :func:`read_cordis`)."""
        return read_cordis(paths, progress=progress)

    def fetch(
        self,
        client: SourceClient,
        *,
        query: Mapping[str, str] | None = None,
        limit: int | None = None,
        progress: Progress | None = None,
    ) -> SourceDataset:
        """Download a programme's bulk zip and read it.

        ``query``: ``programme`` (``fp7``, ``h2020`` or ``horizon``; required),
        ``format`` (``json``, the default, or ``csv``), and to keep part of it
        ``country`` (projects with a participant in that country) and ``projects``
        (comma-separated ids); ``limit``: at most this many projects.
        """
        query = dict(query or {})
        programme = PROGRAMMES.get(query.get("programme", "").strip().lower())
        fmt = query.get("format", "json").strip().lower()
        if programme is None or fmt not in ("json", "csv"):
            raise SourceError(
                "CORDIS has no open search API for bulk data; fetch downloads a programme's "
                "zip: give programme=fp7, h2020 or horizon (and format=json or csv), or "
                "download the files from https://data.europa.eu (search CORDIS) and read "
                "them with: bioregion ingest cordis FILE..."
            )
        url = DOWNLOAD_URL.format(programme=programme, format=fmt)
        if progress:
            progress(f"downloading {url}", 0, 1)
        response = client.get(url)
        retrieved = client.retrieved or dt.datetime.now(dt.UTC)
        reading = _Reading()
        name = url.rsplit("/", 1)[-1]
        tables = lay.tables_from_bytes(
            name, response.content, reading, retrieved=retrieved, url=url
        )
        if progress:
            progress(f"downloading {url}", 1, 1)
        if not reading.problems:
            select(tables, query, limit)
        dataset = SourceDataset() if reading.problems else _dataset(tables, reading, progress)
        if reading.problems:
            raise rejected(sorted(reading.problems, key=_problem_order))
        return dataset


CONNECTOR = CordisConnector()
