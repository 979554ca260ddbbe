"""A business case for commissioners: N peer workers at today's pay, your bed-day cost and caseloads.

The question a commissioner asks: *if we employ N peer workers at today's pay, with our bed-day cost
and our caseloads, what do we get back, how sure is it, and what has to be true for it to pay?*

The arithmetic, for ``n_fte`` workers each supporting ``caseload`` people at a time for
``support_months`` months each:

* people supported a year ``= n_fte x caseload x 12 / support_months``;
* bed-days saved a year ``= people supported x e``, where ``e`` is the bed-days each person
  supported avoids, from the evidence chosen: one study's ``delta`` (bed-days saved per peer-arm
  patient over its follow-up), a pool of studies (their ``delta`` weighted as the pool weights
  studies), or the user's own figure;
* annual cost ``= n_fte x`` the cost of one worker (salary, employer national insurance above the
  threshold, employer pension, overheads: :func:`peerlib.costs.peer_worker_cost`);
* benefit:cost ratio ``= bed-days saved x bed-day cost / annual cost``; net benefit = value - cost;
* break-even: the caseload, the bed-days avoided per person, or the bed-day cost at which the ratio
  is 1, the others as set.

``e`` is taken per person supported: someone supported for ``support_months`` is assumed to avoid as
many bed-days as a patient did in the evidence, supported for its own length of time (by default
the same). The probabilistic part draws the evidence's inputs with the project's machinery
(:mod:`peerlib.sensitivity`, seeded), holding the commissioner's own costs and staffing as known.

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
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib import recosting, sensitivity
from peerlib.costs import PLAUSIBLE_GBP, peer_worker_cost
from peerlib.errors import ParameterError
from peerlib.labels import POOL_LABELS, SCHEME_SHORT, count_words
from peerlib.model import POOLS, SHARED_PARAMETERS, Evaluation, Model, Pool
from peerlib.outcomes import MONTHS_PER_YEAR
from peerlib.paths import DATA_DIR
from peerlib.studies import CASELOAD_MAXIMUM, DAYS_PER_MONTH, DAYS_PER_YEAR, Study, check_caseload, load_studies

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Origin = Literal["parameter", "option"]
OWN = "own"
DEFAULT_EVIDENCE = "core2018"  # the one UK randomised trial: the nearest to an NHS service today
FTE_MAXIMUM = 1_000.0  # a guard against typos, far above any one service
DRAWS_MAXIMUM = 10_000_000

# Every parameter of the business case: (unit, what it is). The notebook's parameters, the command
# line's options (``--n-fte`` for ``n_fte``) and every error message use these names and units.
PARAMETERS: dict[str, tuple[str, str]] = {
    "evidence": ("a study id, a pooled id, or 'own'",
                 "the evidence for the effect: one study (e.g. sledge2011), a pool (pooled_sample_size, pooled_equal, "
                 "pooled_fte_years, pooled_evidence_only), or 'own' for your own figure (default core2018, the UK "
                 "CORE trial)"),
    "n_fte": ("FTE", "number of full-time-equivalent peer support workers employed (default 1)"),
    "caseload": ("patients per FTE at a time", "people one full-time worker supports at a time (default: "
                 "data/staffing.csv)"),
    "support_months": ("months", "how long each person is supported (default: the evidence's own; required with "
                       "evidence 'own')"),
    "pay_band": ("Agenda for Change band, 3 or 4", "pay band of the posts (default 3)"),
    "pay_point": ("'entry' or 'top'", "point in the band: its first point, or its top (default top)"),
    "salary_gbp": ("£ a year, one FTE", "annual salary, instead of a band and point"),
    "bed_day_cost_gbp": ("£ per bed-day", "your cost of a mental health inpatient bed-day (default: "
                         "data/current_costs.csv, brought to the costing's price year)"),
    "employer_ni_rate": ("fraction of earnings above the threshold", "employer national insurance rate, 0.15 for "
                         "15 % (default: data/current_costs.csv)"),
    "employer_ni_threshold_gbp": ("£ a year", "earnings above which employer national insurance is due (default: "
                                  "data/current_costs.csv)"),
    "pension_basis": ("'economic' or 'trust'", "employer pension: 'economic' counts the whole employer "
                      "contribution, 'trust' only the share a trust's budget pays (default economic)"),
    "employer_pension_rate": ("fraction of salary", "employer pension rate, instead of the pension basis"),
    "overhead_rate": ("fraction of salary and on-costs", "overheads (management, premises, training), 0.2 for 20 % "
                      "(default: data/current_costs.csv)"),
    "cash_releasing_share": ("fraction of bed-days saved, 0 to 1", "share of the bed-days saved that would "
                             "otherwise have been paid for (e.g. out-of-area placements), so release cash; "
                             "the rest frees capacity (default 0)"),
    "own_bed_days_saved_per_patient": ("bed-days per person supported", "your own figure for the bed-days each "
                                       "person supported avoids, with evidence 'own'"),
    "own_low": ("bed-days per person supported", "low end of a 95 % range for your own figure"),
    "own_high": ("bed-days per person supported", "high end of a 95 % range for your own figure"),
    "n_draws": ("draws", "probabilistic draws of the evidence's uncertainty, a whole number (default 10000)"),
    "seed": ("whole number", "seed of the random draws: the same seed gives the same draws (default 2013)"),
}
PENSION_BASES = recosting.PENSION_BASES


def origin_text(name: str, origin: Origin) -> str:
    """Where a value came from: ``option --n-fte`` or ``notebook parameter n_fte``."""
    return f"option --{name.replace('_', '-')}" if origin == "option" else f"notebook parameter {name}"


def where(name: str, origin: Origin) -> str:
    """How a parameter is named to the user: ``n_fte (option --n-fte)`` or ``n_fte (notebook parameter n_fte)``."""
    return f"{name} ({origin_text(name, origin)})"


def gbp(amount: float) -> str:
    """A sum in whole pounds with its sign before the pound sign: £1,234 or −£1,234."""
    return f"{'−' if amount < 0 else ''}£{abs(amount):,.0f}"


def months(value: float) -> str:
    """A number of months to at most one decimal: 9, 23.7."""
    return f"{value:.1f}".removesuffix(".0")


def _bad(name: str, origin: Origin, expected: str, found: object) -> ParameterError:
    found_text = "no value" if found is None else repr(found)
    return ParameterError(f"{where(name, origin)}: expected {expected}, found {found_text}")


def _number(name: str, value: object, origin: Origin, low: float, high: float, *, open_low: bool = False,
            expected: str = "") -> float:
    """A finite number in [low, high] (or (low, high] with ``open_low``), or a ParameterError naming it."""
    unit = PARAMETERS[name][0]
    expected = expected or (f"a number {'above' if open_low else 'from'} {low:,.10g} "
                            f"{'and at most' if open_low else 'to'} {high:,.10g} ({unit})")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise _bad(name, origin, expected, value)
    if value < low or value > high or (open_low and value == low):
        raise _bad(name, origin, expected, value)
    return float(value)


# --- Evidence -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Evidence:
    """Where the effect comes from: its label, the studies behind it and what to read it with."""

    id: str
    label: str
    kind: Literal["study", "pool", "own"]
    study_ids: tuple[str, ...]
    support_months: float | None  # the evidence's own length of support (a pool: weighted as it weights studies)
    caveats: tuple[str, ...] = ()


def evidence_choices(data_dir: Path = DATA_DIR) -> tuple[str, ...]:
    """Every accepted value of ``evidence``: the study ids, the pooled ids and 'own'."""
    return (*(s.study_id for s in load_studies(data_dir, included_only=False)), *(p.outcome_id for p in POOLS), OWN)


def _study_caveats(study: Study, labels: Mapping[str, str]) -> list[str]:
    notes = []
    assumed = [study.inputs[i] for i in study.effect_inputs if study.inputs[i].is_assumption]
    for item in assumed:
        notes.append(f"{study.label}: its {item.name.replace('_', ' ')} is an assumption ({item.reason})")
    support = study.inputs["support_months"]
    if support.is_assumption:
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
    n_draws: int = 10_000
    seed: int = 2013

    @property
    def cost_per_fte_gbp(self) -> float:
        return peer_worker_cost(self.salary_gbp, self.employer_ni_rate, self.employer_ni_threshold_gbp,
                                self.employer_pension_rate, self.overhead_rate, self.price_year).total_gbp


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
    n_draws: int = 10_000,
    seed: int = 2013,
    origin: Origin = "parameter",
) -> BusinessCaseInputs:
    """Check every parameter and fill those not given from ``data/`` (today's unit costs, the shared caseload).

    A value out of range raises a :class:`ParameterError` naming the parameter (as a notebook parameter
    or a command-line option, by ``origin``), what is allowed and what was found.
    """
    choices = evidence_choices(data_dir)
    if evidence not in choices:
        raise _bad("evidence", origin, f"one of {', '.join(choices)}", evidence)
    current = recosting.load_current_costs(data_dir)
    n_fte = _number("n_fte", n_fte, origin, 0, FTE_MAXIMUM, open_low=True)
    if caseload is None:
        caseload = Model.from_data(data_dir).staffing.caseload
    caseload = check_caseload(caseload, origin_text("caseload", origin))
    if support_months is not None:
        support_months = _number("support_months", support_months, origin, 0, 240, open_low=True)
    if evidence == OWN and support_months is None:
        raise _bad("support_months", origin, "the months each person is supported, which your own figure is over",
                   None)

    if pay_band is not None and (isinstance(pay_band, bool) or pay_band not in recosting.PAY_BANDS):
        raise _bad("pay_band", origin, f"one of {', '.join(map(str, recosting.PAY_BANDS))} (Agenda for Change bands "
                   "of peer support worker posts)", pay_band)
    if pay_point is not None and pay_point not in recosting.PAY_POINTS:
        raise _bad("pay_point", origin, f"one of {', '.join(recosting.PAY_POINTS)}", pay_point)
    if salary_gbp is not None:
        if pay_band is not None or pay_point is not None:
            raise _bad("salary_gbp", origin, "either a salary or a pay band and point, not both", salary_gbp)
        low, high = PLAUSIBLE_GBP["peer_worker_salary_gbp"]
        salary = _number("salary_gbp", salary_gbp, origin, low, high)
        pay_description = f"a salary of £{salary:,.0f} set by the user"
    else:
        band, point = pay_band or 3, pay_point or "top"
        salary = current.salary_gbp(band, point)
        pay_description = f"Agenda for Change band {band}, {'top' if point == 'top' else 'entry'} point"

    if bed_day_cost_gbp is not None:
        low, high = PLAUSIBLE_GBP["bed_day_cost_gbp"]
        bed = _number("bed_day_cost_gbp", bed_day_cost_gbp, origin, low, high)
        bed_description = "your own figure"
    else:
        bed = current.bed_day_cost_gbp()
        row = current.rows["bed_day_cost_gbp"]
        bed_description = (f"£{row.value:,.0f} at {row.price_year} prices (a weak, secondary figure for all mental "
                           f"health spells: see data/current_costs.csv), brought to {current.price_year}")

    ni_rate = current.rows["employer_ni_rate"].value if employer_ni_rate is None else \
        _number("employer_ni_rate", employer_ni_rate, origin, 0, 1)
    ni_threshold = current.rows["employer_ni_threshold_gbp"].value if employer_ni_threshold_gbp is None else \
        _number("employer_ni_threshold_gbp", employer_ni_threshold_gbp, origin,
                *PLAUSIBLE_GBP["employer_ni_threshold_gbp"])
    if pension_basis not in PENSION_BASES:
        raise _bad("pension_basis", origin, f"one of {', '.join(PENSION_BASES)}", pension_basis)
    if employer_pension_rate is not None:
        pension = _number("employer_pension_rate", employer_pension_rate, origin, 0, 1)
        pension_description = f"{pension:.2%} of salary, set by the user"
    else:
        pension = current.pension_rate(pension_basis)
        pension_description = f"{pension:.2%} of salary: {PENSION_BASES[pension_basis]}"
    overheads = current.rows["overhead_rate"].value if overhead_rate is None else \
        _number("overhead_rate", overhead_rate, origin, 0, 1)
    share = _number("cash_releasing_share", cash_releasing_share, origin, 0, 1)

    own = (own_bed_days_saved_per_patient, own_low, own_high)
    if evidence == OWN:
        assert support_months is not None
        days = support_months * DAYS_PER_MONTH
        names = ("own_bed_days_saved_per_patient", "own_low", "own_high")
        for name, value in zip(names, own, strict=True):
            if value is None:
                raise _bad(name, origin, f"a number of bed-days per person supported (from -{days:,.0f} to "
                           f"{days:,.0f}, the days in {support_months:g} months), as evidence is 'own'", None)
        figure, low_, high_ = (_number(n, v, origin, -days, days,
                                       expected=f"a number from -{days:,.0f} to {days:,.0f} bed-days per person "
                                                f"supported (the days in {support_months:g} months)")
                               for n, v in zip(names, own, strict=True))
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

    if isinstance(n_draws, bool) or not isinstance(n_draws, int) or not 1 <= n_draws <= DRAWS_MAXIMUM:
        raise _bad("n_draws", origin, f"a whole number from 1 to {DRAWS_MAXIMUM:,}", n_draws)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise _bad("seed", origin, "a whole number of 0 or more", seed)
    return BusinessCaseInputs(
        evidence=evidence, n_fte=n_fte, caseload=caseload, support_months=support_months, bed_day_cost_gbp=bed,
        salary_gbp=salary, employer_ni_rate=ni_rate, employer_ni_threshold_gbp=ni_threshold,
        employer_pension_rate=pension, overhead_rate=overheads, price_year=current.price_year,
        pay_description=pay_description, pension_description=pension_description, bed_day_description=bed_description,
        cash_releasing_share=share, own_bed_days_saved_per_patient=own[0], own_low=own[1], own_high=own[2],
        n_draws=n_draws, seed=seed)


# --- The effect, its draws and the result ---------------------------------------------------------

@dataclass(frozen=True)
class Effect:
    """Bed-days avoided per person supported: the base value and ``n_draws`` draws of it."""

    evidence: Evidence
    base: float
    draws: npt.NDArray[np.float64]


def _pool_mean(values: Mapping[str, Any], weights: Mapping[str, Any], members: Sequence[str]) -> Any:
    """The weighted mean over a pool's members (numbers or arrays of draws)."""
    total = sum(weights[m] for m in members)
    return sum(values[m] * weights[m] for m in members) / total


def effect(inputs: BusinessCaseInputs, data_dir: Path = DATA_DIR) -> Effect:
    """The bed-days each person supported avoids, from the evidence, with seeded draws of its uncertainty.

    A study's and a pool's inputs are drawn from ``data/uncertainty.csv`` (and the study's own standard
    deviations) by :func:`peerlib.sensitivity.draw_parameters`; costs and staffing are held at their
    values. Your own figure is drawn from a normal distribution with your range as its 95 % interval.
    """
    if inputs.evidence == OWN:
        assert inputs.own_bed_days_saved_per_patient is not None and inputs.own_low is not None \
            and inputs.own_high is not None
        spec = sensitivity.ParameterSpec("own_bed_days_saved_per_patient", inputs.own_bed_days_saved_per_patient,
                                         inputs.own_low, inputs.own_high, "normal", "your own range")
        draws = np.broadcast_to(np.asarray(spec.draw(np.random.default_rng(inputs.seed), inputs.n_draws),
                                           dtype=float), (inputs.n_draws,))
        label = "your own figure"
        return Effect(Evidence(OWN, label, "own", (), inputs.support_months), spec.base, np.array(draws))

    pool = next((p for p in POOLS if p.outcome_id == inputs.evidence), None)
    if pool is None:
        model = Model.from_data(data_dir, study_ids=[inputs.evidence], caseload=inputs.caseload)
    else:
        model = Model.from_data(data_dir, caseload=inputs.caseload)
    specs = sensitivity.load_specs(model, data_dir)
    specs = sensitivity.with_fixed(specs, [n for n in specs if n not in SHARED_PARAMETERS])
    drawn = sensitivity.draw_parameters(specs, inputs.n_draws, inputs.seed)
    base_e, draws_e = model.evaluate(), model.evaluate(drawn)
    labels = {s.study_id: s.label for s in model.studies + model.references}
    if pool is None:
        study = model.study(inputs.evidence)
        evidence = Evidence(study.study_id, study.label, "study", (study.study_id,), study.support_months,
                            tuple(_study_caveats(study, labels)))
        base, draws = base_e.delta[study.study_id], draws_e.delta[study.study_id]
    else:
        evidence, base, draws = _pooled(pool, model, base_e, draws_e, labels)
    if not math.isfinite(float(base)):
        raise ParameterError(f"evidence {inputs.evidence!r} gives no bed-days saved per patient "
                             "(it enters at bed-days saved per FTE-year); choose another")
    return Effect(evidence, float(base), np.broadcast_to(np.asarray(draws, dtype=float), (inputs.n_draws,)).copy())


def _pooled(
    pool: Pool, model: Model, base_e: Evaluation, draws_e: Evaluation, labels: Mapping[str, str]
) -> tuple[Evidence, Any, Any]:
    members = [s.study_id for s in pool.members(model.studies)]
    weights = base_e.weights[pool.scheme]
    support = float(_pool_mean({s.study_id: s.support_months for s in model.studies}, weights, members))
    imputed = [labels[s.study_id] for s in pool.members(model.studies) if s.effect_status == "imputed"]
    caveats = [f"bed-days saved per patient pooled over {count_words(len(members), 'study', 'studies')}, "
               f"{POOL_LABELS[pool.outcome_id]}"]
    if imputed:
        caveats.append(f"imputed bed-use figures in the pool: {', '.join(imputed)}")
    heaviest = max(members, key=lambda m: float(weights[m]))
    share = float(weights[heaviest]) / sum(float(weights[m]) for m in members)
    if share > 0.5:
        caveats.append(f"{labels[heaviest]} carries {share:.0%} of the weight")
    short = SCHEME_SHORT[pool.outcome_id.removeprefix("pooled_")]
    evidence = Evidence(pool.outcome_id, f"the pooled studies ({short})", "pool",
                        tuple(members), support, tuple(caveats))
    return (evidence, _pool_mean(base_e.delta, weights, members),
            _pool_mean(draws_e.delta, draws_e.weights[pool.scheme], members))


@dataclass(frozen=True)
class BusinessCaseResult:
    """Every figure of one business case, with :meth:`summary` (plain language), :meth:`table` and :meth:`plot`."""

    inputs: BusinessCaseInputs
    evidence: Evidence
    support_months: float  # used: the user's, or the evidence's own
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
    break_even_caseload: float
    break_even_bed_days_per_person: float
    break_even_bed_day_cost_gbp: float
    cash_released_gbp: float
    net_cash_gbp: float
    capacity_bed_days: float
    beds_freed: float
    ratio_draws: npt.NDArray[np.float64] = field(repr=False, default_factory=lambda: np.zeros(0))

    @property
    def pays(self) -> bool:
        return self.benefit_cost_ratio > 1

    def table(self) -> pd.DataFrame:
        """Each figure with what it is and its unit, indexed by identifier (for a report or ``--format csv``)."""
        i = self.inputs
        year = f"({i.price_year} prices)"
        rows: list[tuple[str, str, object, str]] = [
            ("evidence", "evidence for the effect", self.evidence.id, self.evidence.label),
            ("n_fte", "peer support workers", i.n_fte, "FTE"),
            ("caseload", "caseload", i.caseload, "patients per FTE at a time"),
            ("support_months", "support per person", self.support_months, "months"),
            ("salary_gbp", "salary", i.salary_gbp, f"£ a year, one FTE {year}"),
            ("cost_per_fte_gbp", "cost of one worker", self.cost_per_fte_gbp,
             f"£ a year, with on-costs and overheads {year}"),
            ("annual_cost_gbp", "annual cost", self.annual_cost_gbp, f"£ a year {year}"),
            ("bed_day_cost_gbp", "bed-day cost", i.bed_day_cost_gbp, f"£ per bed-day {year}"),
            ("people_supported_per_year", "people supported", self.people_supported_per_year, "people a year"),
            ("bed_days_saved_per_person", "bed-days avoided per person", self.bed_days_saved_per_person,
             "bed-days per person supported"),
            ("bed_days_saved_per_year", "bed-days saved", self.bed_days_saved_per_year, "bed-days a year"),
            ("value_of_bed_days_gbp", "value of bed-days saved", self.value_of_bed_days_gbp, f"£ a year {year}"),
            ("net_benefit_gbp", "net benefit", self.net_benefit_gbp, f"£ a year {year}"),
            ("benefit_cost_ratio", "benefit : cost ratio", self.benefit_cost_ratio, "ratio"),
            ("probability_ratio_above_one", "P(ratio > 1)", self.probability_ratio_above_one,
             f"share of {i.n_draws:,} draws"),
            ("ratio_interval_low", "ratio, 2.5th percentile", self.ratio_interval[0], "ratio"),
            ("ratio_interval_high", "ratio, 97.5th percentile", self.ratio_interval[1], "ratio"),
            ("net_benefit_interval_low_gbp", "net benefit, 2.5th percentile", self.net_benefit_interval_gbp[0],
             f"£ a year {year}"),
            ("net_benefit_interval_high_gbp", "net benefit, 97.5th percentile", self.net_benefit_interval_gbp[1],
             f"£ a year {year}"),
            ("break_even_caseload", "break-even caseload", self.break_even_caseload, "patients per FTE at a time"),
            ("break_even_bed_days_per_person", "break-even bed-days avoided per person",
             self.break_even_bed_days_per_person, "bed-days per person supported"),
            ("break_even_bed_day_cost_gbp", "break-even bed-day cost", self.break_even_bed_day_cost_gbp,
             f"£ per bed-day {year}"),
            ("cash_releasing_share", "share of bed-days saved that release cash", i.cash_releasing_share,
             "fraction"),
            ("cash_released_gbp", "cash released", self.cash_released_gbp, f"£ a year {year}"),
            ("net_cash_gbp", "net cash position (cash released - annual cost)", self.net_cash_gbp,
             f"£ a year {year}"),
            ("capacity_bed_days", "capacity freed", self.capacity_bed_days, "bed-days a year"),
            ("beds_freed", "beds freed", self.beds_freed, "beds occupied all year"),
        ]
        return pd.DataFrame(rows, columns=["figure", "what", "value", "unit"]).set_index("figure")

    def present(self) -> pd.DataFrame:
        """:meth:`table` for a reader: labels, not identifiers; £ in whole pounds, ratios and shares to 2 places."""
        table = self.table()
        shown = []
        for figure, row in table.iterrows():
            value = row["value"]
            if isinstance(value, str):
                text = value if figure != "evidence" else str(row["unit"])
            elif str(figure).endswith("_gbp"):
                text = gbp(float(value)) if abs(float(value)) >= 100 else f"£{float(value):,.2f}"
            elif str(figure) in ("n_fte", "caseload", "support_months"):
                text = f"{float(value):g}"
            else:
                text = f"{float(value):,.2f}" if abs(float(value)) < 100 else f"{float(value):,.0f}"
            shown.append({"figure": row["what"], "value": text,
                          "unit": "" if figure == "evidence" else row["unit"]})
        return pd.DataFrame(shown).set_index("figure")

    def summary(self, markdown: bool = True) -> str:
        """What a commissioner can read in a minute: cost, return, how sure, what has to be true, cash or capacity.

        Markdown (bold headings and key figures) by default; ``markdown=False`` gives plain text for a terminal.
        """
        i, e = self.inputs, self.evidence
        workers = f"{i.n_fte:g} full-time peer support worker{'s' if i.n_fte != 1 else ''}"
        on_costs = (f"employer national insurance, pension and {i.overhead_rate:.0%} overheads" if i.overhead_rate
                    else "employer national insurance and pension (no overheads counted)")
        net = (f"a net benefit of **{gbp(self.net_benefit_gbp)} a year**" if self.net_benefit_gbp >= 0
               else f"a net cost of **{gbp(-self.net_benefit_gbp)} a year**")
        months_note = ""
        if e.support_months is not None and not math.isclose(self.support_months, e.support_months):
            months_note = (f" This takes someone supported for {months(self.support_months)} months to avoid as "
                           f"many bed-days as in the evidence, where support lasted {months(e.support_months)} months"
                           f"{': optimistic' if self.support_months < e.support_months else ''}.")
        parts = [
            f"**Cost.** Employing {workers} ({i.pay_description}, £{i.salary_gbp:,.0f} a year; "
            f"£{self.cost_per_fte_gbp:,.0f} each with {on_costs}) costs "
            f"**£{self.annual_cost_gbp:,.0f} a year** at {i.price_year} prices.",
            f"**What you get back.** At {i.caseload:g} people per worker at a time, each supported for "
            f"{months(self.support_months)} months, they support about {self.people_supported_per_year:,.0f} people a "
            f"year. On the evidence of {e.label}, each person supported avoids {self.bed_days_saved_per_person:.2f} "
            "bed-days: about "
            f"**{self.bed_days_saved_per_year:,.0f} bed-days a year**, worth £{self.value_of_bed_days_gbp:,.0f} at "
            f"£{i.bed_day_cost_gbp:,.2f} a bed-day. That is **{self.benefit_cost_ratio:.2f} : 1**, {net}."
            + months_note,
            f"**How sure.** Drawing the uncertainty of the evidence {i.n_draws:,} times (seed {i.seed}), the ratio "
            f"is above 1 in **{self.probability_ratio_above_one:.0%}** of draws; 95 % of draws lie between "
            f"{self.ratio_interval[0]:.2f} and {self.ratio_interval[1]:.2f} : 1 (a net benefit of "
            f"{gbp(self.net_benefit_interval_gbp[0])} to {gbp(self.net_benefit_interval_gbp[1])} a year). Your "
            "costs and caseload are taken as known; the break-evens below show how far each may move.",
            "**What has to be true for it to pay.** " + self._break_even_text(),
            "**Cash or capacity.** " + self._cash_text(),
        ]
        if e.caveats:
            parts.append("**Read the evidence with care.** " + "; ".join(e.caveats) + ".")
        text = "\n\n".join(parts)
        return text if markdown else text.replace("**", "")

    def _break_even_text(self) -> str:
        i = self.inputs
        if self.bed_days_saved_per_person <= 0:
            return (f"the evidence shows no bed-days saved, so no caseload or bed-day cost makes it pay; each person "
                    f"supported would need to avoid at least {self.break_even_bed_days_per_person:.2f} bed-days.")
        verb = "It pays now; it stops paying" if self.pays else "It does not pay now; it would"
        return (f"{verb} when one of these crosses its break-even, the others as set: each worker supports "
                f"**{self.break_even_caseload:.1f}** people at a time (you plan {i.caseload:g}); each person "
                f"supported avoids **{self.break_even_bed_days_per_person:.2f}** bed-days (the evidence: "
                f"{self.bed_days_saved_per_person:.2f}); a bed-day is worth "
                f"**£{self.break_even_bed_day_cost_gbp:,.0f}** (you use £{i.bed_day_cost_gbp:,.0f}).")

    def _cash_text(self) -> str:
        i = self.inputs
        if self.bed_days_saved_per_year <= 0:
            return f"no bed-days are saved, so nothing offsets the £{self.annual_cost_gbp:,.0f} a year paid."
        text = (f"A bed-day is valued at its full average cost, most of which (staff, wards, overheads) does not go "
                f"away when one bed empties. A bed another patient then uses is capacity, not money: "
                f"**{self.capacity_bed_days:,.0f} bed-days a year**, the equivalent of {self.beds_freed:.1f} beds "
                "occupied all year. Cash is released only where a saved day would otherwise have been paid for "
                "(an out-of-area or private placement), or where enough beds go to close a ward. ")
        if i.cash_releasing_share == 0:
            return text + (f"As set (cash_releasing_share 0), no cash comes back: the £{self.annual_cost_gbp:,.0f} a "
                           "year is new money buying capacity.")
        sign = "saving" if self.net_cash_gbp >= 0 else "cost"
        return text + (f"With {i.cash_releasing_share:.0%} of saved days releasing cash, "
                       f"£{self.cash_released_gbp:,.0f} a year comes back against £{self.annual_cost_gbp:,.0f} "
                       f"paid: a net cash {sign} of £{abs(self.net_cash_gbp):,.0f} a year.")

    def plot(self) -> Figure:
        """The ratio's probabilistic distribution, and the net benefit against the caseload with its break-even."""
        from peerlib import plots

        return plots.business_case(self)


def evaluate(inputs: BusinessCaseInputs, data_dir: Path = DATA_DIR) -> BusinessCaseResult:
    """The business case: the costs, the bed-days saved, the ratio and its uncertainty, the break-evens."""
    found = effect(inputs, data_dir)
    support = inputs.support_months if inputs.support_months is not None else found.evidence.support_months
    assert support is not None
    cost_per_fte = inputs.cost_per_fte_gbp
    annual_cost = inputs.n_fte * cost_per_fte
    people = inputs.n_fte * inputs.caseload * MONTHS_PER_YEAR / support
    bed = inputs.bed_day_cost_gbp
    saved = people * found.base
    value = saved * bed
    ratio_draws = people * found.draws * bed / annual_cost
    low, high = (float(q) for q in np.quantile(ratio_draws, [0.025, 0.975]))
    # £ of bed-days a year from one FTE, per bed-day each person supported avoids, per person at a time
    per_fte_per_person = MONTHS_PER_YEAR / support * bed
    share = inputs.cash_releasing_share
    return BusinessCaseResult(
        inputs=inputs, evidence=found.evidence, support_months=support, cost_per_fte_gbp=cost_per_fte,
        annual_cost_gbp=annual_cost, people_supported_per_year=people, bed_days_saved_per_person=found.base,
        bed_days_saved_per_year=saved, value_of_bed_days_gbp=value, net_benefit_gbp=value - annual_cost,
        benefit_cost_ratio=value / annual_cost, probability_ratio_above_one=float(np.mean(ratio_draws > 1)),
        ratio_interval=(low, high), net_benefit_interval_gbp=((low - 1) * annual_cost, (high - 1) * annual_cost),
        break_even_caseload=(cost_per_fte / (per_fte_per_person * found.base) if found.base > 0 else math.inf),
        break_even_bed_days_per_person=cost_per_fte / (per_fte_per_person * inputs.caseload),
        break_even_bed_day_cost_gbp=annual_cost / saved if saved > 0 else math.inf,
        cash_released_gbp=share * value, net_cash_gbp=share * value - annual_cost,
        capacity_bed_days=(1 - share) * saved, beds_freed=(1 - share) * saved / DAYS_PER_YEAR,
        ratio_draws=ratio_draws,
    )


def compare_evidence(
    inputs: BusinessCaseInputs, evidences: Sequence[str], data_dir: Path = DATA_DIR
) -> pd.DataFrame:
    """The same service judged on each evidence in turn (each at its own length of support unless one was set)."""
    rows = []
    for name in evidences:
        result = evaluate(replace(inputs, evidence=name, own_bed_days_saved_per_patient=None, own_low=None,
                                  own_high=None), data_dir)
        rows.append({"evidence": result.evidence.label, "support_months": result.support_months,
                     "bed_days_saved_per_person": result.bed_days_saved_per_person,
                     "bed_days_saved_per_year": result.bed_days_saved_per_year,
                     "benefit_cost_ratio": result.benefit_cost_ratio,
                     "probability_ratio_above_one": result.probability_ratio_above_one,
                     "break_even_caseload": result.break_even_caseload, "net_benefit_gbp": result.net_benefit_gbp})
    return pd.DataFrame(rows).set_index("evidence")


# The columns of :func:`compare_evidence` for a reader: heading with its unit, and how to write a value.
COMPARISON_COLUMNS: dict[str, tuple[str, str]] = {
    "support_months": ("support (months per person)", "{:.1f}"),
    "bed_days_saved_per_person": ("bed-days avoided per person", "{:.2f}"),
    "bed_days_saved_per_year": ("bed-days saved a year", "{:,.0f}"),
    "benefit_cost_ratio": ("benefit : cost ratio", "{:.2f}"),
    "probability_ratio_above_one": ("P(ratio > 1)", "{:.2f}"),
    "break_even_caseload": ("break-even caseload (patients per FTE at a time)", "{:.1f}"),
    "net_benefit_gbp": ("net benefit (£ a year)", "gbp"),
}


def present_comparison(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`compare_evidence` for a reader: headings with units; 'never' where no caseload breaks even."""
    shown = pd.DataFrame(index=frame.index)
    for column, (heading, pattern) in COMPARISON_COLUMNS.items():
        shown[heading] = ["never" if math.isinf(v) else gbp(v) if pattern == "gbp" else pattern.format(v)
                          for v in frame[column]]
    return shown


def rows(result: BusinessCaseResult) -> list[dict[str, object]]:
    """The business case's line of ``reports/results.csv``."""
    i = result.inputs
    headline = (f"{i.n_fte:g} FTE at {i.caseload:g} people each, on {result.evidence.label}: "
                f"{result.benefit_cost_ratio:.2f} : 1, P(ratio > 1) = {result.probability_ratio_above_one:.2f}; "
                f"breaks even at {result.break_even_caseload:.1f} people per FTE")
    # The figures the results guide already defines keep their shared column names.
    shared = {"probability_ratio_above_one": "probability_above_one", "ratio_interval_low": "interval_low",
              "ratio_interval_high": "interval_high"}
    figures = {shared.get(str(k), str(k)): v for k, v in result.table()["value"].items() if k != "evidence"}
    return [{"id": f"business_case_{result.evidence.id}", "kind": "business_case",
             "label": f"Business case: {i.n_fte:g} FTE peer support workers, evidence: {result.evidence.label}",
             "sample_size": None, "price_year": i.price_year, "headline": headline, "evidence": result.evidence.id,
             **figures, "n_draws": i.n_draws, "seed": i.seed}]


__all__ = ["CASELOAD_MAXIMUM", "PARAMETERS", "BusinessCaseInputs", "BusinessCaseResult", "Evidence",
           "build_inputs", "compare_evidence", "evaluate", "rows", "where"]
