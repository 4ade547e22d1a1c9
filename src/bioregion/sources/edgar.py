"""SEC EDGAR: tracked companies become actors; their material contracts become
candidate ties for review, never ties of the network (see ``docs/sources/edgar.md``).

1. The company list ``company_tickers.json`` (about 10,000 companies): only the
   *tracked* ones (a :class:`Selection` of CIKs, tickers or name words) become actors
   ``edgar-cik-<CIK>`` with identifiers ``cik`` and ``ticker``.
2. A filer's filing index ``https://data.sec.gov/submissions/CIK##########.json``
   (the columns of ``filings.recent``, older filings in ``filings.files``) refines its
   actor (current name, SIC code, former names as aliases) and lists its filings.
3. Each filing's index page (``<accession>-index.htm``) lists its documents; material
   contracts (``EX-10.*``; ``EX-4.*`` of a 20-F) are read by
   :func:`~bioregion.sources.edgar_exhibits.read_agreement`. Each readable agreement
   gives one candidate tie per pair of parties with its evidence, kept in
   :attr:`EdgarDataset.candidates`; :func:`queue_agreements` queues them for review.

EDGAR asks for a contact e-mail in the User-Agent (``BIOREGION_CONTACT_EMAIL``) and
at most 10 requests a second: the connector's ``config`` says both.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bioregion.errors import Problem, SourceError
from bioregion.model.dataset import Dataset
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Source
from bioregion.sources.base import Progress, SourceDataset, rejected
from bioregion.sources.edgar_exhibits import (
    LICENCE,
    PUBLISHER,
    Exhibit,
    Filing,
    PartyIndex,
    agreement_records,
    exhibit_source,
    exhibits_of_index,
    is_material_contract,
    normalised_name,
    read_agreement,
)
from bioregion.sources.http import SourceConfig, utc_now
from bioregion.sources.provenance import file_retrieved, record_source

if TYPE_CHECKING:
    from bioregion.sources.http import SourceClient
    from bioregion.store import Store

TICKERS_URL = "https://www.sec.gov/files/company_tickers.json"
SUBMISSIONS_URL = "https://data.sec.gov/submissions/CIK{cik:010d}.json"
OLDER_URL = "https://data.sec.gov/submissions/{name}"
COMPANY_URL = "https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK={cik:010d}"
#: Forms whose exhibits are read by default (and their amendments, ``/A``).
DEFAULT_FORMS = ("10-K", "10-Q", "8-K", "20-F", "6-K", "S-1", "F-1", "10-12B", "20FR12B")
_RECENT_COLUMNS = ("accessionNumber", "filingDate", "form", "primaryDocument")


@dataclass(frozen=True)
class Company:
    """One entry of the company list: CIK, first ticker, name, all tickers, and the
    position of its first entry in the list."""

    cik: int
    ticker: str
    title: str
    tickers: tuple[str, ...] = ()
    row: int = 0


@dataclass(frozen=True)
class Selection:
    """Which companies are tracked: CIKs, tickers, or words of their names.

    >>> Selection.parse(["1421876", "ARGX", "name: mdxhealth"]).names
    ('mdxhealth',)
    """

    ciks: frozenset[int] = frozenset()
    tickers: frozenset[str] = frozenset()
    names: tuple[str, ...] = ()
    #: Every company of the list (``*``): for a whole-list load, not for exhibits.
    everything: bool = False

    def __bool__(self) -> bool:
        return bool(self.ciks or self.tickers or self.names or self.everything)

    @classmethod
    def parse(cls, items: Iterable[str]) -> Selection:
        """From lines or values: digits are CIKs, ``name:<words>`` name words, ``*``
        every company, the rest tickers; ``#`` starts a comment."""
        ciks, tickers, names, everything = set(), set(), [], False
        for item in items:
            text = item.split("#", 1)[0].strip()
            if text == "*":
                everything = True
            elif text.lower().startswith("name:"):
                names.append(normalised_name(text[5:], keep_forms=True))
            elif text.isdigit():
                ciks.add(int(text))
            elif text:
                tickers.add(text.upper())
        return cls(frozenset(ciks), frozenset(tickers), tuple(n for n in names if n), everything)

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> Selection:
        """From ``cik``, ``ticker`` and ``name`` query values (comma-separated)."""
        items = [*_split(query.get("cik", "")), *_split(query.get("ticker", ""))]
        items += [f"name:{n}" for n in _split(query.get("name", ""))]
        return cls.parse(items)

    def wants(self, company: Company) -> bool:
        if (
            self.everything
            or company.cik in self.ciks
            or self.tickers & {t.upper() for t in company.tickers}
        ):
            return True
        title = f" {normalised_name(company.title, keep_forms=True)} "
        return any(f" {words} " in title for words in self.names)


def _split(value: str) -> list[str]:
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def companies_of(data: Any, file: str) -> list[Company]:
    """The companies of ``company_tickers.json`` (one CIK may list several tickers:
    one company with the first as its ticker). Raises ``ImportRejectedError`` naming
    each entry that is not a company."""
    entries = list(data.values()) if isinstance(data, Mapping) else data
    if not isinstance(entries, list):
        raise rejected(
            [Problem(file=file, rule="is not the SEC company list (an object of entries)")]
        )
    found: dict[int, Company] = {}
    problems = []
    for row, entry in enumerate(entries, start=1):
        cik, title, ticker = _company_fields(entry)
        if not isinstance(cik, int) or isinstance(cik, bool) or not 0 < cik < 10**10:
            rule = "is not a CIK (1 to 10 digits)"
            problems.append(Problem(file, row, "cik_str", str(cik), rule))
        elif not title:
            problems.append(Problem(file, row, "title", "", "is missing"))
        else:
            known = found.get(cik)
            tickers = (*known.tickers, ticker) if known else (ticker,)
            first = known.row if known else row
            found[cik] = Company(cik, tickers[0], known.title if known else title, tickers, first)
    if problems:
        raise rejected(problems)
    return list(found.values())


def _company_fields(entry: Any) -> tuple[Any, str, str]:
    if not isinstance(entry, Mapping):
        return None, "", ""
    cik = entry.get("cik_str")
    cik = int(cik) if isinstance(cik, str) and cik.isdigit() else cik
    title = " ".join(str(entry.get("title") or "").split())
    return cik, title, str(entry.get("ticker") or "").strip().upper()


def company_actor(company: Company, source: Source) -> Actor:
    """The actor of a company of the list: ``edgar-cik-<CIK>``, identifiers cik, ticker."""
    identifiers = {"cik": str(company.cik)}
    if re.fullmatch(r"[A-Z0-9.:\-]{1,20}", company.ticker or ""):
        identifiers["ticker"] = company.ticker
    return Actor(
        id=f"edgar-cik-{company.cik}",
        name=company.title,
        kind="other",
        tags=("edgar:filer",),
        identifiers=identifiers,
        sources=(source.id,),
    )


def company_source(company: Company, retrieved: dt.datetime) -> Source:
    return record_source(
        "edgar",
        f"cik-{company.cik}",
        COMPANY_URL.format(cik=company.cik),
        retrieved=retrieved,
        title=f"SEC EDGAR filer {company.title} (CIK {company.cik})",
        publisher=PUBLISHER,
        licence=LICENCE,
    )


def filings_of(data: Any, source: str, cik: int | None = None) -> list[Filing]:
    """The filings of a submissions document (its ``filings.recent`` columns) or of one
    of its older pages (the same columns at the top). Raises :class:`SourceError`
    naming the column when the columns are missing or of different lengths."""
    if not isinstance(data, Mapping):
        raise SourceError(f"{source}: not a submissions document (a JSON object)")
    columns = (data.get("filings") or {}).get("recent") if "filings" in data else data
    cik = cik or _int(data.get("cik"))
    if not isinstance(columns, Mapping) or cik is None:
        raise SourceError(
            f"{source}: no 'filings.recent' columns or no 'cik'; not an EDGAR submissions file"
        )
    missing = [c for c in _RECENT_COLUMNS if not isinstance(columns.get(c), list)]
    if missing:
        raise SourceError(f"{source}: the filing index has no column {', '.join(missing)}")
    sizes = {c: len(columns[c]) for c in _RECENT_COLUMNS}
    if len(set(sizes.values())) > 1:
        raise SourceError(
            f"{source}: the filing index columns differ in length ({sizes}); "
            "the file may be cut off"
        )
    described = columns.get("primaryDocDescription") or [""] * sizes["form"]
    out = []
    for i, accession in enumerate(columns["accessionNumber"]):
        try:
            filed = dt.date.fromisoformat(str(columns["filingDate"][i]))
        except ValueError:
            raise SourceError(
                f"{source}: filing {i + 1} ({accession}) has the filing date "
                f"{columns['filingDate'][i]!r}"
            ) from None
        out.append(
            Filing(
                cik,
                str(accession),
                str(columns["form"][i]),
                filed,
                str(columns["primaryDocument"][i] or ""),
                str(described[i] or "") if i < len(described) else "",
            )
        )
    return out


def _int(value: Any) -> int | None:
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def submissions_actor(data: Mapping[str, Any], source: Source) -> tuple[Actor, list[str]]:
    """The filer's actor from its submissions document, and its former names."""
    cik = _int(data.get("cik"))
    tickers = [str(t) for t in data.get("tickers") or [] if t]
    company = Company(
        cik or 0,
        tickers[0].upper() if tickers else "",
        " ".join(str(data.get("name") or "").split()),
        tuple(tickers),
    )
    actor = company_actor(company, source)
    sic = str(data.get("sic") or "").strip()
    if sic.isdigit():
        words = " ".join(str(data.get("sicDescription") or "").split())
        actor = actor.evolve(tags=(*actor.tags, f"sic:{sic} {words}".strip()[:80]))  # type: ignore[assignment]
    former = [
        " ".join(str(f.get("name") or "").split())
        for f in data.get("formerNames") or []
        if isinstance(f, Mapping)
    ]
    return actor, [f for f in former if f and f != actor.name]


@dataclass
class EdgarDataset(SourceDataset):
    """Actors of tracked filers (to write) and the candidate ties of their agreements
    (to queue for review, with one evidence mapping per tie, in order)."""

    candidates: Dataset = field(default_factory=Dataset)
    evidence: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


class AgreementCollector:
    """Adds the candidate ties of exhibits to an :class:`EdgarDataset`."""

    def __init__(self, data: EdgarDataset, parties: PartyIndex) -> None:
        self.data = data
        self.parties = parties
        self.actors: dict[str, Actor] = {}
        self.read = 0

    def add(
        self,
        document: str,
        *,
        filer: Actor,
        former: Sequence[str],
        filing: Filing,
        exhibit: Exhibit,
        retrieved: dt.datetime,
    ) -> None:
        """Read one exhibit and keep its candidates (or the reason it gave none)."""
        self.read += 1
        facts = read_agreement(document)
        source = exhibit_source(filing, exhibit, retrieved, facts.title)
        ties, actors, evidence, why = agreement_records(
            facts,
            filer=filer,
            former=former,
            filing=filing,
            exhibit=exhibit,
            source=source,
            parties=self.parties,
        )
        if not ties:
            self.data.skipped.append(f"{exhibit.url}: no candidate ({why})")
            return
        candidates = self.data.candidates
        candidates.add(source)
        for actor in actors:
            if actor.id not in self.actors:
                self.actors[actor.id] = actor
                candidates.add(actor)
        for tie in ties:
            candidates.add(tie, file=exhibit.url)
        self.data.evidence += evidence


def queue_agreements(store: Store, data: EdgarDataset, *, label: str = "") -> list[int]:
    """Put the candidate ties of ``data`` in the store's review queue (nothing is
    written to the network); the ids of the new candidates. A tie queued before
    (pending, accepted or rejected) is not queued again."""
    if not data.candidates.ties:
        return []
    return store.queue_candidates(
        data.candidates, evidence=data.evidence, label=label or "edgar agreements"
    )


class EdgarConnector:
    """SEC EDGAR (company list, filing index, material-contract exhibits)."""

    name = "edgar"
    title = "SEC EDGAR (companies, filings, material contracts)"
    licence = LICENCE
    #: At most 10 requests a second, a contact e-mail in the User-Agent.
    config = SourceConfig(name="edgar", min_interval=0.1, requires_contact=True, max_pages=None)

    def __init__(self, selection: Selection | None = None) -> None:
        self.selection = selection or Selection()

    def tracking(self, items: Iterable[str]) -> EdgarConnector:
        """This connector tracking the companies ``items`` name (CIKs, tickers,
        ``name:<words>``; see :class:`Selection`)."""
        return EdgarConnector(Selection.parse(items))

    def read(self, paths: Sequence[Path], *, progress: Progress | None = None) -> EdgarDataset:
        """Tracked companies of downloaded company lists, and the filers of downloaded
        submissions files (``CIK##########.json``). Text files (``.txt``) among
        ``paths`` list the tracked companies (see :class:`Selection`)."""
        lists = [Path(p) for p in paths if Path(p).suffix.lower() == ".txt"]
        selection = self.selection
        if lists:
            selection = Selection.parse(
                line for p in lists for line in p.read_text(encoding="utf-8").splitlines()
            )
        data = EdgarDataset()
        json_paths = [Path(p) for p in paths if Path(p).suffix.lower() != ".txt"]
        for done, path in enumerate(json_paths, start=1):
            raw, retrieved = _json_of(path), file_retrieved(path)
            if isinstance(raw, Mapping) and "filings" in raw:
                add_filer(data, raw, str(path), retrieved)
            else:
                add_companies(data, raw, str(path), selection, retrieved)
            if progress:
                progress("reading EDGAR files", done, len(json_paths))
        return data

    def fetch(
        self,
        client: SourceClient,
        *,
        query: Mapping[str, str] | None = None,
        limit: int | None = None,
        progress: Progress | None = None,
    ) -> EdgarDataset:
        """Tracked companies (``cik``, ``ticker``, ``name`` in ``query``), their filing
        indexes and, unless ``exhibits=no``, the material contracts of their filings
        of ``forms`` (default :data:`DEFAULT_FORMS`) filed ``since`` a date, at most
        ``limit`` exhibits. A request that fails after the client's retries raises
        :class:`~bioregion.errors.SourceError`; nothing is returned."""
        query = dict(query or {})
        selection = self.selection or Selection.from_query(query)
        if not selection:
            raise SourceError(
                "edgar: say which companies to track: --query ticker=GLPG,ARGX "
                "(or cik=..., name=...)"
            )
        options = FetchOptions.of(query, limit)
        if selection.everything and options.exhibits:
            raise SourceError("edgar: '*' (every company) is for the list only: add exhibits=no")
        listed = client.get_json(TICKERS_URL)
        data = EdgarDataset()
        if selection.everything:  # the list alone: no filing index for 10,000 filers
            add_companies(data, listed, TICKERS_URL, selection, client.retrieved or utc_now())
            return data
        companies = companies_of(listed, TICKERS_URL)
        chosen = {c.cik: c for c in companies if selection.wants(c)}
        ciks = sorted(set(chosen) | set(selection.ciks))
        known = {normalised_name(c.title): partial(company_actor, c) for c in companies}
        collector = AgreementCollector(data, PartyIndex(known))
        for done, cik in enumerate(ciks, start=1):
            url = SUBMISSIONS_URL.format(cik=cik)
            submissions = client.get_json(url)
            filer, former = add_filer(data, submissions, url, client.retrieved or utc_now())
            if options.exhibits:
                filings = [f for f in filings_of(submissions, url) if options.wants(f)]
                filings += older_filings(client, submissions, options, data)
                fetch_exhibits(client, collector, filer, former, filings, options, progress)
            if progress:
                progress("fetching EDGAR filers", done, len(ciks))
        if not ciks:
            data.notes.append("no company of the SEC list matches the selection")
        data.notes += [n for n in client.notes if n not in data.notes]
        return data


def _json_of(path: Path) -> Any:
    """The JSON of a downloaded file; a file that is not complete JSON is rejected
    with the line where reading stopped."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        cut = exc.pos >= len(text.rstrip())
        why = "the file ends before its JSON does (truncated?)"
        why = why if cut else f"is not valid JSON: {exc.msg}"
        raise rejected(
            [Problem(file=str(path), row=exc.lineno, rule=f"{why}; download the file again")]
        ) from None


def add_companies(
    data: EdgarDataset, raw: Any, file: str, selection: Selection, retrieved: dt.datetime
) -> None:
    """The tracked companies of a company list, as actors."""
    if not selection:
        raise SourceError(
            f"{file}: the SEC company list names about 10,000 companies; say which to track "
            "in a text file read with it (one CIK, ticker or name:<words> a line; * for all): "
            "bioregion ingest edgar company_tickers.json tracked.txt (see docs/sources/edgar.md)"
        )
    filers = {a.id for a in data.actors}  # a submissions file says more: it wins
    for company in companies_of(raw, file):
        if selection.wants(company) and f"edgar-cik-{company.cik}" not in filers:
            source = company_source(company, retrieved)
            data.add(source)
            data.add(company_actor(company, source), file=file, row=company.row)


def add_filer(
    data: EdgarDataset, raw: Mapping[str, Any], file: str, retrieved: dt.datetime
) -> tuple[Actor, list[str]]:
    """The filer of a submissions document, as an actor (replacing the list's)."""
    cik = _int(raw.get("cik"))
    if cik is None or not str(raw.get("name") or "").strip():
        raise SourceError(f"{file}: no 'cik' or 'name'; not an EDGAR submissions document")
    source = company_source(Company(cik, "", " ".join(str(raw["name"]).split())), retrieved)
    actor, former = submissions_actor(raw, source)
    data.actors = [a for a in data.actors if a.id != actor.id]
    data.sources = [s for s in data.sources if s.id != source.id]
    data.add(source)
    data.add(actor, file=file, row=1)
    if former:
        data.aliases[actor.id] = former
    return actor, former


@dataclass(frozen=True)
class FetchOptions:
    """What to read of each filer: forms, since when, exhibits or not, how many."""

    forms: frozenset[str]
    since: dt.date | None
    exhibits: bool
    limit: int | None

    @classmethod
    def of(cls, query: Mapping[str, str], limit: int | None) -> FetchOptions:
        forms = _split(query.get("forms", "")) or list(DEFAULT_FORMS)
        wanted = {f.upper() for f in forms} | {f"{f.upper()}/A" for f in forms}
        since = None
        if query.get("since"):
            try:
                since = PartialDate.parse(query["since"]).first_day
            except ValueError:
                raise SourceError(
                    f"edgar: since={query['since']!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
                ) from None
        exhibits = str(query.get("exhibits", "yes")).lower() not in ("no", "false", "0")
        return cls(frozenset(wanted), since, exhibits, limit)

    def wants(self, filing: Filing) -> bool:
        recent = self.since is None or filing.filed >= self.since
        return recent and filing.form.upper() in self.forms


def older_filings(
    client: SourceClient, submissions: Mapping[str, Any], options: FetchOptions, data: EdgarDataset
) -> list[Filing]:
    """Filings of the older index pages that reach back to ``since`` (without
    ``since`` they are not read, and a note says so)."""
    pages = (submissions.get("filings") or {}).get("files") or []
    out: list[Filing] = []
    for page in pages:
        name = str(page.get("name") or "") if isinstance(page, Mapping) else ""
        if not name:
            continue
        if options.since is None:
            data.notes.append(f"{name}: older filings not read (give since=YYYY to read them)")
            continue
        if str(page.get("filingTo") or "9999") < options.since.isoformat():
            continue
        url = OLDER_URL.format(name=name)
        out += [
            f
            for f in filings_of(client.get_json(url), url, _int(submissions.get("cik")))
            if options.wants(f)
        ]
    return out


def fetch_exhibits(
    client: SourceClient,
    collector: AgreementCollector,
    filer: Actor,
    former: Sequence[str],
    filings: Sequence[Filing],
    options: FetchOptions,
    progress: Progress | None,
) -> None:
    """Read the material contracts of ``filings`` (at most ``options.limit`` in all)."""
    for done, filing in enumerate(filings, start=1):
        if options.limit is not None and collector.read >= options.limit:
            collector.data.notes.append(f"stopped after {collector.read} exhibit(s): the limit")
            return
        page = client.get_text(filing.index_url)
        for exhibit in exhibits_of_index(page, filing.index_url):
            if not is_material_contract(exhibit.type, filing.form):
                continue
            if options.limit is not None and collector.read >= options.limit:
                break
            document = client.get_text(exhibit.url)
            collector.add(
                document,
                filer=filer,
                former=former,
                filing=filing,
                exhibit=exhibit,
                retrieved=client.retrieved or utc_now(),
            )
        if progress:
            progress(f"reading filings of {filer.name}", done, len(filings))


def ingest_agreements(
    store: Store,
    *,
    client: SourceClient | None = None,
    query: Mapping[str, str] | None = None,
    limit: int | None = None,
    label: str = "",
    connector: EdgarConnector | None = None,
    progress: Progress | None = None,
) -> tuple[Any, list[int]]:
    """Fetch tracked filers and their agreements: the filers are written (one batch),
    their agreements queued for review. Returns the batch report and the ids of the
    queued candidates."""
    from bioregion.sources.ingest import ingest

    options = {"client": client, "query": query, "limit": limit, "progress": progress}
    report = ingest(store, connector or CONNECTOR, label=label, **options)
    return report, list(report.queued)  # ingest queued the agreements


CONNECTOR = EdgarConnector()

__all__ = [
    "CONNECTOR",
    "DEFAULT_FORMS",
    "Company",
    "EdgarConnector",
    "EdgarDataset",
    "Selection",
    "companies_of",
    "company_actor",
    "filings_of",
    "ingest_agreements",
    "queue_agreements",
    "submissions_actor",
]
