"""Input validation: every bad input raises GrowthInputError with its stable code."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from health_records.growth import (
    ErrorCode,
    GrowthInputError,
    Measurement,
    MeasurementBatch,
    Position,
    Sex,
    age_days_between,
    age_days_from_months,
    parse_oedema,
)
from health_records.growth.inputs import parse_iso_date, parse_number


@pytest.mark.parametrize(
    ("text", "sex"),
    [
        ("male", Sex.MALE),
        ("M", Sex.MALE),
        (" 1 ", Sex.MALE),
        ("Female", Sex.FEMALE),
        ("f", Sex.FEMALE),
        (2, Sex.FEMALE),
    ],
)
def test_sex_spellings(text: object, sex: Sex) -> None:
    """Sex is read from male/female, m/f or 1/2, in any case."""
    assert Sex.parse(text) is sex


@pytest.mark.parametrize("text", ["", "x", "3", None, "unknown"])
def test_unknown_sex(text: object) -> None:
    """Anything else is ``unknown_sex``."""
    with pytest.raises(GrowthInputError) as caught:
        Sex.parse(text)
    assert caught.value.code is ErrorCode.UNKNOWN_SEX
    assert caught.value.field == "sex"


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("L", Position.RECUMBENT),
        ("recumbent", Position.RECUMBENT),
        ("h", Position.STANDING),
        ("Standing", Position.STANDING),
        ("", None),
    ],
)
def test_position_spellings(text: str, position: Position | None) -> None:
    """Position is read from recumbent/standing or L/H; empty means not recorded."""
    assert Position.parse(text) is position


def test_unknown_position() -> None:
    """A position that is not recumbent/standing is ``unknown_position``."""
    with pytest.raises(GrowthInputError) as caught:
        Position.parse("sitting")
    assert caught.value.code is ErrorCode.UNKNOWN_POSITION


@pytest.mark.parametrize(("text", "value"), [("y", True), ("N", False), ("1", True), ("", False)])
def test_oedema_spellings(text: str, value: bool) -> None:
    """Oedema is y/n (1/2 as WHO Anthro codes it); empty is no oedema."""
    assert parse_oedema(text) is value


def test_invalid_oedema() -> None:
    """Any other oedema value is ``invalid_oedema``."""
    with pytest.raises(GrowthInputError) as caught:
        parse_oedema("maybe")
    assert caught.value.code is ErrorCode.INVALID_OEDEMA


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"weight_kg": Decimal("-1")}, ErrorCode.NEGATIVE_VALUE),
        ({"weight_kg": 0}, ErrorCode.ZERO_VALUE),
        ({"weight_kg": math.nan}, ErrorCode.NOT_A_NUMBER),
        ({"weight_kg": Decimal("NaN")}, ErrorCode.NOT_A_NUMBER),
        ({"weight_kg": math.inf}, ErrorCode.NOT_A_NUMBER),
        ({"weight_kg": "9.5"}, ErrorCode.NOT_A_NUMBER),
        ({"weight_kg": True}, ErrorCode.NOT_A_NUMBER),
        ({"weight_kg": Decimal("3562")}, ErrorCode.PROBABLE_GRAMS),
        ({"length_height_cm": Decimal("850")}, ErrorCode.PROBABLE_MILLIMETRES),
        ({"head_circumference_cm": Decimal("460")}, ErrorCode.PROBABLE_MILLIMETRES),
        ({"age_days": -1}, ErrorCode.MEASUREMENT_BEFORE_BIRTH),
        ({"age_days": 10.5}, ErrorCode.INVALID_AGE),
        ({"gestational_age_weeks": 50}, ErrorCode.INVALID_GESTATIONAL_AGE),
        ({"gestational_age_weeks": 20}, ErrorCode.INVALID_GESTATIONAL_AGE),
        ({"position": "L"}, ErrorCode.UNKNOWN_POSITION),
        ({"sex": "male"}, ErrorCode.UNKNOWN_SEX),
        ({"oedema": "y"}, ErrorCode.INVALID_OEDEMA),
    ],
)
def test_measurement_rejects_bad_values(fields: dict[str, Any], code: ErrorCode) -> None:
    """Constructing a Measurement with a bad value raises GrowthInputError with its code."""
    arguments: dict[str, Any] = {"sex": Sex.MALE, "age_days": 100, **fields}
    with pytest.raises(GrowthInputError) as caught:
        Measurement(**arguments)
    assert caught.value.code is code


def test_grams_message_names_the_field_and_the_unit() -> None:
    """A 3562 "kg" baby is reported as probably grams, naming weight_kg."""
    with pytest.raises(GrowthInputError) as caught:
        Measurement(sex=Sex.FEMALE, age_days=3, weight_kg=Decimal("3562"))
    assert caught.value.field == "weight_kg"
    assert "probably grams" in caught.value.message
    assert str(caught.value).startswith("probable_grams: ")


def test_heavy_but_possible_child_is_accepted() -> None:
    """A 4-year-old of 38 kg is extreme (WHO z about +5) but scored, not rejected as grams."""
    assert Measurement(sex=Sex.FEMALE, age_days=1461, weight_kg=38).weight_kg == 38


def test_age_from_dates() -> None:
    """Age in days is the calendar difference of the two dates."""
    assert age_days_between(date(2024, 1, 10), date(2025, 1, 10)) == 366


def test_measurement_before_birth() -> None:
    """A measurement date before the birth date is ``measurement_before_birth``."""
    with pytest.raises(GrowthInputError) as caught:
        age_days_between(date(2024, 1, 10), date(2024, 1, 9))
    assert caught.value.code is ErrorCode.MEASUREMENT_BEFORE_BIRTH


def test_measurement_in_future() -> None:
    """A measurement date after today is ``measurement_in_future``."""
    with pytest.raises(GrowthInputError) as caught:
        Measurement.from_dates(
            sex=Sex.MALE,
            birth_date=date(2024, 1, 10),
            measured_on=date(2025, 6, 2),
            today=date(2025, 6, 1),
        )
    assert caught.value.code is ErrorCode.MEASUREMENT_IN_FUTURE


@pytest.mark.parametrize(("months", "days"), [(24, 731), (12, 365), (0, 0), (6, 183), (60, 1826)])
def test_months_to_days(months: int, days: int) -> None:
    """Months convert as round(months × 30.4375), halves up: 24 months is day 731."""
    assert age_days_from_months(months) == days


def test_invalid_date() -> None:
    """A date that is not ISO YYYY-MM-DD is ``invalid_date``."""
    with pytest.raises(GrowthInputError) as caught:
        parse_iso_date("2024-02-30", "birth_date")
    assert caught.value.code is ErrorCode.INVALID_DATE


def test_number_text_that_is_not_a_number() -> None:
    """A cell like "9,5kg" is ``not_a_number``; an empty cell is None."""
    with pytest.raises(GrowthInputError) as caught:
        parse_number("9,5kg", "weight_kg")
    assert caught.value.code is ErrorCode.NOT_A_NUMBER
    assert parse_number("  ", "weight_kg") is None


def test_batch_rejects_unknown_sex_code_naming_the_row() -> None:
    """A batch with sex 3 in row 1 is ``invalid_batch``, and the message names row 1."""
    with pytest.raises(GrowthInputError) as caught:
        MeasurementBatch.from_arrays(sex=[1, 3], age_days=[10, 10])
    assert caught.value.code is ErrorCode.INVALID_BATCH
    assert caught.value.message.startswith("row 1:")


def test_batch_rejects_arrays_of_different_lengths() -> None:
    """All arrays of a batch must have the same length."""
    with pytest.raises(GrowthInputError) as caught:
        MeasurementBatch.from_arrays(sex=[1, 2], weight_kg=[3.0])
    assert caught.value.code is ErrorCode.INVALID_BATCH


def test_batch_applies_the_grams_rule_too() -> None:
    """The vectorised path rejects grams typed as kilograms like the one-measurement path."""
    with pytest.raises(GrowthInputError) as caught:
        MeasurementBatch.from_arrays(sex=[1], age_days=[3], weight_kg=np.array([3562.0]))
    assert caught.value.code is ErrorCode.PROBABLE_GRAMS
