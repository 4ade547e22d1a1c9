"""Name, city and web-domain normalisation (bioregion.resolve.normalise)."""

from __future__ import annotations

import pytest

from bioregion.resolve.normalise import (
    acronym,
    city_key,
    name_keys,
    name_tokens,
    normalise_name,
    normalise_text,
    split_bracketed,
    strip_legal_forms,
    website_domain,
)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("Janssen Pharmaceutica NV", "janssen pharmaceuticals"),
        ("JANSSEN PHARMACEUTICA N.V.", "janssen pharmaceuticals"),
        ("GLAXOSMITHKLINE BIOLOGICALS SA", "glaxosmithkline biologicals"),
        ("UCB Biopharma SRL", "ucb biopharma"),
        ("Ablynx N.V.", "ablynx"),
        ("Galapagos NV", "galapagos"),
        ("MorphoSys AG", "morphosys"),
        ("Evotec SE", "evotec"),
        ("Miltenyi Biotec GmbH", "miltenyi biotec"),
        ("Genentech, Inc.", "genentech"),
        ("Bicycle Therapeutics plc", "bicycle therapeutics"),
        ("Kowa Company, Ltd.", "kowa company"),
        ("Novo Nordisk A/S", "novo nordisk"),
        ("I.C. BELGIUM SCRL", "ic belgium"),
        ("BOS+ VLAANDEREN VZW", "bos vlaanderen"),
        (
            "Infineon Technologies Romania and CO. Societate in Comandita Simpla",
            "infineon technologies romania",
        ),
    ],
)
def test_legal_forms_are_dropped(given, expected):
    assert normalise_name(given) == expected


def test_a_name_that_is_only_a_legal_form_is_kept():
    assert strip_legal_forms(["sa"]) == ["sa"]
    assert normalise_name("SA") == "sa"


def test_case_accents_and_punctuation():
    assert normalise_text("Université  Libre-de-Bruxelles") == "universite libre de bruxelles"
    assert normalise_name("ULiège") == "u liege"
    assert normalise_name("Université de Liège") == normalise_name("UNIVERSITE DE LIEGE")
    assert normalise_name("Procter & Gamble") == "procter gamble"


@pytest.mark.parametrize(
    "variant",
    [
        "KU Leuven",
        "K.U.Leuven",
        "K.U. Leuven",
        "Katholieke Universiteit Leuven",
        "KATHOLIEKE UNIVERSITEIT LEUVEN",
        "KULeuven",
    ],
)
def test_ku_leuven_variants_share_a_key(variant):
    assert "ku leuven" in name_keys(variant)


@pytest.mark.parametrize(
    "variant", ["UCLouvain", "Université catholique de Louvain", "UNIVERSITE CATHOLIQUE DE LOUVAIN"]
)
def test_uclouvain_variants_share_a_key(variant):
    assert "uc louvain" in name_keys(variant)


def test_leuven_and_louvain_stay_apart():
    """KU Leuven and UCLouvain are two universities: no shared key."""
    assert not set(name_keys("KU Leuven")) & set(name_keys("UCLouvain"))
    assert not set(name_keys("Katholieke Universiteit Leuven")) & set(
        name_keys("Université catholique de Louvain")
    )


def test_university_and_its_hospital_stay_apart():
    assert not set(name_keys("KU Leuven")) & set(name_keys("UZ Leuven"))
    assert not set(name_keys("UCLouvain")) & set(name_keys("Cliniques universitaires Saint-Luc"))


def test_language_variants_normalise_alike():
    assert normalise_name("Universitair Ziekenhuis Leuven") == normalise_name(
        "University Hospitals Leuven"
    )
    assert normalise_name("Universiteit Antwerpen") == normalise_name("University of Antwerp")
    assert "u ghent" in name_keys("UGent")
    assert "u ghent" in name_keys("Ghent University")
    assert set(name_keys("Universiteit Hasselt")) & set(name_keys("Hasselt University"))


def test_core_key_drops_trade_words():
    assert "janssen" in name_keys("Janssen Pharmaceutica NV")
    assert set(name_keys("Janssen")) <= set(name_keys("Janssen Pharmaceutica NV"))
    assert not set(name_keys("Janssen Pharmaceutica NV")) & set(name_keys("Johnson & Johnson"))


def test_aliases_and_acronyms_add_keys():
    keys = name_keys("Interuniversitair Micro-Electronica Centrum", acronyms=["IMEC"])
    assert "imec" in keys
    assert "vib" in name_keys("VIB", aliases=["Vlaams Instituut voor Biotechnologie"])


def test_tokens_map_synonyms_and_drop_stopwords():
    assert name_tokens("Universiteit Antwerpen") == ["university", "antwerp"]
    assert acronym("Vrije Universiteit Brussel") == "vub"


def test_vub_and_ulb_stay_apart():
    """Two universities whose names translate each other are not made one name."""
    vub, ulb = "Vrije Universiteit Brussel", "Université Libre de Bruxelles"
    assert normalise_name(vub) != normalise_name(ulb)
    assert not set(name_keys(vub)) & set(name_keys(ulb))


def test_bracketed_names_become_keys():
    assert split_bracketed("SCK CEN (Belgian Nuclear Research Centre)") == (
        "SCK CEN",
        ["Belgian Nuclear Research Centre"],
    )
    assert normalise_name("UCB Pharma (Belgium)") == "ucb pharma"
    assert "university hospital leuven" in name_keys("UZ Leuven (University Hospitals Leuven)")
    assert normalise_name("UZ Brussel /ID# 253866") == normalise_name("UZ Brussel")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("BRUXELLES", "brussels"),
        ("Brussel", "brussels"),
        ("Woluwe-Saint-Lambert", "brussels"),
        ("IXELLES", "brussels"),
        ("Gent", "ghent"),
        ("Louvain", "leuven"),
        ("HEVERLEE", "leuven"),
        ("Louvain-la-Neuve", "louvain la neuve"),
        ("Liège", "liege"),
        ("Paris Cedex 13", "paris"),
    ],
)
def test_city_keys(given, expected):
    assert city_key(given) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("https://www.kuleuven.be/english/", "kuleuven.be"),
        ("www.imec.be", "imec.be"),
        ("http://www.ulb.ac.be", "ulb.ac.be"),
        ("plm.automation.siemens.com", "siemens.com"),
        ("HTTPS://WWW.UCB.COM:443/path?x=1", "ucb.com"),
        ("", ""),
        ("localhost", ""),
    ],
)
def test_website_domain(given, expected):
    assert website_domain(given) == expected
