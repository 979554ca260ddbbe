"""Command line: the studies, their ratios and break-evens, and the Leeds figures, as a table or CSV.

    python -m peerlib studies
    python -m peerlib ratios --price-year 2024-25 --weighting equal
    python -m peerlib ratios --caseload 40
    python -m peerlib sensitivity --caseload 40 --draws 20000
    python -m peerlib voi --outcome pooled_equal
    python -m peerlib leeds --diversion-share 0.5
    python -m peerlib business-case --evidence core2018 --n-fte 4 --caseload 20 --bed-day-cost-gbp 650

Every figure is computed by peerlib from data/ (or --data-dir) with the assumptions given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from peerlib.analysis import business_case, sensitivity, voi
from peerlib.config import DATA_DIR, SEED
from peerlib.core import crisis_house, weighting
from peerlib.core.model import Model
from peerlib.inputs import studies
from peerlib.inputs.errors import DataError, ParameterError
from peerlib.present import report
from peerlib.present.business_case import describe
from peerlib.present.labels import SCHEME_LABELS, outcome_label

STUDY_COLUMNS = ["label", "break_even_caseload", "benefit_cost_ratio", "caseload", "break_even_bed_days_per_fte_year",
                 "bed_days_saved_per_fte_year", "fte_years", "sample_size", "price_year"]


def positive(text: str) -> float:
    """An argparse type: a number greater than 0."""
    value = _number(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number greater than 0, found {text!r}")
    return value


def share(text: str) -> float:
    """An argparse type: a fraction from 0 to 1."""
    value = _number(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"expected a fraction from 0 to 1 (0.5 for 50 %), found {text!r}")
    return value


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, found {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"expected a finite number, found {text!r}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="peer-support",
        description="Benefit:cost ratios of peer support workers in mental health care (Trachtenberg et al. 2013, "
                    "recomputed from the published figures), and the Leeds crisis-house comparison.",
        epilog="Every figure comes from the CSV files in data/, each sourced or flagged as an assumption.",
    )
    # Options every command takes, so they may follow the command name.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=DATA_DIR, help="folder of input CSV files (default: data/)")
    common.add_argument("--format", choices=("table", "csv"), default="table", help="output format (default: table)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    commands.add_parser("studies", parents=[common], help="list the studies, whether each is pooled, and how it "
                        "reports bed use", description="List every study in data/studies.csv.")

    ratios_parser = commands.add_parser(
        "ratios", parents=[common], help="each study's benefit:cost ratio and break-evens, and the pooled ratio",
        description="Benefit:cost ratio per FTE peer worker for each study, its break-even caseload and bed-days, "
                    "and the pooled ratio. Without STUDY_ID: the pooled studies.")
    ratios_parser.add_argument("study_ids", nargs="*", metavar="STUDY_ID", help="study ids (default: the pooled six)")
    ratios_parser.add_argument("--all", action="store_true", help="every study in data/, pooled or not")
    ratios_parser.add_argument("--price-year", help="financial year of all costs, e.g. 2024-25 (default: the data's)")
    ratios_parser.add_argument("--bed-day-cost-gbp", type=positive, help="£ per inpatient bed-day at that price year")
    ratios_parser.add_argument("--salary-gbp", type=positive, help="peer worker's annual salary, £ at that price year")
    ratios_parser.add_argument("--pension-rate", type=share, help="employer pension, fraction of salary (0.14 = 14 %%)")
    ratios_parser.add_argument("--overhead-rate", type=share,
                               help="overheads, fraction of salary and on-costs (0.3 = 30 %%)")
    ratios_parser.add_argument("--caseload", type=positive,
                               help="patients one FTE peer worker supports at a time, for every study "
                                    "(default: data/staffing.csv)")
    ratios_parser.add_argument("--weighting", choices=weighting.WEIGHTING_SCHEMES, default="sample_size",
                               help="weights of the pooled ratio: " + "; ".join(
                                   f"{k}: {v}" for k, v in SCHEME_LABELS.items()) + " (default: sample_size)")

    # Options of the probabilistic commands.
    draws = argparse.ArgumentParser(add_help=False)
    draws.add_argument("--caseload", type=positive,
                       help="patients one FTE peer worker supports at a time, for every study (default: "
                            "data/staffing.csv)")
    draws.add_argument("--draws", type=int, default=20_000, help="number of probabilistic draws (default: 20000)")
    draws.add_argument("--seed", type=int, default=SEED, help=f"seed of the random draws (default: {SEED})")
    commands.add_parser(
        "sensitivity", parents=[common, draws], help="probabilistic analysis: P(ratio > 1) and 95 %% intervals",
        description="Probability that each ratio (and each pooled ratio) exceeds 1, its 95 %% interval, and where "
                    "the base case sits in its distribution, from data/uncertainty.csv.")
    value = commands.add_parser(
        "voi", parents=[common, draws], help="value of information: which unknown is most worth finding out",
        description="Expected value of perfect information (EVPI) and of knowing each group of inputs (EVPPI), "
                    "£ per FTE-year, for the decision to employ peer workers judged on one pooled ratio or study.")
    value.add_argument("--outcome", default="pooled_sample_size",
                       help="the ratio the decision is judged on: a pooled id (pooled_sample_size, pooled_equal, "
                            "pooled_fte_years) or a study id (default: pooled_sample_size)")

    leeds = commands.add_parser("leeds", parents=[common],
                                help="the Leeds crisis house: £180 vs £259 a day and the £28,000 claim",
                                description="Saving per diverted day, diverted days the claim implies, break-even "
                                            "diversion share, and the annual saving at a chosen diversion share.")
    leeds.add_argument("--price-year", help="financial year of all sums (default: the claim's own, assumed)")
    leeds.add_argument("--visits-per-year", type=positive, help="crisis-house visits a year")
    leeds.add_argument("--diversion-share", type=share, help="share of visits that replace inpatient care, 0 to 1")
    leeds.add_argument("--inpatient-days-per-visit", type=positive, help="inpatient days one diverted visit replaces")

    case = commands.add_parser(
        "business-case", parents=[common],
        help="a commissioner's business case: N peer workers at today's pay, your bed-day cost and caseloads",
        description="What N full-time peer support workers cost a year at today's pay, the bed-days they save on the "
                    "evidence chosen, the benefit:cost ratio with P(ratio > 1) and a 95 % interval, the break-even "
                    "caseload, effect and bed-day cost, and which savings release cash and which free capacity. "
                    "Costs not given come from data/current_costs.csv. Prints a plain-language summary, then the "
                    "figures (--format csv: the figures only).")
    for name, (unit, what) in business_case.PARAMETERS.items():
        kind = BUSINESS_CASE_TYPES.get(name, _number)
        case.add_argument(f"--{name.replace('_', '-')}", dest=name, type=kind, metavar=BUSINESS_CASE_METAVARS.get(
            name, "NUMBER"), help=f"{what} [{unit}]".replace("%", "%%"))
    return parser


# The business case's options: text or whole numbers where the parameter is one; every other is a number.
BUSINESS_CASE_TYPES = {"evidence": str, "pay_point": str, "pension_basis": str, "pay_band": int, "n_draws": int,
                       "seed": int}
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
            "label": outcome_label(pooled.outcome_id, model.labels()), "benefit_cost_ratio": pooled.benefit_cost_ratio,
            "break_even_caseload": pooled.break_even_caseload, "caseload": model.staffing.caseload,
            "sample_size": sum(r.sample_size for r in base.studies), "price_year": pooled.price_year}
    table.index.name = "id"
    return table


def _psa(args: argparse.Namespace) -> sensitivity.PSAResult:
    if args.draws < 1:
        raise ParameterError(f"--draws: expected a whole number of 1 or more, found {args.draws}")
    model = Model.from_data(args.data_dir, caseload=args.caseload, caseload_origin="option --caseload")
    return sensitivity.probabilistic(model, sensitivity.load_specs(model, args.data_dir), args.draws, args.seed)


def sensitivity_table(args: argparse.Namespace) -> pd.DataFrame:
    psa = _psa(args)
    table = psa.summary()
    table.insert(0, "label", [outcome_label(str(o), psa.model.labels()) for o in table.index])
    table.index.name = "id"
    return table


def voi_table(args: argparse.Namespace) -> pd.DataFrame:
    result = voi.value_of_information(_psa(args), args.outcome)
    table = result.summary().rename(columns={"evppi_gbp_per_fte_year": "value_gbp_per_fte_year"})
    table["price_year"] = result.price_year
    return table


def leeds_table(args: argparse.Namespace) -> pd.DataFrame:
    inputs = crisis_house.load_crisis_house_inputs(args.data_dir, args.price_year).with_overrides(
        visits_per_year=args.visits_per_year, diversion_share=args.diversion_share,
        inpatient_days_per_visit=args.inpatient_days_per_visit)
    row = report.crisis_house_row(crisis_house.evaluate_crisis_house(inputs))
    figures = {k: v for k, v in row.items() if k not in ("id", "kind", "label", "headline", "sample_size")}
    return pd.DataFrame({"value": figures}).rename_axis("figure")


def render(table: pd.DataFrame, fmt: str) -> str:
    if fmt == "csv":
        return str(table.to_csv(float_format="%.10g", lineterminator="\n"))
    with pd.option_context("display.width", 160, "display.max_columns", None, "display.max_colwidth", 40):
        return str(table.to_string(float_format=lambda x: f"{x:,.2f}")) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "studies":
            table = studies_table(args.data_dir)
        elif args.command == "ratios":
            table = ratios_table(args)
        elif args.command == "sensitivity":
            table = sensitivity_table(args)
        elif args.command == "voi":
            table = voi_table(args)
        elif args.command == "leeds":
            table = leeds_table(args)
        else:
            result = business_case_result(args)
            table = result.table()
            if args.format == "table":
                sys.stdout.write(describe(result, markdown=False) + "\n\n")
    except (DataError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(render(table, args.format))
    return 0
