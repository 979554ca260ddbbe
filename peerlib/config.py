"""Where the project's inputs and outputs live, derived once from the package location.

Every loader takes a ``data_dir`` argument defaulting to :data:`DATA_DIR`, so a test or a user can
point the analysis at another copy of the data without touching code.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
