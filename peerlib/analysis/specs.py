"""The uncertain inputs: each parameter's base value, one-way range and probabilistic distribution, and its draws.

Uncertainty comes from ``data/uncertainty.csv`` (sourced ranges and stated assumptions), from a
study's own standard deviations where it publishes them, from the binomial spread of a count of
people admitted, and otherwise from a stated default (:data:`DEFAULT_RELATIVE_RANGE`). Assumptions
shared by every study (the unit costs, ``caseload``) are single parameters, so each probabilistic
draw uses one value of each for every study; only study inputs are drawn per study.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt

from peerlib.config import DATA_DIR
from peerlib.core.model import EFFECT_SCALE, Model, bounded_by_one
from peerlib.formatting import percent_text
from peerlib.inputs.errors import DataError
from peerlib.inputs.sourced import check_parameter
from peerlib.inputs.studies import (
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
                                        reason=f"stated default: plus or minus "
                                               f"{percent_text(DEFAULT_RELATIVE_RANGE)}, uniformly")
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



def with_fixed(specs: Mapping[str, ParameterSpec], keep: Sequence[str]) -> dict[str, ParameterSpec]:
    """The specs with every parameter outside ``keep`` fixed at its base value."""
    return {name: spec if name in keep else replace(spec, distribution="fixed") for name, spec in specs.items()}


def draw_parameters(
    specs: Mapping[str, ParameterSpec], n_draws: int, seed: int
) -> dict[str, float | npt.NDArray[np.float64]]:
    """``n_draws`` draws of every parameter, in a fixed order, from one seeded generator.

    Each parameter is drawn once per draw: a shared assumption (a unit cost, ``caseload``) takes
    one value in a draw for every study. Fixed parameters stay scalars: numpy broadcasts them.
    """
    # The bounds of a notebook parameter or a command-line option.
    count, seed = int(check_parameter("n_draws", n_draws)), int(check_parameter("seed", seed))
    rng = np.random.default_rng(seed)
    return {name: specs[name].draw(rng, count) for name in sorted(specs)}
