"""What a run read from the project: the data/ files it opened and the project's modules it imported.

Like a compiler's dependency file (``gcc -MD``), the record lets make rebuild a report when, and only
when, something it read changed. A ``Reads`` watches Python's ``open`` audit event (PEP 578) for files
under data/; at the end of the run the modules are taken from ``sys.modules``, whatever the package's
layout. Used in two places: inside a report's kernel (scripts/run_notebook.py adds a first cell that
starts a ``Reads`` and a last one that saves it, and removes both from the report), and around a
script run in this process (``python scripts/record_reads.py DEPFILE OUTPUT... -- SCRIPT ARGS``).
"""

from __future__ import annotations

import hashlib
import json
import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if __name__ == "__main__":
    # First: a run (the data check, the index) forked from the run server where one is serving already, as during a
    # build; it exits here with that run's status. Otherwise the script runs here as usual: it neither starts a
    # server nor waits for one (peerlib/apps/warm_starts.py).
    sys.path.insert(0, str(ROOT))
    from peerlib.apps import warm_starts

    warm_starts.run_warm(sys.argv[0], sys.argv[1:], wait=False)


class Reads:
    """Records, from now on, every file under ``root``/data that this process opens."""

    def __init__(self, root: str | Path = ROOT) -> None:
        self.root = Path(root).resolve()
        data = self.root / "data"
        # A path as opened may be the folder as given or as resolved (a symlinked checkout).
        self._prefixes = tuple({os.path.abspath(data) + os.sep, str(data) + os.sep})
        self.data: set[str] = set()
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple[object, ...]) -> None:
        if event == "open" and isinstance(args[0], str | os.PathLike):
            path = os.path.abspath(os.fspath(args[0]))
            if path.startswith(self._prefixes):
                self.data.add(os.path.relpath(os.path.realpath(path), self.root))

    def modules(self) -> set[str]:
        """The source files, under the project, of every module imported so far (not the environment's)."""
        found = set()
        for module in list(sys.modules.values()):
            file = getattr(module, "__file__", None)
            if not file:
                continue
            path = Path(os.path.realpath(file))
            if path.is_relative_to(self.root) and not ({".venv", "site-packages"} & set(path.parts)):
                found.add(str(path.relative_to(self.root)))
        return found

    def save(self, path: str | Path) -> None:
        """The record as JSON: {"data": [...], "modules": [...]}, paths relative to the project."""
        Path(path).write_text(json.dumps({"data": sorted(self.data), "modules": sorted(self.modules())}),
                              encoding="utf-8")


SUM = "# sha256 "  # a comment line of a depfile: the content an output was built with


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def depfile_text(outputs: list[str], record: dict[str, list[str]]) -> str:
    """make's form of a record: the first output depends on every file read; each module also gets an
    empty rule of its own (``gcc -MP``), so a module that is moved or deleted rebuilds the output rather
    than stopping make. A data/ file gets none: a missing input is an error (the Makefile's rule for
    data/). Comment lines keep each output's checksum, for scripts/check_stage.py."""
    files = [*record["data"], *record["modules"]]
    lines = [f"{outputs[0]}: {' '.join(files)}", *(f"{module}:" for module in record["modules"]),
             *(f"{SUM}{sha256(output)} {output}" for output in outputs)]
    return "\n".join(lines) + "\n"


def write_depfile(path: str | Path, outputs: list[str], record: dict[str, list[str]]) -> None:
    """Write the record of a run that made ``outputs`` (the first is make's target)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.writing")
    temporary.write_text(depfile_text(outputs, record), encoding="utf-8")
    os.replace(temporary, path)


def main(argv: list[str]) -> int:
    """Run a script in this process and, if it succeeds, write the depfile of what it read."""
    if "--" not in argv or argv.index("--") < 2 or argv.index("--") == len(argv) - 1:
        print(__doc__, file=sys.stderr)
        return 2
    split = argv.index("--")
    depfile, outputs, script = argv[0], argv[1:split], argv[split + 1]
    reads = Reads()
    sys.argv = [script, *argv[split + 2:]]
    sys.path.insert(0, str(Path(script).resolve().parent))
    try:
        runpy.run_path(script, run_name="__main__")
    except SystemExit as exc:
        if exc.code not in (None, 0):
            if not isinstance(exc.code, int):
                print(exc.code, file=sys.stderr)
            return exc.code if isinstance(exc.code, int) else 1
    write_depfile(depfile, outputs, {"data": sorted(reads.data), "modules": sorted(reads.modules())})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
