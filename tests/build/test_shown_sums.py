"""Every sum a page shows redoes on a calculator: where a page writes "a x b = c" (or ÷, /, +, −), c is what a
calculator gives from a and b as shown, to the last digit c shows.

Read as a reviewer reads it: from the built pages (the session's `make`), their text outside the folded code, in
sentences ("£259 − £180 = £79", "(£7,708 + £11,842) / £34,564 = 0.566") and in the rows of a table whose
calculation stands in one cell and its value in the next ("1.451 bed-days x 218 patients" | "316.3"). The parser
below is this test's own, a calculator: it knows numbers with £, thousands commas and %, the four operators,
brackets, unit words after a number, and "the square root of"; it knows nothing of peerlib.
"""

from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

OPERATORS = {"x": "*", "×": "*", "*": "*", "/": "/", "÷": "/", "+": "+", "−": "-", "-": "-"}
NUMBER = re.compile(r"^(?P<sign>[−-]?)(?P<gbp>£?)(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?P<pct>%?)$")
SQRT = ("the", "square", "root", "of")


@dataclass(frozen=True)
class Shown:
    """A number as a page shows it: its value, and the place of its last digit (0.1 for "632.6", 0.01 for "69%")."""

    value: float
    last_digit: float


def number(word: str) -> Shown | None:
    match = NUMBER.match(word)
    if match is None:
        return None
    decimals = len(match["decimals"] or ".") - 1
    value = float((match["digits"] + (match["decimals"] or "")).replace(",", ""))
    value = -value if match["sign"] else value
    step = 10.0 ** -decimals
    if match["pct"]:
        return Shown(value / 100, step / 100)
    return Shown(value, step)


@dataclass
class Token:
    kind: str  # "number", "op", "(", ")", "word", "sqrt"
    text: str
    shown: Shown | None = None
    ends_clause: bool = False  # followed by , ; : or a full stop


def tokens(text: str) -> list[Token]:
    """Words of ``text`` as a calculator reads them: brackets apart, trailing punctuation noted."""
    out: list[Token] = []
    words = text.replace("(", " ( ").replace(")", " ) ").split()
    i = 0
    while i < len(words):
        word = words[i]
        if [w.lower() for w in words[i:i + 4]] == list(SQRT):
            out.append(Token("sqrt", "√"))
            i += 4
            continue
        stripped = word.rstrip(",;:.")
        ends = stripped != word
        if word in ("(", ")"):
            out.append(Token(word, word))
        elif stripped in OPERATORS and not ends:
            out.append(Token("op", OPERATORS[stripped]))
        elif word == "=":
            out.append(Token("=", "="))
        elif (shown := number(stripped)) is not None:
            out.append(Token("number", stripped, shown, ends))
        else:
            out.append(Token("word", stripped, None, ends))
        i += 1
    return out


class NotASum(Exception):
    pass


def evaluate(expression: list[Token]) -> float:
    """The value of an expression of numbers (each followed by any unit words), operators and brackets, by the usual
    precedence; NotASum when it is not one (a word where a number must be)."""
    items = [t for t in expression if t.kind != "word"]
    # A word may follow a number or a bracket (a unit), never stand where a number must.
    for before, token in zip([None, *expression], expression, strict=False):
        if token.kind == "word" and (before is None or before.kind in ("op", "(", "sqrt")):
            raise NotASum
    position = 0

    def peek() -> Token | None:
        return items[position] if position < len(items) else None

    def take() -> Token:
        nonlocal position
        position += 1
        return items[position - 1]

    def atom() -> float:
        token = peek()
        if token is None:
            raise NotASum
        take()
        if token.kind == "number" and token.shown is not None:
            return token.shown.value
        if token.kind == "sqrt":
            return math.sqrt(sum_())
        if token.kind == "(":
            value = sum_()
            if (closing := peek()) is None or closing.kind != ")":
                raise NotASum
            take()
            return value
        raise NotASum

    def product() -> float:
        value = atom()
        while (token := peek()) is not None and token.kind == "op" and token.text in "*/":
            take()
            value = value * atom() if token.text == "*" else value / atom()
        return value

    def sum_() -> float:
        value = product()
        while (token := peek()) is not None and token.kind == "op" and token.text in "+-":
            take()
            value = value + product() if token.text == "+" else value - product()
        return value

    value = sum_()
    if position != len(items):
        raise NotASum
    return value


def trailing_expression(clause: list[Token]) -> list[Token]:
    """The expression that ends ``clause`` (what stands left of an "="): operands joined by operators, read
    backwards until something else (a word before a number, punctuation, an unmatched bracket)."""
    i = len(clause)
    depth = 0
    start = i
    while i > 0:
        # The unit words of an operand, then its number (or a closing bracket).
        j = i
        while j > 0 and clause[j - 1].kind == "word" and not clause[j - 1].ends_clause:
            j -= 1
        while j > 0 and clause[j - 1].kind == ")":
            depth += 1
            j -= 1
        if j == 0 or clause[j - 1].kind != "number" or (clause[j - 1].ends_clause and j < len(clause)):
            break
        j -= 1
        while j > 0 and clause[j - 1].kind in ("(", "sqrt") and depth >= 0:
            depth -= clause[j - 1].kind == "("
            j -= 1
        start = j
        if j > 0 and clause[j - 1].kind == "op":
            i = j - 1
            continue
        break
    expression = clause[start:]
    while expression and expression[0].kind == ")":
        expression = expression[1:]
    # Brackets opened before the expression began are not part of it.
    while (sum(t.kind == "(" for t in expression) > sum(t.kind == ")" for t in expression)
           and expression[0].kind == "("):
        expression = expression[1:]
    return expression


def leading_expression(clause: list[Token]) -> list[Token]:
    """The expression that starts ``clause`` (what stands right of an "="), up to where it stops being one."""
    best: list[Token] = []
    for end in range(1, len(clause) + 1):
        candidate = clause[:end]
        if candidate[-1].kind == "word":
            continue
        try:
            evaluate(candidate)
        except (NotASum, ZeroDivisionError, ValueError):
            if best and candidate[-1].kind == "op":
                continue
            if best:
                break
            continue
        best = candidate
        if candidate[-1].ends_clause:
            break
    return best


@dataclass(frozen=True)
class Sum:
    where: str  # the page, and the text of the sum as shown
    left: float
    right: float
    right_last_digit: float | None  # None: the right side is itself an expression, to be equal

    @property
    def holds(self) -> bool:
        if self.right_last_digit is None:
            return math.isclose(self.left, self.right, rel_tol=1e-9, abs_tol=1e-9)
        # The right side is the left rounded at its last digit: within half a digit (and a hair for floats).
        return abs(self.left - self.right) <= self.right_last_digit / 2 * (1 + 1e-9) + 1e-12


def is_sum(expression: list[Token]) -> bool:
    return sum(t.kind == "number" for t in expression) >= 2 and any(t.kind in ("op", "sqrt") for t in expression)


def sums_in_text(text: str, where: str) -> list[Sum]:
    """Every "a op b = c" (and chain "a = b = c") in a piece of text."""
    found = []
    words = tokens(text)
    equals = [i for i, t in enumerate(words) if t.kind == "="]
    for k, i in enumerate(equals):
        before = words[equals[k - 1] + 1 if k else 0:i]
        after = words[i + 1:equals[k + 1] if k + 1 < len(equals) else len(words)]
        left = trailing_expression(before) if k == 0 or before != leading_expression(before) else before
        right = leading_expression(after)
        if not left or not right or not (is_sum(left) or is_sum(right)):
            continue
        try:
            left_value = evaluate(left)
            right_value = evaluate(right)
        except (NotASum, ZeroDivisionError):
            continue
        first = right[0].shown
        if first is not None and not math.isclose(left_value, right_value, rel_tol=1e-9):
            # "32.4 / 1.5 = 21.6 groups a week x 12 = 259": the next sum starts from what this one gave.
            right, right_value = right[:1], first.value
        single = len([t for t in right if t.kind != "word"]) == 1 and first is not None
        shown = " ".join(t.text for t in [*left, Token("=", "="), *right])
        found.append(Sum(f"{where}: {shown}", left_value, right_value,
                         first.last_digit if single and first is not None else None))
    return found


def sums_in_row(cells: list[str], where: str) -> list[Sum]:
    """A table row whose calculation stands in one cell and its value in the next."""
    found = []
    for calculation, value in zip(cells, cells[1:], strict=False):
        words, shown = tokens(calculation), tokens(value)
        if "=" in calculation or not is_sum(words) or not shown or shown[0].kind != "number":
            continue
        try:
            result = evaluate(words)
        except (NotASum, ZeroDivisionError):
            continue
        assert shown[0].shown is not None
        found.append(Sum(f"{where}: {calculation} | {value}", result, shown[0].shown.value, shown[0].shown.last_digit))
    return found


def visible_html(page: Path) -> str:
    """A page without its head, code cells, styles and scripts."""
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"<head>.*?</head>", " ", text, flags=re.S)
    text = re.sub(r'<div class="highlight[^"]*">\s*<pre>.*?</pre>\s*</div>', " ", text, flags=re.S)
    return re.sub(r"<(style|script)\b.*?</\1>", " ", text, flags=re.S)


def plain(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def page_sums(page: Path) -> list[Sum]:
    visible = visible_html(page)
    found = []
    for row in re.findall(r"<tr\b.*?</tr>", visible, flags=re.S):
        cells = [plain(c) for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row, flags=re.S)]
        found += sums_in_row(cells, page.name)
        for cell in cells:
            found += sums_in_text(cell, page.name)
    outside = re.sub(r"<table\b.*?</table>", " ", visible, flags=re.S)
    for block in re.split(r"</?(?:p|li|h[1-6]|div|section|ul|ol|br)\b[^>]*>", outside):
        found += sums_in_text(plain(block), page.name)
    return found


# --- The calculator, on sums worked by hand ----------------------------------------------------------

@pytest.mark.parametrize(("text", "holds"), [
    ("2.9 x 218 patients = 632.6 bed-days", False),  # 632.2
    ("2.902 bed-days x 218 patients = 632.6 bed-days", True),  # 632.636
    ("331.1 x £334 = £110,603", False),  # £110,587.4
    ("Saving per diverted day: £259 − £180 = £79; the claim", True),
    ("the naive reading of the £28,000 claim: £28,000 / £79 = 354 diverted days", True),  # 354.4
    ("Break-even diversion share: £180 / (£259 x 1) = 69% of visits", True),  # 69.5 %
    ("(£7,708 + £11,842) / (£26,399 + £8,165) = £19,550 / £34,564 = 0.566", True),
    ("(£7,708 + £11,842) / (£26,399 + £8,165) = £19,551 / £34,564 = 0.566", False),
    ("on the log scale: the square root of 8 x 20 = 12.6. Every ratio", True),  # 12.649
    ("1.0 x 68 x 12 = 816 bed-days", True),
    ("band 3 point 6 = £15,610 and", None),  # not a sum
    ("from 2003-2004 = 2 years", None),
    ("−6.58 + 1 = −5.58", True),
    ("each group 1.5 hours: 32.4 / 1.5 = 21.6 groups a week x 12 = 259. Low", True),
    ("each group 1.5 hours: 32.4 / 1.5 = 21.6 groups a week x 12 = 260. Low", False),
])
def test_the_calculator_reads_sums_as_a_reader_does(text: str, holds: bool | None) -> None:
    found = sums_in_text(text, "here")
    if holds is None:
        assert found == []
    else:
        assert len(found) >= 1 and all(s.holds for s in found) is holds, found


def test_a_table_row_is_a_calculation_and_its_value() -> None:
    assert [s.holds for s in sums_in_row(["value of bed-days saved", "165.6 x £334", "£55,302", "£"], "t")] == [False]
    assert [s.holds for s in sums_in_row(["value of bed-days saved", "165.575 x £334", "£55,302", "£"], "t")] == [True]
    assert sums_in_row(["peer work", "218 patients x sessions x hours", "1.91", "FTE-years"], "t") == []


# --- Every page ------------------------------------------------------------------------------------

def test_every_shown_sum_redoes_on_a_calculator(built: Path) -> None:
    pages = sorted(built.glob("*.html"))
    found = [s for page in pages for s in page_sums(page)]
    wrong = [f"{s.where} (a calculator gives {s.left:,.6g})" for s in found if not s.holds]
    assert not wrong, "\n".join(wrong)
    # Every study page shows its steps as sums: the test reads them, so it cannot pass by finding none.
    studies = [p for p in pages if p.name.startswith("study-")]
    per_page = {p.name: len(page_sums(p)) for p in studies}
    assert studies and all(n >= 5 for n in per_page.values()), per_page
    assert any("bed-days *" in s.where and "business_case" in s.where for s in found)  # operators read as *
