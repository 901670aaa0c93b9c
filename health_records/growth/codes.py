"""Stable codes for why a score is missing, for classes and for growth levels.

Codes are stored and translated by the app: never rename or reuse one. English and Chinese
labels for them are in :mod:`health_records.growth.labels`.
"""

from __future__ import annotations

from enum import StrEnum


class NoScoreReason(StrEnum):
    """Why an indicator that was measured has no z-score (or no WS/T 423—2022 class)."""

    NOT_MEASURED = "not_measured"
    MISSING_AGE = "missing_age"
    AGE_ABOVE_RANGE = "age_above_range"
    BEFORE_TERM_EQUIVALENT_AGE = "before_term_equivalent_age"
    OEDEMA = "oedema"
    LENGTH_BELOW_RANGE = "length_below_range"
    LENGTH_ABOVE_RANGE = "length_above_range"
    HEIGHT_BELOW_RANGE = "height_below_range"
    HEIGHT_ABOVE_RANGE = "height_above_range"


NO_SCORE_REASONS: tuple[NoScoreReason | None, ...] = (None, *NoScoreReason)
"""Reason codes of the vectorised path: index 0 means "scored", index i names a reason."""


class ClassCode(StrEnum):
    """Nutrition and head-size classes. The same code is used by both standards where the
    concept is the same (``underweight`` is 低体重); the cut-offs differ, and every
    classification names the standard that produced it."""

    NORMAL = "normal"
    UNDERWEIGHT = "underweight"
    SEVERE_UNDERWEIGHT = "severe_underweight"
    STUNTING = "stunting"
    SEVERE_STUNTING = "severe_stunting"
    WASTING = "wasting"
    SEVERE_WASTING = "severe_wasting"
    POSSIBLE_RISK_OF_OVERWEIGHT = "possible_risk_of_overweight"
    OVERWEIGHT = "overweight"
    OBESITY = "obesity"
    SEVERE_OBESITY = "severe_obesity"
    MICROCEPHALY = "microcephaly"
    MACROCEPHALY = "macrocephaly"
    IMPLAUSIBLE = "implausible"


CLASS_CODES: tuple[ClassCode, ...] = tuple(ClassCode)
"""Class codes of the vectorised path by index (−1 there means "not classified")."""


class GrowthLevel(StrEnum):
    """WS/T 423—2022 growth level (生长水平), five grades: 上 / 中上 / 中 / 中下 / 下."""

    UPPER = "upper"
    UPPER_MIDDLE = "upper_middle"
    MIDDLE = "middle"
    LOWER_MIDDLE = "lower_middle"
    LOWER = "lower"


GROWTH_LEVELS: tuple[GrowthLevel, ...] = tuple(GrowthLevel)
"""Growth levels of the vectorised path by index (−1 there means "not graded")."""
