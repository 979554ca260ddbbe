"""A business case for commissioners: N peer workers at today's pay, your bed-day cost and caseloads.

The question a commissioner asks: *if we employ N peer workers at today's pay, with our bed-day cost
and our caseloads, what do we get back, how sure is it, and what has to be true for it to pay?*

The arithmetic is the project's one model (:mod:`peerlib.core.model`, ``../shared/DESIGN.md`` §1.1), at
today's unit costs (``data/current_costs.csv``, the costs of the ``current`` re-costing) or the
commissioner's own:

* people one FTE supports a year: ``caseload x 12 / support_months`` for evidence staffed by the
  shared caseload; for evidence that publishes its intensity (CORE), ``hours in an FTE-year /
  (sessions per person x hours per session)``, unless the commissioner gives both a caseload and
  months of support;
* the benefit:cost ratio is the model's ratio of that study (or the pooled ratio of a pool); bed-days
  saved a year ``= n_fte x`` the model's bed-days saved per FTE-year; annual cost ``= n_fte x`` the cost
  of one worker (:func:`peerlib.core.costs.peer_worker_cost`); net benefit = value - cost;
* break-even: each from the model, none re-derived here: its break-even caseload, the hours per person
  and the bed-day cost at which its ratio is 1 (:meth:`~peerlib.core.model.Model.solve`), and the
  bed-days per FTE-year that pay for a worker, per person supported;
* cash or capacity: :func:`peerlib.core.costs.cash_or_capacity`, as in the teaching pack.

The worker's cost counts overheads, as a commissioner pays them: PSSRU's overheads for NHS community staff
(``data/current_costs.csv``, ``business_case_overhead_rate``), unless the commissioner sets a rate.

The evidence's own caveat (``data/studies.csv``, column ``caveat``) travels with it. The probabilistic
part draws the evidence's inputs and the project's own assumptions the commissioner did not set
(bed-day cost, overheads, caseload, hours of an FTE-year) with :mod:`peerlib.analysis.psa` (seeded),
and holds the commissioner's own values and today's pay, national insurance and pension as known. Today's
bed-day cost and overheads are drawn over today's ranges, never the 2011-12 costing's
(:func:`today_specs`): the bed-day cost uniformly between the two sourced figures of
``data/current_costs.csv``, each brought to the costing's price year with the pay and prices index; the
overheads uniformly between ``business_case_overhead_low_rate`` and ``business_case_overhead_high_rate``.

Everything here is pure: :func:`build_inputs` checks and completes the parameters (from
``data/current_costs.csv`` where not given), :func:`evaluate` computes a :class:`BusinessCaseResult`,
whose :meth:`~BusinessCaseResult.summary` is the plain-language account the notebook and
``python -m peerlib business-case`` print.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis import recosting
from peerlib.analysis.specs import ParameterSpec, draw_parameters, load_specs, with_fixed
from peerlib.config import BUSINESS_CASE_DRAWS, DATA_DIR, SEED
from peerlib.core.costs import CostAssumptions, cash_or_capacity, peer_worker_cost
from peerlib.core.model import POOLS, Model, parameter_name, study_parameters, study_values
from peerlib.core.model import evaluate as model_evaluate
from peerlib.core.weighting import SCHEME_SHORT
from peerlib.formatting import gbp_whole, percent_text
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.sourced import Plausible, check_choice, check_parameter, plausible
from peerlib.inputs.studies import (
    CASELOAD,
    CASELOAD_GROUP,
    CASELOAD_MAXIMUM,
    DAYS_PER_MONTH,
    FTE_HOURS,
    INTENSITY_INPUTS,
    Study,
    StudyInput,
    load_staffing,
    load_studies,
)
from peerlib.inputs.unit_costs import (
    BUSINESS_CASE_OVERHEAD,
    BUSINESS_CASE_OVERHEAD_RANGE,
    CURRENT_COSTS_FILE,
    PAY_BANDS,
    PAY_POINTS,
)
from peerlib.vocabulary import term

Origin = Literal["parameter", "option"]
OWN = "own"
DEFAULT_EVIDENCE = "core2018"  # the one UK randomised trial: the nearest to an NHS service today

# Every parameter of the business case and what its default is. What each is, its label and unit are the
# vocabulary's (peerlib.vocabulary: :func:`parameter_help`). The notebook's parameters, the command line's options
# (``--n-fte`` for ``n_fte``) and every error message use these names and units.
PARAMETERS: dict[str, str] = {
    "evidence": f"{DEFAULT_EVIDENCE}, the UK CORE trial",
    "n_fte": "1",
    "caseload": "data/staffing.csv",
    "support_months": "the evidence's own; required with evidence own",
    "pay_band": "3",
    "pay_point": "top",
    "salary_gbp": "the band and point",
    "bed_day_cost_gbp": "data/current_costs.csv, brought to the costing's price year, drawn over its range",
    "employer_ni_rate": "data/current_costs.csv",
    "employer_ni_threshold_gbp": "data/current_costs.csv",
    "pension_basis": "economic",
    "employer_pension_rate": "by the pension basis",
    "overhead_rate": "PSSRU's overheads for NHS community staff, data/current_costs.csv, drawn over its range; a "
                     "figure given is taken as known",
    "cash_releasing_share": "0",
    **{name: "none; required with evidence own" for name in ("own_bed_days_saved_per_patient", "own_low", "own_high")},
    "n_draws": f"{BUSINESS_CASE_DRAWS:,}",
    "seed": f"{SEED}",
}


def parameter_help(name: str, default: str = "") -> str:
    """What a parameter is (the vocabulary's words) and its default (``default``, else :data:`PARAMETERS`')."""
    return f"{term(name).help} (default: {default or PARAMETERS[name]})"


PENSION_BASES = recosting.PENSION_BASES


def origin_text(name: str, origin: Origin) -> str:
    """Where a value came from: ``option --n-fte`` or ``notebook parameter n_fte``."""
    return f"option --{name.replace('_', '-')}" if origin == "option" else f"notebook parameter {name}"


def where(name: str, origin: Origin) -> str:
    """How a parameter is named to the user: ``n_fte (option --n-fte)`` or ``n_fte (notebook parameter n_fte)``."""
    return f"{name} ({origin_text(name, origin)})"


def _bad(name: str, origin: Origin, expected: str, found: object) -> ParameterError:
    found_text = "no value" if found is None else repr(found)
    return ParameterError(f"{where(name, origin)}: expected {expected}, found {found_text}")


def _checked(name: str, value: object, origin: Origin, bounds: Plausible | None = None, item: str = "") -> float:
    """A number within ``bounds``, by default those every loader of data/ holds the same figure (``item``, else
    ``name``) to, by the one check of a user's value (:func:`peerlib.inputs.sourced.check_parameter`)."""
    bounds = bounds or plausible(item or name)
    assert bounds is not None, f"no plausible range for {item or name}"
    return check_parameter(name, value, origin_text(name, origin), bounds)


# --- Evidence -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """Where the effect comes from: its label, the studies behind it and what to read it with.

    ``findings`` are the studies' own caveats, as ``data/studies.csv`` states them (column ``caveat``),
    each with the study's label: they travel with the evidence to every page and the command line.
    ``caveats`` are this analysis's notes on the evidence (assumed inputs, imputed figures, weights).
    """

    id: str
    label: str
    kind: Literal["study", "pool", "own"]
    study_ids: tuple[str, ...]
    support_months: float | None  # the evidence's own length of support, where its staffing rests on one
    caveats: tuple[str, ...] = ()
    findings: tuple[tuple[str, str], ...] = ()  # (study label, its caveat in data/studies.csv)
    trial: bool = False  # one randomised trial


def evidence_choices(data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """Every accepted value of ``evidence``: the study ids, the pooled ids and 'own'."""
    return (*(s.study_id for s in load_studies(data_dir, included_only=False)), *(p.outcome_id for p in POOLS), OWN)


def _study_caveats(study: Study, basis: str, support_set: bool) -> list[str]:
    """This analysis's notes on one study: its assumed inputs, and its length of support where it is used."""
    notes = []
    assumed = [study.inputs[i] for i in study.effect_inputs if study.inputs[i].is_assumption]
    if basis == "intensity":
        assumed += [study.inputs[i] for i in INTENSITY_INPUTS if study.inputs[i].is_assumption]
    for item in assumed:
        notes.append(f"{study.label}: its {item.name.replace('_', ' ')} is an assumption. {item.reason.rstrip('.')}")
    support = study.inputs["support_months"]
    if basis == "caseload" and not support_set and support.is_assumption:
        notes.append(f"{study.label}: how long each patient was supported is not published; "
                     f"{support.value:g} months is assumed ({support.reason})")
    if study.design == "no_comparison_group":
        notes.append(f"{study.label}: no comparison group, so its bed-days saved are the service's own estimate")
    return notes


# --- Inputs ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class BusinessCaseInputs:
    """Every parameter of one business case, checked, with its costs at one price year."""

    evidence: str
    n_fte: float
    caseload: float
    support_months: float | None  # None: the evidence's own
    bed_day_cost_gbp: float
    salary_gbp: float
    employer_ni_rate: float
    employer_ni_threshold_gbp: float
    employer_pension_rate: float
    overhead_rate: float
    price_year: str
    pay_description: str
    pension_description: str
    bed_day_description: str
    cash_releasing_share: float = 0.0
    own_bed_days_saved_per_patient: float | None = None
    own_low: float | None = None
    own_high: float | None = None
    n_draws: int = BUSINESS_CASE_DRAWS
    seed: int = SEED
    given: frozenset[str] = frozenset()  # the parameters the commissioner set; the rest are the project's defaults
    overhead_description: str = ""
    # Today's ranges, drawn where the commissioner did not set the value (data/current_costs.csv):
    bed_day_range_gbp: tuple[float, float] = (math.nan, math.nan)  # at the costing's price year
    overhead_range: tuple[float, float] = (math.nan, math.nan)

    @property
    def cost_per_fte_gbp(self) -> float:
        return peer_worker_cost(self.salary_gbp, self.employer_ni_rate, self.employer_ni_threshold_gbp,
                                self.employer_pension_rate, self.overhead_rate, self.price_year).total_gbp

    @property
    def costs(self) -> CostAssumptions:
        """The unit costs of the model: today's (``data/current_costs.csv``) where the commissioner set none."""
        return CostAssumptions(bed_day_cost_gbp=self.bed_day_cost_gbp, peer_worker_salary_gbp=self.salary_gbp,
                               employer_ni_rate=self.employer_ni_rate,
                               employer_ni_threshold_gbp=self.employer_ni_threshold_gbp,
                               employer_pension_rate=self.employer_pension_rate, overhead_rate=self.overhead_rate,
                               price_year=self.price_year)


def build_inputs(
    data_dir: Path = DATA_DIR,
    *,
    evidence: str = DEFAULT_EVIDENCE,
    n_fte: float = 1.0,
    caseload: float | None = None,
    support_months: float | None = None,
    pay_band: int | None = None,
    pay_point: str | None = None,
    salary_gbp: float | None = None,
    bed_day_cost_gbp: float | None = None,
    employer_ni_rate: float | None = None,
    employer_ni_threshold_gbp: float | None = None,
    pension_basis: str = "economic",
    employer_pension_rate: float | None = None,
    overhead_rate: float | None = None,
    cash_releasing_share: float = 0.0,
    own_bed_days_saved_per_patient: float | None = None,
    own_low: float | None = None,
    own_high: float | None = None,
    n_draws: int = BUSINESS_CASE_DRAWS,
    seed: int = SEED,
    origin: Origin = "parameter",
) -> BusinessCaseInputs:
    """Check every parameter and fill those not given from ``data/`` (today's unit costs, the shared caseload).

    A value out of range raises a :class:`ParameterError` naming the parameter (as a notebook parameter
    or a command-line option, by ``origin``), what is allowed and what was found.
    """
    set_by_user = frozenset(name for name, value in (
        ("caseload", caseload), ("support_months", support_months), ("pay_band", pay_band), ("pay_point", pay_point),
        ("salary_gbp", salary_gbp), ("bed_day_cost_gbp", bed_day_cost_gbp), ("employer_ni_rate", employer_ni_rate),
        ("employer_ni_threshold_gbp", employer_ni_threshold_gbp), ("employer_pension_rate", employer_pension_rate),
        ("overhead_rate", overhead_rate)) if value is not None)
    if pension_basis != "economic":
        set_by_user |= {"pension_basis"}
    choices = evidence_choices(data_dir)
    if evidence not in choices:
        check_choice("evidence", evidence, choices, origin_text("evidence", origin))
    current = recosting.load_current_costs(data_dir)
    n_fte = _checked("n_fte", n_fte, origin)
    if caseload is None:  # the project's caseload for the way the evidence delivered support (one-to-one for a pool)
        staffing = load_staffing(data_dir)
        studies_by_id = {s.study_id: s for s in load_studies(data_dir, included_only=False)}
        caseload = (staffing.caseload_for(studies_by_id[evidence]) if evidence in studies_by_id
                    else staffing.caseload)
    caseload = _checked("caseload", caseload, origin)
    if support_months is not None:
        support_months = _checked("support_months", support_months, origin)
    if evidence == OWN and support_months is None:
        raise _bad("support_months", origin, "the months each person is supported, which your own figure is over",
                   None)

    if pay_band is not None:
        check_choice("pay_band", pay_band, PAY_BANDS, origin_text("pay_band", origin), recosting.PAY_BAND_NOTE)
    if pay_point is not None:
        check_choice("pay_point", pay_point, PAY_POINTS, origin_text("pay_point", origin), recosting.PAY_POINT_NOTE)
    if salary_gbp is not None:
        if pay_band is not None or pay_point is not None:
            raise _bad("salary_gbp", origin, "either a salary or a pay band and point, not both", salary_gbp)
        salary = _checked("salary_gbp", salary_gbp, origin, item="peer_worker_salary_gbp")
        pay_description = f"a salary of {gbp_whole(salary)} set by the user"
    else:
        band, point = pay_band or recosting.DEFAULT_PAY_BAND, pay_point or recosting.DEFAULT_PAY_POINT
        salary = current.salary_gbp(band, point)
        pay_description = f"Agenda for Change band {band}, {'top' if point == 'top' else 'entry'} point"

    if bed_day_cost_gbp is not None:
        bed = _checked("bed_day_cost_gbp", bed_day_cost_gbp, origin)
        bed_description = "your own figure"
    else:
        bed = current.bed_day_cost_gbp()
        row = current.rows["bed_day_cost_gbp"]
        bed_description = (f"{gbp_whole(row.value)} at {row.price_year} prices (a weak, secondary figure for all "
                           f"mental "
                           f"health spells: see data/current_costs.csv), brought to {current.price_year}")

    ni_rate = current.rows["employer_ni_rate"].value if employer_ni_rate is None else \
        _checked("employer_ni_rate", employer_ni_rate, origin)
    ni_threshold = current.rows["employer_ni_threshold_gbp"].value if employer_ni_threshold_gbp is None else \
        _checked("employer_ni_threshold_gbp", employer_ni_threshold_gbp, origin)
    check_choice("pension_basis", pension_basis, list(PENSION_BASES), origin_text("pension_basis", origin))
    if employer_pension_rate is not None:
        pension = _checked("employer_pension_rate", employer_pension_rate, origin)
        pension_description = f"{percent_text(pension, 2)} of salary, set by the user"
    else:
        pension = current.pension_rate(pension_basis)
        pension_description = f"{percent_text(pension, 2)} of salary: {PENSION_BASES[pension_basis]}"
    row = current.rows[BUSINESS_CASE_OVERHEAD]
    if overhead_rate is None:
        overheads = row.value
        overhead_description = (f"{percent_text(overheads, 1)} of salary and on-costs: PSSRU's overheads for NHS "
                                f"community staff "
                                f"(Unit Costs of Health and Social Care, Table 8.2.1; data/{CURRENT_COSTS_FILE})")
    else:
        overheads = _checked("overhead_rate", overhead_rate, origin)
        overhead_description = f"{percent_text(overheads, 1)} of salary and on-costs, set by the user"
    low_row, high_row = (current.rows[item] for item in BUSINESS_CASE_OVERHEAD_RANGE)
    share = _checked("cash_releasing_share", cash_releasing_share, origin)

    own = (own_bed_days_saved_per_patient, own_low, own_high)
    if evidence == OWN:
        assert support_months is not None
        days = support_months * DAYS_PER_MONTH
        names = ("own_bed_days_saved_per_patient", "own_low", "own_high")
        for name, value in zip(names, own, strict=True):
            if value is None:
                raise _bad(name, origin, f"a number of bed-days per person supported (from -{days:,.0f} to "
                           f"{days:,.0f}, the days in {support_months:g} months), as evidence is 'own'", None)
        in_months = Plausible(-days, days, "bed-days per person supported",
                              why=f"the days in {support_months:g} months")
        figure, low_, high_ = (_checked(n, v, origin, in_months) for n, v in zip(names, own, strict=True))
        if not low_ <= figure <= high_:
            raise _bad("own_low", origin, f"a range with own_low <= own_bed_days_saved_per_patient ({figure:g}) "
                       "<= own_high", f"{low_:g} to {high_:g}")
        own = (figure, low_, high_)
    else:
        given = [n for n, v in zip(("own_bed_days_saved_per_patient", "own_low", "own_high"), own, strict=True)
                 if v is not None]
        if given:
            raise _bad(given[0], origin, "no value unless evidence is 'own' (the evidence chosen gives the effect)",
                       own[("own_bed_days_saved_per_patient", "own_low", "own_high").index(given[0])])

    n_draws = int(_checked("n_draws", n_draws, origin))
    seed = int(_checked("seed", seed, origin))
    return BusinessCaseInputs(
        evidence=evidence, n_fte=n_fte, caseload=caseload, support_months=support_months, bed_day_cost_gbp=bed,
        salary_gbp=salary, employer_ni_rate=ni_rate, employer_ni_threshold_gbp=ni_threshold,
        employer_pension_rate=pension, overhead_rate=overheads, price_year=current.price_year,
        pay_description=pay_description, pension_description=pension_description, bed_day_description=bed_description,
        cash_releasing_share=share, own_bed_days_saved_per_patient=own[0], own_low=own[1], own_high=own[2],
        n_draws=n_draws, seed=seed, given=set_by_user, overhead_description=overhead_description,
        bed_day_range_gbp=today_bed_day_range(current), overhead_range=(low_row.value, high_row.value))


def today_bed_day_range(current: recosting.CurrentCosts) -> tuple[float, float]:
    """Today's range of the bed-day cost: the lowest and highest of the sourced bed-day costs of
    ``current_costs.csv``, each brought to the costing's price year with the pay and prices index."""
    values = sorted(current.bed_day_cost_gbp(item) for item in recosting.BED_DAY_ITEMS)
    return values[0], values[-1]


# --- The model, its draws and the result ----------------------------------------------------------

# The project's own assumptions a commissioner may replace, by the parameter that replaces them.
PROJECT_DEFAULTS = {CASELOAD: "caseload", CASELOAD_GROUP: "caseload", "bed_day_cost_gbp": "bed_day_cost_gbp",
                    "overhead_rate": "overhead_rate"}
TODAY_SOURCES = {
    "bed_day_cost_gbp": f"{CURRENT_COSTS_FILE}: bed_day_cost_gbp and alt_bed_day_cost_gbp, each brought to the "
                        "costing's price year with the pay and prices index",
    "overhead_rate": f"{CURRENT_COSTS_FILE}: business_case_overhead_low_rate to business_case_overhead_high_rate "
                     "(PSSRU Unit Costs of Health and Social Care, Table 8.2.1)",
}


def today_specs(inputs: BusinessCaseInputs, base: Mapping[str, float]) -> dict[str, ParameterSpec]:
    """The draws of today's bed-day cost and overheads: uniform over today's ranges (``current_costs.csv``), around
    the model's values ``base``; the 2011-12 ranges of ``uncertainty.csv`` play no part."""
    ranges = {"bed_day_cost_gbp": inputs.bed_day_range_gbp, "overhead_rate": inputs.overhead_range}
    return {name: ParameterSpec(name, base[name], low, high, "uniform", TODAY_SOURCES[name],
                                            status="derived" if name == "bed_day_cost_gbp" else "assumption",
                                            reason="today's range, drawn uniformly")
            for name, (low, high) in ranges.items()}


def _own_study(inputs: BusinessCaseInputs) -> Study:
    """Your own figure as a study of the model: bed-days saved per person supported, one person per 'arm'."""
    assert inputs.support_months is not None and inputs.own_bed_days_saved_per_patient is not None
    given = {"n_peer": (1.0, "people"), "n_control": (1.0, "people"),
             "followup_months": (inputs.support_months, "months"), "support_months": (inputs.support_months, "months"),
             "bed_days_saved_per_patient": (inputs.own_bed_days_saved_per_patient, "bed-days per patient")}
    return Study(OWN, "your own figure", False, "", "", "", "", "", "", "bed_days_saved_per_patient", "",
                 inputs={name: StudyInput(name, value, unit, "published", "set by the user")
                         for name, (value, unit) in given.items()})


def _as_commissioned(study: Study, inputs: BusinessCaseInputs) -> Study:
    """A study with the commissioner's staffing where it replaces the evidence's own.

    A study staffed by the shared caseload takes the commissioner's months of support when given. A study that
    publishes its intensity keeps it unless the commissioner gives both a caseload and months of support.
    """
    months_given = "support_months" in inputs.given
    if study.staffing_basis == "intensity" and not ({"caseload", "support_months"} <= inputs.given):
        return study
    if study.staffing_basis not in ("caseload", "intensity") or not months_given:
        return study
    assert inputs.support_months is not None
    kept = {k: v for k, v in study.inputs.items() if k not in INTENSITY_INPUTS}
    kept["support_months"] = replace(study.inputs["support_months"], value=inputs.support_months,
                                     status="published", source="set by the user", reason="", formula=None)
    return replace(study, inputs=kept)


@dataclass(frozen=True)
class Analysis:
    """The model of the project at the business case's costs and staffing, and the outcome it is judged on."""

    model: Model
    outcome: str  # a study id, a pooled id or 'own'
    members: tuple[str, ...]
    scheme: str  # the weighting of a pool (a study: its own weight)
    evidence: Evidence


def analysis(inputs: BusinessCaseInputs, data_dir: Path = DATA_DIR) -> Analysis:
    """The one model (:class:`peerlib.core.model.Model`) at the commissioner's costs, caseload and months of support."""
    costs = inputs.costs
    if inputs.evidence == OWN:
        empty = Model.from_data(data_dir, study_ids=[], caseload=inputs.caseload)  # own figure: the caseload shown
        model = replace(empty, studies=(_own_study(inputs),), costs=costs)
        evidence = Evidence(OWN, "your own figure", "own", (), inputs.support_months)
        return Analysis(model, OWN, (OWN,), "sample_size", evidence)
    pool = next((p for p in POOLS if p.outcome_id == inputs.evidence), None)
    ids = [inputs.evidence] if pool is None else None
    # The commissioner's caseload for every study; otherwise each study's own way of delivering support.
    given = inputs.caseload if "caseload" in inputs.given else None
    data_model = Model.from_data(data_dir, study_ids=ids, caseload=given)
    model = replace(data_model.with_studies([_as_commissioned(s, inputs) for s in data_model.studies]), costs=costs)
    support_set = "support_months" in inputs.given
    if pool is None:
        study = data_model.study(inputs.evidence)
        basis = model.study(study.study_id).staffing_basis
        evidence = Evidence(study.study_id, study.label, "study", (study.study_id,),
                            # the months behind the evidence's effect: none where the study's own staffing is its
                            # sessions and hours (CORE), even when the commissioner's caseload and months replace it
                            study.support_months if study.staffing_basis == "caseload" else None,
                            tuple(_study_caveats(study, basis, support_set)),
                            ((study.label, study.caveat),) if study.caveat else (), study.design == "rct")
        return Analysis(model, study.study_id, (study.study_id,), "sample_size", evidence)
    members = pool.members(model.studies)
    originals = {s.study_id: s for s in data_model.studies}
    weights = model.evaluate().weights[pool.scheme]
    caveats = []  # the pool itself is named where the evidence is described (peerlib.present.business_case)
    imputed = [s.label for s in members if s.effect_status == "imputed"]
    if imputed:
        caveats.append(f"imputed bed-use figures in the pool: {', '.join(imputed)}")
    heaviest = max(members, key=lambda s: float(weights[s.study_id]))
    share = float(weights[heaviest.study_id]) / sum(float(weights[s.study_id]) for s in members)
    if share > 0.5:
        caveats.append(f"{heaviest.label} carries {percent_text(share)} of the weight")
    for s in members:
        caveats += [c for c in _study_caveats(originals[s.study_id], s.staffing_basis, support_set)
                    if "no comparison group" in c]
    staffed = [s for s in members if s.staffing_basis == "caseload"]
    support = (sum(s.support_months * float(weights[s.study_id]) for s in staffed)
               / sum(float(weights[s.study_id]) for s in staffed)) if staffed else None
    short = SCHEME_SHORT[pool.outcome_id.removeprefix("pooled_")]
    evidence = Evidence(pool.outcome_id, f"the pooled studies ({short})", "pool", tuple(s.study_id for s in members),
                        support, tuple(caveats), tuple((s.label, s.caveat) for s in members if s.caveat))
    return Analysis(model, pool.outcome_id, tuple(s.study_id for s in members), pool.scheme, evidence)


def _uncertain(a: Analysis, inputs: BusinessCaseInputs, data_dir: Path) -> dict[str, ParameterSpec]:
    """The specs of the draws: the evidence's inputs (from ``data/uncertainty.csv``) and the project's defaults the
    commissioner did not set (today's bed-day cost and overheads over today's ranges, :func:`today_specs`; the
    caseload or the hours of an FTE-year from ``data/uncertainty.csv``); the commissioner's own values and today's
    pay, national insurance and pension fixed."""
    specs = load_specs(a.model, data_dir)
    specs.update(today_specs(inputs, a.model.parameters()))
    studies = [a.model.study(m) for m in a.members]
    keep = [n for s in studies for n in study_parameters(s)]
    if inputs.evidence == OWN:
        assert inputs.own_low is not None and inputs.own_high is not None
        name = parameter_name(OWN, "bed_days_saved_per_patient")
        specs[name] = ParameterSpec(name, specs[name].base, inputs.own_low, inputs.own_high, "normal",
                                                "your own range")
        keep = [name]
    bases = {s.staffing_basis for s in studies}
    caseloads = sorted({s.caseload_parameter for s in studies if s.staffing_basis == "caseload"})
    shared = ["bed_day_cost_gbp", "overhead_rate", *caseloads,
              *([FTE_HOURS] if "intensity" in bases else [])]
    keep += [n for n in shared if PROJECT_DEFAULTS.get(n) not in inputs.given]
    if "support_months" in inputs.given:
        keep = [n for n in keep if not n.endswith(".support_months")]
    return with_fixed(specs, keep)


def _weighted(values: Mapping[str, Any], weights: Mapping[str, Any], members: Sequence[str]) -> float:
    return float(sum(float(values[m]) * float(weights[m]) for m in members)
                 / sum(float(weights[m]) for m in members))


@dataclass(frozen=True)
class BusinessCaseResult:
    """Every figure of one business case: :meth:`summary` (a frame) and :meth:`describe` (the headline)."""

    inputs: BusinessCaseInputs
    evidence: Evidence
    staffing_basis: str  # 'caseload', 'intensity' (the trial's published sessions and hours), or both in a pool
    support_months: float | None  # used where the staffing is a caseload: the user's, or the evidence's own
    sessions_per_person: float  # intensity: the trial's sessions per person (NaN otherwise)
    hours_per_session: float  # intensity: peer worker's hours per session, with its preparation (NaN otherwise)
    fte_hours_per_year: float
    people_per_fte_year: float
    cost_per_fte_gbp: float
    annual_cost_gbp: float
    people_supported_per_year: float
    bed_days_saved_per_person: float
    bed_days_saved_per_year: float
    value_of_bed_days_gbp: float
    net_benefit_gbp: float
    benefit_cost_ratio: float
    probability_ratio_above_one: float
    ratio_interval: tuple[float, float]
    net_benefit_interval_gbp: tuple[float, float]
    break_even_caseload: float  # NaN where the staffing is the trial's intensity, not a caseload
    break_even_hours_per_person: float  # intensity: the peer hours per person at which the ratio is 1
    break_even_bed_days_per_person: float
    break_even_bed_day_cost_gbp: float
    cash_released_gbp: float
    net_cash_gbp: float
    capacity_bed_days: float
    beds_freed: float
    drawn_evidence: tuple[str, ...] = ()  # the evidence's parameters drawn in "how sure" (identifiers)
    drawn_defaults: tuple[str, ...] = ()  # the project's own assumptions drawn, those the commissioner did not set
    study_labels: Mapping[str, str] = field(default_factory=dict)  # the evidence's studies by id
    known: tuple[str, ...] = ()  # the commissioner's own values, taken as known
    ratio_draws: npt.NDArray[np.float64] = field(repr=False, default_factory=lambda: np.zeros(0))

    def net_benefit_at_caseload(self, caseload: npt.ArrayLike) -> np.ndarray:
        """The annual net benefit, £, at each caseload, the rest as set: the value of bed-days goes as the caseload."""
        value = self.net_benefit_gbp + self.annual_cost_gbp  # the value of bed-days at the staffing as set
        return value * np.asarray(caseload, dtype=float) / self.inputs.caseload - self.annual_cost_gbp

    def net_benefit_at_hours(self, hours_per_person: npt.ArrayLike) -> np.ndarray:
        """The annual net benefit, £, at each number of peer hours per person supported (a trial's intensity):
        people supported, and so the value of bed-days, go as 1 / hours."""
        value = self.net_benefit_gbp + self.annual_cost_gbp
        hours = self.sessions_per_person * self.hours_per_session
        return value * hours / np.asarray(hours_per_person, dtype=float) - self.annual_cost_gbp

    @property
    def pays(self) -> bool:
        return self.benefit_cost_ratio > 1

    def table(self) -> pd.DataFrame:
        """Each figure with what it is and its unit (the vocabulary's; £ with their price year), indexed by its name
        in the vocabulary and results.csv (for a report or ``--format csv``)."""
        i = self.inputs
        figures: list[tuple[str, object]] = [
            ("evidence", self.evidence.id), ("n_fte", i.n_fte), ("staffing_basis", self.staffing_basis),
            ("caseload", i.caseload if "caseload" in self.staffing_basis else math.nan),
            ("support_months", math.nan if self.support_months is None else self.support_months),
            ("sessions_per_person", self.sessions_per_person), ("hours_per_session", self.hours_per_session),
            ("people_per_fte_year", self.people_per_fte_year), ("salary_gbp", i.salary_gbp),
            ("cost_per_fte_gbp", self.cost_per_fte_gbp), ("annual_cost_gbp", self.annual_cost_gbp),
            ("bed_day_cost_gbp", i.bed_day_cost_gbp), ("people_supported_per_year", self.people_supported_per_year),
            ("bed_days_saved_per_person", self.bed_days_saved_per_person),
            ("bed_days_saved_per_year", self.bed_days_saved_per_year),
            ("value_of_bed_days_gbp", self.value_of_bed_days_gbp), ("net_benefit_gbp", self.net_benefit_gbp),
            ("benefit_cost_ratio", self.benefit_cost_ratio),
            ("probability_above_one", self.probability_ratio_above_one),
            ("interval_low", self.ratio_interval[0]), ("interval_high", self.ratio_interval[1]),
            ("net_benefit_interval_low_gbp", self.net_benefit_interval_gbp[0]),
            ("net_benefit_interval_high_gbp", self.net_benefit_interval_gbp[1]),
            ("break_even_caseload", self.break_even_caseload),
            ("break_even_hours_per_person", self.break_even_hours_per_person),
            ("break_even_bed_days_per_person", self.break_even_bed_days_per_person),
            ("break_even_bed_day_cost_gbp", self.break_even_bed_day_cost_gbp),
            ("cash_releasing_share", i.cash_releasing_share), ("cash_released_gbp", self.cash_released_gbp),
            ("net_cash_gbp", self.net_cash_gbp), ("capacity_bed_days", self.capacity_bed_days),
            ("beds_freed", self.beds_freed),
        ]
        # Units said in full where the figure needs its context: whose evidence, what staffing, how many draws.
        units = {"evidence": self.evidence.label,
                 "probability_above_one": f"fraction of {i.n_draws:,} draws"}
        rows = [(name, term(name).label, value,
                 units.get(name, term(name).unit + (f" ({i.price_year} prices)" if name.endswith("_gbp") else "")))
                for name, value in figures]
        return pd.DataFrame(rows, columns=["figure", "what", "value", "unit"]).set_index("figure")

    def summary(self) -> pd.DataFrame:
        """Every figure with what it is and its unit: :meth:`table`."""
        return self.table()

    def describe(self) -> str:
        """The headline; a commissioner's full account is :func:`peerlib.present.business_case.describe`."""
        net = self.net_benefit_gbp
        return (f"{self.inputs.n_fte:g} FTE on {self.evidence.label}: {self.benefit_cost_ratio:.2f} : 1, a net "
                f"{'benefit' if net >= 0 else 'loss'} of {gbp_whole(abs(net))} a year ({self.inputs.price_year} "
                f"prices), P(ratio > 1) = {percent_text(self.probability_ratio_above_one)}.")


# The commissioner's parameters that are inputs of the model (the page names them by their labels).
KNOWN = ("caseload", "support_months", "bed_day_cost_gbp", "pay_band", "pay_point", "salary_gbp",
         "employer_ni_rate", "employer_ni_threshold_gbp", "pension_basis", "employer_pension_rate", "overhead_rate")


def evaluate(inputs: BusinessCaseInputs, data_dir: Path = DATA_DIR) -> BusinessCaseResult:
    """The business case from the project's one model: its ratio at today's costs, scaled to ``n_fte`` workers.

    The ratio and its draws are :func:`peerlib.core.model.evaluate`'s; people supported and bed-days saved a
    year are the model's per FTE-year, times ``n_fte``; the break-even caseload is the model's.
    """
    a = analysis(inputs, data_dir)
    model, outcome, members = a.model, a.outcome, a.members
    e = model.evaluate()
    params = model.parameters()
    ratio = float(e.outcomes()[outcome])
    worker, bed = float(e.peer_worker_cost_gbp), float(e.bed_day_cost_gbp)
    weights = {outcome: 1.0} if outcome in e.ratio else e.weights[a.scheme]
    people_per_fte = _weighted({m: params[parameter_name(m, "n_peer")] / float(e.fte_years[m]) for m in members},
                               weights, members)
    if not math.isfinite(people_per_fte):
        raise ParameterError(f"evidence {inputs.evidence!r} gives no bed-days saved per patient "
                             "(it enters at bed-days saved per FTE-year); choose another")
    saved_per_fte = ratio * worker / bed  # bed-days saved per FTE-year: the model's ratio, in bed-days
    studies = [model.study(m) for m in members]
    bases = sorted({s.staffing_basis for s in studies})
    sessions = hours = break_even_hours = math.nan
    if bases == ["intensity"] and len(studies) == 1:
        values = study_values(studies[0], params)
        sessions, hours = float(values["sessions_per_patient"]), float(values["hours_per_session"])
        if ratio > 0:
            break_even_hours = sessions * model.solve(parameter_name(studies[0].study_id, "hours_per_session"), outcome)
    if outcome in e.ratio:
        break_even = float(e.break_even_caseload[outcome])
    else:
        break_even = model.solve(CASELOAD, outcome) if "caseload" in bases else math.nan
    specs = _uncertain(a, inputs, data_dir)
    drawn = draw_parameters(specs, inputs.n_draws, inputs.seed)
    ratio_draws = np.broadcast_to(np.asarray(model_evaluate(drawn, model.studies).outcomes()[outcome], dtype=float),
                                  (inputs.n_draws,)).copy()
    low, high = (float(q) for q in np.quantile(ratio_draws, [0.025, 0.975]))
    varying = sorted(n for n, s in specs.items() if s.varies)
    annual_cost = inputs.n_fte * worker
    saved = inputs.n_fte * saved_per_fte
    cash = cash_or_capacity(saved, bed, inputs.cash_releasing_share)
    supported = [m for m in members if e.support_months[m] is not None]
    return BusinessCaseResult(
        inputs=inputs, evidence=a.evidence, staffing_basis="/".join(bases),
        support_months=_weighted(e.support_months, weights, supported) if supported else None,
        sessions_per_person=sessions, hours_per_session=hours, fte_hours_per_year=float(params[FTE_HOURS]),
        people_per_fte_year=people_per_fte, cost_per_fte_gbp=worker, annual_cost_gbp=annual_cost,
        people_supported_per_year=inputs.n_fte * people_per_fte,
        bed_days_saved_per_person=saved_per_fte / people_per_fte,
        bed_days_saved_per_year=saved, value_of_bed_days_gbp=cash.value_gbp,
        net_benefit_gbp=cash.value_gbp - annual_cost, benefit_cost_ratio=ratio,
        probability_ratio_above_one=float(np.mean(ratio_draws > 1)), ratio_interval=(low, high),
        net_benefit_interval_gbp=((low - 1) * annual_cost, (high - 1) * annual_cost),
        break_even_caseload=break_even,
        break_even_hours_per_person=break_even_hours,
        break_even_bed_days_per_person=float(e.break_even_bed_days_per_fte_year) / people_per_fte,
        break_even_bed_day_cost_gbp=model.solve("bed_day_cost_gbp", outcome) if ratio > 0 else math.inf,
        cash_released_gbp=cash.cash_released_gbp, net_cash_gbp=cash.cash_released_gbp - annual_cost,
        capacity_bed_days=cash.capacity_bed_days, beds_freed=cash.beds_freed,
        drawn_evidence=tuple(n for n in varying if "." in n), drawn_defaults=tuple(n for n in varying if "." not in n),
        study_labels={s.study_id: s.label for s in model.studies},
        known=tuple(term(n).label for n in KNOWN if n in inputs.given),
        ratio_draws=ratio_draws,
    )


def compare_evidence(
    inputs: BusinessCaseInputs, evidences: Sequence[str], data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """The same service judged on each evidence in turn, each on its own staffing basis unless yours replaces it."""
    rows = []
    for name in evidences:
        result = evaluate(replace(inputs, evidence=name, own_bed_days_saved_per_patient=None, own_low=None,
                                  own_high=None), data_dir)
        rows.append({"evidence": result.evidence.label, "staffing_basis": result.staffing_basis,
                     "support_months": math.nan if result.support_months is None else result.support_months,
                     "people_per_fte_year": result.people_per_fte_year,
                     "bed_days_saved_per_person": result.bed_days_saved_per_person,
                     "bed_days_saved_per_year": result.bed_days_saved_per_year,
                     "benefit_cost_ratio": result.benefit_cost_ratio,
                     "probability_above_one": result.probability_ratio_above_one,
                     "break_even_caseload": result.break_even_caseload, "net_benefit_gbp": result.net_benefit_gbp})
    return pd.DataFrame(rows).set_index("evidence")


__all__ = ["CASELOAD_MAXIMUM", "KNOWN", "PARAMETERS", "BusinessCaseInputs", "BusinessCaseResult", "Evidence",
           "build_inputs", "compare_evidence", "evaluate", "parameter_help", "where"]
