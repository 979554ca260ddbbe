"""Errors raised for bad input: each says which file, row and column, what was expected and what was found."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A data file (or a value standing in for one) is not what the analysis needs.

    ``line`` is the line of the file as an editor shows it (the header is line 1), so a reader
    can go straight to the bad cell.
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
        where = [self.file]
        if line == 1:
            where.append("header (line 1)")
        elif line is not None:
            where.append(f"row {line - 1} (line {line})")
        if column is not None:
            where.append(f"column '{column}'")
        message = f"{', '.join(where)}: {problem}"
        if expected is not None:
            message += f"; expected {expected}"
        if found is not None:
            message += f", found {found!r}"
        super().__init__(message)


class PriceYearError(DataError):
    """A money figure asks for a price year that the price index does not cover."""


class ParameterError(ValueError):
    """A parameter given by a user (notebook, command line) is out of range or of the wrong kind."""
