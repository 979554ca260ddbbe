"""Applications on top of the layers below: the command line, the explorer, the teaching checks, the class's
hand-out and grading, and the warm kernels that run notebooks.

Importing any of them keeps nbformat light to import in this process: nbformat validates notebooks with jsonschema,
which imports rfc3987_syntax whenever it is installed (jupyter-events needs it for JupyterLab's server). That import
compiles a grammar, about 1.5 s of every process that reads or writes a notebook (the build's runner, the grader's
workers, the command line, each test process), and notebook validation checks no IRI, so it is left out here.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
