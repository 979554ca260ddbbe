"""Every file of data/ read with the loaders the reports use, before any notebook runs.

    .venv/bin/python scripts/check_data.py [PRICE_YEAR] [--stamp FILE]

The Makefile runs this before it starts a kernel, so a bad value stops the build in about two seconds
with the message the notebook would give (the file, the row and column, what was expected), rather
than after every kernel has started. Prints nothing when every file reads (and writes FILE, make's
record that the check passed); exits 1 with the error otherwise.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from peerlib.analysis import business_case, recosting, scenarios  # noqa: E402
from peerlib.analysis.specs import load_specs  # noqa: E402
from peerlib.config import DATA_DIR  # noqa: E402
from peerlib.core import crisis_house  # noqa: E402
from peerlib.core.model import Model  # noqa: E402
from peerlib.inputs.crisis_house import load_crisis_house_figures  # noqa: E402
from peerlib.inputs.errors import DataError, ParameterError  # noqa: E402
from peerlib.inputs.population import load_population  # noqa: E402
from peerlib.inputs.published import load_published  # noqa: E402
from peerlib.inputs.studies import load_studies  # noqa: E402


def check(data_dir: Path, price_year: str | None = None) -> None:
    """Read what every report reads from ``data_dir`` (at ``price_year`` where a report takes one): each study
    alone and the studies pooled, their ranges and scenarios, the population, today's costs, the business case
    and the Leeds crisis house. Raises the DataError a report would."""
    load_published(data_dir)
    pooled = Model.from_data(data_dir, price_year=price_year)
    load_specs(pooled, data_dir)
    scenarios.load_scenarios(pooled, data_dir)
    load_population(data_dir)
    for study in load_studies(data_dir, included_only=False):
        load_specs(Model.from_data(data_dir, study_ids=[study.study_id], price_year=price_year), data_dir)
    today = recosting.recost(data_dir).models["current"]
    load_specs(today, data_dir)
    business_case.build_inputs(data_dir)
    crisis_house.load_crisis_house_inputs(data_dir, price_year)
    load_crisis_house_figures(data_dir)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Read every file of data/ as the reports do.")
    parser.add_argument("price_year", nargs="?", default="", help="a year of data/price_index.csv")
    parser.add_argument("--stamp", type=Path, help="the file to write when every file reads")
    args = parser.parse_args(argv)
    try:
        check(DATA_DIR, args.price_year or None)
    except (DataError, ParameterError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if args.stamp is not None:
        args.stamp.write_text(f"data/ read at price year {args.price_year or 'of the data'}\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
