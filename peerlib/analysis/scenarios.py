"""Structural scenarios: assumptions that are choices, not sampling error, run side by side.

A scenario (``data/scenarios.csv``) sets some parameters to other values (Landers & Zhou's
follow-up read as 12 months; support for six months) or leaves studies out of the pool (only the
studies with their own published effect). Each is run through the same model on the **same
probabilistic draws** as the base case, so the scenarios differ only by the choice they make.

Scenarios that answer one question form a group (``landers_followup``, ``support_months``,
``pooled_studies``); the base case is every group's first option. The value of learning which
option of a group is true (its structural EVPPI) takes the options as equally likely, an
assumption stated in the report:
``mean over options of max(E[NB | option], 0) - max(mean over options of E[NB | option], 0)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.sensitivity import PSAResult
from peerlib.analysis.voi import evpi
from peerlib.config import DATA_DIR
from peerlib.core.model import Model, evaluate
from peerlib.inputs.population import Population
from peerlib.inputs.scenarios import BASE, Scenario
from peerlib.inputs.scenarios import load_scenarios as read_scenarios


def load_scenarios(model: Model, data_dir: Path = DATA_DIR) -> list[Scenario]:
    """The scenarios of ``scenarios.csv``, each row checked against ``model``'s parameters and studies."""
    return read_scenarios(model.parameters(), model.study_ids, data_dir)


@dataclass(frozen=True)
class ScenarioOutcome:
    """The decision's ratio under one scenario: its base case and its draws, with the net benefit."""

    scenario: Scenario
    base_ratio: float
    ratios: npt.NDArray[np.float64]
    net_benefit_gbp: npt.NDArray[np.float64]

    @property
    def evpi_gbp(self) -> float:
        return evpi(self.net_benefit_gbp)


@dataclass(frozen=True)
class ScenarioAnalysis:
    """Every scenario of one decision, on the same draws, with the structural value of information."""

    decision: str
    outcomes: tuple[ScenarioOutcome, ...]  # the base case first
    structural_evppi_gbp: Mapping[str, float]  # group -> value of learning which of its options is true
    population: Population
    price_year: str

    def summary(self) -> pd.DataFrame:
        """One row per scenario: base-case ratio, mean, 95 % interval, P(ratio > 1), EVPI per FTE-year, nationally."""
        rows = []
        for o in self.outcomes:
            low, high = np.quantile(o.ratios, [0.025, 0.975])
            rows.append({"scenario": o.scenario.scenario_id, "label": o.scenario.label, "group": o.scenario.group,
                         "base": o.base_ratio, "mean": float(o.ratios.mean()), "interval_low": float(low),
                         "interval_high": float(high), "probability_above_one": float(np.mean(o.ratios > 1)),
                         "evpi_gbp_per_fte_year": o.evpi_gbp,
                         "evpi_gbp_population": o.evpi_gbp * self.population.factor})
        return pd.DataFrame(rows).set_index("scenario")

    def describe(self) -> str:
        """P(ratio > 1) of the decision under each scenario."""
        return f"P(ratio > 1) of {self.decision}: " + "; ".join(
            f"{r.label} {r.probability_above_one:.0%}" for _, r in self.summary().iterrows()) + "."

    def structural_summary(self) -> pd.DataFrame:
        """One row per group: the value of learning which of its options is true, per FTE-year and nationally."""
        rows = [{"group": g, "options": "; ".join([BASE.label] + [o.scenario.label for o in self.outcomes
                                                                  if o.scenario.group == g]),
                 "evppi_gbp_per_fte_year": v, "evppi_gbp_population": v * self.population.factor}
                for g, v in self.structural_evppi_gbp.items()]
        return pd.DataFrame(rows).set_index("group")

    def groups(self) -> dict[str, list[ScenarioOutcome]]:
        """Each group's options: the base case, then its scenarios."""
        found: dict[str, list[ScenarioOutcome]] = {}
        for o in self.outcomes[1:]:
            found.setdefault(o.scenario.group, [self.outcomes[0]]).append(o)
        return found


def structural_evppi(net_benefits: Sequence[npt.NDArray[np.float64]]) -> float:
    """The value of learning which of several equally likely options is true, others still uncertain."""
    means = np.array([float(np.mean(nb)) for nb in net_benefits])
    return float(np.mean(np.maximum(means, 0.0)) - max(float(means.mean()), 0.0))


def run_scenarios(
    psa: PSAResult, scenarios: Sequence[Scenario], decision: str, population: Population
) -> ScenarioAnalysis:
    """Each scenario through the model on the probabilistic draws of ``psa``; the base case first."""
    base_params = {name: spec.base for name, spec in psa.specs.items()}
    outcomes = []
    for scenario in (BASE, *scenarios):
        kept = [s for s in psa.model.studies if s.study_id not in scenario.exclude]
        model = psa.model.with_studies(kept)
        drawn = evaluate({**psa.draws, **scenario.overrides}, model.studies)
        base = evaluate({**base_params, **scenario.overrides}, model.studies)
        ratios = np.broadcast_to(np.asarray(drawn.outcomes()[decision], dtype=float), (psa.n_draws,)).copy()
        net = np.broadcast_to(np.asarray(drawn.net_benefit_gbp(decision), dtype=float), (psa.n_draws,)).copy()
        outcomes.append(ScenarioOutcome(scenario, float(base.outcomes()[decision]), ratios, net))
    analysis = ScenarioAnalysis(decision, tuple(outcomes), {}, population, psa.model.costs.price_year)
    values = {g: structural_evppi([o.net_benefit_gbp for o in options]) for g, options in analysis.groups().items()}
    return ScenarioAnalysis(decision, tuple(outcomes), values, population, psa.model.costs.price_year)
