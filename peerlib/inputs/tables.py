"""Reading a CSV from ``data/`` and checking every cell before anything is computed.

Each file is described by a list of :class:`Column` specifications. The reader keeps every cell
as text, then converts and checks it, so a bad cell is reported with its file, line and column
rather than surfacing later as a pandas error or a silently wrong number.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from peerlib.inputs.errors import DataError

Kind = Literal["text", "required_text", "number", "nonnegative", "positive", "count", "proportion", "flag", "status"]

# Where every figure in data/ comes from: a published source (quoted), a secondary source reporting
# it (a press report, possibly of another paper: quoted, with a reason saying what it is), a
# computation in code from named sourced parts (a formula), or an assumption (with its reason).
STATUSES = ("published", "secondary", "derived", "assumption")

_EXPECTATIONS: dict[str, str] = {
    "text": "text",
    "required_text": "a non-empty text",
    "number": "a number",
    "nonnegative": "a number of 0 or more",
    "positive": "a number greater than 0",
    "count": "a whole number of 0 or more",
    "proportion": "a proportion from 0 to 1",
    "flag": "'yes' or 'no'",
    "status": "'published', 'secondary', 'derived' or 'assumption'",
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: Kind = "text"
    optional: bool = False  # an optional numeric column may be left blank (read as None)


Cell = str | float | int | bool | None
Row = dict[str, Cell]


def parse_cell(path: Path, line: int, column: Column, raw: str) -> Cell:
    """Convert one cell to the kind its column holds, or raise a DataError naming the cell."""
    text = raw.strip()
    if column.kind == "text":
        return text
    if column.kind == "required_text":
        if not text:
            raise DataError(path, "empty cell", line=line, column=column.name,
                            expected=_EXPECTATIONS["required_text"], found=raw)
        return text
    if column.kind == "status":
        if text.lower() not in STATUSES:
            raise DataError(path, "not a status", line=line, column=column.name,
                            expected=_EXPECTATIONS["status"], found=raw)
        return text.lower()
    if column.kind == "flag":
        if text.lower() not in ("yes", "no"):
            raise DataError(path, "not a yes/no flag", line=line, column=column.name,
                            expected=_EXPECTATIONS["flag"], found=raw)
        return text.lower() == "yes"
    if not text:
        if column.optional:
            return None
        raise DataError(path, "empty cell", line=line, column=column.name,
                        expected=_EXPECTATIONS[column.kind], found=raw)
    try:
        value = float(text.replace(",", "")) if _looks_like_thousands(text) else float(text)
    except ValueError:
        raise DataError(path, "not a number", line=line, column=column.name,
                        expected=_EXPECTATIONS[column.kind], found=raw) from None
    if not math.isfinite(value):
        raise DataError(path, "not a finite number", line=line, column=column.name,
                        expected=_EXPECTATIONS[column.kind], found=raw)
    return check_number(path, line, column.name, column.kind, value, raw)


def check_number(path: Path | str, line: int | None, column: str, kind: Kind, value: float, raw: object) -> float:
    """Check a parsed number against the range its kind allows."""
    bad = (
        (kind == "nonnegative" and value < 0)
        or (kind == "positive" and value <= 0)
        or (kind == "count" and (value < 0 or value != int(value)))
        or (kind == "proportion" and not 0 <= value <= 1)
    )
    if bad:
        raise DataError(path, "out of range", line=line, column=column,
                        expected=expectation(kind), found=raw)
    return value


def expectation(kind: Kind) -> str:
    """What a cell of this kind must hold, in words for an error message."""
    return _EXPECTATIONS[kind]


def _looks_like_thousands(text: str) -> bool:
    # "1,549" is how sources print counts; accept it, but never a decimal comma.
    digits = text.lstrip("-")
    groups = digits.split(",")
    return len(groups) > 1 and all(g.isdigit() for g in groups) and all(len(g) == 3 for g in groups[1:])


def read_csv_rows(path: Path, columns: Sequence[Column]) -> list[tuple[int, Row]]:
    """Read ``path`` and return ``(line, row)`` pairs with every cell converted and checked.

    Raises DataError for a missing or empty file, a missing column, or any bad cell.
    """
    if not path.is_file():
        raise DataError(path, "file not found", expected="a CSV file")
    raw_bytes = path.read_bytes()
    try:
        text = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise DataError(path, f"not UTF-8 text (byte {exc.start}: {raw_bytes[exc.start:exc.start + 1]!r})",
                        line=line, expected="a UTF-8 CSV file (save it as 'CSV UTF-8')") from None
    if not text.strip():
        raise DataError(path, "empty file", expected="a header line and at least one row")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        records = [(reader.line_num, record) for record in reader]
    except csv.Error as exc:
        raise DataError(path, f"malformed CSV ({exc})", line=reader.line_num,
                        expected="comma-separated values with balanced quotes") from None
    if len(header) == 1 and any(sep in header[0] for sep in (";", "\t", "|")):
        raise DataError(path, "wrong delimiter", line=1, expected="commas between columns",
                        found=header[0][:80])
    missing = [c.name for c in columns if c.name not in header]
    if missing:
        raise DataError(path, "missing column", line=1, column=missing[0],
                        expected=f"a header with the columns {', '.join(c.name for c in columns)}",
                        found=",".join(header))
    index = {name: i for i, name in enumerate(header)}
    rows: list[tuple[int, Row]] = []
    for line, record in records:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(header):
            raise DataError(path, "wrong number of cells", line=line,
                            expected=f"{len(header)} cells, as in the header", found=len(record))
        rows.append((line, {c.name: parse_cell(path, line, c, record[index[c.name]]) for c in columns}))
    if not rows:
        raise DataError(path, "no data rows", expected="at least one row below the header")
    return rows


def check_unique(path: Path, rows: Sequence[tuple[int, Row]], key: Callable[[Row], object], column: str) -> None:
    """Raise DataError at the first row whose key repeats an earlier row's."""
    seen: dict[object, int] = {}
    for line, row in rows:
        k = key(row)
        if k in seen:
            raise DataError(path, f"duplicate of line {seen[k]}", line=line, column=column,
                            expected="a value not used by another row", found=k)
        seen[k] = line


def check_provenance(path: Path, line: int, row: Row, status_column: str = "status") -> str:
    """The row's status, checked: published needs a source, derived a formula and a source, an assumption a reason."""
    status = str(row[status_column])
    if status == "published" and not row.get("source"):
        raise DataError(path, "a published figure needs its source", line=line, column="source",
                        expected="a citation, where in it (table, page, abstract) and the words quoted", found="")
    if status == "derived":
        if "formula" in row and not row.get("formula"):
            raise DataError(path, "a derived figure needs its formula", line=line, column="formula",
                            expected="the arithmetic over the named rows it is computed from", found="")
        if not row.get("source"):
            raise DataError(path, "a derived figure needs the sources of its parts", line=line, column="source",
                            expected="where the parts it is computed from are published", found="")
    if status == "secondary" and not (row.get("source") and row.get("reason")):
        raise DataError(path, "a figure from a secondary source needs its source and a reason saying what it is",
                        line=line, column="source" if not row.get("source") else "reason",
                        expected="the secondary source quoted, and why the figure is not the study's own", found="")
    if status == "assumption" and not row.get("reason"):
        raise DataError(path, "an assumption needs its reason", line=line, column="reason",
                        expected="why this value was chosen", found="")
    return status
