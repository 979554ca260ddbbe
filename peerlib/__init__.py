"""peerlib: costing and weighting logic for the health economics of peer support in mental health care.

Layers, each a folder; a module imports only from layers below its own (tests/unit/test_layers.py runs
the contract in pyproject.toml):

- ``config``: paths, the seed and draw count, calendar constants, each defined once;
- ``vocabulary``: every named figure (a column of results.csv or of a table, a parameter, a study input)
  with its one label, unit, format and meaning, read by every table, chart, the command line, the results
  guide and docs/parameters.md;
- ``inputs``: reading and validating ``data/``, one module per file family (studies and staffing, unit
  and current costs, price and component indices, uncertainty, scenarios, population, the crisis house,
  published figures), the files of one figure per row through one loader and one table of plausible
  bounds (``sourced``), with errors that name the file, row and column;
- ``core``: outcome conversions, costs and rebasing, the one model, weighting, meta-analysis, the
  crisis house;
- ``analysis``: one module per analysis: the uncertain inputs (``specs``), one-way, thresholds, two-way,
  PSA, acceptability, value of information, scenarios, re-costing, the business case, each returning a result
  with ``summary()`` and ``describe()``;
- ``present``: the one formatter and words for categories (``labels``), ``plots.plot(result)``, prose, the
  rows of reports/results.csv, CHEERS;
- ``apps``: the command line (``python -m peerlib``), the explorer, the teaching checks;
- ``api``: the public API, every name a notebook imports (``from peerlib.api import ...``). It imports
  every layer, so it is a module of its own and ``import peerlib`` stays cheap (``scripts/list_reports.py``
  reads ``peerlib.config`` with the system python).
"""

__version__ = "0.1.0"
