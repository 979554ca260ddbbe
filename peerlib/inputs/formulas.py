"""Arithmetic formulas in data files: a derived figure computed in code from its named, sourced parts.

A row of ``data/`` with status ``derived`` (or an assumption written as a formula) gives its
``formula`` over numbers and the names of other rows, for example
``part_pay_point_2010_gbp + part_flat_award_2011_gbp`` or, borrowing another study's effect,
``(sledge2011.bed_days_control - sledge2011.bed_days_peer) / sledge2011.followup_months * followup_months``.
Only numbers, names, ``+ - * /`` and brackets are allowed. A formula is plain arithmetic, so it
applies element-wise to numpy arrays: the model evaluates it on probabilistic draws, and a figure
borrowed from another study moves with that study's draws.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from peerlib.inputs.errors import DataError
from peerlib.inputs.tables import Row

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$")
_OPERATORS: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, the names it reads, and how to evaluate it on a mapping of values."""

    text: str
    names: tuple[str, ...]
    tree: ast.expr

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        return _evaluate(self.tree, values)


def _evaluate(node: ast.expr, values: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))
        return float(node.value)
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.Attribute):
        return values[_dotted(node)]
    if isinstance(node, ast.UnaryOp):
        return -_evaluate(node.operand, values)
    assert isinstance(node, ast.BinOp)
    return _OPERATORS[type(node.op)](_evaluate(node.left, values), _evaluate(node.right, values))


def _dotted(node: ast.Attribute) -> str:
    assert isinstance(node.value, ast.Name)
    return f"{node.value.id}.{node.attr}"


def parse_formula(text: str, path: Path | str, line: int | None, column: str = "formula") -> Formula:
    """Parse ``text``, or raise a DataError naming the cell when it is not plain arithmetic over names."""
    expected = "arithmetic (+ - * / and brackets) over numbers and names of other rows, e.g. a + b"
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError:
        raise DataError(path, "not a formula", line=line, column=column, expected=expected, found=text) from None
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if not isinstance(node.value, ast.Name) or not _NAME.match(_dotted(node)):
                raise DataError(path, "not a name", line=line, column=column, expected="study_id.input", found=text)
            names.append(_dotted(node))
        elif isinstance(node, ast.Name):
            if not any(isinstance(p, ast.Attribute) and p.value is node for p in ast.walk(tree)):
                names.append(node.id)
        elif isinstance(node, ast.Constant):
            if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
                raise DataError(path, "not a number", line=line, column=column, expected=expected, found=text)
        elif isinstance(node, ast.BinOp):
            if type(node.op) not in _OPERATORS:
                raise DataError(path, "operator not allowed", line=line, column=column, expected=expected, found=text)
        elif isinstance(node, ast.UnaryOp):
            if not isinstance(node.op, ast.USub):
                raise DataError(path, "operator not allowed", line=line, column=column, expected=expected, found=text)
        elif not isinstance(node, (ast.Load, ast.operator, ast.unaryop)):
            raise DataError(path, "not plain arithmetic", line=line, column=column, expected=expected, found=text)
    return Formula(text.strip(), tuple(dict.fromkeys(names)), tree)


def row_formula(path: Path | str, line: int, row: Row) -> Formula | None:
    """A row's formula, parsed, or None for a row with a value: a figure given by a formula leaves its value cell
    empty, and vice versa; a published figure is never computed."""
    text = str(row.get("formula") or "")
    if not text:
        if row["value"] is None:
            raise DataError(path, "empty cell", line=line, column="value",
                            expected="a number, or a formula in the formula column", found="")
        return None
    if row["value"] is not None:
        raise DataError(path, "both a value and a formula", line=line, column="value",
                        expected="an empty value cell: the value is computed from the formula", found=row["value"])
    if row["status"] == "published":
        raise DataError(path, "a published figure with a formula", line=line, column="status",
                        expected="'derived' (or 'assumption') for a figure computed from others", found="published")
    return parse_formula(text, path, line)


Key = TypeVar("Key", bound=Hashable)


def resolve_formulas(
    path: Path | str,
    formulas: Mapping[Key, tuple[int, Formula]],
    known: dict[Key, float],
    part_key: Callable[[Key, str], Key],
    names_expected: str,
    check: Callable[[Key, int, float, Formula], float] | None = None,
) -> dict[Key, float]:
    """The value of every row of ``formulas`` (key: its line and formula), each computed once every part it reads is
    ``known``, so chains resolve in order; ``known`` gains each value, as ``check`` returns it (a row's own bounds),
    in the order they resolve (each after every part it reads: the order a model computes them in).

    ``part_key`` is the key a name of a row's formula stands for (another row of the same item set, or another
    study's). A part no row gives, or formulas that go round in a circle, or a division by zero, is a DataError
    naming the row; ``names_expected`` says what a formula may name.
    """
    pending = dict(formulas)
    while pending:
        ready = [key for key, (_, formula) in pending.items()
                 if all(part_key(key, name) in known for name in formula.names)]
        if not ready:
            key, (line, formula) = next(iter(pending.items()))
            missing = next(name for name in formula.names if part_key(key, name) not in known)
            raise DataError(path, f"the formula reads {missing!r}, which no other row gives (or the formulas go "
                            "round in a circle)", line=line, column="formula", expected=names_expected,
                            found=formula.text)
        for key in ready:
            line, formula = pending.pop(key)
            try:
                value = float(formula.evaluate({name: known[part_key(key, name)] for name in formula.names}))
            except ZeroDivisionError:
                raise DataError(path, "the formula divides by zero", line=line, column="formula",
                                expected="a formula with a value", found=formula.text) from None
            known[key] = check(key, line, value, formula) if check is not None else value
    return known
