"""The same-name rule that merges name-only records automatically (bioregion.resolve.rules).

Runs on the real sample records (tests/data/resolve/records.csv) and on small frames
built to show one behaviour each.
"""

from __future__ import annotations

import pandas as pd
import pytest

from bioregion.resolve.match import prepare_records
from bioregion.resolve.rules import (
    GROUP_NAME_RULE,
    SAME_NAME_RULE,
    compatible,
    specific_name,
    sure_pairs,
    unqualified,
)


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
    assert sure_pairs(records) == dict.fromkeys(
        [
            frozenset(("ctgov-amgen", "amgen")),
            frozenset(("ctgov-amgen", "edgar-cik-318154")),
            frozenset(("amgen", "edgar-cik-318154")),
        ],
        SAME_NAME_RULE,
    )


PFIZER = (
    ("ctgov-pfizer", "Pfizer", "", ""),
    ("pfizer", "Pfizer", "US", "pharma"),
    ("edgar-cik-78003", "PFIZER INC", "", ""),
    ("cordis-pic-998133396", "PFIZER LIMITED", "GB", "other"),
)


def test_a_bare_name_joins_the_group_that_two_sources_agree_on():
    # The sponsor "Pfizer" fits Pfizer Inc (curated and EDGAR agree) and the UK company
    # (CORDIS alone): the same-name rule leaves it, the group rule links it to the group.
    picked = sure_pairs(prepare_records(actors(*PFIZER)))
    assert picked == {
        frozenset(("pfizer", "edgar-cik-78003")): SAME_NAME_RULE,
        frozenset(("ctgov-pfizer", "pfizer")): GROUP_NAME_RULE,
        frozenset(("ctgov-pfizer", "edgar-cik-78003")): GROUP_NAME_RULE,
    }
    assert not any("cordis-pic-998133396" in pair for pair in picked)


def test_two_groups_that_sources_agree_on_leave_the_bare_name_to_a_person():
    rival = (("ror-0aaaaaa00", "Pfizer", "GB", ""), ("ctgov-pfizer-uk", "Pfizer Ltd", "GB", ""))
    picked = sure_pairs(prepare_records(actors(*PFIZER, *rival)))
    assert not any("ctgov-pfizer" in pair for pair in picked)
    assert frozenset(("pfizer", "edgar-cik-78003")) in picked


def test_one_fitting_record_alone_is_the_group_and_a_unit_in_brackets_no_rival():
    records = prepare_records(
        actors(
            ("ctgov-gsk", "GlaxoSmithKline", "", ""),
            ("gsk", "GlaxoSmithKline (GSK)", "GB", "pharma"),
            ("ror-00n3pea85", "GlaxoSmithKline (Belgium)", "BE", ""),
        )
    )
    assert records["place_note"].tolist() == [False, False, True]
    assert [unqualified(r) for r in records.to_dict("records")] == [True, False, False]
    assert sure_pairs(records) == {frozenset(("ctgov-gsk", "gsk")): GROUP_NAME_RULE}
    # A sponsor's class (industry: a firm) leaves the name bare; a hospital would not fit.
    sponsor = actors(
        ("ctgov-gsk", "GlaxoSmithKline", "", "pharma"),
        ("gsk", "GlaxoSmithKline (GSK)", "GB", "pharma"),
        ("ror-00n3pea85", "GlaxoSmithKline (Belgium)", "BE", ""),
        ("ctgov-gsk--site", "GlaxoSmithKline", "US", "hospital"),
    )
    assert set(sure_pairs(prepare_records(sponsor))) == {frozenset(("ctgov-gsk", "gsk"))}
    # Without the brackets the Belgian record is a rival that no second source outweighs.
    plain = actors(
        ("ctgov-gsk", "GlaxoSmithKline", "", ""),
        ("gsk", "GlaxoSmithKline (GSK)", "GB", "pharma"),
        ("ror-00n3pea85", "GlaxoSmithKline", "BE", ""),
    )
    assert not sure_pairs(prepare_records(plain))


def test_a_legal_form_of_another_country_is_another_company():
    # A K.K. is Japanese; Inc. is no company form of the EU (but Alcon Inc. is Swiss).
    for left, right in [
        (
            ("astrazeneca", "AstraZeneca", "GB", "pharma"),
            ("ctgov-az-kk", "AstraZeneca K.K.", "", ""),
        ),
        (("cordis-pic-1", "AMGEN", "BE", ""), ("edgar-cik-318154", "AMGEN INC", "", "")),
    ]:
        assert not compatible(*prepare_records(actors(left, right)).to_dict("records"))
    swiss = (("alcon", "Alcon", "CH", "pharma"), ("edgar-cik-1167379", "Alcon Inc.", "", ""))
    assert compatible(*prepare_records(actors(*swiss)).to_dict("records"))


def test_words_in_another_order_are_the_same_name():
    records = prepare_records(
        actors(
            ("cordis-pic-999975911", "UNIVERSITEIT MAASTRICHT", "NL", "university"),
            ("ctgov-maastricht-university", "Maastricht University", "", ""),
        )
    )
    assert set(sure_pairs(records)) == {
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
    # The sponsor AstraZeneca joins the group (curated and EDGAR), not its Swedish AB.
    assert picked[frozenset(("ctgov-astrazeneca", "edgar-cik-901832"))] == GROUP_NAME_RULE
    assert frozenset(("ctgov-astrazeneca", "cordis-pic-999941379")) not in picked
    # A founder's initial and a university's governing body are not part of the name.
    assert frozenset(("ctgov-hoffmann-la-roche", "roche")) in picked
    legal = actors(
        ("cordis-1", "THE CHANCELLOR, MASTERS AND SCHOLARS OF THE UNIVERSITY OF OXFORD", "", ""),
        ("oxford", "University of Oxford", "", ""),
        ("edgar-cik-1", "Regents of the University of California", "", ""),
        ("ucal", "University of California", "", ""),
    )
    assert prepare_records(legal)["name_norm"].tolist() == [
        "university oxford",
        "university oxford",
        "university california",
        "university california",
    ]


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
    assert set(sure_pairs(records)) == {
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
    assert set(sure_pairs(records)) == {frozenset(("msd", "edgar-cik-310158"))}
