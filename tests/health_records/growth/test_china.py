"""WS/T 423—2022 classes and growth levels: printed values, interpolation, boundaries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import numpy as np
import pytest

from health_records.growth import (
    WHO_2006,
    WS_T_423_2022,
    ClassCode,
    GrowthLevel,
    Indicator,
    Measurement,
    NoScoreReason,
    Position,
    Sex,
    evaluate,
)
from health_records.growth.china import cutoffs
from health_records.growth.engine import GrowthResult

DAY_48_MONTHS = 1461  # 48 × 30.4375, a table age exactly


def _primary(level_method: str = "sd", **fields: Any) -> GrowthResult:
    return evaluate(Measurement(**fields), level_method=level_method).primary


def _codes(result: GrowthResult, attribute: str) -> dict[Indicator, object]:
    return {c.indicator: c.code for c in getattr(result, attribute)}


def test_who_and_china_disagree_on_a_12_month_boy_of_8_kg() -> None:
    """Boy, 12 months (day 365), 8.0 kg: WHO z −1.70 normal; WS/T 423—2022 低体重 (−2 SD 8.2)."""
    result = _primary(sex=Sex.MALE, age_days=365, weight_kg=Decimal("8.0"))
    assert result.wfa is not None and result.wfa.z_score_rounded == -1.70
    assert [(c.standard, c.code) for c in result.who_classes] == [(WHO_2006, ClassCode.NORMAL)]
    assert [(c.standard, c.code) for c in result.china_classes] == [
        (WS_T_423_2022, ClassCode.UNDERWEIGHT)
    ]


def test_printed_minus_2_sd_value_is_not_underweight() -> None:
    """At 48 months the printed −2 SD weight (13.5 kg) is the lower edge of the normal band:
    equal is not 低体重, 0.01 kg less is."""
    at_cutoff = _primary(sex=Sex.MALE, age_days=DAY_48_MONTHS, weight_kg=Decimal("13.5"))
    below = _primary(sex=Sex.MALE, age_days=DAY_48_MONTHS, weight_kg=Decimal("13.49"))
    assert _codes(at_cutoff, "china_classes") == {Indicator.WFA: ClassCode.NORMAL}
    assert _codes(below, "china_classes") == {Indicator.WFA: ClassCode.UNDERWEIGHT}


def test_below_minus_3_sd_is_severe_underweight() -> None:
    """At 48 months, below the printed −3 SD weight (12.2 kg) is 重度低体重."""
    result = _primary(sex=Sex.MALE, age_days=DAY_48_MONTHS, weight_kg=Decimal("12.19"))
    assert _codes(result, "china_classes") == {Indicator.WFA: ClassCode.SEVERE_UNDERWEIGHT}


def test_values_between_table_ages_are_interpolated_linearly() -> None:
    """At 49.5 months, halfway between the 48- and 51-month rows, each value is their mean."""
    got = cutoffs("wfa", "sd", np.array([0]), np.array([49.5]))[0]
    row_48 = np.array([12.2, 13.5, 15.0, 16.7, 18.8, 21.1, 23.9])
    row_51 = np.array([12.5, 13.9, 15.5, 17.3, 19.4, 21.9, 24.9])
    np.testing.assert_allclose(got, (row_48 + row_51) / 2, atol=1e-12)


def test_length_under_24_months_uses_24_month_height_row_plus_0_7() -> None:
    """At 23.5 months a child measured lying is compared with the mean of the 23-month length
    row and the 24-month height row raised by 0.7 cm."""
    got = cutoffs("lhfa", "sd", np.array([0]), np.array([23.5]), np.array([True]))[0]
    row_23 = np.array([78.8, 81.9, 84.9, 88.0, 91.0, 94.1, 97.2])
    row_24 = np.array([78.9, 82.0, 85.1, 88.2, 91.3, 94.4, 97.5])
    np.testing.assert_allclose(got, (row_23 + row_24 + 0.7) / 2, atol=1e-12)


def test_outside_the_table_there_are_no_values() -> None:
    """Beyond 81 months the weight-for-age values are NaN."""
    assert np.isnan(cutoffs("wfa", "sd", np.array([1]), np.array([81.5]))).all()


@pytest.mark.parametrize(
    ("weight_kg", "expected"),
    [
        ("16.3", ClassCode.NORMAL),
        ("16.4", ClassCode.OVERWEIGHT),
        ("18.0", ClassCode.OBESITY),
        ("19.9", ClassCode.SEVERE_OBESITY),
        ("12.29", ClassCode.SEVERE_WASTING),
        ("13.09", ClassCode.WASTING),
        ("13.1", ClassCode.NORMAL),
    ],
)
def test_weight_for_height_classes_at_100_cm(weight_kg: str, expected: ClassCode) -> None:
    """Girl, 3 years, standing 100 cm (printed row: −3 SD 12.3, −2 SD 13.1, +1 SD 16.4,
    +2 SD 18.0, +3 SD 19.9): 超重 from +1 SD, 肥胖 from +2 SD, 重度肥胖 from +3 SD, 消瘦 below
    −2 SD and 重度消瘦 below −3 SD."""
    result = _primary(
        sex=Sex.FEMALE,
        age_days=1100,
        weight_kg=Decimal(weight_kg),
        length_height_cm=Decimal("100.0"),
        position=Position.STANDING,
    )
    assert _codes(result, "china_classes")[Indicator.WFH] == expected


def test_growth_level_by_sd_table() -> None:
    """13.5 kg at 48 months equals the printed −2 SD value: growth level 中下 by the SD method."""
    result = _primary(sex=Sex.MALE, age_days=DAY_48_MONTHS, weight_kg=Decimal("13.5"))
    assert _codes(result, "china_levels") == {Indicator.WFA: GrowthLevel.LOWER_MIDDLE}


def test_growth_level_by_percentile_table() -> None:
    """The same 13.5 kg is below the printed P3 (13.6 kg): 下 by the percentile method."""
    result = _primary(
        level_method="percentile", sex=Sex.MALE, age_days=DAY_48_MONTHS, weight_kg=Decimal("13.5")
    )
    assert _codes(result, "china_levels") == {Indicator.WFA: GrowthLevel.LOWER}


@pytest.mark.parametrize(
    ("weight_kg", "level"),
    [
        ("13.49", GrowthLevel.LOWER),
        ("14.99", GrowthLevel.LOWER_MIDDLE),
        ("15.0", GrowthLevel.MIDDLE),
        ("18.79", GrowthLevel.MIDDLE),
        ("18.8", GrowthLevel.UPPER_MIDDLE),
        ("21.1", GrowthLevel.UPPER),
    ],
)
def test_five_growth_levels_by_sd(weight_kg: str, level: GrowthLevel) -> None:
    """Boys' weight at 48 months: 下 < −2 SD ≤ 中下 < −1 SD ≤ 中 < +1 SD ≤ 中上 < +2 SD ≤ 上."""
    result = _primary(sex=Sex.MALE, age_days=DAY_48_MONTHS, weight_kg=Decimal(weight_kg))
    assert _codes(result, "china_levels") == {Indicator.WFA: level}


def test_head_circumference_has_a_level_but_no_nutrition_class() -> None:
    """Head circumference gets a growth level; nutrition classes are for weight and length."""
    result = _primary(sex=Sex.MALE, age_days=1000, head_circumference_cm=Decimal("49.0"))
    assert _codes(result, "china_levels") == {Indicator.HCFA: GrowthLevel.MIDDLE}
    assert result.china_classes == ()


def test_head_circumference_after_36_months_is_not_graded() -> None:
    """WS/T 423—2022 head circumference ends at 36 months; WHO still scores it to 1826 days."""
    result = _primary(sex=Sex.MALE, age_days=1200, head_circumference_cm=Decimal("50.0"))
    assert result.hcfa is not None and result.hcfa.z_score is not None
    assert [(u.indicator, u.reason) for u in result.china_unavailable] == [
        (Indicator.HCFA, NoScoreReason.AGE_ABOVE_RANGE)
    ]


def test_china_length_table_ends_at_100_cm() -> None:
    """A 100.5 cm child under 2 years has a WHO weight-for-length z (table to 110 cm) but no
    WS/T 423—2022 weight-for-length class (table to 100 cm), with the reason."""
    result = _primary(
        sex=Sex.MALE,
        age_days=700,
        weight_kg=Decimal("16.0"),
        length_height_cm=Decimal("100.5"),
        position=Position.RECUMBENT,
    )
    assert result.wflh is not None and result.wflh.z_score is not None
    assert [(u.indicator, u.reason, u.message) for u in result.china_unavailable] == [
        (Indicator.WFL, NoScoreReason.LENGTH_ABOVE_RANGE, "length above the 100 cm table")
    ]


def test_children_from_5_to_7_years_are_graded_by_china_only() -> None:
    """At 6 years WHO 2006 has no score, WS/T 423—2022 (to 81 months) still grades."""
    result = _primary(sex=Sex.FEMALE, age_days=2200, weight_kg=Decimal("20.0"))
    assert result.wfa is not None and result.wfa.no_score_reason is NoScoreReason.AGE_ABOVE_RANGE
    assert _codes(result, "china_classes") == {Indicator.WFA: ClassCode.NORMAL}


def test_china_basis_names_the_printed_values() -> None:
    """The classification explains itself: the value and the interpolated printed SD values."""
    result = _primary(sex=Sex.MALE, age_days=DAY_48_MONTHS, weight_kg=Decimal("13.49"))
    assert result.china_classes[0].basis == (
        "13.490 kg compared with Appendix B at 48.00 months (interpolated linearly between "
        "table rows): −3 SD 12.20, −2 SD 13.50, −1 SD 15.00, median 16.70, +1 SD 18.80, "
        "+2 SD 21.10, +3 SD 23.90"
    )
