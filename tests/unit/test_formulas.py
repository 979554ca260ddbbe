"""The one resolver of derived figures, shared by unit_costs.csv and study_inputs.csv: chains in order, a circle
or a missing part named with its row, a division by zero refused."""

from __future__ import annotations

import pytest

from peerlib.inputs.errors import DataError
from peerlib.inputs.formulas import Formula, parse_formula, resolve_formulas


def formulas(**texts: tuple[int, str]) -> dict[str, tuple[int, Formula]]:
    return {name: (line, parse_formula(text, "f.csv", line)) for name, (line, text) in texts.items()}


def test_a_chain_resolves_each_figure_after_its_parts() -> None:
    # salary = pay + award = 20,000 + 300; with_on_costs = salary * 1.25 = 25,375; listed before its part
    values = resolve_formulas("f.csv", formulas(with_on_costs=(2, "salary * 1.25"), salary=(3, "pay + award")),
                              {"pay": 20_000.0, "award": 300.0}, lambda _, name: name, "names of other rows")
    assert values == {"pay": 20_000.0, "award": 300.0, "salary": 20_300.0, "with_on_costs": 25_375.0}
    assert list(values) == ["pay", "award", "salary", "with_on_costs"]  # the order a model computes them in


def test_a_figure_of_another_key_is_read_through_part_key() -> None:
    # study b borrows study a's effect: b.saved = a.saved * 2 = 3 * 2 = 6
    values = resolve_formulas("f.csv", {("b", "saved"): (5, parse_formula("a.saved * 2", "f.csv", 5))},
                              {("a", "saved"): 3.0}, lambda key, ref: (ref.split(".")[0], ref.split(".")[1]),
                              "study_id.input")
    assert values[("b", "saved")] == 6.0


def test_a_circle_names_its_first_row_and_what_it_reads() -> None:
    with pytest.raises(DataError, match=r"f.csv, line 2, column 'formula': the formula reads 'b', which no other "
                                        r"row gives \(or the formulas go round in a circle\); expected names"):
        resolve_formulas("f.csv", formulas(a=(2, "b + 1"), b=(3, "a + 1")), {}, lambda _, n: n, "names of other rows")


def test_a_division_by_zero_is_named() -> None:
    with pytest.raises(DataError, match=r"line 4, column 'formula': the formula divides by zero"):
        resolve_formulas("f.csv", formulas(share=(4, "part / whole")), {"part": 1.0, "whole": 0.0},
                         lambda _, n: n, "names")


def test_the_check_sees_each_value_and_can_refuse_it() -> None:
    def at_most_ten(key: str, line: int, value: float, formula: Formula) -> float:
        if value > 10:
            raise DataError("f.csv", f"{key} is implausible", line=line, column="value", found=value)
        return value

    with pytest.raises(DataError, match=r"line 2, column 'value': total is implausible, found 12"):
        resolve_formulas("f.csv", formulas(total=(2, "a * 4")), {"a": 3.0}, lambda _, n: n, "names", at_most_ten)
