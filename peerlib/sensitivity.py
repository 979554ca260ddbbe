"""How fragile is each ratio? One-way analysis, thresholds and probabilistic sensitivity analysis.

Everything here works on one *model-as-function*: :func:`evaluate` takes a flat mapping of named
parameters (cost inputs such as ``bed_day_cost_gbp``, study inputs such as ``sledge2011.peer_fte``)
to numbers or numpy arrays and returns each study's benefit:cost ratio and the pooled ratio. The
same function serves the base case, one-way swings, threshold searches and 10⁶ probabilistic
draws at once (numpy broadcasting; no per-draw Python loop).

Uncertainty comes from ``data/uncertainty.csv`` (sourced ranges and stated assumptions), from a
study's own standard deviations where it publishes them, and otherwise from a stated default of
plus or minus 20 % (:data:`DEFAULT_RELATIVE_RANGE`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.costs import COST_ITEMS, CostAssumptions, peer_worker_cost_components
from peerlib.errors import DataError, ParameterError
from peerlib.paths import DATA_DIR
from peerlib.ratios import OUTCOME_FORMS, bed_days_saved_per_fte_year, benefit_cost_ratio, fte_from_sessions
from peerlib.studies import INPUT_KINDS, SESSION_INPUTS, Study
from peerlib.tables import Column, check_unique, read_csv_rows
from peerlib.weighting import WEIGHTING_SCHEMES

UNCERTAINTY_FILE = "uncertainty.csv"
DISTRIBUTIONS = ("fixed", "gamma", "normal", "beta", "uniform", "loguniform")
DEFAULT_RELATIVE_RANGE = 0.2  # inputs with no stated range vary by plus or minus 20 %
Z_95 = 1.959963984540054  # a 95 % interval spans 2 x 1.96 standard errors
POOLED = "pooled"

Values = Mapping[str, float | npt.NDArray[np.float64]]


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


@dataclass(frozen=True)
class _Row:
    distribution: str
    low: float
    high: float
    relative: bool
    source: str


def load_uncertainty(data_dir: Path = DATA_DIR) -> dict[str, _Row]:
    """Read ``uncertainty.csv``: a parameter name (or ``*.input`` for every study) and its range."""
    path = data_dir / UNCERTAINTY_FILE
    rows = read_csv_rows(path, [
        Column("parameter", "required_text"),
        Column("distribution", "required_text"),
        Column("low", "number"),
        Column("high", "number"),
        Column("relative", "flag"),
        Column("is_assumption", "flag"),
        Column("source", "required_text"),
    ])
    check_unique(path, rows, lambda r: r["parameter"], "parameter")
    specs = {}
    for line, row in rows:
        name, distribution = str(row["parameter"]), str(row["distribution"])
        low, high = float(row["low"]), float(row["high"])  # type: ignore[arg-type]
        known = name in COST_ITEMS or name.split(".", 1)[-1] in INPUT_KINDS and "." in name
        if not known:
            raise DataError(path, "unknown parameter", line=line, column="parameter",
                            expected=f"a cost item ({', '.join(COST_ITEMS)}) or study_id.input / *.input",
                            found=name)
        if distribution not in DISTRIBUTIONS:
            raise DataError(path, "unknown distribution", line=line, column="distribution",
                            expected=f"one of {', '.join(DISTRIBUTIONS)}", found=distribution)
        if low > high:
            raise DataError(path, "low above high", line=line, column="low", expected=f"at most {high:g}", found=low)
        if distribution == "loguniform" and low <= 0:
            raise DataError(path, "a log-uniform range must be above 0", line=line, column="low",
                            expected="a number greater than 0", found=low)
        specs[name] = _Row(distribution, low, high, bool(row["relative"]), str(row["source"]))
    return specs


def base_parameters(studies: Sequence[Study], costs: CostAssumptions) -> dict[str, float]:
    """The flat parameter set of the base case: cost items, then ``study_id.input`` for every study input."""
    params = {item: float(getattr(costs, item)) for item in COST_ITEMS}
    for study in studies:
        params.update({f"{study.study_id}.{name}": value for name, value in study.values().items()})
    return params


def parameter_specs(
    studies: Sequence[Study], costs: CostAssumptions, uncertainty: Mapping[str, _Row], money_factor: float = 1.0
) -> dict[str, ParameterSpec]:
    """A spec for every parameter. ``money_factor`` moves absolute £ ranges from the data's price year
    to the price year of ``costs``.

    Precedence: an exact row of uncertainty.csv; a study's own standard deviation (normal, with
    standard error SD / sqrt(n)); counts of people admitted (beta on the share admitted); a
    ``*.input`` row; the stated default of plus or minus 20 %.
    """
    by_id = {s.study_id: s for s in studies}
    specs = {}
    for name, base in base_parameters(studies, costs).items():
        study_id, _, item = name.rpartition(".")
        row = uncertainty.get(name)
        sd_rule = _standard_error_rule(by_id[study_id], item) if study_id else None
        if row is None and sd_rule is None and study_id and not item.startswith("admitted_"):
            row = uncertainty.get(f"*.{item}")
        if row is not None:
            low, high = (base * row.low, base * row.high) if row.relative else (row.low, row.high)
            if not row.relative and name.endswith("_gbp"):
                low, high = low * money_factor, high * money_factor
            specs[name] = ParameterSpec(name, base, low, high, row.distribution, row.source)
        elif sd_rule is not None:
            se = sd_rule
            specs[name] = ParameterSpec(name, base, base - Z_95 * se, base + Z_95 * se, "normal",
                                        "the study's own standard deviation: standard error = SD / sqrt(n)")
        elif item in ("admitted_peer", "admitted_control") and study_id:
            # A count out of n: the share admitted is a proportion, drawn from a beta distribution
            # with the binomial standard error sqrt(p (1 - p) / n).
            n = by_id[study_id].value("n_" + item.removeprefix("admitted_"))
            se_count = math.sqrt(base * (n - base) / n)
            specs[name] = ParameterSpec(name, base, max(0.0, base - Z_95 * se_count), min(n, base + Z_95 * se_count),
                                        "beta", "binomial: the share admitted, with standard error sqrt(p(1-p)/n)",
                                        scale=n)
        else:
            low, high = sorted((base * (1 - DEFAULT_RELATIVE_RANGE), base * (1 + DEFAULT_RELATIVE_RANGE)))
            specs[name] = ParameterSpec(name, base, low, high, "uniform",
                                        f"stated default: plus or minus {DEFAULT_RELATIVE_RANGE:.0%}")
    return specs


def _standard_error_rule(study: Study, item: str) -> float | None:
    """The standard error of an arm's mean bed-days, where the study gives its SD."""
    arms = {"bed_days_peer": ("sd_bed_days_peer", "n_peer"), "bed_days_control": ("sd_bed_days_control", "n_control")}
    if item not in arms or arms[item][0] not in study.inputs:
        return None
    sd_name, n_name = arms[item]
    return study.value(sd_name) / math.sqrt(study.value(n_name))


def evaluate(
    params: Values, studies: Sequence[Study], scheme: str = "sample_size"
) -> dict[str, float | npt.NDArray[np.float64]]:
    """The model: each study's benefit:cost ratio and the pooled ratio, element-wise over arrays."""
    if scheme not in WEIGHTING_SCHEMES:
        raise ParameterError(f"unknown weighting scheme {scheme!r}; expected one of {', '.join(WEIGHTING_SCHEMES)}")
    peer_cost = sum(peer_worker_cost_components(
        params["peer_worker_salary_gbp"], params["employer_ni_rate"], params["employer_ni_threshold_gbp"],
        params["employer_pension_rate"], params["overhead_rate"]))
    out: dict[str, float | npt.NDArray[np.float64]] = {}
    weighted_sum: float | npt.NDArray[np.float64] = 0.0
    weight_total: float | npt.NDArray[np.float64] = 0.0
    for study in studies:
        values = {name: params[f"{study.study_id}.{name}"] for name in study.inputs}
        convert = OUTCOME_FORMS[study.outcome_form].delta
        if convert is None:
            saved = values["bed_days_saved_per_fte_year"]
        else:
            # The ratio functions are plain arithmetic, so they apply element-wise to arrays.
            delta = convert(values)  # type: ignore[arg-type]
            n_peer, fte, months = values["n_peer"], values["peer_fte"], values["followup_months"]
            if all(name in values for name in SESSION_INPUTS):  # staffing follows the drawn sessions
                sessions, hours, fte_hours = (values[name] for name in SESSION_INPUTS)
                fte = fte_from_sessions(n_peer, sessions, hours, fte_hours, months)  # type: ignore[arg-type]
            saved = bed_days_saved_per_fte_year(delta, n_peer, fte, months)  # type: ignore[arg-type]
        ratio = benefit_cost_ratio(saved, params["bed_day_cost_gbp"], peer_cost)  # type: ignore[arg-type]
        out[study.study_id] = ratio
        weight = {"sample_size": values["n_peer"] + values["n_control"], "equal": 1.0,
                  "peer_fte": values["peer_fte"]}[scheme]
        weighted_sum = weighted_sum + weight * ratio
        weight_total = weight_total + weight
    out[POOLED] = weighted_sum / weight_total
    return out


def one_way(specs: Mapping[str, ParameterSpec], studies: Sequence[Study], scheme: str = "sample_size") -> pd.DataFrame:
    """Each varying parameter at its low and high value, the others at base: one row per (parameter, outcome).

    Columns: ``outcome`` (a study id or ``pooled``), ``parameter``, ``low``, ``high``, ``ratio_low``,
    ``ratio_high``, ``base_ratio`` and ``swing`` (the absolute difference, for ordering a tornado).
    """
    base = {name: spec.base for name, spec in specs.items()}
    base_out = evaluate(base, studies, scheme)
    rows = []
    for name, spec in specs.items():
        if not spec.varies:
            continue
        at_low = evaluate({**base, name: spec.low}, studies, scheme)
        at_high = evaluate({**base, name: spec.high}, studies, scheme)
        for outcome, base_ratio in base_out.items():
            if at_low[outcome] == base_ratio == at_high[outcome]:
                continue  # this parameter does not touch this outcome
            rows.append({"outcome": outcome, "parameter": name, "low": spec.low, "high": spec.high,
                         "ratio_low": float(at_low[outcome]), "ratio_high": float(at_high[outcome]),
                         "base_ratio": float(base_ratio),
                         "swing": abs(float(at_high[outcome]) - float(at_low[outcome]))})
    frame = pd.DataFrame(rows)
    return frame.sort_values(["outcome", "swing"], ascending=[True, False], kind="stable").reset_index(drop=True)


def threshold(
    specs: Mapping[str, ParameterSpec], studies: Sequence[Study], parameter: str, outcome: str,
    scheme: str = "sample_size", target: float = 1.0, search_factor: float = 1000.0,
) -> float:
    """The value of one parameter at which an outcome's ratio equals ``target`` (others at base).

    Searches from base / search_factor to base x search_factor (0 to 1 for rates), by bisection
    over a grid that brackets the crossing; NaN when the ratio never reaches the target there.
    """
    base = {name: spec.base for name, spec in specs.items()}
    value = base[parameter]
    if _bounded_by_one(parameter):
        grid = np.linspace(0.0, 1.0, 2001)
    else:
        magnitude = abs(value) if value != 0 else 1.0
        grid = np.concatenate([-np.geomspace(magnitude * search_factor, magnitude / search_factor, 1000),
                               [0.0], np.geomspace(magnitude / search_factor, magnitude * search_factor, 1000)])
        if INPUT_KINDS.get(parameter.rpartition(".")[2], ("number",))[0] != "number" or parameter in COST_ITEMS:
            grid = grid[grid > 0]  # counts, costs and FTE must stay positive
    gap = np.asarray(evaluate({**base, parameter: grid}, studies, scheme)[outcome]) - target
    crossings = np.nonzero(np.sign(gap[:-1]) * np.sign(gap[1:]) <= 0)[0]
    if crossings.size == 0:
        return math.nan
    i = crossings[np.argmin(np.abs(grid[crossings] - value))]  # the crossing nearest the base value
    lo, hi = float(grid[i]), float(grid[i + 1])
    f_lo = gap[i]
    for _ in range(100):
        mid = (lo + hi) / 2
        f_mid = float(evaluate({**base, parameter: mid}, studies, scheme)[outcome]) - target
        if f_mid == 0:
            return mid
        if np.sign(f_mid) == np.sign(f_lo):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _bounded_by_one(parameter: str) -> bool:
    """Rates and proportions lie in [0, 1]; overheads are a markup and may exceed 1."""
    item = parameter.rpartition(".")[2]
    return (item.endswith("_rate") and item != "overhead_rate") or INPUT_KINDS.get(item, ("",))[0] == "proportion"


def thresholds(
    specs: Mapping[str, ParameterSpec], studies: Sequence[Study], scheme: str = "sample_size"
) -> pd.DataFrame:
    """For every varying parameter and every outcome it affects, the value at which the ratio is 1."""
    table = one_way(specs, studies, scheme)
    rows = [{"outcome": r.outcome, "parameter": r.parameter, "base": specs[r.parameter].base,
             "threshold": threshold(specs, studies, r.parameter, r.outcome, scheme)}
            for r in table.itertuples()]
    return pd.DataFrame(rows)


def draw_parameters(
    specs: Mapping[str, ParameterSpec], n_draws: int, seed: int
) -> dict[str, float | npt.NDArray[np.float64]]:
    """``n_draws`` independent draws of every parameter, in a fixed order, from one seeded generator.

    Fixed parameters stay scalars: numpy broadcasts them, which saves memory and time.
    """
    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or n_draws < 1:
        raise ParameterError(f"n_draws: expected a whole number of 1 or more, found {n_draws!r}")
    rng = np.random.default_rng(seed)
    return {name: specs[name].draw(rng, n_draws) for name in sorted(specs)}


@dataclass(frozen=True)
class PSAResult:
    """Probabilistic sensitivity analysis: the ratio of every study and the pooled ratio, per draw."""

    ratios: Mapping[str, npt.NDArray[np.float64]]
    n_draws: int
    seed: int
    scheme: str

    def summary(self) -> pd.DataFrame:
        """Mean, median, 95 % interval and the probability that the ratio exceeds 1, per outcome."""
        rows = []
        for outcome, r in self.ratios.items():
            low, median, high = np.quantile(r, [0.025, 0.5, 0.975])
            rows.append({"outcome": outcome, "mean": float(r.mean()), "median": float(median),
                         "interval_low": float(low), "interval_high": float(high),
                         "probability_above_one": float(np.mean(r > 1))})
        return pd.DataFrame(rows).set_index("outcome")


def probabilistic(
    specs: Mapping[str, ParameterSpec], studies: Sequence[Study], n_draws: int = 10_000, seed: int = 2013,
    scheme: str = "sample_size",
) -> PSAResult:
    """Draw every parameter ``n_draws`` times (seeded) and evaluate the model once on the arrays."""
    draws = draw_parameters(specs, n_draws, seed)
    out = evaluate(draws, studies, scheme)
    ratios = {k: np.broadcast_to(np.asarray(v, dtype=float), (n_draws,)) for k, v in out.items()}
    return PSAResult(ratios=ratios, n_draws=n_draws, seed=seed, scheme=scheme)
