"""The vocabulary in use (peerlib.present.labels): identifiers become the words a reader knows."""

from __future__ import annotations

import pandas as pd

from peerlib.present.labels import formula_name, outcome_names


def test_a_formula_names_its_inputs_in_words() -> None:
    assert formula_name("part_share_three_or_more", {}) == "share attending three sessions or more"
    assert formula_name("sledge2011.bed_days_peer", {"sledge2011": "Sledge et al. 2011"}) == (
        "Sledge et al. 2011: mean bed-days, peer arm")


def test_outcome_ids_become_names() -> None:
    frame = pd.DataFrame({"ratio": [1.0, 2.0]}, index=["sledge2011", "pooled_equal"])
    assert list(outcome_names(frame, {"sledge2011": "Sledge et al. 2011"}).index) == [
        "Sledge et al. 2011", "Pooled: equal weights"]
