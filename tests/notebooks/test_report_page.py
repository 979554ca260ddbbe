"""How scripts/report_page.py lays out a notebook for its page: the parameters as used, the folds of code.

The page in a browser is tested in tests/browser/test_browser.py; these are the decisions behind it, on notebooks
written here.
"""

from __future__ import annotations

import nbformat

from peerlib.present.parameters import MIME_TYPE
from scripts.report_page import fold_runs, has_code, parameters


def code(source: str, *, tags: list[str] | None = None, output: str = "") -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": tags or []})
    if output:
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    return cell


def published(values: dict[str, dict[str, str]]) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("display_data", data={MIME_TYPE: values, "text/plain": "Parameters as used"})


def notebook(*cells: nbformat.NotebookNode, injected: dict[str, object] | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=list(cells))
    nb.metadata["papermill"] = {"parameters": injected or {}}
    return nb


PARAMETERS = code('caseload = None  # patients per FTE at a time; None: data/staffing.csv\n'
                  'price_year = ""  # financial year; "" keeps the data\'s\n'
                  'seed = None  # seed of the draws; None: a fresh one\n'
                  'n_draws = 10  # draws', tags=["parameters"])


def test_a_parameter_left_to_data_shows_what_the_notebook_published() -> None:
    resolving = code("publish_parameters(model)")
    resolving.outputs = [published({"caseload": {"value": "20 patients", "source": "data/staffing.csv"},
                                    "price_year": {"value": "2011-12", "source": "data/unit_costs.csv"},
                                    "n_draws": {"value": "ignored: the notebook gives 10", "source": ""}})]
    shown = {p.name: p for p in parameters(notebook(PARAMETERS, resolving))}
    assert (shown["caseload"].used, shown["caseload"].source) == ("20 patients", "data/staffing.csv")
    assert shown["caseload"].unit == "patients per FTE at a time"  # the "None: ..." clause is the value's now
    assert shown["price_year"].used == "2011-12"
    assert shown["n_draws"].used == "" and shown["n_draws"].value == "10"  # a value as written is shown as written
    assert shown["seed"].used == "" and shown["seed"].value == "None"  # nothing published: the test in a browser fails


def test_a_value_given_for_the_run_wins_over_the_published_one() -> None:
    resolving = code("publish_parameters(model)")
    resolving.outputs = [published({"caseload": {"value": "20 patients", "source": "data/staffing.csv"}})]
    caseload = next(p for p in parameters(notebook(PARAMETERS, resolving, injected={"caseload": 40}))
                    if p.name == "caseload")
    assert (caseload.value, caseload.used, caseload.injected) == ("40", "", True)


def test_comments_and_blank_lines_are_not_code_to_show() -> None:
    assert not has_code("# why\n\n   # and why not\n")
    assert has_code("# why\nx = 1")


def test_code_that_shows_nothing_joins_the_next_cell_s_fold() -> None:
    resolving = code("x = 1")
    resolving.outputs = [published({})]  # in the parameters table, not on the page: shows nothing here
    cells = [PARAMETERS, resolving, code("# only a comment"), code("print(x)", output="1"),
             nbformat.v4.new_markdown_cell("## Next"), code("y = 2"), code("z = 3")]
    laid_out = fold_runs(cells)
    kinds = [(c.cell_type, c.source) for c in laid_out]
    assert kinds == [("code", PARAMETERS.source), ("code", "x = 1\n\nprint(x)"), ("markdown", "## Next"),
                     ("code", "y = 2\n\nz = 3")]
    assert laid_out[1].outputs[0]["text"] == "1"
    assert cells[1].outputs and cells[3].source == "print(x)"  # the notebook itself is left as it ran


def test_a_summary_cell_keeps_its_output_and_shows_no_code() -> None:
    summary = code("display(Markdown(describe(result)))", tags=["summary"], output="The summary")
    laid_out = fold_runs([code("import x"), summary, code("y = 1", output="1")])
    assert [(c.source, len(c.outputs)) for c in laid_out] == [("import x", 0), ("", 1), ("y = 1", 1)]
