"""Before make decides what to build: a staged file whose content is not what its run wrote is removed.

    python3 scripts/check_stage.py .reports-staging

Each run's record (STAGE/.deps/*.d, scripts/record_reads.py) keeps the checksum of every file it wrote.
A file edited by hand in the staging folder no longer matches: this removes the run's first output (its
make target), so make runs it again rather than publish the edited file. A missing file make sees by
itself. Runs with the system Python while make reads the Makefile, so it needs only the standard library.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

SUM = "# sha256 "


def stale_targets(stage: Path) -> list[Path]:
    """The target of every record one of whose outputs exists with other content than recorded."""
    stale = []
    for record in sorted(stage.glob(".deps/**/*.d")):
        sums = [line[len(SUM):].split(" ", 1) for line in record.read_text(encoding="utf-8").splitlines()
                if line.startswith(SUM)]
        outputs = [(Path(path), digest) for digest, path in sums]
        if any(path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() != digest
               for path, digest in outputs):
            stale.append(outputs[0][0])
    return stale


def main(argv: list[str]) -> int:
    for target in stale_targets(Path(argv[0])):
        print(f"{target} was changed after it was built: building it again", file=sys.stderr)
        target.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
