"""Sentences the reports share, written from results with the vocabulary of :mod:`peerlib.present.labels`."""

from __future__ import annotations

from collections.abc import Mapping

from peerlib.core.model import BaseCase
from peerlib.formatting import formatted
from peerlib.inputs.studies import CASELOAD, CASELOAD_GROUP, Staffing
from peerlib.present.labels import outcome_label


def _outside(base: BaseCase, ranges: Mapping[str, tuple[float, float]]) -> tuple[dict[str, float], dict[str, float]]:
    """The break-even caseloads below and above the range of their own way of delivering support (``ranges``:
    caseload parameter -> (low, high)), by outcome; a pooled break-even, a caseload common to every study, against
    the widest span."""
    below: dict[str, float] = {}
    above: dict[str, float] = {}
    for study in base.studies:
        if study.break_even_caseload is None:
            continue
        low, high = ranges[base.model.study(study.study_id).caseload_parameter]
        if study.break_even_caseload < low:
            below[study.study_id] = study.break_even_caseload
        elif study.break_even_caseload > high:
            above[study.study_id] = study.break_even_caseload
    span = (min(low for low, _ in ranges.values()), max(high for _, high in ranges.values()))
    for pooled in base.pooled:
        if pooled.break_even_caseload < span[0]:
            below[pooled.outcome_id] = pooled.break_even_caseload
        elif pooled.break_even_caseload > span[1]:
            above[pooled.outcome_id] = pooled.break_even_caseload
    return below, above


def caseload_ranges_text(base: BaseCase, ranges: Mapping[str, tuple[float, float]],
                         study_labels: Mapping[str, str]) -> str:
    """Which break-even caseloads lie outside the range of their own way of delivering support, in one sentence
    (see :func:`_outside`)."""
    below, above = _outside(base, ranges)

    def listed(caseloads: Mapping[str, float]) -> str:
        return ", ".join(f"{outcome_label(o, study_labels)} ({formatted(be, 'one')})" for o, be in caseloads.items())

    if not below and not above:
        return "every break-even caseload lies inside its range"
    parts = []
    if below:
        parts.append("break-even caseloads below their range, so these pay at any caseload in it: " + listed(below))
    if above:
        parts.append("above it, so these do not pay at any caseload in it: " + listed(above))
    return "; ".join(parts)


def caseloads_text(staffing: Staffing) -> str:
    """The caseload of each way of delivering support, as a reader says it: "12.6 one-to-one and 45.5 in groups"
    (one figure when they are the same, as when a user sets one caseload for every study)."""
    values = staffing.parameters()
    if values[CASELOAD] == values[CASELOAD_GROUP]:
        return f"{values[CASELOAD]:g}"
    return f"{values[CASELOAD]:g} one-to-one and {values[CASELOAD_GROUP]:g} in groups"


def caseload_ranges_markdown(base: BaseCase, ranges: Mapping[str, tuple[float, float]],
                             study_labels: Mapping[str, str]) -> str:
    """Which break-even caseloads lie outside their range, as a lead sentence and a bullet each, for a summary read
    aloud (see :func:`_outside`)."""
    below, above = _outside(base, ranges)
    if not below and not above:
        return "Every break-even caseload lies inside its range."
    lines = [f"* {outcome_label(o, study_labels)}: {formatted(be, 'one')}, {side}"
             for caseloads, side in ((below, "below"), (above, "above")) for o, be in caseloads.items()]
    return ("Break-even caseloads outside their range. Below it, the ratio exceeds 1 at any caseload in the range; "
            "above it, at none.\n\n" + "\n".join(lines))
