"""The one formatter of numbers a reader sees: money, percentages, ratios and figures, with one minus sign (−).

It sits at the floor of peerlib's layers, beside :mod:`peerlib.vocabulary`, so that a ``describe()`` in core or
analysis writes a figure in the same words as every page: "−£1,234", never "£-1,234"; "under £1" for a positive
amount that rounds to no pounds, never "£0". A test (tests/unit/test_formatting.py) fails on a money or percentage
format written by hand anywhere else in peerlib, the notebooks or the scripts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def minus(text: str) -> str:
    """A number as Python writes it with the one minus sign a reader sees: "-0.22" -> "−0.22"; a value that rounds
    to zero is 0, not "−0.00"."""
    if not text.startswith("-"):
        return text
    return text[1:] if not any(c in "123456789" for c in text) else "−" + text[1:]


def figure_text(number: float, significant: int = 4) -> str:
    """A figure as data gives it, for a reader: whole numbers whole, others to ``significant`` figures,
    with thousands separators and never in scientific notation (``17118`` -> "17,118", ``0.138`` -> "0.138")."""
    if math.isnan(number) or math.isinf(number):
        return "–"
    if number == round(number):
        return minus(f"{number:,.0f}")
    decimals = max(0, significant - 1 - math.floor(math.log10(abs(number))))
    text = f"{number:,.{decimals}f}"
    return minus(text.rstrip("0").rstrip(".") if decimals else text)


def gbp_text(amount: float, decimals: int | None = 0) -> str:
    """An amount of money for a reader: "£18,225", "−£18,225" (never "£-18,225").

    ``decimals=None``: pence only where the amount has them (a unit cost in a sum a reader may check: "£334",
    "£412.37"). An amount that is not 0 is never shown as £0: below half the last digit it gets pence, or
    "under £0.01" ("£0.49", not "£0"). For whole pounds in every case ("under £1"), see :func:`gbp_whole`.
    """
    if decimals is None:
        decimals = 0 if round(amount, 2) == round(amount) else 2
    if amount != 0 and round(abs(amount), decimals) == 0:
        if round(abs(amount), 2) == 0:
            return f"{'−' if amount < 0 else ''}under £0.01"
        decimals = 2
    return f"{'−' if amount < 0 and round(amount, decimals) != 0 else ''}£{abs(amount):,.{decimals}f}"


def gbp_whole(amount: float) -> str:
    """An amount in whole pounds, so that a column or a sentence reads alike: "£1,234", "−£1,234"; an amount
    that is not 0 but rounds to no pounds is "under £1" (or "under £1 below £0"), never "£0" nor pence."""
    if amount != 0 and round(amount) == 0:
        return "under £1" if amount > 0 else "under £1 below £0"
    return gbp_text(amount)


def gbp_millions(amount: float, decimals: int) -> str:
    """An amount in millions of pounds: ``4_920_000``, 1 -> "£4.9M"; negative "−£4.9M"."""
    return f"{'−' if round(amount / 1e6, decimals) < 0 else ''}£{abs(amount) / 1e6:,.{decimals}f}M"


def gbp_adding_up(parts: Sequence[float], total: float) -> list[str]:
    """Parts of a sum of money in whole pounds that add up to the total as shown (``gbp_text(total)``): each part
    rounded down, then the pounds left over given to the parts with the largest remainders (the largest remainder
    method), so a reader adding the column finds its total, and no part is more than £1 from its exact value."""
    floors = [math.floor(p) for p in parts]
    left = round(total) - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda i: parts[i] - floors[i], reverse=True)
    for i in by_remainder[:max(left, 0)]:
        floors[i] += 1
    return [gbp_text(p) for p in floors]


def percent_text(share: float, decimals: int = 0, signed: bool = False) -> str:
    """A fraction as a percentage: 0.694 -> "69%", ``decimals=1`` -> "69.4%"; a positive share that rounds to no
    per cent is "<1%" (or "<0.1%"), never "0%"; a negative one has the minus sign: "−3%". ``signed``: a rise shows
    its plus sign ("+2.35%")."""
    if 0 < share and round(share * 100, decimals) == 0:
        return f"<{10 ** -decimals:g}%"
    return minus(f"{share:{'+' if signed else ''}.{decimals}%}")


def ratio_text(ratio: float) -> str:
    """A ratio to two decimals: 4.8 -> "4.80", -0.22 -> "−0.22"."""
    return minus(f"{ratio:,.2f}")


def formatted(value: object, kind: str) -> str:
    """One figure at a meaningful precision: counts whole, £ with separators, ratios to 2 decimals.

    ``kind`` is a format of :data:`peerlib.vocabulary.FORMATS` (the vocabulary says what each means).
    """
    if isinstance(value, str) or kind == "text":
        return "" if value is None else str(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = float(value)  # type: ignore[arg-type]
    if math.isinf(number):
        return "never" if number > 0 else "–"
    if kind == "share":
        return percent_text(number)
    if kind == "value":
        return figure_text(number)
    if kind == "gbp":  # whole pounds in every row, so a column reads alike: a sum below £1 is not £0, nor in pence
        return gbp_whole(number)
    if kind == "times":
        return f"x {figure_text(number, 3)}"
    if kind == "ratio":
        return ratio_text(number)
    patterns = {"count": "{:,.0f}", "one": "{:,.1f}"}
    return minus(patterns[kind].format(number))
