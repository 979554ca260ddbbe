"""The today's-costs report for a reader: labels, the rows of results.csv, and the unit costs and indices as text.

The re-costing itself (four costings of the same model) is :mod:`peerlib.analysis.recosting`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from peerlib.analysis.recosting import Recosting
from peerlib.formatting import formatted, gbp_adding_up, gbp_text, percent_text
from peerlib.inputs.cost_indices import ComponentIndices, IndexChange
from peerlib.inputs.errors import ParameterError
from peerlib.inputs.sourced import SourcedFigure
from peerlib.present.labels import POOL_LABELS, outcome_label, parameter_label
from peerlib.vocabulary import term

# The costings of the today's-costs report, in the order shown, with the id prefix of their results rows.
COSTINGS: dict[str, str] = {
    "base": "England 2011-12 unit costs (data/unit_costs.csv)",
    "rebased": "rebased: every £ moved with one index (pay and prices)",
    "components": "re-costed by component index: pay by the pay index, the bed-day by the pay and prices index",
    "current": "re-costed from current unit costs",
}
RESULT_PREFIX = {"components": "recost_components_", "current": "recost_current_"}
RESULT_LABEL = {"components": "re-costed by component index", "current": "re-costed from current unit costs"}


def labels(recosting: Recosting) -> dict[str, str]:
    """Every study's label and every pool's, by id."""
    labels = {s.study_id: s.label for s in recosting.every["base"].studies}
    return {**labels, **{k: outcome_label(k, labels) for k in POOL_LABELS}}


def rows(recosting: Recosting, costings: Sequence[str] = ("components", "current")) -> list[dict[str, object]]:
    """Lines of ``results.csv``: every study's and every pooled ratio under each re-costing.

    Ids say which re-costing (``recost_components_sledge2011``, ``recost_current_pooled_sample_size``);
    each row carries the 2011-12 ratio beside it and the factor between them. Only the two pooled rows
    weighted by sample size carry a headline for the index page.
    """
    out: list[dict[str, object]] = []
    base_every, base_six = recosting.base_case("base", True), recosting.base_case("base")
    names = labels(recosting)
    for costing in costings:
        if costing not in RESULT_PREFIX:
            raise ParameterError(f"unknown re-costing {costing!r}; expected one of {', '.join(RESULT_PREFIX)}")
        c = recosting.costings[costing]
        bed, worker = recosting.factors(costing)
        common = {"kind": "recosting", "recosting": costing, "price_year": c.price_year,
                  "bed_day_cost_gbp": c.bed_day_cost_gbp, "peer_worker_cost_gbp": c.peer_worker_cost_gbp,
                  "bed_day_factor": bed, "worker_cost_factor": worker, "ratio_factor": bed / worker,
                  "base_price_year": recosting.costings["base"].price_year}
        every, six = recosting.base_case(costing, True), recosting.base_case(costing)
        pooled = []
        for p, p0 in zip(six.pooled, base_six.pooled, strict=True):
            headline = ""
            if p.scheme == "sample_size" and not p.evidence_only:
                headline = (f"{COSTINGS[costing]} ({c.price_year}): pooled ratio "
                            f"{formatted(p.benefit_cost_ratio, 'ratio')} : 1 against "
                            f"{formatted(p0.benefit_cost_ratio, 'ratio')} : 1 at {p0.price_year} costs "
                            f"(x {bed / worker:.3f}); "
                            f"breaks even at {p.break_even_caseload:.1f} patients per FTE")
            pooled.append({"id": f"{RESULT_PREFIX[costing]}{p.outcome_id}",
                           "label": f"{names[p.outcome_id]}, {RESULT_LABEL[costing]}",
                           "benefit_cost_ratio": p.benefit_cost_ratio, "base_benefit_cost_ratio": p0.benefit_cost_ratio,
                           "break_even_caseload": p.break_even_caseload, "sample_size": None,
                           "headline": headline, **common})
        out += sorted(pooled, key=lambda r: r["headline"] == "")  # the headline row first
        for r, r0 in zip(every.studies, base_every.studies, strict=True):
            out.append({"id": f"{RESULT_PREFIX[costing]}{r.study_id}", "label": f"{r.label}, {RESULT_LABEL[costing]}",
                        "benefit_cost_ratio": r.benefit_cost_ratio, "base_benefit_cost_ratio": r0.benefit_cost_ratio,
                        "break_even_caseload": r.break_even_caseload, "sample_size": r.sample_size,
                        "headline": "", **common})
    return out


# The parts of a worker's cost, which a table shows adding up to the total.
WORKER_COST_PARTS = ("peer_worker_salary_gbp", "employer_ni_gbp", "employer_pension_gbp", "overheads_gbp")


def present_costs(table: pd.DataFrame) -> pd.DataFrame:
    """:meth:`Recosting.costs_table` for a reader: each figure named, and formatted, as the vocabulary says (£ to
    the pound, the bed-day cost with its pence where it has them, rates as percentages to 0.01 %), the parts of a
    worker's cost adding up to the cost shown."""
    def cell(name: str, value: object) -> str:
        if isinstance(value, str):
            return value
        number = float(value)  # type: ignore[arg-type]
        if name == "bed_day_cost_gbp":
            return gbp_text(number, None)
        if name.endswith("_rate"):
            return f"{percent_text(number, 2)}"  # a rate is set to the hundredth of a per cent (13.8 %, 20.68 %)
        return formatted(number, term(name).format)
    shown = pd.DataFrame({c: [cell(str(r), table.loc[r, c]) for r in table.index] for c in table.columns},
                         index=list(table.index))
    for costing in table.columns:
        parts = [float(table.loc[p, costing]) for p in WORKER_COST_PARTS]
        shown.loc[list(WORKER_COST_PARTS), costing] = gbp_adding_up(parts, float(table.loc["peer_worker_cost_gbp",
                                                                                           costing]))
    shown.index = [parameter_label(str(r)) for r in table.index]
    return shown


def present_cost_components(components: pd.DataFrame) -> pd.DataFrame:
    """:meth:`peerlib.core.costs.CostAssumptions.components` for a reader: each part of a worker's cost in whole
    pounds, adding up to the total shown in the last row."""
    values = [float(v) for v in components["gbp_per_year"]]
    price_year = str(components["price_year"].iloc[0])
    return pd.DataFrame({f"cost (£ a year, {price_year} prices)": [*gbp_adding_up(values[:-1], values[-1]),
                                                                   gbp_text(values[-1])]},
                        index=list(components.index))


def _value_text(row: SourcedFigure) -> str:
    if row.item.endswith("_gbp"):
        return f"{gbp_text(row.value, None)} ({row.unit.replace('GBP', '£')})"
    if row.item.endswith("_rate"):
        return f"{percent_text(row.value, 2)} ({row.unit})"
    return f"{row.value:,.6g} {row.unit}"


def sources_markdown(rows: Mapping[str, SourcedFigure]) -> str:
    """Every row of a unit-cost file as a Markdown list: value and price year, status, source, reason and note."""
    lines = []
    for row in rows.values():
        year = f"{row.price_year}{', price year assumed' if row.price_year_status == 'assumption' else ''}"
        how = f"*{row.status}*" + (f" = `{row.formula}`" if row.formula else "")
        parts = [f"* **`{row.item}`** = {_value_text(row)}, {year}; {how}."]
        parts += [f"{label}: {text}." for label, text in (("Source", row.source), ("Reason", row.reason),
                                                           ("Note", row.note)) if text]
        lines.append(" ".join(p.rstrip(".") + "." for p in parts))
    return "\n".join(lines)


def index_sources_markdown(indices: ComponentIndices) -> str:
    """The rows of ``cost_indices.csv`` by series: each year's % change, then the series' status and source."""
    lines = []
    series: dict[tuple[str, str, str], list[IndexChange]] = {}
    for change in indices.changes:
        series.setdefault((change.component, change.series, change.status), []).append(change)
    for (component, name, status), changes in series.items():
        years = ", ".join(f"{c.price_year} {percent_text(c.annual_change_pct / 100, 2, signed=True)}" for c in changes)
        first = changes[0]
        text = f"* **{component.replace('_', ' ')}** ({name}): {years}; *{status}*. Source: {first.source}"
        if len(changes) > 1:
            text += " (each year's row names its year)"
        text += "".join(f". {label}: {value}" for label, value in (("Reason", first.reason), ("Note", first.note))
                        if value)
        lines.append(text + ".")
    return "\n".join(lines)
