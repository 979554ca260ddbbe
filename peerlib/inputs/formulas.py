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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from peerlib.inputs.errors import DataError

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
