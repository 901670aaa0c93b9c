"""The shipped reference tables: unchanged from their source, complete, on their grids."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

import health_records.growth
from health_records.growth.tables import china_table, who_lms

DATA = Path(health_records.growth.__file__).with_name("data")
README = (DATA / "README.md").read_text(encoding="utf-8")
CHECKSUMS = re.findall(r"^([0-9a-f]{64})  (\S+\.csv)$", README, flags=re.MULTILINE)


def test_readme_lists_a_checksum_for_every_table() -> None:
    """Every CSV in growth/data has its sha256 in the data README, and no other file is listed."""
    assert sorted(name for _, name in CHECKSUMS) == sorted(p.name for p in DATA.glob("*.csv"))


@pytest.mark.parametrize(("digest", "name"), CHECKSUMS)
def test_tables_are_unchanged(digest: str, name: str) -> None:
    """Each table's bytes match the checksum recorded with its provenance."""
    assert hashlib.sha256((DATA / name).read_bytes()).hexdigest() == digest


@pytest.mark.parametrize(
    ("name", "size", "x_max"),
    [
        ("wfa", 1827, 1826),
        ("lhfa", 1827, 1826),
        ("bmi", 1827, 1826),
        ("hcfa", 1827, 1826),
        ("wfl", 651, 110.0),
        ("wfh", 551, 120.0),
    ],
)
def test_who_tables_cover_their_range(name: str, size: int, x_max: float) -> None:
    """WHO tables run daily from day 0 to 1826, or by 0.1 cm over 45–110 / 65–120 cm."""
    table = who_lms(name)
    assert (table.size, table.x_max) == (size, x_max)


@pytest.mark.parametrize("kind", ["sd", "percentiles"])
@pytest.mark.parametrize(
    ("measure", "rows"),
    [("wfa", 44), ("lhfa", 44), ("bmi", 44), ("hcfa", 29), ("wfl", 56), ("wfh", 56)],
)
def test_china_tables_load_complete(measure: str, kind: str, rows: int) -> None:
    """Each WS/T 423—2022 table has its rows for both sexes, rising across the columns."""
    table = china_table(measure, kind)
    assert table.values.shape == (2, rows, 7)
