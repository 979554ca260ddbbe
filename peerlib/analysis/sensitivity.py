"""How fragile is each ratio? One-way, two-way, threshold, probabilistic and acceptability analysis.

Everything here runs the one model, :func:`peerlib.core.model.evaluate`, on arrays: a one-way
analysis is one evaluation of every parameter at its low and high value side by side, a two-way
chart one evaluation of a grid, a probabilistic analysis one evaluation of 10⁶ draws.

Uncertainty comes from ``data/uncertainty.csv`` (sourced ranges and stated assumptions), from a
study's own standard deviations where it publishes them, from the binomial spread of a count of
people admitted, and otherwise from a stated default (:data:`DEFAULT_RELATIVE_RANGE`). Assumptions
shared by every study (the unit costs, ``caseload``) are single parameters, so each probabilistic
draw uses one value of each for every study; only study inputs are drawn per study.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.config import DATA_DIR, REPORT_DRAWS, SEED
from peerlib.core.model import (
    EFFECT_SCALE,
    Evaluation,
    Model,
    bounded_by_one,
    evaluate,
    setting,
)
from peerlib.inputs.errors import DataError
from peerlib.inputs.sourced import check_parameter
from peerlib.inputs.studies import (
    CASELOAD,
    CASELOADS,
    EVIDENCE_GRADES,
    FTE_HOURS,
    NOT_SIGNIFICANT,
    STAFFING_FILE,
    STUDY_INPUTS_FILE,
    Study,
)
from peerlib.inputs.uncertainty import GRADE_PREFIX, UNCERTAINTY_FILE, UncertaintyRow, load_uncertainty
from peerlib.inputs.unit_costs import COST_ITEMS, UNIT_COSTS_FILE

# A difference in bed-days: where one of these has a range of its own, it states the study's whole effect.
EFFECT_DIFFERENCES = ("bed_days_saved_total", "bed_days_saved_per_patient", "bed_days_saved_per_fte_year")
DEFAULT_RELATIVE_RANGE = 0.2  # an input with no stated range varies by this fraction either side, uniformly
Z_95 = 1.959963984540054  # a 95 % interval spans 2 x 1.96 standard errors

Value = Any  # a float or a numpy array


@dataclass(frozen=True)
class ParameterSpec:
    """One uncertain input: its base value, its one-way range and its probabilistic distribution.

    For gamma, normal and beta the distribution has mean ``base`` and standard error
    ``(high - low) / (2 x 1.96)``; uniform and log-uniform run from ``low`` to ``high``.
    """

    name: str
    base: float
    low: float
    high: float
    distribution: str
    source: str
    scale: float = 1.0  # beta only: draws are scale x a proportion (a count of people out of `scale`)
    status: str = "assumption"  # of the range: published (e.g. a confidence interval), derived or assumption
    reason: str = ""

    @property
    def standard_error(self) -> float:
        return (self.high - self.low) / (2 * Z_95)

    @property
    def varies(self) -> bool:
        return self.distribution != "fixed" and self.low != self.high

    def draw(self, rng: np.random.Generator, n: int) -> float | npt.NDArray[np.float64]:
        """``n`` draws; a fixed parameter returns its base value, a scalar, without using the generator."""
        if not self.varies:
            return self.base
        se = self.standard_error
        if self.distribution == "gamma":
            shape = (self.base / se) ** 2
            return rng.gamma(shape, se**2 / self.base, n)
        if self.distribution == "normal":
            return rng.normal(self.base, se, n)
        if self.distribution == "beta":
            mean, se = self.base / self.scale, se / self.scale
            common = mean * (1 - mean) / se**2 - 1
            return self.scale * rng.beta(mean * common, (1 - mean) * common, n)
        if self.distribution == "uniform":
            return rng.uniform(self.low, self.high, n)
        return np.exp(rng.uniform(math.log(self.low), math.log(self.high), n))


def effect_scale_spec(
    name: str, study: Study, uncertainty: Mapping[str, UncertaintyRow], data_dir: Path = DATA_DIR
) -> ParameterSpec:
    """How far a study's true effect may lie from its figure, as a multiple of it (base 1).

    Fixed where the study's own figures carry its spread (the grade's rule is ``fixed``: the spread comes from
    its standard deviations or counts) or where its whole effect has a range of its own in uncertainty.csv;
    otherwise its grade's rule, widened to the not-significant rule where the study found its effect not
    significant. A study whose own figures carry its spread takes that spread alone: the not-significant rule
    is never applied on top of it, or the effect would carry two spreads at once.
    """
    own = [i for i in EFFECT_DIFFERENCES if f"{study.study_id}.{i}" in uncertainty]
    if own:
        return ParameterSpec(name, 1.0, 1.0, 1.0, "fixed", "", reason=f"the study's effect has a range of its own "
                             f"({UNCERTAINTY_FILE}, {study.study_id}.{own[0]})")
    grade = study.evidence_grade
    if grade not in EVIDENCE_GRADES:  # a figure given with its own range (a commissioner's own), not from data/
        return ParameterSpec(name, 1.0, 1.0, 1.0, "fixed", "", reason="no grade of evidence: the figure's own range")
    rule = uncertainty[f"{GRADE_PREFIX}{grade}"]
    label = EVIDENCE_GRADES[grade]
    own_spread = rule.distribution == "fixed"  # the study's own figures carry its spread
    if study.effect_significant == "no" and not own_spread:
        wider = uncertainty[f"{GRADE_PREFIX}{NOT_SIGNIFICANT}"]
        if wider.high - wider.low > rule.high - rule.low:
            rule, label = wider, f"{label}; not significant"
    if rule.distribution == "fixed":
        return ParameterSpec(name, 1.0, 1.0, 1.0, "fixed", rule.source, status=rule.status,
                             reason=f"{label}: {rule.reason}")
    return ParameterSpec(name, 1.0, rule.low, rule.high, rule.distribution, rule.source, status=rule.status,
                         reason=f"{label}: {rule.reason}")


def _base_file(name: str) -> str:
    if name in COST_ITEMS:
        return UNIT_COSTS_FILE
    if name in (*CASELOADS, FTE_HOURS):
        return STAFFING_FILE
    return STUDY_INPUTS_FILE


def parameter_specs(
    model: Model, uncertainty: Mapping[str, UncertaintyRow], data_dir: Path = DATA_DIR
) -> dict[str, ParameterSpec]:
    """A spec for every parameter of the model.

    Precedence: an exact row of uncertainty.csv; a study's own standard deviation (normal, with
    standard error SD / sqrt(n)); counts of people admitted (beta on the share admitted); a
    ``*.input`` row; the stated default of plus or minus :data:`DEFAULT_RELATIVE_RANGE`.

    An absolute range must contain the value in ``data/`` it describes (otherwise the files
    disagree, and the error names both). Money ranges are at the data's price year and move with
    the model's. Where the model's value was changed from the data's (a notebook parameter, a
    command-line option), an absolute range moves with it in proportion, and its source says so.
    """
    specs = {}
    base = model.parameters()
    reference = model.reference_parameters()
    for name, value in base.items():
        study_id, _, item = name.rpartition(".")
        study = model.study(study_id) if study_id else None
        if item == EFFECT_SCALE and study is not None:
            specs[name] = effect_scale_spec(name, study, uncertainty, data_dir)
            continue
        row = uncertainty.get(name)
        sd_rule = _standard_error_rule(base, study_id, item) if study is not None else None
        if row is None and sd_rule is None and study_id and not item.startswith("admitted_"):
            row = uncertainty.get(f"*.{item}")
        if row is not None:
            specs[name] = _spec_from_row(name, value, reference[name], row, model.price_factor, data_dir)
            if name in CASELOADS:
                _check_centred(name, reference[name], row, data_dir)
        elif sd_rule is not None:
            specs[name] = ParameterSpec(name, value, value - Z_95 * sd_rule, value + Z_95 * sd_rule, "normal",
                                        "the study's own standard deviation: standard error = SD / sqrt(n)",
                                        status="derived")
        elif item in ("admitted_peer", "admitted_control") and study is not None:
            # A count out of n: the share admitted is a proportion, drawn from a beta distribution
            # with the binomial standard error sqrt(p (1 - p) / n).
            n = base[f"{study_id}.n_{item.removeprefix('admitted_')}"]
            se_count = math.sqrt(value * (n - value) / n)
            specs[name] = ParameterSpec(name, value, max(0.0, value - Z_95 * se_count),
                                        min(n, value + Z_95 * se_count), "beta",
                                        "binomial: the share admitted, with standard error sqrt(p(1-p)/n)",
                                        scale=n, status="derived")
        else:
            low, high = sorted((value * (1 - DEFAULT_RELATIVE_RANGE), value * (1 + DEFAULT_RELATIVE_RANGE)))
            specs[name] = ParameterSpec(name, value, low, high, "uniform", "",
                                        reason=f"stated default: plus or minus {DEFAULT_RELATIVE_RANGE:.0%}, uniformly")
    return specs


def _spec_from_row(
    name: str, value: float, reference: float, row: UncertaintyRow, price_factor: float, data_dir: Path
) -> ParameterSpec:
    if row.relative:
        low, high = sorted((value * row.low, value * row.high))
        return ParameterSpec(name, value, low, high, row.distribution, row.source, status=row.status,
                             reason=row.reason)
    money = name.endswith("_gbp") and name in COST_ITEMS
    factor = price_factor if money else 1.0
    low, high = row.low * factor, row.high * factor
    tolerance = 1e-9 * max(1.0, abs(reference))
    if not low - tolerance <= reference <= high + tolerance and row.distribution != "fixed":
        raise DataError(data_dir / UNCERTAINTY_FILE, f"the range of {name} does not contain its value in "
                        f"{_base_file(name)} ({reference / factor:,.6g})", line=row.line, column="low",
                        expected=f"a range from low to high around {reference / factor:,.6g}, or edit both files "
                                 "together", found=f"{row.low:,.6g} to {row.high:,.6g}")
    reason = row.reason
    if not math.isclose(value, reference, rel_tol=1e-12) and reference != 0:
        moved = value / reference
        low, high = low * moved, high * moved
        if bounded_by_one(name):
            low, high = min(low, 1.0), min(high, 1.0)
        reason += f" (range moved with the value set here, x {moved:.3g})"
    return ParameterSpec(name, value, low, high, row.distribution, row.source, status=row.status, reason=reason)


def _check_centred(name: str, reference: float, row: UncertaintyRow, data_dir: Path) -> None:
    """A caseload's base value is the centre of its range (the geometric mean on a log scale), to one decimal."""
    centre = math.sqrt(row.low * row.high) if row.distribution == "loguniform" else (row.low + row.high) / 2
    if abs(reference - centre) > 0.05 + 1e-9:
        raise DataError(data_dir / UNCERTAINTY_FILE, f"{name} in {STAFFING_FILE} ({reference:g}) is not the centre of "
                        "its range", line=row.line, column="low", expected=f"a range centred on {reference:g}, or "
                        f"{centre:.1f} in {STAFFING_FILE}", found=f"{row.low:g} to {row.high:g}")


def _standard_error_rule(base: Mapping[str, float], study_id: str, item: str) -> float | None:
    """The standard error of an arm's mean bed-days, where the study gives its SD."""
    arms = {"bed_days_peer": ("sd_bed_days_peer", "n_peer"), "bed_days_control": ("sd_bed_days_control", "n_control")}
    if item not in arms or f"{study_id}.{arms[item][0]}" not in base:
        return None
    sd_name, n_name = arms[item]
    return base[f"{study_id}.{sd_name}"] / math.sqrt(base[f"{study_id}.{n_name}"])


def load_specs(model: Model, data_dir: Path = DATA_DIR) -> dict[str, ParameterSpec]:
    """The specs of every parameter of ``model`` from ``data_dir``'s uncertainty.csv."""
    return parameter_specs(model, load_uncertainty(data_dir), data_dir)


# --- One-way --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OneWayResult:
    """Each varying parameter at its low and high value, the others at base: one row per (outcome, parameter)."""

    table: pd.DataFrame

    def summary(self, outcome: str | None = None) -> pd.DataFrame:
        table = self.table if outcome is None else self.table[self.table["outcome"] == outcome]
        return table.reset_index(drop=True)

    def describe(self, outcome: str | None = None) -> str:
        """The input that moves the ratio most (of ``outcome``, or of any), and between which ratios."""
        table = self.summary(outcome)
        if table.empty:
            return "No input moves the ratio within its range."
        top = table.loc[table["swing"].idxmax()]
        return (f"{top['parameter']} moves the ratio of {top['outcome']} most: from {top['ratio_low']:.2f} at its "
                f"low value to {top['ratio_high']:.2f} at its high value (base {top['base_ratio']:.2f}).")


def one_way(model: Model, specs: Mapping[str, ParameterSpec]) -> OneWayResult:
    """Every varying parameter at its low and its high value, in one evaluation of the model.

    Columns: ``outcome`` (a study id or a pooled id), ``parameter``, ``low``, ``high``,
    ``ratio_low``, ``ratio_high``, ``base_ratio`` and ``swing`` (the absolute difference).
    """
    varying = [name for name, spec in specs.items() if spec.varies]
    base = {name: spec.base for name, spec in specs.items()}
    columns: dict[str, Value] = dict(base)
    for i, name in enumerate(varying):
        values = np.full(2 * len(varying), base[name])
        values[2 * i], values[2 * i + 1] = specs[name].low, specs[name].high
        columns[name] = values
    base_out = evaluate(base, model.studies).outcomes()
    swung = evaluate(columns, model.studies).outcomes() if varying else {}
    rows = []
    for outcome, base_ratio in base_out.items():
        at = np.broadcast_to(np.asarray(swung.get(outcome, base_ratio), dtype=float), (2 * len(varying),))
        for i, name in enumerate(varying):
            low, high = float(at[2 * i]), float(at[2 * i + 1])
            if low == float(base_ratio) == high:
                continue  # this parameter does not touch this outcome
            rows.append({"outcome": outcome, "parameter": name, "low": specs[name].low, "high": specs[name].high,
                         "ratio_low": low, "ratio_high": high, "base_ratio": float(base_ratio),
                         "swing": abs(high - low)})
    frame = pd.DataFrame(rows, columns=["outcome", "parameter", "low", "high", "ratio_low", "ratio_high",
                                        "base_ratio", "swing"])
    frame = frame.sort_values(["outcome", "swing"], ascending=[True, False], kind="stable").reset_index(drop=True)
    return OneWayResult(frame)


# --- Thresholds -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThresholdResult:
    """For each varying parameter and outcome, the value at which the ratio is 1 (others at base)."""

    table: pd.DataFrame
    outcome_order: tuple[str, ...] = ()  # the model's: the studies, then the pooled ratios

    def summary(self) -> pd.DataFrame:
        """Sorted by outcome (in the model's order), then by how close the threshold is to the base value (the most
        fragile first)."""
        table = self.table.copy()
        with np.errstate(divide="ignore", invalid="ignore"):
            table["distance"] = np.abs(np.log(np.abs(table["threshold"] / table["base"])))
        order = list(self.outcome_order) or sorted(table["outcome"].unique())
        table["order"] = table["outcome"].map({o: i for i, o in enumerate(order)})
        table = table.sort_values(["order", "distance"], kind="stable", na_position="last")
        return table.drop(columns=["distance", "order"]).reset_index(drop=True)

    def describe(self) -> str:
        """How many (outcome, input) pairs reach a ratio of 1 within the search, of how many."""
        finite = int(np.isfinite(self.table["threshold"]).sum())
        return f"{finite} of {len(self.table)} (ratio, input) pairs reach a ratio of 1 with the other inputs at base."


def times_base(threshold: npt.ArrayLike, base: npt.ArrayLike) -> np.ndarray:
    """How many times its base value an input must be for the ratio to be 1: NaN where that says nothing (no
    threshold, or a threshold or base value of zero or below)."""
    threshold, base = np.asarray(threshold, dtype=float), np.asarray(base, dtype=float)
    crosses = np.isfinite(threshold) & (threshold > 0) & (base > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(crosses, threshold / base, np.nan)


def thresholds(model: Model, specs: Mapping[str, ParameterSpec]) -> ThresholdResult:
    """The value of every varying parameter at which each outcome it moves reaches a ratio of 1."""
    table = one_way(model, specs).table
    # A base of 0 says nothing about a parameter's size: search around the size of its range instead.
    rows = [{"outcome": r.outcome, "parameter": r.parameter, "base": specs[r.parameter].base,
             "threshold": model.solve(r.parameter, r.outcome, magnitude=max(abs(specs[r.parameter].low),
                                                                            abs(specs[r.parameter].high)))}
            for r in table.itertuples()]
    return ThresholdResult(pd.DataFrame(rows, columns=["outcome", "parameter", "base", "threshold"]),
                           tuple(model.evaluate().outcomes()))


# --- Two-way --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class TwoWayResult:
    """Every outcome over a grid of two parameters, the others at base."""

    x_parameter: str
    y_parameter: str
    x: npt.NDArray[np.float64]
    y: npt.NDArray[np.float64]
    ratios: Mapping[str, npt.NDArray[np.float64]]  # outcome -> array of shape (len(y), len(x))
    base_x: float
    base_y: float

    def summary(self) -> pd.DataFrame:
        """Per outcome: the share of the grid where the ratio exceeds 1, and the least and greatest ratio on it."""
        return pd.DataFrame([{"outcome": o, "share_above_one": float(np.mean(r > 1)), "min_ratio": float(r.min()),
                              "max_ratio": float(r.max())} for o, r in self.ratios.items()]).set_index("outcome")

    def describe(self) -> str:
        return (f"The ratio over {len(self.x)} values of {self.x_parameter} and {len(self.y)} of "
                f"{self.y_parameter}; it exceeds 1 on " + ", ".join(
                    f"{share:.0%} of the grid for {o}" for o, share in self.summary()["share_above_one"].items())
                + ".")


def two_way(
    model: Model, x_parameter: str = CASELOAD, y_parameter: str = "bed_day_cost_gbp",
    x: Sequence[float] | None = None, y: Sequence[float] | None = None, points: int = 121,
    specs: Mapping[str, ParameterSpec] | None = None,
) -> TwoWayResult:
    """The model on a grid of two parameters (by default caseload against the bed-day cost).

    With ``specs``, the x axis spans the range the probabilistic analysis draws x over (for ``caseload``, every way
    of delivering support: one-to-one and group alike), evenly on a log scale, so the chart shows the caseloads that
    matter; otherwise, and for y, from a twentieth (a quarter for y) to twenty (four) times the base value.
    """
    base = model.parameters()
    if x is None and specs is not None:
        drawn = [specs[name] for name in setting(x_parameter, 0.0) if name in specs and specs[name].varies]
        if drawn:
            x = np.geomspace(min(s.low for s in drawn), max(s.high for s in drawn), points).tolist()
    xs = np.asarray(x if x is not None else np.linspace(base[x_parameter] / 20, base[x_parameter] * 20, points))
    ys = np.asarray(y if y is not None else np.linspace(base[y_parameter] / 4, base[y_parameter] * 4, points))
    grid_x, grid_y = np.meshgrid(xs, ys)
    outcomes = model.evaluate({**setting(x_parameter, grid_x), **setting(y_parameter, grid_y)}).outcomes()
    ratios = {k: np.broadcast_to(np.asarray(v, dtype=float), grid_x.shape).copy() for k, v in outcomes.items()}
    return TwoWayResult(x_parameter, y_parameter, xs, ys, ratios, base[x_parameter], base[y_parameter])


# --- Probabilistic --------------------------------------------------------------------------------

def draw_parameters(
    specs: Mapping[str, ParameterSpec], n_draws: int, seed: int
) -> dict[str, float | npt.NDArray[np.float64]]:
    """``n_draws`` draws of every parameter, in a fixed order, from one seeded generator.

    Each parameter is drawn once per draw: a shared assumption (a unit cost, ``caseload``) takes
    one value in a draw for every study. Fixed parameters stay scalars: numpy broadcasts them.
    """
    count = int(check_parameter("n_draws", n_draws))  # the bounds of a notebook parameter or a command-line option
    rng = np.random.default_rng(seed)
    return {name: specs[name].draw(rng, count) for name in sorted(specs)}


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
            f"{o} {r.interval_low:.2f} to {r.interval_high:.2f}, P(ratio > 1) {r.probability_above_one:.0%}"
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


def with_fixed(specs: Mapping[str, ParameterSpec], keep: Sequence[str]) -> dict[str, ParameterSpec]:
    """The specs with every parameter outside ``keep`` fixed at its base value."""
    return {name: spec if name in keep else replace(spec, distribution="fixed") for name, spec in specs.items()}


# --- Acceptability --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AcceptabilityResult:
    """P(ratio > 1) as a function of one parameter, the others drawn: the analogue of a CEAC."""

    parameter: str
    grid: npt.NDArray[np.float64]
    probabilities: Mapping[str, npt.NDArray[np.float64]]  # outcome -> P(ratio > 1) at each grid value
    base: float

    def summary(self) -> pd.DataFrame:
        return pd.DataFrame(self.probabilities, index=pd.Index(self.grid, name=self.parameter))

    def describe(self) -> str:
        """P(ratio > 1) of each ratio at the ends of the range of the parameter."""
        return (f"P(ratio > 1) as {self.parameter} goes from {self.grid[0]:g} to {self.grid[-1]:g} (base "
                f"{self.base:g}): " + "; ".join(f"{o} {p[0]:.2f} to {p[-1]:.2f}" for o, p in
                                               self.probabilities.items()) + ".")


def acceptability(
    psa: PSAResult, parameter: str = CASELOAD, grid: Sequence[float] | None = None, points: int = 61
) -> AcceptabilityResult:
    """P(ratio > 1) for every outcome with ``parameter`` set to each grid value and the rest drawn.

    One evaluation of all the draws per grid value: a loop over the grid, never over draws.
    """
    base = psa.specs[parameter].base
    values = np.asarray(grid if grid is not None else np.geomspace(base / 20, base * 20, points), dtype=float)
    probabilities: dict[str, list[float]] = {}
    for value in values:
        outcomes = evaluate({**psa.draws, **setting(parameter, float(value))}, psa.model.studies).outcomes()
        for outcome, ratio in outcomes.items():
            probabilities.setdefault(outcome, []).append(float(np.mean(np.asarray(ratio) > 1)))
    return AcceptabilityResult(parameter, values, {k: np.asarray(v) for k, v in probabilities.items()}, base)


def parameter_group(name: str, model: Model) -> str:
    """The group an input belongs to for the value of information: staffing, unit costs, or one study's effect."""
    if name in COST_ITEMS:
        return "unit costs"
    study_id, _, item = name.rpartition(".")
    if not study_id or item in ("support_months", "sessions_per_patient", "hours_per_session", "peer_fte"):
        return "staffing"
    if item in ("n_peer", "n_control", "followup_months"):
        return "design"
    return f"effect: {model.study(study_id).label}"

