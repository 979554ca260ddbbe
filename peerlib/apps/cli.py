"""Command line: the studies, their ratios and break-evens, and the Leeds figures, as a table or CSV.

    python -m peerlib studies
    python -m peerlib ratios --price-year 2024-25 --weighting equal
    python -m peerlib ratios --caseload 40
    python -m peerlib sensitivity --caseload 40 --draws 20000
    python -m peerlib voi --outcome pooled_equal
    python -m peerlib leeds --diversion-share 0.5
    python -m peerlib business-case --evidence core2018 --n-fte 4 --caseload 20 --bed-day-cost-gbp 650
    python -m peerlib class handout --roster roster.csv --out class/
    python -m peerlib class grade submissions/ --roster roster.csv --out grades.csv
    python -m peerlib class nbgrader --out course/

Every figure is computed by peerlib from data/ (or --data-dir) with the assumptions given. A table
is for reading (each column headed with its unit, each figure at its precision, "never" where no
caseload breaks even); ``--format csv`` gives every figure in full, for a program. A bad option
gets one line naming it, what was expected and what was found, and exit status 2: a number is held to the bounds
a notebook parameter of the same name is held to (:func:`peerlib.inputs.sourced.parameter_problem`), in the same
words. Without a command, the usage is printed.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import textwrap
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, NoReturn

import pandas as pd

from peerlib.analysis import business_case, voi
from peerlib.analysis.psa import PSAResult, probabilistic
from peerlib.analysis.specs import load_specs
from peerlib.apps import classroom, grading, nbgrader_export
from peerlib.config import BUSINESS_CASE_DRAWS, DATA_DIR, REPORT_DRAWS, SEED
from peerlib.core import crisis_house, weighting
from peerlib.core.model import Model
from peerlib.formatting import formatted
from peerlib.inputs import studies
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.inputs.sourced import choice_problem, parameter_problem, plausible
from peerlib.present import report
from peerlib.present.business_case import describe, how_sure_table
from peerlib.present.business_case import present as present_business_case
from peerlib.present.labels import (
    OUTCOME_FORM_LABELS,
    POOL_LABELS,
    SCHEME_LABELS,
    count_words,
    design_label,
    outcome_label,
    parameter_label,
    pool_label,
    present,
    unit_beside,
)
from peerlib.vocabulary import term

STUDY_COLUMNS = ["label", "break_even_caseload", "benefit_cost_ratio", "caseload", "break_even_bed_days_per_fte_year",
                 "bed_days_saved_per_fte_year", "fte_years", "sample_size", "price_year"]
TABLE_WIDTH = 100  # characters: texts wrap so that a table fits, where its figures leave room
TABLE_COLUMN_WIDTH = 10  # headings wrap at this width, or at the widest figure or word of their column
TABLE_TEXT_WIDTH = 20  # a text (a study's label, a list of inputs) wraps at no fewer characters than this
MISSING = formatted(None, "value")  # what a table shows where a figure does not apply to a row


def _parsed(text: str) -> object:
    """An option's text as a whole number, else a number, else the text itself (for the message to show)."""
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


def checked(name: str, item: str = "") -> Callable[[str], float]:
    """An argparse type: a number within the bounds a notebook parameter ``name`` (of data/'s figure ``item``) is
    held to, refused in the same words (:func:`peerlib.inputs.sourced.parameter_problem`)."""
    def parse(text: str) -> float:
        value = _parsed(text)
        problem = parameter_problem(name, value, plausible(item) if item else None)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value  # type: ignore[return-value]
    return parse


EVERY_STUDY = ", for every study (default: data/staffing.csv)"


def helped(name: str, more: str = "") -> str:
    """An option's help: the vocabulary's words for the value it sets (``name``), then ``more`` (its default)."""
    return f"{term(name).help}{more}".replace("%", "%%")  # argparse formats a help with %


def whole(text: str) -> int:
    """An argparse type: a whole number."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None


class Parser(argparse.ArgumentParser):
    """An argument parser whose every error is one line: the option, what was expected, what was found."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {one_line_error(message)}\n")


def one_line_error(message: str) -> str:
    """argparse's message in the words of every other refusal: ``--weighting: expected one of ..., found 'median'``."""
    option, _, said = message.partition(": ") if message.startswith("argument ") else ("", "", message)
    option = option.removeprefix("argument ").replace("COMMAND", "command")
    choice = re.fullmatch(r"invalid choice: (?P<found>.+?) \(choose from (?P<choices>.+)\)", said)
    if choice:
        said = choice_problem(choice["found"].strip("'"), choice["choices"].replace("'", "").split(", "))
    elif said == "expected one argument":
        said = "expected a value after it, found none"
    required = re.fullmatch(r"the following arguments are required: (?P<names>.+)", said)
    if required:
        option, said = required["names"].replace("COMMAND", "command"), "expected a value, found none"
    unknown = re.fullmatch(r"unrecognized arguments: (?P<found>.+)", said)
    if unknown:
        option, said = "arguments", f"expected only the options --help lists, found {unknown['found']!r}"
    return f"{option}: {said}" if option else said


def _number(text: str) -> float:
    """An argparse type: any number; the command checks it against what else was given (a business case's own
    figure must lie within the days of its months of support)."""
    value = _parsed(text)
    if isinstance(value, str):
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}")
    return float(value)  # type: ignore[arg-type]


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="peer-support",
        description="Benefit:cost ratios of peer support workers in mental health care (Trachtenberg et al. 2013, "
                    "recomputed from the published figures), and the Leeds crisis-house comparison.",
        epilog="Every figure comes from the CSV files in data/, each sourced or flagged as an assumption. "
               "COMMAND --help describes each command's options.",
    )
    # Options every command takes, so they may follow the command name.
    common = Parser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder of input CSV files (default: data/)")
    common.add_argument("--format", choices=("table", "csv"), default="table",
                        help="table: for reading, each figure at its precision; csv: every figure in full, for a "
                             "program (default: table)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")  # none: the usage is printed

    commands.add_parser("studies", parents=[common], help="list the studies, whether each is pooled, and how it "
                        "reports bed use", description="List every study in data/studies.csv.")

    ratios_parser = commands.add_parser(
        "ratios", parents=[common], help="each study's benefit:cost ratio and break-evens, and the pooled ratio",
        description="Benefit:cost ratio per FTE peer worker for each study, its break-even caseload and bed-days, "
                    "and the pooled ratio. Without STUDY_ID: the pooled studies.")
    ratios_parser.add_argument("study_ids", nargs="*", metavar="STUDY_ID", help="study ids (default: the pooled six)")
    ratios_parser.add_argument("--all", action="store_true", help="every study in data/, pooled or not")
    ratios_parser.add_argument("--price-year", help=helped("price_year", ", e.g. 2024-25 (default: the data's)"))
    ratios_parser.add_argument("--bed-day-cost-gbp", type=checked("bed_day_cost_gbp"),
                               help=helped("bed_day_cost_gbp", ", at that price year"))
    ratios_parser.add_argument("--salary-gbp", type=checked("salary_gbp", "peer_worker_salary_gbp"),
                               help=helped("peer_worker_salary_gbp", ", at that price year"))
    ratios_parser.add_argument("--pension-rate", type=checked("employer_pension_rate"),
                               help=helped("employer_pension_rate"))
    ratios_parser.add_argument("--overhead-rate", type=checked("overhead_rate"), help=helped("overhead_rate"))
    ratios_parser.add_argument("--caseload", type=checked("caseload"), help=helped("caseload", EVERY_STUDY))
    ratios_parser.add_argument("--weighting", choices=weighting.WEIGHTING_SCHEMES, default="sample_size",
                               help="weights of the pooled ratio: " + "; ".join(
                                   f"{k}: {v}" for k, v in SCHEME_LABELS.items()) + " (default: sample_size)")

    # Options of the probabilistic commands.
    probabilistic = Parser(add_help=False)
    probabilistic.add_argument("--caseload", type=checked("caseload"), help=helped("caseload", EVERY_STUDY))
    probabilistic.add_argument("--draws", type=checked("n_draws"), default=REPORT_DRAWS,
                               help=helped("n_draws", f" (default: {REPORT_DRAWS:,}, as in the reports)"))
    probabilistic.add_argument("--seed", type=checked("seed"), default=SEED, help=helped("seed", f" (default: {SEED})"))
    commands.add_parser(
        "sensitivity", parents=[common, probabilistic],
        help="probabilistic analysis: P(ratio > 1) and 95 %% intervals",
        description="Probability that each ratio (and each pooled ratio) exceeds 1, its 95 % interval, and where "
                    "the base case sits in its distribution, from data/uncertainty.csv.")
    value = commands.add_parser(
        "voi", parents=[common, probabilistic], help="value of information: which unknown is most worth finding out",
        description="Expected value of perfect information (EVPI) and of knowing each group of inputs (EVPPI), "
                    "£ per FTE-year, for the decision to employ peer workers judged on one pooled ratio or study.")
    value.add_argument("--outcome", default=voi.DECISION,
                       help=f"the ratio the decision is judged on: a pooled id ({', '.join(POOL_LABELS)}) or a "
                            f"study id (default: {voi.DECISION}, as in the sensitivity report)")

    leeds = commands.add_parser("leeds", parents=[common],
                                help="the Leeds crisis house: £180 vs £259 a day and the £28,000 claim",
                                description="Saving per diverted day, diverted days the claim implies, break-even "
                                            "diversion share, and the annual saving at a chosen diversion share.")
    leeds.add_argument("--price-year", help=helped("price_year", " (default: the claim's own, assumed)"))
    for name in ("visits_per_year", "diversion_share", "inpatient_days_per_visit"):
        leeds.add_argument(f"--{name.replace('_', '-')}", type=checked(name), help=helped(name))

    case = commands.add_parser(
        "business-case", parents=[common],
        help="a commissioner's business case: N peer workers at today's pay, your bed-day cost and caseloads",
        description="What N full-time peer support workers cost a year at today's pay, the bed-days they save on the "
                    "evidence chosen, the benefit:cost ratio with P(ratio > 1) and a 95 % interval, the break-even "
                    "caseload, effect and bed-day cost, and which savings release cash and which free capacity. "
                    "Costs not given come from data/current_costs.csv, overheads included; the bed-day cost and "
                    "overheads not given are drawn over today's ranges. Prints a plain-language summary, then the "
                    "figures (--format csv: the figures only).")
    for name in business_case.PARAMETERS:
        kind = BUSINESS_CASE_TYPES.get(name) or checked(name)
        what = business_case.parameter_help(name, BUSINESS_CASE_DEFAULT_TEXT.get(name, ""))
        case.add_argument(f"--{name.replace('_', '-')}", dest=name, type=kind, metavar=BUSINESS_CASE_METAVARS.get(
            name, "NUMBER"), help=f"{what} [{term(name).unit}]".replace("%", "%%"))
    case.set_defaults(**BUSINESS_CASE_DEFAULTS)
    add_class_commands(commands)
    return parser


def add_class_commands(commands: Any) -> None:
    """``class handout``, ``class grade`` and ``class nbgrader``: the teaching pack for a class."""
    teach = commands.add_parser(
        "class", help="hand out the teaching pack to a class, each student with their own figures, and grade it",
        description="A class in a box: docs/teaching.md describes the teacher's loop.")
    steps = teach.add_subparsers(dest="step", metavar="STEP", required=True)
    hand = steps.add_parser("handout", help="write every notebook of the pack for every student of a roster",
                            description="Write OUT/STUDENT_ID/NOTEBOOK.ipynb for every student of the roster, each "
                                        "with its own values in the parameters cell.")
    grade = steps.add_parser("grade", help="grade a folder of submissions: grades.csv and a class report beside it",
                             description="Run every submission SUBMISSIONS/STUDENT_ID/NOTEBOOK.ipynb with that "
                                         "student's values and the teacher's checks; write one row per student, "
                                         "notebook and exercise to OUT.")
    grade.add_argument("submissions", type=Path, metavar="SUBMISSIONS", help="a folder with a folder per student")
    export = steps.add_parser("nbgrader", help="write the pack as an nbgrader source assignment",
                              description="Write the teaching pack as an nbgrader course: OUT/source/ASSIGNMENT/ and "
                                          "OUT/nbgrader_config.py, for nbgrader's generate_assignment and autograde.")
    export.add_argument("--out", type=Path, required=True, help="the course folder to write")
    export.add_argument("--assignment", default="peer_support", help="the assignment's name (default peer_support)")
    for step in (hand, grade):
        step.add_argument("--roster", type=Path, required=True, help="a CSV file with a column student_id")
        step.add_argument("--seed", type=whole, default=SEED,
                          help=f"the class's seed: another draws other values for every student (default {SEED})")
    hand.add_argument("--out", type=Path, required=True, help="the folder to write the students' notebooks to")
    grade.add_argument("--out", type=Path, required=True, help="the grades file to write (CSV)")
    grade.add_argument("--jobs", type=whole, default=None, help="notebooks graded at a time (default: every core)")
    grade.add_argument("--timeout", type=whole, default=grading.CELL_TIMEOUT_S,
                       help=f"seconds a cell of a submission may run (default {grading.CELL_TIMEOUT_S})")


def class_command(args: argparse.Namespace) -> int:
    """Hand out or grade; a bad roster or folder is one line and exit status 2."""
    try:
        if args.step == "nbgrader":
            written = nbgrader_export.export_nbgrader(args.out, args.assignment)
            print(f"{len(written)} files of an nbgrader course in {args.out}/: run nbgrader generate_assignment "
                  f"{args.assignment} there (docs/teaching.md)")
            return 0
        if args.step == "handout":
            written = classroom.handout(args.roster, args.out, args.seed)
            students = len({path.parent for path in written})
            print(f"{len(written)} notebooks for {count_words(students, 'student')} in {args.out}/")
            return 0
        graded = grading.grade_class(args.submissions, args.roster, args.out, args.seed, args.jobs, args.timeout,
                                     progress=lambda line: print(line, file=sys.stderr, flush=True))
    except (DataError, ParameterError, grading.NotGradable) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for student_id in graded.unknown:
        print(f"warning: {args.submissions}/{student_id}: not a student of {args.roster}; not graded",
              file=sys.stderr)
    for path in graded.restored:
        print(f"warning: {path} was changed by a submission's run, and put back as it was", file=sys.stderr)
    points = sum(g.points for g in graded.grades)
    top = sum(g.max_points for g in graded.grades)
    graded_students = count_words(len({g.student_id for g in graded.grades}), "student")
    print(f"{points} of {top} points over {graded_students}: {args.out}, and "
          f"the class report {graded.report}")
    return 0


# The business case's options: text or whole numbers where the parameter is one; a number within its bounds where
# it has them; your own figure, any number (it must lie within the days of the months of support).
BUSINESS_CASE_TYPES: dict[str, Callable[[str], object]] = {
    "evidence": str, "pay_point": str, "pension_basis": str, "pay_band": whole,
    "salary_gbp": checked("salary_gbp", "peer_worker_salary_gbp"),
    **{name: _number for name in ("own_bed_days_saved_per_patient", "own_low", "own_high")}}
# The command line's business case is the report's (notebooks/business_case.py): the same number of posts.
BUSINESS_CASE_DEFAULTS = {"n_fte": 4.0}
# Where the command line's default is not the business case's, or is said in its own words (options, not parameters).
BUSINESS_CASE_DEFAULT_TEXT = {
    "n_fte": f"{BUSINESS_CASE_DEFAULTS['n_fte']:g}, as in the business-case report",
    "n_draws": f"{BUSINESS_CASE_DRAWS:,}, as in the business-case report",
    "support_months": "the evidence's own; required with --evidence own",
    **{name: "none; required with --evidence own"
       for name in ("own_bed_days_saved_per_patient", "own_low", "own_high")},
}
BUSINESS_CASE_METAVARS = {"evidence": "ID", "pay_point": "POINT", "pension_basis": "BASIS", "pay_band": "BAND",
                          "n_draws": "N", "seed": "SEED"}


def business_case_result(args: argparse.Namespace) -> business_case.BusinessCaseResult:
    """The business case from the command line's options (``None`` for an option not given: the default)."""
    given = {name: getattr(args, name) for name in business_case.PARAMETERS if getattr(args, name) is not None}
    inputs = business_case.build_inputs(args.data_dir, origin="option", **given)
    return business_case.evaluate(inputs, args.data_dir)


def studies_table(data_dir: Path) -> pd.DataFrame:
    rows = [{"study_id": s.study_id, "label": s.label, "included": "yes" if s.included else "no",
             "country": s.country, "design": s.design, "outcome_form": s.outcome_form,
             "sample_size": s.sample_size, "assumptions": len(s.assumptions)}
            for s in studies.load_studies(data_dir, included_only=False)]
    return pd.DataFrame(rows).set_index("study_id")


def ratios_table(args: argparse.Namespace) -> pd.DataFrame:
    study_ids = args.study_ids or (
        None if not args.all else [s.study_id for s in studies.load_studies(args.data_dir, included_only=False)])
    model = Model.from_data(args.data_dir, study_ids=study_ids, price_year=args.price_year, caseload=args.caseload,
                            caseload_origin="option --caseload", bed_day_cost_gbp=args.bed_day_cost_gbp,
                            peer_worker_salary_gbp=args.salary_gbp, employer_pension_rate=args.pension_rate,
                            overhead_rate=args.overhead_rate)
    base = model.base_case()
    table = base.table()[STUDY_COLUMNS]
    if len(base.studies) > 1:
        pooled = base.pooled_ratio(args.weighting)
        table.loc[pooled.outcome_id] = {
            "label": pooled_label(pooled.outcome_id, model), "benefit_cost_ratio": pooled.benefit_cost_ratio,
            "break_even_caseload": pooled.break_even_caseload, "caseload": math.nan,  # each study's own
            "sample_size": sum(r.sample_size for r in base.studies), "price_year": pooled.price_year}
    table.index.name = "id"
    return table


def pooled_label(outcome: str, model: Model) -> str:
    """A study's label, or a pooled ratio's with the studies it pools (:func:`peerlib.present.labels.pool_label`)."""
    pooled = {p.outcome_id: p for p in model.base_case().pooled}
    if outcome not in pooled:
        return outcome_label(outcome, model.labels())
    return pool_label(outcome, [s for s in model.studies if s.study_id in pooled[outcome].weights])


def _psa(args: argparse.Namespace) -> PSAResult:
    model = Model.from_data(args.data_dir, caseload=args.caseload, caseload_origin="option --caseload")
    return probabilistic(model, load_specs(model, args.data_dir), args.draws, args.seed)


def sensitivity_table(args: argparse.Namespace) -> pd.DataFrame:
    """Each ratio's distribution over the draws, with how many draws and the seed (the same on every row: a table
    for reading says them once, above it)."""
    psa = _psa(args)
    table = psa.summary()
    table.insert(0, "label", [pooled_label(str(o), psa.model) for o in table.index])
    table.index.name = "id"
    return table.assign(n_draws=psa.n_draws, seed=psa.seed)


def voi_table(args: argparse.Namespace) -> tuple[pd.DataFrame, dict[str, str]]:
    """The value of information, the decision it is for and the draws it comes from, and the labels of the studies
    (to name its inputs in words)."""
    psa = _psa(args)
    result = voi.value_of_information(psa, args.outcome)
    table = result.summary().rename(columns={"evppi_gbp_per_fte_year": "value_gbp_per_fte_year"})
    table["price_year"] = result.price_year
    table = table.assign(decision=pooled_label(args.outcome, psa.model), n_draws=psa.n_draws, seed=psa.seed)
    return table, psa.model.labels()


def inputs_in_words(table: pd.DataFrame, study_labels: Mapping[str, str]) -> pd.DataFrame:
    """The value of information's inputs named in words rather than identifiers."""
    def named(name: str) -> str:  # a group of a pair or a piece of research is already named in words
        return name if " " in name else parameter_label(name, study_labels, with_unit=False)

    return table.assign(parameters=[", ".join(named(p) for p in str(names).split(", ") if p)
                                    for names in table["parameters"]])


def studies_in_words(table: pd.DataFrame) -> pd.DataFrame:
    return table.assign(design=[design_label(d) for d in table["design"]],
                        outcome_form=[OUTCOME_FORM_LABELS.get(f, f) for f in table["outcome_form"]])


def leeds_table(args: argparse.Namespace) -> pd.DataFrame:
    inputs = crisis_house.load_crisis_house_inputs(args.data_dir, args.price_year).with_overrides(
        visits_per_year=args.visits_per_year, diversion_share=args.diversion_share,
        inpatient_days_per_visit=args.inpatient_days_per_visit)
    row = report.crisis_house_row(crisis_house.evaluate_crisis_house(inputs))
    figures = {k: v for k, v in row.items() if k not in ("id", "kind", "label", "headline", "sample_size")}
    return pd.DataFrame({"value": figures}).rename_axis("figure")


def leeds_in_words(table: pd.DataFrame, data_dir: Path) -> pd.DataFrame:
    """The Leeds figures as what each is, its value at its precision, and its unit; a claim moved to another
    price year is said to be the claim rebased, not the claim."""
    claim_year = crisis_house.load_crisis_house_inputs(data_dir).price_year
    price_year = str(table.loc["price_year", "value"])
    rows = {}
    for item, value in table["value"].items():
        what, unit = term(str(item)).label, term(str(item)).unit
        if item == "claimed_annual_saving_gbp" and price_year != claim_year:
            what = f"{what} ({claim_year} prices), rebased to {price_year} prices"
        rows[item] = {"what": what, "value": formatted(value, term(str(item)).format),
                      "unit": unit_beside(unit, term(str(item)).format)}
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("figure")


def paragraphs(text: str) -> str:
    """Prose wrapped to the width of a table, paragraph by paragraph."""
    return "\n\n".join(textwrap.fill(p, TABLE_WIDTH) for p in text.split("\n\n"))


def render(table: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return str(table.to_csv(float_format="%.10g", lineterminator="\n"))
    return text_table(table)


def text_table(table: pd.DataFrame) -> str:
    """A table for reading in a terminal: each column headed with its label and unit (wrapped to a narrow column),
    each figure at its precision (:func:`peerlib.labels.present`), numbers aligned right. A figure the same in
    every row is said once above the table; a column with nothing to show is left out, and so are identifiers
    where each row says what it is (``--format csv`` has both)."""
    frame = table if {"label", "what"} & set(table.columns) else table.reset_index()
    kinds = [term(str(c)).format for c in frame.columns]
    shown = present(frame)
    keep = [i for i in range(shown.shape[1]) if any(v not in ("", MISSING) for v in shown.iloc[:, i])]
    same = [i for i in keep[1:] if len(shown) > 1 and shown.iloc[:, i].nunique() == 1]
    lead = "; ".join(f"{shown.columns[i]}: {shown.iloc[0, i]}" for i in same)
    columns = [i for i in keep if i not in same]
    texts = [i for i in columns if kinds[i] == "text"]

    def wrapped(text: str, width: int) -> list[str]:
        return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]

    def width_of(i: int, lines: Sequence[str]) -> int:
        heading = str(shown.columns[i])
        return max([len(line) for line in lines] + [min(len(heading), TABLE_COLUMN_WIDTH)]
                   + [len(word) for word in heading.split()])

    figures_width = sum(width_of(i, list(shown.iloc[:, i])) + 2 for i in columns if i not in texts)
    text_width = max(TABLE_TEXT_WIDTH, (TABLE_WIDTH - figures_width) // max(len(texts), 1) - 2)
    cells = [[wrapped(str(v), text_width) for v in shown.iloc[:, i]] for i in columns]
    widths = [width_of(i, [line for cell in column for line in cell]) for i, column in zip(columns, cells, strict=True)]
    headings = [wrapped(str(shown.columns[i]), width) for i, width in zip(columns, widths, strict=True)]
    depth = max(len(h) for h in headings)
    right = [kinds[i] != "text" for i in columns]

    def line(parts: Sequence[str]) -> str:
        return "  ".join(p.rjust(w) if r else p.ljust(w) for p, w, r in zip(parts, widths, right, strict=True)).rstrip()

    out = textwrap.wrap(lead, TABLE_WIDTH, break_long_words=False, break_on_hyphens=False)
    out += [line([h[k - depth + len(h)] if k >= depth - len(h) else "" for h in headings]) for k in range(depth)]
    out.append("  ".join("-" * w for w in widths))
    for row in range(len(shown)):
        lines = [column[row] for column in cells]
        out += [line([c[k] if k < len(c) else "" for c in lines]) for k in range(max(len(c) for c in lines))]
    if any(MISSING in lines for column in cells for lines in column):
        out.append(f"{MISSING}: does not apply to that row")
    return "\n".join(out) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:  # what the commands are and how to ask each for its options
        parser.print_help()
        return 0
    if args.command == "class":
        return class_command(args)
    reading = args.format == "table"
    try:
        if args.command == "studies":
            table = studies_table(args.data_dir)
            table = studies_in_words(table) if reading else table
        elif args.command == "ratios":
            table = ratios_table(args)
        elif args.command == "sensitivity":
            table = sensitivity_table(args)
        elif args.command == "voi":
            table, study_labels = voi_table(args)
            table = inputs_in_words(table, study_labels) if reading else table
        elif args.command == "leeds":
            table = leeds_table(args)
            table = leeds_in_words(table, args.data_dir) if reading else table
        else:
            result = business_case_result(args)
            table = present_business_case(result) if reading else result.table()
            if reading:
                # How sure's sentences point to its table of what was drawn and what taken as known.
                sys.stdout.write(paragraphs(describe(result, markdown=False)) + "\n\n"
                                 + render(how_sure_table(result).rename_axis("input"), args.format) + "\n")
    except (DataError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(table, args.format))
    return 0
