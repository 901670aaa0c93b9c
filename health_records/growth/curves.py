"""Reference curves for growth charts: the lines a child's points are drawn against.

Pure Python like the rest of the engine, and read from the same tables
(:func:`~health_records.growth.tables.who_lms`, :func:`~health_records.growth.tables.china_table`),
never a copy.

- WHO 2006: each line is the measurement at a z-score, ``M·(1 + L·S·z)^(1/L)`` (``M·exp(S·z)``
  at L = 0) — the WHO's own formula for its printed z-score and percentile tables (WHO 2006,
  *Methods and development*, chapter 7). Lines: −3, −2, 0, +2, +3 SD, or the percentiles P3, P15,
  P50, P85, P97 (z = Φ⁻¹(p/100), e.g. P3 at z −1.8808), the lines of the WHO's printed charts.
  Age tables are looked up by whole day; weight-for-length/height L, M and S are interpolated
  linearly between the 0.1 cm rows, as :mod:`.batch` does for scores.
- WS/T 423—2022: the standard prints values only, at its table ages (0–23 months monthly, then
  every 3 months; head circumference to 36 months) or whole centimetres. Lines are the printed
  values at those rows and nothing is interpolated between them (a chart joins them with straight
  lines, the same linear interpolation :mod:`.china` uses for classes). Lines: −3, −2, 0, +1, +2,
  +3 SD (Appendix B; +1 SD is the standard's overweight cut-off, so it is drawn), or P3, P25, P50,
  P75, P97 (Appendix A; the cut-offs of its five growth levels by the percentile method).

The x axis is age in days for age-based indicators (WS/T 423—2022 months × 30.4375, so both
standards share one axis) and length/height in cm for weight-for-length/height. Length/height
and BMI for age switch from recumbent length to standing height at 731 days (WHO) or 24 months
(WS/T 423—2022): both sides of the switch are returned, so the drawn line shows the 0.7 cm step.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy.special import ndtri

from .inputs import DAYS_PER_MONTH, LAST_WHO_AGE_DAYS, STANDING_FROM_AGE_DAYS, Indicator, Sex
from .lms import lms_value
from .standards import WHO_2006, WS_T_423_2022, Standard
from .tables import (
    PERCENTILE_COLUMNS,
    SD_COLUMNS,
    ChinaMeasure,
    WhoTableName,
    china_table,
    who_lms,
)

CurveKind = Literal["sd", "percentile"]

WHO_SD_LINES: tuple[tuple[str, float], ...] = (
    ("−3 SD", -3.0),
    ("−2 SD", -2.0),
    ("0", 0.0),
    ("+2 SD", 2.0),
    ("+3 SD", 3.0),
)
"""WHO z-score lines (label, z), as on the WHO's printed z-score charts."""

WHO_PERCENTILE_LINES: tuple[tuple[str, float], ...] = tuple(
    (f"P{p}", float(ndtri(p / 100.0))) for p in (3, 15, 50, 85, 97)
)
"""WHO percentile lines (label, z = Φ⁻¹(p/100)), as on the WHO's printed percentile charts."""

CHINA_SD_LINES: tuple[str, ...] = ("SDm3", "SDm2", "SD0", "SD1", "SD2", "SD3")
CHINA_PERCENTILE_LINES: tuple[str, ...] = ("P3", "P25", "P50", "P75", "P97")
_CHINA_LABELS = {
    "SDm3": "−3 SD",
    "SDm2": "−2 SD",
    "SDm1": "−1 SD",
    "SD0": "0",
    "SD1": "+1 SD",
    "SD2": "+2 SD",
    "SD3": "+3 SD",
}

_WHO_TABLES: dict[Indicator, WhoTableName] = {
    Indicator.WFA: "wfa",
    Indicator.LHFA: "lhfa",
    Indicator.WFL: "wfl",
    Indicator.WFH: "wfh",
    Indicator.BFA: "bmi",
    Indicator.HCFA: "hcfa",
}
_CHINA_MEASURES: dict[Indicator, ChinaMeasure] = {
    Indicator.WFA: "wfa",
    Indicator.LHFA: "lhfa",
    Indicator.WFL: "wfl",
    Indicator.WFH: "wfh",
    Indicator.BFA: "bmi",
    Indicator.HCFA: "hcfa",
}
_UNITS = {
    Indicator.WFA: "kg",
    Indicator.LHFA: "cm",
    Indicator.WFL: "kg",
    Indicator.WFH: "kg",
    Indicator.BFA: "kg/m²",
    Indicator.HCFA: "cm",
}

WEEKLY_UNTIL_DAYS = 91
"""The default WHO age grid is weekly to 13 weeks (fast early growth), then every 15 days."""
LATER_STEP_DAYS = 15
LENGTH_STEP_CM = 0.5
"""The default WHO weight-for-length/height grid, in cm."""


@dataclass(frozen=True)
class CurveLine:
    """One reference line.

    Attributes:
        key: stable name: ``SDm3`` … ``SD3`` or ``P3`` … ``P97``.
        label: as printed on charts: ``"−2 SD"``, ``"0"``, ``"P85"``.
        z: the z-score of the line for WHO 2006; ``None`` for WS/T 423—2022 (printed values).
        values: the measurement on the line at each x, in the curves' ``unit``.
    """

    key: str
    label: str
    z: float | None
    values: tuple[float, ...]


@dataclass(frozen=True)
class ReferenceCurves:
    """Reference lines of one standard, indicator and sex over an x range.

    Attributes:
        standard: WHO 2006 or WS/T 423—2022.
        indicator: the indicator (wfl and wfh are separate tables).
        sex: the sex of the table.
        kind: ``"sd"`` or ``"percentile"``.
        x_name: ``"age_days"`` (age-based) or ``"length_cm"`` / ``"height_cm"``.
        x: the x values, increasing (a repeated x never occurs; the length→height switch is
            two neighbouring x values, 730 and 731 days for WHO).
        unit: unit of every line's values: ``"kg"``, ``"cm"`` or ``"kg/m²"``.
        lines: the lines from lowest to highest.
    """

    standard: Standard
    indicator: Indicator
    sex: Sex
    kind: CurveKind
    x_name: str
    x: tuple[float, ...]
    unit: str
    lines: tuple[CurveLine, ...]


def x_range(standard: Standard, indicator: Indicator) -> tuple[float, float]:
    """The x range a standard's table covers for ``indicator``: days or cm.

    WHO 2006: 0–1826 days; wfl 45–110 cm; wfh 65–120 cm. WS/T 423—2022: 0–81 months (head
    circumference 0–36) as days; wfl 45–100 cm; wfh 75–130 cm.
    """
    if standard is WHO_2006:
        if indicator in (Indicator.WFL, Indicator.WFH):
            table = who_lms(_WHO_TABLES[indicator])
            return table.x_min, table.x_max
        return 0.0, float(LAST_WHO_AGE_DAYS)
    xs = china_table(_CHINA_MEASURES[indicator], "sd").x
    if indicator in (Indicator.WFL, Indicator.WFH):
        return float(xs[0]), float(xs[-1])
    return float(xs[0]) * DAYS_PER_MONTH, float(xs[-1]) * DAYS_PER_MONTH


def default_who_grid(indicator: Indicator, low: float, high: float) -> tuple[float, ...]:
    """The x values WHO lines are drawn at between ``low`` and ``high`` (inclusive).

    Age-based: whole days, weekly to day 91 then every 15 days, plus both ends and, for
    length/height and BMI, days 730 and 731 (the switch to standing height). Weight-for-length/
    height: every 0.5 cm plus both ends.
    """
    if indicator in (Indicator.WFL, Indicator.WFH):
        start = math.ceil(low / LENGTH_STEP_CM) * LENGTH_STEP_CM
        points = set(np.round(np.arange(start, high + 1e-9, LENGTH_STEP_CM), 1).tolist())
        points |= {round(low, 1), round(high, 1)}
        return tuple(sorted(points))
    days = set(range(0, WEEKLY_UNTIL_DAYS + 1, 7))
    days |= set(range(WEEKLY_UNTIL_DAYS, LAST_WHO_AGE_DAYS + 1, LATER_STEP_DAYS))
    if indicator in (Indicator.LHFA, Indicator.BFA):
        days |= {STANDING_FROM_AGE_DAYS - 1, STANDING_FROM_AGE_DAYS}
    first, last = math.ceil(low), math.floor(high)
    chosen = {d for d in days if first <= d <= last} | {first, last}
    return tuple(float(d) for d in sorted(chosen))


def reference_curves(
    *,
    standard: Standard,
    indicator: Indicator,
    sex: Sex,
    kind: CurveKind = "sd",
    x_min: float | None = None,
    x_max: float | None = None,
    x_values: Sequence[float] | None = None,
) -> ReferenceCurves:
    """The reference lines of ``standard`` for ``indicator`` and ``sex``.

    Args:
        standard: :data:`WHO_2006` or :data:`WS_T_423_2022`.
        indicator: wfa, lhfa, wfl, wfh, bfa or hcfa.
        sex: the child's sex.
        kind: ``"sd"`` (z-score lines) or ``"percentile"`` (see the module docstring).
        x_min, x_max: the range wanted, in days (age-based) or cm; clipped to the table's range
            (:func:`x_range`). ``None`` means the table's end.
        x_values: WHO only: exact x values to evaluate instead of the default grid (whole days
            for age-based indicators; any cm inside the table for wfl/wfh).

    Returns:
        :class:`ReferenceCurves`. WS/T 423—2022 lines are the printed rows inside the range.

    Raises:
        ValueError: an unknown standard or kind, ``x_values`` for WS/T 423—2022, an x value
            outside the table or not a whole day, or an empty range.
    """
    if kind not in ("sd", "percentile"):
        raise ValueError(f"kind {kind!r} is not 'sd' or 'percentile'")
    low, high = x_range(standard, indicator)
    low = low if x_min is None else max(low, x_min)
    high = high if x_max is None else min(high, x_max)
    if high < low:
        raise ValueError(f"empty x range {x_min}–{x_max} for {indicator.value}")
    by_length = indicator in (Indicator.WFL, Indicator.WFH)
    x_name = "age_days"
    if by_length:
        x_name = "length_cm" if indicator is Indicator.WFL else "height_cm"
    if standard is WHO_2006:
        xs = tuple(x_values) if x_values is not None else default_who_grid(indicator, low, high)
        lines = _who_lines(indicator, sex, kind, np.array(xs, dtype=np.float64))
    elif standard is WS_T_423_2022:
        if x_values is not None:
            raise ValueError("WS/T 423—2022 lines exist only at the printed table rows")
        xs, lines = _china_lines(indicator, sex, kind, low, high)
    else:
        raise ValueError(f"unknown standard {standard!r}")
    return ReferenceCurves(
        standard=standard,
        indicator=indicator,
        sex=sex,
        kind=kind,
        x_name=x_name,
        x=xs,
        unit=_UNITS[indicator],
        lines=lines,
    )


def _who_lms_at(
    indicator: Indicator, sex: Sex, x: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """L, M, S of the WHO table at ``x`` (whole days, or cm interpolated between 0.1 cm rows)."""
    table = who_lms(_WHO_TABLES[indicator])
    sex_index = sex.code - 1
    position = (x - table.x_min) / table.x_step
    if np.any(position < -1e-6) or np.any(position > table.size - 1 + 1e-6):
        raise ValueError(f"x outside the WHO {indicator.value} table ({table.x_min}–{table.x_max})")
    if indicator in (Indicator.WFL, Indicator.WFH):
        lower = np.clip(np.floor(position + 1e-9).astype(np.intp), 0, table.size - 2)
        weight = np.clip(position - lower, 0.0, 1.0)

        def at(values: np.ndarray) -> np.ndarray:
            row = values[sex_index]
            result: np.ndarray = row[lower] + weight * (row[lower + 1] - row[lower])
            return result

        return at(table.l), at(table.m), at(table.s)
    index = np.rint(position).astype(np.intp)
    if np.any(np.abs(position - index) > 1e-9):
        raise ValueError("WHO age-based lines are drawn at whole days")
    return table.l[sex_index, index], table.m[sex_index, index], table.s[sex_index, index]


def who_value_at(indicator: Indicator, sex: Sex, x: float, z: float) -> float:
    """The measurement at z-score ``z`` on the WHO 2006 table: age ``x`` in whole days, or
    length/height ``x`` in cm for wfl/wfh (``M·(1 + L·S·z)^(1/L)``; plain LMS, so beyond ±3 SD
    it is not the WHO's restricted value for weight-based indicators).

    Raises:
        ValueError: ``x`` outside the table or not a whole day.
    """
    l_, m, s = _who_lms_at(indicator, sex, np.array([x], dtype=np.float64))
    return float(lms_value(z, l_, m, s)[0])


def _who_lines(
    indicator: Indicator, sex: Sex, kind: CurveKind, x: np.ndarray
) -> tuple[CurveLine, ...]:
    l_, m, s = _who_lms_at(indicator, sex, x)
    spec = WHO_SD_LINES if kind == "sd" else WHO_PERCENTILE_LINES
    lines: list[CurveLine] = []
    for label, z in spec:
        key = label if kind == "percentile" else _sd_key(z)
        values = lms_value(z, l_, m, s)
        lines.append(CurveLine(key=key, label=label, z=z, values=tuple(float(v) for v in values)))
    return tuple(lines)


def _sd_key(z: float) -> str:
    return f"SDm{int(-z)}" if z < 0 else f"SD{int(z)}"


def _china_lines(
    indicator: Indicator, sex: Sex, kind: CurveKind, low: float, high: float
) -> tuple[tuple[float, ...], tuple[CurveLine, ...]]:
    table = china_table(_CHINA_MEASURES[indicator], "sd" if kind == "sd" else "percentiles")
    by_length = indicator in (Indicator.WFL, Indicator.WFH)
    scale = 1.0 if by_length else DAYS_PER_MONTH
    x_all = table.x * scale
    inside = (x_all >= low - 1e-9) & (x_all <= high + 1e-9)
    columns = SD_COLUMNS if kind == "sd" else PERCENTILE_COLUMNS
    wanted = CHINA_SD_LINES if kind == "sd" else CHINA_PERCENTILE_LINES
    rows = table.values[sex.code - 1][inside]
    lines = tuple(
        CurveLine(
            key=key,
            label=_CHINA_LABELS.get(key, key),
            z=None,
            values=tuple(float(v) for v in rows[:, columns.index(key)]),
        )
        for key in wanted
    )
    return tuple(float(v) for v in x_all[inside]), lines
