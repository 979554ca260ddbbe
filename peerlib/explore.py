"""The explorer's one update step: every assumption a user can move, in; every figure shown, out.

The explorer notebook wires sliders to :func:`explore`; papermill, nbval and tests call the same
function with plain values, so what a slider shows is exactly what peerlib computes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peerlib import costs, crisis_house, ratios, studies, weighting
from peerlib.errors import ParameterError
from peerlib.paths import DATA_DIR


@dataclass(frozen=True)
class Exploration:
    costs: costs.CostAssumptions
    results: list[ratios.StudyResult]
    pooled: weighting.PooledRatio
    alternatives: pd.DataFrame
    leeds: crisis_house.CrisisHouseResult

    def table(self) -> pd.DataFrame:
        return ratios.results_table(self.results)[
            ["label", "caseload_per_fte", "bed_days_saved_per_fte_year", "benefit_cost_ratio", "break_even_caseload"]]


def explore(
    *,
    price_year: str | None = None,
    bed_day_cost_gbp: float | None = None,
    peer_worker_salary_gbp: float | None = None,
    employer_pension_rate: float | None = None,
    overhead_rate: float | None = None,
    caseloads: Mapping[str, float] | None = None,
    scheme: str = "sample_size",
    diversion_share: float | None = None,
    inpatient_days_per_visit: float | None = None,
    data_dir: Path = DATA_DIR,
) -> Exploration:
    """Recompute everything under the given assumptions; ``None`` keeps the value in ``data/``.

    Sums are given at the data's own price year (2011-12 for the studies) and then expressed at
    ``price_year``. ``caseloads`` maps a study id to patients per FTE (peer_fte = n_peer / caseload).
    """
    index = costs.load_price_index(data_dir)
    base = costs.load_cost_assumptions(data_dir).with_overrides(
        bed_day_cost_gbp=bed_day_cost_gbp, peer_worker_salary_gbp=peer_worker_salary_gbp,
        employer_pension_rate=employer_pension_rate, overhead_rate=overhead_rate)
    cost_assumptions = base.at_price_year(index, price_year) if price_year else base
    chosen = []
    for study in studies.load_studies(data_dir):
        caseload = (caseloads or {}).get(study.study_id)
        if caseload is not None:
            if caseload <= 0:
                raise ParameterError(f"caseload of {study.study_id}: expected a number greater than 0, "
                                     f"found {caseload!r}")
            study = study.with_values(peer_fte=study.n_peer / caseload, reason="caseload set in the explorer")
        chosen.append(study)
    results = [ratios.evaluate_study(s, cost_assumptions) for s in chosen]
    leeds_inputs = crisis_house.load_crisis_house_inputs(data_dir, price_year or None).with_overrides(
        diversion_share=diversion_share, inpatient_days_per_visit=inpatient_days_per_visit)
    return Exploration(cost_assumptions, results, weighting.pooled_ratio(results, scheme),
                       weighting.pooled_alternatives(results), crisis_house.evaluate_crisis_house(leeds_inputs))
