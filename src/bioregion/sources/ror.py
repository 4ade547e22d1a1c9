"""ROR, the Research Organization Registry (CC0): research organisations as actors.

Reads ROR data dumps (a JSON array, as in the Zenodo dump, or JSON Lines; a ``.zip``
dump is read from inside; schema v1 and v2 records, mixed freely) and fetches from
the ROR API v2 (``https://api.ror.org/v2/organizations``, 20 records a page).

Each active or inactive record becomes an actor ``ror-<ROR id>``:

- ``name``: the v2 ``ror_display`` name (v1: ``name``);
- ``kind`` from the ROR types, the first that applies of: education ->
  ``university``, healthcare -> ``hospital``, facility -> ``research_institute``,
  government -> ``government``; company, nonprofit, funder, archive and other ->
  ``other``. ROR's ``company`` mixes pharma, biotech, utilities and consultancies,
  and ``funder`` mixes agencies, charities and firms, so neither says which
  bioregion kind an organisation is; the ROR types are kept as ``tags``;
- ``founded`` from ``established`` (a year); country, city and lat/lon from the
  first location, NUTS-3 from the point (:meth:`Dataset.locate_actors
  <bioregion.model.dataset.Dataset.locate_actors>`);
- ``identifiers``: ``ror``, ``grid``, ``isni`` (16 characters, no spaces),
  ``wikidata``, ``fundref`` and ``orgref`` (the preferred value, else the first);
- ``description``: the other names and the relationships, in words, so that they
  stay with the actor in the store.

A record withdrawn by ROR (a duplicate or an error) is left out, with a note. The
other names (labels, aliases, acronyms), website domains and relationships (parent,
child, related, successor, predecessor: undated in ROR, so they are not ties) are
also returned beside the records in a :class:`~bioregion.sources.base.SourceDataset`
for the resolver. Every actor cites the source ``ror-<ROR id>``.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from bioregion.errors import Problem, SourceError
from bioregion.model import rules
from bioregion.model.dates import MAX_YEAR, MIN_YEAR, PartialDate
from bioregion.model.records import Actor
from bioregion.sources.base import Progress, Relation, SourceDataset, json_records, rejected
from bioregion.sources.http import SourceConfig
from bioregion.sources.provenance import file_retrieved, record_source

if TYPE_CHECKING:
    from bioregion.sources.http import SourceClient

API_URL = "https://api.ror.org/v2/organizations"
PUBLISHER = "Research Organization Registry (ROR)"
LICENCE = "CC0 1.0"
PAGE_SIZE = 20  # records per page of the ROR API
#: ROR type -> actor kind, in the order of precedence when a record has several.
KIND_BY_TYPE: dict[str, str] = {
    "education": "university",
    "healthcare": "hospital",
    "facility": "research_institute",
    "government": "government",
    "company": "other",
    "nonprofit": "other",
    "funder": "other",
    "archive": "other",
    "other": "other",
}
#: ROR external-id types -> identifier schemes.
SCHEMES = {
    "grid": "grid",
    "isni": "isni",
    "wikidata": "wikidata",
    "fundref": "fundref",
    "orgref": "orgref",
}
PROGRESS_EVERY = 500


@dataclass
class Organisation:
    """One ROR record, schema v1 or v2, in the terms bioregion needs."""

    ror: str
    name: str
    status: str
    schema: str
    types: list[str] = field(default_factory=list)
    established: int | None = None
    country: str = ""
    city: str = ""
    lat: float | None = None
    lon: float | None = None
    other_names: list[str] = field(default_factory=list)
    domains: list[str] = field(default_factory=list)
    external: dict[str, str] = field(default_factory=dict)
    relationships: list[tuple[str, str, str]] = field(default_factory=list)  # type, ror, label


def ror_id(value: str) -> str:
    """The bare ROR id of ``https://ror.org/00cv9y106`` (or of ``00cv9y106``)."""
    return str(value).strip().rstrip("/").rsplit("/", 1)[-1]


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value else ""


def _unique(values: Sequence[str], leave_out: str = "") -> list[str]:
    out: list[str] = []
    for value in values:
        text = _text(value)
        if text and text != leave_out and text not in out:
            out.append(text)
    return out


def _first(value: Any) -> str:
    """The preferred or first value of an external id (``all`` is a list or a string)."""
    if not isinstance(value, Mapping):
        return ""
    if value.get("preferred"):
        return str(value["preferred"])
    given = value.get("all")
    if isinstance(given, list):
        return str(given[0]) if given else ""
    return str(given or "")


def _domain(url: str) -> str:
    host = urlsplit(url if "://" in url else f"http://{url}").hostname or ""
    return host.removeprefix("www.")


def organisation(record: Mapping[str, Any]) -> Organisation:
    """An :class:`Organisation` from a v1 or v2 record (v2 has ``names``)."""
    if "names" in record:
        return _from_v2(record)
    return _from_v1(record)


def _from_v2(record: Mapping[str, Any]) -> Organisation:
    names = record.get("names") or []
    display = next((n["value"] for n in names if "ror_display" in (n.get("types") or [])), "")
    place = (record.get("locations") or [{}])[0].get("geonames_details") or {}
    admin = (record.get("admin") or {}).get("last_modified") or {}
    websites = [x.get("value", "") for x in record.get("links") or [] if x.get("type") == "website"]
    org = Organisation(
        ror=ror_id(record.get("id", "")),
        name=_text(display),
        status=str(record.get("status") or "active").lower(),
        schema=str(admin.get("schema_version") or "2"),
        types=[str(t).lower() for t in record.get("types") or []],
        established=record.get("established"),
        country=str(place.get("country_code") or "").upper(),
        city=_text(place.get("name")),
        lat=place.get("lat"),
        lon=place.get("lng"),
        other_names=_unique([n.get("value", "") for n in names], leave_out=_text(display)),
        domains=_unique([*(record.get("domains") or []), *map(_domain, websites)]),
        external={
            str(x.get("type", "")).lower(): _first(x) for x in record.get("external_ids") or []
        },
    )
    org.relationships = _relationships(record)
    return org


def _from_v1(record: Mapping[str, Any]) -> Organisation:
    name = _text(record.get("name"))
    place = (record.get("addresses") or [{}])[0]
    labels = [x.get("label", "") for x in record.get("labels") or []]
    others = [*(record.get("aliases") or []), *labels, *(record.get("acronyms") or [])]
    org = Organisation(
        ror=ror_id(record.get("id", "")),
        name=name,
        status=str(record.get("status") or "active").lower(),
        schema="1",
        types=[str(t).lower() for t in record.get("types") or []],
        established=record.get("established"),
        country=str((record.get("country") or {}).get("country_code") or "").upper(),
        city=_text(place.get("city")),
        lat=place.get("lat"),
        lon=place.get("lng"),
        other_names=_unique(others, leave_out=name),
        domains=_unique([_domain(u) for u in record.get("links") or [] if u]),
        external={str(k).lower(): _first(v) for k, v in (record.get("external_ids") or {}).items()},
    )
    org.relationships = _relationships(record)
    return org


def _relationships(record: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (str(r.get("type", "")).lower(), ror_id(r.get("id", "")), _text(r.get("label")))
        for r in record.get("relationships") or []
        if r.get("id")
    ]


def kind_of(types: Sequence[str]) -> str:
    """The actor kind for a record's ROR types (see the module for the choices)."""
    for ror_type, kind in KIND_BY_TYPE.items():
        if ror_type in types:
            return kind
    return "other"


def identifiers_of(org: Organisation) -> tuple[dict[str, str], list[str]]:
    """The identifiers of a record, and notes on values that do not fit their scheme
    (left out rather than rejecting the whole import)."""
    found = {"ror": org.ror}
    notes = []
    for key, scheme in SCHEMES.items():
        value = org.external.get(key, "").strip()
        if scheme == "isni":
            value = value.replace(" ", "")
        if value:
            if rules.check_identifiers({scheme: value}):
                notes.append(f"ROR record {org.ror}: {scheme} {value!r} left out (malformed)")
            else:
                found[scheme] = value
    return found, notes


def founded_of(year: Any) -> PartialDate | None:
    """``established`` as a year, when it is a plausible one."""
    try:
        number = int(year)
    except (TypeError, ValueError):
        return None
    if MIN_YEAR <= number <= min(MAX_YEAR, dt.date.today().year):
        return PartialDate(number)
    return None


def description_of(org: Organisation) -> str:
    """The other names and the relationships of a record, in words."""
    parts = []
    if org.other_names:
        parts.append("Also known as: " + "; ".join(org.other_names) + ".")
    for kind in ("parent", "child", "related", "successor", "predecessor"):
        linked = [f"{label or rid} (ror {rid})" for k, rid, label in org.relationships if k == kind]
        if linked:
            parts.append(f"ROR {kind}: " + "; ".join(linked) + ".")
    if org.status != "active":
        parts.append(f"ROR status: {org.status}.")
    return " ".join(parts)


def actor_of(org: Organisation, identifiers: dict[str, str], source: str) -> Actor:
    lat, lon = org.lat, org.lon
    if not isinstance(lat, int | float) or not isinstance(lon, int | float):
        lat = lon = None
    return Actor(
        id=f"ror-{org.ror}",
        name=org.name,
        kind=kind_of(org.types),
        tags=tuple(dict.fromkeys(org.types)),
        founded=founded_of(org.established),
        country=org.country,
        city=org.city,
        lat=float(lat) if lat is not None else None,
        lon=float(lon) if lon is not None else None,
        identifiers=identifiers,
        description=description_of(org),
        sources=(source,),
    )


def add_record(
    dataset: SourceDataset,
    record: Any,
    *,
    retrieved: dt.datetime,
    file: str = "",
    row: int | None = None,
) -> None:
    """Add the actor and source of one ROR record (v1 or v2) to ``dataset``.

    A record that is not a ROR organisation (no ``id`` or no name) is reported as an
    :class:`~bioregion.errors.ImportRejectedError` naming the file and row.
    """
    org = organisation(record) if isinstance(record, Mapping) else None
    if org is None or not org.ror or not org.name:
        raise rejected(
            [
                Problem(
                    file=file,
                    row=row,
                    rule="is not a ROR organisation record (no id or no name); give ROR "
                    "dump files (JSON or JSON Lines) or API pages",
                )
            ]
        )
    if org.status == "withdrawn":
        dataset.notes.append(f"ROR record {org.ror} ({org.name}) left out: withdrawn by ROR")
        return
    identifiers, notes = identifiers_of(org)
    dataset.notes.extend(notes)
    source = record_source(
        "ror",
        org.ror,
        f"https://ror.org/{org.ror}",
        retrieved=retrieved,
        title=org.name,
        publisher=PUBLISHER,
        licence=LICENCE,
        notes=f"schema v{org.schema}; status {org.status}",
    )
    actor = actor_of(org, identifiers, source.id)
    dataset.add(source, file, row)
    dataset.add(actor, file, row)
    if org.other_names:
        dataset.aliases[actor.id] = list(org.other_names)
    if org.domains:
        dataset.domains[actor.id] = list(org.domains)
    dataset.relations.extend(
        Relation(actor.id, f"ror-{rid}", kind, label) for kind, rid, label in org.relationships
    )


def file_records(path: Path) -> Iterator[tuple[int, Any]]:
    """The records of a ROR dump file: JSON, JSON Lines, or a ``.zip`` holding one
    (the schema v2 file when the archive holds both)."""
    if path.suffix.lower() != ".zip":
        yield from json_records(path)
        return
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith((".json", ".jsonl"))]
            members.sort(key=lambda n: ("schema_v2" not in n, n))
            if not members:
                raise rejected([Problem(file=str(path), rule="the zip archive holds no JSON file")])
            text = archive.read(members[0]).decode("utf-8-sig")
    except zipfile.BadZipFile:
        raise rejected(
            [Problem(file=str(path), rule="is not a readable zip archive; download it again")]
        ) from None
    yield from json_records(Path(f"{path}!{members[0]}"), text)


class RorConnector:
    """The ROR connector (``bioregion ingest ror FILE``, ``bioregion fetch ror``)."""

    name = "ror"
    title = "ROR (Research Organization Registry)"
    licence = "CC0 1.0"
    url = "https://ror.org"
    # ROR allows 2,000 requests in 5 minutes; a client id (BIOREGION_ROR_API_KEY)
    # goes in the Client-Id header.
    config = SourceConfig(name="ror", min_interval=0.2, max_pages=500, api_key_header="Client-Id")

    def read(self, paths: Sequence[Path], *, progress: Progress | None = None) -> SourceDataset:
        """The actors and sources of ROR dump files (see the module)."""
        dataset = SourceDataset()
        for path in map(Path, paths):
            retrieved = file_retrieved(path)
            records = list(file_records(path))
            for done, (number, record) in enumerate(records, start=1):
                add_record(dataset, record, retrieved=retrieved, file=str(path), row=number)
                if progress and (done % PROGRESS_EVERY == 0 or done == len(records)):
                    progress(f"reading ror records: {path.name}", done, len(records))
        return dataset.locate_actors()

    def fetch(
        self,
        client: SourceClient,
        *,
        query: Mapping[str, str] | None = None,
        limit: int | None = None,
        progress: Progress | None = None,
    ) -> SourceDataset:
        """Organisations from the ROR API v2.

        ``query`` holds the API's parameters: ``query`` (words), ``query.advanced``,
        ``filter`` (e.g. ``types:education,locations.geonames_details.country_code:BE``),
        ``all_status``; an ``id`` fetches one record. ``limit`` caps the records (20
        a page).
        """
        params = dict(query or {})
        dataset = SourceDataset()
        if "id" in params:
            record = client.get_json(f"{API_URL}/{ror_id(params.pop('id'))}")
            add_record(dataset, record, retrieved=client.retrieved or utc_now(), file=API_URL)
            return dataset.locate_actors()
        pages = None if limit is None else max(1, -(-limit // PAGE_SIZE))
        for number, page in enumerate(
            client.pages(API_URL, params, NextPage(), max_pages=pages, progress=progress), 1
        ):
            items = page.get("items") if isinstance(page, Mapping) else None
            if not isinstance(items, list):
                raise SourceError(
                    f"page {number} of {API_URL} has no 'items' list: the ROR API changed "
                    "or answered an error; run again, or report it"
                )
            for row, item in enumerate(items, start=1):
                if limit is not None and len(dataset.actors) >= limit:
                    break
                retrieved = client.retrieved or utc_now()
                add_record(
                    dataset, item, retrieved=retrieved, file=f"{API_URL} page {number}", row=row
                )
        dataset.notes.extend(n for n in client.notes if n not in dataset.notes)
        return dataset.locate_actors()


class NextPage:
    """``next_params`` for the ROR API: the next ``page`` number while records remain.

    A ROR answer does not say which page it is, so the pages seen are counted (a
    resumed run replays the saved pages through it too, so the count holds).
    """

    def __init__(self) -> None:
        self.page = 1
        self.seen = 0

    def __call__(self, body: Any) -> dict[str, int] | None:
        items = body.get("items") if isinstance(body, Mapping) else None
        if not items:
            return None
        self.seen += len(items)
        self.page += 1
        total = int(body.get("number_of_results") or 0)
        return {"page": self.page} if self.seen < total else None


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


CONNECTOR = RorConnector()
