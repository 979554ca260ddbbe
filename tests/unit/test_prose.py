"""Sentences the reports share (peerlib.present.prose), from results and the vocabulary."""

from __future__ import annotations

import math

from peerlib.core.model import Model
from peerlib.present.prose import caseload_ranges_text, caseloads_text
from tests.conftest import FROZEN_DATA

MODEL = Model.from_data(FROZEN_DATA)


def test_ranges_holding_every_break_even_say_so() -> None:
    wide = {"caseload": (0.0, math.inf), "caseload_group": (0.0, math.inf)}
    assert caseload_ranges_text(MODEL.base_case(), wide, MODEL.labels()) == (
        "every break-even caseload lies inside its range")


def test_break_evens_outside_their_own_range_are_named_on_their_side() -> None:
    # One-to-one 10 to 20: Sledge et al. 2011 breaks even at 5.2 patients (below); Rivera et al. 2007 saves no
    # bed-days (above). In groups 100 to 200: Landers & Zhou 2011 breaks even at 62.2 (below its range, though
    # inside the one-to-one one). A pooled break-even is set against the widest span, 10 to 200.
    ranges = {"caseload": (10.0, 20.0), "caseload_group": (100.0, 200.0)}
    text = caseload_ranges_text(MODEL.base_case(), ranges, MODEL.labels())
    below, _, above = text.partition("; above it, so these do not pay at any caseload in it: ")
    assert below.startswith("break-even caseloads below their range, so these pay at any caseload in it: ")
    assert "Sledge et al. 2011 (5.2)" in below and "Landers & Zhou 2011 (62.2)" in below and "Rivera" not in below
    assert "Rivera et al. 2007 (never)" in above and "Sledge" not in above


def test_caseloads_in_words() -> None:
    assert caseloads_text(MODEL.staffing) == "12.6 one-to-one and 45.5 in groups"
    assert caseloads_text(MODEL.with_caseload(30.0).staffing) == "30"
