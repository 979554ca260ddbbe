"""The class report (peerlib/present/class_report.py): a small class's grades, written here, and the page read back
with html.parser as a teacher reads it. Every expected figure is worked by hand from the table below."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
from matplotlib.colors import to_hex
from matplotlib.patches import Rectangle

from peerlib.inputs.errors import DataError
from peerlib.present.class_report import COULD_NOT_GRADE, class_report_html, exercises, read_grades, slips
from peerlib.present.plots import share_right
from tests.unit.test_bad_input import assert_names

# The teaching checks' kinds (peerlib.apps.teaching.SLIP_KINDS), then the grader's own: the order the page lists them.
SLIP_ORDER = ("percentage", "per month", "sign", "carried forward", "rounding", "not attempted", "method",
              "not a number", "other", COULD_NOT_GRADE)
B02, B03 = "02_bed_days_to_ratio", "03_break_even"
FTE, SAVED, RATIO = "check_fte_years", "check_bed_days_saved_per_fte_year", "check_benefit_cost_ratio"
BED_DAYS, CASELOAD = "check_break_even_bed_days", "check_break_even_caseload"
INVALID = "not a notebook (invalid JSON)"
HEADER = "student_id,notebook,exercise,points,max_points,feedback,slip"
# bob's rows come first, so a list of students sorted (ann, bob) differs from the file's order (bob, ann); the
# exercises of 02 are not in alphabetical order, so the page's order can only come from the file.
GRADES = f"""{HEADER}
bob,{B02},{FTE},1,1,Right: fte_years = 2.45 (FTE-years).,
bob,{B02},{SAVED},0,1,"bed-days saved per FTE-year: not yet. Check months against years: ...",per month
bob,{B02},{RATIO},0,1,"benefit:cost ratio: not yet. Check the sign: ...",sign
bob,{B03},{BED_DAYS},0,1,"break-even bed-days: close, but round to a whole number.",rounding
bob,{B03},{CASELOAD},1,1,Right: break_even_caseload = 12.3.,
ann,{B02},{FTE},1,1,Right: fte_years = 2.45 (FTE-years).,
ann,{B02},{SAVED},0,1,"bed-days saved per FTE-year: not yet. Check months against years: ...",per month
ann,{B02},{RATIO},0,1,"benefit:cost ratio: not yet, but it follows from exercise 2.",carried forward
ann,{B03},{BED_DAYS},1,1,Right: break_even_bed_days = 240.,
ann,{B03},{CASELOAD},1,1,Right: break_even_caseload = 12.3.,
cat,{B02},{FTE},1,1,Right: fte_years = 2.45 (FTE-years).,
cat,{B02},{SAVED},0,1,"bed-days saved per FTE-year: not yet. It looks like a percentage: ...",percentage
cat,{B02},{RATIO},1,1,Right: benefit_cost_ratio = 1.6.,
cat,{B03},{BED_DAYS},0,1,{INVALID},{COULD_NOT_GRADE}
cat,{B03},{CASELOAD},0,1,{INVALID},{COULD_NOT_GRADE}
"""
# By hand, (right, of): fte ann bob cat (3, 3); saved nobody (0, 3); ratio cat (1, 3); break-even bed-days ann
# (1, 3); break-even caseload ann bob (2, 3). Marks out of 5: ann 1+0+0+1+1 = 3, bob 1+0+0+0+1 = 2,
# cat 1+0+1+0+0 = 2; mean 7/3 = 2.33, lowest 2, highest 3.
SHARES = {(B02, FTE): (3, 3, "100%"), (B02, SAVED): (0, 3, "0%"), (B02, RATIO): (1, 3, "33%"),
          (B03, BED_DAYS): (1, 3, "33%"), (B03, CASELOAD): (2, 3, "67%")}
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture
def grades_file(tmp_path: Path) -> Path:
    path = tmp_path / "grades.csv"
    path.write_text(GRADES, encoding="utf-8")
    return path


# --- The page, parsed --------------------------------------------------------------------------------

@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text for c in self.children)

    def find_all(self, tag: str = "", **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if (not tag or child.tag == tag) and all(
                        v in child.attrs.get("class", "").split() if k == "class_" else child.attrs.get(k) == v
                        for k, v in attrs.items()):
                    found.append(child)
                found += child.find_all(tag, **attrs)
        return found

    def find(self, tag: str = "", **attrs: str) -> Element:
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, f"{len(found)} <{tag} {attrs}>"
        return found[0]


class Tree(HTMLParser):
    """The page as a tree of elements, text unescaped (as a browser shows it)."""

    VOID = {"meta", "img", "br", "link", "input", "hr"}

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("root", {})
        self.open = [self.root]
        self.feed(page)
        self.close()
        assert self.open == [self.root], "an element is not closed"

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.open[-1].children.append(element)
        if tag not in self.VOID:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def page_of(path: Path, title: str = "Class 2B: teaching notebooks") -> Element:
    return Tree(class_report_html(read_grades(path, SLIP_ORDER), SLIP_ORDER, title)).root


def slip_lists(page: Element) -> dict[str, list[tuple[str, str]]]:
    """Each exercise's heading line in the slips section, with its (kind, students) items in order."""
    section = page.find_all()
    start = next(i for i, e in enumerate(section) if e.attrs.get("id") == "slips")
    found: dict[str, list[tuple[str, str]]] = {}
    heading = ""
    for element in section[start:]:
        if element.tag == "p" and "exercise" in element.attrs.get("class", ""):
            heading = element.text
            found[heading] = []
        elif element.tag == "li" and heading:
            found[heading].append((element.find(class_="kind").text, element.find(class_="students").text))
    return found


def test_the_marks_of_the_class(grades_file: Path) -> None:
    marks = page_of(grades_file).find("p", class_="marks").text
    assert marks == ("Three students, two notebooks, five exercises. "
                     "Marks out of 5: mean 2.3, lowest 2, highest 3.")


def test_the_share_right_on_each_exercise(grades_file: Path) -> None:
    table = exercises(read_grades(grades_file))
    assert [(n, e) for n, e in zip(table["notebook"], table["exercise"], strict=True)] == list(SHARES)
    assert list(zip(table["right"], table["students"], strict=True)) == [(r, n) for r, n, _ in SHARES.values()]
    assert list(table["share_right"]) == pytest.approx([1, 0, 1 / 3, 1 / 3, 2 / 3])
    alt = page_of(grades_file).find("img", class_="chart").attrs["alt"]
    for (notebook, exercise), (right, students, share) in SHARES.items():
        assert f"{notebook}, {exercise}: {right} of {students} right ({share})" in alt


def test_the_chart_draws_each_share_in_its_notebook_colour() -> None:
    figure = share_right(["a", "b", "c"], [B02, B02, B03], [1.0, 0.0, 2 / 3])
    bars = [p for p in figure.axes[0].patches if isinstance(p, Rectangle)]
    assert [bar.get_width() for bar in bars] == pytest.approx([1.0, 0.0, 2 / 3])
    assert bars[0].get_y() > bars[2].get_y()  # the first exercise at the top
    colours = [to_hex(bar.get_facecolor()) for bar in bars]
    assert colours[0] == colours[1] != colours[2]
    assert [t.get_text() for t in figure.axes[0].get_legend().get_texts()] == [B02, B03]
    plt.close(figure)


def test_a_dollar_in_a_name_is_drawn_as_text() -> None:
    """A name from the grades is not matplotlib's mathematics: "$\\frac$" alone would stop the drawing."""
    figure = share_right(["a $\\frac$ b"], ["nb $\\frac$"], [0.5])
    names = [t.get_text() for t in figure.axes[0].texts]
    assert names == ["a \\$\\frac\\$ b"]  # an escaped $ is drawn as a $
    plt.close(figure)


def test_the_slips_by_kind_most_frequent_first_with_who_made_them(grades_file: Path) -> None:
    found = slip_lists(page_of(grades_file))
    assert found == {
        f"{SAVED}: 0 of 3 right (0%)": [("per month", "ann, bob"), ("percentage", "cat")],  # two before one
        # One each: in the order given (sign before carried forward), not the file's (ann's carried forward first).
        f"{RATIO}: 1 of 3 right (33%)": [("sign", "bob"), ("carried forward", "ann")],
        f"{BED_DAYS}: 1 of 3 right (33%)": [("rounding", "bob"), (COULD_NOT_GRADE, "cat")],
        f"{CASELOAD}: 2 of 3 right (67%)": [(COULD_NOT_GRADE, "cat")],
    }
    assert [h.text for h in page_of(grades_file).find_all("h3")] == [B02, B03]  # grouped by notebook, in order


def test_every_student_is_right_or_named_once_on_each_exercise(grades_file: Path) -> None:
    grades = read_grades(grades_file)
    found = slips(grades, SLIP_ORDER)
    for (notebook, exercise), (right, students, _) in SHARES.items():
        named = [s for slip in found.get((notebook, exercise), ()) for s in slip.student_ids]
        assert len(named) == len(set(named)) == students - right


def test_exercises_nobody_slipped_on_in_one_line(grades_file: Path) -> None:
    assert page_of(grades_file).find("p", id="no-slips").text == f"Nobody slipped on {FTE} ({B02})."


def test_submissions_that_could_not_be_graded_with_the_reason(grades_file: Path) -> None:
    box = page_of(grades_file).find(id="ungraded")
    assert [li.text for li in box.find_all("li")] == [f"cat, {B03}: {INVALID}"]


def test_no_box_when_every_submission_was_graded(tmp_path: Path) -> None:
    path = tmp_path / "grades.csv"
    path.write_text(f"{HEADER}\nann,{B02},{FTE},1,1,Right.,\n", encoding="utf-8")
    page = page_of(path)
    assert page.find_all(id="ungraded") == [] and page.find_all(id="slips")
    assert page.find("p", id="no-slips").text == f"Nobody slipped on {FTE} ({B02})."


def test_every_text_from_the_grades_is_escaped(tmp_path: Path) -> None:
    hostile_reason = '<img src=x onerror="alert(2)">'
    path = tmp_path / "grades.csv"
    quoted = '"' + hostile_reason.replace('"', '""') + '"'  # as a CSV writer quotes a cell holding quotes
    path.write_text(GRADES.replace("cat,", f'"{HOSTILE}",').replace(INVALID, quoted), encoding="utf-8")
    page = page_of(path, title=HOSTILE)
    assert page.find_all("script") == [] and len(page.find_all("img")) == 1  # the chart only
    assert page.find("title").text == page.find("h1").text == HOSTILE
    assert ("percentage", HOSTILE) in slip_lists(page)[f"{SAVED}: 0 of 3 right (0%)"]
    assert [li.text for li in page.find(id="ungraded").find_all("li")] == [f"{HOSTILE}, {B03}: {hostile_reason}"]


def test_the_page_stands_alone(grades_file: Path) -> None:
    """Nothing fetched: the one image is a PNG inside the page; no script, no link."""
    page = page_of(grades_file)
    source = page.find("img").attrs["src"]
    assert source.startswith("data:image/png;base64,")
    assert base64.b64decode(source.split(",", 1)[1]).startswith(b"\x89PNG\r\n\x1a\n")
    assert page.find_all("script") == page.find_all("link") == page.find_all("a") == []


def test_the_same_grades_give_the_same_page(grades_file: Path) -> None:
    grades = read_grades(grades_file)
    assert class_report_html(grades, SLIP_ORDER, "x") == class_report_html(grades, SLIP_ORDER, "x")


def test_a_slip_the_caller_does_not_list_is_refused(grades_file: Path) -> None:
    with pytest.raises(ValueError, match="rounding"):
        class_report_html(read_grades(grades_file), [k for k in SLIP_ORDER if k != "rounding"], "x")


# --- A bad grades file: one line naming the file, line and column ---------------------------------------

def _row(line: int) -> str:
    return GRADES.splitlines()[line - 1]


@dataclass(frozen=True)
class Bad:
    edit: tuple[str, str]  # text of the file replaced, and by what
    line: int | None
    column: str
    fragments: Sequence[str]


BAD = {
    "missing column": Bad((HEADER, HEADER.removesuffix(",slip")), 1, "slip", ["missing column"]),
    "points not a number": Bad((_row(3), _row(3).replace(",0,1,", ",none,1,")), 3, "points",
                               ["not a number", "found 'none'"]),
    "negative points": Bad((_row(3), _row(3).replace(",0,1,", ",-1,1,")), 3, "points", ["out of range"]),
    "more than max_points": Bad((_row(2), _row(2).replace(",1,1,", ",2,1,")), 2, "points",
                                ["more than max_points", "expected a number from 0 to 1, found 2"]),
    "max_points of 0": Bad((_row(2), _row(2).replace(",1,1,", ",0,0,")), 2, "max_points",
                           ["out of range", "greater than 0"]),
    "an exercise worth more for one student": Bad((_row(7), _row(7).replace(",1,1,", ",1,2,")), 7, "max_points",
                                                  ["not what line 2 gives", "expected 1, found 2"]),
    "a slip on full marks": Bad((_row(2), _row(2) + "sign"), 2, "slip", ["a slip on full marks", "found 'sign'"]),
    "no slip short of full marks": Bad((_row(3), _row(3).removesuffix(",per month") + ","), 3, "slip",
                                       ["no slip on an answer short of full marks"]),
    "an unknown slip": Bad((_row(4), _row(4).replace(",sign", ",typo")), 4, "slip",
                           ["not a kind of slip", "found 'typo'", "percentage, per month"]),
    "points on a submission not graded": Bad((_row(15), _row(15).replace(",0,1,", ",0.5,1,")), 15, "points",
                                             ["could not be graded", "expected 0, found 0.5"]),
    "a second row for an exercise": Bad((_row(3), _row(3).replace(SAVED, FTE)), 3, "exercise",
                                        ["a second row for student 'bob'", "the first is line 2"]),
    "a missing row": Bad((_row(6) + "\n", ""), None, "exercise", [f"no row for student 'bob' on {B03}, {CASELOAD}"]),
    "no student id": Bad((_row(2), _row(2).replace("bob,", ",", 1)), 2, "student_id", ["empty cell"]),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_a_bad_grades_file_names_its_line_and_column(tmp_path: Path, case: Bad) -> None:
    old, new = case.edit
    assert old in GRADES
    path = tmp_path / "grades.csv"
    path.write_text(GRADES.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_grades(path, SLIP_ORDER)
    assert_names(caught.value, "grades.csv", case.line, case.column, *case.fragments)
    assert "\n" not in str(caught.value)


def test_an_unknown_slip_is_read_when_no_kinds_are_given(grades_file: Path) -> None:
    grades_file.write_text(GRADES.replace(",sign\n", ",typo\n"), encoding="utf-8")
    assert "typo" in set(read_grades(grades_file)["slip"])
