"""Structural scenarios: assumptions that are choices, not sampling error, run side by side.

A scenario (``data/scenarios.csv``) sets some parameters to other values (Landers & Zhou's
follow-up read as 12 months; support for six months) or leaves studies out of the pool (only the
studies with their own published effect). Each is run through the same model on the **same
probabilistic draws** as the base case, so the scenarios differ only by the choice they make.

Scenarios that answer one question form a group (``landers_followup``, ``support_months``,
``pooled_studies``); the base case is every group's first option. Each option has a weight, how
likely it is: as ``scenarios.csv`` gives it, otherwise the options of a group share what is left
equally (equally likely, an assumption stated in the report). The value of learning which option
of a group is true (its structural EVPPI) is
``sum over options of w x max(E[NB | option], 0) - max(sum over options of w x E[NB | option], 0)``.

Over **all scenarios together**, every combination of one option per group is run on the same
draws, weighted by the product of its options' weights: the decision's EVPI when structure is
uncertain too, the value of learning every structural answer, and P(ratio > 1) over them all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import product
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.psa import PSAResult
from peerlib.analysis.voi import evpi, evpi_standard_error
from peerlib.config import DATA_DIR
from peerlib.core.model import Model, evaluate
from peerlib.formatting import percent_text
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
class Together:
    """The decision over every combination of the groups' options, each weighted: structure uncertain too."""

    combinations: int
    evpi_gbp: float  # perfect information about every input and every structural answer
    evpi_se_gbp: float
    structural_evppi_gbp: float  # learning every structural answer, the inputs still uncertain
    probability_above_one: float
    mean_ratio: float


@dataclass(frozen=True)
class ScenarioAnalysis:
    """Every scenario of one decision, on the same draws, with the structural value of information."""

    decision: str
    outcomes: tuple[ScenarioOutcome, ...]  # the base case first
    structural_evppi_gbp: Mapping[str, float]  # group -> value of learning which of its options is true
    population: Population
    price_year: str
    together: Together | None = None
    weights: Mapping[str, float] = field(default_factory=dict)  # scenario id -> weight within its group (base: 1)

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
            f"{r.label} {percent_text(r.probability_above_one)}" for _, r in self.summary().iterrows()) + "."

    def structural_summary(self) -> pd.DataFrame:
        """One row per group: the value of learning which of its options is true, per FTE-year and nationally."""
        rows = [{"group": g, "options": "; ".join(f"{o.scenario.label} ({percent_text(self.option_weight(g, o))})"
                                                  for o in self.groups()[g]),
                 "evppi_gbp_per_fte_year": v, "evppi_gbp_population": v * self.population.factor}
                for g, v in self.structural_evppi_gbp.items()]
        return pd.DataFrame(rows).set_index("group")

    @property
    def n_draws(self) -> int:
        return len(self.outcomes[0].ratios)

    def option_weight(self, group: str, option: ScenarioOutcome) -> float:
        """How likely an option of ``group`` is (the base case is an option of every group)."""
        if option.scenario.scenario_id == BASE.scenario_id:
            return 1 - sum(self.weights[o.scenario.scenario_id] for o in self.groups()[group][1:])
        return self.weights[option.scenario.scenario_id]

    def groups(self) -> dict[str, list[ScenarioOutcome]]:
        """Each group's options: the base case, then its scenarios."""
        found: dict[str, list[ScenarioOutcome]] = {}
        for o in self.outcomes[1:]:
            found.setdefault(o.scenario.group, [self.outcomes[0]]).append(o)
        return found


def structural_evppi(net_benefits: Sequence[npt.NDArray[np.float64]], weights: Sequence[float] | None = None) -> float:
    """The value of learning which of several options is true (equally likely unless ``weights`` are given), the
    inputs still uncertain: ``sum w max(E[NB | option], 0) - max(sum w E[NB | option], 0)``."""
    means = np.array([float(np.mean(nb)) for nb in net_benefits])
    w = np.full(len(means), 1 / len(means)) if weights is None else np.asarray(weights, dtype=float)
    return float(np.sum(w * np.maximum(means, 0.0)) - max(float(np.sum(w * means)), 0.0))


def option_weights(scenarios: Sequence[Scenario]) -> dict[str, float]:
    """Each scenario's weight within its group: as given, else an equal share of what the given ones leave, shared
    with the base case (equal weights when none is given)."""
    weights: dict[str, float] = {}
    for group in dict.fromkeys(s.group for s in scenarios):
        members = [s for s in scenarios if s.group == group]
        given = sum(s.weight for s in members if s.weight is not None)
        unweighted = 1 + sum(1 for s in members if s.weight is None)  # the base case is an option too
        for s in members:
            weights[s.scenario_id] = s.weight if s.weight is not None else (1 - given) / unweighted
    return weights


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
    weights = option_weights(scenarios)
    analysis = ScenarioAnalysis(decision, tuple(outcomes), {}, population, psa.model.costs.price_year, None, weights)
    values = {g: structural_evppi([o.net_benefit_gbp for o in options],
                                  [analysis.option_weight(g, o) for o in options])
              for g, options in analysis.groups().items()}
    together = _together(psa, analysis, decision)
    return ScenarioAnalysis(decision, tuple(outcomes), values, population, psa.model.costs.price_year, together,
                            weights)


def _together(psa: PSAResult, analysis: ScenarioAnalysis, decision: str) -> Together:
    """Every combination of one option per group through the model on the same draws, weighted."""
    groups = analysis.groups()
    net, means, probability, mean_ratio = [], [], 0.0, 0.0
    weights = []
    for choice in product(*groups.values()):
        weight = float(np.prod([analysis.option_weight(g, o) for g, o in zip(groups, choice, strict=True)]))
        overrides = {k: v for o in choice for k, v in o.scenario.overrides.items()}
        excluded = {x for o in choice for x in o.scenario.exclude}
        model = psa.model.with_studies([s for s in psa.model.studies if s.study_id not in excluded])
        drawn = evaluate({**psa.draws, **overrides}, model.studies)
        ratios = np.broadcast_to(np.asarray(drawn.outcomes()[decision], dtype=float), (psa.n_draws,))
        nb = np.broadcast_to(np.asarray(drawn.net_benefit_gbp(decision), dtype=float), (psa.n_draws,))
        net.append(nb)
        means.append(float(np.mean(nb)))
        weights.append(weight)
        probability += weight * float(np.mean(ratios > 1))
        mean_ratio += weight * float(np.mean(ratios))
    w = np.asarray(weights)
    best = float(np.sum(w * np.asarray([np.mean(np.maximum(nb, 0.0)) for nb in net])))
    expected = float(np.sum(w * np.asarray(means)))
    # Each draw's loss of the choice made on the expected net benefit, mixed over the combinations by weight.
    mixture = np.concatenate([nb for nb in net]) if len(set(weights)) == 1 else None
    se = evpi_standard_error(mixture) if mixture is not None else float("nan")
    return Together(len(net), best - max(expected, 0.0), se, structural_evppi(net, weights), probability, mean_ratio)
