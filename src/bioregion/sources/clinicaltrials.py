"""ClinicalTrials.gov: a trial becomes an event of kind ``clinical_trial``; its lead
sponsor (role ``sponsor``), collaborators (``collaborator``) and named sites (``site``)
become its participants.

Reads the API v2 JSON (a page ``{"studies": [...], "nextPageToken": ...}``, one study,
a list, JSON Lines, partial ``fields=`` responses) and the legacy XML records
(:mod:`bioregion.sources.clinicaltrials_xml`, mapped to the v2 shape first), and fetches
live from :data:`API_URL`. One organisation named in many trials is one actor:
``ctgov-<slug of the name>`` for sponsors and collaborators,
``ctgov-<slug of the facility>--<slug of the city>`` for sites. Each trial has its own
:class:`~bioregion.model.records.Source` (``https://clinicaltrials.gov/study/<NCT>``).
What becomes of each field, and why: ``docs/sources/clinicaltrials.md``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bioregion.errors import Problem, SourceError
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Event, Participation
from bioregion.sources.base import Progress, SourceDataset, json_records, rejected
from bioregion.sources.clinicaltrials_xml import read_legacy_xml
from bioregion.sources.http import SourceConfig
from bioregion.sources.provenance import file_retrieved, record_source

if TYPE_CHECKING:
    from bioregion.sources.http import SourceClient

API_URL = "https://clinicaltrials.gov/api/v2/studies"
STUDY_URL = "https://clinicaltrials.gov/study/{nct}"
PUBLISHER = "U.S. National Library of Medicine (ClinicalTrials.gov)"
LICENCE = "public (U.S. NLM terms of use)"
_NCT_PATH = "protocolSection.identificationModule.nctId"
NCT_PATTERN = re.compile(r"^NCT[0-9]{8}$")
EUDRACT_PATTERN = re.compile(r"^[0-9]{4}-[0-9]{6}-[0-9]{2}$")
#: Studies per page when neither ``pageSize`` nor a smaller limit is given (API max 1000).
PAGE_SIZE = 100

#: The registry's class of a sponsor -> actor kind, where the class decides (NETWORK:
#: cooperative trial groups such as EORTC; INDIV: an individual investigator). INDUSTRY
#: is a firm (:func:`actor_kind`); OTHER_GOV (public hospitals, agencies), OTHER, AMBIG
#: and UNKNOWN are told apart by the name.
CLASS_KINDS: dict[str, str] = {
    "NIH": "government", "FED": "government", "NETWORK": "research_institute", "INDIV": "other",
}  # fmt: skip
#: Words in a name that make an actor of each kind, tried in this order.
NAME_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(words, re.IGNORECASE))
    for kind, words in (
        ("hospital", r"hospital|h[oô]pital|ziekenhuis|krankenhaus|klinik|clinic|cl[ií]nica"
         r"|medical cent|health ?care|health system|\bchu\b|\bchr\b|\buz\b|ospedal"
         r"|hospitalier|cancer cent|sanatorio|nemocnice|szpital|spital|infirmary|\bnhs\b"),
        ("university", r"universi|college|hochschule|\bschool\b|facult|\bku ?leuven\b"),
        ("government", r"european union|ministry|minist[eè]r|commission|\bagency\b|government"
         r"|department of (health|veterans|defen[cs]e)|national institutes? of health|\bnih\b"
         r"|\bnci\b|council|federal"),
        ("research_institute", r"institut|istitut|research|foundation|fondazione|fondation"
         r"|fundaci|stichting|\bgroupe?\b|\bgrupo\b|\bgruppo\b|\bcent(re|er) for|academy"
         r"|\bcnrs\b|inserm|\bvib\b|\bimec\b|network|consortium|laborator"),
    )
)  # fmt: skip
#: A firm's legal form or trade in its name.
_FIRM = re.compile(
    r"(?i)\b(inc|ltd|llc|gmbh|ag|s\.?a|n\.?v|b\.?v|k\.?k|co|corp|corporation|company|plc|a/s)\b|pharma",
)
_BIOTECH = re.compile(
    r"(?i)therapeutics|biotech|bioscience|biologic|\bbio\b|biopharma|genomics|vaccine|genetics"
    r"|\bgene\b|\bcell\b|antibod|\bimmuno",
)
_SERVICE = re.compile(
    r"(?i)\b(iqvia|parexel|ppd|syneos|medpace|covance|labcorp|quintiles|pra health|icon plc)\b"
    r"|contract research|\bcro\b",
)
#: Site names that hide the hospital behind the sponsor's placeholder.
_PLACEHOLDER_SITE = re.compile(
    r"(?i)(?<!clinical )\b(research|investigational|investigative)\s+sites?\b"
    r"|^(clinical|study|trial)\s+site\s*([0-9#].*)?$"
    r"|^site\s*(#|no\.?|number)?\s*[0-9]+\b|^local institution\b|^site reference id",
)
#: Country names the registry uses that :mod:`pycountry` does not know.
COUNTRY_ALIASES: dict[str, str] = {
    "turkey": "TR", "turkey (türkiye)": "TR", "russia": "RU", "kosovo": "XK", "burma": "MM",
    "swaziland": "SZ", "cape verde": "CV", "iran": "IR", "laos": "LA", "korea, republic of": "KR",
    "macedonia, the former yugoslav republic of": "MK", "palestinian territory, occupied": "PS",
    "palestinian territories": "PS", "libyan arab jamahiriya": "LY", "virgin islands (u.s.)": "VI",
}  # fmt: skip


@lru_cache(maxsize=1 << 16)
def slug(text: str, limit: int = 100) -> str:
    """A stable id part: lowercase ASCII letters and digits joined by ``-``.

    Accents are dropped (``Biomèdica`` -> ``biomedica``); letters without an ASCII
    form (Chinese, Cyrillic) add a short hash so that two such names stay apart;
    a slug longer than ``limit`` is cut and ends with a hash of the whole name.

    >>> slug("Universitat de Lleida"), slug("Institut de Recerca Biomèdica de Lleida")
    ('universitat-de-lleida', 'institut-de-recerca-biomedica-de-lleida')
    >>> slug("K.U.Leuven"), slug("Hôpital 北京"), slug("北京协和医院")
    ('k-u-leuven', 'hopital-e017bcc10c', 'c98dc6375e')
    """
    plain = " ".join(text.split())
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.casefold()
    out = re.sub(r"[^a-z0-9]+", "-", plain).strip("-")
    lost = not plain.isascii() and any(c.isalnum() and not c.isascii() for c in plain)
    if lost or not out or len(out) > limit:
        digest = hashlib.sha1(plain.encode("utf-8")).hexdigest()[:10]
        out = "-".join(p for p in (out[: limit - 11].strip("-"), digest) if p)
    return out


def sponsor_id(name: str) -> str:
    """The actor id of a sponsor or collaborator: ``ctgov-<slug of the name>``."""
    return f"ctgov-{slug(name, 120)}"


def site_id(facility: str, city: str) -> str:
    """The actor id of a site: ``ctgov-<slug of the facility>--<slug of the city>``."""
    if not city.strip():
        return sponsor_id(facility)
    return f"ctgov-{slug(facility, 80)}--{slug(city, 38)}"


@lru_cache(maxsize=1 << 16)
def actor_kind(name: str, agency_class: str = "", *, site: bool = False) -> str:
    """The actor kind of an organisation the registry names.

    The class decides where it is specific (NIH, FED -> ``government``; NETWORK ->
    ``research_institute``; INDIV -> ``other``). INDUSTRY is a firm: ``pharma`` unless
    the name reads as a biotech (Therapeutics, Biosciences, ...: ``biotech_firm``) or a
    contract research organisation (``service_provider``). Otherwise the name decides:
    hospital, university, government, research institute, a firm (a legal form such as
    Inc., GmbH, Co., Ltd., not for sites: private clinics have them too); else
    ``government`` for OTHER_GOV, ``hospital`` for a site and ``other`` for the rest.

    >>> actor_kind("AstraZeneca", "INDUSTRY"), actor_kind("Tocagen Therapeutics", "INDUSTRY")
    ('pharma', 'biotech_firm')
    >>> actor_kind("Seoul National University Hospital", "OTHER"), actor_kind("KU Leuven")
    ('hospital', 'university')
    """
    if agency_class in CLASS_KINDS:
        return CLASS_KINDS[agency_class]
    firm = agency_class == "INDUSTRY"
    for kind, pattern in () if firm else NAME_KINDS:
        if pattern.search(name):
            return kind
    if firm or (_FIRM.search(name) and not site):
        if _SERVICE.search(name):
            return "service_provider"
        return "biotech_firm" if _BIOTECH.search(name) else "pharma"
    return "government" if agency_class == "OTHER_GOV" else "hospital" if site else "other"


def is_placeholder_site(facility: str) -> bool:
    """Whether a site name hides the hospital (``Research Site``, ``Local Institution``).

    >>> is_placeholder_site("GSK Investigational Site"), is_placeholder_site("UZ Leuven")
    (True, False)
    """
    return bool(_PLACEHOLDER_SITE.search(facility.strip()))


@cache
def country_code(name: str) -> str:
    """ISO 3166-1 alpha-2 code of a country name as the registry writes it, or ``""``.

    >>> country_code("Belgium"), country_code("Korea, Republic of"), country_code("Turkey")
    ('BE', 'KR', 'TR')
    """
    import pycountry

    key = " ".join(name.split())
    if not key or key.casefold() in COUNTRY_ALIASES:
        return COUNTRY_ALIASES.get(key.casefold(), "")
    try:
        return pycountry.countries.lookup(key).alpha_2
    except LookupError:
        return ""


def one_line(value: Any) -> str:
    """Text on one line: whitespace runs become one space, control characters go."""
    text = value if isinstance(value, str) else str(value or "")
    if not text.isprintable():
        text = re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)
    return " ".join(text.split())


def tag(prefix: str, value: str) -> str:
    """``prefix:value`` cut to 80 characters, without ``;`` (a tag's limits)."""
    return f"{prefix}:{one_line(value).replace(';', ',')}"[:80].rstrip()


def _dig(study: Mapping[str, Any], *path: str) -> Any:
    node: Any = study
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _module(protocol: Mapping, name: str) -> Mapping:
    found = protocol.get(name)
    return found if isinstance(found, Mapping) else {}


def _sites(protocol: Mapping) -> tuple[list[Mapping], int]:
    """The locations that name their facility, and how many do not (placeholders)."""
    named, hidden = [], 0
    for item in _list(_module(protocol, "contactsLocationsModule").get("locations")):
        facility = one_line(item.get("facility")) if isinstance(item, Mapping) else ""
        if facility and not is_placeholder_site(facility):
            named.append(item)
        else:
            hidden += 1
    return named, hidden


class TrialMapper:
    """Turns studies (API v2 shape) into one dataset, one actor per organisation.

    ``add(study, file=, row=, retrieved=)`` maps one study; ``dataset()`` returns the
    records; ``problems`` lists what could not be read, located by file, study number,
    field and NCT id.
    """

    def __init__(self) -> None:
        self.data = SourceDataset()
        self.problems: list[Problem] = []
        self.actors: dict[str, Actor] = {}
        self.actor_where: dict[str, tuple[str, int]] = {}
        self.actor_sources: dict[str, list[str]] = {}
        self.part_keys: set[tuple] = set()
        self.seen: set[str] = set()
        self.repeats: list[str] = []
        self.placeholders = 0
        self.future_starts = 0

    def problem(self, file: str, row: int, field: str, value: Any, rule: str) -> None:
        self.problems.append(
            Problem(file=file, row=row, column=field, value=one_line(value)[:200], rule=rule)
        )

    def add(self, study: Any, *, file: str, row: int, retrieved: dt.datetime) -> None:
        """Map one study; problems go to :attr:`problems` and the study is skipped."""
        if not isinstance(study, Mapping) or not isinstance(study.get("protocolSection"), Mapping):
            self.problem(
                file, row, "protocolSection", type(study).__name__,
                "is not a ClinicalTrials.gov study (no protocolSection); give API v2 JSON",
            )  # fmt: skip
            return
        nct = one_line(_dig(study, "protocolSection", "identificationModule", "nctId"))
        if not NCT_PATTERN.match(nct):
            self.problem(
                file, row, "protocolSection.identificationModule.nctId", nct,
                "is not an NCT id (NCT and 8 digits); when asking for fields=, include NCTId",
            )  # fmt: skip
            return
        if nct in self.seen:
            self.repeats.append(f"{nct} ({file}, study {row})")
            return
        before = len(self.problems)
        event = self._event(study["protocolSection"], nct, file, row)
        if len(self.problems) > before or event is None:
            return
        self.seen.add(nct)
        title = f"ClinicalTrials.gov {nct}: {event.name}"[:300]
        source = record_source(
            "clinicaltrials", nct, STUDY_URL.format(nct=nct), retrieved=retrieved, title=title,
            publisher=PUBLISHER, licence=LICENCE,
        )  # fmt: skip
        self.data.add(source, file=file, row=row)
        self.data.add(replace(event, sources=(source.id,)), file=file, row=row)
        for actor, role in self._participants(study["protocolSection"], event):
            self._actor(actor, source.id, file, row)
            part = Participation(event=event.id, actor=actor.id, role=role, sources=(source.id,))
            if part.key not in self.part_keys:
                self.part_keys.add(part.key)
                self.data.add(part, file=file, row=row)

    def _date(self, status: Mapping, key: str, nct: str, file: str, row: int) -> PartialDate | None:
        raw = _dig(status, key, "date")
        if raw in (None, ""):
            return None
        try:
            return PartialDate.parse(str(raw))
        except ValueError as exc:
            self.problem(
                file, row, f"protocolSection.statusModule.{key}.date", raw,
                f"{nct}: not a date ({exc}); the registry writes YYYY-MM or YYYY-MM-DD; "
                "fix the date or leave the study out",
            )  # fmt: skip
            return None

    def _event(self, protocol: Mapping, nct: str, file: str, row: int) -> Event | None:
        ident = _module(protocol, "identificationModule")
        status = _module(protocol, "statusModule")
        start = self._date(status, "startDateStruct", nct, file, row)
        end = self._date(status, "completionDateStruct", nct, file, row)
        if start is not None and start.first_day > dt.date.today():
            self.future_starts += 1
            start = None  # an anticipated start; kept in the description
        if start is not None and end is not None and end.last_day < start.first_day:
            end = None  # kept in the description
        name = one_line(ident.get("briefTitle") or ident.get("officialTitle")) or nct
        return Event(
            id=f"ctgov-{nct}",
            kind="clinical_trial",
            name=name,
            start=start,
            end=end,
            identifiers=_identifiers(ident, nct),
            tags=_event_tags(protocol),
            description=_description(protocol),
        )

    def _participants(self, protocol: Mapping, event: Event) -> list[tuple[Actor, str]]:
        sponsors = _module(protocol, "sponsorCollaboratorsModule")
        out: list[tuple[Actor, str]] = []
        lead = sponsors.get("leadSponsor")
        if isinstance(lead, Mapping) and one_line(lead.get("name")):
            out.append((_sponsor_actor(lead), "sponsor"))
        for item in _list(sponsors.get("collaborators")):
            if isinstance(item, Mapping) and one_line(item.get("name")):
                out.append((_sponsor_actor(item), "collaborator"))
        named, hidden = _sites(protocol)
        self.placeholders += hidden
        return out + [(_site_actor(item), "site") for item in named]

    def _actor(self, actor: Actor, source_id: str, file: str, row: int) -> None:
        seen = self.actors.get(actor.id)
        if seen is None:
            self.actors[actor.id] = actor
            self.actor_where[actor.id] = (file, row)
            self.actor_sources[actor.id] = [source_id]
            return
        if actor.name != seen.name:
            names = self.data.aliases.setdefault(actor.id, [])
            if actor.name not in names:
                names.append(actor.name)
        filled: dict[str, Any] = {
            name: getattr(actor, name)
            for name in ("country", "city")
            if not getattr(seen, name) and getattr(actor, name)
        }
        if seen.lat is None and actor.lat is not None:
            filled.update(lat=actor.lat, lon=actor.lon)
        tags = tuple(sorted(set(seen.tags) | set(actor.tags)))
        if filled or tags != seen.tags:
            self.actors[actor.id] = replace(seen, tags=tags, **filled)
        if source_id not in self.actor_sources[actor.id][-1:]:
            self.actor_sources[actor.id].append(source_id)

    def dataset(self) -> SourceDataset:
        """The records mapped so far (actors with every trial that names them as sources).

        Raises :class:`~bioregion.errors.ImportRejectedError` when a study had a problem.
        """
        if self.problems:
            raise rejected(self.problems)
        data = self.data
        for actor_id, actor in self.actors.items():
            cited = tuple(dict.fromkeys(self.actor_sources[actor_id]))
            file, row = self.actor_where[actor_id]
            data.add(replace(actor, sources=cited), file=file, row=row)
        data.participations.sort(key=lambda p: (p.event, p.role, p.actor))
        data.locate_actors()
        for count, text in (
            (self.placeholders, "site(s) with a placeholder or no facility name (e.g. "
             "'Research Site') were not made actors"),
            (len(self.repeats), "study(ies) given again were skipped (the first copy read "
             f"was kept): {', '.join(self.repeats[:5])}"),
            (self.future_starts, "trial(s) start in the future: start left empty, the date "
             "is in the description"),
        ):  # fmt: skip
            if count:
                data.notes.append(f"{count} {text}")
        return data


def _sponsor_actor(item: Mapping) -> Actor:
    name = one_line(item.get("name"))
    agency_class = one_line(item.get("class")).upper()
    return Actor(
        id=sponsor_id(name),
        name=name,
        kind=actor_kind(name, agency_class),
        tags=(f"ctgov:{agency_class}",) if agency_class else (),
    )


def _site_actor(item: Mapping) -> Actor:
    facility, city = one_line(item.get("facility")), one_line(item.get("city"))
    lat, lon = _dig(item, "geoPoint", "lat"), _dig(item, "geoPoint", "lon")
    point = isinstance(lat, int | float) and isinstance(lon, int | float)
    return Actor(
        id=site_id(facility, city),
        name=facility,
        kind=actor_kind(facility, site=True),
        country=country_code(one_line(item.get("country"))),
        city=city,
        lat=float(lat) if point else None,
        lon=float(lon) if point else None,
    )


def _identifiers(ident: Mapping, nct: str) -> dict[str, str]:
    out = {"nct": nct}
    org_id = one_line(_dig(ident, "orgStudyIdInfo", "id")).replace(";", ",")
    if org_id:
        out["org_study_id"] = org_id
    for item in _list(ident.get("secondaryIdInfos")):
        value = one_line(item.get("id")) if isinstance(item, Mapping) else ""
        if EUDRACT_PATTERN.match(value) and item.get("type") == "EUDRACT_NUMBER":
            out["eudract"] = value
    return out


def _texts(protocol: Mapping, module: str, key: str) -> list[str]:
    return [one_line(t) for t in _list(_dig(protocol, module, key)) if one_line(t)]


def _interventions(protocol: Mapping) -> list[tuple[str, str]]:
    found = _list(_dig(protocol, "armsInterventionsModule", "interventions"))
    return [
        (one_line(i.get("type")), one_line(i.get("name")))
        for i in found
        if isinstance(i, Mapping) and one_line(i.get("name"))
    ]


def _event_tags(protocol: Mapping) -> tuple[str, ...]:
    status = one_line(_dig(protocol, "statusModule", "overallStatus"))
    study_type = one_line(_dig(protocol, "designModule", "studyType"))
    tags = [tag(k, v) for k, v in (("status", status), ("study_type", study_type)) if v]
    tags += [tag("phase", p) for p in _texts(protocol, "designModule", "phases")]
    tags += [tag("condition", c) for c in _texts(protocol, "conditionsModule", "conditions")]
    for kind, name in _interventions(protocol):
        tags.append(tag("intervention", name))
        if kind:
            tags.append(tag("intervention_type", kind))
    return tuple(dict.fromkeys(tags))


def _description(protocol: Mapping) -> str:
    status = _module(protocol, "statusModule")
    lines = []
    title = one_line(_dig(protocol, "identificationModule", "officialTitle"))
    if title:
        lines.append(f"Official title: {title}")
    for label, key in (("Start", "start"), ("Primary completion", "primaryCompletion"),
                       ("Completion", "completion")):  # fmt: skip
        key = f"{key}DateStruct"
        date = one_line(_dig(status, key, "date"))
        if date:
            kind = one_line(_dig(status, key, "type")).lower()
            lines.append(f"{label}: {date}" + (f" ({kind})" if kind else ""))
    listed = [f"{name} ({kind})" if kind else name for kind, name in _interventions(protocol)]
    for label, values in (
        ("Phases", _texts(protocol, "designModule", "phases")),
        ("Conditions", _texts(protocol, "conditionsModule", "conditions")),
        ("Interventions", listed),
    ):
        if values:
            lines.append(f"{label}: " + "; ".join(values))
    count = _dig(protocol, "designModule", "enrollmentInfo", "count")
    if isinstance(count, int):
        kind = one_line(_dig(protocol, "designModule", "enrollmentInfo", "type")).lower()
        lines.append(f"Enrolment: {count}" + (f" ({kind})" if kind else ""))
    hidden = _sites(protocol)[1]
    if hidden:
        lines.append(f"Sites without a facility name (e.g. 'Research Site'): {hidden}")
    return "\n".join(lines)


def study_files(paths: Sequence[Path]) -> list[Path]:
    """The files to read: the paths given, and the ``.json``/``.xml`` files of folders."""
    out: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.suffix.lower() in (".json", ".xml"))
        else:
            out.append(path)
    return out


class ClinicalTrialsConnector:
    """ClinicalTrials.gov (API v2 JSON, legacy XML, live API)."""

    name = "clinicaltrials"
    title = "ClinicalTrials.gov (U.S. National Library of Medicine)"
    licence = LICENCE
    #: The API asks for about 50 requests a minute at most.
    config = SourceConfig(name="clinicaltrials", min_interval=1.2)

    def read(self, paths: Sequence[Path], *, progress: Progress | None = None) -> SourceDataset:
        """The trials in downloaded files (API v2 JSON or legacy XML), as one dataset."""
        mapper = TrialMapper()
        files = study_files(paths)
        for done, path in enumerate(files, start=1):
            if path.suffix.lower() == ".xml":
                study, written = read_legacy_xml(path)
                mapper.add(study, file=str(path), row=1, retrieved=written or file_retrieved(path))
            else:
                retrieved = file_retrieved(path)
                for row, study in json_records(path):
                    mapper.add(study, file=str(path), row=row, retrieved=retrieved)
            if progress:
                progress("reading studies", done, len(files))
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
        """The trials the API returns for ``query`` (its ``query.*``, ``filter.*``,
        ``fields``, ``sort``, ...), following ``nextPageToken`` until the last page,
        ``limit`` studies or ``max_pages`` pages. A page that fails after the client's
        retries raises :class:`~bioregion.errors.SourceError`; nothing is returned."""
        mapper, done, total = TrialMapper(), 0, limit or 0
        pages = client.pages(API_URL, fetch_params(query, limit), next_page_params, max_pages)
        for number, page in enumerate(pages, start=1):
            if not isinstance(page, Mapping) or not isinstance(page.get("studies"), list):
                raise SourceError(
                    f"{API_URL} page {number}: the response has no 'studies' list; "
                    "check the query parameters (see https://clinicaltrials.gov/data-api/api)"
                )
            if isinstance(page.get("totalCount"), int):
                total = min(page["totalCount"], limit or page["totalCount"])
            retrieved = client.retrieved or dt.datetime.now(dt.UTC)
            for row, study in enumerate(page["studies"], start=1):
                if limit is not None and done >= limit:
                    break
                mapper.add(study, file=f"{API_URL} page {number}", row=row, retrieved=retrieved)
                done += 1
            if progress:
                progress("fetching studies", done, max(total, done))
            if limit is not None and done >= limit:
                pages.close()  # the client removes its checkpoint: the fetch is complete
                break
        return mapper.dataset()


def fetch_params(query: Mapping[str, str] | None, limit: int | None) -> dict[str, str]:
    """The parameters of the first page: the query, JSON, a page size, the total count.

    A ``fields`` subset gets ``NCTId`` added (every trial needs its id).

    >>> fetch_params({"query.cond": "asthma", "fields": "BriefTitle"}, 10)["fields"]
    'BriefTitle,NCTId'
    """
    params = {str(k): str(v) for k, v in (query or {}).items()}
    params.setdefault("format", "json")
    params.setdefault("countTotal", "true")
    size = min(PAGE_SIZE, limit) if limit else PAGE_SIZE
    params.setdefault("pageSize", str(max(size, 1)))
    fields = [f.strip() for f in params.get("fields", "").split(",") if f.strip()]
    if fields and not {f.lower() for f in fields} & {"nctid", _NCT_PATH.lower()}:
        params["fields"] = ",".join([*fields, "NCTId"])
    return params


def next_page_params(page: Any) -> dict[str, str] | None:
    """What changes for the page after ``page``: its ``pageToken`` (``None`` after the last).

    >>> next_page_params({"studies": [], "nextPageToken": "NF0g5JOBlPMv"})
    {'pageToken': 'NF0g5JOBlPMv'}
    """
    token = page.get("nextPageToken") if isinstance(page, Mapping) else None
    return {"pageToken": str(token)} if token else None


CONNECTOR = ClinicalTrialsConnector()
