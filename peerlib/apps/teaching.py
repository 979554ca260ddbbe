"""Exercise checks for the teaching notebooks.

Each check compares a student's answer with the figure peerlib computes (the
:class:`~peerlib.core.model.Model`, the costs, the published figures) at the notebook's parameters. A
right answer prints a short confirmation. A wrong one raises :class:`NotYet` with a one-line hint
about the likely mistake: never the answer, nor the formula that gives it. The exception stops a
notebook run from top to bottom at its first failing check.

What a student sees is that one line. Importing this module inside an IPython kernel registers a
handler that shows a failed check (:class:`NotYet`, or :class:`CannotCheck` for parameters the
exercises cannot teach) as its message alone, as the cell's error output: no traceback, and so
none of this module's code, which holds every right answer and every hint. A check run before its
exercise cell (an ``answer_...`` name not set) gets one line too, saying to run that cell first.

An exercise computed from an earlier one reads the student's earlier answer from the notebook,
by the name its exercise cell assigns (``answer_fte_years``), or takes it as a keyword
(``your_fte_years=...``). Reading it by name keeps a check working when the earlier exercise's cell
failed or was not run. When the earlier answer is wrong and this one follows correctly from it,
the hint says so and points back to the earlier exercise; when the earlier answer was rounded and
this one follows correctly from it, this one is right too.

Each exercise says how far to round (:data:`PRECISION`): an answer rounded that far is right, one
rounded further gets a line saying how far to round, and a slip (a percentage for a fraction, a
month for a year, the sign, a carried-forward answer) is recognised at the precision the student
typed. A check whose answer name is not set (its exercise cell failed or was not run) shows one line
saying so, not a ``NameError``.

:func:`assess` gives the verdict as a value, without raising.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import numbers
import reprlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

import numpy as np

from peerlib.analysis.psa import PSAResult, probabilistic
from peerlib.analysis.specs import load_specs
from peerlib.apps.one_line import show_in_one_line
from peerlib.config import DAYS_PER_YEAR, MONTHS_PER_YEAR, SEED, TEACHING_DRAWS
from peerlib.core import costs, crisis_house
from peerlib.core.model import Model, StudyResult
from peerlib.formatting import gbp_text, percent_text
from peerlib.inputs import prices
from peerlib.inputs.errors import ParameterError, PriceYearError
from peerlib.inputs.published import load_published
from peerlib.present.class_report import COULD_NOT_GRADE

RELATIVE_TOLERANCE = 0.005  # half a per cent: a mistake worked with rounded figures is still recognised
DEFAULT_STUDY_ID = "sledge2011"  # the worked example of notebooks 02, 03 and 07: an RCT with mean bed-days per arm
REPORT_RATIO = "pooled_ratio_sample_size_weighted"  # the report's pooled ratio, in data/published.csv
PERCENT_HINT = "It looks like a percentage: give it as a fraction ({fraction:g} for {percent})."
RATIO_PERCENT_HINT = ("It looks like a percentage: give the ratio as a plain number ({ratio:g} : 1 is {ratio:g}, "
                      "not {percent:g}).")
MONTHS_HINT = "Check months against years: {what} is a figure for a whole year, and a year is twelve months."
RATIO_MONTHS_HINT = ("Check months against years: the bed-days saved and the worker's cost must cover the same "
                     "period.")
ARMS_SIGN_HINT = "Check the sign: which arm used more beds, and which way round is a saving?"
SIGN_HINT = "Check the sign: {what} cannot be below zero."
ROUNDED_FIRST_HINT = "Close, but a figure was rounded on the way: round only the final answer."
ANSWER_PREFIX = "answer_"  # every exercise cell assigns a name with this prefix
# The kinds of slip a check recognises, in the order a class report lists them: a fraction given in per cent, a
# monthly figure for a yearly one (or twelve times over), the sign, a mistake carried from an earlier exercise,
# rounded too far or too early, no answer, a named mistake of method (a cost left out, a step the wrong way round),
# an answer that is not a number, and any other wrong answer.
PERCENTAGE, PER_MONTH, SIGN, CARRIED_FORWARD = "percentage", "per month", "sign", "carried forward"
ROUNDING, NOT_ATTEMPTED, METHOD, NOT_A_NUMBER, OTHER = "rounding", "not attempted", "method", "not a number", "other"
SLIP_KINDS = (PERCENTAGE, PER_MONTH, SIGN, CARRIED_FORWARD, ROUNDING, NOT_ATTEMPTED, METHOD, NOT_A_NUMBER, OTHER)
GRADED_MARK = "peerlib-graded: "  # the line graded() prints its verdict on
NOT_RUN = ("{name} is not set: run the exercise cell above first (if it shows an error, fix that), then run "
           "this check again.")


@dataclass(frozen=True)
class Precision:
    """How far an exercise asks to round its answer: the one place its text, its check and its hints follow.

    An answer within half a unit of the last place asked is right, and nothing further off: 240 "to a
    whole number" accepts 240 (or 240.3), not 241. The exercise's text says :attr:`words`; a test reads it.
    """

    decimals: int  # decimal places asked; 0: a whole number
    pounds: bool = False  # a sum of money: "to the nearest pound"

    @property
    def words(self) -> str:
        """How far to round, as the exercise's text and the precision hint say it."""
        if self.decimals == 0:
            return "to the nearest pound" if self.pounds else "to a whole number"
        return f"to {('one', 'two', 'three')[self.decimals - 1]} decimal place{'s' if self.decimals > 1 else ''}"

    def accepts(self, answer: float, value: float) -> bool:
        """``answer`` is ``value`` rounded as asked, or given more precisely."""
        return abs(answer - value) <= 0.5 * 10.0 ** -self.decimals * (1 + 1e-9)

    def too_coarse(self, answer: float, value: float) -> bool:
        """``answer`` is ``value`` rounded, or cut short, to fewer places than asked (1.4 for 1.425 asked to two).

        A one-figure answer (1 for 0.695) only one place short: it is near too many values to be sure."""
        places = _typed_decimals(answer)
        return (places < self.decimals and answer != 0 and _rounded_or_cut(answer, value, places)
                and (_figures(answer) >= 2 or places == self.decimals - 1))


WHOLE, POUNDS, ONE_PLACE, TWO_PLACES = Precision(0), Precision(0, pounds=True), Precision(1), Precision(2)
# How far each exercise asks to round its answer, by its check's name.
PRECISION: dict[str, Precision] = {
    "check_peer_worker_cost": POUNDS, "check_price_conversion": POUNDS, "check_fte_years": TWO_PLACES,
    "check_bed_days_saved_per_fte_year": WHOLE, "check_benefit_cost_ratio": TWO_PLACES,
    "check_break_even_bed_days": WHOLE, "check_break_even_caseload": ONE_PLACE,
    "check_ratio_from_break_even": TWO_PLACES, "check_pooled_ratio": TWO_PLACES,
    "check_largest_weight_share": TWO_PLACES, "check_pooled_without_largest": TWO_PLACES,
    "check_implied_diverted_days": WHOLE, "check_break_even_share": TWO_PLACES,
    "check_probability_above_one": TWO_PLACES, "check_net_benefit_per_fte_year": POUNDS,
    "check_ratio_at_marginal_cost": TWO_PLACES, "check_break_even_marginal_share": TWO_PLACES,
    "check_beds_freed_per_fte": TWO_PLACES, "check_cash_released_per_fte_year": POUNDS,
    "check_cash_to_find_per_fte_year": POUNDS,
}


class NotYet(AssertionError):
    """The answer is missing or wrong; the message, one line, says what to look at; ``slip``, its kind."""

    def __init__(self, message: str, slip: str = OTHER) -> None:
        super().__init__(message)
        self.slip = slip


class CannotCheck(ParameterError):
    """The notebook's parameters ask for something these exercises cannot check; the message says what."""


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and the hint that goes with it."""

    value: float
    hint: str
    slip: str = METHOD  # the kind of slip (SLIP_KINDS): by default a named mistake of method


@dataclass(frozen=True)
class Earlier:
    """The student's answer to an earlier exercise that this one is computed from."""

    exercise: str  # as the student knows it: "exercise 1 (peer work in FTE-years)"
    answer: object  # the student's answer to it (None or ... when not given)
    expected: float  # the right answer to it
    follows: Callable[[float], float]  # this exercise's answer, worked correctly from the earlier answer
    precision: Precision  # how far its exercise asks to round it


FROM_NOTEBOOK: Any = type("FromNotebook", (), {"__repr__": lambda self: "FROM_NOTEBOOK"})()
"""The default of a ``your_...`` keyword: read the earlier answer from the notebook by its name."""


@dataclass(frozen=True)
class Check:
    """The verdict on one answer: right or not, and what to tell the student."""

    ok: bool
    message: str
    slip: str = ""  # the kind of slip (SLIP_KINDS) when not ok


def assess(name: str, answer: object, expected: float, mistakes: Sequence[Mistake] = (), unit: str = "",
           earlier: Sequence[Earlier] = (), sign_hint: str | None = None, *, precision: Precision) -> Check:
    """Compare ``answer`` with ``expected``; when it is wrong, say what to look at.

    Right is ``expected`` rounded as the exercise asks (``precision``), or given more precisely. In
    order: the right answer (so a mistake that happens to give the right number under the current
    data, such as forgetting overheads of 0, is accepted); a right calculation from a rounded
    ``earlier`` answer (right too); a right calculation from a wrong ``earlier`` answer; the right
    answer rounded further than asked (say how far to round); each typical mistake; the sign
    (``sign_hint``, by default: the quantity cannot be below zero); a wrong earlier answer; too high
    or too low. A mistake, a sign or a carried-forward answer is recognised at the precision the
    student typed (69 or 69.5 for a percentage of 0.695), or within half a per cent.
    """
    if answer is None or answer is Ellipsis:
        return Check(False, f"{name}: not answered yet. Write your calculation in place of the ... in the cell "
                            "above, run that cell, then run this one again.", NOT_ATTEMPTED)
    number = _as_number(answer)
    in_unit = f" ({unit})" if unit else ""
    if number is None:
        if isinstance(answer, str):
            return Check(False, f"{name}: expected a single number{in_unit}, found the text {reprlib.repr(answer)}: "
                                f"write the number without quotes{' or a % sign' if '%' in answer else ''}.",
                         NOT_A_NUMBER)
        return Check(False, f"{name}: expected a single number{in_unit}, found {reprlib.repr(answer)}.", NOT_A_NUMBER)
    right = Check(True, f"Right: {name} = {_shown(number)}{in_unit}.")
    if precision.accepts(number, expected):
        return right
    for e in earlier:
        carried = _follows(e)
        if carried is not None and not _is_wrong(e) and precision.accepts(number, carried):
            return right
    wrong_before = [e for e in earlier if _is_wrong(e)]
    for e in wrong_before:
        carried = _follows(e)
        if carried is not None and _slipped_to(number, carried):
            return Check(False, f"{name}: this follows from your answer to {e.exercise}, which is not right yet. "
                                "Fix that first, then run this check again.", CARRIED_FORWARD)
    if precision.too_coarse(number, expected):
        return Check(False, f"{name}: right, but give it {precision.words}, as the exercise asks.", ROUNDING)
    for mistake in mistakes:
        if _slipped_to(number, mistake.value):
            return Check(False, f"{name}: not yet. {mistake.hint}", mistake.slip)
    if expected != 0 and (precision.accepts(-number, expected) or _slipped_to(-number, expected)):
        return Check(False, f"{name}: not yet. {sign_hint or SIGN_HINT.format(what=name)}", SIGN)
    if wrong_before:
        return Check(False, f"{name}: not yet, and your answer to {wrong_before[0].exercise} is not right yet "
                            "either: fix that first.", CARRIED_FORWARD)
    direction = "too high" if number > expected else "too low"
    return Check(False, f"{name}: not yet; your answer is {direction}. Go back over each step and its units.", OTHER)


def report(result: Check) -> None:
    """Print the confirmation, or raise :class:`NotYet` so the notebook stops at this check."""
    if not result.ok:
        raise NotYet(result.message, result.slip)
    print(result.message)


def _is_wrong(earlier: Earlier) -> bool:
    """True when the earlier answer is a number and not the right one (a blank is not wrong, only missing)."""
    value = _as_number(earlier.answer)
    return value is not None and not earlier.precision.accepts(value, earlier.expected)


def _from_notebook(given: object, name: str) -> object:
    """The student's answer to an earlier exercise: as given, or else as the notebook holds it (None if not set)."""
    if given is not FROM_NOTEBOOK:
        return given
    try:
        from IPython import get_ipython
    except ImportError:  # not installed: no notebook to read from
        return None
    shell = get_ipython()
    return None if shell is None else shell.user_ns.get(name)


def _follows(earlier: Earlier) -> float | None:
    """This exercise's answer worked correctly from the student's earlier answer, if it has one."""
    value = _as_number(earlier.answer)
    if value is None:
        return None
    try:
        carried = float(earlier.follows(value))
    except ZeroDivisionError:
        return None
    return carried if math.isfinite(carried) else None


def _as_number(answer: object) -> float | None:
    """The answer as a float if it is one real number (numpy scalars included), else None."""
    if isinstance(answer, np.ndarray) and answer.ndim == 0:
        answer = answer.item()
    if isinstance(answer, (bool, np.bool_)) or not isinstance(answer, numbers.Real):
        return None
    number = float(answer)
    return number if math.isfinite(number) else None


def _shown(number: float) -> str:
    """Four significant figures, but whole pounds or days written out rather than as 2.122e+04; a minus sign (−)."""
    return (f"{number:,.0f}" if abs(number) >= 1000 else f"{number:.4g}").replace("-", "−")


def _typed_decimals(number: float) -> int:
    """The decimal places a number was written with: 69 -> 0, 69.5 -> 1, 0.25 -> 2 (a computed figure: about 16)."""
    exponent = Decimal(repr(float(number))).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _rounded_or_cut(answer: float, value: float, places: int) -> bool:
    """``answer`` is ``value`` rounded to ``places`` decimal places, or cut short there (1.4 or 1.5 for 1.45)."""
    unit = 10.0 ** -places
    rounded = abs(answer - value) <= 0.5 * unit * (1 + 1e-9)
    cut = answer * value > 0 and 0 <= abs(value) - abs(answer) < unit * (1 - 1e-9)
    return rounded or cut


def _figures(number: float) -> int:
    """The significant figures a number was written with: 69 -> 2, 0.7 -> 1, 1.25 -> 3."""
    return math.floor(math.log10(abs(number))) + 1 + _typed_decimals(number) if number else 0


def _slipped_to(answer: float, value: float) -> bool:
    """``answer`` is ``value`` as the student would write it: within half a per cent (rounding along the way), or
    at the precision the student typed: 69 or 69.5 for 69.498, rounded, cut short or rounded twice (70), that
    is within one unit of the student's last figure. Not a one-figure answer (1, 0.7): it is near too many values."""
    if math.isclose(answer, value, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-9):
        return True
    return _figures(answer) >= 2 and abs(answer - value) < 10.0 ** -_typed_decimals(answer) * (1 - 1e-9)


def _as_percentage(expected: float) -> Mistake:
    """A fraction given in per cent; the hint's example is well away from the answer, so it gives nothing away."""
    example = 0.5 if abs(expected - 0.25) < 0.125 else 0.25
    return Mistake(100 * expected, PERCENT_HINT.format(fraction=example, percent=percent_text(example)), PERCENTAGE)


def _ratio_slips(expected: float) -> list[Mistake]:
    """A ratio given in per cent, or with a month's bed-days set against a year's cost (or the other way round)."""
    example = 0.5 if abs(expected - 2.5) < 1.25 else 2.5
    return [Mistake(100 * expected, RATIO_PERCENT_HINT.format(ratio=example, percent=100 * example), PERCENTAGE),
            *_month_slips(expected, RATIO_MONTHS_HINT)]


def _month_slips(expected: float, hint: str) -> list[Mistake]:
    """A yearly figure given for a month, or a monthly one multiplied up twice: twelve times too low or too high."""
    return [Mistake(expected / MONTHS_PER_YEAR, hint, PER_MONTH), Mistake(expected * MONTHS_PER_YEAR, hint, PER_MONTH)]


def _yearly_slips(expected: float, what: str) -> list[Mistake]:
    return _month_slips(expected, MONTHS_HINT.format(what=what))


# --- What a student sees in Jupyter --------------------------------------------------------------

ONE_LINE_ERRORS: tuple[type[BaseException], ...] = (NotYet, CannotCheck)


def unset_answer(value: BaseException) -> str | None:
    """The exercise's answer name that a ``NameError`` is about (its cell failed or was not run), else None."""
    name = getattr(value, "name", None) if isinstance(value, NameError) else None
    return name if isinstance(name, str) and name.startswith(ANSWER_PREFIX) else None


def _one_line(value: BaseException) -> str | None:
    """What a student sees for a failed check, or an exercise's answer not set; None: the usual traceback."""
    if isinstance(value, ONE_LINE_ERRORS):
        return str(value)
    name = unset_answer(value)
    return NOT_RUN.format(name=name) if name is not None else None


# Inside an IPython kernel, a failed check and an exercise's answer not set show as one line.
show_in_one_line(ONE_LINE_ERRORS + (NameError,), _one_line, __name__)


def graded(exercise: str, check: Callable[[], None]) -> None:
    """Run one check as the grader runs it (peerlib.apps.grading): print its verdict as one line of data, the
    exercise, whether the answer is right, the line the student saw and the kind of slip, rather than stop."""
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            check()
        ok, message, slip = True, printed.getvalue().strip(), ""
    except NotYet as exc:
        ok, message, slip = False, str(exc), exc.slip
    except CannotCheck as exc:
        ok, message, slip = False, str(exc), COULD_NOT_GRADE
    except NameError as exc:
        name = unset_answer(exc)
        if name is None:
            raise
        ok, message, slip = False, NOT_RUN.format(name=name), NOT_ATTEMPTED
    print(GRADED_MARK + json.dumps({"exercise": exercise, "ok": ok, "feedback": message, "slip": slip}))


# --- 01 unit costs --------------------------------------------------------------------------

def check_peer_worker_cost(answer_gbp: object, peer_worker_salary_gbp: float | None = None) -> None:
    """Salary, employer national insurance (less any rebate), pension and overheads, at the notebook's salary
    (``None``: the salary of ``data/unit_costs.csv``) and the data's rates."""
    data = costs.load_cost_assumptions()
    try:
        c = data.with_overrides(peer_worker_salary_gbp=peer_worker_salary_gbp)
    except ParameterError as exc:
        raise CannotCheck(str(exc)) from None
    worker = c.peer_worker
    salary, ni, pension = worker.salary_gbp, worker.employer_ni_gbp, worker.employer_pension_gbp
    markup = 1 + c.overhead_rate
    rebate = float(costs.contracted_out_rebate(salary, c.employer_ni_rebate_rate, c.employer_ni_rebate_lower_gbp,
                                               c.employer_ni_rebate_upper_gbp))
    no_rebate = [Mistake((salary + ni + rebate + pension) * markup,
                         "The contracted-out rebate is missing: in this year the employer's national insurance is "
                         "reduced by the rebate rate on the earnings in the band.")] if rebate else []
    report(assess("cost of one FTE peer worker for a year", answer_gbp, worker.total_gbp, [*no_rebate,
        Mistake(salary, "That is the salary alone: an employer pays more than the salary for each member of staff."),
        Mistake((salary + pension) * markup, "Pension is in, but the employer's national insurance is missing."),
        Mistake((salary + ni) * markup, "National insurance is in, but the employer's pension contribution is "
                                        "missing."),
        Mistake((salary * (1 + c.employer_ni_rate + c.employer_pension_rate)) * markup,
                "National insurance is paid only on earnings above the threshold, not on the whole salary."),
        Mistake(salary + ni + pension, "Salary and on-costs are in; the overheads are missing."),
        Mistake(salary * markup + ni + pension,
                "Overheads are a share of the on-costs too, not of the salary alone."),
        *([Mistake(data.peer_worker_cost_gbp, "That is a worker's cost at the salary in the data: this notebook's "
                                              "parameters give your worker another salary.")]
          if data.peer_worker_salary_gbp != salary else []),
        *_yearly_slips(worker.total_gbp, "a worker's cost"),
    ], "£ a year", precision=PRECISION["check_peer_worker_cost"]))


def check_price_conversion(answer_gbp: object, price_year: str) -> None:
    """The bed-day cost of ``data/unit_costs.csv`` moved to ``price_year`` prices."""
    index = prices.load_price_index()
    c = costs.load_cost_assumptions()
    base_gbp = c.bed_day_cost_gbp
    try:
        expected = index.convert(base_gbp, c.price_year, price_year)
    except PriceYearError as exc:
        raise CannotCheck(f"price_year: {exc}") from None
    mistakes = [
        Mistake(base_gbp * index.factor(price_year, c.price_year),
                "The conversion runs the wrong way: which of the two index levels is the year you are moving to?"),
        Mistake(base_gbp, f"That is the cost at {c.price_year} prices, not converted yet."),
    ]
    if index.years.index(price_year) > index.years.index(c.price_year):
        mistakes.append(Mistake(base_gbp * (1 + _summed_changes(index, c.price_year, price_year)),
                                "Price changes compound: each year's change applies to the year before's prices, "
                                "so the percentages do not simply add up."))
    report(assess(f"bed-day cost at {price_year} prices", answer_gbp, expected, mistakes, "£",
                  precision=PRECISION["check_price_conversion"]))


def _summed_changes(index: prices.PriceIndex, from_year: str, to_year: str) -> float:
    """The yearly changes from ``from_year`` to a later ``to_year`` added up (as fractions), not chained."""
    years = index.years[index.years.index(from_year):index.years.index(to_year) + 1]
    return sum(index.factor(before, after) - 1 for before, after in zip(years, years[1:], strict=False))


# --- 02 from bed-days to a ratio -----------------------------------------------------------------

def _model(**kwargs: Any) -> Model:
    """The model as ``data/`` sets it out with the notebook's changes; a bad parameter is a :class:`CannotCheck`."""
    try:
        return Model.from_data(**kwargs)
    except ParameterError as exc:
        raise CannotCheck(str(exc)) from None


def study_for_exercises(study_id: str, caseload: float | None = None) -> tuple[StudyResult, float]:
    """The study at the data's costs and the shared ``caseload``, and its bed-days saved per patient."""
    result = _model(study_ids=[study_id], caseload=caseload).base_case().study(study_id)
    if result.delta_bed_days_per_patient is None or result.caseload is None or result.fte_years is None:
        raise CannotCheck(f"study {study_id!r} has its own staffing or publishes bed-days per FTE-year: these "
                          "exercises scale a per-patient figure with the shared caseload; pick another study")
    return result, result.delta_bed_days_per_patient


def check_fte_years(answer: object, study_id: str = DEFAULT_STUDY_ID, caseload: float | None = None) -> None:
    """Peer work behind the peer arm: patients x support months / (12 x caseload)."""
    r, _ = study_for_exercises(study_id, caseload)
    assert r.caseload is not None and r.fte_years is not None
    patient_years = r.n_peer * r.support_months / MONTHS_PER_YEAR
    report(assess("peer work in FTE-years", answer, r.fte_years, [
        Mistake(r.n_peer * r.support_months / r.caseload, "That looks like FTE-months: a worker's cost is counted "
                                                          "by the year."),
        Mistake(patient_years * r.caseload, "The caseload is the wrong way round: one FTE supports that many "
                                            "patients at a time, so more patients per FTE means fewer FTE."),
        Mistake(r.n_peer / r.caseload, "That is the FTE needed at any one time; the support did not last exactly "
                                       "a year."),
        Mistake(patient_years, "That is patient-years of support: one FTE supports several patients at a time."),
        *_yearly_slips(r.fte_years, "an FTE-year"),
    ], "FTE-years", precision=PRECISION["check_fte_years"]))


def check_bed_days_saved_per_fte_year(answer: object, study_id: str = DEFAULT_STUDY_ID,
                                      caseload: float | None = None, *, your_fte_years: object = FROM_NOTEBOOK) -> None:
    """All the bed-days the peer arm saved, per FTE-year of peer work (exercise 1's answer)."""
    r, delta = study_for_exercises(study_id, caseload)
    assert r.fte_years is not None and r.peer_fte is not None
    report(assess("bed-days saved per FTE-year", answer, r.bed_days_saved_per_fte_year, [
        Mistake(delta * r.n_peer / r.peer_fte,
                "Nearly: the study did not last a year. Count the peer work in FTE-years, not FTE."),
        Mistake(delta * r.n_peer, "That is all the bed-days the peer arm saved, however much peer work it took."),
        Mistake(delta, "That is per patient: how many patients, and how much peer work, were behind the saving?"),
        Mistake(delta * r.sample_size / r.fte_years,
                "Only the peer arm's patients were supported by the peer workers, not both arms."),
        *_yearly_slips(r.bed_days_saved_per_fte_year, "an FTE-year's saving"),
    ], "bed-days per FTE-year", earlier=[
        Earlier("exercise 1 (peer work in FTE-years)", _from_notebook(your_fte_years, "answer_fte_years"),
                r.fte_years, lambda fte_years: delta * r.n_peer / fte_years, PRECISION["check_fte_years"]),
    ], sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_bed_days_saved_per_fte_year"]))


def check_benefit_cost_ratio(answer: object, study_id: str = DEFAULT_STUDY_ID, caseload: float | None = None, *,
                             your_bed_days_saved_per_fte_year: object = FROM_NOTEBOOK) -> None:
    """The value of a year's bed-days saved over a year of the worker's cost (exercise 2's answer)."""
    r, _ = study_for_exercises(study_id, caseload)
    c = costs.load_cost_assumptions()
    mistakes = [] if r.benefit_cost_ratio == 0 else [
        Mistake(1 / r.benefit_cost_ratio, "Upside down: a benefit:cost ratio puts the benefit first.")]
    report(assess("benefit:cost ratio", answer, r.benefit_cost_ratio, mistakes + [
        Mistake(r.benefit_per_fte_year_gbp / c.peer_worker_salary_gbp,
                "The cost of a worker is more than the salary: use the full employment cost."),
        Mistake(r.bed_days_saved_per_fte_year, "Those are bed-days, not money: what is each one worth?"),
        Mistake(r.benefit_per_fte_year_gbp, "That is the value of the beds saved, in £: a ratio has no unit. "
                                            "What is it set against?"),
        *_ratio_slips(r.benefit_cost_ratio),
    ], earlier=[
        Earlier("exercise 2 (bed-days saved per FTE-year)",
                _from_notebook(your_bed_days_saved_per_fte_year, "answer_bed_days_saved_per_fte_year"),
                r.bed_days_saved_per_fte_year, lambda saved: saved * r.bed_day_cost_gbp / r.peer_worker_cost_gbp,
                PRECISION["check_bed_days_saved_per_fte_year"]),
    ], sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_benefit_cost_ratio"]))


# --- 03 break-even ----------------------------------------------------------------------------

def check_break_even_bed_days(answer: object) -> None:
    c = costs.load_cost_assumptions()
    expected = c.peer_worker_cost_gbp / c.bed_day_cost_gbp
    report(assess("break-even bed-days per FTE-year", answer, expected, [
        Mistake(c.bed_day_cost_gbp / c.peer_worker_cost_gbp,
                "Upside down: the answer is a number of bed-days, not a fraction of one."),
        Mistake(c.peer_worker_salary_gbp / c.bed_day_cost_gbp,
                "The cost of a worker is more than the salary: use the full employment cost."),
        *_yearly_slips(expected, "a worker's cost"),
    ], "bed-days per FTE-year", precision=PRECISION["check_break_even_bed_days"]))


def check_break_even_caseload(answer: object, study_id: str = DEFAULT_STUDY_ID, *,
                              your_break_even_bed_days: object = FROM_NOTEBOOK) -> None:
    """Patients one FTE must support at a time for the ratio to reach 1.

    It needs no caseload assumption, but it depends on the months of support assumed, in proportion."""
    r, delta = study_for_exercises(study_id)
    if delta <= 0:
        raise CannotCheck(f"study {study_id!r} saved no bed-days: no caseload breaks even, so pick a study "
                          "whose peer arm used fewer beds")
    assert r.break_even_caseload is not None
    years = r.support_months / MONTHS_PER_YEAR
    per_year_caseload = r.peer_worker_cost_gbp / (delta * r.bed_day_cost_gbp)
    report(assess("break-even caseload", answer, r.break_even_caseload, [
        Mistake(per_year_caseload,
                "Nearly: each patient is supported for the support period, not a whole year."),
        Mistake(per_year_caseload / years, "Scaled the wrong way: the shorter each patient's support, the more "
                                           "patients one place on a caseload serves in a year, so the fewer "
                                           "are needed at a time."),
        Mistake(r.break_even_bed_days_per_fte_year,
                "That is the break-even in bed-days per FTE-year; now turn it into patients."),
    ], "patients per FTE at a time", earlier=[
        Earlier("exercise 1 (break-even bed-days per FTE-year)",
                _from_notebook(your_break_even_bed_days, "answer_break_even_bed_days"),
                r.break_even_bed_days_per_fte_year, lambda days: days * years / delta,
                PRECISION["check_break_even_bed_days"]),
    ], sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_break_even_caseload"]))


def check_ratio_from_break_even(answer: object, study_id: str = DEFAULT_STUDY_ID, caseload: float | None = None,
                                *, your_break_even_caseload: object = FROM_NOTEBOOK) -> None:
    """The ratio at the assumed caseload, read off the break-even caseload (the ratio is proportional to it)."""
    r, delta = study_for_exercises(study_id, caseload)
    if delta <= 0:
        raise CannotCheck(f"study {study_id!r} saved no bed-days: no caseload breaks even, so pick a study "
                          "whose peer arm used fewer beds")
    assert r.caseload is not None and r.break_even_caseload is not None
    assumed = r.caseload
    report(assess("ratio at the assumed caseload", answer, r.benefit_cost_ratio, [
        Mistake(r.break_even_caseload / assumed, "Upside down: the more patients each worker supports, the "
                                                 "higher the ratio."),
        Mistake(assumed - r.break_even_caseload, "That is a difference in patients: the ratio is not a number "
                                                 "of patients."),
        *_ratio_slips(r.benefit_cost_ratio),
    ], earlier=[
        Earlier("exercise 2 (break-even caseload)",
                _from_notebook(your_break_even_caseload, "answer_break_even_caseload"), r.break_even_caseload,
                lambda break_even: assumed / break_even, PRECISION["check_break_even_caseload"]),
    ], sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_ratio_from_break_even"]))


# --- 04 weighting -------------------------------------------------------------------------------

def pooled_results(extra_studies: str = "", caseload: float | None = None) -> list[StudyResult]:
    """The six studies, plus any comma-separated ``extra_studies`` ids, at the data's costs and ``caseload``."""
    extra_ids = [study_id.strip() for study_id in extra_studies.split(",") if study_id.strip()]
    return _model(extra_study_ids=extra_ids, caseload=caseload).base_case().studies


def _largest(results: Sequence[StudyResult]) -> StudyResult:
    return max(results, key=lambda r: r.sample_size)


def _pooled(results: Sequence[StudyResult], weight: Callable[[StudyResult], float]) -> float:
    """The weighted mean of the results' ratios, the slow and obvious way."""
    weights = [weight(r) for r in results]
    return sum(r.benefit_cost_ratio * w for r, w in zip(results, weights, strict=True)) / sum(weights)


def check_pooled_ratio(answer: object, extra_studies: str = "", caseload: float | None = None) -> None:
    extra_ids = [study_id.strip() for study_id in extra_studies.split(",") if study_id.strip()]
    base = _model(extra_study_ids=extra_ids, caseload=caseload).base_case()
    results = base.studies
    weighted_sum = sum(r.benefit_cost_ratio * r.sample_size for r in results)
    pooled = base.pooled_ratio("sample_size").benefit_cost_ratio
    report(assess("pooled ratio weighted by sample size", answer, pooled, [
        Mistake(_pooled(results, lambda r: 1.0),
                "That is a simple average: weight each ratio by its study's sample size."),
        Mistake(_pooled(results, lambda r: r.n_peer),
                "The report's weight is the sample size of both arms, not the peer arm alone."),
        Mistake(weighted_sum, "That is the weighted sum, not yet a mean."),
        Mistake(weighted_sum / len(results), "A weighted mean is not divided by the number of studies."),
        *_ratio_slips(pooled),
    ], sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_pooled_ratio"]))


def check_largest_weight_share(answer: object, extra_studies: str = "") -> None:
    results = pooled_results(extra_studies)
    total = sum(r.sample_size for r in results)
    share = _largest(results).sample_size / total
    report(assess("largest study's share of the weight", answer, share, [
        Mistake(_largest(results).sample_size, "That is its sample size, not its share of the total."),
        Mistake(1 / len(results), "That is every study's share under equal weights; here the weight is sample size."),
        _as_percentage(share),
    ], "fraction", precision=PRECISION["check_largest_weight_share"]))


def check_pooled_without_largest(answer: object, extra_studies: str = "", caseload: float | None = None) -> None:
    results = pooled_results(extra_studies, caseload)
    largest = _largest(results)
    rest = [r for r in results if r.study_id != largest.study_id]
    total = sum(r.sample_size for r in results)
    without = _pooled(rest, lambda r: r.sample_size)
    report(assess("pooled ratio without the largest study", answer, without, [
        Mistake(_pooled(results, lambda r: r.sample_size),
                "That still includes the largest study: pool only the others."),
        Mistake(sum(r.benefit_cost_ratio * r.sample_size for r in rest) / total,
                "You left its ratio out but kept its weight in the total."),
        Mistake(_pooled(rest, lambda r: 1.0),
                "That is a simple average of the others: keep weighting by sample size."),
        *_ratio_slips(without),
    ], sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_pooled_without_largest"]))


# --- 05 the Leeds claim ---------------------------------------------------------------------------

def _leeds(price_year: str = "", crisis_cost_per_visit_gbp: float | None = None,
           inpatient_cost_per_day_gbp: float | None = None) -> crisis_house.CrisisHouseResult:
    """The Leeds comparison at the notebook's price year (``""``: the claim's own) and figures, given at that price
    year (``None``: ``data/crisis_house.csv``'s). A figure out of bounds, or a visit that costs no less than the
    inpatient day it would replace (then no diverted day saves anything), is a :class:`CannotCheck`."""
    try:
        claim = crisis_house.load_crisis_house_inputs(price_year=price_year or None)
    except PriceYearError as exc:
        raise CannotCheck(f"price_year: {exc}") from None
    try:
        inputs = claim.with_overrides(crisis_cost_per_visit_gbp=crisis_cost_per_visit_gbp,
                                      inpatient_cost_per_day_gbp=inpatient_cost_per_day_gbp)
    except ParameterError as exc:
        raise CannotCheck(str(exc)) from None
    if inputs.crisis_cost_per_visit_gbp >= inputs.inpatient_cost_per_day_gbp:
        raise CannotCheck(f"crisis_cost_per_visit_gbp: expected less than the inpatient cost of a day, "
                          f"{gbp_text(inputs.inpatient_cost_per_day_gbp, None)}, found "
                          f"{gbp_text(inputs.crisis_cost_per_visit_gbp, None)}: a visit that costs as much as the "
                          "day it replaces saves nothing")
    return crisis_house.evaluate_crisis_house(inputs)


def check_implied_diverted_days(answer: object, price_year: str = "", crisis_cost_per_visit_gbp: float | None = None,
                                inpatient_cost_per_day_gbp: float | None = None) -> None:
    """The claimed saving over what one diverted day saves, at the notebook's figures."""
    result = _leeds(price_year, crisis_cost_per_visit_gbp, inpatient_cost_per_day_gbp)
    i = result.inputs
    report(assess("diverted days the claim implies", answer, result.implied_diverted_days, [
        Mistake(i.claimed_annual_saving_gbp / i.crisis_cost_per_visit_gbp,
                "A diverted day does not save the crisis-house cost: that is still paid. What does it save?"),
        Mistake(i.claimed_annual_saving_gbp / i.inpatient_cost_per_day_gbp,
                "A diverted day does not save the whole inpatient cost: the crisis-house day is paid for too."),
        *_yearly_slips(result.implied_diverted_days, "the claimed saving"),
    ], "days a year", precision=PRECISION["check_implied_diverted_days"]))


def check_break_even_share(answer: object, price_year: str = "", crisis_cost_per_visit_gbp: float | None = None,
                           inpatient_cost_per_day_gbp: float | None = None) -> None:
    """The share of visits that must replace an inpatient day for the service to break even, at the notebook's
    figures."""
    result = _leeds(price_year, crisis_cost_per_visit_gbp, inpatient_cost_per_day_gbp)
    i = result.inputs
    share = result.break_even_diversion_share
    report(assess("break-even diversion share", answer, share, [
        Mistake(i.inpatient_cost_per_day_gbp / i.crisis_cost_per_visit_gbp,
                "Upside down: a share is at most 1. What does each visit cost, and what does a replaced day save?"),
        Mistake(1 - share, "That is the share that may fail to replace a hospital day."),
        _as_percentage(share),
    ], "fraction", precision=PRECISION["check_break_even_share"]))


# --- 06 reading a probabilistic analysis -----------------------------------------------------------

PSA_SEED = SEED  # one seed for the whole class, so every student reads the same draws


@lru_cache(maxsize=4)
def psa_for_teaching(caseload: float | None = None) -> PSAResult:
    """The probabilistic analysis the exercise reads: fixed draws and seed, so every student sees the same.

    ``caseload`` moves the centre of the shared caseload's range (``None``: ``data/staffing.csv``).
    """
    model = _model(caseload=caseload)
    return probabilistic(model, load_specs(model), n_draws=TEACHING_DRAWS, seed=PSA_SEED)


def check_probability_above_one(answer: object, outcome: str = DEFAULT_STUDY_ID,
                                caseload: float | None = None) -> None:
    psa = psa_for_teaching(caseload)
    if outcome not in psa.ratios:
        raise CannotCheck(f"outcome {outcome!r} is not in the analysis; expected one of {', '.join(psa.ratios)}")
    draws = psa.ratios[outcome]
    probability = float(np.mean(draws > 1))
    report(assess(f"P(ratio > 1) for {outcome}", answer, probability, [
        Mistake(1 - probability, "That is the probability that the ratio is at most 1."),
        Mistake(float(np.sum(draws > 1)), "That is a count of draws, not a probability."),
        Mistake(float(np.mean(draws)), "That is the mean ratio; the question asks for the share of draws above 1."),
        _as_percentage(probability),
    ], "probability", precision=PRECISION["check_probability_above_one"]))


# --- 07 from a ratio to a decision -------------------------------------------------------------------

def report_ratio() -> float:
    """The report's pooled benefit:cost ratio, weighted by sample size, as published (``data/published.csv``)."""
    return load_published()[REPORT_RATIO].value


def check_marginal_cost_share(marginal_cost_share: object) -> float:
    """The notebook's assumed share of the average bed-day cost that an avoided bed-day saves: above 0, at most 1."""
    share = _as_number(marginal_cost_share)
    if share is None or not 0 < share <= 1:
        raise CannotCheck(f"marginal_cost_share: expected a fraction of the average bed-day cost above 0 and at "
                          f"most 1, found {marginal_cost_share!r}")
    return share


def check_net_benefit_per_fte_year(answer: object, caseload: float | None = None) -> None:
    """The suite's pooled ratio (sample-size weights) as £ a year: the value of beds saved less the worker's cost."""
    model = _model(caseload=caseload)
    ratio = model.base_case().pooled_ratio("sample_size").benefit_cost_ratio
    worker = model.costs.peer_worker_cost_gbp
    report(assess("net benefit to the NHS per FTE-year", answer, (ratio - 1) * worker, [
        Mistake(ratio * worker, "That is the value of the beds saved alone: the post costs money too."),
        Mistake((report_ratio() - 1) * worker, "That uses the report's ratio; this exercise reads the suite's own "
                                               "pooled ratio."),
        Mistake(ratio - 1, "That is still a ratio: the question asks for £ per FTE-year."),
        Mistake(ratio, "That is the ratio itself: the question asks for £ per FTE-year."),
        Mistake((round(ratio, 2) - 1) * worker, ROUNDED_FIRST_HINT, ROUNDING),  # the ratio as the notebook shows it
        *_yearly_slips((ratio - 1) * worker, "a net benefit per FTE-year"),
    ], "£ per FTE-year", sign_hint="Check the sign: does one FTE-year of peer work gain the NHS money, or lose it?",
        precision=PRECISION["check_net_benefit_per_fte_year"]))


def check_ratio_at_marginal_cost(answer: object, marginal_cost_share: float) -> None:
    """The report's ratio with each bed-day saved valued at its marginal, not its average, cost."""
    share = check_marginal_cost_share(marginal_cost_share)
    published = report_ratio()
    report(assess("the report's ratio at marginal cost", answer, published * share, [
        Mistake(published / share, "Your ratio went up: valuing each bed-day at less than its average cost can "
                                   "only lower it."),
        Mistake(published * (1 - share), "That values each bed-day at the part of its cost that is not saved."),
        Mistake(share, "That is the marginal share alone: the question asks for a ratio."),
        Mistake(published, "That is the report's ratio as published, at the average cost of a bed-day."),
        *_ratio_slips(published * share),
    ], precision=PRECISION["check_ratio_at_marginal_cost"]))


def check_break_even_marginal_share(answer: object) -> None:
    """The share of the average bed-day cost an avoided bed-day must save for the report's ratio to stay at 1."""
    published = report_ratio()
    if published <= 1:
        raise CannotCheck("the report's ratio in data/published.csv is not above 1: no share of the bed-day cost "
                          "brings it to 1")
    share = 1 / published
    report(assess("break-even marginal share", answer, share, [
        Mistake(published, "Upside down: a share of a cost is at most 1."),
        Mistake(1 - share, "That is the share of the average cost that may go unsaved."),
        _as_percentage(share),
    ], "fraction", precision=PRECISION["check_break_even_marginal_share"]))


def check_beds_freed_per_fte(answer: object, study_id: str = DEFAULT_STUDY_ID, caseload: float | None = None) -> None:
    """Beds, each occupied every day of the year, that one FTE's bed-days saved would free."""
    r, _ = study_for_exercises(study_id, caseload)
    saved = r.bed_days_saved_per_fte_year
    beds = costs.cash_or_capacity(saved, r.bed_day_cost_gbp, 0.0).beds_freed  # before any cash is counted
    report(assess("beds freed per FTE", answer, beds, [
        Mistake(DAYS_PER_YEAR / saved, "Upside down: that is the FTE it takes to free one bed."),
        Mistake(saved / MONTHS_PER_YEAR, "That is bed-days a month: a bed in use all year is in use every day."),
        Mistake(saved, "Those are bed-days in a year: how many beds, each in use every day, is that?"),
    ], "beds", sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_beds_freed_per_fte"]))


def check_cash_released_per_fte_year(answer: object, marginal_cost_share: float, study_id: str = DEFAULT_STUDY_ID,
                                     caseload: float | None = None) -> None:
    """Cash a year's bed-days saved release while the wards stay open: each at the marginal cost."""
    share = check_marginal_cost_share(marginal_cost_share)
    r, _ = study_for_exercises(study_id, caseload)
    cash = costs.cash_or_capacity(r.bed_days_saved_per_fte_year, r.bed_day_cost_gbp, share)
    at_average = cash.value_gbp
    report(assess("cash released per FTE-year", answer, cash.cash_released_gbp, [
        Mistake(at_average, "That values every bed-day at its average cost: on a ward that stays open, only part "
                            "of that cost goes."),
        Mistake(at_average * (1 - share), "That is the part of the cost that is not released."),
        Mistake(r.bed_days_saved_per_fte_year * share, "That is in bed-days: the question asks for £."),
        Mistake(round(r.bed_days_saved_per_fte_year) * r.bed_day_cost_gbp * share,  # as the notebook shows it
                ROUNDED_FIRST_HINT, ROUNDING),
        *_yearly_slips(cash.cash_released_gbp, "the cash an FTE-year releases"),
    ], "£ per FTE-year", sign_hint=ARMS_SIGN_HINT, precision=PRECISION["check_cash_released_per_fte_year"]))


def check_cash_to_find_per_fte_year(answer: object, marginal_cost_share: float, study_id: str = DEFAULT_STUDY_ID,
                                    caseload: float | None = None, *,
                                    your_cash_released_gbp: object = FROM_NOTEBOOK) -> None:
    """The post's cost less the cash its bed-days saved release (exercise 5's answer)."""
    share = check_marginal_cost_share(marginal_cost_share)
    r, _ = study_for_exercises(study_id, caseload)
    released = costs.cash_or_capacity(r.bed_days_saved_per_fte_year, r.bed_day_cost_gbp, share)
    at_average, cash = released.value_gbp, released.cash_released_gbp
    worker = r.peer_worker_cost_gbp
    report(assess("cash to find per FTE-year", answer, worker - cash, [
        Mistake(worker, "That is the post's cost before the cash it releases."),
        Mistake(worker - at_average, "That counts every bed-day at its average cost: is all of that cash?"),
        Mistake(cash, "That is the cash released; the question asks what is left to find."),
        *_yearly_slips(worker - cash, "the cash to find per FTE-year"),
    ], "£ per FTE-year", earlier=[
        Earlier("exercise 5 (cash released per FTE-year)", _from_notebook(your_cash_released_gbp,
                "answer_cash_released_gbp"), cash, lambda released: worker - released,
                PRECISION["check_cash_released_per_fte_year"]),
    ], sign_hint="Check the sign: does the post cost more cash than it releases, or less?",
        precision=PRECISION["check_cash_to_find_per_fte_year"]))
