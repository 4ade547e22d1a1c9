"""The same-name rule that merges name-only records automatically (bioregion.resolve.rules).

Runs on the real sample records (tests/data/resolve/records.csv) and on small frames
built to show one behaviour each.
"""

from __future__ import annotations

import pandas as pd
import pytest

from bioregion.resolve.match import prepare_records
from bioregion.resolve.rules import compatible, specific_name, sure_pairs


def actors(*rows: tuple[str, str, str, str]) -> pd.DataFrame:
    """(id, name, country, kind) rows as an actors frame."""
    return pd.DataFrame(
        [
            {"id": i, "name": n, "kind": k, "country": c, "city": "", "identifiers": {}}
            for i, n, c, k in rows
        ]
    )


def test_a_name_only_sponsor_joins_the_one_firm_of_that_name():
    records = prepare_records(
        actors(
            ("ctgov-amgen", "Amgen", "", ""),
            ("amgen", "Amgen", "US", "pharma"),
            ("edgar-cik-318154", "AMGEN INC", "", ""),
        )
    )
    assert sure_pairs(records) == {
        frozenset(("ctgov-amgen", "amgen")),
        frozenset(("ctgov-amgen", "edgar-cik-318154")),
        frozenset(("amgen", "edgar-cik-318154")),
    }


def test_a_rival_of_the_same_name_leaves_the_sponsor_to_a_person():
    # The sponsor "Pfizer" could be Pfizer Inc or its UK company: both pairs are queued,
    # while Pfizer Inc and the curated US Pfizer, which no rival separates, still merge.
    records = prepare_records(
        actors(
            ("ctgov-pfizer", "Pfizer", "", ""),
            ("pfizer", "Pfizer", "US", "pharma"),
            ("edgar-cik-78003", "PFIZER INC", "", ""),
            ("cordis-pic-998133396", "PFIZER LIMITED", "GB", "other"),
        )
    )
    assert sure_pairs(records) == {frozenset(("pfizer", "edgar-cik-78003"))}


def test_words_in_another_order_are_the_same_name():
    records = prepare_records(
        actors(
            ("cordis-pic-999975911", "UNIVERSITEIT MAASTRICHT", "NL", "university"),
            ("ctgov-maastricht-university", "Maastricht University", "", ""),
        )
    )
    assert sure_pairs(records) == {
        frozenset(("cordis-pic-999975911", "ctgov-maastricht-university"))
    }


@pytest.mark.parametrize(
    ("left", "right"),
    [
        (("ror-0aaaaaa00", "Argenx", "BE", ""), ("ror-0bbbbbb00", "Argenx", "BE", "")),
        (("biogen", "Biogen", "US", ""), ("ror-04pg1df08", "Biogen (Belgium)", "BE", "")),
        (("x", "Jessa", "BE", "hospital"), ("ctgov-jessa", "Jessa", "BE", "university")),
        (("y", "Takeda AG", "", ""), ("edgar-cik-1", "Takeda Co Ltd", "", "")),
    ],
    ids=["one registry", "countries", "kinds", "legal forms"],
)
def test_what_is_known_on_both_sides_must_agree(left, right):
    records = prepare_records(actors(left, right)).to_dict("records")
    assert not compatible(*records)
    assert not sure_pairs(prepare_records(actors(left, right)))


def test_generic_names_and_short_acronyms_decide_nothing():
    assert not specific_name(["university", "hospital"])
    assert not specific_name(["geo"])
    assert specific_name(["marmara", "university"])
    assert specific_name(["pfizer"])
    records = prepare_records(
        actors(("ctgov-uh", "University Hospital", "", ""), ("uh", "University Hospital", "", ""))
    )
    assert not sure_pairs(records)


def test_on_the_samples_no_pair_of_two_organisations_is_picked(sample_actors):
    records = prepare_records(sample_actors)
    picked = sure_pairs(records)
    # AstraZeneca K.K. (a trial sponsor in Japan) has a rival: AstraZeneca PLC.
    assert frozenset(("astrazeneca", "ctgov-astrazeneca-k-k")) not in picked
    assert frozenset(("ctgov-glaxosmithkline", "ror-00n3pea85")) not in picked
    assert frozenset(("edgar-cik-875045", "ror-04pg1df08")) not in picked  # Biogen (Belgium)
    assert frozenset(("ctgov-hasselt-university", "ror-04nbhqj75")) in picked
    assert frozenset(("ctgov-novartis", "edgar-cik-1114448")) in picked


def test_a_city_written_longer_and_the_eus_country_codes_still_agree():
    frame = pd.DataFrame(
        [
            {"id": "basf", "name": "BASF", "country": "DE", "city": "Ludwigshafen"},
            {"id": "cordis-pic-1", "name": "BASF SE", "country": "DE", "city": ""},
            {"id": "x", "name": "Pfizer", "country": "GB", "city": "Sandwich"},
            {"id": "cordis-pic-2", "name": "PFIZER LIMITED", "country": "UK", "city": ""},
        ]
    ).assign(kind="", identifiers=[{}] * 4)
    frame.loc[1, "city"] = "Ludwigshafen am Rhein"
    frame.loc[3, "city"] = "Sandwich, Kent"
    records = prepare_records(frame)
    assert records["country"].tolist() == ["DE", "DE", "GB", "GB"]
    assert sure_pairs(records) == {
        frozenset(("basf", "cordis-pic-1")),
        frozenset(("x", "cordis-pic-2")),
    }
    frame.loc[1, "city"] = "Mannheim"
    assert frozenset(("basf", "cordis-pic-1")) not in sure_pairs(prepare_records(frame))


def test_and_company_is_no_legal_form():
    records = prepare_records(
        actors(
            ("msd", "Merck & Co. (MSD)", "US", "pharma"),
            ("edgar-cik-310158", "Merck & Co., Inc.", "", ""),
            ("merck-kgaa", "Merck KGaA", "DE", "pharma"),
        )
    )
    assert records["legal_form"].isna().tolist() == [True, False, False]
    assert records["legal_form"].tolist()[1:] == ["inc", "kgaa"]
    assert sure_pairs(records) == {frozenset(("msd", "edgar-cik-310158"))}
