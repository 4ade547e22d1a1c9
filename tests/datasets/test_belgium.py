"""The shipped Belgian reference dataset: coverage, provenance and integrity."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from bioregion import Store
from bioregion.datasets import available, coverage, dataset_files, describe, load
from bioregion.model.rules import URL_PATTERN
from bioregion.regions import named_region, region_of

REGIONS = {"flanders", "wallonia", "brussels"}


@pytest.fixture(scope="module")
def belgium() -> Iterator[Store]:
    store = load("belgium")
    yield store
    store.close()


def red_biotech_nbfs(store: Store) -> list:
    return [a for a in store.actors() if "nbf" in a.tags and "red_biotech" in a.tags]


def test_the_dataset_is_shipped_as_reviewable_csv():
    assert "belgium" in available()
    files = dataset_files("belgium")
    assert {f.suffix for f in files} == {".csv"}
    kinds = {f.stem.split("-")[0] for f in files}
    assert {"actors", "ties", "sources"} <= kinds


def test_at_least_30_red_biotech_nbfs_in_the_three_regions(belgium: Store):
    firms = red_biotech_nbfs(belgium)
    located = [
        a for a in firms if a.nuts and region_of(a.nuts) and region_of(a.nuts).key in REGIONS
    ]
    assert len(located) == len(firms), [a.id for a in firms if a not in located]
    for firm in firms:
        assert firm.country == "BE", firm.id
        assert firm.founded is None or firm.founded.year >= 1985, firm.id
    # counted: located, and founded (as sourced) in 1985 or later
    assert sum(a.founded is not None for a in firms) >= 30
    assert {region_of(a.nuts).key for a in firms} == REGIONS


def test_at_least_200_dated_ties_from_1987_to_2025(belgium: Store):
    ties = belgium.ties()
    assert sum(1987 <= t.start.year <= 2025 for t in ties) >= 200
    today = dt.date.today()
    for tie in ties:
        assert tie.start.year >= 1900 and tie.start.first_day <= today, tie.id
        if tie.end is not None:
            assert tie.end.last_day >= tie.start.first_day, tie.id


def test_every_actor_and_tie_cites_a_public_url(belgium: Store):
    urls = {s.id: s.url for s in belgium.sources()}
    for record in [*belgium.actors(), *belgium.ties()]:
        assert record.sources, f"{record.id} cites no source"
        for sid in record.sources:
            assert URL_PATTERN.match(urls[sid]), f"{record.id}: {sid} has no http(s) URL"


def test_references_resolve(belgium: Store):
    actors = {a.id for a in belgium.actors()}
    for tie in belgium.ties():
        assert tie.source in actors and tie.target in actors, tie.id
    events = {e.id for e in belgium.events()}
    for part in belgium.participations():
        assert part.event in events and part.actor in actors


def test_regions_follow_the_nuts_codes(belgium: Store):
    flanders = named_region("flanders")
    for actor in belgium.actors():
        if actor.nuts.startswith("BE2"):
            assert flanders.contains(actor.nuts) and region_of(actor.nuts).key == "flanders"
        elif actor.nuts.startswith("BE3"):
            assert region_of(actor.nuts).key == "wallonia"
        elif actor.nuts.startswith("BE1"):
            assert region_of(actor.nuts).key == "brussels"
    counted = describe(belgium, regions=("flanders", "wallonia", "brussels")).actors_by_region
    firms = red_biotech_nbfs(belgium)
    for key in REGIONS:
        expected = sum(
            1
            for a in belgium.actors()
            if a.nuts and region_of(a.nuts) and region_of(a.nuts).key == key
        )
        assert counted.loc[counted.region == key, "actors"].sum() == expected
    assert len(firms) >= 30


def test_partners_have_a_headquarters_country(belgium: Store):
    pharma = belgium.actors(kind="pharma")
    for actor in pharma:
        if "big_pharma" in actor.tags:
            assert actor.country, f"{actor.id} has no country"
    # a few small partners' headquarters were not stated in any source read (docs gaps)
    assert sum(bool(a.country) for a in pharma) >= 0.95 * len(pharma)


def test_policy_and_network_actors_are_present(belgium: Store):
    ids = {a.id for a in belgium.actors()}
    expected = {
        "vib",
        "welbio",
        "iwt",
        "vlaio",
        "fwo",
        "fnrs",
        "walloon-region",
        "pmv",
        "gimv",
        "biotech-fonds-vlaanderen",
        "sriw",
        "flandersbio",
        "biowin",
    }
    assert expected <= ids, expected - ids
    policy_kinds = {"grant", "funding", "equity_investment", "membership"}
    policy_ties = [
        t for t in belgium.ties() if t.kind in policy_kinds and {t.source, t.target} & expected
    ]
    assert len(policy_ties) >= 20


def test_describe_counts_add_up(belgium: Store):
    found = describe(belgium)
    assert found.ties_by_decade.loc["total", "total"] == len(belgium.ties())
    assert found.actors_by_kind["actors"].sum() == len(belgium.actors())
    assert set(found.ties_by_kind["kind"]) == {t.kind for t in belgium.ties()}


def test_coverage_table_rows_are_the_nbfs(belgium: Store):
    table = coverage(belgium)
    assert set(table.index) == {a.id for a in belgium.actors() if "nbf" in a.tags}
    assert (table["total"] > 0).sum() >= 30


def test_loading_twice_changes_nothing(belgium: Store):
    load("belgium", belgium)
    last = belgium.batches()[-1]
    assert all(c["created"] == 0 and c["updated"] == 0 for c in last.counts.values())


def test_cli_load_and_describe(tmp_path):
    from bioregion.cli import app

    runner = CliRunner()
    db = str(tmp_path / "b.db")
    loaded = runner.invoke(app, ["--db", db, "load", "belgium"])
    assert loaded.exit_code == 0, loaded.output
    described = runner.invoke(app, ["--db", db, "describe"])
    assert described.exit_code == 0, described.output
    assert "ties by kind and decade" in described.output and "2010s" in described.output


# --- corrections from the sampled source check (issue 8) -----------------------------------


def ties_by_id(store: Store) -> dict:
    return {t.id: t for t in store.ties()}


def test_iba_public_stake_is_dated_at_its_june_2019_announcement(belgium: Store):
    ties = ties_by_id(belgium)
    assert "sfpi-fpim-iba-2018" not in ties  # renamed with the corrected year
    for tie_id, investor in [("sfpi-fpim-iba-2019", "sfpi-fpim"), ("belfius-iba-2019", "belfius")]:
        tie = ties[tie_id]
        assert (tie.kind, tie.source, tie.target) == ("equity_investment", investor, "iba")
        assert (tie.start.year, tie.start.first_day.month) == (2019, 6)


def test_eib_exevir_venture_debt_starts_at_signing_not_at_project_listing(belgium: Store):
    ties = ties_by_id(belgium)
    assert "eib-exevir-2021" not in ties
    loans = [t for t in belgium.ties() if (t.source, t.target) == ("eib", "exevir")]
    assert [t.start.isoformat() for t in loans] == ["2023-01-09"]
    assert loans[0].total == 25_000_000 and loans[0].currency == "EUR"


def test_eib_ties_start_on_a_dated_release_not_on_a_pipeline_page(belgium: Store):
    sources = {s.id: s for s in belgium.sources()}
    eib = [t for t in belgium.ties() if t.source == "eib"]
    assert len(eib) >= 5

    def announces(source, tie) -> bool:
        published = source.published
        if "/projects/pipelines/" in source.url or published is None:
            return False
        return published.first_day <= tie.start.first_day <= published.last_day

    for tie in eib:
        dated = [sid for sid in tie.sources if announces(sources[sid], tie)]
        assert dated, f"{tie.id}: no announcement source dated {tie.start}"


def test_novartis_alcon_starts_at_the_announcement_not_the_closing(belgium: Store):
    assert ties_by_id(belgium)["novartis-alcon-2010"].start.isoformat() == "2010-01-04"


def test_a_single_investors_commitment_is_not_tagged_round_total(belgium: Store):
    ties = ties_by_id(belgium)
    own = [
        "finance-brussels-theodorus-2012",
        "ulb-theodorus-2012",
        "pmv-aelin-therapeutics-2018",
        "fund-plus-aelin-therapeutics-2018",
    ]
    for tie_id in own:
        assert ties[tie_id].equity is not None
        assert "round_total" not in ties[tie_id].tags, tie_id
    # the rule: a round's size is its total; an investor's own amount is its equity
    for tie in belgium.ties():
        if "round_total" in tie.tags:
            assert tie.total is not None and tie.equity is None, tie.id


def test_the_third_and_fourth_audits_corrections_hold(belgium: Store):
    ties = ties_by_id(belgium)
    assert ties["exevir-ucb-2020"].start.isoformat() == "2020-08-12"  # VIB's release
    assert ties["galapagos-abbvie-2018-cf"].upfront == 45_000_000
    for tie_id in ("pfizer-imcyse-2021", "lsp-imcyse-2019", "mpm-capital-iteos-2018"):
        assert "round_total" in ties[tie_id].tags, tie_id  # the round's size, not its own
    term_sheet = ties["bone-therapeutics-link-health-2021-global"]
    assert term_sheet.kind == "other" and term_sheet.status == "terminated"
    assert term_sheet.milestones is None  # a non-binding term sheet: no deal value
    assert ties["itochu-promethera-2019"].total is None  # its own EUR10M is its equity


def test_no_tie_rests_on_the_non_public_team_dossier(belgium: Store):
    for tie in belgium.ties():
        text = tie.description.lower()
        assert "team dossier" not in text and "(dossier)" not in text, tie.id


def test_celyad_ono_licence_was_preclinical_and_the_option_phase1(belgium: Store):
    ties = ties_by_id(belgium)
    assert ties["celyad-ono-pharmaceutical-2016"].stage == "preclinical"
    assert ties["celyad-ono-pharmaceutical-2016-option"].stage == "phase1"


def test_galapagos_biofocus_is_a_company_takeover_not_an_asset_deal(belgium: Store):
    tie = ties_by_id(belgium)["galapagos-biofocus-2005"]
    assert tie.kind == "acquisition" and "asset_deal" not in tie.tags
    assert "asset deal" not in tie.description.lower().replace("not an asset", "")


def _acquisitions(store: Store) -> list:
    return [t for t in store.ties() if t.kind == "acquisition"]


def test_every_carve_out_has_the_seller_in_a_tie_with_the_buyer(belgium: Store):
    acquisitions = _acquisitions(belgium)
    carve_outs = [t for t in acquisitions if "carve_out" in t.tags]
    assert len(carve_outs) >= 12
    for unit in carve_outs:
        assert "asset_deal" not in unit.tags, unit.id
        sellers = [
            t
            for t in acquisitions
            if t.source == unit.source
            and t.start == unit.start
            and t.target != unit.target
            and {"asset_deal", "divestment"} <= set(t.tags)
        ]
        assert sellers, f"{unit.id}: the seller of {unit.target} has no tie with {unit.source}"
        assert all(t.total is None for t in sellers), "the terms are counted once, on the unit"


@pytest.mark.parametrize(
    ("buyer", "seller", "year"),
    [
        ("galapagos", "gsk", 2010),  # GSK's Zagreb research centre (Fidelta)
        ("charles-river", "galapagos", 2014),  # BioFocus and Argenta
        ("selvita", "galapagos", 2020),  # Fidelta
        ("galapagos", "prostrakan", 2006),  # ProSkelia
        ("fujirebio", "abbott", 2010),  # Innogenetics
        ("sk-capital-partners", "iba", 2012),  # IBA Molecular
        ("thermo-fisher", "novasep", 2021),  # Henogen
        ("catalent", "orgenesis", 2020),  # MaSTherCell
        ("catalent", "bone-therapeutics", 2020),  # SCTS
        ("tigenix", "genetrix", 2015),  # Coretherapix
        ("novartis", "nestle", 2010),  # Alcon
    ],
)
def test_divestments_put_the_seller_in_a_tie_with_the_buyer(belgium: Store, buyer, seller, year):
    deals = [
        t
        for t in _acquisitions(belgium)
        if (t.source, t.target) == (buyer, seller) and t.start.year == year
    ]
    assert len(deals) == 1 and "asset_deal" in deals[0].tags


# --- recall before 2010 (issue 12, first part) ------------------------------------------------


@pytest.mark.parametrize(
    ("tie_id", "kind", "start"),
    [
        ("galapagos-ogeda-2001", "rd_collaboration", "2001-12"),
        ("bayer-innogenetics-2001-equity", "equity_investment", "2001-03"),
        ("innogenetics-genencor-2004", "acquisition", "2004-03-29"),
        ("ucb-celltech-2004", "acquisition", "2004-05-18"),
        ("devgen-pioneer-hi-bred-2004", "rd_collaboration", "2004-09-14"),
        ("transgene-innogenetics-2005", "service", "2005-10-13"),
        ("gimv-pronota-2006", "equity_investment", "2006-08"),
        ("galapagos-msd-2009-metabolic", "option", "2009-01"),
        ("galapagos-msd-2009-inflammation", "option", "2009-04-20"),
        ("tigenix-orthomimetics-2009", "acquisition", "2009-11-16"),
    ],
)
def test_documented_pre_2010_deals_are_coded(belgium: Store, tie_id, kind, start):
    tie = ties_by_id(belgium)[tie_id]
    assert (tie.kind, tie.start.isoformat()) == (kind, start)
    assert tie.sources


def test_pre_2010_recall_grew_and_ended_alliances_carry_their_end(belgium: Store):
    ties = belgium.ties()
    assert sum(t.start.year < 2010 for t in ties) >= 140
    merck = [t for t in ties if {t.source, t.target} == {"galapagos", "msd"}]
    # the 2009 metabolic and inflammation options and the October 2009 atherosclerosis
    # expansion, all ended when Merck & Co. stopped the alliance
    assert len(merck) == 3
    assert all(t.status == "terminated" and t.end.isoformat() == "2011-02-04" for t in merck)
    # an asset purchase from a pharma or biotech seller is coded buyer -> seller
    genencor = ties_by_id(belgium)["innogenetics-genencor-2004"]
    assert {"asset_deal", "divestment"} <= set(genencor.tags)


# --- young firms and early alliances (issue 12, second part) ----------------------------------


@pytest.mark.parametrize(
    ("firm", "parent"),
    [
        ("etherna", "vub"),
        ("dualyx", "argenx"),
        ("astrivax", "kuleuven"),
        ("k5-therapeutics", "vib"),
        ("antelope-dx", "ugent"),
        ("octimet-oncology", "janssen-pharmaceutica"),
        ("quantoom", "univercells"),
        ("exothera", "univercells"),
        ("epics-therapeutics", "ulb"),
        ("chromacure", "ulb"),
        ("a-mansia", "uclouvain"),
    ],
)
def test_young_spin_offs_are_located_nbfs_with_their_parent(belgium: Store, firm, parent):
    actor = {a.id: a for a in belgium.actors()}[firm]
    assert {"nbf", "red_biotech"} <= set(actor.tags)
    assert actor.founded is not None and actor.founded.year >= 2012
    assert region_of(actor.nuts).key in REGIONS
    parents = {t.source for t in belgium.ties() if t.kind == "spin_off" and t.target == firm}
    assert parent in parents


def _round(store: Store, target: str, start: str) -> list:
    return [
        t
        for t in store.ties()
        if t.kind == "equity_investment" and t.target == target and t.start.isoformat() == start
    ]


def test_a_syndicated_round_gives_every_investor_a_tie_with_the_round_size(belgium: Store):
    series_b = _round(belgium, "etherna", "2020-06")
    expected = {"pmv", "fund-plus", "lsp", "grand-decade", "omega-funds"}
    assert {t.source for t in series_b} >= expected
    assert len(series_b) == 9
    assert all(t.total == 34_000_000 and "round_total" in t.tags for t in series_b)
    dualyx = _round(belgium, "dualyx", "2023-05-15")
    leads = {"fountain-healthcare-partners", "forbion", "andera-partners"}
    assert leads <= {t.source for t in dualyx}


def test_oncogenomes_first_round_is_dated_at_its_march_2003_closing(belgium: Store):
    first = _round(belgium, "mdxhealth", "2003-03")
    assert {t.source for t in first} == {
        "bank-brussels-lambert",
        "polytechnos",
        "lsp",
        "technowal",
        "noshaq",
        "sibl",
    }
    assert all(t.total == 14_000_000 and t.currency == "EUR" for t in first)


@pytest.mark.parametrize(
    ("tie_id", "kind", "start"),
    [
        ("eurogentec-oswel-1999", "acquisition", "1999-05-11"),
        ("ackermans-van-haaren-tibotec-1999", "equity_investment", "1999-09"),
        ("virco-gilead-2000", "co_commercialisation", "2000-03-07"),
        ("virco-quest-diagnostics-2001", "co_commercialisation", "2001-01-09"),
        ("galapagos-ucb-2001", "rd_collaboration", "2001-05-10"),
        ("galapagos-wyeth-2003", "rd_collaboration", "2003-11"),
        ("galapagos-arthrogen-2006", "rd_collaboration", "2006-04"),
        ("gsk-galapagos-2007-equity", "equity_investment", "2007-07"),
        ("walloon-region-celyad-2009", "loan", "2009-01-19"),
        ("galapagos-janssen-2008-oncology", "rd_collaboration", "2008-01-03"),
    ],
)
def test_more_documented_pre_2010_deals_are_coded(belgium: Store, tie_id, kind, start):
    tie = ties_by_id(belgium)[tie_id]
    assert (tie.kind, tie.start.isoformat()) == (kind, start)
    assert tie.sources


def test_inferred_round_years_are_flagged_and_medium(belgium: Store):
    inferred = [
        t
        for t in belgium.ties()
        if t.kind == "equity_investment" and t.target in {"octimet-oncology", "amakem"}
        if t.start.year in (2011, 2017)
    ]
    assert len(inferred) >= 8
    for tie in inferred:
        assert "estimated_date" in tie.flags and tie.confidence == "medium", tie.id


def test_acquired_young_firms_end_when_bought(belgium: Store):
    handl = {a.id: a for a in belgium.actors()}["handl-therapeutics"]
    assert (handl.ended.isoformat(), handl.end_reason) == ("2020-11-12", "acquired")
    deal = ties_by_id(belgium)["ucb-handl-therapeutics-2020"]
    assert (deal.kind, deal.source, deal.start.isoformat()) == ("acquisition", "ucb", "2020-11-12")


# -- membership of regional innovation systems (issue 9) ---------------------------------
@pytest.mark.parametrize(
    ("actor_id", "located_in", "members_of"),
    [
        ("iwt", "brussels", {"flanders"}),
        ("vlaio", "brussels", {"flanders"}),
        ("flemish-government", "brussels", {"flanders"}),
        ("fwo", "brussels", {"flanders"}),
        ("pmv", "flanders", {"flanders"}),
        ("vub", "brussels", {"flanders", "brussels"}),
        ("fnrs", None, {"wallonia", "brussels"}),
        ("biotech-fonds-vlaanderen", None, {"flanders"}),
        ("innoviris", "brussels", {"brussels"}),
    ],
)
def test_bodies_are_members_of_their_jurisdictions_system(
    belgium: Store, actor_id: str, located_in: str | None, members_of: set[str]
):
    from bioregion.regions import member_of

    actor = belgium.actor(actor_id)
    location = region_of(actor.nuts).key if actor.nuts and region_of(actor.nuts) else None
    assert location == located_in  # the location is kept for maps
    assert {r for r in REGIONS if member_of(actor.systems, actor.nuts, r)} == members_of


def test_iwt_is_a_member_of_flanders_though_located_in_brussels(belgium: Store):
    from bioregion.network import actors_frame

    iwt = actors_frame(belgium).set_index("id").loc["iwt"]
    assert iwt["region"] == "brussels" and iwt["systems"] == ("flanders",)


def test_every_membership_cites_its_basis(belgium: Store):
    known = {s.id for s in belgium.sources()}
    members = [a for a in belgium.actors() if a.systems]
    assert len(members) >= 10
    for actor in members:
        assert actor.sources and set(actor.sources) <= known, actor.id
    assert "lambertz-2013-pmv" in belgium.actor("pmv").sources
    assert "nsz-2015-iwt-vlaio-merger" in belgium.actor("iwt").sources


# -- listings (issue 12) --------------------------------------------------------------------
def test_galapagos_2005_listing_is_present_and_not_a_tie(belgium: Store):
    from bioregion.model.dates import PartialDate
    from bioregion.network import events_frame, participations_frame, project_events

    ipo = next(e for e in belgium.events() if e.id == "galapagos-ipo-2005")
    assert (ipo.kind, ipo.start, ipo.identifiers) == (
        "listing",
        PartialDate(2005, 5, 5),
        {"mic": "XBRU"},
    )
    assert (ipo.amount, ipo.currency) == (20_000_000.0, "EUR")
    roles = {(p.actor, p.role) for p in belgium.participations() if p.event == ipo.id}
    assert roles == {("galapagos", "issuer")}
    projected = project_events(events_frame(belgium), participations_frame(belgium))
    assert not [i for i in projected["id"].tolist() if str(i).startswith("galapagos-ipo")]


def test_every_listing_has_one_issuer_an_exchange_and_a_source(belgium: Store):
    listings = [e for e in belgium.events() if e.kind == "listing"]
    assert len(listings) >= 15
    issuers: dict[str, list[str]] = {}
    for part in belgium.participations():
        if part.role == "issuer":
            issuers.setdefault(part.event, []).append(part.actor)
    for event in listings:
        assert len(issuers.get(event.id, [])) == 1, event.id
        assert event.sources, event.id
        assert event.identifiers.get("mic", "XBRU") in {"XBRU", "XAMS", "XPAR", "XNAS"}, event.id
        if event.amount is not None:
            assert event.currency in {"EUR", "USD"}, event.id
    # EASDAQ has no market identifier code: Innogenetics' 1996 IPO names it in words
    innogenetics = next(e for e in listings if e.id == "innogenetics-ipo-1996")
    assert "mic" not in innogenetics.identifiers and "EASDAQ" in innogenetics.name
