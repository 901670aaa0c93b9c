"""China's WS/T 423—2022 《7岁以下儿童生长标准》: classes and growth levels, vectorised.

The standard publishes tables only, no L/M/S: Appendix A percentiles (P3 … P97) and Appendix B
SD values (−3 SD … +3 SD), to 0.1, for weight-for-age, length/height-for-age and BMI-for-age
(0–23 months monthly, then every 3 months to 81 months), head circumference-for-age (to 36
months), weight-for-length (45–100 cm) and weight-for-height (75–130 cm) by whole cm. Length
below 2 years, standing height from 2 years.

How the engine uses them (each choice is the engine's reading and is stated here):

- The measurement is compared with the printed values (no z-score is computed for WS/T
  423—2022). Between table ages or lengths the printed values are interpolated linearly; the
  age in months is age_days / 30.4375. Outside the table range there is no class.
- Nutrition status (WS/T 423—2022 section 4.3, table 3), from Appendix B:
  weight-for-age below −2 SD 低体重 (``underweight``), below −3 SD 重度低体重
  (``severe_underweight``); length/height-for-age below −2 SD 生长迟缓 (``stunting``), below
  −3 SD ``severe_stunting``; weight-for-length/height and BMI-for-age below −2 SD 消瘦
  (``wasting``), below −3 SD ``severe_wasting``; from +1 SD to below +2 SD 超重
  (``overweight``), from +2 SD to below +3 SD 肥胖 (``obesity``), at or above +3 SD 重度肥胖
  (``severe_obesity``). Intervals are closed below: a value equal to a printed cut-off belongs
  to the band above it.
- Growth level (生长水平, section 4.1: five grades by a percentile method or an SD method,
  given in the standard's tables before table 3), by the SD method (default,
  Appendix B: 下 below −2 SD; 中下 −2 SD to below −1 SD; 中 −1 SD to below +1 SD; 中上 +1 SD to
  below +2 SD; 上 at or above +2 SD) or the percentile method (Appendix A: 下 below P3; 中下 P3
  to below P25; 中 P25 to below P75; 中上 P75 to below P97; 上 at or above P97). Graded for
  every table, head circumference included. The cut-offs of the five grades are the standard's;
  which side a value exactly equal to a printed cut-off falls on is the engine's convention
  (closed below, as for nutrition status). The table and section numbers here were not
  re-checked against the PDF when this module was written: verify them before citing.
- Length/height uses the same ±0.7 cm position conversion as WHO (the standard publishes none):
  under 731 days the length is compared with the length tables; between 23 and 24 months the
  printed 24-month row, which is standing height, is raised by 0.7 cm for the interpolation.
  The BMI 24-month row is interpolated as printed.
- Weight-for-length below 731 days, weight-for-height from 731 days (by position, then length
  < 87 cm, when age is unknown), as for WHO.
- As for WHO, no weight-based class with oedema, and none before term-equivalent age; the age
  evaluated is the corrected age when WHO uses it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from .codes import CLASS_CODES, GROWTH_LEVELS, NO_SCORE_REASONS, ClassCode, NoScoreReason
from .tables import ChinaKind, ChinaMeasure, china_table

FloatArray = NDArray[np.float64]
Int8Array = NDArray[np.int8]
BoolArray = NDArray[np.bool_]

LevelMethod = Literal["sd", "percentile"]

LENGTH_TABLE_RANGE_CM = (45.0, 100.0)
HEIGHT_TABLE_RANGE_CM = (75.0, 130.0)
LAST_TABLE_MONTH = 81.0
LAST_HEAD_TABLE_MONTH = 36.0
STANDING_TABLE_FROM_MONTH = 24.0
POSITION_CONVERSION_CM = 0.7

# Columns of a table row used for the growth level: the 4 inner cut-offs.
_LEVEL_COLUMNS = {"sd": (1, 2, 4, 5), "percentile": (0, 2, 4, 6)}
# Level by the number of inner cut-offs at or below the value: 0 → 下 … 4 → 上.
_LEVEL_BY_COUNT = np.array(
    [
        GROWTH_LEVELS.index(level)
        for level in ("lower", "lower_middle", "middle", "upper_middle", "upper")
    ],
    dtype=np.int8,
)


def _band_classes(*codes: ClassCode | None) -> Int8Array:
    """Class index for each SD band 0 (below −3 SD) … 7 (at or above +3 SD)."""
    return np.array([-1 if c is None else CLASS_CODES.index(c) for c in codes], dtype=np.int8)


_N = ClassCode.NORMAL
_WEIGHT_FOR_LENGTH = _band_classes(
    ClassCode.SEVERE_WASTING,
    ClassCode.WASTING,
    _N,
    _N,
    _N,
    ClassCode.OVERWEIGHT,
    ClassCode.OBESITY,
    ClassCode.SEVERE_OBESITY,
)
_NUTRITION_BY_BAND: dict[str, Int8Array] = {
    "wfa": _band_classes(ClassCode.SEVERE_UNDERWEIGHT, ClassCode.UNDERWEIGHT, *[_N] * 6),
    "lhfa": _band_classes(ClassCode.SEVERE_STUNTING, ClassCode.STUNTING, *[_N] * 6),
    "bmi": _WEIGHT_FOR_LENGTH,
    "wfl": _WEIGHT_FOR_LENGTH,
    "wfh": _WEIGHT_FOR_LENGTH,
    "hcfa": _band_classes(*[None] * 8),
}

_R = {reason: np.int8(NO_SCORE_REASONS.index(reason)) for reason in NoScoreReason}


@dataclass(frozen=True)
class ChinaArrays:
    """WS/T 423—2022 results for one indicator, arrays of shape ``(n,)``: ``nutrition_class``
    (index into ``CLASS_CODES``, −1 none), ``level`` (index into ``GROWTH_LEVELS``, −1 none),
    ``reason`` (index into ``NO_SCORE_REASONS``, 0 where graded)."""

    nutrition_class: Int8Array
    level: Int8Array
    reason: Int8Array


def cutoffs(
    measure: ChinaMeasure,
    kind: ChinaKind,
    sex_index: NDArray[np.intp],
    x: FloatArray,
    length_equivalent: BoolArray | None = None,
) -> FloatArray:
    """Printed values interpolated linearly at ``x``: shape ``(n, 7)``, NaN rows outside the
    table. ``x`` is age in months (age tables) or length/height in cm (wfl/wfh);
    ``sex_index`` is 0 for boys, 1 for girls. ``length_equivalent`` marks children under 731
    days, for whom the standing-height 24-month length/height row is raised by 0.7 cm."""
    table = china_table(measure, kind)
    xs = table.x
    with np.errstate(invalid="ignore"):
        inside = (x >= xs[0]) & (x <= xs[-1])
    xi = np.where(inside, x, xs[0])
    upper = np.clip(np.searchsorted(xs, xi, side="right"), 1, len(xs) - 1)
    lower = upper - 1
    weight = (xi - xs[lower]) / (xs[upper] - xs[lower])
    low_values = table.values[sex_index, lower]
    result = low_values + weight[:, None] * (table.values[sex_index, upper] - low_values)
    if measure == "lhfa" and length_equivalent is not None:
        raised = length_equivalent & (xs[upper] == STANDING_TABLE_FROM_MONTH)
        result[raised] += (POSITION_CONVERSION_CM * weight[raised])[:, None]
    result[~inside] = np.nan
    return result


def _grade(
    measure: ChinaMeasure,
    sex_index: NDArray[np.intp],
    x: FloatArray,
    value: FloatArray,
    reason: Int8Array,
    length_equivalent: BoolArray | None,
    level_method: LevelMethod,
    nutrition: bool,
) -> ChinaArrays:
    n = len(value)
    nutrition_class = np.full(n, -1, dtype=np.int8)
    level = np.full(n, -1, dtype=np.int8)
    ok = reason == 0
    if np.any(ok):
        le = None if length_equivalent is None else length_equivalent[ok]
        v = value[ok][:, None]
        sd = cutoffs(measure, "sd", sex_index[ok], x[ok], le)
        if nutrition:
            band = np.count_nonzero(v >= sd, axis=1)
            nutrition_class[ok] = _NUTRITION_BY_BAND[measure][band]
        if level_method == "sd":
            inner = sd[:, _LEVEL_COLUMNS["sd"]]
        else:
            inner = cutoffs(measure, "percentiles", sex_index[ok], x[ok], le)[
                :, _LEVEL_COLUMNS["percentile"]
            ]
        level[ok] = _LEVEL_BY_COUNT[np.count_nonzero(v >= inner, axis=1)]
    return ChinaArrays(nutrition_class=nutrition_class, level=level, reason=reason)


def classify(
    *,
    measure: ChinaMeasure,
    sex_index: NDArray[np.intp],
    x: FloatArray,
    value: FloatArray,
    blocked: Int8Array,
    oedema: BoolArray | None,
    length_equivalent: BoolArray | None,
    level_method: LevelMethod,
    nutrition: bool,
) -> ChinaArrays:
    """Grade an age-based indicator (``wfa``, ``lhfa``, ``bmi``, ``hcfa``) at age ``x`` months.

    ``blocked`` holds a reason index already decided by the caller (not measured, before
    term-equivalent age), 0 elsewhere. ``oedema`` blocks weight-based measures.
    """
    last_month = LAST_HEAD_TABLE_MONTH if measure == "hcfa" else LAST_TABLE_MONTH
    with np.errstate(invalid="ignore"):
        reason = np.select(
            [
                blocked != 0,
                np.isnan(x),
                x > last_month,
                np.zeros(len(x), dtype=np.bool_) if oedema is None else oedema,
            ],
            [
                blocked,
                _R[NoScoreReason.MISSING_AGE],
                _R[NoScoreReason.AGE_ABOVE_RANGE],
                _R[NoScoreReason.OEDEMA],
            ],
            default=np.int8(0),
        ).astype(np.int8)
    return _grade(measure, sex_index, x, value, reason, length_equivalent, level_method, nutrition)


def classify_weight_for_length(
    *,
    sex_index: NDArray[np.intp],
    use_length_table: BoolArray,
    length_cm: FloatArray,
    weight_kg: FloatArray,
    months: FloatArray,
    blocked: Int8Array,
    oedema: BoolArray,
    level_method: LevelMethod,
) -> ChinaArrays:
    """Grade weight-for-length (``use_length_table``) or weight-for-height by the converted
    length/height ``length_cm``."""
    n = len(weight_kg)
    low = np.where(use_length_table, LENGTH_TABLE_RANGE_CM[0], HEIGHT_TABLE_RANGE_CM[0])
    high = np.where(use_length_table, LENGTH_TABLE_RANGE_CM[1], HEIGHT_TABLE_RANGE_CM[1])
    with np.errstate(invalid="ignore"):
        below = length_cm < low
        above = length_cm > high
        reason = np.select(
            [
                blocked != 0,
                months > LAST_TABLE_MONTH,
                oedema,
                below & use_length_table,
                above & use_length_table,
                below,
                above,
            ],
            [
                blocked,
                _R[NoScoreReason.AGE_ABOVE_RANGE],
                _R[NoScoreReason.OEDEMA],
                _R[NoScoreReason.LENGTH_BELOW_RANGE],
                _R[NoScoreReason.LENGTH_ABOVE_RANGE],
                _R[NoScoreReason.HEIGHT_BELOW_RANGE],
                _R[NoScoreReason.HEIGHT_ABOVE_RANGE],
            ],
            default=np.int8(0),
        ).astype(np.int8)
    nutrition_class = np.full(n, -1, dtype=np.int8)
    level = np.full(n, -1, dtype=np.int8)
    parts: tuple[tuple[ChinaMeasure, BoolArray], ...] = (
        ("wfl", use_length_table),
        ("wfh", ~use_length_table),
    )
    for measure, in_table in parts:
        part = (reason == 0) & in_table
        graded = _grade(
            measure,
            sex_index[part],
            length_cm[part],
            weight_kg[part],
            np.zeros(int(part.sum()), dtype=np.int8),
            None,
            level_method,
            True,
        )
        nutrition_class[part] = graded.nutrition_class
        level[part] = graded.level
    return ChinaArrays(nutrition_class=nutrition_class, level=level, reason=reason)
