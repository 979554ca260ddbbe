"""Summaries are read aloud in a meeting: every summary box (`.report-summary`: each report's, and the index's
headline) is in sentences of at most 35 words, with no bracket inside a bracket and no internal name; and every page
shows a negative number with the one minus sign (−), never a hyphen.

Read from the built pages (the session's `make`), as a reader meets them. The splitter and the counts are this
test's own.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.build.test_shown_sums import visible_html

MOST_WORDS = 35
# A snake_case identifier (``caseload_group``, ``pooled_sample_size``); a file a reader can open
# (``data/study_inputs.csv``) is a place, not an internal name.
IDENTIFIER = re.compile(r"(?<![\w/.])[a-z]+(?:_[a-z0-9]+)+\b(?!\.(?:csv|md|html)\b)")
ABBREVIATIONS = ("et al.", "e.g.", "i.e.", "vs.", "p.")


def summary_boxes(page: Path) -> list[str]:
    """The text of each summary box of a page, with a line break where a paragraph, list item or cell ends."""
    visible = visible_html(page)
    boxes = re.findall(r'<section[^>]*class="report-summary"[^>]*>(.*?)</section>', visible, flags=re.S)
    out = []
    for box in boxes:
        box = re.sub(r'<p class="report-summary-label">.*?</p>', " ", box, flags=re.S)
        box = re.sub(r"</(p|li|h[1-6]|td|th|tr|div)>|<br\s*/?>", "\n", box)
        out.append(html.unescape(re.sub(r"<[^>]+>", " ", box)))
    return out


def sentences(text: str) -> list[str]:
    """Sentences as a reader hears them: a line (a paragraph, a list item) is at least one; within it a sentence
    ends at . ! or ? before a capital, a digit, £ or a bracket, not after an abbreviation ("et al. 2011")."""
    found = []
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        parts = re.split(r"(?<=[.!?])\s+(?=[A-Z0-9£(*'‘\"−])", line)
        merged: list[str] = []
        for part in parts:
            if merged and merged[-1].endswith(ABBREVIATIONS):
                merged[-1] += " " + part
            else:
                merged.append(part)
        found += merged
    return found


def words(sentence: str) -> int:
    """Words as a reader says them: a figure is a word, a lone colon or dash is not."""
    return sum(1 for w in sentence.split() if re.search(r"\w", w))


def nested_brackets(text: str) -> bool:
    depth = 0
    for c in text:
        depth += c == "("
        if depth > 1:
            return True
        depth -= c == ")"
    return False


def test_the_sentence_splitter_reads_as_a_reader_does() -> None:
    text = ("Sledge et al. 2011: pays if 5.2 patients. At the assumed 12.6, the ratio is 2.43 : 1. "
            "It rests on three studies (Rivera et al. 2007, Klein et al. 1998).\n* one\n* two")
    assert sentences(text) == ["Sledge et al. 2011: pays if 5.2 patients.",
                               "At the assumed 12.6, the ratio is 2.43 : 1.",
                               "It rests on three studies (Rivera et al. 2007, Klein et al. 1998).", "* one", "* two"]
    assert words("the ratio is 2.43 : 1 — here") == 6
    assert nested_brackets("a (b (c))") and not nested_brackets("a (b) (c)")
    assert IDENTIFIER.findall("the caseload_group and pooled_sample_size, in data/study_inputs.csv") == [
        "caseload_group", "pooled_sample_size"]


# The pages with a summary box, and the index.
PAGES = ("index.html", "business_case.html", "sensitivity.html", "todays_costs.html", "six_studies.html",
         "leeds_crisis_house.html", "study-core2018.html", "study-sledge2011.html", "study-rivera2007.html",
         "study-landers2011.html")


@pytest.mark.parametrize("name", PAGES)
def test_every_summary_is_in_plain_short_sentences(built: Path, name: str) -> None:
    boxes = summary_boxes(built / name)
    assert boxes, f"{name} has no summary box"
    for box in boxes:
        long = [f"{words(s)} words: {s}" for s in sentences(box) if words(s) > MOST_WORDS]
        assert not long, f"{name}:\n" + "\n".join(long)
        assert not nested_brackets(box), f"{name}: a bracket inside a bracket"
        assert not IDENTIFIER.findall(box), f"{name}: internal names {IDENTIFIER.findall(box)}"


# A quotation keeps its source's own characters: 'SMD -0.34 (95 CI -0.60 to -0.07)'.
QUOTATION = re.compile(r"(?<![\w])'[^']*?'(?![\w])")


def hyphen_minuses(text: str) -> list[str]:
    """Each negative number written with a hyphen ("-0.22", "(-6.58"), outside a quotation, with its context."""
    text = QUOTATION.sub(" ", text)
    return [text[max(0, m.start() - 30):m.end() + 10]
            for m in re.finditer(r"(?<![\w.,/)\-−])-(?=£?\d)", text)]


def test_a_hyphen_is_not_a_minus() -> None:
    assert len(hyphen_minuses("between -0.22 and 3.71 : 1 (-£5)")) == 2
    assert hyphen_minuses("2003-2004, 60-100 visits, 2011-12 prices, −0.22, a - b") == []
    assert hyphen_minuses("the study's own: 'SMD -0.34 (95 CI -0.60 to -0.07)'; the report's") == []


def test_every_negative_number_a_reader_sees_has_the_minus_sign(built: Path) -> None:
    wrong = {}
    for page in sorted(built.glob("*.html")):
        text = html.unescape(re.sub(r"<[^>]+>", " ", visible_html(page)))
        if found := hyphen_minuses(text):
            wrong[page.name] = found
    assert not wrong, wrong
