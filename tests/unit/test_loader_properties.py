"""Any CSV text either loads into valid records or raises DataError: never another exception,
never a silently wrong number."""

from __future__ import annotations

import csv
import io
import math
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerlib.config import DATA_DIR
from peerlib.core import costs, crisis_house
from peerlib.inputs import prices, published, studies, unit_costs
from peerlib.inputs.errors import DataError
from peerlib.inputs.sourced import PLAUSIBLE
from peerlib.inputs.uncertainty import load_uncertainty

LOADERS: dict[str, Callable[[Path], object]] = {
    "studies.csv": lambda d: studies.load_studies(d, included_only=False),
    "staffing.csv": studies.load_staffing,
    "study_inputs.csv": lambda d: studies.load_studies(d, included_only=False),
    "unit_costs.csv": costs.load_cost_assumptions,
    "price_index.csv": prices.load_price_index,
    "crisis_house.csv": crisis_house.load_crisis_house_inputs,
    "published.csv": published.load_published,
    "uncertainty.csv": load_uncertainty,
}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as tmp:
        yield Path(tmp)


def fresh_copy(scratch: Path) -> Path:
    target = scratch / "data"
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(DATA_DIR, target)
    return target


def load_or_data_error(loader: Callable[[Path], object], data_dir: Path) -> None:
    try:
        loader(data_dir)
    except DataError:
        pass  # the only acceptable failure; anything else propagates and fails the test


cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", "0", "-1", "1e309", "nan", "inf", "yes", "no", "2011-12", '"', '""', ",", "\n", ";", "1,5"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers().map(str),
)


@pytest.mark.parametrize("name", sorted(LOADERS))
@SETTINGS
@given(text=st.text(max_size=400))
def test_any_text_loads_or_raises_data_error(scratch: Path, name: str, text: str) -> None:
    data_dir = fresh_copy(scratch)
    (data_dir / name).write_text(text, encoding="utf-8")
    load_or_data_error(LOADERS[name], data_dir)


@pytest.mark.parametrize("name", sorted(LOADERS))
@SETTINGS
@given(blob=st.binary(max_size=200))
def test_any_bytes_load_or_raise_data_error(scratch: Path, name: str, blob: bytes) -> None:
    data_dir = fresh_copy(scratch)
    (data_dir / name).write_bytes(blob)
    load_or_data_error(LOADERS[name], data_dir)


@pytest.mark.parametrize("name", sorted(LOADERS))
@SETTINGS
@given(data=st.data())
def test_any_cell_in_a_real_file_loads_or_raises_data_error(scratch: Path, name: str, data: st.DataObject) -> None:
    data_dir = fresh_copy(scratch)
    path = data_dir / name
    rows = list(csv.reader(path.open(newline="", encoding="utf-8")))
    row = data.draw(st.integers(min_value=1, max_value=len(rows) - 1))
    column = data.draw(st.integers(min_value=0, max_value=len(rows[0]) - 1))
    rows[row][column] = data.draw(cell)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    load_or_data_error(LOADERS[name], data_dir)


@SETTINGS
@given(value=st.floats(min_value=PLAUSIBLE["bed_day_cost_gbp"].low,
                       max_value=PLAUSIBLE["bed_day_cost_gbp"].high, allow_nan=False, allow_infinity=False))
def test_a_number_is_read_exactly_as_written(scratch: Path, value: float) -> None:
    data_dir = fresh_copy(scratch)
    path = data_dir / "unit_costs.csv"
    rows = list(csv.DictReader(path.open(newline="", encoding="utf-8")))
    for row in rows:
        if row["item"] == "bed_day_cost_gbp":
            row["value"] = repr(value)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    loaded = unit_costs.load_unit_costs(data_dir)["bed_day_cost_gbp"].value
    assert loaded == value and not math.isnan(loaded)
