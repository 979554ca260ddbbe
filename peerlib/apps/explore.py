"""The explorer's one update step: every assumption a user can move, in; every figure shown, out.

The explorer notebook wires sliders to :func:`explore`; papermill, nbval and tests call the same
function with plain values, so what a slider shows is exactly what peerlib computes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from peerlib.config import DATA_DIR
from peerlib.core import crisis_house
from peerlib.core.model import BaseCase, Model
from peerlib.core.weighting import check_scheme


@dataclass(frozen=True)
class Exploration:
    base: BaseCase
    scheme: str
    leeds: crisis_house.CrisisHouseResult

    @property
    def model(self) -> Model:
        return self.base.model

    def table(self) -> pd.DataFrame:
        return self.base.table()[["label", "break_even_caseload", "caseload", "bed_days_saved_per_fte_year",
                                  "benefit_cost_ratio"]]

    def pooled(self) -> pd.DataFrame:
        return pd.DataFrame([{"pooled": p.outcome_id, "benefit_cost_ratio": p.benefit_cost_ratio,
                              "break_even_caseload": p.break_even_caseload} for p in self.base.pooled]
                            ).set_index("pooled")


def explore(
    *,
    price_year: str | None = None,
    caseload: float | None = None,
    bed_day_cost_gbp: float | None = None,
    peer_worker_salary_gbp: float | None = None,
    employer_pension_rate: float | None = None,
    overhead_rate: float | None = None,
    scheme: str = "sample_size",
    diversion_share: float | None = None,
    inpatient_days_per_visit: float | None = None,
    data_dir: Path = DATA_DIR,
) -> Exploration:
    """Recompute everything under the given assumptions; ``None`` keeps the value in ``data/``.

    Sums are at ``price_year`` (the data's own when None). ``caseload`` is the number of patients
    one FTE peer worker supports at a time, shared by every study.
    """
    model = Model.from_data(data_dir, price_year=price_year, caseload=caseload, caseload_origin="explorer slider",
                            bed_day_cost_gbp=bed_day_cost_gbp, peer_worker_salary_gbp=peer_worker_salary_gbp,
                            employer_pension_rate=employer_pension_rate, overhead_rate=overhead_rate)
    leeds_inputs = crisis_house.load_crisis_house_inputs(data_dir, price_year or None).with_overrides(
        diversion_share=diversion_share, inpatient_days_per_visit=inpatient_days_per_visit)
    return Exploration(model.base_case(), check_scheme(scheme), crisis_house.evaluate_crisis_house(leeds_inputs))
