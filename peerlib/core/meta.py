"""Pooling the bed-day difference first: inverse-variance and DerSimonian-Laird meta-analysis.

Averaging ratios is the report's method. The usual alternative in evidence synthesis pools the
*effect* (bed-days saved per patient-year of support) weighting each study by the inverse of its
variance, then values the pooled effect once. It needs a standard error for each study, so only
studies that publish standard deviations of bed use can enter, and it needs at least two of them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from peerlib.config import MONTHS_PER_YEAR
from peerlib.formatting import percent_text
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.studies import Study

MINIMUM_STUDIES = 2  # with one study there is nothing to pool


@dataclass(frozen=True)
class MetaAnalysis:
    """Inverse-variance pooling of one effect, fixed and random effects (DerSimonian-Laird)."""

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

    def summary(self) -> pd.DataFrame:
        """Every figure of the pooling, indexed by name."""
        figures = {"k": float(self.k), **{k: v for k, v in vars(self).items() if k != "study_ids"}}
        return pd.DataFrame({"value": figures}).rename_axis("figure")

    def describe(self) -> str:
        """Both pooled effects with their standard errors, and how much the studies disagree."""
        return (f"{self.k} studies pooled by inverse variance: fixed effect {self.fixed_effect:.2f} (standard error "
                f"{self.fixed_effect_se:.2f}), random effects {self.random_effects:.2f} (standard error "
                f"{self.random_effects_se:.2f}); I² {percent_text(self.i_squared)}, tau² {self.tau_squared:.3g}.")


def meta_analysis(study_ids: Sequence[str], effects: Sequence[float], standard_errors: Sequence[float]) -> MetaAnalysis:
    """Fixed-effect and DerSimonian-Laird random-effects pooling, with Cochran's Q, tau² and I².

    ``effects`` must share a unit and each needs a standard error above 0.
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
    """Bed-days saved per patient-year of support, and its standard error, for a study with arm SDs."""
    if study.outcome_form != "mean_bed_days" or not {"sd_bed_days_peer", "sd_bed_days_control"} <= set(study.inputs):
        return None
    per_year = MONTHS_PER_YEAR / study.support_months
    delta = study.value("bed_days_control") - study.value("bed_days_peer")
    se = math.sqrt(study.value("sd_bed_days_peer") ** 2 / study.n_peer
                   + study.value("sd_bed_days_control") ** 2 / study.n_control)
    return delta * per_year, se * per_year


def studies_with_spread(studies: Sequence[Study]) -> list[Study]:
    """The studies that publish standard deviations of bed use, so can enter a meta-analysis."""
    return [s for s in studies if annual_delta_with_se(s) is not None]


@dataclass(frozen=True)
class PooledDelta:
    """The bed-day difference pooled first (per patient-year of support), then valued once.

    Valued at ``caseload`` patients per FTE at a time, a pooled effect of d bed-days per
    patient-year is d x caseload bed-days per FTE-year.
    """

    meta: MetaAnalysis
    caseload: float
    bed_day_cost_gbp: float
    peer_worker_cost_gbp: float
    price_year: str

    def ratio(self, delta_per_patient_year: float) -> float:
        return delta_per_patient_year * self.caseload * self.bed_day_cost_gbp / self.peer_worker_cost_gbp

    @property
    def fixed_effect_ratio(self) -> float:
        return self.ratio(self.meta.fixed_effect)

    @property
    def random_effects_ratio(self) -> float:
        return self.ratio(self.meta.random_effects)

    def summary(self) -> pd.DataFrame:
        """The pooled effect (bed-days saved per patient-year), its standard error and the ratio it is worth, for
        the fixed-effect and the random-effects pooling."""
        m = self.meta
        return pd.DataFrame({
            "delta_per_patient_year": [m.fixed_effect, m.random_effects],
            "delta_se": [m.fixed_effect_se, m.random_effects_se],
            "benefit_cost_ratio": [self.fixed_effect_ratio, self.random_effects_ratio],
        }, index=pd.Index(["fixed_effect", "random_effects"], name="pooling"))

    def describe(self) -> str:
        """The two ratios the pooled bed-day difference is worth, and over how many studies."""
        return (f"Bed-days saved per patient-year pooled over {self.meta.k} studies, then valued at a caseload of "
                f"{self.caseload:g}: {self.fixed_effect_ratio:.2f} : 1 (fixed effect), "
                f"{self.random_effects_ratio:.2f} : 1 (random effects).")


def pool_delta_then_value(
    studies: Sequence[Study], caseload: float, bed_day_cost_gbp: float, peer_worker_cost_gbp: float, price_year: str
) -> PooledDelta | None:
    """Meta-analyse bed-days saved per patient-year over the studies with standard deviations, then value
    the pooled figure at the shared caseload. None when fewer than :data:`MINIMUM_STUDIES` publish them.
    """
    usable = studies_with_spread(studies)
    if len(usable) < MINIMUM_STUDIES:
        return None
    pairs = [(s.study_id, annual_delta_with_se(s)) for s in usable]
    meta = meta_analysis([i for i, _ in pairs], [d[0] for _, d in pairs if d], [d[1] for _, d in pairs if d])
    return PooledDelta(meta, caseload, bed_day_cost_gbp, peer_worker_cost_gbp, price_year)
