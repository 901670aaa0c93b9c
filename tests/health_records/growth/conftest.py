"""Shared helpers for the growth engine tests: the WHO validation vectors."""

from __future__ import annotations

import csv
from pathlib import Path

VALIDATION_CSV = Path(__file__).with_name("validation_cases.csv")


def validation_rows() -> list[dict[str, str]]:
    """Every row of validation_cases.csv (see growth/data/README.md for its provenance)."""
    with VALIDATION_CSV.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def row_id(row: dict[str, str]) -> str:
    """A readable pytest id: indicator-sex-x-value."""
    x = row["age_days"] or row["x_value"]
    return f"{row['indicator']}-{row['sex']}-{x}-{row['measurement_value']}"
