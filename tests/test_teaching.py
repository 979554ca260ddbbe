"""The teaching pack: checks accept the worked answer, reject typical mistakes with a hint that does
not give the answer away, and the students' notebooks are the solutions with the answers blanked."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import papermill as pm
import pytest
from nbclient import NotebookClient

from peerlib import costs, ratios, studies, teaching
from peerlib.paths import PROJECT_ROOT
from scripts.make_exercises import blank_exercises, student_path

TEACHING = PROJECT_ROOT / "notebooks" / "teaching"
SOLUTIONS = sorted((TEACHING / "solutions").glob("*.py"))
CheckFn = Callable[[object], None]

# --- The right answers, worked by hand from data/ ----------------------------------------------
# data/unit_costs.csv: salary £17,368; NI 13.8 % above £7,072 = £1,420.848; pension 14 % = £2,431.52;
# overheads 0 %. Bed-day £334.
SALARY_GBP, NI_GBP, PENSION_GBP = 17_368.0, 0.138 * (17_368 - 7_072), 0.14 * 17_368
WORKER_GBP = SALARY_GBP + NI_GBP + PENSION_GBP  # £21,220.368
BED_DAY_GBP = 334.0
# Sledge et al. 2011: 19.08 - 10.08 = 9 bed-days saved per patient over 9 months, 38 in the peer
# arm, 36 in the control arm, 1.9 FTE (assumed): 1.9 x 9 / 12 = 1.425 FTE-years; 9 x 38 / 1.425 = 240.
DELTA, N_PEER, N_CONTROL, FTE, MONTHS = 19.08 - 10.08, 38, 36, 1.9, 9
FTE_YEARS = FTE * MONTHS / 12
SAVED = DELTA * N_PEER / FTE_YEARS
RATIO = SAVED * BED_DAY_GBP / WORKER_GBP  # 3.78
CASELOAD = WORKER_GBP * MONTHS / (12 * DELTA * BED_DAY_GBP)  # 5.29 patients per FTE over 9 months
# Leeds: £28,000 / (£259 - £180) = 354 days; break-even share 180 / 259 = 0.695.
IMPLIED_DAYS, SHARE = 28_000 / (259 - 180), 180 / 259

# The pooled figures: each study's ratio comes from peerlib (tested in test_ratios.py); the pooling
# is done here the slow, obvious way.
SIX = [ratios.evaluate_study(s, costs.load_cost_assumptions()) for s in studies.load_studies()]


def weighted(results: list[ratios.StudyResult], weight: Callable[[ratios.StudyResult], float]) -> float:
    total = 0.0
    for r in results:
        total += r.benefit_cost_ratio * weight(r)
    return total / sum(weight(r) for r in results)


LARGEST = max(SIX, key=lambda r: r.n_peer + r.n_control)
REST = [r for r in SIX if r is not LARGEST]
POOLED = weighted(SIX, lambda r: r.n_peer + r.n_control)
WITHOUT_LARGEST = weighted(REST, lambda r: r.n_peer + r.n_control)
LARGEST_SHARE = (LARGEST.n_peer + LARGEST.n_control) / sum(r.n_peer + r.n_control for r in SIX)

PSA_DRAWS = teaching.psa_for_teaching().ratios["sledge2011"]
P_ABOVE_ONE = sum(1 for ratio in PSA_DRAWS if ratio > 1) / len(PSA_DRAWS)

INDEX = costs.load_price_index()
LATER_GBP = BED_DAY_GBP * INDEX.level("2024-25") / INDEX.level("2011-12")
YEARS_2011_TO_2024 = [f"{y}-{(y + 1) % 100:02d}" for y in range(2011, 2025)]
SUMMED_PCT = sum(INDEX.level(b) / INDEX.level(a) - 1 for a, b in zip(YEARS_2011_TO_2024, YEARS_2011_TO_2024[1:],
                                                                  strict=False))

# Each exercise: its check, the right answer, and typical wrong answers with a phrase of their hint.
EXERCISES: dict[str, tuple[CheckFn, float, list[tuple[float, str]]]] = {
    "peer worker cost": (teaching.check_peer_worker_cost, WORKER_GBP, [
        (SALARY_GBP, "salary alone"),
        (SALARY_GBP + PENSION_GBP, "national insurance is missing"),
        (SALARY_GBP + NI_GBP, "pension contribution is missing"),
        (SALARY_GBP * (1 + 0.138 + 0.14), "above the threshold"),
        # "overheads missing" is the right answer while data/unit_costs.csv has overheads at 0.
    ]),
    "price conversion": (partial(teaching.check_price_conversion, price_year="2024-25"), LATER_GBP, [
        (BED_DAY_GBP * INDEX.level("2011-12") / INDEX.level("2024-25"), "wrong way"),
        (BED_DAY_GBP, "not converted yet"),
        (BED_DAY_GBP * (1 + SUMMED_PCT), "compound"),
    ]),
    "FTE-years": (teaching.check_fte_years, FTE_YEARS, [
        (FTE * 12 / MONTHS, "Upside down"),
        (FTE * MONTHS, "FTE-months"),
        (FTE, "did not last exactly a year"),
    ]),
    "bed-days per FTE-year": (teaching.check_bed_days_saved_per_fte_year, SAVED, [
        (DELTA * N_PEER / FTE, "not a year"),  # = the right answer x 9 / 12: forgot to annualise
        (DELTA * N_PEER / (FTE * 12 / MONTHS), "Upside down in time"),
        (DELTA * N_PEER, "all the bed-days the peer arm saved"),
        (DELTA, "That is per patient"),
        (DELTA * (N_PEER + N_CONTROL) / FTE_YEARS, "use n_peer, not both arms"),
        (-SAVED, "Check the sign"),
    ]),
    "ratio": (teaching.check_benefit_cost_ratio, RATIO, [
        (1 / RATIO, "Upside down"),
        (SAVED * BED_DAY_GBP / SALARY_GBP, "more than the salary"),
        (RATIO * MONTHS / 12, "per FTE-*year*"),
        (SAVED, "Those are bed-days"),
        (SAVED * BED_DAY_GBP, "divide it by what the worker costs"),
    ]),
    "break-even bed-days": (teaching.check_break_even_bed_days, WORKER_GBP / BED_DAY_GBP, [
        (BED_DAY_GBP / WORKER_GBP, "Upside down"),
        (SALARY_GBP / BED_DAY_GBP, "more than the salary"),
    ]),
    "break-even caseload": (teaching.check_break_even_caseload, CASELOAD, [
        (WORKER_GBP / (DELTA * BED_DAY_GBP), "Scale by months / 12"),
        (WORKER_GBP / (DELTA * BED_DAY_GBP) * 12 / MONTHS, "Scaled the wrong way"),
        (WORKER_GBP / BED_DAY_GBP, "now turn it into patients"),
    ]),
    "pooled ratio": (teaching.check_pooled_ratio, POOLED, [
        (sum(r.benefit_cost_ratio for r in SIX) / 6, "simple average"),
        (weighted(SIX, lambda r: r.n_peer), "both arms"),
        (POOLED * sum(r.n_peer + r.n_control for r in SIX), "weighted sum"),
        (POOLED * sum(r.n_peer + r.n_control for r in SIX) / 6, "not the number of studies"),
    ]),
    "largest share": (teaching.check_largest_weight_share, LARGEST_SHARE, [
        (LARGEST.n_peer + LARGEST.n_control, "That is its sample size"),
        (1 / 6, "equal weights"),
        (100 * LARGEST_SHARE, "percentage"),
    ]),
    "pooled without the largest": (teaching.check_pooled_without_largest, WITHOUT_LARGEST, [
        (POOLED, "still includes the largest study"),
        (WITHOUT_LARGEST * (1 - LARGEST_SHARE), "kept its weight in the total"),
        (sum(r.benefit_cost_ratio for r in REST) / 5, "simple average of the others"),
    ]),
    "implied days": (teaching.check_implied_diverted_days, IMPLIED_DAYS, [
        (28_000 / 180, "not the crisis-house cost"),
        (28_000 / 259, "not the whole inpatient cost"),
    ]),
    "break-even share": (teaching.check_break_even_share, SHARE, [
        (259 / 180, "Upside down"),
        (1 - SHARE, "*fail*"),
        (100 * SHARE, "percentage"),
    ]),
    "probability above one": (teaching.check_probability_above_one, P_ABOVE_ONE, [
        (1 - P_ABOVE_ONE, "at most 1"),
        (P_ABOVE_ONE * len(PSA_DRAWS), "how many draws"),
        (float(np.mean(PSA_DRAWS)), "mean ratio"),
        (100 * P_ABOVE_ONE, "percentage"),
    ]),
}
MISTAKES = [(name, wrong, hint) for name, (_, _, wrongs) in EXERCISES.items() for wrong, hint in wrongs]


def shown_forms(value: float) -> list[str]:
    """How an answer might be written out in a message."""
    forms = [f"{value:.4g}", f"{value:,.4g}", f"{value:.2f}", f"{value:,.2f}"]
    return forms + ([f"{value:,.0f}", f"{value:.0f}"] if abs(value) >= 10 else [])


@pytest.mark.parametrize("name", EXERCISES)
def test_right_answer_accepted(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    check, right, _ = EXERCISES[name]
    check(right)
    check(float(f"{right:.4g}"))  # a hand calculation rounded to 4 significant figures is fine
    check(np.float32(right))  # as numpy gives it
    assert capsys.readouterr().out.count("Right:") == 3


@pytest.mark.parametrize("name, wrong, hint", MISTAKES, ids=[f"{n}: {h}" for n, _, h in MISTAKES])
def test_typical_mistake_gets_a_hint_not_the_answer(name: str, wrong: float, hint: str) -> None:
    check, right, _ = EXERCISES[name]
    with pytest.raises(teaching.NotYet) as err:
        check(wrong)
    message = str(err.value)
    assert hint in message
    for shown in shown_forms(right):
        assert shown not in message, f"the hint gives the answer away: {message}"


@pytest.mark.parametrize("name", EXERCISES)
def test_blank_is_not_answered_yet(name: str) -> None:
    check, _, _ = EXERCISES[name]
    for blank in (..., None):
        with pytest.raises(teaching.NotYet, match="not answered yet"):
            check(blank)


@pytest.mark.parametrize("not_a_number", ["0.69", float("nan"), float("inf"), True, np.bool_(True),
                                          np.array([0.69, 0.7]), [0.69]], ids=repr)
def test_not_a_number_is_not_an_answer(not_a_number: object) -> None:
    with pytest.raises(teaching.NotYet, match=r"expected a single number \(fraction\)"):
        teaching.check_break_even_share(not_a_number)


def test_numpy_scalars_and_zero_dimensional_arrays_are_numbers() -> None:
    assert teaching.assess("x", np.int64(3), 3.0).ok
    assert teaching.assess("x", np.array(2.5), 2.5).ok
    assert teaching.assess("x", 3, 3.01).ok  # within half a per cent
    assert not teaching.assess("x", 3, 3.02).ok


def test_an_unrecognised_wrong_answer_says_which_way() -> None:
    assert "too high" in teaching.assess("x", 12, 10).message
    assert "too low" in teaching.assess("x", 8, 10).message


def test_checks_follow_the_study_chosen() -> None:
    # Min et al. 2007: 1,549 bed-days saved by 106 patients over 12 months with 5.3 FTE (assumed).
    teaching.check_fte_years(5.3, "min2007")
    teaching.check_bed_days_saved_per_fte_year(1_549 / 5.3, "min2007")
    with pytest.raises(teaching.NotYet):
        teaching.check_bed_days_saved_per_fte_year(SAVED, "min2007")  # Sledge's answer is not Min's


def test_checks_refuse_a_study_they_cannot_teach() -> None:
    with pytest.raises(ValueError, match="saved no bed-days"):  # Rivera et al. 2007: no difference
        teaching.check_break_even_caseload(1.0, "rivera2007")
    with pytest.raises(ValueError, match="already among the six"):
        teaching.check_pooled_ratio(1.0, "sledge2011")


# --- The notebooks ------------------------------------------------------------------------------

def code_cells(nb: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    return [c for c in nb.cells if c.cell_type == "code"]


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.metadata.get("tags", []))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_shape(solution: Path) -> None:
    """One parameters cell first, each parameter commented; every exercise followed by its check."""
    cells = code_cells(jupytext.read(solution))
    assert [i for i, c in enumerate(cells) if "parameters" in tags(c)] == [0], solution.name
    assert all("#" in line for line in cells[0].source.splitlines()), "a parameter without a comment"
    exercises = [i for i, c in enumerate(cells) if "exercise" in tags(c)]
    checks = [i for i, c in enumerate(cells) if "check" in tags(c)]
    assert exercises and checks == [i + 1 for i in exercises], "each exercise cell must be followed by its check"
    for i in exercises:
        answer_name = cells[i].source.split("=")[0].strip()
        assert cells[i + 1].source.startswith("teaching.check_") and answer_name in cells[i + 1].source


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebook_is_the_blanked_solution(solution: Path) -> None:
    committed = nbformat.read(student_path(solution), as_version=4)
    generated = blank_exercises(jupytext.read(solution))
    assert committed == generated, f"{student_path(solution).name} is out of date: run python scripts/make_exercises.py"
    paired = nbformat.read(solution.with_suffix(".ipynb"), as_version=4)
    assert [(c.cell_type, c.source, tags(c)) for c in paired.cells] == [
        (c.cell_type, c.source, tags(c)) for c in jupytext.read(solution).cells], (
        f"{solution.with_suffix('.ipynb').name} and {solution.name} differ: run scripts/refresh_golden.py")
    assert paired.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert all(not c.get("outputs") for c in code_cells(committed) + code_cells(paired))
    for solved, blank in zip(code_cells(jupytext.read(solution)), code_cells(committed), strict=True):
        if "exercise" in tags(solved):
            assert blank.source.endswith("= ...  # your calculation here") and "teaching" not in blank.source


def test_blanking_keeps_each_assigned_name() -> None:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("a = 1\nb = a == 1  # compare\na == 1\n  # a comment",
                                  metadata={"tags": ["exercise"]}),
        nbformat.v4.new_code_cell("teaching.check(b)", metadata={"tags": ["check"]}),
    ])
    student = blank_exercises(nb)
    assert student.cells[0].source == "a = ...  # your calculation here\nb = ...  # your calculation here"
    assert student.cells[1].source == "teaching.check(b)"
    with pytest.raises(ValueError, match="no assignment"):
        blank_exercises(nbformat.v4.new_notebook(cells=[
            nbformat.v4.new_code_cell("print(1)", metadata={"tags": ["exercise"]})]))


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebook_fails_only_at_its_checks(solution: Path) -> None:
    nb = nbformat.read(student_path(solution), as_version=4)
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=300,
                   resources={"metadata": {"path": str(TEACHING)}}).execute()
    failed = [c for c in code_cells(nb) if any(o.output_type == "error" for o in c.outputs)]
    checks = [c for c in code_cells(nb) if "check" in tags(c)]
    assert checks, "a teaching notebook without exercises"
    assert failed == checks, [c.source[:60] for c in failed]
    for cell in failed:
        error = next(o for o in cell.outputs if o.output_type == "error")
        assert error.ename == "NotYet" and "not answered yet" in error.evalue


# Each solution with its parameters set away from the defaults: the checks follow the parameters.
OTHER_PARAMETERS = {
    "01_unit_costs": {"price_year": "2015-16"},
    "02_bed_days_to_ratio": {"study_id": "core2018"},
    "03_break_even": {"study_id": "min2007"},
    "04_weighting": {"extra_studies": "core2018"},
    "05_leeds_counterfactual": {"price_year": "2011-12"},
    "06_reading_a_psa": {"outcome": "pooled"},
}


def test_every_solution_has_other_parameters_to_try() -> None:
    assert sorted(OTHER_PARAMETERS) == [p.stem for p in SOLUTIONS]


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_solution_passes_its_checks_with_other_parameters(solution: Path, tmp_path: Path) -> None:
    executed = pm.execute_notebook(str(solution.with_suffix(".ipynb")), str(tmp_path / "out.ipynb"),
                                   parameters=OTHER_PARAMETERS[solution.stem], kernel_name="python3",
                                   progress_bar=False, cwd=str(solution.parent))
    printed = "".join(o.get("text", "") for c in code_cells(executed) if "check" in tags(c) for o in c.outputs)
    assert printed.count("Right:") == sum("check" in tags(c) for c in code_cells(executed))

