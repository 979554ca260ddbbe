"""Probabilistic sensitivity analysis: every uncertain input drawn (seeded), the one model evaluated once on the
arrays of draws."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.specs import ParameterSpec, draw_parameters
from peerlib.config import REPORT_DRAWS, SEED
from peerlib.core.model import Evaluation, Model, Value, evaluate
from peerlib.formatting import percent_text


@dataclass(frozen=True)
class PSAResult:
    """Probabilistic sensitivity analysis: the parameter draws and the model evaluated on them."""

    model: Model
    specs: Mapping[str, ParameterSpec]
    draws: Mapping[str, Value]
    evaluation: Evaluation
    n_draws: int
    seed: int
    base: Mapping[str, float] = field(default_factory=dict)  # the base-case outcomes

    @property
    def ratios(self) -> dict[str, npt.NDArray[np.float64]]:
        return {k: np.broadcast_to(np.asarray(v, dtype=float), (self.n_draws,))
                for k, v in self.evaluation.outcomes().items()}

    def furthest_pool(self, decision: str) -> str:
        """The pooled ratio whose P(ratio > 1) differs most from the decision's: the weighting that would change
        the answer most."""
        probability = self.summary()["probability_above_one"]
        pools = [o for o in probability.index if str(o).startswith("pooled_") and o != decision]
        return str(max(pools, key=lambda o: abs(probability[o] - probability[decision])))

    def net_benefit_gbp(self, outcome: str) -> npt.NDArray[np.float64]:
        return np.broadcast_to(np.asarray(self.evaluation.net_benefit_gbp(outcome), dtype=float), (self.n_draws,))

    def summary(self) -> pd.DataFrame:
        """Per outcome: base case, mean, median, 95 % interval, P(ratio > 1) and where the base case sits."""
        rows = []
        for outcome, r in self.ratios.items():
            low, median, high = np.quantile(r, [0.025, 0.5, 0.975])
            base = self.base[outcome]
            rows.append({"outcome": outcome, "base": base, "mean": float(r.mean()), "median": float(median),
                         "interval_low": float(low), "interval_high": float(high),
                         "probability_above_one": float(np.mean(r > 1)),
                         "base_percentile": float(np.mean(r < base) + 0.5 * np.mean(r == base))})
        return pd.DataFrame(rows).set_index("outcome")

    def describe(self) -> str:
        """P(ratio > 1) and the 95 % interval of each ratio over the draws."""
        return f"Over {self.n_draws:,} draws (seed {self.seed}): " + "; ".join(
            f"{o} {r.interval_low:.2f} to {r.interval_high:.2f}, P(ratio > 1) {percent_text(r.probability_above_one)}"
            for o, r in self.summary().iterrows()) + "."

    def parameter_summary(self) -> pd.DataFrame:
        """Each varying parameter: base, range, distribution, and the share of draws below the base value.

        A share of 0.5 means the base case sits at the centre (the median) of the distribution.
        """
        rows = []
        for name, spec in self.specs.items():
            if not spec.varies:
                continue
            draws = np.asarray(self.draws[name])
            rows.append({"parameter": name, "base": spec.base, "low": spec.low, "high": spec.high,
                         "distribution": spec.distribution, "base_percentile": float(np.mean(draws < spec.base)),
                         "status": spec.status, "source": spec.source, "reason": spec.reason})
        return pd.DataFrame(rows).set_index("parameter")

    def interval(self, outcome: str) -> tuple[float, float]:
        low, high = np.quantile(self.ratios[outcome], [0.025, 0.975])
        return float(low), float(high)


def probabilistic(
    model: Model, specs: Mapping[str, ParameterSpec], n_draws: int = REPORT_DRAWS, seed: int = SEED
) -> PSAResult:
    """Draw every parameter ``n_draws`` times (seeded) and evaluate the model once on the arrays."""
    draws = draw_parameters(specs, n_draws, seed)
    base = {k: float(v) for k, v in evaluate({n: s.base for n, s in specs.items()}, model.studies).outcomes().items()}
    return PSAResult(model, dict(specs), draws, evaluate(draws, model.studies), int(n_draws), seed, base)
