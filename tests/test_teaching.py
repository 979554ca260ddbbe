"""The teaching pack: checks accept the worked answer, reject typical mistakes with a hint that does
not give the answer away, and the students' notebooks are the solutions with the answers blanked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient

from peerlib import costs, crisis_house, ratios, studies, teaching
from peerlib.paths import PROJECT_ROOT
from scripts.make_exercises import blank_exercises, student_path

TEACHING = PROJECT_ROOT / "notebooks" / "teaching"
SOLUTIONS = sorted((TEACHING / "solutions").glob("*.py"))
C = costs.load_cost_assumptions()
SLEDGE = ratios.evaluate_study(studies.load_study("sledge2011"), C)
SIX = [ratios.evaluate_study(s, C) for s in studies.load_studies()]
LEEDS = crisis_house.load_crisis_house_inputs()
PSA = teaching.psa_for_teaching()

# Each exercise: its check, the answer worked by hand from its inputs, and a typical wrong answer.
salary = C.peer_worker_salary_gbp
worker_by_hand = (salary + C.employer_ni_rate * (salary - C.employer_ni_threshold_gbp)
                  + C.employer_pension_rate * salary) * (1 + C.overhead_rate)
delta = 19.08 - 10.08  # Sledge et al. 2011: bed-days per patient, control minus peer
saved_by_hand = delta * 38 / (SLEDGE.peer_fte * 9 / 12)
EXERCISES: list[tuple[str, Callable[[object], None], float, float, str]] = [
    ("peer worker cost", teaching.check_peer_worker_cost, worker_by_hand, salary, "salary alone"),
    ("bed-days per FTE-year", teaching.check_bed_days_saved_per_fte_year, saved_by_hand,
     delta * 38 / SLEDGE.peer_fte, "not a year"),
    ("ratio", teaching.check_benefit_cost_ratio, saved_by_hand * C.bed_day_cost_gbp / C.peer_worker_cost_gbp,
     C.peer_worker_cost_gbp / (saved_by_hand * C.bed_day_cost_gbp), "Upside down"),
    ("break-even bed-days", teaching.check_break_even_bed_days, C.peer_worker_cost_gbp / C.bed_day_cost_gbp,
     C.bed_day_cost_gbp / C.peer_worker_cost_gbp, "Upside down"),
    ("break-even caseload", teaching.check_break_even_caseload,
     C.peer_worker_cost_gbp * 9 / (12 * delta * C.bed_day_cost_gbp),
     C.peer_worker_cost_gbp / (delta * C.bed_day_cost_gbp), "Scale by months / 12"),
    ("pooled ratio", teaching.check_pooled_ratio,
     sum(r.benefit_cost_ratio * r.sample_size for r in SIX) / sum(r.sample_size for r in SIX),
     sum(r.benefit_cost_ratio for r in SIX) / len(SIX), "simple average"),
    ("largest share", teaching.check_largest_weight_share,
     max(r.sample_size for r in SIX) / sum(r.sample_size for r in SIX), max(r.sample_size for r in SIX),
     "divide by the total"),
    ("implied days", teaching.check_implied_diverted_days, 28_000 / (259 - 180), 28_000 / 180,
     "difference in cost"),
    ("break-even share", teaching.check_break_even_share, 180 / 259, 259 / 180, "Upside down"),
    ("probability above one", teaching.check_probability_above_one,
     float((PSA.ratios["sledge2011"] > 1).mean()), float((PSA.ratios["sledge2011"] <= 1).mean()), "at most 1"),
]


@pytest.mark.parametrize("name, check, right, wrong, hint", EXERCISES, ids=[e[0] for e in EXERCISES])
def test_right_answer_accepted(name: str, check: Callable[[object], None], right: float, wrong: float,
                               hint: str, capsys: pytest.CaptureFixture[str]) -> None:
    check(right)
    assert capsys.readouterr().out.startswith("Right:")
    check(round(right, 3) if abs(right) > 1 else right)  # a rounded hand calculation is fine


@pytest.mark.parametrize("name, check, right, wrong, hint", EXERCISES, ids=[e[0] for e in EXERCISES])
def test_typical_mistake_gets_a_hint_not_the_answer(name: str, check: Callable[[object], None], right: float,
                                                     wrong: float, hint: str) -> None:
    with pytest.raises(teaching.NotYet) as err:
        check(wrong)
    message = str(err.value)
    assert hint in message
    shown_forms = [f"{right:.4g}", f"{right:,.2f}", f"{right:.2f}"] + ([f"{right:,.0f}"] if abs(right) >= 10 else [])
    for shown in shown_forms:
        assert shown not in message, f"the hint gives the answer away: {message}"


@pytest.mark.parametrize("blank", [..., None, "12", float("nan")])
def test_blank_or_non_number_is_not_an_answer(blank: object) -> None:
    with pytest.raises(teaching.NotYet, match="not answered yet|expected a number"):
        teaching.check_break_even_share(blank)


def test_percentage_instead_of_fraction() -> None:
    with pytest.raises(teaching.NotYet, match="percentage"):
        teaching.check_break_even_share(100 * 180 / 259)


def test_price_conversion_check() -> None:
    index = costs.load_price_index()
    teaching.check_price_conversion(334 * index.level("2024-25") / index.level("2011-12"), "2024-25")
    with pytest.raises(teaching.NotYet, match="wrong way"):
        teaching.check_price_conversion(334 * index.level("2011-12") / index.level("2024-25"), "2024-25")


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebook_is_the_blanked_solution(solution: Path) -> None:
    committed = nbformat.read(student_path(solution), as_version=4)
    generated = blank_exercises(jupytext.read(solution))
    assert [c.source for c in committed.cells] == [c.source for c in generated.cells], (
        f"{student_path(solution).name} is out of date: run python scripts/make_exercises.py")
    paired = nbformat.read(solution.with_suffix(".ipynb"), as_version=4)
    assert [c.source for c in paired.cells] == [c.source for c in jupytext.read(solution).cells]
    assert all(not c.get("outputs") for c in committed.cells + paired.cells)


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda p: p.stem)
def test_student_notebook_fails_only_at_its_checks(solution: Path) -> None:
    nb = nbformat.read(student_path(solution), as_version=4)
    NotebookClient(nb, kernel_name="python3", allow_errors=True, timeout=300,
                   resources={"metadata": {"path": str(TEACHING)}}).execute()
    failed = [c for c in nb.cells if c.cell_type == "code" and any(o.output_type == "error" for o in c.outputs)]
    checks = [c for c in nb.cells if "check" in c.metadata.get("tags", [])]
    assert checks, "a teaching notebook without exercises"
    assert failed == checks, [c.source[:60] for c in failed]
    for cell in failed:
        error = next(o for o in cell.outputs if o.output_type == "error")
        assert error.ename == "NotYet" and "not answered yet" in error.evalue
