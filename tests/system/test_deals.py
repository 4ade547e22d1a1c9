"""Deal keys (design note 5): a syndicated round counts once; rows between the same pair on
the same day count once; the two rules together; groups; rows without a start."""

import pandas as pd
import pytest

from bioregion.errors import ArgumentError
from bioregion.system._deals import check_unit, deal_keys


def ties(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["id", "kind", "source", "target", "start", "tags"])
    frame["start"] = pd.to_datetime(frame["start"])
    return frame


def test_a_syndicated_round_is_one_deal_whatever_its_tags():
    keys = deal_keys(
        ties(
            [
                ("r1", "equity_investment", "v1", "f", "2004-04-01", ("round_total",)),
                ("r2", "equity_investment", "v2", "f", "2004-04-01", ()),
                ("r3", "equity_investment", "v3", "f", "2004-04-01", ("round_total",)),
                ("r4", "equity_investment", "v1", "f", "2006-09-01", ()),  # next round
                ("r5", "equity_investment", "v1", "g", "2004-04-01", ()),  # other target
            ]
        )
    )
    assert keys.nunique() == 3
    assert keys.tolist()[:3] == ["2004-04-01|f+v1+v2+v3"] * 3
    assert keys[3] != keys[0] and keys[4] != keys[0]


def test_rows_between_a_pair_on_one_day_are_one_deal_in_either_direction():
    keys = deal_keys(
        ties(
            [
                ("lic", "licence", "a", "p", "2019-07-14", ()),
                ("eq", "equity_investment", "p", "a", "2019-07-14", ()),
                ("opt", "option", "p", "a", "2019-07-14", ()),
                ("later", "licence", "a", "p", "2019-07-15", ()),
                ("other", "licence", "a", "q", "2019-07-14", ()),
            ]
        )
    )
    assert keys.tolist() == [
        "2019-07-14|a+p",
        "2019-07-14|a+p",
        "2019-07-14|a+p",
        "2019-07-15|a+p",
        "2019-07-14|a+q",
    ]


def test_a_round_and_a_licence_signed_with_its_investor_that_day_are_one_deal():
    keys = deal_keys(
        ties(
            [
                ("r1", "equity_investment", "p", "f", "2010-01-05", ()),
                ("r2", "equity_investment", "v", "f", "2010-01-05", ()),
                ("lic", "licence", "f", "p", "2010-01-05", ()),
            ]
        )
    )
    assert set(keys) == {"2010-01-05|f+p+v"}


def test_non_equity_ties_with_one_target_on_one_day_are_not_a_round():
    keys = deal_keys(
        ties(
            [
                ("g1", "grant", "x", "f", "2010-01-05", ()),
                ("g2", "grant", "y", "f", "2010-01-05", ()),
            ]
        )
    )
    assert keys.nunique() == 2


def test_groups_join_a_parent_and_its_subsidiary():
    frame = ties(
        [
            ("lic", "licence", "sub", "a", "2018-12-03", ()),
            ("eq", "equity_investment", "parent", "a", "2018-12-03", ()),
        ]
    )
    assert deal_keys(frame).nunique() == 2
    grouped = deal_keys(frame, groups=pd.Series({"sub": "parent", "parent": "parent"}))
    assert set(grouped) == {"2018-12-03|a+parent"}


def test_a_row_without_a_start_is_a_deal_of_its_own_and_the_index_is_kept():
    frame = ties(
        [
            ("u1", "licence", "a", "p", None, ()),
            ("u2", "licence", "a", "p", None, ()),
        ]
    )
    frame.index = [10, 20]
    keys = deal_keys(frame)
    assert keys.to_dict() == {10: "|tie:u1", 20: "|tie:u2"}
    assert deal_keys(frame.iloc[:0]).empty


def test_check_unit():
    assert check_unit("deal") == "deal"
    with pytest.raises(ArgumentError, match="not a unit of count"):
        check_unit("row")
