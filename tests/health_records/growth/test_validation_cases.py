"""Every row of the WHO validation vectors, to 1e-6, through both paths of the engine."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import numpy as np
import pytest

from health_records.growth import (
    Measurement,
    MeasurementBatch,
    Position,
    Sex,
    evaluate,
    evaluate_batch,
)
from health_records.growth.engine import GrowthResult, IndicatorResult

from .conftest import row_id, validation_rows

ROWS = validation_rows()
TOLERANCE = 1e-6


def _age(row: dict[str, str]) -> int | None:
    return int(row["age_days"]) if row["age_days"] else None


def _expected_position(row: dict[str, str]) -> Position:
    return {True: Position.RECUMBENT, False: Position.STANDING}[int(row["age_days"]) < 731]


# How each indicator's row becomes a measurement. BMI rows use a length of 100 cm, so that the
# weight in kg equals the BMI in kg/m² exactly. Weight-for-length/height rows have no age: the
# table follows the recorded position, as in WHO Anthro.
_BUILD: dict[str, Callable[[dict[str, str], Sex, Decimal], Measurement]] = {
    "wfa": lambda r, sex, v: Measurement(sex=sex, age_days=_age(r), weight_kg=v),
    "lhfa": lambda r, sex, v: Measurement(
        sex=sex, age_days=_age(r), length_height_cm=v, position=_expected_position(r)
    ),
    "hcfa": lambda r, sex, v: Measurement(sex=sex, age_days=_age(r), head_circumference_cm=v),
    "bmi": lambda r, sex, v: Measurement(
        sex=sex,
        age_days=_age(r),
        weight_kg=v,
        length_height_cm=Decimal(100),
        position=_expected_position(r),
    ),
    "wfl": lambda r, sex, v: Measurement(
        sex=sex, weight_kg=v, length_height_cm=Decimal(r["x_value"]), position=Position.RECUMBENT
    ),
    "wfh": lambda r, sex, v: Measurement(
        sex=sex, weight_kg=v, length_height_cm=Decimal(r["x_value"]), position=Position.STANDING
    ),
}

_PICK: dict[str, Callable[[GrowthResult], IndicatorResult | None]] = {
    "wfa": lambda r: r.wfa,
    "lhfa": lambda r: r.lhfa,
    "hcfa": lambda r: r.hcfa,
    "bmi": lambda r: r.bfa,
    "wfl": lambda r: r.wflh,
    "wfh": lambda r: r.wflh,
}


def _measurement(row: dict[str, str]) -> Measurement:
    return _BUILD[row["indicator"]](row, Sex(row["sex"]), Decimal(row["measurement_value"]))


def _indicator(row: dict[str, str]) -> IndicatorResult:
    result = _PICK[row["indicator"]](evaluate(_measurement(row)).primary)
    assert result is not None
    return result


def test_validation_file_covers_every_indicator_and_kind() -> None:
    """The vectors hold 489 rows over all six tables, including the restricted tails."""
    kinds = {(r["indicator"], r["kind"]) for r in ROWS}
    assert len(ROWS) == 489
    assert {i for i, _ in kinds} == {"wfa", "lhfa", "bmi", "hcfa", "wfl", "wfh"}
    assert ("wfa", "extreme_restricted_SD23") in kinds
    assert ("wfl", "sd_interpolated_length") in kinds


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_one_measurement_z_matches_who_value(row: dict[str, str]) -> None:
    """evaluate() gives the WHO's z-score for the row to 1e-6."""
    assert _indicator(row).z_score == pytest.approx(float(row["expected_z"]), abs=TOLERANCE)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_one_measurement_percentile_matches_who_value(row: dict[str, str]) -> None:
    """The full-precision percentile is Φ(z) as the vectors give it (printed to 6 decimals)."""
    expected = float(row["expected_percentile"])
    assert _indicator(row).percentile == pytest.approx(expected, abs=TOLERANCE)


@pytest.mark.parametrize("row", ROWS, ids=row_id)
def test_validation_rows_have_the_table_they_name(row: dict[str, str]) -> None:
    """Weight-for-length rows use the length table and weight-for-height rows the height one;
    the other rows keep their indicator."""
    expected = {"bmi": "bfa"}.get(row["indicator"], row["indicator"])
    assert _indicator(row).indicator.value == expected


def test_vectorised_path_matches_every_row() -> None:
    """evaluate_batch() on all 489 rows at once gives every WHO z-score to 1e-6."""
    measurements = [_measurement(row) for row in ROWS]
    result = evaluate_batch(MeasurementBatch.from_measurements(measurements))
    column = {
        "wfa": result.wfa.z,
        "lhfa": result.lhfa.z,
        "hcfa": result.hcfa.z,
        "bmi": result.bfa.z,
        "wfl": result.wflh.z,
        "wfh": result.wflh.z,
    }
    got = np.array([column[row["indicator"]][i] for i, row in enumerate(ROWS)])
    expected = np.array([float(row["expected_z"]) for row in ROWS])
    assert np.max(np.abs(got - expected)) < TOLERANCE
