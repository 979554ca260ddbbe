"""Pooling study ratios: weighted means under several weighting schemes, leave-one-out, sign pattern.

The report pooled the six ratios as a mean weighted by each study's patient sample size
(``n_peer + n_control``); that is the default here. Equal weights and peer-FTE weights are shown
beside it because the choice of weights is itself an assumption.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peerlib.costs import CostAssumptions
from peerlib.errors import ParameterError
from peerlib.ratios import MONTHS_PER_YEAR, StudyResult, benefit_cost_ratio
from peerlib.studies import Study

WEIGHTING_SCHEMES: dict[str, str] = {
    "sample_size": "patients in both arms (the report's method)",
    "equal": "each study counts once",
    "peer_fte": "peer-worker FTE behind each study",
}


def weighted_mean(values: Sequence[float], weights: Sequence[float]) -> float:
    """Sum of weight x value over the sum of weights. Weights must be 0 or more, not all 0."""
    v = np.asarray(values, dtype=float)
    w = np.asarray(weights, dtype=float)
    if v.shape != w.shape or v.ndim != 1 or v.size == 0:
        raise ParameterError(f"need as many weights as values (got {w.size} weights, {v.size} values)")
    if np.any(w < 0) or not np.any(w > 0):
        raise ParameterError(f"weights must be 0 or more and not all 0, found {w.tolist()}")
    return float(np.dot(w, v) / w.sum())


def study_weights(results: Sequence[StudyResult], scheme: str) -> dict[str, float]:
    """Each study's weight under a scheme, keyed by study id."""
    if scheme == "sample_size":
        return {r.study_id: r.sample_size for r in results}
    if scheme == "equal":
        return {r.study_id: 1.0 for r in results}
    if scheme == "peer_fte":
        return {r.study_id: r.peer_fte for r in results}
    raise ParameterError(f"unknown weighting scheme {scheme!r}; expected one of {', '.join(WEIGHTING_SCHEMES)}")


@dataclass(frozen=True)
class PooledRatio:
    scheme: str
    benefit_cost_ratio: float
    weights: Mapping[str, float]
    price_year: str

    @property
    def sample_size(self) -> float:
        return sum(self.weights.values()) if self.scheme == "sample_size" else float("nan")


def pooled_ratio(results: Sequence[StudyResult], scheme: str = "sample_size") -> PooledRatio:
    """The weighted mean of the studies' benefit:cost ratios."""
    years = {r.price_year for r in results}
    if len(years) > 1:
        raise ParameterError(f"cannot pool ratios computed at different price years: {sorted(years)}")
    weights = study_weights(results, scheme)
    ratio = weighted_mean([r.benefit_cost_ratio for r in results], [weights[r.study_id] for r in results])
    return PooledRatio(scheme=scheme, benefit_cost_ratio=ratio, weights=weights, price_year=years.pop())


def pooled_alternatives(results: Sequence[StudyResult]) -> pd.DataFrame:
    """The pooled ratio under every weighting scheme, side by side."""
    return pd.DataFrame(
        [{"scheme": s, "weights": d, "benefit_cost_ratio": pooled_ratio(results, s).benefit_cost_ratio}
         for s, d in WEIGHTING_SCHEMES.items()]
    ).set_index("scheme")


def leave_one_out(results: Sequence[StudyResult], scheme: str = "sample_size") -> pd.DataFrame:
    """The pooled ratio with each study left out in turn, and how far that moves it."""
    if len(results) < 2:
        raise ParameterError("leave-one-out needs at least two studies")
    full = pooled_ratio(results, scheme).benefit_cost_ratio
    rows = []
    for r in results:
        rest = [other for other in results if other.study_id != r.study_id]
        ratio = pooled_ratio(rest, scheme).benefit_cost_ratio
        rows.append({"left_out": r.study_id, "benefit_cost_ratio": ratio, "change": ratio - full})
    return pd.DataFrame(rows).set_index("left_out")


@dataclass(frozen=True)
class SignPattern:
    """How many ratios lie above 1, between 0 and 1 (inclusive), and below 0."""

    above_one: int
    zero_to_one: int
    below_zero: int

    def __str__(self) -> str:
        return f"{self.above_one} above 1, {self.zero_to_one} between 0 and 1, {self.below_zero} below 0"


def sign_pattern(ratios: Sequence[float]) -> SignPattern:
    r = np.asarray(ratios, dtype=float)
    return SignPattern(int(np.sum(r > 1)), int(np.sum((r >= 0) & (r <= 1))), int(np.sum(r < 0)))


def caseload_factor_to_match(results: Sequence[StudyResult], target_ratio: float, scheme: str = "sample_size") -> float:
    """How many times larger every study's caseload would have to be for the pooled ratio to equal a target.

    Each ratio is proportional to its caseload (patients per FTE), so multiplying every caseload by k
    multiplies the pooled ratio by k under sample-size or equal weights. This explains a gap; it is
    not used to set any assumption.
    """
    if scheme not in ("sample_size", "equal"):
        raise ParameterError("the caseload factor is defined for sample-size or equal weights only")
    pooled = pooled_ratio(results, scheme).benefit_cost_ratio
    if pooled == 0:
        raise ParameterError("the pooled ratio is 0: no caseload factor reaches the target")
    return target_ratio / pooled


@dataclass(frozen=True)
class MetaAnalysis:
    """Inverse-variance pooling of bed-days saved per patient-year, fixed and random effects."""

    study_ids: tuple[str, ...]
    fixed_effect: float
    fixed_effect_se: float
    random_effects: float
    random_effects_se: float
    q: float
    tau_squared: float
    i_squared: float

    @property
    def k(self) -> int:
        return len(self.study_ids)


def meta_analysis(study_ids: Sequence[str], effects: Sequence[float], standard_errors: Sequence[float]) -> MetaAnalysis:
    """Fixed-effect and DerSimonian-Laird random-effects pooling, with Cochran's Q, tau² and I².

    ``effects`` must share a unit (here: bed-days saved per patient-year) and each needs a
    standard error above 0.
    """
    d = np.asarray(effects, dtype=float)
    se = np.asarray(standard_errors, dtype=float)
    if d.size == 0 or d.shape != se.shape or len(study_ids) != d.size:
        raise ParameterError("meta-analysis needs one effect and one standard error per study, and at least one study")
    if np.any(~np.isfinite(se)) or np.any(se <= 0):
        raise ParameterError(f"standard errors must be finite and above 0, found {se.tolist()}")
    w = 1 / se**2
    fixed = float(np.sum(w * d) / np.sum(w))
    q = float(np.sum(w * (d - fixed) ** 2))
    df = d.size - 1
    c = float(np.sum(w) - np.sum(w**2) / np.sum(w))
    tau_squared = max(0.0, (q - df) / c) if c > 0 else 0.0
    w_random = 1 / (se**2 + tau_squared)
    random = float(np.sum(w_random * d) / np.sum(w_random))
    i_squared = max(0.0, (q - df) / q) if q > 0 else 0.0
    return MetaAnalysis(tuple(study_ids), fixed, float(np.sqrt(1 / np.sum(w))), random,
                        float(np.sqrt(1 / np.sum(w_random))), q, tau_squared, i_squared)


def annual_delta_with_se(study: Study) -> tuple[float, float] | None:
    """Bed-days saved per patient-year and its standard error, for a study that publishes arm SDs."""
    if study.outcome_form != "mean_bed_days" or not {"sd_bed_days_peer", "sd_bed_days_control"} <= set(study.inputs):
        return None
    per_year = MONTHS_PER_YEAR / study.followup_months
    delta = study.value("bed_days_control") - study.value("bed_days_peer")
    se = math.sqrt(study.value("sd_bed_days_peer") ** 2 / study.n_peer
                   + study.value("sd_bed_days_control") ** 2 / study.n_control)
    return delta * per_year, se * per_year


@dataclass(frozen=True)
class PooledDelta:
    """The bed-day difference pooled first (per patient-year), then valued once."""

    meta: MetaAnalysis
    caseload_per_fte: float
    fixed_effect_ratio: float
    random_effects_ratio: float
    price_year: str


def pool_delta_then_value(studies: Sequence[Study], costs: CostAssumptions) -> PooledDelta | None:
    """Meta-analyse bed-days saved per patient-year over the studies with standard deviations, then
    value the pooled figure at the pooled caseload (all their peer-arm patients over all their FTE).

    None when no study publishes standard deviations.
    """
    usable = [(s, annual_delta_with_se(s)) for s in studies]
    pairs = [(s, d) for s, d in usable if d is not None]
    if not pairs:
        return None
    meta = meta_analysis([s.study_id for s, _ in pairs], [d[0] for _, d in pairs], [d[1] for _, d in pairs])
    caseload = sum(s.n_peer for s, _ in pairs) / sum(s.peer_fte for s, _ in pairs)

    def value(delta_per_year: float) -> float:
        return benefit_cost_ratio(delta_per_year * caseload, costs.bed_day_cost_gbp, costs.peer_worker_cost_gbp)

    return PooledDelta(meta, caseload, value(meta.fixed_effect), value(meta.random_effects), costs.price_year)
