"""The one-measurement API: :func:`evaluate` one :class:`Measurement`, get frozen results.

It runs the vectorised rules of :mod:`health_records.growth.batch` on arrays of length one, so
its numbers are identical to the bulk path's, and turns them into dataclasses that say what was
done: the age and length used, every z-score with its percentile and flag, the reason for every
missing score, and the WHO and WS/T 423—2022 classes with the standard that produced each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from . import china
from .batch import (
    POSITION_CONVERSION_CM,
    TABLE_WFL,
    AgeBasisMode,
    BatchResult,
    LevelMethod,
    MeasurementBatch,
    ScoreArrays,
    evaluate_batch,
    evaluation_age,
)
from .codes import (
    CLASS_CODES,
    GROWTH_LEVELS,
    NO_SCORE_REASONS,
    ClassCode,
    GrowthLevel,
    NoScoreReason,
)
from .inputs import (
    DAYS_PER_MONTH,
    LAST_WHO_AGE_DAYS,
    STANDING_FROM_AGE_DAYS,
    Indicator,
    Measurement,
)
from .lms import percentile, percentile_display
from .standards import WHO_2006, WS_T_423_2022, Standard
from .tables import ChinaMeasure

ENGINE_VERSION = "1.0.0"
"""Version of the engine's numbers and classes. It changes whenever any result for any input
could change (a table, a rule, a cut-off, rounding), so stored evaluations made with another
version can be found and recomputed."""

_UNITS = {
    Indicator.WFA: "kg",
    Indicator.LHFA: "cm",
    Indicator.WFL: "kg",
    Indicator.WFH: "kg",
    Indicator.BFA: "kg/m²",
    Indicator.HCFA: "cm",
}

_WHO_RANGE_MESSAGES = {
    NoScoreReason.LENGTH_BELOW_RANGE: "length below the 45 cm reference range",
    NoScoreReason.LENGTH_ABOVE_RANGE: "length above the 110 cm reference range",
    NoScoreReason.HEIGHT_BELOW_RANGE: "height below the 65 cm reference range",
    NoScoreReason.HEIGHT_ABOVE_RANGE: "height above the 120 cm reference range",
}
_CHINA_RANGE_MESSAGES = {
    NoScoreReason.LENGTH_BELOW_RANGE: "length below the 45 cm table",
    NoScoreReason.LENGTH_ABOVE_RANGE: "length above the 100 cm table",
    NoScoreReason.HEIGHT_BELOW_RANGE: "height below the 75 cm table",
    NoScoreReason.HEIGHT_ABOVE_RANGE: "height above the 130 cm table",
}


def no_score_message(reason: NoScoreReason, standard: Standard, indicator: Indicator) -> str:
    """An English sentence for why ``indicator`` has no score or class under ``standard``."""
    if standard is WHO_2006 and reason in _WHO_RANGE_MESSAGES:
        return _WHO_RANGE_MESSAGES[reason]
    if standard is WS_T_423_2022 and reason in _CHINA_RANGE_MESSAGES:
        return _CHINA_RANGE_MESSAGES[reason]
    if reason is NoScoreReason.AGE_ABOVE_RANGE:
        if standard is WHO_2006:
            return f"age above {LAST_WHO_AGE_DAYS} days, the end of the WHO 2006 standards"
        months = 36 if indicator is Indicator.HCFA else 81
        return f"age above {months} months, the end of the WS/T 423—2022 table"
    return {
        NoScoreReason.NOT_MEASURED: "not measured",
        NoScoreReason.MISSING_AGE: "age unknown: this indicator needs an age",
        NoScoreReason.BEFORE_TERM_EQUIVALENT_AGE: (
            "preterm child before term-equivalent age (corrected age below 0 days): "
            "the standards start at term birth"
        ),
        NoScoreReason.OEDEMA: "oedema: weight-based indicators are not evaluated",
    }[reason]


class AgeBasis(StrEnum):
    """Which age a :class:`GrowthResult` was evaluated at."""

    CHRONOLOGICAL = "chronological"
    CORRECTED = "corrected"


@dataclass(frozen=True)
class IndicatorResult:
    """One WHO 2006 indicator for one measurement.

    Attributes:
        indicator: wfa, lhfa, wfl or wfh (the table used), bfa or hcfa.
        standard: always WHO 2006 (WS/T 423—2022 gives classes, not z-scores).
        value: the measurement evaluated, in ``unit``: the weight, the length/height after the
            ±0.7 cm position conversion, the BMI from that length, or the head circumference.
        unit: ``"kg"``, ``"cm"`` or ``"kg/m²"``.
        z_score: full-precision z-score, or ``None`` with ``no_score_reason``.
        flagged: the WHO flag for a biologically implausible value (see :mod:`.batch`).
        no_score_reason: why there is no z-score, or ``None``.
    """

    indicator: Indicator
    standard: Standard
    value: float
    unit: str
    z_score: float | None
    flagged: bool
    no_score_reason: NoScoreReason | None

    @property
    def z_score_rounded(self) -> float | None:
        """z to 2 decimals, as WHO Anthro reports it; flags and classes are decided on this."""
        return None if self.z_score is None else round(self.z_score, 2)

    @property
    def percentile(self) -> float | None:
        """100 · Φ(z) at full precision, strictly between 0 and 100."""
        if self.z_score is None:
            return None
        return float(percentile(np.array([self.z_score]))[0])

    @property
    def percentile_display(self) -> str | None:
        """The percentile as shown: of the z shown (2 decimals), so z −3.00 shows "0.13";
        ``"<0.1"`` / ``">99.9"`` at the extremes, never 0 or 100."""
        rounded = self.z_score_rounded
        if rounded is None:
            return None
        return percentile_display(float(percentile(np.array([rounded]))[0]))

    @property
    def no_score_message(self) -> str | None:
        """English sentence for ``no_score_reason`` (e.g. "length below the 45 cm reference
        range"), or ``None`` when scored."""
        if self.no_score_reason is None:
            return None
        return no_score_message(self.no_score_reason, self.standard, self.indicator)


@dataclass(frozen=True)
class Classification:
    """A class or growth level given by one standard for one indicator.

    Attributes:
        standard: the standard and edition that produced it.
        indicator: the indicator classified (wfl or wfh says which table).
        code: a :class:`ClassCode` (nutrition, head size) or a :class:`GrowthLevel`.
        basis: English sentence with the numbers compared and the rule used.
    """

    standard: Standard
    indicator: Indicator
    code: ClassCode | GrowthLevel
    basis: str


@dataclass(frozen=True)
class ChinaUnavailable:
    """Why WS/T 423—2022 gives no class or level for a measured indicator."""

    indicator: Indicator
    reason: NoScoreReason
    message: str


@dataclass(frozen=True)
class GrowthResult:
    """Everything evaluated for one measurement at one age basis.

    Attributes:
        age_basis: chronological or corrected.
        age_days: the age evaluated (corrected age when ``age_basis`` is corrected; may be
            negative before term-equivalent age), or ``None`` if unknown.
        length_height_cm: the length/height used, after position conversion, or ``None``.
        length_height_adjustment_cm: +0.7, −0.7 or 0.0.
        bmi_kg_m2: BMI from ``length_height_cm``, or ``None``.
        wfa, lhfa, wflh, bfa, hcfa: one :class:`IndicatorResult` per indicator whose
            measurements were given (``wflh.indicator`` is wfl or wfh), else ``None``.
        who_classes: WHO 2006 classes, one per scored indicator.
        china_classes: WS/T 423—2022 nutrition classes (wfa, lhfa, wfl/wfh, bfa).
        china_levels: WS/T 423—2022 growth levels, one per graded indicator.
        china_unavailable: measured indicators WS/T 423—2022 could not grade, and why.
        notes: English sentences about what the engine did (conversions, assumptions).
    """

    age_basis: AgeBasis
    age_days: int | None
    length_height_cm: float | None
    length_height_adjustment_cm: float
    bmi_kg_m2: float | None
    wfa: IndicatorResult | None
    lhfa: IndicatorResult | None
    wflh: IndicatorResult | None
    bfa: IndicatorResult | None
    hcfa: IndicatorResult | None
    who_classes: tuple[Classification, ...]
    china_classes: tuple[Classification, ...]
    china_levels: tuple[Classification, ...]
    china_unavailable: tuple[ChinaUnavailable, ...]
    notes: tuple[str, ...]

    @property
    def indicators(self) -> tuple[IndicatorResult, ...]:
        """The indicator results present, in the order wfa, lhfa, wfl/wfh, bfa, hcfa."""
        found = (self.wfa, self.lhfa, self.wflh, self.bfa, self.hcfa)
        return tuple(r for r in found if r is not None)


@dataclass(frozen=True)
class GrowthEvaluation:
    """The evaluation of one measurement.

    Attributes:
        measurement: the input, unchanged.
        engine_version: :data:`ENGINE_VERSION` at evaluation time.
        chronological: results at chronological age.
        corrected: results at corrected age, for preterm children (gestation < 37 weeks) with a
            known age; ``None`` otherwise.
        uses_corrected_age: whether :attr:`primary` is the corrected result: preterm, and
            corrected age below 731 days (24 months).
    """

    measurement: Measurement
    engine_version: str
    chronological: GrowthResult
    corrected: GrowthResult | None
    uses_corrected_age: bool

    @property
    def primary(self) -> GrowthResult:
        """The result to show: corrected while it applies, else chronological."""
        if self.uses_corrected_age and self.corrected is not None:
            return self.corrected
        return self.chronological

    @property
    def corrected_age_days(self) -> int | None:
        """Corrected age in days for a preterm child, else ``None``."""
        return None if self.corrected is None else self.corrected.age_days


def evaluate(measurement: Measurement, *, level_method: LevelMethod = "sd") -> GrowthEvaluation:
    """Evaluate one measurement against WHO 2006 and WS/T 423—2022.

    Args:
        measurement: a validated :class:`Measurement`.
        level_method: WS/T 423—2022 growth levels by the SD (default) or percentile tables.

    Returns:
        A :class:`GrowthEvaluation` with chronological and (for preterm children) corrected
        results. Nothing is raised for a valid measurement: indicators that cannot be scored
        carry a ``no_score_reason``.

    The rules and their sources are listed in :mod:`health_records.growth.batch`.
    """
    batch = MeasurementBatch.from_measurements([measurement])
    chronological = _result(measurement, batch, "chronological", level_method)
    corrected: GrowthResult | None = None
    if measurement.is_preterm and measurement.age_days is not None:
        corrected = _result(measurement, batch, "corrected", level_method)
    uses_corrected = bool(evaluation_age(batch, "auto")[2][0])
    return GrowthEvaluation(
        measurement=measurement,
        engine_version=ENGINE_VERSION,
        chronological=chronological,
        corrected=corrected,
        uses_corrected_age=uses_corrected,
    )


def _optional(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _indicator_result(
    indicator: Indicator, value: float, scores: ScoreArrays
) -> IndicatorResult | None:
    reason = NO_SCORE_REASONS[int(scores.reason[0])]
    if reason is NoScoreReason.NOT_MEASURED:
        return None
    return IndicatorResult(
        indicator=indicator,
        standard=WHO_2006,
        value=float(value),
        unit=_UNITS[indicator],
        z_score=_optional(float(scores.z[0])),
        flagged=bool(scores.flag[0]),
        no_score_reason=reason,
    )


_WHO_RULES: dict[ClassCode, str] = {
    ClassCode.NORMAL: "within the WHO cut-offs",
    ClassCode.UNDERWEIGHT: "−3 ≤ z < −2",
    ClassCode.SEVERE_UNDERWEIGHT: "z < −3",
    ClassCode.STUNTING: "−3 ≤ z < −2",
    ClassCode.SEVERE_STUNTING: "z < −3",
    ClassCode.WASTING: "−3 ≤ z < −2",
    ClassCode.SEVERE_WASTING: "z < −3",
    ClassCode.POSSIBLE_RISK_OF_OVERWEIGHT: "1 < z ≤ 2",
    ClassCode.OVERWEIGHT: "2 < z ≤ 3",
    ClassCode.OBESITY: "z > 3",
    ClassCode.MICROCEPHALY: "z < −2",
    ClassCode.MACROCEPHALY: "z > 2",
    ClassCode.IMPLAUSIBLE: "outside the WHO flag limits for biologically implausible values",
}


_CHINA_MEASURES: dict[Indicator, ChinaMeasure] = {
    Indicator.WFA: "wfa",
    Indicator.LHFA: "lhfa",
    Indicator.WFL: "wfl",
    Indicator.WFH: "wfh",
    Indicator.BFA: "bmi",
    Indicator.HCFA: "hcfa",
}


def _china_basis(
    indicator: Indicator,
    result: IndicatorResult,
    batch_result: BatchResult,
    sex_index: int,
    method: LevelMethod,
) -> str:
    """The printed WS/T 423—2022 values the measurement was compared with, as a sentence."""
    by_length = indicator in (Indicator.WFL, Indicator.WFH)
    age_days = float(batch_result.age_days[0])
    x = float(batch_result.length_height_cm[0]) if by_length else age_days / DAYS_PER_MONTH
    values = china.cutoffs(
        _CHINA_MEASURES[indicator],
        "sd" if method == "sd" else "percentiles",
        np.array([sex_index], dtype=np.intp),
        np.array([x]),
        np.array([age_days < STANDING_FROM_AGE_DAYS]),
    )[0]
    names = (
        ("−3 SD", "−2 SD", "−1 SD", "median", "+1 SD", "+2 SD", "+3 SD")
        if method == "sd"
        else ("P3", "P10", "P25", "P50", "P75", "P90", "P97")
    )
    where = f"{x:.1f} cm" if by_length else f"{x:.2f} months"
    appendix = "B" if method == "sd" else "A"
    printed = ", ".join(f"{n} {v:.2f}" for n, v in zip(names, values, strict=True))
    return (
        f"{result.value:.3f} {result.unit} compared with Appendix {appendix} at {where} "
        f"(interpolated linearly between table rows): {printed}"
    )


def _result(
    measurement: Measurement,
    batch: MeasurementBatch,
    age_basis: AgeBasisMode,
    level_method: LevelMethod,
) -> GrowthResult:
    result = evaluate_batch(batch, age_basis=age_basis, level_method=level_method)
    length_cm = _optional(float(result.length_height_cm[0]))
    bmi = _optional(float(result.bmi_kg_m2[0]))
    weight = _optional(float(batch.weight_kg[0]))
    head = _optional(float(batch.head_circumference_cm[0]))
    wflh_indicator = Indicator.WFL if result.wflh_table[0] == TABLE_WFL else Indicator.WFH
    pairs: tuple[tuple[Indicator, float | None, ScoreArrays], ...] = (
        (Indicator.WFA, weight, result.wfa),
        (Indicator.LHFA, length_cm, result.lhfa),
        (wflh_indicator, weight, result.wflh),
        (Indicator.BFA, bmi, result.bfa),
        (Indicator.HCFA, head, result.hcfa),
    )
    indicator_results: list[IndicatorResult | None] = []
    who_classes: list[Classification] = []
    china_classes: list[Classification] = []
    china_levels: list[Classification] = []
    china_unavailable: list[ChinaUnavailable] = []
    sex_index = measurement.sex.code - 1
    for indicator, value, scores in pairs:
        indicator_result = None if value is None else _indicator_result(indicator, value, scores)
        indicator_results.append(indicator_result)
        if indicator_result is None:
            continue
        who_class = int(scores.who_class[0])
        rounded = indicator_result.z_score_rounded
        if who_class >= 0 and rounded is not None:
            code = CLASS_CODES[who_class]
            who_classes.append(
                Classification(
                    standard=WHO_2006,
                    indicator=indicator,
                    code=code,
                    basis=f"z {rounded:.2f} (2 decimals, as WHO Anthro): {_WHO_RULES[code]}",
                )
            )
        china_reason = NO_SCORE_REASONS[int(scores.china_reason[0])]
        if china_reason is not None:
            china_unavailable.append(
                ChinaUnavailable(
                    indicator=indicator,
                    reason=china_reason,
                    message=no_score_message(china_reason, WS_T_423_2022, indicator),
                )
            )
            continue
        sd_basis = _china_basis(indicator, indicator_result, result, sex_index, "sd")
        china_class = int(scores.china_class[0])
        if china_class >= 0:
            china_classes.append(
                Classification(
                    standard=WS_T_423_2022,
                    indicator=indicator,
                    code=CLASS_CODES[china_class],
                    basis=sd_basis,
                )
            )
        china_levels.append(
            Classification(
                standard=WS_T_423_2022,
                indicator=indicator,
                code=GROWTH_LEVELS[int(scores.china_level[0])],
                basis=(
                    sd_basis
                    if level_method == "sd"
                    else _china_basis(indicator, indicator_result, result, sex_index, level_method)
                ),
            )
        )
    age = _optional(float(result.age_days[0]))
    return GrowthResult(
        age_basis=AgeBasis(age_basis),
        age_days=None if age is None else int(age),
        length_height_cm=length_cm,
        length_height_adjustment_cm=float(result.length_height_adjustment_cm[0]),
        bmi_kg_m2=bmi,
        wfa=indicator_results[0],
        lhfa=indicator_results[1],
        wflh=indicator_results[2],
        bfa=indicator_results[3],
        hcfa=indicator_results[4],
        who_classes=tuple(who_classes),
        china_classes=tuple(china_classes),
        china_levels=tuple(china_levels),
        china_unavailable=tuple(china_unavailable),
        notes=_notes(measurement, result),
    )


def _notes(measurement: Measurement, result: BatchResult) -> tuple[str, ...]:
    notes: list[str] = []
    adjustment = float(result.length_height_adjustment_cm[0])
    if adjustment > 0:
        notes.append(
            f"standing height under 731 days: +{POSITION_CONVERSION_CM} cm to recumbent length "
            f"({result.length_height_cm[0]:.1f} cm used; the measured value is unchanged)"
        )
    elif adjustment < 0:
        notes.append(
            f"recumbent length from 731 days: −{POSITION_CONVERSION_CM} cm to standing height "
            f"({result.length_height_cm[0]:.1f} cm used; the measured value is unchanged)"
        )
    if bool(result.position_disregarded[0]):
        notes.append(
            "standing height recorded under 9 months is implausible (WHO Anthro): the position "
            "is treated as not recorded and no conversion is made"
        )
    elif measurement.position is None and measurement.length_height_cm is not None:
        notes.append(
            "position not recorded: assumed recumbent under 731 days and standing from 731 days "
            "(by length < 87 cm when age is unknown), with no conversion"
        )
    if bool(result.uses_corrected_age[0]):
        notes.append(
            f"preterm (gestational age {measurement.gestational_age_weeks} weeks): evaluated at "
            f"corrected age {int(result.age_days[0])} days"
        )
    return tuple(notes)
