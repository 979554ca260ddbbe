"""Errors raised for bad input: each says which file, row and column, what was expected and what was found."""

from __future__ import annotations

from pathlib import Path

from peerlib.config import PROJECT_ROOT


def shown_path(file: str | Path) -> str:
    """``file`` as a person at the project's root would type it (data/unit_costs.csv); a file elsewhere in full."""
    path = Path(file)
    for root in (PROJECT_ROOT, Path.cwd()):
        if path.is_absolute() and path.is_relative_to(root):
            return str(path.relative_to(root))
    return str(path)


class DataError(ValueError):
    """A data file (or a value standing in for one) is not what the analysis needs.

    ``line`` is the line of the file as an editor or a spreadsheet counts it (the header is line 1),
    so a reader can go straight to the bad cell; ``file`` is shown relative to the project.
    """

    def __init__(
        self,
        file: str | Path,
        problem: str,
        *,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: object = None,
    ) -> None:
        self.file = str(file)
        self.line = line
        self.column = column
        self.expected = expected
        self.found = found
        where = [shown_path(self.file)]
        if line == 1:
            where.append("line 1 (the header)")
        elif line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column '{column}'")
        message = f"{', '.join(where)}: {problem}"
        if expected is not None:
            message += f"; expected {expected}"
        if found is not None:
            # A number as the file would write it (-5, not -5.0); text quoted, so a blank or a space shows.
            message += f", found {found:.10g}" if isinstance(found, float) else f", found {found!r}"
        super().__init__(message)


class PriceYearError(DataError):
    """A money figure asks for a price year that the price index does not cover."""


class ParameterError(ValueError):
    """A parameter given by a user (notebook, command line) is out of range or of the wrong kind."""
