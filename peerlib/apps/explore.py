"""The explorer's one update step: every assumption a user can move, in; every figure shown, out.

The explorer notebook shows :class:`Explorer`'s controls, whose every change calls :func:`explore`;
papermill, nbval and tests call the same function with plain values, so what a slider shows is
exactly what peerlib computes.

A control the person has not moved passes ``None``, so the figures use the value in ``data/``
exactly (at the price year chosen), not the slider's reading of it. Each slider's grid is laid
through the value it shows, so the browser has nothing to round it to.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import Markdown
from traitlets import validate

from peerlib.apps.one_line import show_in_one_line
from peerlib.config import DATA_DIR
from peerlib.core import crisis_house
from peerlib.core.costs import load_cost_assumptions
from peerlib.core.model import BaseCase, Model
from peerlib.core.weighting import WEIGHTING_SCHEMES, check_scheme
from peerlib.formatting import gbp_text
from peerlib.inputs import prices, studies
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.sourced import Plausible, choice_problem, parameter_problem, plausible
from peerlib.present.labels import outcome_label, present, scheme_label
from peerlib.present.plots import crisis_saving_curve, plot
from peerlib.present.prose import caseloads_text
from peerlib.vocabulary import term


@dataclass(frozen=True)
class Exploration:
    base: BaseCase
    scheme: str
    leeds: crisis_house.CrisisHouseResult

    @property
    def model(self) -> Model:
        return self.base.model

    def table(self) -> pd.DataFrame:
        return self.base.table()[["label", "break_even_caseload", "caseload", "bed_days_saved_per_fte_year",
                                  "benefit_cost_ratio"]]

    def pooled(self) -> pd.DataFrame:
        return pd.DataFrame([{"pooled": p.outcome_id, "benefit_cost_ratio": p.benefit_cost_ratio,
                              "break_even_caseload": p.break_even_caseload} for p in self.base.pooled]
                            ).set_index("pooled")


def explore(
    *,
    price_year: str | None = None,
    caseload: float | None = None,
    caseload_group: float | None = None,
    bed_day_cost_gbp: float | None = None,
    peer_worker_salary_gbp: float | None = None,
    employer_pension_rate: float | None = None,
    overhead_rate: float | None = None,
    scheme: str = "sample_size",
    diversion_share: float | None = None,
    inpatient_days_per_visit: float | None = None,
    data_dir: Path = DATA_DIR,
) -> Exploration:
    """Recompute everything under the given assumptions; ``None`` keeps the value in ``data/``.

    Sums are at ``price_year`` (the data's own when None). ``caseload`` is the number of patients
    one FTE peer worker supports at a time one-to-one, ``caseload_group`` in groups: each study takes the one of
    its way of delivering support.
    """
    model = Model.from_data(data_dir, price_year=price_year, bed_day_cost_gbp=bed_day_cost_gbp,
                            peer_worker_salary_gbp=peer_worker_salary_gbp,
                            employer_pension_rate=employer_pension_rate, overhead_rate=overhead_rate)
    model = replace(model, staffing=model.staffing.with_mode_caseloads(caseload, caseload_group, "explorer slider"))
    leeds_inputs = crisis_house.load_crisis_house_inputs(data_dir, price_year or None).with_overrides(
        diversion_share=diversion_share, inpatient_days_per_visit=inpatient_days_per_visit)
    return Exploration(model.base_case(), check_scheme(scheme), crisis_house.evaluate_crisis_house(leeds_inputs))


def headline(exploration: Exploration, published_ratio: float) -> str:
    """What the explorer says above its tables, each figure named with its unit and price year (markdown)."""
    pooled = exploration.base.pooled_ratio(exploration.scheme)
    c, leeds = exploration.model.costs, exploration.leeds.inputs
    return (f"**Pooled ratio, {scheme_label(pooled.scheme)}: {pooled.benefit_cost_ratio:.2f} : 1** at a caseload of "
            f"{caseloads_text(exploration.model.staffing)} patients per FTE at a time; it breaks even at a caseload "
            "for every study of "
            f"{pooled.break_even_caseload:.1f}. A peer worker costs {gbp_text(c.peer_worker_cost_gbp)} a year and "
            f"a bed-day {gbp_text(c.bed_day_cost_gbp, None)}, at {c.price_year} prices. The report's pooled ratio, "
            f"as published: {published_ratio:g} : 1. Leeds crisis house, at {leeds.price_year} prices: "
            f"{exploration.leeds.describe()}")


# --- The controls -------------------------------------------------------------------------------

@dataclass(frozen=True)
class SliderSpec:
    """A slider's range and step; what it sets is named in the vocabulary's words (:func:`slider_description`)."""

    low: float
    high: float
    step: float
    readout: str  # how the slider shows its value (a d3 number format)
    context: str = ""  # before the figure's label, where the label alone would not say which figure


SLIDERS: dict[str, SliderSpec] = {
    "caseload": SliderSpec(1, 400, 0.1, ",.1f", "one-to-one "),
    "caseload_group": SliderSpec(1, 400, 0.1, ",.1f"),
    "bed_day_cost_gbp": SliderSpec(50, 1_000, 1, ",.2f"),
    "peer_worker_salary_gbp": SliderSpec(10_000, 60_000, 100, ",.0f"),
    "employer_pension_rate": SliderSpec(0, 0.3, 0.005, ".3f"),
    "overhead_rate": SliderSpec(0, 1, 0.01, ".2f"),
    "diversion_share": SliderSpec(0, 1, 0.01, ".2f", "Leeds: "),
}


def slider_description(name: str) -> str:
    """What a slider sets: the figure's label and unit as data holds it (a share as a fraction, as the slider shows
    it), as every table names the figure; its help (:attr:`peerlib.vocabulary.Term.help`) is the tooltip."""
    return SLIDERS[name].context + term(name).stored_heading
MONEY = ("bed_day_cost_gbp", "peer_worker_salary_gbp")  # in £ at the price year chosen


def grid_through(value: float, spec: SliderSpec) -> tuple[float, float]:
    """A slider's ends, within ``spec``'s range widened to hold ``value``, a whole number of steps from ``value``:
    the browser rounds a slider's value to its grid, so the data's value must lie on it."""
    below = math.floor(max(value - spec.low, 0) / spec.step + 1e-9)
    above = math.floor(max(spec.high - value, 0) / spec.step + 1e-9)
    return value - below * spec.step, value + above * spec.step


def data_values(price_year: str | None = None, data_dir: Path = DATA_DIR) -> dict[str, float]:
    """What each slider starts at: the value in ``data/``, money at ``price_year`` (None: the data's own)."""
    model = Model.from_data(data_dir, price_year=price_year)
    c = model.costs
    staffing = studies.load_staffing(data_dir).parameters()
    return {"caseload": staffing[studies.CASELOAD], "caseload_group": staffing[studies.CASELOAD_GROUP],
            "bed_day_cost_gbp": c.bed_day_cost_gbp,
            "peer_worker_salary_gbp": c.peer_worker_salary_gbp, "employer_pension_rate": c.employer_pension_rate,
            "overhead_rate": c.overhead_rate,
            "diversion_share": crisis_house.load_crisis_house_inputs(data_dir).diversion_share}


class Explorer:
    """The explorer's controls, wired to :func:`explore`: each change recomputes and hands the result to ``show``.

    Only what the person moved is passed on (:meth:`assumptions`); the rest stays at ``data/``'s value. A value
    moves only when a person moves it: the explorer's own setting of a control, and the browser sending back a
    value it rounded to the slider's grid, are not moves. Each money value a person set is kept with the price
    year it was set at and re-expressed at the year chosen, so no ratio changes with the price year, and
    choosing the first year again shows every input as it was.
    """

    def __init__(self, show: Callable[[Exploration], None], data_dir: Path = DATA_DIR) -> None:
        self.data_dir, self.show = data_dir, show
        # JupyterLab may deliver a control's change on a thread of its own (a kernel subshell): one change at a
        # time, or two redraws would share pyplot's figures and the output.
        self._changing = threading.RLock()
        self.index = prices.load_price_index(data_dir)
        self.data_price_year = load_cost_assumptions(data_dir).price_year
        self.moved: dict[str, tuple[float, str]] = {}  # what the person set, and the price year it was set at
        self.start = data_values(None, data_dir)
        self._set = dict(self.start)  # what each slider was last set to, by the explorer or by the person
        style = {"description_width": "32em"}
        years = [("the data's own", "")] + [(y, y) for y in self.index.years]
        self.controls: dict[str, Any] = {
            # Wide enough for the longest choice after its description, so the value chosen can be read.
            "price_year": Choice(options=years, value="", description="price year of every £", style=style,
                                 layout=widgets.Layout(width="43em")),
            "scheme": Choice(options=[(scheme_label(s), s) for s in WEIGHTING_SCHEMES], value="sample_size",
                             description="pooling weights", style=style, layout=widgets.Layout(width="63em")),
        }
        for name, spec in SLIDERS.items():
            low, high = grid_through(self.start[name], spec)
            self.controls[name] = Slider(name, value=self.start[name], min=low, max=high, step=spec.step,
                                         description=slider_description(name), tooltip=term(name).help,
                                         style=style, layout=widgets.Layout(width="59em"),
                                         readout_format=spec.readout)
        for name, control in self.controls.items():
            control.observe(lambda change, name=name: self._changed(name, change["new"]), names="value")
        self.exploration = self.update()

    def price_year(self) -> str:
        """The price year chosen: "the data's own" is the data's price year."""
        return str(self.controls["price_year"].value or self.data_price_year)

    def assumptions(self) -> dict[str, Any]:
        """What :func:`explore` is given: each value the person set (money re-expressed at the price year chosen);
        ``None`` (the data's value) for the rest."""
        given: dict[str, Any] = {name: self._value_now(name) if name in self.moved else None for name in SLIDERS}
        given["price_year"] = self.controls["price_year"].value or None
        given["scheme"] = self.controls["scheme"].value
        return given

    def update(self) -> Exploration:
        self.exploration = explore(**self.assumptions(), data_dir=self.data_dir)
        self.show(self.exploration)
        return self.exploration

    def _value_now(self, name: str) -> float:
        value, price_year = self.moved[name]
        return value * self.index.factor(price_year, self.price_year()) if name in MONEY else value

    def _changed(self, name: str, value: Any) -> None:
        with self._changing:
            self._change(name, value)

    def _change(self, name: str, value: Any) -> None:
        if name == "price_year":
            self._show_money_at_price_year()
        elif name in SLIDERS:
            if abs(value - self._set[name]) < SLIDERS[name].step / 2:
                return  # the value the explorer set, or the browser's rounding of it: nobody moved this slider
            self.moved[name] = (value, self.price_year())
            self._set[name] = value
        self.update()

    def _show_money_at_price_year(self) -> None:
        """Each money slider shows its value at the price year now chosen: the person's, re-expressed, or the data's.

        The range and the value change in one message (``hold_sync``), so the browser never holds the old value
        on the new grid, where it would round it and send it back.
        """
        at_year = data_values(self.controls["price_year"].value or None, self.data_dir)
        for name in MONEY:
            value = self._value_now(name) if name in self.moved else at_year[name]
            slider, (low, high) = self.controls[name], grid_through(value, SLIDERS[name])
            self._set[name] = value
            with slider.hold_sync():
                slider.min, slider.max = min(low, slider.min), max(high, slider.max)  # room for the new value first
                slider.value = value
                slider.min, slider.max = low, high


class Choice(widgets.Dropdown):  # type: ignore[misc]
    """A menu that refuses a value it does not offer (set in code) with one line saying what it offers."""

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        if proposal.value not in self._options_values:
            raise ParameterError(f"{self.description}: {choice_problem(proposal.value, self._options_values)}")
        return super()._validate_value(proposal)


class Slider(widgets.FloatSlider):  # type: ignore[misc]
    """A slider for the figure ``item`` that refuses a value outside its range (set in code) with one line, instead of
    moving to its end: in the words a notebook parameter or an option for that figure is refused in."""

    def __init__(self, item: str, **kwargs: Any) -> None:
        self.item = item
        super().__init__(**kwargs)

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        bounds = replace(plausible(self.item) or Plausible(self.min, self.max), low=self.min, high=self.max,
                         open_low=False)
        problem = parameter_problem(self.item, proposal.value, bounds)
        if problem:
            raise ParameterError(f"{self.description}: {problem}")
        return proposal.value


def rendered(shown: Sequence[object]) -> tuple[dict[str, Any], ...]:
    """Each object as the output a notebook shows for it (a display_data output: its formats and their metadata).

    Setting an Output widget's ``outputs`` to these shows them from any thread, which ``with output: display(...)``
    does not (ipywidgets' documented way for a callback not run on the kernel's main thread). A figure is closed
    once drawn, so no other display shows it again.
    """
    from IPython.core.formatters import DisplayFormatter
    from IPython.core.getipython import get_ipython
    from matplotlib.figure import Figure

    shell: Any = get_ipython()
    formatter: Any = shell.display_formatter if shell is not None else DisplayFormatter()
    outputs = []
    for item in shown:
        data, metadata = formatter.format(item)
        outputs.append({"output_type": "display_data", "data": data, "metadata": metadata})
        if isinstance(item, Figure):
            plt.close(item)
    return tuple(outputs)


def shown(exploration: Exploration, published_ratio: float) -> list[object]:
    """What the explorer shows, all computed by peerlib: the headline, the tables and the charts."""
    table = exploration.table().set_index("label")
    table.index.name = None
    pooled = exploration.pooled().rename(index=lambda o: outcome_label(str(o), {}))
    pooled.index.name = None
    words = Markdown(headline(exploration, published_ratio))  # type: ignore[no-untyped-call]
    return [words, present(table), present(pooled), plot(exploration.base, published_ratio),
            crisis_saving_curve(exploration.leeds)]


def show_in(output: widgets.Output, published_ratio: float) -> Callable[[Exploration], None]:
    """The explorer's ``show`` for ``output``: what :func:`shown` gives, set as the output's value (right whichever
    thread JupyterLab runs the sliders' callbacks on, :func:`rendered`)."""
    def show(exploration: Exploration) -> None:
        output.outputs = rendered(shown(exploration, published_ratio))
    return show


# Inside an IPython kernel, a value the explorer cannot take (a parameter, a control set in code) shows as the one
# line of its ParameterError or DataError, not a traceback.
show_in_one_line((ParameterError, DataError), str, __name__)
