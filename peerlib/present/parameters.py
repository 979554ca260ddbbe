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

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from functools import singledispatch

import pandas as pd

from peerlib.analysis.business_case import OWN, BusinessCaseInputs
from peerlib.analysis.recosting import Recosting
from peerlib.core.costs import CostAssumptions
from peerlib.core.crisis_house import CrisisHouseInputs
from peerlib.core.model import Model
from peerlib.formatting import figure_text, formatted, gbp_text
from peerlib.inputs.crisis_house import CRISIS_HOUSE_FILE
from peerlib.inputs.studies import STAFFING_FILE, Staffing
from peerlib.inputs.unit_costs import CURRENT_COSTS_FILE, UNIT_COSTS_FILE
from peerlib.present.labels import unit_beside, unit_kind, value_text
from peerlib.present.prose import caseloads_text
from peerlib.vocabulary import term

MIME_TYPE = "application/vnd.peerlib.used-parameters+json"


@dataclass(frozen=True)
class Used:
    """The value a parameter resolved to, as a reader reads it, and where it came from."""

    value: str  # with its unit: "£334 per bed-day", "20 patients per FTE at a time"
    source: str  # "data/unit_costs.csv"; "" where the value is a consequence of other parameters


def _data(file: str) -> str:
    return f"data/{file}"


def number_text(value: float, unit: str = "") -> str:
    """A value in a table of parameters or inputs, as a reader reads it, by its unit: people (and visits, draws)
    whole; money to the pound unless it has pence ("£334", "£448.75"); any other figure as given, without
    trailing zeros, with thousands separators from 10,000 ("10,000", "0", "0.138", a seed of 2013)."""
    if unit.startswith(("£", "GBP")):
        return gbp_text(value, None)
    if unit_kind(unit) == "count":
        return formatted(value, "count")
    text = figure_text(value, significant=15)
    return text if abs(value) >= 10_000 else text.replace(",", "")


def literal_text(source: str, unit: str = "") -> str:
    """A parameter's value as written in a notebook's parameters cell (``10_000``, ``0.0``, ``"sledge2011"``),
    for its page's table: a number as :func:`number_text` writes it, anything else as written."""
    try:
        value = ast.literal_eval(source)
    except (ValueError, SyntaxError):
        return source
    if isinstance(value, bool) or not isinstance(value, int | float):
        return source
    return number_text(value, unit)


def values_shown(table: pd.DataFrame) -> pd.DataFrame:
    """A table of figures with their ``value`` written by its ``unit`` (:func:`number_text`): "38" people, not
    38.00."""
    return table.assign(value=[number_text(float(v), str(u)) for v, u in zip(table["value"], table["unit"],
                                                                            strict=True)])


def with_parameters(table: pd.DataFrame, given: Mapping[str, float | None]) -> pd.DataFrame:
    """A table of sourced figures (indexed by item, columns of ``data/``) with each figure a notebook parameter
    ``given`` (``None``: not given) in the data's place, so the table shows the figures the notebook uses: its value
    the parameter's, its source the parameters cell, and its reason the data's value it replaces."""
    shown = table.copy()
    for item, value in given.items():
        if value is None:
            continue
        data_value = number_text(float(shown.at[item, "value"]), str(shown.at[item, "unit"]))
        replaced = {"value": value, "status": "parameter", "formula": "", "source": f"this notebook's {item}",
                    "reason": f"In place of the data's {data_value}"}
        for column, text in replaced.items():
            if column in shown.columns:
                shown[column] = shown[column].astype(object)
                shown.at[item, column] = text
    return shown


def _used_text(name: str, value: float, computed: bool = False) -> str:
    """A named figure's value with its unit, a sum of money with its pence where the data gives them (not where
    an index ``computed`` it)."""
    described = term(name)
    if described.format != "gbp":
        return value_text(name, value)
    return f"{gbp_text(value, 0 if computed else None)} {unit_beside(described.unit, described.format)}".strip()


@singledispatch
def used_values(resolved: object) -> dict[str, Used]:
    """Every parameter value ``resolved`` knows, by parameter name."""
    raise TypeError(f"no parameters to publish from a {type(resolved).__name__}")


@used_values.register
def _(staffing: Staffing) -> dict[str, Used]:
    return {"caseload": Used(f"{caseloads_text(staffing)} patients per FTE at a time", _data(STAFFING_FILE))}


@used_values.register
def _(costs: CostAssumptions) -> dict[str, Used]:
    """A costing alone (the unit-costs exercise): the worker's salary it uses."""
    return {"peer_worker_salary_gbp": Used(_used_text("peer_worker_salary_gbp", costs.peer_worker_salary_gbp),
                                           _data(UNIT_COSTS_FILE))}


@used_values.register
def _(model: Model) -> dict[str, Used]:
    costs, rates = model.costs, _data(UNIT_COSTS_FILE)
    # A model at another price year than data/'s has its sums brought there by the price index.
    moved = model.price_factor != 1
    sums = rates + (f", at {costs.price_year} prices by data/price_index.csv" if moved else "")
    return {
        **used_values(model.staffing),
        "price_year": Used(costs.price_year, sums),
        **{name: Used(_used_text(name, getattr(costs, name), computed=moved), sums)
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
        "pay_band": Used(f"band {band}: {_used_text('salary_gbp', current.peer_worker_salary_gbp)} at the {point} "
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
        "salary_gbp": Used(_used_text("salary_gbp", inputs.salary_gbp), current),
        "bed_day_cost_gbp": Used(f"{_used_text('bed_day_cost_gbp', inputs.bed_day_cost_gbp, computed=True)} at "
                                 f"{inputs.price_year} "
                                 "prices", f"{current}, brought forward by data/price_index.csv"),
        **{name: Used(_used_text(name, getattr(inputs, name)), current)
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
        **{name: Used(_used_text(name, getattr(inputs, name), computed=True), source)
           for name in ("crisis_cost_per_visit_gbp", "inpatient_cost_per_day_gbp")},
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
