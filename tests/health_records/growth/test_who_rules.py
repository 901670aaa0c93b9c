"""WHO 2006 rules: flags, oedema, age and length ranges, positions, classes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from health_records.growth import (
    WHO_2006,
    ClassCode,
    Indicator,
    Measurement,
    NoScoreReason,
    Position,
    Sex,
    evaluate,
)
from health_records.growth.engine import GrowthResult
from health_records.growth.lms import lms_value
from health_records.growth.tables import who_lms


def _primary(**fields: Any) -> GrowthResult:
    return evaluate(Measurement(**fields)).primary


def _weight_at_z(z: float, age_days: int, table: str = "wfa") -> float:
    """The weight at a restricted z beyond ±3 (boys), from the WHO definition."""
    t = who_lms(table)
    lms = (t.l[0, [age_days]], t.m[0, [age_days]], t.s[0, [age_days]])
    sign = 1.0 if z > 0 else -1.0
    sd3 = float(lms_value(3.0 * sign, *lms)[0])
    sd2 = float(lms_value(2.0 * sign, *lms)[0])
    return sd3 + (abs(z) - 3.0) * abs(sd3 - sd2) * sign


def test_weight_for_age_below_minus_6_is_flagged_and_implausible() -> None:
    """Weight-for-age z −6.02 is flagged (WHO: zwei < −6) and classed implausible."""
    result = _primary(sex=Sex.MALE, age_days=300, weight_kg=_weight_at_z(-6.02, 300))
    assert result.wfa is not None and result.wfa.flagged is True
    assert [c.code for c in result.who_classes] == [ClassCode.IMPLAUSIBLE]


def test_flag_is_decided_on_z_rounded_to_2_decimals() -> None:
    """z −6.004 shows as −6.00, which WHO Anthro does not flag; neither does the engine."""
    result = _primary(sex=Sex.MALE, age_days=300, weight_kg=_weight_at_z(-6.004, 300))
    assert result.wfa is not None and result.wfa.flagged is False
    assert result.wfa.z_score is not None and result.wfa.z_score < -6.0


def test_weight_for_age_above_5_is_flagged() -> None:
    """Weight-for-age z +5.02 is flagged (WHO: zwei > 5)."""
    result = _primary(sex=Sex.MALE, age_days=300, weight_kg=_weight_at_z(5.02, 300))
    assert result.wfa is not None and result.wfa.flagged is True


def test_length_for_age_flag_is_at_6() -> None:
    """Length-for-age z −5.5 is not flagged; −6.1 is (WHO: |zlen| > 6)."""
    t = who_lms("lhfa")
    m, s = t.m[0, 300], t.s[0, 300]
    lengths = [Decimal(str(m * (1 + s * z))) for z in (-5.5, -6.1)]
    results = [
        _primary(sex=Sex.MALE, age_days=300, length_height_cm=v, position=Position.RECUMBENT)
        for v in lengths
    ]
    assert [r.lhfa.flagged for r in results if r.lhfa is not None] == [False, True]


def test_oedema_stops_weight_based_scores_only() -> None:
    """With oedema, weight-for-age, weight-for-length and BMI have no z-score (reason
    ``oedema``); length-for-age and head circumference are still scored."""
    result = _primary(
        sex=Sex.FEMALE,
        age_days=400,
        weight_kg=Decimal("8.0"),
        length_height_cm=Decimal("72.0"),
        position=Position.RECUMBENT,
        head_circumference_cm=Decimal("44.0"),
        oedema=True,
    )
    reasons = {r.indicator: r.no_score_reason for r in result.indicators}
    assert reasons == {
        Indicator.WFA: NoScoreReason.OEDEMA,
        Indicator.LHFA: None,
        Indicator.WFL: NoScoreReason.OEDEMA,
        Indicator.BFA: NoScoreReason.OEDEMA,
        Indicator.HCFA: None,
    }


def test_no_who_score_after_1826_days() -> None:
    """At day 1827 (60 months) there is no WHO 2006 score, with the reason."""
    result = _primary(sex=Sex.MALE, age_days=1827, weight_kg=Decimal("18.0"))
    assert result.wfa is not None and result.wfa.z_score is None
    assert result.wfa.no_score_message == "age above 1826 days, the end of the WHO 2006 standards"


def test_day_1826_is_still_scored() -> None:
    """Day 1826 is the last day of the WHO 2006 tables and is scored."""
    result = _primary(sex=Sex.MALE, age_days=1826, weight_kg=Decimal("18.3"))
    assert result.wfa is not None and result.wfa.z_score is not None


def test_without_age_only_weight_for_length_is_scored() -> None:
    """With no age, age-based indicators say ``missing_age``; weight-for-length/height follows
    the recorded position (standing → weight-for-height), unconverted."""
    result = _primary(
        sex=Sex.MALE,
        weight_kg=Decimal("12.0"),
        length_height_cm=Decimal("80.0"),
        position=Position.STANDING,
    )
    assert result.wfa is not None and result.wfa.no_score_reason is NoScoreReason.MISSING_AGE
    assert result.wflh is not None and result.wflh.indicator is Indicator.WFH
    assert result.length_height_cm == 80.0


@pytest.mark.parametrize(("length_cm", "table"), [("86.9", Indicator.WFL), ("87.0", Indicator.WFH)])
def test_without_age_or_position_the_table_follows_87_cm(length_cm: str, table: Indicator) -> None:
    """With neither age nor position, below 87 cm is weight-for-length, from 87 cm weight-for-
    height (WHO Anthro)."""
    result = _primary(
        sex=Sex.FEMALE, weight_kg=Decimal("12.0"), length_height_cm=Decimal(length_cm)
    )
    assert result.wflh is not None and result.wflh.indicator is table


def test_standing_under_9_months_is_not_converted() -> None:
    """A standing measurement at 200 days (6.6 months) is implausible for WHO Anthro: the
    position is treated as not recorded, so no +0.7 cm, and a note says so."""
    result = _primary(
        sex=Sex.MALE, age_days=200, length_height_cm=Decimal("66.0"), position=Position.STANDING
    )
    assert result.length_height_cm == 66.0
    assert any("under 9 months" in note for note in result.notes)


def test_standing_from_9_months_is_converted() -> None:
    """A standing measurement at 300 days (9.9 months) gets +0.7 cm."""
    result = _primary(
        sex=Sex.MALE, age_days=300, length_height_cm=Decimal("70.0"), position=Position.STANDING
    )
    assert result.length_height_cm == pytest.approx(70.7, abs=1e-12)


def test_unrecorded_position_is_assumed_from_age() -> None:
    """No position at 800 days: standing height is assumed, nothing is converted, and a note
    says so."""
    result = _primary(sex=Sex.MALE, age_days=800, length_height_cm=Decimal("86.0"))
    assert result.length_height_cm == 86.0
    assert any("position not recorded" in note for note in result.notes)


def test_height_below_65_cm_from_2_years_is_not_scored() -> None:
    """From 731 days weight-for-height starts at 65 cm."""
    result = _primary(
        sex=Sex.MALE,
        age_days=800,
        weight_kg=Decimal("7.0"),
        length_height_cm=Decimal("64.9"),
        position=Position.STANDING,
    )
    assert result.wflh is not None
    assert result.wflh.no_score_message == "height below the 65 cm reference range"


def test_bmi_uses_the_converted_length() -> None:
    """BMI is weight / (length used)², after the ±0.7 cm conversion (WHO Anthro's cbmi)."""
    result = _primary(
        sex=Sex.MALE,
        age_days=500,
        weight_kg=Decimal("10.0"),
        length_height_cm=Decimal("77.3"),
        position=Position.STANDING,
    )
    assert result.bmi_kg_m2 == pytest.approx(10.0 / 0.78**2, abs=1e-12)


@pytest.mark.parametrize(
    ("z", "expected"),
    [
        (-3.5, ClassCode.SEVERE_WASTING),
        (-2.5, ClassCode.WASTING),
        (0.0, ClassCode.NORMAL),
        (1.5, ClassCode.POSSIBLE_RISK_OF_OVERWEIGHT),
        (2.5, ClassCode.OVERWEIGHT),
        (3.5, ClassCode.OBESITY),
    ],
)
def test_who_weight_for_length_classes(z: float, expected: ClassCode) -> None:
    """WHO cut-offs for weight-for-length: < −3, < −2, > +1, > +2, > +3."""
    t = who_lms("wfl")
    index = (0, [250])  # 70.0 cm
    lms = (t.l[index], t.m[index], t.s[index])
    sign = 1.0 if z > 0 else -1.0
    within = float(lms_value(z, *lms)[0])
    sd3, sd2 = float(lms_value(3 * sign, *lms)[0]), float(lms_value(2 * sign, *lms)[0])
    weight = {True: within, False: sd3 + (abs(z) - 3) * abs(sd3 - sd2) * sign}[abs(z) <= 3]
    result = _primary(
        sex=Sex.MALE,
        age_days=300,
        weight_kg=weight,
        length_height_cm=Decimal("70.0"),
        position=Position.RECUMBENT,
    )
    assert {c.indicator: c.code for c in result.who_classes}[Indicator.WFL] == expected


@pytest.mark.parametrize(
    ("z", "expected"),
    [(-2.1, ClassCode.MICROCEPHALY), (0.0, ClassCode.NORMAL), (2.1, ClassCode.MACROCEPHALY)],
)
def test_who_head_circumference_classes(z: float, expected: ClassCode) -> None:
    """Head circumference below −2 SD is microcephaly, above +2 SD macrocephaly."""
    t = who_lms("hcfa")
    head = t.m[1, 500] * (1 + t.s[1, 500] * z)
    result = _primary(sex=Sex.FEMALE, age_days=500, head_circumference_cm=float(head))
    assert [(c.standard, c.code) for c in result.who_classes] == [(WHO_2006, expected)]


def test_float_and_decimal_inputs_give_the_same_z() -> None:
    """A Decimal weight and the same weight as a float give the same z-score."""
    as_decimal = _primary(sex=Sex.MALE, age_days=400, weight_kg=Decimal("9.35"))
    as_float = _primary(sex=Sex.MALE, age_days=400, weight_kg=9.35)
    assert as_decimal.wfa is not None and as_float.wfa is not None
    assert as_decimal.wfa.z_score == as_float.wfa.z_score


def test_evaluation_carries_the_engine_version() -> None:
    """Every evaluation records the engine version that made it."""
    from health_records.growth import ENGINE_VERSION

    evaluation = evaluate(Measurement(sex=Sex.MALE, age_days=10, weight_kg=Decimal("3.5")))
    assert evaluation.engine_version == ENGINE_VERSION
    assert np.isfinite(evaluation.primary.wfa.z_score)
