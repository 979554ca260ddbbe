"""Publish a complete build: copy the staged reports into the reports folder, index.html last.

    python scripts/publish.py .reports-staging reports results/study-sledge2011.csv ... index.html

make runs this only when every notebook ran and the index was built, so a failed build never
reaches the reports folder: every file there stays as the last good build left it. Each file is
written to a temporary name and renamed into place, so a reader never opens half a file; pages
and results go first and index.html last, so the index never links to a page that is not there
yet. A file whose content has not changed is only touched (make then sees the folder as up to
date). Pages an earlier build published and this one does not (a study taken out of
data/studies.csv) are removed once the new index is in place; the list of what was published is
kept in ``.published``. Nothing else in the folder (README.md, expected/) is touched.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import sys
from pathlib import Path

MANIFEST = ".published"


def publish(stage: Path, reports: Path, names: list[str]) -> tuple[int, int]:
    """Copy ``names`` (paths relative to both folders) from ``stage`` to ``reports``; return (pages, changed)."""
    missing = [name for name in names if not (stage / name).is_file()]
    if missing:
        raise FileNotFoundError(f"not built in {stage}: {', '.join(missing)}")
    ordered = [n for n in names if n != "index.html"] + [n for n in names if n == "index.html"]
    manifest = reports / MANIFEST
    previous = set(manifest.read_text(encoding="utf-8").split()) if manifest.is_file() else set()
    changed = 0
    for name in ordered:
        source, target = stage / name, reports / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file() and filecmp.cmp(source, target, shallow=False):
            os.utime(target)
            continue
        temporary = target.with_name(f".{target.name}.publishing")
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
        changed += 1
    for name in sorted(previous - set(names)):
        (reports / name).unlink(missing_ok=True)
    temporary = manifest.with_name(f"{MANIFEST}.publishing")
    temporary.write_text("".join(f"{name}\n" for name in sorted(names)), encoding="utf-8")
    os.replace(temporary, manifest)
    pages = sum(1 for name in names if name.endswith(".ipynb"))  # one executed notebook per report; not the guides
    return pages, changed


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    stage, reports, names = Path(argv[0]), Path(argv[1]), argv[2:]
    try:
        pages, changed = publish(stage, reports, names)
    except OSError as exc:
        print(f"error: cannot publish to {reports}/: {exc}", file=sys.stderr)
        return 1
    print(f"{pages} reports in {reports}/ ({changed} files changed): open {reports}/index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
