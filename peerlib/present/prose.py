"""Sentences the reports share, written from results with the vocabulary of :mod:`peerlib.present.labels`."""

from __future__ import annotations

from collections.abc import Mapping

from peerlib.core.model import BaseCase
from peerlib.present.labels import formatted, outcome_label


def caseload_range_text(base: BaseCase, low: float, high: float, study_labels: Mapping[str, str]) -> str:
    """Which break-even caseloads lie outside the caseload range ``low`` to ``high``, and what that means."""
    below, above = base.break_evens_outside(low, high)

    def listed(caseloads: Mapping[str, float]) -> str:
        return ", ".join(f"{outcome_label(o, study_labels)} ({formatted(be, 'one')})" for o, be in caseloads.items())

    if not below and not above:
        return "every break-even caseload lies inside it"
    parts = []
    if below:
        parts.append("break-even caseloads below it, so these pay at any caseload in the range: " + listed(below))
    if above:
        parts.append("above it, so these do not pay at any caseload in the range: " + listed(above))
    return "; ".join(parts)
