"""The one-measurement path and the vectorised path give identical results."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest

from health_records.growth import (
    BatchResult,
    Measurement,
    MeasurementBatch,
    Position,
    Sex,
    evaluate,
    evaluate_batch,
)
from health_records.growth.codes import CLASS_CODES, GROWTH_LEVELS
from health_records.growth.engine import GrowthResult, IndicatorResult

N = 2_000


def _random_measurements(seed: int) -> list[Measurement]:
    """Children 0–6 years, some preterm, some with oedema, missing values and positions."""
    rng = np.random.default_rng(seed)

    def maybe(value: float, p_missing: float = 0.15) -> Decimal | None:
        return None if rng.random() < p_missing else Decimal(str(round(value, 3)))

    positions = [None, Position.RECUMBENT, Position.STANDING]
    return [
        Measurement(
            sex=Sex.MALE if rng.random() < 0.5 else Sex.FEMALE,
            age_days=None if rng.random() < 0.05 else int(rng.integers(0, 2500)),
            weight_kg=maybe(rng.uniform(1.0, 40.0)),
            length_height_cm=maybe(rng.uniform(40.0, 135.0)),
            position=positions[int(rng.integers(0, 3))],
            head_circumference_cm=maybe(rng.uniform(28.0, 56.0)),
            gestational_age_weeks=None if rng.random() < 0.7 else round(rng.uniform(24, 42), 2),
            oedema=bool(rng.random() < 0.05),
        )
        for _ in range(N)
    ]


MEASUREMENTS = _random_measurements(3)


@pytest.fixture(scope="module")
def single() -> list[GrowthResult]:
    return [evaluate(m).primary for m in MEASUREMENTS]


@pytest.fixture(scope="module")
def batch_result() -> BatchResult:
    return evaluate_batch(MeasurementBatch.from_measurements(MEASUREMENTS))


def _z(result: IndicatorResult | None) -> float:
    return math.nan if result is None or result.z_score is None else result.z_score


INDICATORS = ("wfa", "lhfa", "wflh", "bfa", "hcfa")


@pytest.mark.parametrize("indicator", INDICATORS)
def test_z_scores_are_bit_for_bit_equal(
    indicator: str, single: list[GrowthResult], batch_result: BatchResult
) -> None:
    """Over 2,000 random measurements, every z-score is exactly equal on both paths."""
    one_by_one = np.array([_z(getattr(r, indicator)) for r in single])
    vectorised = getattr(batch_result, indicator).z
    np.testing.assert_array_equal(one_by_one, vectorised)


@pytest.mark.parametrize("indicator", INDICATORS)
def test_flags_are_equal(
    indicator: str, single: list[GrowthResult], batch_result: BatchResult
) -> None:
    """Every WHO implausibility flag is the same on both paths."""
    one_by_one = [bool(getattr(r, indicator) and getattr(r, indicator).flagged) for r in single]
    assert one_by_one == getattr(batch_result, indicator).flag.tolist()


def test_who_classes_are_equal(single: list[GrowthResult], batch_result: BatchResult) -> None:
    """The WHO classes of each measurement are those of its row in the vectorised result."""
    one_by_one = [sorted(c.code.value for c in r.who_classes) for r in single]
    arrays = [getattr(batch_result, name).who_class for name in INDICATORS]
    vectorised = [
        sorted(CLASS_CODES[int(a[i])].value for a in arrays if a[i] >= 0) for i in range(N)
    ]
    assert one_by_one == vectorised


def test_china_classes_and_levels_are_equal(
    single: list[GrowthResult], batch_result: BatchResult
) -> None:
    """The WS/T 423—2022 classes and levels of each measurement match its row."""
    one_by_one = [
        sorted([c.code.value for c in r.china_classes] + [c.code.value for c in r.china_levels])
        for r in single
    ]
    classes = [getattr(batch_result, name).china_class for name in INDICATORS]
    levels = [getattr(batch_result, name).china_level for name in INDICATORS]
    vectorised = [
        sorted(
            [CLASS_CODES[int(a[i])].value for a in classes if a[i] >= 0]
            + [GROWTH_LEVELS[int(a[i])].value for a in levels if a[i] >= 0]
        )
        for i in range(N)
    ]
    assert one_by_one == vectorised


def test_lengths_and_ages_used_are_equal(
    single: list[GrowthResult], batch_result: BatchResult
) -> None:
    """The converted length/height and the age evaluated are the same on both paths."""
    lengths = np.array(
        [math.nan if r.length_height_cm is None else r.length_height_cm for r in single]
    )
    ages = np.array([math.nan if r.age_days is None else r.age_days for r in single])
    np.testing.assert_array_equal(lengths, batch_result.length_height_cm)
    np.testing.assert_array_equal(ages, batch_result.age_days)


def test_sample_exercises_every_path(batch_result: BatchResult) -> None:
    """The random sample covers scores, no-scores, flags, both wfl tables and corrected age,
    so the equality tests above compare something in each branch."""
    result = batch_result
    assert np.isnan(result.wfa.z).any() and (~np.isnan(result.wfa.z)).any()
    assert result.wfa.flag.any()
    assert set(result.wflh_table.tolist()) == {0, 1, 2}
    assert result.uses_corrected_age.any()
