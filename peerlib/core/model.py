"""The model: one vectorised function from parameters to every study's ratio and every pooled ratio.

For study *s* (``../shared/DESIGN.md`` §1.1):

* ``delta``: bed-days saved per peer-arm patient over follow-up, from the study's published form
  (:mod:`peerlib.core.outcomes`);
* peer work in FTE-years, from one shared staffing assumption: ``n_peer x support_months /
  (12 x caseload)``, or the study's own published intensity or FTE where it has one;
* bed-days saved per FTE-year ``= delta x n_peer / fte_years``, valued at the bed-day cost and
  divided by the annual cost of a peer worker: the **benefit:cost ratio**;
* the **break-even caseload**, at which the ratio is 1: ``worker cost x support_months / (12 x
  delta x bed-day cost)``; it needs no caseload assumption, but it scales with the months of support
  assumed (double them and it doubles).

Parameters are one flat mapping of names to numbers or numpy arrays: the shared assumptions
(:data:`SHARED_PARAMETERS`: ``caseload``, the hours of an FTE-year and the cost items) and each
study's inputs as ``study_id.input``. :func:`evaluate` is plain arithmetic, so the same call gives
the base case (numbers), a one-way swing (two values), a two-way grid or a million probabilistic
draws (arrays), with no per-draw loop. Every other analysis in peerlib calls it.
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

from peerlib.config import DATA_DIR, MONTHS_PER_YEAR
from peerlib.core.costs import (
    CostAssumptions,
    load_cost_assumptions,
    peer_worker_cost_components,
)
from peerlib.core.outcomes import OUTCOME_FORMS
from peerlib.core.weighting import WEIGHTING_SCHEMES, pool, scheme_weight
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.prices import load_price_index
from peerlib.inputs.studies import (
    CASELOAD,
    CASELOADS,
    FTE_HOURS,
    INPUT_SPECS,
    Staffing,
    Study,
    load_staffing,
    load_studies,
    load_study,
)
from peerlib.inputs.uncertainty import SHARED_PARAMETERS
from peerlib.inputs.unit_costs import COST_ITEMS

Value = Any  # a float, or a numpy array of floats (one per draw or grid point)

# Each study's effect (bed-days saved) is multiplied by its effect scale, 1 in the base case: how far the
# true effect may lie from the figure reported, drawn by the study's evidence grade (data/uncertainty.csv).
EFFECT_SCALE = "effect_scale"
POOLED_PREFIX = "pooled_"


def parameter_name(study_id: str, item: str) -> str:
    """The flat name of a study input: ``sledge2011.bed_days_peer``."""
    return f"{study_id}.{item}"


def pooled_id(scheme: str) -> str:
    """The outcome id of the pooled ratio under a weighting scheme, as in results.csv."""
    return f"{POOLED_PREFIX}{scheme}"


@dataclass(frozen=True)
class Pool:
    """One pooled ratio: a weighting scheme over all the analysis's studies, or over those whose
    bed-use figures are their own published ones (``evidence_only``: no assumed or borrowed effect)."""

    outcome_id: str
    scheme: str
    evidence_only: bool = False

    def members(self, studies: Sequence[Study]) -> list[Study]:
        return [s for s in studies if not self.evidence_only or s.effect_status == "published"]


POOLS: tuple[Pool, ...] = (*(Pool(pooled_id(scheme), scheme) for scheme in WEIGHTING_SCHEMES),
                           Pool(pooled_id("evidence_only"), "sample_size", evidence_only=True))


def find_pool(outcome_id: str) -> Pool:
    for candidate in POOLS:
        if candidate.outcome_id == outcome_id:
            return candidate
    expected = ", ".join(p.outcome_id for p in POOLS)
    raise ParameterError(f"unknown pooled ratio {outcome_id!r}; expected one of {expected}")


def setting(parameter: str, value: Value) -> dict[str, Value]:
    """Parameters that set ``parameter`` to ``value``. ``caseload`` as a setting is one caseload for every study,
    however its support was delivered (one-to-one and group alike): a common caseload to compare or solve for."""
    return dict.fromkeys(CASELOADS, value) if parameter == CASELOAD else {parameter: value}


def _scalar_or_array(value: Value) -> Value:
    array = np.asarray(value, dtype=float)
    return float(array) if array.ndim == 0 else array


def break_even_caseload(
    delta: Value, support_months: Value, bed_day_cost_gbp: Value, peer_worker_cost_gbp: Value
) -> Value:
    """Patients one FTE must support at a time for the ratio to reach 1; infinite when no bed-days were saved."""
    with np.errstate(divide="ignore", invalid="ignore"):
        caseload = np.asarray(peer_worker_cost_gbp * support_months, dtype=float) / (
            MONTHS_PER_YEAR * np.asarray(delta, dtype=float) * bed_day_cost_gbp)
    return _scalar_or_array(np.where(np.asarray(delta) > 0, caseload, math.inf))


@dataclass(frozen=True)
class Evaluation:
    """Every figure of the model for one set of parameters (numbers, or arrays of draws)."""

    study_ids: tuple[str, ...]
    bed_day_cost_gbp: Value
    peer_worker_cost_gbp: Value
    delta: Mapping[str, Value]  # bed-days saved per patient over follow-up (NaN: study enters per FTE-year)
    fte_years: Mapping[str, Value]  # peer work behind the peer arm (NaN: study enters per FTE-year)
    saved_per_fte_year: Mapping[str, Value]
    ratio: Mapping[str, Value]
    support_months: Mapping[str, Value | None]  # None where the study's staffing is not the shared caseload
    weights: Mapping[str, Mapping[str, Value]]  # scheme -> study -> weight
    pooled: Mapping[str, Value]  # pooled outcome id -> ratio

    @property
    def break_even_caseload(self) -> dict[str, Value]:
        """Per study, the caseload at which its ratio is 1 (NaN where its staffing is its own, not the caseload)."""
        return {sid: math.nan if months is None else
                break_even_caseload(self.delta[sid], months, self.bed_day_cost_gbp, self.peer_worker_cost_gbp)
                for sid, months in self.support_months.items()}

    @property
    def break_even_bed_days_per_fte_year(self) -> Value:
        """Bed-days one FTE-year must save for the ratio to reach 1: the worker's cost in bed-days."""
        return self.peer_worker_cost_gbp / self.bed_day_cost_gbp

    def outcomes(self) -> dict[str, Value]:
        """Every ratio: the studies', then the pooled ones, keyed by outcome id."""
        return {**self.ratio, **self.pooled}

    def net_benefit_gbp(self, outcome: str) -> Value:
        """Value of bed-days saved minus the worker's cost, £ per FTE-year: (ratio - 1) x worker cost."""
        return (self.outcomes()[outcome] - 1) * self.peer_worker_cost_gbp


def _peer_worker_cost(params: Mapping[str, Value]) -> Value:
    return sum(peer_worker_cost_components(
        params["peer_worker_salary_gbp"], params["employer_ni_rate"], params["employer_ni_threshold_gbp"],
        params["employer_pension_rate"], params["overhead_rate"], params["employer_ni_rebate_rate"],
        params["employer_ni_rebate_lower_gbp"], params["employer_ni_rebate_upper_gbp"]))


def _fte_years(study: Study, values: Mapping[str, Value], params: Mapping[str, Value]) -> Value:
    basis = study.staffing_basis
    if basis == "caseload":
        return values["n_peer"] * values["support_months"] / (MONTHS_PER_YEAR * params[study.caseload_parameter])
    if basis == "intensity":
        return values["n_peer"] * values["sessions_per_patient"] * values["hours_per_session"] / params[FTE_HOURS]
    if basis == "published_fte":
        return values["peer_fte"] * values["followup_months"] / MONTHS_PER_YEAR
    return math.nan


def study_parameters(study: Study) -> list[str]:
    """The parameters a study reads: its inputs given as numbers (a derived input is computed from them),
    any other study's inputs its formulas borrow, and its effect scale."""
    names = [parameter_name(study.study_id, item) for item, i in study.inputs.items() if i.formula is None]
    names += [n for i in study.inputs.values() if i.formula for n in i.formula.names if "." in n]
    return [*names, parameter_name(study.study_id, EFFECT_SCALE)]


def study_values(study: Study, params: Mapping[str, Value]) -> dict[str, Value]:
    """A study's inputs at ``params``: its own, then each derived one computed from its formula, in order."""
    values = {item: params[parameter_name(study.study_id, item)]
              for item, i in study.inputs.items() if i.formula is None}
    for item, i in study.inputs.items():
        if i.formula is not None:
            values[item] = i.formula.evaluate({n: params[n] if "." in n else values[n] for n in i.formula.names})
    return values


def evaluate(params: Mapping[str, Value], studies: Sequence[Study]) -> Evaluation:
    """The model: each study's figures and the pooled ratio under every weighting scheme.

    ``params`` needs :data:`SHARED_PARAMETERS` and every input of every study as ``study_id.input``
    (inputs computed from a formula are computed here, so they move with their parts).
    """
    missing = [name for name in SHARED_PARAMETERS if name not in params]
    missing += [name for s in studies for name in study_parameters(s)
                if name not in params and not name.endswith(f".{EFFECT_SCALE}")]  # 1 unless given
    if missing:
        raise ParameterError(f"the model needs a value for every parameter; missing: {', '.join(missing)}")
    bed_day_cost = params["bed_day_cost_gbp"]
    worker_cost = _peer_worker_cost(params)
    delta, fte_years, saved, ratio, support = {}, {}, {}, {}, {}
    weights: dict[str, dict[str, Value]] = {scheme: {} for scheme in WEIGHTING_SCHEMES}
    for study in studies:
        sid = study.study_id
        values = study_values(study, params)
        convert = OUTCOME_FORMS[study.outcome_form].delta
        fte_years[sid] = _fte_years(study, values, params)
        scale = params.get(parameter_name(sid, EFFECT_SCALE), 1.0)
        if convert is None:
            delta[sid] = math.nan
            saved[sid] = values["bed_days_saved_per_fte_year"] * scale
        else:
            delta[sid] = convert(values) * scale
            saved[sid] = delta[sid] * values["n_peer"] / fte_years[sid]
        ratio[sid] = saved[sid] * bed_day_cost / worker_cost
        support[sid] = values["support_months"] if study.staffing_basis == "caseload" else None
        for scheme in WEIGHTING_SCHEMES:
            weights[scheme][sid] = scheme_weight(scheme, values["n_peer"], values["n_control"], fte_years[sid])
    pooled = {p.outcome_id: pool([ratio[s.study_id] for s in p.members(studies)],
                                 [weights[p.scheme][s.study_id] for s in p.members(studies)])
              for p in POOLS if p.members(studies)}
    return Evaluation(tuple(s.study_id for s in studies), bed_day_cost, worker_cost, delta, fte_years, saved,
                      ratio, support, weights, pooled)


@dataclass(frozen=True)
class StudyResult:
    """Every step of one study's base-case calculation, with the inputs it used and their price year."""

    study_id: str
    label: str
    outcome_form: str
    staffing_basis: str
    n_peer: float
    n_control: float
    sample_size: float
    followup_months: float
    support_months: float
    caseload: float | None  # the shared assumption, where the study's staffing rests on it
    fte_years: float | None
    peer_fte: float | None  # average FTE over follow-up: fte_years / (follow-up in years)
    delta_bed_days_per_patient: float | None
    bed_days_saved_per_fte_year: float
    bed_day_cost_gbp: float
    peer_worker_cost_gbp: float
    benefit_per_fte_year_gbp: float
    net_benefit_per_fte_year_gbp: float
    benefit_cost_ratio: float
    break_even_bed_days_per_fte_year: float
    break_even_caseload: float | None
    price_year: str
    assumptions: str

    def summary(self) -> pd.DataFrame:
        """Every figure of the calculation, one row, indexed by study id."""
        return pd.DataFrame([vars(self)]).set_index("study_id")

    def describe(self) -> str:
        be = ("never" if self.break_even_caseload is None or not math.isfinite(self.break_even_caseload)
              else f"at {self.break_even_caseload:.1f} patients per FTE")
        return (f"{self.label}: {self.bed_days_saved_per_fte_year:.1f} bed-days saved per FTE-year, a ratio of "
                f"{self.benefit_cost_ratio:.2f} : 1; it breaks even {be}.")

    def ratio_at_caseload(self, caseload: npt.ArrayLike) -> np.ndarray:
        """The ratio at each caseload, the rest as set: proportional to the caseload (1 where none was assumed)."""
        return self.benefit_cost_ratio / (self.caseload or 1.0) * np.asarray(caseload, dtype=float)


@dataclass(frozen=True)
class PooledResult:
    """One pooled ratio of the base case, with its weights and break-even caseload."""

    outcome_id: str
    scheme: str
    benefit_cost_ratio: float
    weights: Mapping[str, float]  # the pooled studies' weights
    break_even_caseload: float
    price_year: str
    evidence_only: bool = False


def _number(value: Value) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


@dataclass(frozen=True)
class Model:
    """The studies, costs and staffing of one analysis: the model-as-function and its base case.

    Build it from ``data/`` with :meth:`from_data`; :meth:`parameters` gives the base-case
    parameters, :meth:`evaluate` runs the model on any parameters (numbers or arrays), and
    :meth:`base_case` gives each study's steps and the pooled ratios.
    """

    studies: tuple[Study, ...]
    costs: CostAssumptions
    staffing: Staffing
    price_factor: float = 1.0  # multiplies a sum at the data's price year to give it at this model's
    reference: Mapping[str, float] = field(default_factory=dict)  # parameters as data/ sets them, at this price year
    references: tuple[Study, ...] = ()  # studies outside the analysis whose figures a study borrows

    @classmethod
    def from_data(
        cls,
        data_dir: Path = DATA_DIR,
        *,
        study_ids: Sequence[str] | None = None,
        extra_study_ids: Sequence[str] = (),
        price_year: str | None = None,
        caseload: float | None = None,
        caseload_origin: str = "parameter caseload",
        **cost_overrides: float | None,
    ) -> Model:
        """The analysis as ``data/`` sets it out, with the given changes.

        ``study_ids`` picks studies (default: those marked ``included``); ``extra_study_ids`` adds
        studies to them (an id already among them is an error). ``caseload`` replaces the shared
        staffing assumption; ``caseload_origin`` names where it came from in an error message.
        Cost overrides (``bed_day_cost_gbp=...``) are at ``price_year``.
        """
        if study_ids is None:
            chosen = load_studies(data_dir)
        else:
            chosen = [load_study(study_id, data_dir) for study_id in study_ids]
        already = [i for i in extra_study_ids if i in {s.study_id for s in chosen}]
        if already:
            raise ParameterError(f"extra_studies: {', '.join(already)} already among the pooled studies")
        chosen += [load_study(study_id, data_dir) for study_id in extra_study_ids]
        references = _references(chosen, data_dir)
        data_costs = load_cost_assumptions(data_dir)
        costs_at_year = load_cost_assumptions(data_dir, price_year)
        price_factor = load_price_index(data_dir).factor(data_costs.price_year, costs_at_year.price_year)
        data_staffing = load_staffing(data_dir)
        reference = cls(tuple(chosen), costs_at_year, data_staffing, references=references).parameters()
        return cls(tuple(chosen), costs_at_year.with_overrides(**cost_overrides),
                   data_staffing.with_caseload(caseload, caseload_origin), price_factor, reference, references)

    @property
    def study_ids(self) -> tuple[str, ...]:
        return tuple(s.study_id for s in self.studies)

    def study(self, study_id: str) -> Study:
        for study in self.studies + self.references:
            if study.study_id == study_id:
                return study
        raise ParameterError(f"study {study_id!r} is not in this analysis; expected one of {', '.join(self.study_ids)}")

    def labels(self) -> dict[str, str]:
        """Each study's label by its id, the studies borrowed from included (their inputs are named by them)."""
        return {s.study_id: s.label for s in self.studies + self.references}

    def with_caseload(self, caseload: float | None, origin: str = "parameter caseload") -> Model:
        return replace(self, staffing=self.staffing.with_caseload(caseload, origin))

    def with_studies(self, studies: Sequence[Study]) -> Model:
        """The same analysis over other studies (a borrowed-from study stays available as a reference)."""
        known = {s.study_id: s for s in self.studies + self.references}
        needed = {r for s in studies for r in s.references} - {s.study_id for s in studies}
        return replace(self, studies=tuple(studies), references=tuple(known[r] for r in sorted(needed)))

    def parameters(self) -> dict[str, float]:
        """The base-case parameters: the shared assumptions, then every study input as ``study_id.input``."""
        params = self.staffing.parameters()
        params.update({item: float(getattr(self.costs, item)) for item in COST_ITEMS})
        for study in self.studies + self.references:
            params.update({parameter_name(study.study_id, item): i.value for item, i in study.inputs.items()
                           if i.formula is None})
            params[parameter_name(study.study_id, EFFECT_SCALE)] = 1.0
        return params

    def reference_parameters(self) -> dict[str, float]:
        """The parameters as ``data/`` sets them (before any notebook or command-line change), at this price year."""
        return {**self.parameters(), **self.reference}

    def evaluate(self, params: Mapping[str, Value] | None = None) -> Evaluation:
        """The model at ``params`` (base-case values for any not given)."""
        return evaluate({**self.parameters(), **(params or {})}, self.studies)

    def base_case(self) -> BaseCase:
        """Each study's calculation and every pooled ratio at the base-case parameters."""
        e = self.evaluate()
        results = [self._study_result(study, e) for study in self.studies]
        pooled = [PooledResult(p.outcome_id, p.scheme, float(e.pooled[p.outcome_id]),
                               {s.study_id: float(e.weights[p.scheme][s.study_id]) for s in p.members(self.studies)},
                               self.solve(CASELOAD, p.outcome_id), self.costs.price_year, p.evidence_only)
                  for p in POOLS if p.outcome_id in e.pooled]
        return BaseCase(self, results, pooled)

    def _study_result(self, study: Study, e: Evaluation) -> StudyResult:
        sid = study.study_id
        worker, bed = float(e.peer_worker_cost_gbp), float(e.bed_day_cost_gbp)
        fte_years = _number(e.fte_years[sid])
        ratio = float(e.ratio[sid])
        return StudyResult(
            study_id=sid, label=study.label, outcome_form=study.outcome_form, staffing_basis=study.staffing_basis,
            n_peer=study.n_peer, n_control=study.n_control, sample_size=study.sample_size,
            followup_months=study.followup_months, support_months=study.support_months,
            caseload=self.staffing.caseload_for(study) if study.staffing_basis == "caseload" else None,
            fte_years=fte_years,
            peer_fte=None if fte_years is None else fte_years * MONTHS_PER_YEAR / study.followup_months,
            delta_bed_days_per_patient=_number(e.delta[sid]),
            bed_days_saved_per_fte_year=float(e.saved_per_fte_year[sid]),
            bed_day_cost_gbp=bed, peer_worker_cost_gbp=worker,
            benefit_per_fte_year_gbp=float(e.saved_per_fte_year[sid]) * bed,
            net_benefit_per_fte_year_gbp=(ratio - 1) * worker,
            benefit_cost_ratio=ratio,
            break_even_bed_days_per_fte_year=float(e.break_even_bed_days_per_fte_year),
            break_even_caseload=_number(e.break_even_caseload[sid]),
            price_year=self.costs.price_year,
            assumptions=";".join(item.name for item in study.assumptions),
        )

    def solve(self, parameter: str, outcome: str, target: float = 1.0, search_factor: float = 1000.0,
              magnitude: float | None = None) -> float:
        """The value of one parameter at which ``outcome`` equals ``target``, the others at base.

        Searches from base / search_factor to base x search_factor (0 to 1 for rates and
        proportions, either sign for a figure that may be negative) on a grid, then bisects the
        crossing nearest the base value. Infinite when the outcome never reaches the target there
        and every other value of the parameter leaves it below; NaN when it never crosses at all
        in another way (for example, a ratio of exactly 0 whatever the parameter).
        """
        base = self.parameters()
        if parameter not in base:
            raise ParameterError(f"unknown parameter {parameter!r}")
        grid = search_grid(parameter, base[parameter], search_factor, magnitude)
        values = np.asarray(self.evaluate(setting(parameter, grid)).outcomes()[outcome], dtype=float)
        gap = np.broadcast_to(values, grid.shape) - target
        crossings = np.nonzero(np.sign(gap[:-1]) * np.sign(gap[1:]) <= 0)[0]
        if crossings.size == 0:
            return math.inf if np.all(gap < 0) and parameter == CASELOAD else math.nan
        i = crossings[np.argmin(np.abs(grid[crossings] - base[parameter]))]
        lo, hi, f_lo = float(grid[i]), float(grid[i + 1]), float(gap[i])
        if f_lo == 0:
            return lo
        for _ in range(200):
            mid = (lo + hi) / 2
            f_mid = float(self.evaluate(setting(parameter, mid)).outcomes()[outcome]) - target
            if f_mid == 0 or hi - lo <= 1e-12 * max(1.0, abs(mid)):
                return mid
            if np.sign(f_mid) == np.sign(f_lo):
                lo, f_lo = mid, f_mid
            else:
                hi = mid
        return (lo + hi) / 2


def _references(studies: Sequence[Study], data_dir: Path) -> tuple[Study, ...]:
    """The studies outside ``studies`` whose figures they borrow, and those they borrow from in turn."""
    chosen = {s.study_id for s in studies}
    found: dict[str, Study] = {}
    queue = [r for s in studies for r in s.references]
    while queue:
        study_id = queue.pop(0)
        if study_id in chosen or study_id in found:
            continue
        found[study_id] = load_study(study_id, data_dir)
        queue += list(found[study_id].references)
    return tuple(found.values())


def bounded_by_one(parameter: str) -> bool:
    """Rates and proportions lie in [0, 1]."""
    item = parameter.rpartition(".")[2]
    spec = INPUT_SPECS.get(item)
    return item.endswith("_rate") or (spec is not None and spec.kind == "proportion")


def may_be_negative(parameter: str) -> bool:
    """Only bed-day differences may be negative; counts, costs, durations and rates may not."""
    spec = INPUT_SPECS.get(parameter.rpartition(".")[2])
    return spec is not None and spec.kind == "number"


def search_grid(
    parameter: str, base: float, search_factor: float = 1000.0, magnitude: float | None = None
) -> np.ndarray:
    """The values a threshold search tries for one parameter, in increasing order.

    Around ``magnitude`` (default: the base value's size; 1 for a base of 0, where the caller should give
    the size of the parameter's range instead) from 1 / ``search_factor`` to ``search_factor`` times it.
    """
    if bounded_by_one(parameter):
        return np.linspace(0.0, 1.0, 2001)
    if magnitude is None or magnitude <= 0:
        magnitude = abs(base) if base != 0 else 1.0
    positive = np.geomspace(magnitude / search_factor, magnitude * search_factor, 1000)
    if may_be_negative(parameter):
        return np.concatenate([-positive[::-1], [0.0], positive])
    return positive


@dataclass(frozen=True)
class BaseCase:
    """The base case: every study's calculation and every pooled ratio; ``summary()`` the headline per ratio
    (its figure is :func:`peerlib.present.plots.plot`'s)."""

    model: Model
    studies: list[StudyResult]
    pooled: list[PooledResult]

    def describe(self) -> str:
        """Each pooled ratio and the caseload at which it breaks even."""
        return "; ".join(f"{p.outcome_id} {p.benefit_cost_ratio:.2f} : 1, breaking even at "
                         f"{p.break_even_caseload:.1f} patients per FTE" for p in self.pooled) + "."

    def break_evens_outside(self, low: float, high: float) -> tuple[dict[str, float], dict[str, float]]:
        """The break-even caseloads below ``low`` (those ratios pay anywhere from ``low`` to ``high``) and those
        above ``high`` (they pay nowhere in it), by outcome id: the studies first, then the pools."""
        found = [(r.study_id, r.break_even_caseload) for r in self.studies]
        found += [(p.outcome_id, p.break_even_caseload) for p in self.pooled]
        below = {o: be for o, be in found if be is not None and be < low}
        above = {o: be for o, be in found if be is not None and be > high}
        return below, above

    def study(self, study_id: str) -> StudyResult:
        for result in self.studies:
            if result.study_id == study_id:
                return result
        raise ParameterError(f"study {study_id!r} is not in this analysis")

    def pooled_ratio(self, key: str = "sample_size") -> PooledResult:
        """A pooled ratio by weighting scheme (``sample_size``, ``equal``, ``fte_years``), ``evidence_only``, or id."""
        for result in self.pooled:
            if key in (result.outcome_id, result.outcome_id.removeprefix(POOLED_PREFIX)):
                return result
        raise ParameterError(f"unknown pooled ratio {key!r}; expected one of "
                             f"{', '.join(p.outcome_id.removeprefix(POOLED_PREFIX) for p in self.pooled)}")

    def table(self) -> pd.DataFrame:
        """One row per study, one column per figure (identifiers as column names): what tests read."""
        return pd.DataFrame([vars(r) for r in self.studies]).set_index("study_id")

    def summary(self) -> pd.DataFrame:
        """The headline per study and per pool: break-even caseload first, then the ratio at the assumed caseload."""
        rows = [{"outcome": r.label, "break_even_caseload": r.break_even_caseload,
                 "benefit_cost_ratio": r.benefit_cost_ratio, "net_benefit_per_fte_year_gbp":
                 r.net_benefit_per_fte_year_gbp} for r in self.studies]
        rows += [{"outcome": p.outcome_id, "break_even_caseload": p.break_even_caseload,
                  "benefit_cost_ratio": p.benefit_cost_ratio,
                  "net_benefit_per_fte_year_gbp": (p.benefit_cost_ratio - 1) * self.model.costs.peer_worker_cost_gbp}
                 for p in self.pooled]
        return pd.DataFrame(rows).set_index("outcome")
