"""CORDIS file layouts: reading the files, matching their columns, parsing their values.

Column names changed over programmes and years (``projectID``/``projectId``/``project_id``;
the PIC as ``organisationID``, ``id`` or ``pic``; ``ecContribution``/``eu_contribution``):
a column is matched by its *normalised* name (lowercase letters and digits), trying the
names of :data:`PROJECT_COLUMNS`, :data:`ORGANIZATION_COLUMNS` or :data:`DASHBOARD_COLUMNS`
in order. Files (CSV in UTF-8 or windows-1252, ``;``/``,``/tab, quoted line breaks; JSON
arrays; zips of them) become :class:`Table` objects, every problem located in
:class:`Findings`. Records are made by :mod:`bioregion.sources.cordis`.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import math
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bioregion.errors import Problem
from bioregion.model.dates import MAX_YEAR, MIN_YEAR
from bioregion.model.vocab import ActorKind, Role

# -- column names (normalised), by field; the first present in a file is used ---------
PROJECT_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_id": ("id", "projectid", "projectreference", "reference"),
    "acronym": ("acronym", "projectacronym"),
    "title": ("title", "projecttitle"),
    "start": ("startdate", "projectstartdate"),
    "end": ("enddate", "projectenddate"),
    "total_cost": ("totalcost",),
    "ec_max": ("ecmaxcontribution", "eumaxcontribution"),
    "programme": ("frameworkprogramme",),
    "legal_basis": ("legalbasis", "programme"),
    "topics": ("topics", "topic", "topiccode"),
    "call": ("mastercall", "call", "callid"),
    "sub_call": ("subcall",),
    "funding_scheme": ("fundingscheme", "simplifiedtypeofaction"),
    "status": ("status",),
    "objective": ("objective",),
    "signed": ("ecsignaturedate", "signaturedate"),
    "updated": ("contentupdatedate",),
    "rcn": ("rcn",),
    "doi": ("grantdoi",),
}
ORGANIZATION_COLUMNS: dict[str, tuple[str, ...]] = {
    "project_id": ("projectid", "projectreference"),
    "project_acronym": ("projectacronym",),
    "pic": ("organisationid", "organizationid", "pic", "participantpic", "id"),
    "vat": ("vatnumber", "legalentityvat", "vat"),
    "name": ("name", "legalname", "organisationname", "organizationname"),
    "short_name": ("shortname",),
    "sme": ("sme", "smeflag"),
    "activity_type": ("activitytype", "legalentitytype", "organisationtype"),
    "street": ("street",),
    "post_code": ("postcode",),
    "city": ("city",),
    "country": ("countrycode", "country"),
    "nuts": ("nutscode", "nuts3code", "nuts"),
    "geolocation": ("geolocation",),
    "url": ("organizationurl", "organisationurl"),
    "updated": ("contentupdatedate",),
    "order": ("order", "ordernumber"),
    "role": ("role", "partnerrole"),
    "partner_type": ("partnertype",),
    "ec_contribution": ("eccontribution", "eucontribution"),
    "net_ec_contribution": ("neteccontribution", "h2020neteucontribution", "neteucontribution"),
    "ended": ("endofparticipation",),
}
#: The project's fields in a Horizon Dashboard row (the rest are organisation fields;
#: money columns there are the participant's, so the project gets none).
_DASHBOARD_PROJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "project_id": ("projectid",),
    "acronym": ("projectacronym",),
    "title": ("projecttitle",),
    "start": ("projectstartdate",),
    "end": ("projectenddate",),
    "programme": ("frameworkprogramme",),
    "topics": ("topiccode",),
    "call": ("callid",),
    "funding_scheme": ("simplifiedtypeofaction",),
    "signed": ("signaturedate",),
}

DASHBOARD_COLUMNS = {
    **_DASHBOARD_PROJECT_FIELDS,
    **{k: v for k, v in ORGANIZATION_COLUMNS.items() if k not in _DASHBOARD_PROJECT_FIELDS},
}
COLUMNS = {
    "project": PROJECT_COLUMNS,
    "organization": ORGANIZATION_COLUMNS,
    "dashboard": DASHBOARD_COLUMNS,
}
#: Fields whose column every file of the layout must have (the names users see are the
#: current official ones; any variant of :data:`PROJECT_COLUMNS` etc. will do).
REQUIRED: dict[str, dict[str, str]] = {
    layout: dict(pair.split("=") for pair in pairs.split())
    for layout, pairs in {
        "project": "project_id=id acronym=acronym title=title start=startDate end=endDate",
        "organization": "project_id=projectID pic=organisationID name=name "
        "activity_type=activityType role=role country=country",
        "dashboard": "project_id=project_id acronym=project_acronym title=project_title "
        "start=project_start_date end=project_end_date pic=pic name=legal_name "
        "activity_type=legal_entity_type role=partner_role country=country_code",
    }.items()
}

# -- codes --------------------------------------------------------------------------
#: CORDIS organisation activity types (reference list ``cordisref-organizationActivityType``)
#: -> actor kind. ``PRC`` (any private for-profit entity: a biotech, a pharma group, an
#: engineering consultancy, a bank) gives ``other``: the raw code stays as a tag
#: (``cordis:PRC``) and the SME flag as ``cordis:sme`` for the resolver and the analyst.
ACTIVITY_KINDS: dict[str, ActorKind] = {
    "HES": ActorKind.UNIVERSITY,
    "REC": ActorKind.RESEARCH_INSTITUTE,
    "PRC": ActorKind.OTHER,
    "PUB": ActorKind.GOVERNMENT,
    "OTH": ActorKind.OTHER,
}
ACTIVITY_TITLES: dict[str, str] = {
    "HES": "Higher or Secondary Education Establishments",
    "REC": "Research Organisations",
    "PRC": "Private for-profit entities",
    "PUB": "Public bodies",
    "OTH": "Other",
}
#: CORDIS participant roles and Horizon Dashboard partner types (normalised) -> role.
ROLES: dict[str, Role] = {
    "coordinator": Role.COORDINATOR,
    "participant": Role.PARTICIPANT,
    "beneficiary": Role.PARTICIPANT,
    "hostinstitution": Role.PARTICIPANT,
    "partner": Role.PARTNER,
    "internationalpartner": Role.PARTNER,
    "thirdparty": Role.THIRD_PARTY,
    "associatedpartner": Role.ASSOCIATED_PARTNER,
}
_TRUE = frozenset({"true", "yes", "y", "1", "t"})
_FALSE = frozenset({"false", "no", "n", "0", "f"})
#: Cells that mean "no value" in CORDIS and dashboard files.
_EMPTY = frozenset({"", "-", "n/a", "na", "null", "none", "not available"})
_DATE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?Z?)?$"), "ymd"),
    (re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?: \d{2}:\d{2}(?::\d{2})?)?$"), "dmy"),
)
_MEMBER = re.compile(r"^(cordis-?\w*?)?(projects?|organi[sz]ations?)$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def normalise(column: str) -> str:
    """The name a column is matched by.

    >>> normalise("projectID"), normalise("project_id"), normalise("Project Id")
    ('projectid', 'projectid', 'projectid')
    """
    return re.sub(r"[^a-z0-9]", "", column.lower())


@dataclass(frozen=True)
class Layout:
    """Which layout a file has and which of its columns gives which field."""

    name: str
    columns: dict[str, str]  # field -> column as written in the file
    ignored: tuple[str, ...]  # columns no field uses

    def missing(self) -> list[str]:
        """The required columns the file lacks, by their official name."""
        return [shown for key, shown in REQUIRED[self.name].items() if key not in self.columns]


def detect_layout(header: Sequence[str]) -> str | None:
    """``project``, ``organization`` or ``dashboard`` from a file's column names."""
    names = {normalise(c) for c in header}
    has_org = bool(names & {"organisationid", "organizationid", "pic", "participantpic"})
    if has_org and "projecttitle" in names:
        return "dashboard"
    if has_org or ("projectid" in names and "id" in names):
        return "organization"
    if names & {"id", "projectid"} and names & {"acronym", "title"}:
        return "project"
    return None


def match_columns(layout: str, header: Sequence[str]) -> Layout:
    """The :class:`Layout` of a file whose columns are ``header``."""
    fields = COLUMNS[layout]
    by_name: dict[str, str] = {}
    for column in header:
        by_name.setdefault(normalise(column), column)
    columns: dict[str, str] = {}
    used: set[str] = set()
    for key, names in fields.items():
        for name in names:
            if name in by_name and name not in used:
                columns[key] = by_name[name]
                used.add(name)
                break
    ignored = tuple(c for c in header if normalise(c) not in used and c.strip())
    return Layout(layout, columns, ignored)


# -- values ---------------------------------------------------------------------------
def text(value: object) -> str:
    """A cell as one line of text: ``None`` and JSON ``null`` give ``""``; runs of
    white space and control characters (line breaks of quoted CSV cells included) become
    one space; an integer from JSON (a PIC, a post code) gives its digits."""
    if type(value) is str and value.isprintable() and "  " not in value:
        return value.strip()  # the common case, fast
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value).lower()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(_CONTROL.sub(" ", str(value)).split())


def free_text(value: object) -> str:
    """A free-text cell (an objective) with its line breaks: each line as :func:`text`
    gives it, control characters dropped, empty lines kept once."""
    if value is None:
        return ""
    lines = [text(line) for line in str(value).replace("\r\n", "\n").split("\n")]
    joined = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", joined)


def single(value: object) -> str:
    """A cell CORDIS filled by joining repeats (``"FI;FI"``) as one value (``"FI"``);
    other cells as :func:`text` gives them."""
    raw = text(value)
    parts = {p.strip() for p in raw.split(";")}
    return parts.pop() if ";" in raw and len(parts) == 1 else raw


def is_empty(value: object) -> bool:
    return text(value).lower() in _EMPTY


def amount(value: object) -> float | None:
    """An amount in euro: a JSON number, ``"1234.56"``, ``"1234,56"`` (decimal comma),
    ``"1.234,56"``, ``"1 234,56"`` or ``"1.732084396E7"``; empty or ``-`` give ``None``.
    Raises :class:`ValueError` for anything else.

    >>> amount("1.234,56"), amount("1234,56"), amount(1.732084396e7), amount("-")
    (1234.56, 1234.56, 17320843.96, None)
    """
    if isinstance(value, bool):
        raise ValueError("is true/false, not an amount")
    if isinstance(value, int | float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError("is not a finite number")
        return float(value)
    raw = "".join(text(value).split()).replace("\u00a0", "")
    if raw.lower() in _EMPTY:
        return None
    if "," in raw and "." in raw:  # the last one is the decimal separator
        thousands = "." if raw.rfind(",") > raw.rfind(".") else ","
        raw = raw.replace(thousands, "")
    if not _NUMBER.match(raw) or raw.count(",") > 1:
        raise ValueError("is not a number; write e.g. 1234.56 or 1234,56")
    number = float(raw.replace(",", "."))
    if math.isinf(number):
        raise ValueError("is not a finite number")
    return number


def day(value: object) -> dt.date | None:
    """A date as CORDIS writes it: ``2015-06-01`` (a time after it is ignored) or, in
    dashboard exports, ``01/06/2015`` (day first); empty gives ``None``.

    Raises :class:`ValueError` for anything else or a day that does not exist.
    """
    raw = text(value)
    if raw.lower() in _EMPTY:
        return None
    for pattern, order in _DATE_FORMS:
        found = pattern.match(raw)
        if found:
            a, b, c = (int(g) for g in found.groups())
            year, month, mday = (a, b, c) if order == "ymd" else (c, b, a)
            if not MIN_YEAR <= year <= MAX_YEAR:
                raise ValueError(f"has a year outside {MIN_YEAR}-{MAX_YEAR}")
            try:
                return dt.date(year, month, mday)
            except ValueError as exc:
                raise ValueError(f"is not a calendar date ({exc})") from None
    raise ValueError("is not a date; CORDIS writes YYYY-MM-DD (dashboard exports DD/MM/YYYY)")


def project_id(value: object) -> str:
    """A CORDIS project id: digits (leading zeros dropped)."""
    raw = text(value)
    if not raw.isdigit():
        raise ValueError("is not a CORDIS project id (digits, e.g. 101036849)")
    return raw.lstrip("0") or "0"


def pic(value: object) -> str:
    """A PIC, the Commission's 9-digit participant identification code."""
    raw = text(value)
    if not (raw.isdigit() and len(raw) == 9):
        raise ValueError("is not a PIC (9 digits, e.g. 999991334)")
    return raw


def flag(value: object) -> bool | None:
    """``true``/``false``, ``Yes``/``No``, ``1``/``0``; empty gives ``None``."""
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in _EMPTY:
        return None
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ValueError("is not a yes/no value (true/false, Yes/No, 1/0)")


def point(value: object) -> tuple[float, float] | None:
    """``"50.8798,4.7005"`` (latitude, longitude) as CORDIS writes a geolocation."""
    raw = text(value).strip("()[] ")
    if raw.lower() in _EMPTY:
        return None
    parts = [p for p in re.split(r"[,;\s]+", raw) if p]
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        raise ValueError("is not a point; CORDIS writes latitude,longitude") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError("lies outside latitude -90..90 or longitude -180..180")
    return lat, lon


def activity_codes(value: object) -> list[str]:
    """The activity type codes of a cell (``"PRC"``, ``"PRC;PRC"``: each code once).

    Raises :class:`ValueError` naming the known codes for an unknown one.
    """
    codes: list[str] = []
    for part in re.split(r"[;,/|]", text(value).upper()):
        code = part.strip()
        if not code:
            continue
        if code not in ACTIVITY_KINDS:
            known = ", ".join(f"{k} ({v})" for k, v in ACTIVITY_TITLES.items())
            raise ValueError(f"unknown CORDIS activity type; known are {known}")
        if code not in codes:
            codes.append(code)
    return codes


def role(value: object, partner_type: object = "") -> Role:
    """The role of a participation from CORDIS ``role`` (or the dashboard's
    ``partner_role`` with its ``partner_type``).

    Raises :class:`ValueError` listing the known roles for an unknown one.
    """
    key = normalise(text(value))
    kind = normalise(text(partner_type))
    if key == "participant" and kind and kind != "beneficiary":
        key = kind
    if key not in ROLES:
        known = "coordinator, participant, partner, thirdParty, associatedPartner, beneficiary"
        raise ValueError(f"unknown CORDIS role; known are {known}")
    return ROLES[key]


def field_value(row: Mapping[str, object], layout: Layout, key: str) -> object:
    """The raw cell of field ``key`` in ``row`` (``""`` when the file lacks the column)."""
    column = layout.columns.get(key)
    return "" if column is None else row.get(column, "")


# -- files ---------------------------------------------------------------------------
@dataclass
class Table:
    """One CORDIS file read: its layout and rows (row number, column -> cell)."""

    file: str
    layout: Layout
    rows: list[tuple[int, dict[str, Any]]]
    retrieved: dt.datetime
    url: str = ""
    encoding: str = "utf-8"
    digest: str = ""  # SHA-1 of the file's bytes


@dataclass
class Findings:
    """Problems found while reading files, and notes for the batch report."""

    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def bad(self, table: Table, row: int | None, column: str, value: object, rule: str) -> None:
        self.problems.append(
            Problem(file=table.file, row=row, column=column, value=text(value), rule=rule)
        )


def decode(name: str, data: bytes) -> tuple[str, str]:
    """The text of a CSV file and its encoding: UTF-8 (with or without BOM), UTF-16
    with a BOM, else windows-1252 (older CORDIS exports). Raises :class:`ValueError`."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start : exc.start + 1].hex().upper()
        raise ValueError(
            f"is neither UTF-8 nor windows-1252 text (byte 0x{byte} on line {line}); "
            "re-save it as UTF-8"
        ) from None


def _csv_rows(name: str, data: bytes, reading: Findings) -> tuple[list, list, str] | None:
    """Header and rows of a CSV file (``;``, ``,`` or tab, guessed from the header)."""
    try:
        content, encoding = decode(name, data)
    except ValueError as exc:
        reading.problems.append(Problem(file=name, rule=str(exc)))
        return None
    first = content.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter)
    try:
        rows = list(reader)
    except csv.Error as exc:
        rule = f"cannot be read as CSV ({exc}); check the quotes of that record"
        reading.problems.append(Problem(file=name, row=reader.line_num, rule=rule))
        return None
    if not rows or not any(cell.strip() for cell in rows[0]):
        reading.problems.append(Problem(file=name, row=1, rule="has no header row"))
        return None
    return rows[0], rows[1:], encoding


def _csv_table(name: str, data: bytes, reading: Findings, **where: Any) -> Table | None:
    found = _csv_rows(name, data, reading)
    if found is None:
        return None
    header, body, encoding = found
    table = _new_table(name, header, reading, encoding=encoding, **where)
    if table is None:
        return None
    if encoding != "utf-8":
        reading.notes.append(f"{name}: read as {encoding} text")
    width = len(header)
    for number, cells in enumerate(body, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != width:
            reading.bad(
                table,
                number,
                "",
                " | ".join(cells)[:60],
                f"has {len(cells)} cells where the header has {width}: a separator inside "
                "an unquoted cell, or a cut line; quote the cell or download the file again",
            )
            continue
        table.rows.append((number, dict(zip(header, cells, strict=False))))
    return table


def _json_table(name: str, data: bytes, reading: Findings, **where: Any) -> Table | None:
    try:
        records = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        cut = "ends inside a character (truncated?)" if exc.end >= len(data) else ""
        why = cut or f"is not UTF-8 text ({exc.reason} at byte {exc.start})"
        reading.problems.append(Problem(file=name, rule=f"{why}; download the file again"))
        return None
    except json.JSONDecodeError as exc:
        text = data.decode("utf-8-sig", errors="replace")
        cut = not text.rstrip().endswith(("]", "}")) or exc.pos >= len(text.rstrip())
        why = "ends before its JSON does (truncated)" if cut else f"is not JSON ({exc.msg})"
        rule = f"{why} at line {exc.lineno} column {exc.colno}; download the file again"
        reading.problems.append(Problem(file=name, row=exc.lineno, rule=rule))
        return None
    if not isinstance(records, list):
        reading.problems.append(
            Problem(file=name, rule="is JSON but not a list of CORDIS records (a JSON array)")
        )
        return None
    header: dict[str, None] = {}
    for record in records:
        if isinstance(record, dict):
            header.update(dict.fromkeys(record))
    table = _new_table(name, list(header), reading, **where)
    if table is None:
        return None
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            reading.bad(table, number, "", str(record)[:60], "is not a JSON object (a record)")
            continue
        table.rows.append((number, record))
    return table


def _new_table(name: str, header: Sequence[str], reading: Findings, **where: Any) -> Table | None:
    layout_name = detect_layout(header)
    if layout_name is None:
        reading.problems.append(
            Problem(
                file=name,
                row=1,
                value=", ".join(header)[:60],
                rule="is not a CORDIS project or organization file nor a Horizon Dashboard "
                "export: it needs id, acronym and title (projects) or projectID and "
                "organisationID (organisations)",
            )
        )
        return None
    layout = match_columns(layout_name, header)
    for column in layout.missing():
        reading.problems.append(
            Problem(
                file=name,
                row=1,
                column=column,
                rule=f"a CORDIS {layout_name} file needs this column "
                f"(required: {', '.join(REQUIRED[layout_name].values())})",
            )
        )
    if layout.missing():
        return None
    if layout.ignored:
        reading.notes.append(f"{name}: columns not used: {', '.join(layout.ignored)}")
    return Table(file=name, layout=layout, rows=[], **where)


def tables_from_bytes(
    name: str, data: bytes, reading: Findings, *, retrieved: dt.datetime, url: str = ""
) -> list[Table]:
    """The CORDIS tables of a file's bytes: a CSV, a JSON, or a zip of them."""
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xls", ".xml"):
        rule = (
            f"is {suffix[1:].upper()}; CORDIS publishes the same data as CSV and JSON: read those"
        )
        reading.problems.append(Problem(file=name, rule=rule))
        return []
    if suffix == ".zip" or data[:4] == b"PK\x03\x04":
        return _zip_tables(name, data, reading, retrieved=retrieved, url=url)
    reader = _json_table if suffix == ".json" or data.lstrip()[:1] in (b"[", b"{") else _csv_table
    digest = hashlib.sha1(data).hexdigest()
    table = reader(name, data, reading, retrieved=retrieved, url=url, digest=digest)
    return [] if table is None else [table]


def _zip_tables(
    name: str, data: bytes, reading: Findings, *, retrieved: dt.datetime, url: str
) -> list[Table]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [m for m in archive.namelist() if _is_cordis_member(m)]
        contents = {m: archive.read(m) for m in members}
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        reading.problems.append(
            Problem(file=name, rule=f"is not a readable zip ({exc}); download it again")
        )
        return []
    if not members:
        reading.problems.append(
            Problem(file=name, rule="holds no project or organization file (.csv or .json)")
        )
    tables: list[Table] = []
    for member in members:
        tables += tables_from_bytes(
            f"{name}!{member}", contents[member], reading, retrieved=retrieved, url=url
        )
    return tables


def _is_cordis_member(member: str) -> bool:
    """``project.json``, ``organization.csv``, ``cordis-h2020organizations.csv``... (a
    programme's zip also holds topics, legal bases, web links: not read)."""
    stem, suffix = Path(member).stem.lower(), Path(member).suffix.lower()
    return suffix in (".csv", ".json") and bool(_MEMBER.match(stem))
