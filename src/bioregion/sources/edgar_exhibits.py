"""The documents of an EDGAR filing and what an agreement among them says.

- :func:`exhibits_of_index`: the documents a filing's index page lists, with types;
  :func:`is_material_contract`: which of them are material contracts;
- :func:`read_agreement`: the title, type, date and parties of an agreement, read by
  documented rules from its opening sentence (``THIS ... AGREEMENT ... is entered
  into as of December 16, 2015 ... by and among GALAPAGOS NV, a corporation ...
  ("Galapagos"), and GILEAD ... ("Gilead").``) and, where that says less, from the
  cover page; what cannot be read stays empty and a note says why (the rules, with
  examples: ``docs/sources/edgar.md``);
- :func:`agreement_records`: the candidate ties of one agreement, with their evidence.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor, Source, Tie
from bioregion.model.vocab import is_symmetric
from bioregion.sources.provenance import record_source

WINDOW = 1500
_SCRIPTS = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_MONTH_WORDS = (
    "january february march april may june july august september october november december"
)
_MONTHS = {word: number for number, word in enumerate(_MONTH_WORDS.split(), start=1)}
_MONTHS |= {word[:3]: number for word, number in list(_MONTHS.items())} | {"sept": 9}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?[0-9])(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)[0-9]{2})"
#: Calendar dates as agreements write them, most specific first.
DATE_PATTERNS = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+(?:day\s+of\s+)?{_MONTH},?\s+{_YEAR}\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)[0-9]{2})-(?P<month>[01][0-9])-(?P<day>[0-3][0-9])\b"),
    re.compile(rf"\b{_MONTH}\s+_{{2,}}\s*,?\s+{_YEAR}\b", re.I),
    re.compile(rf"_{{2,}}\s*,?\s+{_YEAR}\b"),
)
_OPENING = re.compile(
    r"\b(?:THIS|This)\s+(?P<title>(?:[A-Za-z0-9&,'\-]+\s+){0,12}?"
    r"(?:AGREEMENTS?|Agreements?|AMENDMENT|Amendment|CRADA|CONTRACT|Contract))\b"
)
_BETWEEN = re.compile(r"\b(?:by\s+and\s+between|by\s+and\s+among|between|among)\b:?", re.I)
_END_OF_PARTIES = re.compile(
    r"\b(?:individually|collectively|sometimes\s+referred|each\s+referred|may\s+be\s+referred"
    r"|both\s+being|hereinafter\s+jointly|WHEREAS|Whereas|RECITALS|Recitals|BACKGROUND"
    r"|Background:|NOW,?\s+THEREFORE|Now,?\s+therefore)\b"
)
_DEFINED = re.compile(r'\((?P<inner>[^()]{0,120}?"(?P<short>[^"]{1,60})"[^()]{0,40})\)')
_LEGAL_FORM = (
    r"(?i:Inc|Incorporated|Ltd|Limited|LLC|L\.L\.C|L\.P|LP|LLP|Corp|Corporation|Co|Company"
    r"|S\.A|SA|N\.V|NV|B\.V|BV|AG|GmbH|plc|PLC|S\.p\.A|SpA|SE|SAS|S\.A\.S|Pty|KG)\.?"
)
_NAME = re.compile(
    rf"^(?P<name>.+?(?:,\s*{_LEGAL_FORM})*)(?=,|\s+\(|\s+(?:a|an)\s|\s+with\s|\s+having\s"
    r"|\s+whose\s|\s+incorporated\s|\s+organi[sz]ed\s|\s+located\s|\s+under\s|\s+formerly\s|$)"
)
_LEADING = re.compile(r"^[\s,;:]*(?:and\s+)?(?:\(?[0-9a-z]{1,2}[).]\s*)?(?:the\s+)?", re.I)
#: A numbered list item ``(1)``, ``(b)``, ``(iii)`` or a colon: a party's name follows.
_ITEM = re.compile(
    r"(?:^|\s)\((?:[0-9]{1,2}|[a-h]|[ivx]{1,4})\)\s|\b(?:presence\s+of|between|among)\s*:\s", re.I
)
_AMENDS = re.compile(
    r"\bamendment\b[^.]{0,40}?\bto\s+(?:the\s+|that\s+certain\s+)?"
    r"(?P<amended>(?:[A-Za-z&,\-]+\s+){0,8}?agreement)\b",
    re.I,
)
_COVER = re.compile(
    r"(?P<title>(?:[A-Z0-9&,'\-]+\s+){0,10}AGREEMENT)\s+(?:BY\s+AND\s+)?(?:BETWEEN|Between)\s+"
    r"(?P<a>.{2,120}?)\s+(?:AND|and)\s+(?P<b>.{2,120}?)"
    r"(?=\s+(?:DATED|Dated|FOR|For|TABLE\s+OF|THIS|This|EFFECTIVE|Effective|EXECUTION)\b"
    r"|\s+(?:[A-Z0-9&,'\-]+\s+){0,8}AGREEMENT\b)"
)
_COVER_DATE = re.compile(r"\b(?:DATED|Dated|EFFECTIVE|Effective)(?:\s+(?:AS\s+OF|as\s+of))?\s+")
_DATE_CUE = re.compile(r"\b(?:dated|effective|as\s+of|made\s+on|entered\s+into\s+on)\s+", re.I)

#: Type words of an agreement's title and the tie kind each gives; the word that
#: comes first in the title decides.
KIND_WORDS: tuple[tuple[str, str], ...] = (
    (r"joint\s+venture", "joint_venture"),
    (r"co-?promotion|co-?commerciali[sz]", "co_commercialisation"),
    (r"co-?development|joint\s+development", "co_development"),
    (
        r"collaborat|research\s+(?:and|&)\s+development|cooperative\s+research|\bcrada\b",
        "rd_collaboration",
    ),
    (r"\boption\b", "option"),
    (r"(?:sub)?licen[cs]", "licence"),
    (r"supply|manufactur", "supply"),
    (r"services?\b|consult", "service"),
    (r"subscription|share\s+purchase|stock\s+purchase|investment", "equity_investment"),
    (r"merger", "merger"),
    (r"acquisition|asset\s+purchase", "acquisition"),
    (r"\bloan\b|\bcredit\b|facility\s+agreement", "loan"),
)
#: Titles of EX-10 documents that are not agreements between organisations to propose
#: as ties: employment and pay, equity plans, leases, securities paperwork.
NOT_PROPOSED = re.compile(
    r"employment|severance|retention|separation|offer\s+letter|indemnif|compensation"
    r"|incentive|stock\s+option|award|\bplan\b|\blease\b|sublease|underwriting"
    r"|registration\s+rights|warrant|indenture|change\s+(?:in|of)\s+control|non-?compet",
    re.I,
)


@dataclass(frozen=True)
class Party:
    """One party as the agreement names it, with its defined short name."""

    name: str
    short: str = ""


@dataclass(frozen=True)
class AgreementFacts:
    """What the opening of an agreement says. ``date_from`` is ``opening``, ``cover``
    or ``""`` (no date read); ``sentence``: the text read (the evidence to show)."""

    title: str = ""
    kind: str = "other"
    date: PartialDate | None = None
    date_text: str = ""
    date_from: str = ""
    parties: tuple[Party, ...] = ()
    parties_from: str = ""
    sentence: str = ""
    amendment: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def plain_text(document: str) -> str:
    """An exhibit (HTML or text) as one line of plain text: tags dropped, entities
    decoded, curly quotes straight, whitespace collapsed.

    >>> plain_text("<p>This&nbsp;<b>Agreement</b> (&#8220;Agreement&#8221;)</p>")
    'This Agreement ("Agreement")'
    """
    if re.search(r"<(?:html|body|p|div|font|table|br)\b", document[:5000], re.I):
        document = _SCRIPTS.sub(" ", document)
        document = _TAG.sub(" ", document)
    text = html.unescape(document)
    text = text.translate({0x201C: '"', 0x201D: '"', 0x201E: '"', 0x2018: "'", 0x2019: "'"})
    text = text.replace("\u00a0", " ").replace("\u2013", "-").replace("\u2014", "-")
    return " ".join(text.split())


def parse_date(match: re.Match[str]) -> PartialDate | None:
    """The date a :data:`DATE_PATTERNS` match writes (``None`` if impossible)."""
    found = match.groupdict()
    month_text = (found.get("month") or "").lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
    day = int(found["day"]) if found.get("day") else None
    try:
        return PartialDate(int(found["year"]), month, day if month else None)
    except ValueError:
        return None


def first_date(text: str) -> tuple[PartialDate | None, str]:
    """The earliest written date in ``text`` and how it is written."""
    best: tuple[int, PartialDate, str] | None = None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            date = parse_date(match)
            if date is not None and (best is None or match.start() < best[0]):
                best = (match.start(), date, match.group(0))
            break
    return (best[1], best[2]) if best else (None, "")


def agreement_kind(title: str) -> str:
    """The tie kind of an agreement's title: its first type word (``other`` if none).

    >>> agreement_kind("LICENSE AND COLLABORATION AGREEMENT")
    'licence'
    >>> agreement_kind("Collaboration and License Agreement")
    'rd_collaboration'
    """
    best: tuple[int, str] | None = None
    for pattern, kind in KIND_WORDS:
        match = re.search(pattern, title, re.I)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), kind)
    return best[1] if best else "other"


def party_name(text: str) -> str:
    """The name at the start of one party's description (``docs/sources/edgar.md``, rule 4).

    >>> party_name("and Xenetic Biosciences, Inc., a Nevada corporation, with offices")
    'Xenetic Biosciences, Inc.'
    """
    items = list(_ITEM.finditer(text))
    if items:
        text = text[items[-1].end() :]
    text = _LEADING.sub("", text.strip())
    match = _NAME.match(text)
    name = (match.group("name") if match else text).strip(" ,;:")
    return name if re.search(r"[A-Za-z]", name) and len(name) <= 150 else ""


def parties_of(span: str) -> list[Party]:
    """The parties of the text after ``between``/``among`` (rule 4 of the docs)."""
    parties, start = [], 0
    for match in _DEFINED.finditer(span):
        name = party_name(span[start : match.start()])
        start = match.end()
        if name:
            parties.append(Party(name, match.group("short").strip()))
    if parties:
        return parties
    pieces = re.split(r"\s+and\s+", span.strip(" .;"))
    names = [party_name(p) for p in pieces]
    return [Party(n) for n in names] if len(names) == 2 and all(names) else []


def opening_of(text: str) -> tuple[str, str, str, str] | None:
    """The title, the text before the parties, the parties' text and the whole
    opening of the first agreement-opening sentence (rule 2 of the docs), or ``None``."""
    for match in _OPENING.finditer(text):
        rest = text[match.end() : match.end() + WINDOW]
        between = _BETWEEN.search(rest)
        if between is None:
            continue
        after = rest[between.end() :]
        end = _END_OF_PARTIES.search(after)
        span = after[: end.start()] if end else after
        opening = text[match.start() : match.end() + between.end() + len(span)]
        return match.group("title"), rest[: between.start()], span, opening.strip()
    return None


def cover_of(text: str, before: int) -> tuple[str, list[Party], PartialDate | None, str]:
    """The cover page before position ``before``: title, parties, ``DATED`` date."""
    head = text[:before]
    match = _COVER.search(head)
    if match is None:
        return "", [], None, ""
    parties = [Party(n) for n in (party_name(match["a"]), party_name(match["b"])) if n]
    date, written = None, ""
    cue = _COVER_DATE.search(head, match.end())
    if cue is not None and cue.start() - match.end() < 200:
        date, written = first_date(head[cue.end() : cue.end() + 40])
    return match["title"], parties, date, written


def read_agreement(document: str) -> AgreementFacts:
    """The parties, date and type of an agreement (an exhibit's HTML or text).

    The rules are written out, with examples, in ``docs/sources/edgar.md``. Nothing
    is guessed: what cannot be read stays empty and ``notes`` say why.
    """
    text = plain_text(document)
    found = opening_of(text)
    notes: list[str] = []
    if found is None:
        title, parties, date, written = cover_of(text, min(len(text), 6000))
        if not parties:
            return AgreementFacts(notes=("no opening sentence naming the parties was found",))
        notes.append("no opening sentence: title, parties and date from the cover page")
        return _facts(title, parties, "cover", date, written, "cover" if date else "", "", notes)
    title, before, span, opening = found
    parties, parties_from = parties_of(span), "opening"
    date, written = first_date(before)
    date_from = "opening" if date else ""
    if date is None:
        cue = _DATE_CUE.search(span)
        if cue is not None:
            date, written = first_date(span[cue.end() : cue.end() + 40])
            date_from = "opening" if date else ""
    start = text.find(opening)
    cover_title, cover_parties, cover_date, cover_written = cover_of(text, max(start, 0))
    if len(parties) < 2 and len(cover_parties) >= 2:
        parties, parties_from = cover_parties, "cover"
        notes.append("parties from the cover page (the opening sentence names fewer than two)")
    if date is None and cover_date is not None:
        date, written, date_from = cover_date, cover_written, "cover"
        notes.append("date from the cover page (DATED AS OF); the opening sentence gives none")
    full_title = cover_title if "amend" in cover_title.lower() else title
    amends = _AMENDS.search(text[: max(start, 0) + len(opening)])
    if amends is not None and re.fullmatch(r"(?i)amendment(?:\s+no\.?\s*\d+|\s+\d+)?", title):
        full_title = amends.group(0)
    return _facts(full_title, parties, parties_from, date, written, date_from, opening, notes)


def _facts(
    title: str,
    parties: list[Party],
    parties_from: str,
    date: PartialDate | None,
    written: str,
    date_from: str,
    sentence: str,
    notes: list[str],
) -> AgreementFacts:
    title = " ".join(title.split())
    amendment = bool(re.search(r"amend", title, re.I))
    kind = agreement_kind(title)
    if date is None:
        notes.append("no agreement date could be read")
    if len(parties) < 2:
        notes.append(f"{len(parties)} party name(s) could be read; two are needed for a tie")
    if amendment:
        notes.append("an amendment: it changes an agreement made earlier")
    if len(parties) >= 2 and kind != "other" and not is_symmetric(kind):
        article = "an" if kind[0] in "aeiou" else "a"
        notes.append(
            f"{article} {kind} has a direction the opening does not state: the parties are "
            "in the order the agreement names them; check who grants what"
        )
    return AgreementFacts(
        title=title,
        kind=kind,
        date=date,
        date_text=written,
        date_from=date_from,
        parties=tuple(parties),
        parties_from=parties_from if parties else "",
        sentence=sentence[:WINDOW],
        amendment=amendment,
        notes=tuple(notes),
    )


# -- the documents of a filing ----------------------------------------------------
SEC_URL = "https://www.sec.gov"
FILING_URL = "https://www.sec.gov/Archives/edgar/data/{cik}/{folder}/"
PUBLISHER = "U.S. Securities and Exchange Commission (EDGAR)"
LICENCE = "public (U.S. government work, SEC EDGAR)"
_FORMS_WORDS = re.compile(
    r"\b(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|lp|llp|plc|nv|sa|ag"
    r"|gmbh|bv|se|sas|spa|pty|kg|the|unlimited)\b"
)


@dataclass(frozen=True)
class Exhibit:
    """One document of a filing: its type (``EX-10.1``), description, file name and
    URL; ``type_from`` says whether the type is the filing index's or was read from
    the file name."""

    type: str
    document: str
    url: str
    description: str = ""
    sequence: str = ""
    type_from: str = "filing index"


_TABLE = re.compile(r"<table[^>]*class=\"?tableFile[^>]*>(.*?)</table>", re.I | re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|$)", re.I | re.S)
_CELL = re.compile(r"<t[dh]\b[^>]*>(.*?)(?=<t[dh]\b|$)", re.I | re.S)
_HREF = re.compile(r"<a\b[^>]*href=\"?([^\" >]+)", re.I)


def exhibits_of_index(page: str, page_url: str) -> list[Exhibit]:
    """The documents a filing index page (``<accession>-index.htm``) lists, with the
    type the index gives each (columns Seq, Description, Document, Type, Size)."""
    out = []
    for table in _TABLE.findall(page):
        for row in _ROW.findall(table):
            cells = [plain_text(html.unescape(_TAG.sub(" ", c))) for c in _CELL.findall(row)]
            link = _HREF.search(row)
            if len(cells) < 4 or link is None or cells[0].lower() == "seq":
                continue
            href = html.unescape(link.group(1))
            href = href.split("doc=", 1)[1] if "/ix?doc=" in href else href
            out.append(
                Exhibit(
                    type=cells[3].upper(),
                    document=cells[2].split()[0] if cells[2] else href.rsplit("/", 1)[-1],
                    url=urljoin(page_url if page_url.startswith("http") else SEC_URL, href),
                    description=cells[1],
                    sequence=cells[0],
                )
            )
    return out


def is_material_contract(exhibit_type: str, form: str) -> bool:
    """Whether a document is a material contract: ``EX-10.*`` of any form, ``EX-4.*``
    of a 20-F (Form 20-F puts material contracts under exhibit 4).

    >>> is_material_contract("EX-10.1", "8-K"), is_material_contract("EX-4.69", "20-F")
    (True, True)
    >>> is_material_contract("EX-4.1", "10-K"), is_material_contract("EX-99.1", "6-K")
    (False, False)
    """
    kind = exhibit_type.upper().replace(" ", "")
    if re.match(r"EX-10(?:\.|$)", kind):
        return True
    return bool(re.match(r"EX-4(?:\.|$)", kind)) and form.upper().startswith("20-F")


def normalised_name(name: str, *, keep_forms: bool = False) -> str:
    """A name for matching: accents dropped, lower case, punctuation to spaces, legal
    forms left out (unless ``keep_forms``).

    >>> normalised_name("GILEAD SCIENCES, INC."), normalised_name("Gilead Sciences Inc")
    ('gilead sciences', 'gilead sciences')
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text.replace(".", ""))
    if not keep_forms:
        text = _FORMS_WORDS.sub(" ", text)
    return " ".join(text.split())


def slug(name: str, limit: int = 80) -> str:
    """A lower-case id part of a name (``gilead-biopharmaceutics-ireland``).

    >>> slug("GILEAD BIOPHARMACEUTICS IRELAND UC")
    'gilead-biopharmaceutics-ireland-uc'
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:limit].strip("-") or "x"


@dataclass(frozen=True)
class Filing:
    """One filing of the filing index."""

    cik: int
    accession: str
    form: str
    filed: dt.date
    primary_document: str = ""
    description: str = ""

    @property
    def folder_url(self) -> str:
        return FILING_URL.format(cik=self.cik, folder=self.accession.replace("-", ""))

    @property
    def index_url(self) -> str:
        return f"{self.folder_url}{self.accession}-index.htm"


def exhibit_source(filing: Filing, exhibit: Exhibit, retrieved: dt.datetime, title: str) -> Source:
    source = record_source(
        "edgar",
        f"{filing.accession}-{exhibit.document}",
        exhibit.url,
        retrieved=retrieved,
        title=f"{exhibit.type} {title or exhibit.description}".strip(),
        publisher=PUBLISHER,
        licence=LICENCE,
    )
    return source.evolve(published=PartialDate.from_date(filing.filed))  # type: ignore[return-value]


class PartyIndex:
    """Party names -> actors: the filer (by its name and former names), then ``known``
    (normalised name -> the actor of a company of the SEC list, made for a source),
    else a new actor ``edgar-party-<slug of the name>``. Names match when equal once
    accents, case, punctuation and legal forms are set aside."""

    def __init__(self, known: Mapping[str, Callable[[Source], Actor]] | None = None) -> None:
        self.known = dict(known or {})

    def actor(
        self, name: str, filer: Actor, former: Sequence[str], source: Source
    ) -> tuple[Actor, str]:
        key = normalised_name(name)
        if key and key in {normalised_name(n) for n in (filer.name, *former)}:
            return filer, "filer"
        listed = self.known.get(key)
        if listed is not None:
            return listed(source), "company list"
        party = Actor(
            id=f"edgar-party-{slug(name)}",
            name=" ".join(name.split()),
            kind="other",
            tags=("edgar:party",),
            sources=(source.id,),
        )
        return party, "new"


def agreement_records(
    facts: AgreementFacts,
    *,
    filer: Actor,
    former: Sequence[str],
    filing: Filing,
    exhibit: Exhibit,
    source: Source,
    parties: PartyIndex,
) -> tuple[list[Tie], list[Actor], list[dict[str, Any]], str]:
    """Candidate ties (one per pair of parties), the actors they need besides the
    filer, their evidence, and why nothing was proposed (``""`` when something was)."""
    if len(facts.parties) < 2:
        return [], [], [], "; ".join(facts.notes) or "fewer than two parties read"
    unwanted = NOT_PROPOSED.search(facts.title)
    if unwanted:
        return [], [], [], f"not proposed: a {unwanted.group(0).lower()} document ({facts.title})"
    found = [parties.actor(p.name, filer, former, source) for p in facts.parties]
    start, flags = facts.date, ()
    if start is None:
        start, flags = PartialDate.from_date(filing.filed), ("estimated_date",)
    base = f"edgar-{filing.accession}-{slug(Path(exhibit.document).stem)}"[:120]
    described = (
        f"{facts.title or exhibit.description} ({exhibit.type}, {filing.form} of "
        f"{filer.name} filed {filing.filed}, accession {filing.accession})"
    )
    ties, extra, evidence = [], {}, []
    pairs = [(a, b) for i, a in enumerate(found) for b in found[i + 1 :] if a[0].id != b[0].id]
    for number, ((left, how_l), (right, how_r)) in enumerate(pairs, start=1):
        tie = Tie(
            id=f"{base}-{number}",
            kind=facts.kind,
            source=left.id,
            target=right.id,
            start=start,
            description=described,
            tags=("edgar:candidate", f"edgar:{exhibit.type}"),
            flags=flags,
            confidence="medium"
            if facts.date_from == "opening" and facts.parties_from == "opening"
            else "low",
            sources=(source.id,),
        )
        ties.append(tie)
        for actor, how in ((left, how_l), (right, how_r)):
            if how != "filer":
                extra[actor.id] = actor
        evidence.append(_evidence(facts, filing, exhibit, found, flags, len(pairs)))
    return ties, list(extra.values()), evidence, "" if ties else "the parties are one actor"


def _evidence(
    facts: AgreementFacts, filing: Filing, exhibit: Exhibit, found: list, flags: tuple, pairs: int
) -> dict[str, Any]:
    notes = list(facts.notes)
    if flags:
        notes.append(
            f"no agreement date read: the filing date {filing.filed} stands in "
            "(flag estimated_date)"
        )
    if pairs > 1:
        notes.append(f"{len(found)} parties: one candidate per pair ({pairs})")
    return {
        "url": exhibit.url,
        "filing": filing.accession,
        "form": filing.form,
        "filed": filing.filed.isoformat(),
        "exhibit_type": exhibit.type,
        "exhibit_type_from": exhibit.type_from,
        "title": facts.title,
        "kind": facts.kind,
        "sentence": facts.sentence,
        "parties": [
            {"name": p.name, "short": p.short, "actor": a.id, "matched": how}
            for p, (a, how) in zip(facts.parties, found, strict=True)
        ],
        "parties_from": facts.parties_from,
        "date": facts.date.isoformat() if facts.date else "",
        "date_text": facts.date_text,
        "date_from": facts.date_from,
        "notes": notes,
    }


__all__ = [
    "DATE_PATTERNS",
    "KIND_WORDS",
    "NOT_PROPOSED",
    "AgreementFacts",
    "Exhibit",
    "Filing",
    "Party",
    "PartyIndex",
    "agreement_kind",
    "agreement_records",
    "exhibit_source",
    "exhibits_of_index",
    "first_date",
    "is_material_contract",
    "normalised_name",
    "parties_of",
    "party_name",
    "plain_text",
    "read_agreement",
    "slug",
]
