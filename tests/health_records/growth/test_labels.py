"""Every code has an English and a Chinese label."""

from __future__ import annotations

import pytest

from health_records.growth import ClassCode, GrowthLevel, NoScoreReason, label


@pytest.mark.parametrize("code", [*ClassCode, *GrowthLevel, *NoScoreReason])
def test_every_code_has_both_labels(code: ClassCode | GrowthLevel | NoScoreReason) -> None:
    """Each class, level and reason code has a non-empty English and Chinese label."""
    assert label(code, "en") and label(code, "zh")


def test_growth_levels_are_the_five_grades_of_the_standard() -> None:
    """The five levels read 上 / 中上 / 中 / 中下 / 下 in Chinese."""
    assert [label(level, "zh") for level in GrowthLevel] == ["上", "中上", "中", "中下", "下"]


def test_class_codes_are_stable() -> None:
    """Stored codes never change: this list may only grow."""
    assert [c.value for c in ClassCode] == [
        "normal",
        "underweight",
        "severe_underweight",
        "stunting",
        "severe_stunting",
        "wasting",
        "severe_wasting",
        "possible_risk_of_overweight",
        "overweight",
        "obesity",
        "severe_obesity",
        "microcephaly",
        "macrocephaly",
        "implausible",
    ]
