"""The eight numbered cases of issue 3 (ages from birth date 2024-01-10)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from health_records.growth import (
    ClassCode,
    Indicator,
    Measurement,
    NoScoreReason,
    Position,
    Sex,
    evaluate,
)
from health_records.growth.engine import GrowthResult, IndicatorResult
from health_records.growth.lms import lms_z
from health_records.growth.tables import who_lms

BORN = date(2024, 1, 10)


def _primary(**fields: Any) -> GrowthResult:
    return evaluate(Measurement(**fields)).primary


def _wfa(sex: Sex, age_days: int, weight_kg: str) -> IndicatorResult:
    result = _primary(sex=sex, age_days=age_days, weight_kg=Decimal(weight_kg)).wfa
    assert result is not None
    return result


def _plain_lms_wfa(age_days: int, weight_kg: float) -> float:
    table = who_lms("wfa")
    return float(
        lms_z(
            np.array([weight_kg]),
            table.l[0, [age_days]],
            table.m[0, [age_days]],
            table.s[0, [age_days]],
        )[0]
    )


def test_case_1_restricted_z_below_minus_3_not_flagged() -> None:
    """Boy, 365 days, 5.0 kg: weight-for-age z −5.36 (restricted), not flagged (flag < −6)."""
    result = _wfa(Sex.MALE, 365, "5.0")
    assert result.z_score_rounded == -5.36
    assert result.flagged is False


def test_case_1_plain_lms_would_say_minus_5_89() -> None:
    """The plain LMS formula gives −5.89 for case 1, which the engine must not use."""
    assert round(_plain_lms_wfa(365, 5.0), 2) == -5.89


def test_case_2_restricted_z_above_plus_3_shows_above_99_9() -> None:
    """Boy, 183 days, 12.0 kg: z 3.95 (plain LMS 3.87); percentile shown ">99.9"."""
    result = _wfa(Sex.MALE, 183, "12.0")
    assert result.z_score_rounded == 3.95
    assert round(_plain_lms_wfa(183, 12.0), 2) == 3.87
    assert result.percentile_display == ">99.9"


def test_case_3_standing_height_severe_stunting() -> None:
    """Boy, 1072 days, standing 83.0 cm: length/height-for-age z −3.42, severe stunting."""
    result = _primary(
        sex=Sex.MALE, age_days=1072, length_height_cm=Decimal("83.0"), position=Position.STANDING
    )
    assert result.lhfa is not None
    assert result.lhfa.z_score_rounded == -3.42
    assert [c.code for c in result.who_classes] == [ClassCode.SEVERE_STUNTING]


@pytest.mark.parametrize(
    ("measured_on", "position", "expected_z", "expected_length_cm"),
    [
        (date(2026, 1, 9), Position.STANDING, -0.69, 85.7),
        (date(2026, 1, 9), Position.RECUMBENT, -0.92, 85.0),
        (date(2026, 1, 10), Position.RECUMBENT, -0.93, 84.3),
        (date(2026, 1, 10), Position.STANDING, -0.70, 85.0),
    ],
)
def test_case_4_position_conversion_at_day_730_and_731(
    measured_on: date, position: Position, expected_z: float, expected_length_cm: float
) -> None:
    """Boy born 2024-01-10, 85.0 cm: day 730 standing −0.69, recumbent −0.92; day 731
    recumbent −0.93, standing −0.70. The result reports the converted length it used."""
    measurement = Measurement.from_dates(
        sex=Sex.MALE,
        birth_date=BORN,
        measured_on=measured_on,
        length_height_cm=Decimal("85.0"),
        position=position,
    )
    result = evaluate(measurement).primary
    assert result.lhfa is not None
    assert result.lhfa.z_score_rounded == expected_z
    assert result.length_height_cm == pytest.approx(expected_length_cm, abs=1e-9)


def test_case_4_raw_value_never_changes() -> None:
    """The measured value stays 85.0 cm in the evaluation's input, whatever was used."""
    measurement = Measurement.from_dates(
        sex=Sex.MALE,
        birth_date=BORN,
        measured_on=date(2026, 1, 9),
        length_height_cm=Decimal("85.0"),
        position=Position.STANDING,
    )
    evaluation = evaluate(measurement)
    assert evaluation.measurement.length_height_cm == Decimal("85.0")
    assert evaluation.primary.length_height_adjustment_cm == 0.7


def test_case_4_ages_are_730_and_731_days() -> None:
    """2026-01-09 is day 730 and 2026-01-10 day 731 for a child born 2024-01-10."""
    on_730 = Measurement.from_dates(sex=Sex.MALE, birth_date=BORN, measured_on=date(2026, 1, 9))
    on_731 = Measurement.from_dates(sex=Sex.MALE, birth_date=BORN, measured_on=date(2026, 1, 10))
    assert (on_730.age_days, on_731.age_days) == (730, 731)


def test_case_5_daily_table_not_monthly() -> None:
    """Girl, 14 days, 3.5 kg: z −0.14 (a monthly table would give +0.57)."""
    assert _wfa(Sex.FEMALE, 14, "3.5").z_score_rounded == -0.14


def test_case_6_leap_day_birthday_ages() -> None:
    """Born 2024-02-29: 2025-02-28 is day 365 and 2025-03-01 day 366."""
    born = date(2024, 2, 29)
    first = Measurement.from_dates(sex=Sex.FEMALE, birth_date=born, measured_on=date(2025, 2, 28))
    second = Measurement.from_dates(sex=Sex.FEMALE, birth_date=born, measured_on=date(2025, 3, 1))
    assert (first.age_days, second.age_days) == (365, 366)


@pytest.mark.parametrize("year", range(1904, 2100, 4))
def test_case_6_leap_day_birthdays_evaluate_in_any_year(year: int) -> None:
    """A child born on 29 February of any leap year is evaluated on the 28 February and
    1 March of each following year up to age 5 without error."""
    born = date(year, 2, 29)
    days = [date(year + k, 2, 28) for k in range(1, 6)] + [date(year + k, 3, 1) for k in (1, 5)]
    evaluations = [
        evaluate(
            Measurement.from_dates(
                sex=Sex.MALE, birth_date=born, measured_on=day, weight_kg=Decimal("12.0")
            )
        )
        for day in days
    ]
    assert [e.measurement.age_days for e in evaluations] == [(d - born).days for d in days]
    assert all(e.primary.wfa is not None for e in evaluations)


def test_case_7_minus_3_sd_weight() -> None:
    """Boy, 365 days, 6.926 kg (the −3 SD weight): z −3.00, percentile 0.13."""
    result = _wfa(Sex.MALE, 365, "6.926")
    assert result.z_score_rounded == -3.00
    assert result.percentile_display == "0.13"
    assert result.percentile == pytest.approx(0.13, abs=0.01)


def test_case_7_z_is_continuous_across_minus_3() -> None:
    """Just below and just above the −3 SD weight the z-scores differ by less than 1e-6."""
    below = _wfa(Sex.MALE, 365, "6.92599999")
    above = _wfa(Sex.MALE, 365, "6.92600001")
    assert below.z_score is not None and above.z_score is not None
    assert abs(above.z_score - below.z_score) < 1e-6


def test_case_8_weight_for_length_at_45_cm() -> None:
    """Boy, day 0, recumbent 45.0 cm, 2.441 kg: weight-for-length z 0.00."""
    result = _primary(
        sex=Sex.MALE,
        age_days=0,
        weight_kg=Decimal("2.441"),
        length_height_cm=Decimal("45.0"),
        position=Position.RECUMBENT,
    )
    assert result.wflh is not None
    assert result.wflh.indicator is Indicator.WFL
    assert result.wflh.z_score == pytest.approx(0.0, abs=1e-9)


def test_case_8_no_score_below_45_cm_with_reason() -> None:
    """At 44.9 cm there is no weight-for-length score, and the result says why."""
    result = _primary(
        sex=Sex.MALE,
        age_days=0,
        weight_kg=Decimal("2.441"),
        length_height_cm=Decimal("44.9"),
        position=Position.RECUMBENT,
    )
    assert result.wflh is not None
    assert result.wflh.z_score is None
    assert result.wflh.no_score_reason is NoScoreReason.LENGTH_BELOW_RANGE
    assert result.wflh.no_score_message == "length below the 45 cm reference range"
