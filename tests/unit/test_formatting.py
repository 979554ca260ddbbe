"""The one formatter (peerlib/formatting.py): values worked by hand, and a scan that fails on a money or
percentage format written by hand anywhere else in peerlib, the notebooks or the scripts."""

from __future__ import annotations

import ast
import re

import pytest

from peerlib.config import PROJECT_ROOT
from peerlib.formatting import (
    formatted,
    gbp_millions,
    gbp_text,
    gbp_whole,
    minus,
    percent_text,
    ratio_text,
)

# --- The formatter, with values worked by hand ---------------------------------------------------


@pytest.mark.parametrize(("amount", "shown"), [
    (1234.4, "£1,234"),
    (-1234.4, "−£1,234"),  # the minus sign before the pound sign, never "£-1,234"
    (1234.5001, "£1,235"),
    (0, "£0"),
    (0.3, "£0.30"),  # not £0: an amount below half a pound gets its pence
    (-0.3, "−£0.30"),
    (0.004, "under £0.01"),
])
def test_gbp_text(amount: float, shown: str) -> None:
    assert gbp_text(amount) == shown


def test_gbp_text_shows_pence_only_where_the_amount_has_them() -> None:
    assert gbp_text(334.0, None) == "£334"
    assert gbp_text(412.374, None) == "£412.37"
    assert gbp_text(-28000, 2) == "−£28,000.00"


@pytest.mark.parametrize(("amount", "shown"), [
    (0.3, "under £1"),  # a positive amount is never "£0"
    (-0.3, "under £1 below £0"),
    (0.5001, "£1"),
    (-1234.4, "−£1,234"),
    (0, "£0"),
])
def test_gbp_whole(amount: float, shown: str) -> None:
    assert gbp_whole(amount) == shown
    assert formatted(amount, "gbp") == shown


def test_gbp_millions() -> None:
    assert gbp_millions(4_920_000, 1) == "£4.9M"
    assert gbp_millions(-12_000_000, 0) == "−£12M"


@pytest.mark.parametrize(("share", "decimals", "shown"), [
    (0.694, 0, "69%"),
    (0.694, 1, "69.4%"),
    (0.13775, 2, "13.78%"),  # 13.775 rounds half to even in binary: 0.13775 is stored a little above
    (-0.03, 0, "−3%"),
    (0.004, 0, "<1%"),  # a positive share is never "0%"
    (0.0004, 1, "<0.1%"),
    (0, 0, "0%"),
    (1, 0, "100%"),
])
def test_percent_text(share: float, decimals: int, shown: str) -> None:
    assert percent_text(share, decimals) == shown


def test_percent_text_signed() -> None:
    assert percent_text(0.0235, 2, signed=True) == "+2.35%"
    assert percent_text(-0.0235, 2, signed=True) == "−2.35%"


def test_ratio_and_minus() -> None:
    assert ratio_text(4.8) == "4.80"
    assert ratio_text(-0.224) == "−0.22"
    assert ratio_text(-0.001) == "0.00"  # rounds to zero: no minus sign
    assert minus("-6.58") == "−6.58"
    assert formatted(0.004, "share") == "<1%"
    assert formatted(1234.4, "count") == "1,234"


# --- No money or percentage format by hand outside the formatter -----------------------------------

FORMATTER = PROJECT_ROOT / "peerlib" / "formatting.py"
SCANNED = ("peerlib", "notebooks", "scripts")


def _spec_text(spec: ast.expr | None) -> str:
    """A format spec as written, a nested field as "{}": ``,.{decimals}f`` -> ",.{}f"."""
    if not isinstance(spec, ast.JoinedStr):
        return ""
    return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "{}"
                   for v in spec.values)


def _by_hand_in_fstring(node: ast.JoinedStr) -> str:
    """Why an f-string formats money or a percentage by hand, or "" if it does not."""
    parts = node.values
    for i, part in enumerate(parts):
        if not isinstance(part, ast.FormattedValue):
            continue
        before = parts[i - 1] if i else None
        after = parts[i + 1] if i + 1 < len(parts) else None
        if _spec_text(part.format_spec).endswith("%"):
            return "a percentage format (use percent_text)"
        if isinstance(before, ast.Constant) and str(before.value).endswith("£"):
            return "£ written before a figure (use gbp_text or gbp_whole)"
        if isinstance(after, ast.Constant) and str(after.value).lstrip(" ").startswith("%"):
            return "% written after a figure (use percent_text)"
    return ""


def _by_hand_in_template(text: str) -> str:
    """The same for a str.format template: "£{}", "{:.0%}", "{} %"."""
    if re.search(r"£\{", text):
        return "£ written before a field of a template (use gbp_text)"
    if re.search(r"\{[^{}]*:[^{}]*%\}", text):
        return "a percentage format in a template (use percent_text)"
    if re.search(r"\}\s?%", text):
        return "% written after a field of a template (use percent_text)"
    return ""


def hand_written_formats(source: str) -> list[tuple[int, str]]:
    """Each line of ``source`` (Python) that formats money or a percentage by hand, with why. An f-string is
    named by the line it starts on (its literals joined, so "the £" f"{claim:,.0f}" is found across two)."""
    tree = ast.parse(source)
    in_fstrings = {id(v) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for v in ast.walk(n)}
    specs = {id(n.format_spec) for n in ast.walk(tree) if isinstance(n, ast.FormattedValue)}
    found = []
    for node in ast.walk(tree):
        why = ""
        if isinstance(node, ast.JoinedStr) and id(node) not in specs:
            why = _by_hand_in_fstring(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in in_fstrings:
            why = _by_hand_in_template(node.value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "format"
              and len(node.args) == 2 and isinstance(node.args[1], ast.Constant)
              and str(node.args[1].value).endswith("%")):
            why = "format(x, '...%') (use percent_text)"
        elif (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and isinstance(node.left, ast.Constant)
              and str(node.left.value).endswith("£")):
            why = '"£" + ... (use gbp_text)'
        if why:
            found.append((node.lineno, why))
    return sorted(found)


@pytest.mark.parametrize(("planted", "line"), [
    ('x = 1\ntext = f"a saving of £{saving:,.0f} a year"\n', 2),
    ('text = f"{share:.0%} of draws"\n', 1),
    ('text = f"{share:.{decimals}%}"\n', 1),
    ('text = f"{pct:+.2f} % a year"\n', 1),
    ('text = (f"the £"\n        f"{claim:,.0f} claim")\n', 1),  # £ and its figure in two literals of one string
    ('TEMPLATE = "{fraction:g} for {percent:g} %"\n', 1),
    ('text = "{:.1%}".format(share)\n', 1),
    ('text = "£" + format(amount, ",.0f")\n', 1),
    ('text = format(share, ".0%")\n', 1),
])
def test_the_scan_finds_a_planted_format(planted: str, line: int) -> None:
    assert [n for n, _ in hand_written_formats(planted)] == [line]


@pytest.mark.parametrize("clean", [
    'text = f"a saving of {gbp_text(saving)} a year, {percent_text(share)} of draws"\n',
    'text = f"{people:,.0f} people, a ratio of {ratio:.2f}"\n',
    'unit = unit.replace("fraction", "%", 1)\n',
    'help = f"{what} [{unit}]".replace("%", "%%")\n',
])
def test_the_scan_passes_the_formatter_in_use(clean: str) -> None:
    assert hand_written_formats(clean) == []


def test_no_money_or_percentage_is_formatted_by_hand() -> None:
    """Every £ and % a reader sees is written by peerlib/formatting.py."""
    files = sorted(f for d in SCANNED for f in (PROJECT_ROOT / d).rglob("*.py")
                   if f != FORMATTER and ".ipynb_checkpoints" not in f.parts)
    assert len(files) > 50  # the scan reaches the package, the notebooks and the scripts
    found = [f"{path.relative_to(PROJECT_ROOT)}:{line}: {why}"
             for path in files for line, why in hand_written_formats(path.read_text(encoding="utf-8"))]
    assert not found, "money or a percentage formatted by hand:\n" + "\n".join(found)


def test_a_small_positive_evpi_is_not_shown_as_nothing() -> None:
    """voi's describe() once wrote £{x:,.0f}: "£0" for an EVPI of 30p. Now "under £1", as on every page."""
    from peerlib.analysis.voi import VOIResult

    result = VOIResult(outcome="pooled_sample_size", evpi_gbp=0.3, evppi_gbp={"caseload": 0.2},
                       groups={"caseload": ("caseload",)}, expected_net_benefit_gbp=-1234.4,
                       probability_worth_it=0.4, price_year="2011-12")
    assert result.describe() == ("For pooled_sample_size, perfect information is worth under £1 per FTE-year "
                                 "(2011-12 prices); the inputs most worth learning: caseload (under £1).")
