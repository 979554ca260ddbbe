"""Check what plain `make` wrote: the session's one build of every report (tests/conftest.py).

The build is what a reviewer's `make` does, in a copy of the project; every test here reads it,
and a test that must build again rebuilds only what it needs, in a copy of that build.
"""

from __future__ import annotations

import csv
import fcntl
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from peerlib.config import PROJECT_ROOT
from peerlib.core import crisis_house
from peerlib.core.model import Model
from peerlib.inputs import prices, studies
from peerlib.present import pages, report
from tests.conftest import copy_tree, make_in, session_root


@pytest.fixture(scope="module")
def results(built: Path) -> pd.DataFrame:
    return pd.read_csv(built / "results.csv", dtype={"price_year": str}).set_index("id")


PAGES = [page.name for page in pages.PAGES if not page.per_study]


def test_every_report_is_built(built: Path) -> None:
    every = [f"study-{s.study_id}" for s in studies.load_studies(included_only=False)] + PAGES
    for name in every:
        assert (built / f"{name}.html").stat().st_size > 10_000, name
        assert (built / f"{name}.ipynb").exists(), name
    index = (built / "index.html").read_text()
    for name in every:
        assert f'href="{name}.html"' in index
    for solution in sorted((PROJECT_ROOT / "notebooks" / "teaching" / "solutions").glob("*.ipynb")):
        assert (built / "teaching" / f"{solution.stem}.html").exists(), solution.name
        assert f'href="teaching/{solution.stem}.html"' in index
    assert not list(built.rglob(".run-*")), "a temporary run folder was left behind"
    assert not list(built.parent.glob(".reports-staging/**/.run-*")), "a temporary run folder was left behind"


def test_results_have_the_agreed_columns(results: pd.DataFrame) -> None:
    for column in ("kind", "benefit_cost_ratio", "sample_size", "price_year"):
        assert column in results.columns
    assert set(results["kind"]) == {"study", "pooled", "sensitivity", "scenario", "value_of_information",
                                    "crisis_house", "recosting", "business_case"}


# data/unit_costs.csv by hand; NI less the 3.7 % contracted-out rebate on earnings above £102 x 52
WORKER_GBP = 17_368 + 0.138 * (17_368 - 7_072) - 0.037 * (17_368 - 102 * 52) + 0.14 * 17_368


def test_study_rows_by_hand(results: pd.DataFrame) -> None:
    every = studies.load_studies(included_only=False)
    assert sorted(results[results["kind"] == "study"].index) == sorted(s.study_id for s in every)
    # Sledge: 9 bed-days saved x 12 x 12.6 patients per FTE (one-to-one) / 9 months of support x £334 / £20,774.00
    assert results.loc["sledge2011", "benefit_cost_ratio"] == pytest.approx(9 * 12 * 12.6 / 9 * 334 / WORKER_GBP)
    assert results.loc["sledge2011", "break_even_caseload"] == pytest.approx(WORKER_GBP * 9 / (12 * 9 * 334))
    assert results.loc["sledge2011", "caseload"] == 12.6
    assert results.loc["landers2011", "caseload"] == 45.5  # its support was in groups
    for study in every:
        row = results.loc[study.study_id]
        assert row["sample_size"] == study.n_peer + study.n_control
        assert row["price_year"] == "2011-12"
        assert row["bed_day_cost_gbp"] == 334
        assert row["included"] == ("yes" if study.included else "no")


def test_study_rows_say_whether_the_bed_use_figure_is_published(results: pd.DataFrame) -> None:
    # data/study_inputs.csv: Sledge, Min, Landers and Lawn publish their bed-use figures; Rivera's is an assumed
    # "no difference"; Klein's is computed from Sledge's figures; CORE's assumes a length of stay.
    status = results.loc[results["kind"] == "study", "effect_status"].to_dict()
    assert status == {"sledge2011": "published", "min2007": "published", "landers2011": "secondary",
                      "lawn2008": "published", "rivera2007": "imputed", "klein1998": "imputed",
                      "core2018": "imputed"}
    assert results.loc["klein1998", "effect_borrowed_from"] == "sledge2011"
    assert pd.isna(results.loc["rivera2007", "effect_borrowed_from"])


def test_yes_no_cells_are_written_as_in_data(results: pd.DataFrame) -> None:
    assert set(results["included"].dropna()) == {"yes", "no"}
    for column in results.columns:
        written = set(results[column].dropna().astype(str))
        assert not written & {"True", "False"}, f"{column} holds True/False, not yes/no"


def test_ids_are_plain_and_every_variant_has_the_same_suffix(results: pd.DataFrame) -> None:
    for row_id in results.index:
        assert re.fullmatch(r"[a-z0-9_.-]+", str(row_id)), f"id {row_id!r}: letters, digits, _ . - only"
    assert "evppi_pooled_sample_size_effect_min2007" in results.index  # a group named by its study id
    recosted = results[results["kind"] == "recosting"]
    assert len(recosted) and all(str(i).startswith(("recost_components_", "recost_current_")) for i in recosted.index)


def test_a_variant_suffixes_every_kind_of_row_alike() -> None:
    latest = prices.load_price_index().latest_year
    suffix = report.variant_suffix(latest, ["core2018"])
    assert suffix == f"_{latest}_core2018" and report.variant_suffix() == ""
    model = Model.from_data(price_year=latest, extra_study_ids=["core2018"])
    base = model.base_case()
    row = report.study_row(base.study("core2018"), model.study("core2018"), suffix)
    assert (row["id"], row["included"], row["effect_status"]) == (f"core2018_{latest}_core2018", "no", "imputed")
    pooled = {r["id"] for r in report.pooled_rows(base, 4.8, suffix)}
    assert pooled == {f"pooled_{w}_{latest}_core2018" for w in ("sample_size", "equal", "fte_years", "evidence_only")}
    leeds = crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs(price_year=latest))
    assert report.crisis_house_row(leeds, None, suffix)["id"] == f"leeds_crisis_house_{latest}_core2018"
    frame = report.results_frame([row])
    assert list(frame.columns) == list(report.RESULT_COLUMNS), "every row has every documented column, in order"


def test_pooled_rows_by_hand(results: pd.DataFrame) -> None:
    six = [s.study_id for s in studies.load_studies()]
    study_rows = results.loc[six]
    # The report's method, by hand: sum of ratio x (n_peer + n_control) over the sum of sample sizes.
    by_hand = sum(study_rows["benefit_cost_ratio"] * study_rows["sample_size"]) / sum(study_rows["sample_size"])
    assert results.loc["pooled_sample_size", "benefit_cost_ratio"] == pytest.approx(by_hand, rel=1e-9)
    assert results.loc["pooled_equal", "benefit_cost_ratio"] == pytest.approx(
        study_rows["benefit_cost_ratio"].mean(), rel=1e-9)
    assert results.loc["pooled_sample_size", "published_benefit_cost_ratio"] == 4.8
    # With one caseload c for every study each ratio is its own x c / its caseload, so the pooled ratio is
    # c x sum(ratio / caseload x size) / sum(size): it is 1 at c = sum(size) / sum(ratio / caseload x size).
    per_patient = study_rows["benefit_cost_ratio"] / study_rows["caseload"]
    break_even = sum(study_rows["sample_size"]) / sum(per_patient * study_rows["sample_size"])
    assert results.loc["pooled_sample_size", "break_even_caseload"] == pytest.approx(break_even, rel=1e-9)


def test_value_of_information_rows(results: pd.DataFrame) -> None:
    rows = results[results["kind"] == "value_of_information"]
    evpi = rows.loc["evpi_pooled_sample_size"]
    assert evpi["unit"] == "GBP per FTE-year" and evpi["value_gbp_per_fte_year"] >= 0
    evppi = rows[rows.index.str.startswith("evppi_pooled_sample_size_")]
    assert {"evppi_pooled_sample_size_staffing", "evppi_pooled_sample_size_unit_costs"} <= set(evppi.index)
    assert (evppi["value_gbp_per_fte_year"] <= evpi["value_gbp_per_fte_year"] + 1e-6).all()


# The NHSCII 2015-16 to 2024-25 (data/cost_indices.csv, price_index.csv): pay and prices over pay.
COMPONENT_FACTOR = (1.004 * 1.0209 * 1.0124 * 1.016 * 1.0214 * 1.0249 * 1.0258 * 1.0732 * 1.0247 * 1.0402) / (
    1.003 * 1.021 * 1.0121 * 1.016 * 1.0258 * 1.0341 * 1.0307 * 1.0741 * 1.0218 * 1.0511)
# Today: £651 brought to 2025-26 (x 1.0402 x 1.0483); band 3 top £26,598 with NI 15 % above £5,000 and 23.78 %.
CURRENT_FACTOR = (651 * 1.0402 * 1.0483 / 334) / ((26_598 + 0.15 * 21_598 + 0.2378 * 26_598) / WORKER_GBP)


def test_recosted_rows_by_hand(results: pd.DataFrame) -> None:
    """Today's costs re-cost, not rebase: every ratio moves by the factor the evidence implies."""
    every = [s.study_id for s in studies.load_studies(included_only=False)]
    for outcome in [*every, "pooled_sample_size", "pooled_equal", "pooled_fte_years", "pooled_evidence_only"]:
        base = results.loc[outcome, "benefit_cost_ratio"]
        components, current = results.loc[f"recost_components_{outcome}"], results.loc[f"recost_current_{outcome}"]
        assert components["price_year"] == "2024-25" and current["price_year"] == "2025-26"
        assert components["benefit_cost_ratio"] == pytest.approx(base * COMPONENT_FACTOR, rel=1e-9, abs=1e-12)
        assert current["benefit_cost_ratio"] == pytest.approx(base * CURRENT_FACTOR, rel=1e-9, abs=1e-12)
        assert components["base_benefit_cost_ratio"] == pytest.approx(base, rel=1e-9, abs=1e-12)
    assert results.loc["recost_current_sledge2011", "ratio_factor"] != pytest.approx(1, abs=0.01)


def test_business_case_row(results: pd.DataFrame) -> None:
    (row,) = [r for _, r in results.iterrows() if r["kind"] == "business_case"]
    assert row["price_year"] == "2025-26"
    # The worker's cost by hand at the notebook's parameters: band 3 top, NI 15 % above £5,000, pension 23.78 %.
    # Band 3 top, NI 15 % above £5,000, pension 23.78 %, and PSSRU's overheads (£7,708 + £11,842) / (£26,399 + £8,165)
    overheads = (7_708 + 11_842) / (26_399 + 8_165)
    assert row["cost_per_fte_gbp"] == pytest.approx((26_598 + 0.15 * 21_598 + 0.2378 * 26_598) * (1 + overheads))
    assert row["annual_cost_gbp"] == pytest.approx(row["n_fte"] * row["cost_per_fte_gbp"])
    assert row["benefit_cost_ratio"] == pytest.approx(row["value_of_bed_days_gbp"] / row["annual_cost_gbp"])
    assert 0 <= row["probability_above_one"] <= 1
    assert row["interval_low"] < row["benefit_cost_ratio"] < row["interval_high"]


def test_the_business_case_page_shows_the_trial_s_own_finding(built: Path) -> None:
    import html

    caveat = next(s.caveat for s in studies.load_studies(included_only=False) if s.study_id == "core2018")
    assert "did not differ significantly" in caveat
    page = html.unescape((built / "business_case.html").read_text(encoding="utf-8"))
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "The trial's own finding. " + " ".join(caveat.split()) in text
    assert "The staffing is the trial's own:" in text and "published intensity" not in text


def test_crisis_house_row(results: pd.DataFrame) -> None:
    row = results.loc["leeds_crisis_house"]
    assert row["saving_per_diverted_day_gbp"] == pytest.approx(259 - 180)
    assert row["implied_diverted_days"] == pytest.approx(28_000 / 79)
    assert row["break_even_diversion_share"] == pytest.approx(180 / 259)
    expected = crisis_house.evaluate_crisis_house(crisis_house.load_crisis_house_inputs())
    assert row["annual_saving_gbp"] == pytest.approx(expected.annual_saving_gbp)


def test_second_make_does_nothing(built_tree: Path) -> None:
    assert make_in(built_tree, "-q").returncode == 0, "an unchanged tree should need no rebuild"
    again = make_in(built_tree)
    assert again.returncode == 0 and "Nothing to be done" in again.stdout, again.stdout + again.stderr


def test_figures_are_as_expected(built_tree: Path) -> None:
    """A change that moves a figure commits the new reports/expected/results.csv with it."""
    result = make_in(built_tree, "diff")
    assert result.returncode == 0 and "no differences" in result.stdout, (
        "figures of a fresh build differ from reports/expected/results.csv. If the change is intended, run "
        "`make expected` (it copies the built results.csv there) and commit the file with the change:\n"
        + result.stdout + result.stderr[-2000:])


def test_diff_names_every_moved_figure(built_tree: Path, tmp_path: Path) -> None:
    rows = list(csv.DictReader((built_tree / "reports" / "results.csv").open(encoding="utf-8")))
    sledge = next(r for r in rows if r["id"] == "sledge2011")
    old_ratio = sledge["benefit_cost_ratio"]
    sledge["benefit_cost_ratio"] = str(float(old_ratio) * 2)
    sledge["sample_size"] = str(float(sledge["sample_size"]) * (1 + 1e-12))  # within the tolerance: not a move
    leeds = next(r for r in rows if r["id"] == "leeds_crisis_house")
    leeds["label"] = "somewhere else"
    expected = tmp_path / "expected.csv"
    with expected.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[:-1])  # and the last row is missing from the expected file
    result = make_in(built_tree, "diff", f"EXPECTED={expected}")
    assert result.returncode != 0, result.stdout
    moved = [line.strip() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert f"sledge2011, benefit_cost_ratio: expected {float(old_ratio) * 2}, built {old_ratio}" in moved, moved
    assert any(line.startswith("leeds_crisis_house, label:") and "somewhere else" in line for line in moved), moved
    assert any(line == f"row {rows[-1]['id']}: built, not expected" for line in moved), moved
    assert len(moved) == 3, moved
    assert "make expected" in result.stdout


def test_a_kernel_started_the_usual_way_writes_the_same_page(built_tree: Path, tmp_path: Path) -> None:
    """make's runs are forked warm with warm kernels (peerlib/apps/warm_starts.py) and record what they read (a cell
    before and after the notebook's, removed from the report); the runner on its own, started cold as a new Python
    with a kernel started the usual way (PEERLIB_WARM_KERNELS=0), recording nothing, writes the same files, byte for
    byte: a study page, with a wide table (pandas decides at import how many columns a kernel prints), figures and
    the parameters."""
    stage = built_tree / ".reports-staging"
    target = tmp_path / "study-lawn2008.ipynb"
    result = subprocess.run(
        [sys.executable, "scripts/run_notebook.py", "notebooks/study.ipynb", str(target),
         "--results", str(tmp_path / "results" / "study-lawn2008.csv"), "-p", "study_id", "lawn2008"],
        cwd=PROJECT_ROOT, env=os.environ | {"PEERLIB_WARM_KERNELS": "0"}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    for name in ("study-lawn2008.html", "study-lawn2008.ipynb", "results/study-lawn2008.csv"):
        assert (tmp_path / name).read_bytes() == (stage / name).read_bytes(), f"{name} differs from the build's"


# The pooled page (seeded probabilistic draws, figures, tables), a study page (run with a parameter) and a
# teaching page that prints from several statements in one cell (a busy kernel may split that text into
# several outputs, which must not reach the saved report): every kind of report make runs. A study page
# is also run with a kernel started the usual way, by test_a_kernel_started_the_usual_way_writes_the_same_page.
REBUILT = ["six_studies", "study-lawn2008", "teaching/03_break_even"]
Rebuilt = tuple[Path, subprocess.CompletedProcess[str]]  # the tree, and what make printed there


@pytest.fixture(scope="session")
def rebuilt(built_tree: Path, tmp_path_factory: pytest.TempPathFactory) -> Rebuilt:
    """A copy of the session's build in which REBUILT are built from nothing by plain make, after the data
    check (its stamp removed too), then the index and results.csv gathered from every fragment: the
    copy, and what make printed. Rather than a second full build, every kind of report a clean build
    runs, run by make as a clean build runs it. Once per session: the first worker to ask makes it,
    holding a lock, and keeps what make printed beside it for the others."""
    root = session_root(tmp_path_factory) / "rebuilt"
    root.mkdir(exist_ok=True)
    tree = root / "project"
    with (root / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (root / "status").exists():
            copy_tree(built_tree, tree)
            stage = tree / ".reports-staging"
            (stage / ".data-checked").unlink()
            for name in REBUILT:
                # Without its record of what it read, make must run the page again.
                for path in (stage / ".deps" / f"{name}.d", stage / f"{name}.html", stage / f"{name}.ipynb",
                             stage / "results" / f"{name}.csv"):
                    path.unlink(missing_ok=name.startswith("teaching/"))  # a teaching page writes no results
            result = make_in(tree)
            (root / "make.out").write_text(result.stdout, encoding="utf-8")
            (root / "make.err").write_text(result.stderr, encoding="utf-8")
            (root / "status").write_text(str(result.returncode))
    printed = [(root / name).read_text(encoding="utf-8") for name in ("make.out", "make.err")]
    return tree, subprocess.CompletedProcess(["make"], int((root / "status").read_text()), *printed)


def test_a_build_is_quiet(rebuilt: Rebuilt) -> None:
    """Plain `make` prints one line per report it runs, with its time, then a closing line: no warning or
    error from a kernel, no command echoed (the reports of REBUILT, built from nothing, and the index)."""
    tree, result = rebuilt
    assert result.returncode == 0, result.stderr[-3000:]
    out, err = result.stdout.splitlines(), result.stderr.splitlines()
    assert not [line for line in out + err if "WARNING" in line or "ERROR" in line], out + err
    assert err == [], err
    report_lines = [re.fullmatch(r" *\d+\.\d s  (\S+\.html)  \(notebooks/\S+\.ipynb(, \w+=\S+)*\)", line)
                    for line in out[:-1]]
    assert all(report_lines), out
    assert sorted(m.group(1) for m in report_lines if m) == sorted(f"{name}.html" for name in REBUILT)
    assert "study-lawn2008.html  (notebooks/study.ipynb, study_id=lawn2008)" in result.stdout
    reports = len(list((tree / "reports").rglob("*.ipynb")))  # one executed notebook per report, guides aside
    closing = rf"{reports} reports in reports/ \(\d+ files changed\): open reports/index.html"
    assert re.fullmatch(closing, out[-1]), out[-1]


def test_every_report_s_last_build_printed_nothing_on_stderr(built_tree: Path) -> None:
    """The build of every report in reports/ (not only those test_a_build_is_quiet rebuilds) wrote nothing on
    stderr: no warning from papermill, nbconvert or a kernel. make keeps what each run printed there."""
    deps = built_tree / ".reports-staging" / ".deps"
    names = [p.relative_to(built_tree / "reports").with_suffix("").as_posix()
             for p in (built_tree / "reports").rglob("*.ipynb")]
    assert len(names) >= len(PAGES) + len(studies.load_studies(included_only=False)), names
    missing = [name for name in names if not (deps / f"{name}.err").exists()]
    assert not missing, f"no record of what these builds printed (older than this record: make clean, make): {missing}"
    noisy = {name: (deps / f"{name}.err").read_text() for name in names if (deps / f"{name}.err").read_text()}
    assert not noisy, noisy


def test_rebuilt_reports_are_identical(built_tree: Path, rebuilt: Rebuilt) -> None:
    """Two builds give byte-identical files: every published file of the reports rebuilt from nothing, and
    of the index and results.csv gathered again from them, comes out byte for byte as before."""
    tree, result = rebuilt
    assert result.returncode == 0, result.stderr[-3000:]
    ran = re.findall(r"s  (\S+)\.html  \(", result.stdout)
    assert sorted(ran) == sorted(REBUILT), f"make should rebuild exactly what was removed: {ran}"
    before, after = built_tree / "reports", tree / "reports"
    files = sorted(p.relative_to(before) for p in before.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(after) for p in after.rglob("*") if p.is_file())
    different = [str(f) for f in files if (before / f).read_bytes() != (after / f).read_bytes()]
    assert not different, f"files that differ between two builds: {different}"


def test_a_price_year_builds_its_own_folder(built_tree: Path, tmp_path: Path) -> None:
    """`make PRICE_YEAR=...` is never ignored: without REPORTS it builds reports-<year>/, and a
    setting that changes rebuilds every report even into the same folder."""
    tree = copy_tree(built_tree, tmp_path / "project")
    latest = prices.load_price_index().latest_year
    plan = make_in(tree, "-n", f"PRICE_YEAR={latest}")
    assert plan.returncode == 0 and "Nothing to be done" not in plan.stdout
    assert f"-p price_year {latest}" in plan.stdout and f"--publishes-to reports-{latest} " in plan.stdout
    assert "study-sledge2011" in plan.stdout
    assert make_in(tree, "-q", f"PRICE_YEAR={latest}", "REPORTS=reports").returncode != 0
    assert make_in(tree, "-q").returncode != 0, "after another setting, the base-year build must rebuild too"
    bad = make_in(tree, "PRICE_YEAR=1890-91")
    assert bad.returncode != 0 and "PRICE_YEAR=1890-91" in bad.stderr and "price_index.csv" in bad.stderr


def test_text_the_kernel_split_is_one_output_in_the_report() -> None:
    """A loaded machine splits one cell's printing into several outputs; the saved report must not depend on it."""
    import nbformat

    from scripts.run_notebook import coalesce_streams

    out = nbformat.v4.new_output
    split = [out("stream", name="stdout", text="Sledge: 2.9\n"), out("stream", name="stdout", text="Lawn: 1.1\n"),
             out("stream", name="stderr", text="note\n"), out("display_data", data={"text/plain": "chart"}),
             out("stream", name="stdout", text="done\n")]
    joined = coalesce_streams(split)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in joined] == [
        ("stream", "stdout", "Sledge: 2.9\nLawn: 1.1\n"), ("stream", "stderr", "note\n"),
        ("display_data", None, None), ("stream", "stdout", "done\n")]


def test_the_pooled_page_claims_no_explanation_and_matches_the_wider_evidence(built: Path) -> None:
    from tests.build.test_index import prose
    text = prose(built / "six_studies.html")
    # a caseload that reproduces the report's figure is shown, but staffing was never published: it explains nothing
    assert "explains the gap" not in text and "That is a figure, not an explanation" in text
    # CORE found fewer readmissions (OR 0.66, 95 % CI 0.43 to 0.99); ENRICH's result was not significant, and
    # ENRICH planned a service-use and cost evaluation
    assert "none of this evidence shows peer support saving hospital use" not in text
    assert "odds ratio 0.66, 95 % CI 0.43 to 0.99" in text
    assert "found no significant reduction in readmission overall" in text
    assert "found no reduction in" not in text and "(secondary sources only): no reduction" not in text
    assert "Not one of them values bed use in money" not in text and "economic evaluation" in text
