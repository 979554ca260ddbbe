"""Sentences the reports share (peerlib.present.prose), from results and the vocabulary."""

from __future__ import annotations

import math

from peerlib.core.model import Model
from peerlib.present.prose import caseload_range_text

MODEL = Model.from_data()


def test_a_range_holding_every_break_even_says_so() -> None:
    assert caseload_range_text(MODEL.base_case(), 0, math.inf, MODEL.labels()) == (
        "every break-even caseload lies inside it")


def test_break_evens_outside_the_range_are_named_on_their_side() -> None:
    # Sledge et al. 2011 breaks even at 5.2 patients (below 10 to 20); Rivera et al. 2007 saves no bed-days (above).
    text = caseload_range_text(MODEL.base_case(), 10, 20, MODEL.labels())
    below, _, above = text.partition("; above it, so these do not pay at any caseload in the range: ")
    assert below.startswith("break-even caseloads below it, so these pay at any caseload in the range: ")
    assert "Sledge et al. 2011 (5.2)" in below and "Rivera" not in below
    assert "Rivera et al. 2007 (never)" in above and "Sledge" not in above
