"""The HTML page of one executed notebook, for a reader rather than a programmer.

nbconvert's lab template, extended by ``templates/offline`` and driven by cell tags. What each tag
(or papermill's own tag) does to the page:

``parameters``
    The notebook's parameters cell is shown as a table, not as code: each parameter's name, the
    value this run used and its unit, which is the comment after the parameter in the cell
    (``caseload = None  # patients ...; None: data/staffing.csv``, shown without its "None: ..."
    clause). The value is the one papermill injected; or, for a parameter left to its default of
    ``None`` or ``""`` ("from data/"), the value the notebook resolved it to, with its source, as
    the notebook published it (:mod:`peerlib.present.parameters`, an output of MIME type
    ``MIME_TYPE``, left off the page); or else the notebook's default as written.
``injected-parameters``
    papermill's cell of the values given for this run: not shown; its values are in the table.
``summary``
    A cell (markdown, or code whose output is the summary) shown first after the page title, in a
    box, wherever it stands in the notebook. A notebook may have one or more; they keep their order.

Every page also gets: a ``<title>`` (the notebook's first heading, with any ``{parameter}`` in it
filled in, and what this run was given, e.g. the study's label or the price year); a header with
a link back to the index and a table of contents of the page's ``##`` headings; every code input
folded away under "Show the code" (one click opens it) with its outputs shown, a run of code cells
with no output between them under one fold with the next output, no fold where there is no code
to show (a cell of comments only) nor in a summary box; and nothing loaded from the network. The
executed ``.ipynb`` keeps the notebook as it ran: only the page is arranged.
"""

from __future__ import annotations

import ast
import copy
import html
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.etree import ElementTree

# Before nbformat: it keeps nbformat's validation light to import (its docstring says how).
import peerlib.apps  # noqa: F401

# isort: split
import nbformat
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import markdown2html_mistune
from papermill.translators import PythonTranslator

from peerlib.present.parameters import MIME_TYPE, literal_text

if TYPE_CHECKING:  # a report's export needs none of the index's figures
    from peerlib.present.index import Entry, Index

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "offline"
SUMMARY_TAG = "summary"
PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
# Parameters that say where the results go, not what was computed: left out of the page title.
NOT_IN_TITLE = {"results_csv"}
FROM_DATA = ("None", '""')  # a parameter's default that means "resolved from data/ by the notebook"
# The clause of a parameter's comment that says what its default None resolves to: the table shows the value itself.
NONE_CLAUSE = re.compile(r";?\s*None: .*$")


@dataclass(frozen=True)
class Parameter:
    name: str
    value: str  # as Python source: "sledge2011", None, 100_000
    unit: str  # the comment after the parameter in the notebook's parameters cell
    injected: bool  # given for this run (papermill -p), rather than the notebook's default
    used: str = ""  # what a default of None or "" resolved to, as the notebook published it ("£334 per bed-day")
    source: str = ""  # where that came from ("data/unit_costs.csv")

    @property
    def shown(self) -> str:
        """The value for a reader: 10_000 as "10,000", 0.0 as "0", a string as written."""
        return literal_text(self.value, self.unit)


@dataclass(frozen=True)
class Heading:
    id: str  # the anchor nbconvert gives the heading
    text: str


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def parameters(nb: nbformat.NotebookNode) -> list[Parameter]:
    """The notebook's parameters, from its cell tagged ``parameters``, with this run's values."""
    cell = next((c for c in nb.cells if c.cell_type == "code" and PARAMETERS_TAG in tags(c)), None)
    if cell is None:
        return []
    injected = nb.metadata.get("papermill", {}).get("parameters", {})
    used = used_parameters(nb)
    source = cell.source
    comments: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            comments[token.start[0]] = token.string.lstrip("#").strip()
    found: list[Parameter] = []
    for node in ast.parse(source).body:
        target = node.target if isinstance(node, ast.AnnAssign) else (
            node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None)
        value = getattr(node, "value", None)
        if not isinstance(target, ast.Name) or value is None:
            continue
        name = target.id
        shown = (PythonTranslator.translate(injected[name]) if name in injected
                 else ast.get_source_segment(source, value) or "")
        resolved = used.get(name, {}) if shown in FROM_DATA else {}
        found.append(Parameter(name=name, value=shown,
                               unit=NONE_CLAUSE.sub("", comments.get(node.end_lineno or node.lineno, "")),
                               injected=name in injected, used=str(resolved.get("value", "")),
                               source=str(resolved.get("source", ""))))
    return found


def used_parameters(nb: nbformat.NotebookNode) -> dict[str, dict[str, str]]:
    """The parameter values the notebook published as resolved (a later output's value for a name wins)."""
    used: dict[str, dict[str, str]] = {}
    for cell in nb.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            used.update(output.get("data", {}).get(MIME_TYPE, {}))
    return used


def has_code(source: str) -> bool:
    """Whether a code cell has code to show: a line that is not blank and not a comment."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in source.splitlines())


def shown_outputs(cell: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """A code cell's outputs as the page shows them: the published parameters are in the table instead."""
    return [o for o in cell.get("outputs", []) if MIME_TYPE not in o.get("data", {})]


def fold_runs(cells: list[nbformat.NotebookNode]) -> list[nbformat.NotebookNode]:
    """The page's cells with each run of code cells that show no output joined to the code cell after it.

    So the reader meets one "Show the code" before the next thing to see, not a column of them. A
    summary cell shows its output and no code; a cell of comments only has no code to show.
    """
    laid_out: list[nbformat.NotebookNode] = []
    run: list[nbformat.NotebookNode] = []
    for cell in cells:
        if cell.cell_type == "code" and not {PARAMETERS_TAG, INJECTED_TAG} & set(tags(cell)):
            cell = copy.deepcopy(cell)
            cell.outputs = shown_outputs(cell)
            if SUMMARY_TAG in tags(cell) or not has_code(cell.source):
                cell.source = ""
            if not cell.outputs and SUMMARY_TAG not in tags(cell):
                run.append(cell)
                continue
            if run and SUMMARY_TAG not in tags(cell):
                cell.source = "\n\n".join(c.source for c in [*run, cell] if c.source)
                run = []
        if run:  # a run with nothing to show after it: its code under one fold of its own
            laid_out.append(_with_source(run[-1], "\n\n".join(c.source for c in run if c.source)))
            run = []
        laid_out.append(cell)
    if run:
        laid_out.append(_with_source(run[-1], "\n\n".join(c.source for c in run if c.source)))
    return laid_out


def fill(text: str, values: dict[str, object]) -> str:
    """``{name}`` in a heading becomes the value of the parameter ``name``; other braces stay."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)


def plain_text(markdown: str) -> str:
    """A line of markdown as the plain text a browser tab shows."""
    rendered = markdown2html_mistune(markdown)
    return html.unescape(re.sub(r"<[^>]+>", "", rendered)).replace("¶", "").strip()


def heading_lines(source: str) -> list[tuple[int, int, str]]:
    """``(line index, level, text)`` of each ATX heading in a markdown cell, outside code fences."""
    found, fenced = [], False
    for index, line in enumerate(source.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and (match := HEADING.match(line)):
            found.append((index, len(match.group(1)), match.group(2)))
    return found


def anchor(level: int, text: str) -> Heading:
    """The id nbconvert gives a heading: render it with the same markdown filter and read the id back."""
    rendered = markdown2html_mistune(f"{'#' * level} {text}")
    try:
        element = ElementTree.fromstring(rendered)
        return Heading(id=element.get("id", ""), text=plain_text(text))
    except ElementTree.ParseError:
        return Heading(id="", text=plain_text(text))


def arrange(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, str, list[Heading]]:
    """A copy of ``nb`` laid out for the page: its title line on its own, then any summary, then the rest.

    Returns the copy, the page title as plain text, and the ``##`` headings for the table of contents.
    """
    page = copy.deepcopy(nb)
    injected = dict(nb.metadata.get("papermill", {}).get("parameters", {}))
    values = {p.name: ast.literal_eval(p.value) if _is_literal(p.value) else p.value for p in parameters(nb)}
    title_line = None
    for index, cell in enumerate(page.cells):
        if cell.cell_type == "markdown" and (headings := heading_lines(cell.source)):
            title_line = (index, *headings[0])
            break
    title = str(nb.metadata.get("title") or "")
    if title_line is not None:
        index, line, level, text = title_line
        named = set(re.findall(r"\{(\w+)\}", text))  # given in the heading itself: not repeated after it
        label = run_label({k: v for k, v in injected.items() if k not in named})
        title = fill(text, values) + (f" — {label}" if label else "")
        cell = page.cells[index]
        lines = cell.source.splitlines()
        rest = "\n".join(lines[:line] + lines[line + 1:]).strip()
        heading_cell = nbformat.v4.new_markdown_cell(f"{'#' * level} {title}")
        heading_cell.id = f"{cell.get('id', index)}-title"
        page.cells[index:index + 1] = [heading_cell] + ([_with_source(cell, rest)] if rest else [])
        summaries = [c for c in page.cells if SUMMARY_TAG in tags(c)]
        others = [c for c in page.cells if SUMMARY_TAG not in tags(c)]
        position = others.index(heading_cell) + 1
        page.cells = others[:position] + summaries + others[position:]
    page.cells = fold_runs(page.cells)
    toc = [anchor(level, text) for cell in page.cells if cell.cell_type == "markdown"
           for _, level, text in heading_lines(cell.source) if level == 2]
    text_title = plain_text(title) if title else ""
    page.metadata["title"] = text_title
    return page, text_title, [h for h in toc if h.id]


def _is_literal(value: str) -> bool:
    try:
        ast.literal_eval(value)
        return True
    except (ValueError, SyntaxError):
        return False


def _with_source(cell: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    cell = copy.deepcopy(cell)
    cell.source = source
    return cell


def study_label(study_id: str) -> str:
    """A study's label from data/studies.csv (the study notebook has already checked the file)."""
    from peerlib.config import DATA_DIR
    from peerlib.inputs.tables import Column, read_csv_rows

    try:
        rows = read_csv_rows(DATA_DIR / "studies.csv", [Column("study_id", "required_text"),
                                                         Column("label", "required_text")])
    except ValueError:
        return study_id
    return next((str(row["label"]) for _, row in rows if row["study_id"] == study_id), study_id)


def run_label(injected: dict[str, object]) -> str:
    """What this run was given, for its title: "Sledge et al. 2011", "2024-25 prices", "caseload = 40"."""
    parts = []
    for name, value in injected.items():
        if name in NOT_IN_TITLE or value in ("", None):
            continue
        if name == "study_id":
            parts.append(study_label(str(value)))
        elif name == "price_year":
            parts.append(f"{value} prices")
        else:
            parts.append(f"{name} = {value}")
    return ", ".join(parts)


def export_html(nb: nbformat.NotebookNode, *, index_link: str = "index.html") -> str:
    """The page of an executed notebook (see the module's docstring for what the tags do)."""
    page, title, toc = arrange(nb)
    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input_prompt=True, exclude_output_prompt=True)
    resources = {
        "metadata": {"name": title},
        "report": {"index_link": index_link, "toc": toc, "parameters": parameters(nb), "title": title},
    }
    body, _ = exporter.from_notebook_node(page, resources=resources)
    return body


@dataclass(frozen=True)
class Link:
    href: str
    text: str


def export_index(index: Index, *, title: str, heading: str, contents: list[Link], teaching: list[Entry],
                 data_files: list[tuple[str, str]]) -> str:
    """The index of the reports (what :mod:`peerlib.present.index` says), in the report pages' template: the same
    head, styles and header, its contents in the header, its headline in their summary box."""
    nb = nbformat.v4.new_notebook(metadata={"title": title})
    exporter = HTMLExporter(template_name=TEMPLATE, template_file="reports_index.html.j2",
                            extra_template_basedirs=[str(TEMPLATES)])
    resources = {
        "metadata": {"name": title},
        "index": index,
        "report": {"index_link": "", "toc": contents, "title": title, "heading": heading, "teaching": teaching,
                   "data_files": data_files},
    }
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body
