"""Value of information: which unknown is most worth finding out?

The decision is "employ peer workers or not", judged on bed use alone. Employing one FTE-year
has a net benefit of (value of bed-days saved - cost of the worker) = (ratio - 1) x worker cost;
not employing has 0. With the probabilistic draws:

* **EVPI**, the expected value of perfect information, is what a decision maker would gain by
  learning every input before deciding: ``E[max(NB, 0)] - max(E[NB], 0)``.
* **EVPPI** for a group of inputs (staffing, one study's effect, the unit costs) is the gain
  from learning that group alone: ``E[max(g, 0)] - max(E[g], 0)`` with ``g(θ) = E[NB | θ]``.

``g`` is estimated by regressing the net benefit of each draw on the group's drawn inputs
(Strong, Oakley & Brennan 2014, *Medical Decision Making* 34(3):311-326, who use a GAM; here a
polynomial of degree 3 in one input, or of degree 2 with interactions in several, fitted by
least squares on standardised inputs). Both are in £ per FTE-year of peer work, and **for a
population**: the FTE peer workers a national decision covers, over a horizon of years, discounted
(``data/population.csv``), as ``value x FTE x sum over years t = 0 .. H-1 of (1 + r)^-t``.

Besides each single group, the EVPPI of groups that one piece of research would inform together
(:func:`research_groups`: a staffing study, a study's own paper, a new trial of every effect, the
unit costs) and of every pair of single groups. Where a union is worth more than its parts added
up, the value lies in an interaction: what one input means for the decision depends on the other.

Both values carry a Monte Carlo standard error (:func:`evpi_standard_error`): the standard error
of the mean of the per-draw loss of the chosen option, holding the choice fixed.

The decision is judged on the ratio of totals (:data:`DECISION`, the pool weighted by FTE-years):
all bed-days saved, valued, over all the workers' cost, so (ratio - 1) x worker cost is the net
benefit of a real FTE-year. A mean of ratios weighted by sample size is not: its net benefit
belongs to no FTE-year anyone could buy.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import combinations, combinations_with_replacement

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.analysis.psa import PSAResult
from peerlib.core.model import Model, find_pool, pooled_id
from peerlib.formatting import gbp_whole
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.population import Population
from peerlib.inputs.studies import CASELOADS
from peerlib.inputs.unit_costs import COST_ITEMS

FloatArray = npt.NDArray[np.float64]
DECISION = pooled_id("fte_years")  # the ratio of totals: the net benefit of a real FTE-year


def evpi(net_benefit: Sequence[float] | FloatArray) -> float:
    """Expected value of perfect information for a choice between a net benefit and 0."""
    nb = np.asarray(net_benefit, dtype=float)
    return float(np.mean(np.maximum(nb, 0.0)) - max(float(np.mean(nb)), 0.0))


def evpi_standard_error(net_benefit: Sequence[float] | FloatArray) -> float:
    """Monte Carlo standard error of :func:`evpi`: EVPI is the mean over draws of what the option chosen on the
    means loses against the best option in each draw, so its error is that loss's standard deviation / sqrt(n)
    (the choice held fixed)."""
    nb = np.asarray(net_benefit, dtype=float)
    loss = np.maximum(-nb, 0.0) if float(np.mean(nb)) > 0 else np.maximum(nb, 0.0)
    return float(np.std(loss, ddof=1) / np.sqrt(len(nb))) if len(nb) > 1 else float("nan")


def probability_standard_error(probability: float, n_draws: int) -> float:
    """Monte Carlo standard error of a share of ``n_draws`` draws: sqrt(p (1 - p) / n)."""
    return float(np.sqrt(probability * (1 - probability) / n_draws))


def polynomial_basis(inputs: FloatArray, degree: int) -> FloatArray:
    """A constant and every monomial of the standardised inputs up to ``degree`` (columns of one draw per row)."""
    x = np.asarray(inputs, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    spread = x.std(axis=0)
    z = (x - x.mean(axis=0)) / np.where(spread > 0, spread, 1.0)
    monomials = [combination for d in range(1, degree + 1)
                 for combination in combinations_with_replacement(range(z.shape[1]), d)]
    basis = np.empty((len(z), 1 + len(monomials)), order="F")  # a column of draws at a time
    basis[:, 0] = 1.0
    # Each monomial is a lower one times one more input (z_i z_j z_k = (z_i z_j) z_k), found by its factors.
    column: dict[tuple[int, ...], int] = {(): 0}
    for index, combination in enumerate(monomials, start=1):
        basis[:, index] = z[:, combination[-1]]
        if len(combination) > 1:
            basis[:, index] *= basis[:, column[combination[:-1]]]
        column[combination] = index
    return basis


# Least squares by the normal equations, far faster than an SVD on 100,000 draws, while their matrix is well
# conditioned: they lose about cond x 1e-16 of relative accuracy. Beyond this, or singular, an SVD.
NORMAL_EQUATIONS_MAX_CONDITION = 1e8


def conditional_expectation(net_benefit: FloatArray, inputs: FloatArray, degree: int | None = None) -> FloatArray:
    """E[NB | inputs] at each draw, by least-squares regression on a polynomial basis."""
    nb = np.asarray(net_benefit, dtype=float)
    x = np.asarray(inputs, dtype=float)
    k = 1 if x.ndim == 1 else x.shape[1]
    basis = polynomial_basis(x, degree if degree is not None else (3 if k == 1 else 2))
    gram = basis.T @ basis
    if np.linalg.cond(gram) <= NORMAL_EQUATIONS_MAX_CONDITION:
        coefficients = np.linalg.solve(gram, basis.T @ nb)
    else:
        coefficients, *_ = np.linalg.lstsq(basis, nb, rcond=None)
    fitted: FloatArray = basis @ coefficients
    return fitted


def evppi(net_benefit: FloatArray, inputs: FloatArray, degree: int | None = None) -> float:
    """Expected value of partial perfect information about ``inputs`` (one column per input)."""
    nb = np.asarray(net_benefit, dtype=float)
    if np.asarray(inputs).shape[0] != nb.shape[0]:
        raise ParameterError("EVPPI needs one row of inputs per draw of net benefit")
    return evpi(conditional_expectation(nb, inputs, degree))


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


# Groups of inputs one piece of research would inform together, by what it is; each is the union of the single groups
# (parameter_group) its rule picks, so a research group holds every input of those groups. A study whose
# uncertain inputs fall in more than one single group (its effect and its design) adds "<label>'s own paper".
STAFFING_STUDY = "a staffing study"
NEW_TRIAL = "a new trial of bed use"
UNIT_COSTS = "unit costs"
OWN_PAPER = "'s own paper"
PAIR_JOIN = " with "
EFFECT_PREFIX = "effect: "


def is_research(group: str) -> bool:
    return group in (STAFFING_STUDY, NEW_TRIAL, UNIT_COSTS) or group.endswith(OWN_PAPER)


def research_groups(groups: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """The research groups that hold at least one of ``groups``' inputs: a staffing study (every caseload and
    working-hours input), a new trial of bed use (every study's effect), the unit costs, and a study's own paper
    (every input of one study, its effect, follow-up and sample size, where they fall in more than one group)."""
    picks: dict[str, Callable[[str, str], bool]] = {
        STAFFING_STUDY: lambda g, n: g == "staffing",
        NEW_TRIAL: lambda g, n: g.startswith(EFFECT_PREFIX),
        UNIT_COSTS: lambda g, n: g == "unit costs",
    }
    found: dict[str, tuple[str, ...]] = {}
    for research, pick in picks.items():
        names = tuple(n for g, members in groups.items() for n in members if pick(g, n))
        if names:
            found[research] = names
    for effect, members in groups.items():
        if not effect.startswith(EFFECT_PREFIX):
            continue
        studies = {n.partition(".")[0] for n in members if "." in n}
        names = tuple(n for members_of in groups.values() for n in members_of if n.partition(".")[0] in studies)
        if len({g for g, members_of in groups.items() for n in members_of if n in names}) > 1:
            found[effect.removeprefix(EFFECT_PREFIX) + OWN_PAPER] = names
    return found


@dataclass(frozen=True)
class VOIResult:
    """EVPI and the EVPPI of each group of inputs, for one outcome's decision, in £ per FTE-year."""

    outcome: str
    evpi_gbp: float
    evppi_gbp: Mapping[str, float]
    groups: Mapping[str, tuple[str, ...]]
    expected_net_benefit_gbp: float
    probability_worth_it: float
    price_year: str
    population: Population | None = None
    draws_changing_decision: int = 0  # draws in which the other choice would be the better one
    n_draws: int = 0
    evpi_se_gbp: float = float("nan")  # Monte Carlo standard error of the EVPI
    joint_evppi_gbp: Mapping[str, float] = field(default_factory=dict)  # research groups and pairs of single groups
    joint_groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # each joint group's single groups

    @property
    def population_factor(self) -> float:
        return self.population.factor if self.population is not None else float("nan")

    @property
    def evpi_population_gbp(self) -> float:
        return self.evpi_gbp * self.population_factor

    @property
    def decision_can_change(self) -> bool:
        """Whether any draw favours the other choice: only if none does can no unknown change the decision."""
        return self.draws_changing_decision > 0

    def summary(self) -> pd.DataFrame:
        """One row per group (single, research, pair), the largest EVPPI first, then the EVPI of every input together;
        ``kind`` says which, and ``parts_gbp`` adds up the single groups a joint one is made of."""
        rows = [{"inputs": g, "kind": "single", "evppi_gbp_per_fte_year": v, "parts_gbp": v,
                 "parameters": ", ".join(self.groups[g])} for g, v in self.evppi_gbp.items()]
        rows += [{"inputs": g, "kind": "research" if is_research(g) else "pair", "evppi_gbp_per_fte_year": v,
                  "parts_gbp": self.parts_gbp(g), "parameters": ", ".join(self.joint_groups[g])}
                 for g, v in self.joint_evppi_gbp.items()]
        rows.sort(key=lambda r: -float(r["evppi_gbp_per_fte_year"]))  # type: ignore[arg-type]
        rows.append({"inputs": "all inputs (EVPI)", "kind": "all", "evppi_gbp_per_fte_year": self.evpi_gbp,
                     "parts_gbp": float("nan"), "parameters": ""})
        frame = pd.DataFrame(rows).set_index("inputs")
        frame["evppi_gbp_population"] = frame["evppi_gbp_per_fte_year"] * self.population_factor
        return frame

    def describe(self) -> str:
        """The value of perfect information, and the inputs most worth learning about."""
        return (f"For {self.outcome}, perfect information is worth {gbp_whole(self.evpi_gbp)} per FTE-year "
                f"({self.price_year} prices); the inputs most worth learning: {self.most_valuable} "
                f"({gbp_whole(self.value_of(self.most_valuable))}).")

    def value_of(self, group: str) -> float:
        """The EVPPI of a single, research or paired group."""
        return self.evppi_gbp[group] if group in self.evppi_gbp else self.joint_evppi_gbp[group]

    def inputs_of(self, group: str) -> tuple[str, ...]:
        """Every input of a single, research or paired group."""
        if group in self.groups:
            return self.groups[group]
        return tuple(n for part in self.joint_groups.get(group, ()) for n in self.groups[part])

    def parts_gbp(self, group: str) -> float:
        """The single groups a joint group is made of, their EVPPIs added up (the group itself if single)."""
        if group in self.evppi_gbp:
            return self.evppi_gbp[group]
        return float(sum(self.evppi_gbp[g] for g in self.joint_groups[group] if g in self.evppi_gbp))

    def interaction_gbp(self, group: str) -> float:
        """How much more a joint group is worth than its single groups added up (0 for a single group)."""
        return self.value_of(group) - self.parts_gbp(group)

    @property
    def most_valuable(self) -> str:
        """The group, single, research or paired, whose perfect information is worth most."""
        every = {**self.evppi_gbp, **self.joint_evppi_gbp}
        return max(every, key=every.__getitem__)


def value_of_information(
    psa: PSAResult, outcome: str = DECISION, population: Population | None = None, joint_groups: bool = True
) -> VOIResult:
    """EVPI and EVPPI per group of inputs for the decision "employ peer workers or not", judged on ``outcome``;
    with ``joint_groups``, also each research group and every pair of single groups."""
    if outcome not in psa.ratios:
        raise ParameterError(f"unknown outcome {outcome!r}; expected one of {', '.join(psa.ratios)}")
    nb = psa.net_benefit_gbp(outcome)
    groups: dict[str, list[str]] = {}
    for name, spec in psa.specs.items():
        if spec.varies:
            groups.setdefault(parameter_group(name, psa.model), []).append(name)
    # A study outside the decision's outcome cannot inform it; leave its group out rather than report 0.
    studies_in = ({s.study_id for s in find_pool(outcome).members(psa.model.studies)} if outcome.startswith("pooled_")
                  else {outcome})
    needed = studies_in | {r for s in psa.model.studies if s.study_id in studies_in for r in s.references}
    # Nor can the caseload of a way of delivering support that no study of the decision used.
    unused = set(CASELOADS) - {s.caseload_parameter for s in psa.model.studies
                               if s.study_id in needed and s.staffing_basis == "caseload"}
    groups = {g: [n for n in names if n not in unused] for g, names in groups.items()}
    groups = {g: names for g, names in groups.items()
              if any("." not in n or n.partition(".")[0] in needed for n in names)}

    def columns(names: Sequence[str]) -> FloatArray:
        return np.column_stack([np.asarray(psa.draws[n], dtype=float) for n in names])

    values = {g: evppi(nb, columns(names)) for g, names in groups.items()}
    joint: dict[str, tuple[str, ...]] = {}
    if joint_groups:
        singles_of = {n: g for g, names in groups.items() for n in names}
        for research, names in research_groups(groups).items():
            parts = tuple(dict.fromkeys(singles_of[n] for n in names))
            if len(parts) > 1 or research not in groups:
                joint[research] = parts
        for first, second in combinations(groups, 2):
            joint[f"{first}{PAIR_JOIN}{second}"] = (first, second)
    joint_values = {g: evppi(nb, columns([n for part in parts for n in groups[part]])) for g, parts in joint.items()}
    mean = float(np.mean(nb))
    changing = int(np.sum(nb > 0)) if mean <= 0 else int(np.sum(nb < 0))
    return VOIResult(outcome, evpi(nb), values, {g: tuple(n) for g, n in groups.items()}, mean,
                     float(np.mean(nb > 0)), psa.model.costs.price_year, population, changing, psa.n_draws,
                     evpi_standard_error(nb), joint_values, joint)
