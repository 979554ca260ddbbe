"""The figures the index's headline box computes (peerlib.present.index), on small inputs worked by hand."""

from __future__ import annotations

import math

from peerlib.core.weighting import sign_pattern
from peerlib.present.index import heaviest_study, pooled_with_one_scaled, signs_text


def test_the_heaviest_study_its_share_and_the_pool_without_it() -> None:
    heaviest = heaviest_study({"a": 2.0, "b": 0.5, "c": -1.0}, {"a": 10.0, "b": 30.0, "c": 60.0})
    assert heaviest.study_id == "c"
    assert math.isclose(heaviest.share, 60 / 100)
    assert math.isclose(heaviest.ratio_without, (2.0 * 10 + 0.5 * 30) / 40)  # 0.875
    assert math.isnan(heaviest_study({"a": 2.0}, {"a": 5.0}).ratio_without), "no pool is left without the only study"


def test_one_study_read_over_another_period_rescales_only_its_share_of_the_pool() -> None:
    # b's ratio doubled (24 months of follow-up read as 12): (2 x 1 + 0.5 x 2 x 3) / 4
    assert math.isclose(pooled_with_one_scaled({"a": 2.0, "b": 0.5}, {"a": 1.0, "b": 3.0}, "b", 2.0), 5 / 4)
    assert math.isclose(pooled_with_one_scaled({"a": 2.0, "b": 0.5}, {"a": 1.0, "b": 3.0}, "b", 1.0), 3.5 / 4)


def test_the_signs_in_words_leave_out_a_sign_no_ratio_has() -> None:
    assert signs_text(sign_pattern([3.0, 1.5, 0.5, 0.0, -2.0])) == (
        "two above 1, one between 0 and 1, one at 0, one below 0")
    assert signs_text(sign_pattern([1.0, 2.0])) == "one above 1, one between 0 and 1"  # exactly 1 does not pay
