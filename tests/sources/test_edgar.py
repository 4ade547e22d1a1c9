"""The SEC EDGAR connector on real records (tests/data/edgar/SOURCE.md).

The company list, a filer's submissions (Tesla, trimmed), a filing index page (Apple)
and the openings of eight real material contracts (Galapagos-Gilead, Xenetic-CLS,
Pieris-Stelis, Recepta-LICR-4AB, LLNS-Theras) are real. The expected parties, dates
and types of the agreements were read by hand from those texts and are written out
here. The live-fetch chain is served by ``Replay`` (tests/sources/conftest.py) from
the real company list and exhibits, with submissions and index pages built in this
file in EDGAR's layouts (their filing dates are placeholders, said so below).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from bioregion.errors import ImportRejectedError, SourceError
from bioregion.model.dates import PartialDate
from bioregion.model.records import Actor
from bioregion.sources import SourceClient, SourceConfig, connector, ingest
from bioregion.sources.edgar import (
    CONNECTOR,
    TICKERS_URL,
    EdgarConnector,
    Selection,
    companies_of,
    filings_of,
    ingest_agreements,
    queue_agreements,
)
from bioregion.sources.edgar_exhibits import (
    Exhibit,
    Filing,
    PartyIndex,
    agreement_kind,
    agreement_records,
    exhibit_source,
    exhibits_of_index,
    is_material_contract,
    normalised_name,
    read_agreement,
)

from .conftest import Replay, answer

DATA = Path(__file__).resolve().parents[1] / "data" / "edgar"
TICKERS = DATA / "company_tickers_2023-09.json"
TESLA = DATA / "CIK0001318605.json"
APPLE_INDEX = DATA / "0000320193-19-000119-index.htm"
EXHIBITS = DATA / "exhibits"
WHEN = dt.datetime(2026, 12, 7, 12, 0, tzinfo=dt.UTC)


def raw(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def exhibit_text(name: str) -> str:
    return (EXHIBITS / name).read_text(encoding="utf-8")


# -- the company list ------------------------------------------------------------------


def test_the_company_list_gives_one_company_per_cik():
    entries = list(raw(TICKERS).values())
    companies = companies_of(raw(TICKERS), str(TICKERS))
    assert len(companies) == len({e["cik_str"] for e in entries}) == 8336
    brk = next(c for c in companies if c.cik == 1067983)
    assert brk.tickers == ("BRK-B", "BRK-A") and brk.ticker == "BRK-B"
    glpg = next(c for c in companies if c.cik == 1421876)
    assert (glpg.title, glpg.tickers) == ("GALAPAGOS NV", ("GLPG", "GLPGF"))
    position = next(n for n, e in enumerate(entries, start=1) if e["cik_str"] == 1421876)
    assert glpg.row == position


def test_tracked_companies_load_into_the_store(store, tmp_path):
    tracked = tmp_path / "tracked.txt"
    tracked.write_text("# Belgian biotechs\nGLPG\n1697862  # argenx\nname: mdxhealth\n")
    report = ingest(store, "edgar", [TICKERS, tracked])
    actors = {a.id: a for a in store.actors()}
    assert set(actors) == {"edgar-cik-1421876", "edgar-cik-1697862", "edgar-cik-1872529"}
    assert actors["edgar-cik-1421876"].identifiers == {"cik": "1421876", "ticker": "GLPG"}
    assert actors["edgar-cik-1872529"].name == "MDxHealth SA"
    assert report.counts["actor"]["created"] == 3
    (source,) = store.sources(["edgar-cik-1697862"])
    assert source.url.endswith("CIK=0001697862") and "Securities and Exchange" in source.publisher
    again = ingest(store, CONNECTOR.tracking(["GLPG", "ARGX", "MDXH"]), [TICKERS])
    assert all(c["created"] == c["updated"] == 0 for c in again.counts.values())


def test_the_whole_list_is_refused_without_a_selection(store):
    with pytest.raises(SourceError, match="say which to track"):
        ingest(store, "edgar", [TICKERS])
    assert store.counts()["actor"] == 0


def test_selection_by_cik_ticker_and_name_words():
    companies = companies_of(raw(TICKERS), "t")
    picked = Selection.parse(["882095", "argx", "name:Xenetic Biosciences"])
    assert sorted(c.cik for c in companies if picked.wants(c)) == [882095, 1534525, 1697862]
    by_query = Selection.from_query({"ticker": "GLPGF", "name": "mdxhealth"})
    assert sorted(c.cik for c in companies if by_query.wants(c)) == [1421876, 1872529]
    assert not Selection() and Selection.parse(["*"]).wants(companies[0])
    # name words match whole words only: "gile" is not a word of "GILEAD SCIENCES, INC."
    assert not Selection.parse(["name:gile"]).wants(next(c for c in companies if c.cik == 882095))


def test_a_truncated_company_list_is_rejected_and_changes_nothing(store, tmp_path):
    ingest(store, CONNECTOR.tracking(["GLPG"]), [TICKERS])
    before = store.dataset()
    cut = tmp_path / "company_tickers.json"
    text = TICKERS.read_text(encoding="utf-8")
    cut.write_text(text[:5000], encoding="utf-8")
    with pytest.raises(ImportRejectedError, match="truncated") as caught:
        ingest(store, CONNECTOR.tracking(["GLPG"]), [cut])
    assert caught.value.problems[0].file == str(cut)
    assert store.dataset() == before


def test_a_bad_entry_of_the_list_is_located(tmp_path):
    entries = raw(TICKERS)
    entries["3"] = {"ticker": "AMZN", "title": "AMAZON COM INC"}  # no cik_str
    entries["5"]["title"] = " "
    bad = tmp_path / "list.json"
    bad.write_text(json.dumps(entries))
    with pytest.raises(ImportRejectedError) as caught:
        CONNECTOR.tracking(["GLPG"]).read([bad])
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(4, "cik_str"), (6, "title")]


# -- the filing index (submissions) ----------------------------------------------------


def test_the_filing_index_of_a_submissions_file():
    data = raw(TESLA)
    filings = filings_of(data, str(TESLA))
    recent = data["filings"]["recent"]
    assert len(filings) == len(recent["form"]) == 40
    first = filings[0]
    assert (first.accession, first.form) == (recent["accessionNumber"][0], recent["form"][0])
    assert first.filed == dt.date.fromisoformat(recent["filingDate"][0])
    q = next(f for f in filings if f.form == "10-Q")
    assert q.primary_document == "tsla-20220930.htm"
    assert q.index_url == (
        "https://www.sec.gov/Archives/edgar/data/1318605/000095017022019867/"
        "0000950170-22-019867-index.htm"
    )


@pytest.mark.parametrize("paths", [[TESLA, TICKERS], [TICKERS, TESLA]])
def test_a_submissions_file_refines_the_filer(store, paths):
    ingest(store, CONNECTOR.tracking(["TSLA"]), paths)
    (actor,) = store.actors()
    assert actor.id == "edgar-cik-1318605" and actor.name == "Tesla, Inc."
    assert "sic:3711 Motor Vehicles & Passenger Car Bodies" in actor.tags
    assert actor.identifiers == {"cik": "1318605", "ticker": "TSLA"}


def test_filing_index_columns_of_different_lengths_or_missing_are_errors():
    data = raw(TESLA)
    data["filings"]["recent"]["form"].pop()
    with pytest.raises(SourceError, match="differ in length"):
        filings_of(data, "CIK0001318605.json")
    data = raw(TESLA)
    del data["filings"]["recent"]["filingDate"]
    with pytest.raises(SourceError, match="no column filingDate"):
        filings_of(data, "CIK0001318605.json")


# -- the documents of a filing -----------------------------------------------------------


def test_the_documents_of_a_real_filing_index_page():
    url = (
        "https://www.sec.gov/Archives/edgar/data/320193/000032019319000119/"
        "0000320193-19-000119-index.htm"
    )
    found = exhibits_of_index(APPLE_INDEX.read_text(encoding="utf-8"), url)
    types = [e.type for e in found]
    exhibits = ["EX-4.1", "EX-10.15", "EX-10.16", "EX-21.1", "EX-23.1", "EX-31.1", "EX-31.2"]
    assert types[:9] == ["10-K", *exhibits, "EX-32.1"]
    contracts = [e for e in found if is_material_contract(e.type, "10-K")]
    assert [e.document for e in contracts] == [
        "a10-kexhibit10152019.htm",
        "a10-kexhibit10162019.htm",
    ]
    assert contracts[0].url == url.rsplit("/", 1)[0] + "/a10-kexhibit10152019.htm"
    assert found[0].url.endswith("/a10-k20199282019.htm")  # the iXBRL viewer link undone


@pytest.mark.parametrize(
    "kind, form, material",
    [
        ("EX-10.1", "8-K", True),
        ("EX-10", "10-K", True),
        ("EX-4.69", "20-F", True),
        ("EX-4.1", "20-F/A", True),
        ("EX-4.1", "10-K", False),
        ("EX-99.3", "6-K", False),
        ("EX-101.SCH", "10-K", False),
        ("EX-100", "10-K", False),
    ],
)
def test_material_contracts(kind, form, material):
    assert is_material_contract(kind, form) is material


# -- reading agreements: the real exhibits -----------------------------------------------

#: What each real exhibit says, read by hand: parties, date, type, where from.
REAL = {
    "glpg-0001193125-16-432642-d108887dex101.txt": (
        ["GALAPAGOS NV", "GILEAD BIOPHARMACEUTICS IRELAND UNLIMITED COMPANY"],
        PartialDate(2015, 12, 16),
        "licence",
        "opening",
    ),
    "glpg-0001558370-25-003806-glpg-20241231xex4d69.txt": (
        ["GALAPAGOS NV", "GILEAD SCIENCES, INC."],
        PartialDate(2025, 1, 7),
        "other",
        "opening",
    ),
    "glpg-0001193125-19-234109-d760555dex993.txt": (
        ["GALAPAGOS NV", "GILEAD BIOPHARMACEUTICS IRELAND UC"],
        PartialDate(2019, 8, 23),
        "licence",
        "cover",
    ),
    "glpg-0001193125-21-157376-d236935dex994.txt": (
        ["Galapagos NV", "Gilead Therapeutics A1 Unlimited Company", "Gilead Sciences, Inc."],
        PartialDate(2021, 4, 7),
        "equity_investment",
        "opening",
    ),
    "xbio-0001683168-22-005567-xenetic_ex1001.txt": (
        ["CLS Therapeutics LTD", "Xenetic Biosciences, Inc."],
        PartialDate(2022, 4, 26),
        "licence",
        "opening",
    ),
    "cuad-pieris-ex10-8-joint-development-license.txt": (
        ["Pieris AG", "Stelis BioPharma Private Limited"],
        PartialDate(2013, 11, 21),
        "co_development",
        "opening",
    ),
    "cuad-recepta-collaborative-rd-commercial-rights.txt": (
        ["RECEPTA BIOPHARMA S.A.", "LUDWIG INSTITUTE FOR CANCER RESEARCH LTD", "4-ANTIBODY AG"],
        PartialDate(2012, 12, 21),
        "rd_collaboration",
        "opening",
    ),
    "theras-0001213900-25-049554-filename2.txt": (
        ["LAWRENCE LIVERMORE NATIONAL SECURITY, LLC", "THERAS, INC."],
        None,
        "rd_collaboration",
        "",
    ),
}


@pytest.mark.parametrize("name", sorted(REAL))
def test_the_parties_date_and_type_of_each_real_exhibit(name):
    parties, date, kind, date_from = REAL[name]
    facts = read_agreement(exhibit_text(name))
    assert [p.name for p in facts.parties] == parties
    assert (facts.date, facts.kind, facts.date_from) == (date, kind, date_from)


def test_precision_and_recall_of_the_extractor_on_the_real_exhibits():
    """Parties and dates over the eight real openings: every field read is right
    (precision 1.0); what is not read is said (the CRADA's date)."""
    right = wrong = missed = 0
    for name, (parties, date, _kind, _from) in REAL.items():
        facts = read_agreement(exhibit_text(name))
        got = [p.name for p in facts.parties]
        right += sum(1 for p in got if p in parties) + (facts.date == date and date is not None)
        wrong += sum(1 for p in got if p not in parties)
        wrong += facts.date is not None and facts.date != date
        missed += sum(1 for p in parties if p not in got) + (date is None)
    assert wrong == 0 and (right, missed) == (25, 1)  # 18 parties, 7 of 8 dates


def test_what_cannot_be_read_is_noted_not_guessed():
    facts = read_agreement(exhibit_text("theras-0001213900-25-049554-filename2.txt"))
    assert facts.date is None and "no agreement date could be read" in facts.notes
    assert facts.parties_from == "cover"  # the opening sentence is cut off after one party
    cover = read_agreement(exhibit_text("glpg-0001193125-19-234109-d760555dex993.txt"))
    assert any("cover page" in n for n in cover.notes) and cover.amendment


def test_shorts_and_sentence_are_kept_as_evidence():
    facts = read_agreement(exhibit_text("glpg-0001193125-16-432642-d108887dex101.txt"))
    assert [p.short for p in facts.parties] == ["Galapagos", "Gilead"]
    assert facts.sentence.startswith("THIS LICENSE AND COLLABORATION AGREEMENT")
    assert "December 16, 2015" in facts.sentence and facts.date_text == "December 16, 2015"
    assert any("direction" in n for n in facts.notes)


# -- reading agreements: written variants --------------------------------------------------

VARIANTS = [
    (
        'This OPTION AGREEMENT (the "Agreement") is made and entered into as of ________, 2015 '
        'by and between Acme Bio, Inc., a Delaware corporation ("Acme"), and Beta Pharma GmbH, '
        'a German company ("Beta").',
        ["Acme Bio, Inc.", "Beta Pharma GmbH"],
        PartialDate(2015),
        "option",
    ),
    (
        "THIS SUPPLY AGREEMENT is entered into by and between Acme Corp. and Beta LLC. "
        "WHEREAS, Acme makes things.",
        ["Acme Corp.", "Beta LLC"],
        None,
        "supply",
    ),
    (
        "This Research Collaboration Agreement, dated Dec. 3, 2001, is between KU Leuven "
        'Research & Development ("LRD") and Tibotec NV ("Tibotec"). Each may be referred to '
        "as a Party.",
        ["KU Leuven Research & Development", "Tibotec NV"],
        PartialDate(2001, 12, 3),
        "rd_collaboration",
    ),
    (
        "<html><body><p>THIS&nbsp;CO-PROMOTION AGREEMENT (&#8220;Agreement&#8221;) is made "
        "on 2010-06-30 by and among <b>Alpha SA</b>, a Belgian company (&#8220;Alpha&#8221;), "
        "and Omega Ltd. (&#8220;Omega&#8221;)</p><p>RECITALS</p></body></html>",
        ["Alpha SA", "Omega Ltd."],
        PartialDate(2010, 6, 30),
        "co_commercialisation",
    ),
    (
        'This License Agreement ("Agreement") is effective as of the Effective Date (as defined '
        'in Section 1.12) between Gamma Inc. ("Gamma"), and Delta B.V. ("Delta").',
        ["Gamma Inc.", "Delta B.V."],
        None,
        "licence",
    ),
    (
        'This Services Agreement is made by Zeta Inc. ("Zeta") for its own account.',
        [],
        None,
        "other",
    ),
]


@pytest.mark.parametrize("text, parties, date, kind", VARIANTS)
def test_written_variants(text, parties, date, kind):
    facts = read_agreement(text)
    assert [p.name for p in facts.parties] == parties
    assert facts.date == date
    assert facts.kind == kind or (not parties and facts.kind in ("service", "other"))
    if date is None and parties:
        assert "no agreement date could be read" in facts.notes
    assert facts.notes or (parties and date)


def test_the_first_type_word_of_the_title_decides():
    assert agreement_kind("Option, License and Collaboration Agreement") == "option"
    assert agreement_kind("Collaboration and License Agreement") == "rd_collaboration"
    assert agreement_kind("Exclusive Sublicense Agreement") == "licence"
    assert agreement_kind("Transfer Agreement") == "other"


def test_names_match_without_legal_forms_and_punctuation():
    assert normalised_name("GILEAD SCIENCES, INC.") == normalised_name("Gilead Sciences Inc")
    assert normalised_name("Galapagos NV") == normalised_name("GALAPAGOS N.V.")
    assert normalised_name("Université catholique de Louvain") == "universite catholique de louvain"


# -- candidate ties ------------------------------------------------------------------------

GLPG_6K = Filing(1421876, "0001193125-16-432642", "6-K", dt.date(2016, 1, 4))


def candidates_of(name: str, filing: Filing = GLPG_6K, known=None):
    facts = read_agreement(exhibit_text(name))
    document = name.split("-", 4)[-1].replace(".txt", ".htm")
    exhibit = Exhibit("EX-10.1", document, f"{filing.folder_url}{document}")
    source = exhibit_source(filing, exhibit, WHEN, facts.title)
    filer = Actor(id="edgar-cik-1421876", name="GALAPAGOS NV", kind="other")
    return agreement_records(
        facts,
        filer=filer,
        former=[],
        filing=filing,
        exhibit=exhibit,
        source=source,
        parties=PartyIndex(known or {}),
    )


def test_an_agreement_gives_a_candidate_tie_with_its_evidence():
    ties, actors, evidence, why = candidates_of("glpg-0001193125-16-432642-d108887dex101.txt")
    (tie,) = ties
    assert why == "" and tie.kind == "licence" and tie.start == PartialDate(2015, 12, 16)
    assert (tie.source, tie.target) == (
        "edgar-cik-1421876",
        "edgar-party-gilead-biopharmaceutics-ireland-unlimited-company",
    )
    assert [a.id for a in actors] == [tie.target]  # the filer is not repeated
    assert tie.confidence == "medium" and tie.flags == () and "edgar:candidate" in tie.tags
    (proof,) = evidence
    assert proof["url"].endswith("/000119312516432642/d108887dex101.htm")
    assert proof["date_text"] == "December 16, 2015" and proof["parties_from"] == "opening"
    assert [p["matched"] for p in proof["parties"]] == ["filer", "new"]
    assert "December 16, 2015" in proof["sentence"]


def test_a_party_of_the_company_list_becomes_that_company():
    from functools import partial

    from bioregion.sources.edgar import company_actor

    companies = companies_of(raw(TICKERS), "t")
    known = {normalised_name(c.title): partial(company_actor, c) for c in companies}
    ties, actors, evidence, _ = candidates_of(
        "glpg-0001558370-25-003806-glpg-20241231xex4d69.txt", known=known
    )
    assert ties[0].target == "edgar-cik-882095" and actors[0].identifiers["ticker"] == "GILD"
    assert evidence[0]["parties"][1]["matched"] == "company list"


def test_an_undated_agreement_stands_in_the_filing_date_flagged():
    filing = Filing(1869105, "0001213900-25-049554", "10-K", dt.date(2025, 5, 30))
    ties, _, evidence, _ = candidates_of("theras-0001213900-25-049554-filename2.txt", filing)
    assert ties[0].start == PartialDate(2025, 5, 30) and ties[0].flags == ("estimated_date",)
    assert ties[0].confidence == "low"
    assert any("stands in" in n for n in evidence[0]["notes"])


def test_three_parties_give_three_pairs_and_one_party_gives_none():
    ties, _, evidence, _ = candidates_of("cuad-recepta-collaborative-rd-commercial-rights.txt")
    assert len(ties) == 3 and len({t.id for t in ties}) == 3
    assert all("3 parties" in " ".join(e["notes"]) for e in evidence)
    facts_text = 'This Services Agreement is made by Zeta Inc. ("Zeta").'
    facts = read_agreement(facts_text)
    assert facts.parties == () and facts.notes


def test_employment_and_plan_documents_are_not_proposed():
    text = (
        'This Employment Agreement (the "Agreement") is made as of March 1, 2020 by and between '
        'Galapagos NV ("Company") and Jane Doe ("Executive").'
    )
    facts = read_agreement(text)
    assert [p.name for p in facts.parties] == ["Galapagos NV", "Jane Doe"]
    filer = Actor(id="edgar-cik-1421876", name="GALAPAGOS NV", kind="other")
    exhibit = Exhibit("EX-10.2", "ex102.htm", f"{GLPG_6K.folder_url}ex102.htm")
    source = exhibit_source(GLPG_6K, exhibit, WHEN, facts.title)
    ties, actors, _, why = agreement_records(
        facts,
        filer=filer,
        former=[],
        filing=GLPG_6K,
        exhibit=exhibit,
        source=source,
        parties=PartyIndex(),
    )
    assert ties == [] and actors == [] and "employment" in why
    assert agreement_kind("Loan Agreement") == "loan"


def test_candidates_go_to_the_review_queue_not_the_network(store):
    ingest(store, CONNECTOR.tracking(["GLPG"]), [TICKERS])
    data = fetch_chain()
    ids = queue_agreements(store, data, label="test")
    assert len(ids) == len(data.candidates.ties) == 2
    assert store.ties() == [] and len(store.candidates()) == 2
    assert queue_agreements(store, data) == []  # queued before: not again
    first = next(c for c in store.candidates() if c.record.kind == "licence")
    assert first.evidence["url"].endswith("d108887dex101.htm")
    store.decide_candidate(first.id, accept=True)
    (tie,) = store.ties()
    assert tie.source == "edgar-cik-1421876" and tie.start == PartialDate(2015, 12, 16)


# -- live fetch (offline) ------------------------------------------------------------------

GLPG_FOLDER = "/Archives/edgar/data/1421876/"
#: Filings of Galapagos built for the test: the accession numbers and documents are
#: those of the real exhibits; the filing dates are placeholders.
GLPG_FILINGS = [
    ("0001558370-25-003806", "20-F", "2025-03-26", "glpg-20241231x20f.htm"),
    ("0001193125-21-157376", "SC 13D/A", "2021-04-08", "d236935dsc13da.htm"),
    ("0001193125-16-432642", "6-K", "2016-01-04", "d108887d6k.htm"),
    ("0001209191-16-000001", "4", "2016-01-02", "doc4.xml"),
]
EXHIBIT_OF = {
    "0001558370-25-003806": [
        (
            "EX-4.69",
            "glpg-20241231xex4d69.htm",
            "glpg-0001558370-25-003806-glpg-20241231xex4d69.txt",
        ),
        ("EX-8.1", "glpg-20241231xex8d1.htm", None),
    ],
    "0001193125-21-157376": [
        ("EX-99.4", "d236935dex994.htm", "glpg-0001193125-21-157376-d236935dex994.txt"),
    ],
    "0001193125-16-432642": [
        ("EX-10.1", "d108887dex101.htm", "glpg-0001193125-16-432642-d108887dex101.txt"),
    ],
}


def submissions(files: list | None = None) -> dict:
    columns = list(zip(*GLPG_FILINGS, strict=True))
    return {
        "cik": "1421876",
        "name": "Galapagos NV",
        "tickers": ["GLPG"],
        "sic": "2834",
        "sicDescription": "Pharmaceutical Preparations",
        "formerNames": [],
        "filings": {
            "recent": {
                "accessionNumber": list(columns[0]),
                "form": list(columns[1]),
                "filingDate": list(columns[2]),
                "primaryDocument": list(columns[3]),
            },
            "files": files or [],
        },
    }


def index_page(accession: str, form: str, primary: str) -> str:
    """A filing index page in the layout of the real one (tests/data/edgar)."""
    folder = f"{GLPG_FOLDER}{accession.replace('-', '')}/"
    rows = [("1", form, primary, form)]
    rows += [
        (str(n), f"EXHIBIT {t[3:]}", doc, t)
        for n, (t, doc, _) in enumerate(EXHIBIT_OF.get(accession, []), start=2)
    ]
    cells = "".join(
        f"<tr><td scope=row>{seq}<td scope=row>{desc}<td scope=row><a href={folder}{doc}>{doc}"
        f"</a><td scope=row>{kind}<td scope=row>1000"
        for seq, desc, doc, kind in rows
    )
    return (
        "<html><body><div id=formDiv><p>Document Format Files<table class=tableFile "
        'summary="Document Format Files"><tr><th scope=col>Seq<th scope=col>Description'
        f"<th scope=col>Document<th scope=col>Type<th scope=col>Size{cells}</table></div>"
        "</body></html>"
    )


def edgar_answers(**overrides) -> dict:
    found = {
        "/files/company_tickers.json": [answer(200, raw(TICKERS))],
        "/submissions/CIK0001421876.json": [answer(200, submissions())],
    }
    for accession, form, _date, primary in GLPG_FILINGS:
        folder = f"{GLPG_FOLDER}{accession.replace('-', '')}/"
        found[f"{folder}{accession}-index.htm"] = [
            answer(200, index_page(accession, form, primary))
        ]
        for _type, doc, name in EXHIBIT_OF.get(accession, []):
            if name:
                found[f"{folder}{doc}"] = [answer(200, exhibit_text(name))]
    return found | overrides


def edgar_client(replay: Replay, sleeps: list[float] | None = None, **config) -> SourceClient:
    base = CONNECTOR.config
    settings = {"contact_email": "curator@example.org", "retries": 2, "backoff": 0.5} | config
    from dataclasses import replace

    return SourceClient(
        replace(base, **settings),
        transport=replay.transport(),
        sleep=sleeps.append if sleeps is not None else (lambda _s: None),
        clock=lambda: 0.0,
        now=lambda: WHEN,
    )


def fetch_chain(**query):
    replay = Replay(edgar_answers())
    with edgar_client(replay) as client:
        return CONNECTOR.fetch(client, query={"ticker": "GLPG"} | query)


def test_fetch_reads_the_list_the_filing_index_and_the_material_contracts():
    replay = Replay(edgar_answers())
    with edgar_client(replay) as client:
        data = CONNECTOR.fetch(client, query={"ticker": "GLPG"})
    assert [a.id for a in data.actors] == ["edgar-cik-1421876"]
    assert "sic:2834 Pharmaceutical Preparations" in data.actors[0].tags
    ties = data.candidates.ties
    assert [(t.kind, t.start, t.target) for t in ties] == [
        ("other", PartialDate(2025, 1, 7), "edgar-cik-882095"),
        (
            "licence",
            PartialDate(2015, 12, 16),
            "edgar-party-gilead-biopharmaceutics-ireland-unlimited-company",
        ),
    ]
    assert len(data.evidence) == 2 and data.evidence[1]["exhibit_type"] == "EX-10.1"
    paths = [r.url.path for r in replay.requests]
    assert not any("0001209191" in p for p in paths)  # a Form 4 is not read
    assert not any("000119312521157376" in p for p in paths)  # nor an SC 13D/A
    assert not any(p.endswith("ex8d1.htm") for p in paths)  # EX-8.1 is not a contract
    agent = replay.requests[0].headers["user-agent"]
    assert "curator@example.org" in agent and agent.startswith("bioregion/")
    assert data.candidates.problems(known_actors={"edgar-cik-1421876": None}) == []


def test_fetch_writes_only_the_filer_and_leaves_the_candidates_for_review(store):
    replay = Replay(edgar_answers())
    with edgar_client(replay) as client:
        report = ingest(store, "edgar", client=client, query={"ticker": "GLPG"})
    assert [a.id for a in store.actors()] == ["edgar-cik-1421876"]
    assert store.ties() == []
    assert len(report.dataset.candidates.ties) == 2


def test_ingest_agreements_writes_the_filer_and_queues_its_contracts(store):
    replay = Replay(edgar_answers())
    with edgar_client(replay) as client:
        report, queued = ingest_agreements(store, client=client, query={"ticker": "GLPG"})
    assert report.counts["actor"]["created"] == 1 and len(queued) == 2
    assert store.ties() == [] and {c.id for c in store.candidates()} == set(queued)
    kinds = sorted(c.record.kind for c in store.candidates())
    assert kinds == ["licence", "other"]


def test_fetch_honours_forms_since_and_limit():
    data = fetch_chain(forms="6-K")
    assert [t.kind for t in data.candidates.ties] == ["licence"]
    data = fetch_chain(since="2020")
    assert [t.start.year for t in data.candidates.ties] == [2025]
    data = fetch_chain(exhibits="no")
    assert data.candidates.ties == [] and len(data.actors) == 1
    replay = Replay(edgar_answers())
    with edgar_client(replay) as client:
        limited = CONNECTOR.fetch(client, query={"ticker": "GLPG"}, limit=1)
    assert len(limited.candidates.ties) == 1 and any("limit" in n for n in limited.notes)


def test_older_index_pages_are_read_back_to_since():
    older = {
        "accessionNumber": ["0001193125-14-000001"],
        "form": ["6-K"],
        "filingDate": ["2014-06-02"],
        "primaryDocument": ["old6k.htm"],
    }
    files = [
        {
            "name": "CIK0001421876-submissions-001.json",
            "filingFrom": "2009-01-01",
            "filingTo": "2014-12-31",
        }
    ]
    replay = Replay(
        edgar_answers(
            **{
                "/submissions/CIK0001421876.json": [answer(200, submissions(files))],
                "/submissions/CIK0001421876-submissions-001.json": [answer(200, older)],
                f"{GLPG_FOLDER}000119312514000001/0001193125-14-000001-index.htm": [
                    answer(200, index_page("0001193125-14-000001", "6-K", "old6k.htm"))
                ],
            }
        )
    )
    with edgar_client(replay) as client:
        CONNECTOR.fetch(client, query={"ticker": "GLPG", "since": "2014"})
    paths = [r.url.path for r in replay.requests]
    assert "/submissions/CIK0001421876-submissions-001.json" in paths
    assert f"{GLPG_FOLDER}000119312514000001/0001193125-14-000001-index.htm" in paths
    replay = Replay(
        edgar_answers(**{"/submissions/CIK0001421876.json": [answer(200, submissions(files))]})
    )
    with edgar_client(replay) as client:
        data = CONNECTOR.fetch(client, query={"ticker": "GLPG"})
    assert any("older filings not read" in n for n in data.notes)


def test_fetch_waits_between_requests_for_the_rate_limit():
    sleeps: list[float] = []
    replay = Replay(edgar_answers())
    clock = iter(range(1000))
    with edgar_client(replay, sleeps) as client:
        client.clock = lambda: next(clock) * 0.01  # 10 ms between two requests
        CONNECTOR.fetch(client, query={"ticker": "GLPG"})
    assert len(sleeps) == len(replay.requests) - 1
    assert all(abs(s - 0.09) < 1e-9 for s in sleeps)  # topped up to 0.1 s each


def test_a_server_error_then_success_and_a_429_are_retried():
    sleeps: list[float] = []
    flaky = [answer(500, "busy"), answer(429, "", retry_after="3"), answer(200, submissions())]
    replay = Replay(edgar_answers(**{"/submissions/CIK0001421876.json": flaky}))
    with edgar_client(replay, sleeps, min_interval=0.0) as client:
        data = CONNECTOR.fetch(client, query={"ticker": "GLPG"})
    assert len(data.candidates.ties) == 2 and sleeps[:2] == [0.5, 3.0]


def test_a_truncated_submissions_answer_fails_and_the_store_is_unchanged(store):
    ingest(store, CONNECTOR.tracking(["ARGX"]), [TICKERS])
    before = store.dataset()
    body = json.dumps(submissions())
    replay = Replay(edgar_answers(**{"/submissions/CIK0001421876.json": [answer(200, body[:300])]}))
    with edgar_client(replay) as client, pytest.raises(SourceError, match="not JSON"):
        ingest(store, "edgar", client=client, query={"ticker": "GLPG"})
    assert store.dataset() == before


def test_edgar_refuses_to_fetch_without_a_contact_email():
    replay = Replay(edgar_answers())
    with (
        edgar_client(replay, contact_email="") as client,
        pytest.raises(SourceError, match="e-mail"),
    ):
        CONNECTOR.fetch(client, query={"ticker": "GLPG"})
    assert replay.requests == []


def test_fetch_needs_a_selection_and_star_is_for_the_list_only():
    replay = Replay(edgar_answers())
    with edgar_client(replay) as client:
        with pytest.raises(SourceError, match="which companies"):
            CONNECTOR.fetch(client, query={})
        with pytest.raises(SourceError, match="exhibits=no"):
            EdgarConnector(Selection.parse(["*"])).fetch(client)
        every = EdgarConnector(Selection.parse(["*"])).fetch(client, query={"exhibits": "no"})
    assert len(every.actors) == 8336
    assert [r.url.path for r in replay.requests] == ["/files/company_tickers.json"]


def test_the_connector_is_registered():
    assert connector("edgar") is CONNECTOR
    assert CONNECTOR.config.requires_contact and CONNECTOR.config.min_interval == 0.1
    assert TICKERS_URL.startswith("https://www.sec.gov/")


@pytest.mark.live
def test_live_fetch_of_galapagos_since_2024():  # pragma: no cover - network
    config = CONNECTOR.config.from_env()
    with SourceClient(config) as client:
        data = CONNECTOR.fetch(client, query={"ticker": "GLPG", "since": "2024"}, limit=3)
    assert data.actors and data.actors[0].id == "edgar-cik-1421876"
    assert SourceConfig  # imported for the live test's config
