"""Growth faltering between two measurements."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from health_records.growth import (
    ErrorCode,
    FalteringReason,
    GrowthEvaluation,
    GrowthInputError,
    Measurement,
    Sex,
    evaluate,
    growth_faltering,
)


def _at(
    age_days: int | None, weight_kg: str, sex: Sex = Sex.MALE, **extra: Any
) -> GrowthEvaluation:
    return evaluate(Measurement(sex=sex, age_days=age_days, weight_kg=Decimal(weight_kg), **extra))


def test_fall_of_more_than_0_67_z_is_faltering() -> None:
    """A boy at the median at 6 months (7.9 kg) who weighs 8.1 kg at 9 months has fallen more
    than one centile space: faltering, naming both measurements."""
    earlier, later = _at(183, "7.9"), _at(274, "8.1")
    result = growth_faltering(earlier, later)
    assert result.reasons == (FalteringReason.WEIGHT_FOR_AGE_Z_FALL,)
    assert result.detected is True
    assert (result.earlier, result.later) == (earlier, later)
    assert result.weight_for_age_z_change is not None and result.weight_for_age_z_change < -0.67


def test_small_fall_is_not_faltering() -> None:
    """Following the centile (7.9 kg at 6 months, 8.9 kg at 9 months) is not faltering."""
    result = growth_faltering(_at(183, "7.9"), _at(274, "8.9"))
    assert result.detected is False
    assert result.reasons == ()


def test_weight_loss_is_faltering() -> None:
    """Any weight loss is reported, even when the z fall is small."""
    result = growth_faltering(_at(300, "9.0"), _at(310, "8.9"))
    assert FalteringReason.WEIGHT_LOSS in result.reasons
    assert result.weight_change_kg == pytest.approx(-0.1, abs=1e-12)


def test_later_measurement_first_is_an_error() -> None:
    """Passing the later measurement as the earlier one is ``measurements_out_of_order``."""
    with pytest.raises(GrowthInputError) as caught:
        growth_faltering(_at(300, "9.0"), _at(200, "8.0"))
    assert caught.value.code is ErrorCode.MEASUREMENTS_OUT_OF_ORDER


def test_two_children_of_different_sex_is_an_error() -> None:
    """Two measurements of different sexes cannot be of one child."""
    with pytest.raises(GrowthInputError) as caught:
        growth_faltering(_at(200, "8.0"), _at(300, "9.0", sex=Sex.FEMALE))
    assert caught.value.code is ErrorCode.MEASUREMENTS_OUT_OF_ORDER


def test_missing_age_is_an_error() -> None:
    """Faltering needs both ages."""
    with pytest.raises(GrowthInputError) as caught:
        growth_faltering(_at(None, "8.0"), _at(300, "9.0"))
    assert caught.value.code is ErrorCode.MISSING_AGE


def test_preterm_child_is_compared_at_corrected_age() -> None:
    """Both measurements of a preterm child under 24 months corrected are compared at
    corrected age."""
    result = growth_faltering(
        _at(100, "4.0", gestational_age_weeks=32), _at(200, "6.0", gestational_age_weeks=32)
    )
    assert result.age_basis == "corrected"
