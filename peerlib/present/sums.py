"""Sums a reader can redo on a calculator.

A page that writes "a x b = c" promises that a calculator, given a and b as shown, gives c to its last digit.
Rounding each figure to its usual precision breaks that promise ("2.9 x 218 = 632.6", where a calculator gives
632.2), so :func:`shown_sum` shows each figure with the digits the result needs ("2.902 bed-days x 218 patients").
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import product

from peerlib.formatting import gbp_text, minus

MORE_DIGITS = 6  # at most this many digits beyond a figure's usual precision


@dataclass(frozen=True)
class Figure:
    """One figure of a sum: its value, the words after it ("patients", "bed-days"), and how it is shown."""

    value: float
    unit: str = ""
    decimals: int = 0  # the fewest decimals shown (money: 0, or pence where it has them)
    exact: bool = False  # shown as it is, never with more digits (a count of people, months, a set caseload)
    money: bool = False

    def text(self, more: int = 0) -> str:
        if self.value == 0:
            shown = "£0" if self.money else "0"
        elif self.money:  # whole pounds, then pence, then (rarely) fractions of a penny
            shown = gbp_text(self.value, None if self.exact else more + 1 if more else 0)
        else:
            decimals = self.decimals if self.exact else self.decimals + more
            shown = minus(f"{self.value:,.{decimals}f}")
            if decimals > self.decimals:  # no zeros beyond the usual precision: "1.45", not "1.4500"
                whole, _, fraction = shown.partition(".")
                fraction = fraction.rstrip("0").ljust(self.decimals, "0")
                shown = f"{whole}.{fraction}" if fraction else whole
        return f"{shown} {self.unit}".strip()

    def shown_value(self, more: int = 0) -> float:
        """The value as :meth:`text` shows it, as a calculator reads it."""
        number = self.text(more).split(" ")[0]
        return float(number.replace("−", "-").replace("£", "").replace(",", ""))


def shown_sum(template: str, figures: Sequence[Figure], compute: Callable[..., float], result: float,
              result_text: Callable[[float], str]) -> tuple[str, str]:
    """A sum and its result as a page shows them, so that the result is what a calculator gives from the figures
    as shown, to its last digit: ``template`` with a ``{}`` for each figure, ``compute`` the sum over the figures'
    values (in the same order), ``result`` its exact value and ``result_text`` how it is written.

    Each figure is shown at its usual precision or, where the result needs them, with more digits. Where no
    precision does (a result exactly between two shown values), the result is the one computed from the figures
    as shown, so the sum still holds.
    """
    wanted = result_text(result)
    # Fewest digits added first, and of two ways with as few, the one adding them to the later figures.
    ways = sorted(product(*([0] if f.exact else range(MORE_DIGITS + 1) for f in figures)),
                  key=lambda more: (sum(more), more))
    for more in ways:
        if result_text(compute(*(f.shown_value(m) for f, m in zip(figures, more, strict=True)))) == wanted:
            return template.format(*(f.text(m) for f, m in zip(figures, more, strict=True))), wanted
    return (template.format(*(f.text(m) for f, m in zip(figures, ways[-1], strict=True))),
            result_text(compute(*(f.shown_value(m) for f, m in zip(figures, ways[-1], strict=True)))))


def sum_sentence(template: str, figures: Sequence[Figure], compute: Callable[..., float], result: float,
                 result_text: Callable[[float], str]) -> str:
    """:func:`shown_sum` as one phrase: "2.902 bed-days x 218 patients = 632.6 bed-days" (``result_text`` gives the
    result with its unit)."""
    expression, shown = shown_sum(template, figures, compute, result, result_text)
    return f"{expression} = {shown}"
