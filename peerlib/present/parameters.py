"""The values a notebook's parameters resolved to, published for its page.

A parameter left at its default (``caseload = None``, ``price_year = ""``) means "from data/", and
only the notebook knows, once it has resolved its inputs, what that came to. So each notebook calls
:func:`publish_parameters` once, right after resolving them, with the objects it resolved
(a :class:`~peerlib.core.model.Model`, business-case or crisis-house inputs, a re-costing). That
displays one output of MIME type :data:`MIME_TYPE`: a JSON object ``{name: {"value": ..., "source":
...}}``, each value written for a reader with its unit ("£334 per bed-day") and its source
("data/unit_costs.csv"), with a plain-text fallback for JupyterLab. ``scripts/report_page.py``
reads it into the page's table of parameters (for the parameters the run left to their default)
and leaves the output itself off the page. The resolution stays in peerlib; the page only shows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import singledispatch

from peerlib.analysis.business_case import OWN, BusinessCaseInputs
from peerlib.analysis.recosting import Recosting
from peerlib.core.crisis_house import CrisisHouseInputs
from peerlib.core.model import Model
from peerlib.inputs.crisis_house import CRISIS_HOUSE_FILE
from peerlib.inputs.studies import STAFFING_FILE, Staffing
from peerlib.inputs.unit_costs import CURRENT_COSTS_FILE, UNIT_COSTS_FILE
from peerlib.present.labels import figure_text, value_text
from peerlib.present.prose import caseloads_text

MIME_TYPE = "application/vnd.peerlib.used-parameters+json"


@dataclass(frozen=True)
class Used:
    """The value a parameter resolved to, as a reader reads it, and where it came from."""

    value: str  # with its unit: "£334 per bed-day", "20 patients per FTE at a time"
    source: str  # "data/unit_costs.csv"; "" where the value is a consequence of other parameters


def _data(file: str) -> str:
    return f"data/{file}"


@singledispatch
def used_values(resolved: object) -> dict[str, Used]:
    """Every parameter value ``resolved`` knows, by parameter name."""
    raise TypeError(f"no parameters to publish from a {type(resolved).__name__}")


@used_values.register
def _(staffing: Staffing) -> dict[str, Used]:
    return {"caseload": Used(f"{caseloads_text(staffing)} patients per FTE at a time", _data(STAFFING_FILE))}


@used_values.register
def _(model: Model) -> dict[str, Used]:
    costs, rates = model.costs, _data(UNIT_COSTS_FILE)
    # A model at another price year than data/'s has its sums brought there by the price index.
    sums = rates + (f", at {costs.price_year} prices by data/price_index.csv" if model.price_factor != 1 else "")
    return {
        **used_values(model.staffing),
        "price_year": Used(costs.price_year, sums),
        **{name: Used(value_text(name, getattr(costs, name)), sums)
           for name in ("bed_day_cost_gbp", "peer_worker_salary_gbp")},
        **{name: Used(value_text(name, getattr(costs, name)), rates)
           for name in ("employer_pension_rate", "overhead_rate")},
    }


@used_values.register
def _(recost: Recosting) -> dict[str, Used]:
    current = recost.costings["current"]
    band, point = recost.pay_band, recost.pay_point
    return {
        **used_values(recost.models["current"].staffing),
        "pay_band": Used(f"band {band}: {value_text('salary_gbp', current.peer_worker_salary_gbp)} at the {point} "
                         "point", _data(CURRENT_COSTS_FILE)),
        "pay_point": Used(f"{point} of band {band}", _data(CURRENT_COSTS_FILE)),
    }


@used_values.register
def _(inputs: BusinessCaseInputs) -> dict[str, Used]:
    current = _data(CURRENT_COSTS_FILE)
    salary_set = "salary_gbp" in inputs.given
    not_own = Used('not used: the evidence is not "own"', "")
    return {
        "caseload": Used(value_text("caseload", inputs.caseload),
                         "set" if "caseload" in inputs.given else _data(STAFFING_FILE)),
        "support_months": Used("the evidence's own" if inputs.support_months is None
                               else value_text("support_months", inputs.support_months), ""),
        "pay_band": Used("not used: salary_gbp is set" if salary_set else inputs.pay_description,
                         "" if salary_set else current),
        "pay_point": Used("not used: salary_gbp is set" if salary_set else inputs.pay_description,
                          "" if salary_set else current),
        "salary_gbp": Used(value_text("salary_gbp", inputs.salary_gbp), current),
        "bed_day_cost_gbp": Used(f"{value_text('bed_day_cost_gbp', inputs.bed_day_cost_gbp)} at {inputs.price_year} "
                                 "prices", f"{current}, brought forward by data/price_index.csv"),
        **{name: Used(value_text(name, getattr(inputs, name)), current)
           for name in ("employer_ni_rate", "employer_ni_threshold_gbp", "overhead_rate")},
        "employer_pension_rate": Used(inputs.pension_description, current),
        **({} if inputs.evidence == OWN else
           {name: not_own for name in ("own_bed_days_saved_per_patient", "own_low", "own_high")}),
    }


@used_values.register
def _(inputs: CrisisHouseInputs) -> dict[str, Used]:
    source, days = _data(CRISIS_HOUSE_FILE), inputs.inpatient_days_per_visit
    return {
        "price_year": Used(inputs.price_year, source),
        "visits_per_year": Used(value_text("visits_per_year", inputs.visits_per_year),
                                f"{source}: the middle of its range of visits a month, x 12"),
        "diversion_share": Used(value_text("diversion_share", inputs.diversion_share), source),
        "inpatient_days_per_visit": Used(f"{figure_text(days)} inpatient day{'' if days == 1 else 's'} per visit",
                                         source),
    }


def publish_parameters(*resolved: object) -> None:
    """Display, for the page, every parameter value the objects ``resolved`` know (see the module's docstring).

    A later object's value for a name replaces an earlier one's.
    """
    from IPython.display import display

    used: dict[str, Used] = {}
    for item in resolved:
        used.update(used_values(item))
    display(bundle(used), raw=True)  # type: ignore[no-untyped-call]  # IPython ships no annotations for it


def bundle(used: Mapping[str, Used]) -> dict[str, object]:
    """The output's data: the JSON the page reads, and plain text for a person in JupyterLab."""
    lines = [f"{name}: {u.value}" + (f" ({u.source})" if u.source else "") for name, u in used.items()]
    return {MIME_TYPE: {name: {"value": u.value, "source": u.source} for name, u in used.items()},
            "text/plain": "Parameters as used:\n" + "\n".join(lines)}
