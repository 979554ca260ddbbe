"""The Leeds Survivor-Led Crisis Service claim: £180 a day against £259 for an inpatient day.

The claim (Together, 2010, reported by Community Care) says the service "saves £28,000 a year".
A saving exists only for crisis-house use that truly replaces inpatient days, so the key unknown
is the share of visits that do (the *diversion share*) and how many inpatient days one visit
replaces. Everything here is a plain function of those parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pandas as pd

from peerlib.config import DATA_DIR, MONTHS_PER_YEAR
from peerlib.formatting import gbp_whole, percent_text
from peerlib.inputs.crisis_house import CRISIS_HOUSE_FILE, load_crisis_house_figures
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.prices import PriceIndex, load_price_index
from peerlib.inputs.published import PUBLISHED_FILE, load_published
from peerlib.inputs.sourced import SourcedFigure, check_parameter

CLAIM_FIGURE = "leeds_claimed_annual_saving_gbp"
PARAMETERS = ("crisis_cost_per_visit_gbp", "inpatient_cost_per_day_gbp", "visits_per_year", "diversion_share",
              "inpatient_days_per_visit")


def saving_per_diverted_day_gbp(crisis_cost_per_visit_gbp: float, inpatient_cost_per_day_gbp: float) -> float:
    """What one crisis-house day saves if it replaces exactly one inpatient day."""
    return inpatient_cost_per_day_gbp - crisis_cost_per_visit_gbp


def implied_diverted_days(claimed_annual_saving_gbp: float, saving_per_day_gbp: float) -> float:
    """Diverted days a year that a claimed saving needs, at a given saving per day."""
    return claimed_annual_saving_gbp / saving_per_day_gbp


def break_even_diversion_share(
    crisis_cost_per_visit_gbp: float, inpatient_cost_per_day_gbp: float, inpatient_days_per_visit: float = 1.0
) -> float:
    """Share of visits that must replace hospital care before the service saves money."""
    return crisis_cost_per_visit_gbp / (inpatient_cost_per_day_gbp * inpatient_days_per_visit)


def annual_saving_gbp(
    visits_per_year: float,
    diversion_share: float | npt.ArrayLike,
    inpatient_days_per_visit: float,
    crisis_cost_per_visit_gbp: float,
    inpatient_cost_per_day_gbp: float,
) -> float | np.ndarray:
    """Inpatient cost avoided minus the cost of every visit, a year; vectorised over the share."""
    share = np.asarray(diversion_share, dtype=float)
    saving = visits_per_year * (share * inpatient_days_per_visit * inpatient_cost_per_day_gbp
                                - crisis_cost_per_visit_gbp)
    return float(saving) if saving.ndim == 0 else saving


def benefit_cost_ratio(
    crisis_cost_per_visit_gbp: float, inpatient_cost_per_day_gbp: float,
    diversion_share: float, inpatient_days_per_visit: float,
) -> float:
    """Inpatient cost avoided per pound spent on visits; 1 at the break-even diversion share."""
    return diversion_share * inpatient_days_per_visit * inpatient_cost_per_day_gbp / crisis_cost_per_visit_gbp


def implied_diversion_share(
    claimed_annual_saving_gbp: float,
    visits_per_year: float,
    inpatient_days_per_visit: float,
    crisis_cost_per_visit_gbp: float,
    inpatient_cost_per_day_gbp: float,
) -> float:
    """The diversion share at which the annual saving equals the claim (may exceed 1: then impossible)."""
    return ((claimed_annual_saving_gbp / visits_per_year + crisis_cost_per_visit_gbp)
            / (inpatient_days_per_visit * inpatient_cost_per_day_gbp))


@dataclass(frozen=True)
class CrisisHouseInputs:
    """The figures of the comparison, at one price year, and the parameters a user can change."""

    crisis_cost_per_visit_gbp: float
    inpatient_cost_per_day_gbp: float
    claimed_annual_saving_gbp: float
    visits_per_year: float
    diversion_share: float
    inpatient_days_per_visit: float
    price_year: str

    def with_overrides(self, **overrides: float | None) -> CrisisHouseInputs:
        """A copy with some parameters replaced; ``None`` keeps the value from the data. Each is held to the bounds
        of the same figure in data/ (:data:`peerlib.inputs.sourced.PLAUSIBLE`)."""
        given = {name: value for name, value in overrides.items() if value is not None}
        for name, value in given.items():
            if name not in PARAMETERS:
                raise ParameterError(f"unknown crisis-house parameter {name!r}; "
                                     f"expected one of {', '.join(PARAMETERS)}")
            check_parameter(name, value)  # the bounds of the same figure in data/
        return replace(self, **{name: float(value) for name, value in given.items()})  # type: ignore[arg-type]

    def at_price_year(self, index: PriceIndex, price_year: str) -> CrisisHouseInputs:
        factor = index.factor(self.price_year, price_year)
        return replace(
            self,
            crisis_cost_per_visit_gbp=self.crisis_cost_per_visit_gbp * factor,
            inpatient_cost_per_day_gbp=self.inpatient_cost_per_day_gbp * factor,
            claimed_annual_saving_gbp=self.claimed_annual_saving_gbp * factor,
            price_year=price_year,
        )


@dataclass(frozen=True)
class CrisisHouseResult:
    inputs: CrisisHouseInputs
    saving_per_diverted_day_gbp: float
    implied_diverted_days: float
    break_even_diversion_share: float
    annual_saving_gbp: float
    benefit_cost_ratio: float
    implied_diversion_share: float

    def summary(self) -> pd.DataFrame:
        """Every figure of the comparison, indexed by name."""
        figures = {k: v for k, v in vars(self).items() if k != "inputs"}
        return pd.DataFrame({"value": figures}).rename_axis("figure")

    def describe(self) -> str:
        saving = self.annual_saving_gbp
        what = "saving" if saving >= 0 else "net cost"
        return (f"At {percent_text(self.inputs.diversion_share)} of visits replacing inpatient care, a {what} of "
                f"{gbp_whole(abs(saving))} a year; it breaks even when {percent_text(self.break_even_diversion_share)} "
                f"do, and the claim needs {percent_text(self.implied_diversion_share)}.")

    def annual_saving_at(self, diversion_share: npt.ArrayLike) -> np.ndarray:
        """The annual saving, £, at each share of visits that replace inpatient care, the other inputs as set."""
        i = self.inputs
        return np.asarray(annual_saving_gbp(i.visits_per_year, diversion_share, i.inpatient_days_per_visit,
                                            i.crisis_cost_per_visit_gbp, i.inpatient_cost_per_day_gbp), dtype=float)


def evaluate_crisis_house(inputs: CrisisHouseInputs) -> CrisisHouseResult:
    per_day = saving_per_diverted_day_gbp(inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp)
    return CrisisHouseResult(
        inputs=inputs,
        saving_per_diverted_day_gbp=per_day,
        implied_diverted_days=implied_diverted_days(inputs.claimed_annual_saving_gbp, per_day),
        break_even_diversion_share=break_even_diversion_share(
            inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp, inputs.inpatient_days_per_visit),
        annual_saving_gbp=float(annual_saving_gbp(
            inputs.visits_per_year, inputs.diversion_share, inputs.inpatient_days_per_visit,
            inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp)),
        benefit_cost_ratio=benefit_cost_ratio(inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp,
                                              inputs.diversion_share, inputs.inpatient_days_per_visit),
        implied_diversion_share=implied_diversion_share(
            inputs.claimed_annual_saving_gbp, inputs.visits_per_year, inputs.inpatient_days_per_visit,
            inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp),
    )


def default_inputs(
    figures: Mapping[str, SourcedFigure], claimed_annual_saving_gbp: float, file: str = CRISIS_HOUSE_FILE
) -> CrisisHouseInputs:
    """The comparison as claimed, with visits a year at the middle of the published monthly range.

    The claimed saving is read at the price year of the two daily costs it was derived from.
    """
    money = [figures[i] for i in ("crisis_cost_per_visit_gbp", "inpatient_cost_per_day_gbp")]
    years = {f.price_year for f in money}
    if len(years) != 1:
        raise DataError(file, "the claim's money figures are at different price years", column="price_year",
                        expected="one price year", found=sorted(years))
    visits_per_month = (figures["visits_per_month_low"].value + figures["visits_per_month_high"].value) / 2
    return CrisisHouseInputs(
        crisis_cost_per_visit_gbp=money[0].value,
        inpatient_cost_per_day_gbp=money[1].value,
        claimed_annual_saving_gbp=claimed_annual_saving_gbp,
        visits_per_year=visits_per_month * MONTHS_PER_YEAR,
        diversion_share=figures["diversion_share"].value,
        inpatient_days_per_visit=figures["inpatient_days_per_visit"].value,
        price_year=years.pop(),
    )


def load_crisis_house_inputs(data_dir: Path = DATA_DIR, price_year: str | None = None) -> CrisisHouseInputs:
    """The default Leeds comparison from ``data/``, at its own price year or converted to ``price_year``."""
    index = load_price_index(data_dir)
    claim = load_published(data_dir)
    if CLAIM_FIGURE not in claim:
        raise DataError(data_dir / PUBLISHED_FILE, f"no row for figure {CLAIM_FIGURE!r}", column="figure_id",
                        expected="the Leeds claim of an annual saving")
    inputs = default_inputs(load_crisis_house_figures(data_dir, index), claim[CLAIM_FIGURE].value,
                            file=str(data_dir / CRISIS_HOUSE_FILE))
    return inputs if price_year is None else inputs.at_price_year(index, price_year)


@dataclass(frozen=True)
class ClaimReading:
    """What the claimed saving needs, over the published range of visits a year.

    Every visit costs; only a diverted visit saves. Net saving a year = visits x (share x days per
    visit x inpatient cost - crisis cost), so the claim needs ``share_needed`` of visits to divert.
    The naive reading (each diverted day saves the difference in cost, so the claim is
    ``implied_diverted_days`` days) would divert ``naive_share`` of visits, at which the service
    in fact saves ``naive_saving_gbp`` a year (a loss when negative).
    """

    inputs: CrisisHouseInputs
    visits_per_year: tuple[float, float]  # the published range, fewest first
    share_needed: tuple[float, float]  # at the fewest and at the most visits
    naive_share: tuple[float, float]
    naive_saving_gbp: tuple[float, float]
    break_even_share: float

    def summary(self) -> pd.DataFrame:
        """At the fewest and the most visits a year: the share of visits the claim needs, the share the naive
        reading diverts, and what the service saves a year at that share (a loss when negative)."""
        return pd.DataFrame({"share_needed": self.share_needed, "naive_share": self.naive_share,
                             "naive_saving_gbp": self.naive_saving_gbp},
                            index=pd.Index(self.visits_per_year, name="visits_per_year"))

    def describe(self) -> str:
        """The claim in a few sentences that agree with the model."""
        i = self.inputs
        low, high = self.visits_per_year
        need = sorted(self.share_needed)
        loss = sorted(-s for s in self.naive_saving_gbp)
        days = i.claimed_annual_saving_gbp / saving_per_diverted_day_gbp(i.crisis_cost_per_visit_gbp,
                                                                          i.inpatient_cost_per_day_gbp)
        replaced = ("a whole inpatient day" if i.inpatient_days_per_visit == 1
                    else f"{i.inpatient_days_per_visit:g} inpatient days")
        return (f"At {low:,.0f} to {high:,.0f} visits a year, the {gbp_whole(i.claimed_annual_saving_gbp)} claim needs "
                f"{percent_text(need[0])} to {percent_text(need[1])} of visits each to replace {replaced}. Every "
                f"visit costs {gbp_whole(i.crisis_cost_per_visit_gbp)}, and only a diverted one saves. "
                f"Below {percent_text(self.break_even_share)} the service costs more than it saves. Read as "
                f"{days:,.0f} diverted days ({percent_text(min(self.naive_share))} to "
                f"{percent_text(max(self.naive_share))} of visits), it would lose {gbp_whole(loss[0])} to "
                f"{gbp_whole(loss[1])} a year.")


def read_claim(inputs: CrisisHouseInputs, figures: Mapping[str, SourcedFigure]) -> ClaimReading:
    """The claim against the published range of visits a month (``crisis_house.csv``), in one model."""
    visits = tuple(figures[f"visits_per_month_{end}"].value * MONTHS_PER_YEAR for end in ("low", "high"))
    per_day = saving_per_diverted_day_gbp(inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp)
    days = implied_diverted_days(inputs.claimed_annual_saving_gbp, per_day)
    needed = tuple(implied_diversion_share(inputs.claimed_annual_saving_gbp, v, inputs.inpatient_days_per_visit,
                                           inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp)
                   for v in visits)
    naive = tuple(days / v for v in visits)
    savings = tuple(float(annual_saving_gbp(v, s, inputs.inpatient_days_per_visit, inputs.crisis_cost_per_visit_gbp,
                                            inputs.inpatient_cost_per_day_gbp)) for v, s in zip(visits, naive,
                                                                                                strict=True))
    return ClaimReading(inputs, (visits[0], visits[1]), (needed[0], needed[1]), (naive[0], naive[1]),
                        (savings[0], savings[1]),
                        break_even_diversion_share(inputs.crisis_cost_per_visit_gbp, inputs.inpatient_cost_per_day_gbp,
                                                   inputs.inpatient_days_per_visit))
