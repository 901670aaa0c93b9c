"""The vectorised engine: many measurements at once, as NumPy arrays of shape ``(n,)``.

This is the only place the clinical rules are written down in code; the one-measurement API
(:func:`health_records.growth.engine.evaluate`) runs the same functions on arrays of length one,
so both paths give identical numbers by construction (and a test checks it on random data).

Rules, in the order they are applied to each row (sources in brackets):

1. Age. With a gestational age under 37 weeks the child is evaluated at corrected age
   (age − (280 days − gestational age in days)) until the corrected age reaches 731 days
   (24 months); before term-equivalent age (corrected age < 0) nothing is scored.
   [WHO: preterm birth < 37 completed weeks; corrected age to 24 months as in the WHO Anthro
   manual and China's 早产儿保健工作规范 (2017).]
2. Position. Under 731 days the WHO tables are for recumbent length, from 731 days for
   standing height: a standing measurement under 731 days gets +0.7 cm, a recumbent one from
   731 days −0.7 cm. A standing measurement under 9 months (age / 30.4375 < 9) is implausible:
   its position is treated as not recorded, as WHO Anthro does (``c9mo_flag``). With no position
   recorded, the position expected for the age is assumed. [anthro ``adjust_lenhei``,
   ``anthro_zscores``.]
3. WHO 2006 z-scores: weight-for-age, length/height-for-age, BMI-for-age (BMI from the converted
   length/height) and head circumference-for-age at age 0–1826 days, looked up by whole day;
   weight-for-length (below 731 days, 45–110 cm) or weight-for-height (from 731 days,
   65–120 cm), L, M and S interpolated linearly between 0.1 cm rows. Without an age the table
   follows the recorded position, or length < 87 cm if none, and no conversion is made.
   Weight-based indicators use the restricted computation beyond ±3 SD; none is computed with
   oedema. [anthro ``z-score-*.R``; WHO 2006 Methods and development, chapter 7.]
4. WHO flags for biologically implausible values: weight-for-age z < −6 or > 5;
   length/height-for-age |z| > 6; weight-for-length/height, BMI-for-age, head circumference
   |z| > 5. [anthro ``anthro_zscores`` documentation.]
5. WHO classes (see :func:`who_classes`) and WS/T 423—2022 classes and growth levels (see
   :mod:`health_records.growth.china`).

Flags and WHO classes are decided on the z-score rounded to 2 decimals, the precision at which
WHO Anthro reports, flags and counts prevalence (``z_precision = 2``), so that a child is
classified here exactly as WHO Anthro classifies it. The z-scores themselves are full precision.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import china
from .codes import CLASS_CODES, NO_SCORE_REASONS, ClassCode, NoScoreReason
from .errors import ErrorCode, GrowthInputError
from .inputs import (
    DAYS_PER_MONTH,
    LAST_WHO_AGE_DAYS,
    PRETERM_BELOW_WEEKS,
    PROBABLE_GRAMS_ABOVE_KG,
    PROBABLE_MM_HEAD_ABOVE_CM,
    PROBABLE_MM_LENGTH_ABOVE_CM,
    STANDING_FROM_AGE_DAYS,
    TERM_DAYS,
    Measurement,
    to_float,
)
from .lms import lms_z, percentile, restricted_z
from .tables import LmsTable, WhoTableName, who_lms

FloatArray = NDArray[np.float64]
Int8Array = NDArray[np.int8]
BoolArray = NDArray[np.bool_]

AgeBasisMode = Literal["auto", "chronological", "corrected"]
LevelMethod = Literal["sd", "percentile"]

CHUNK_ROWS = 65_536
"""Rows evaluated at a time, to bound the memory of temporaries (about 60 MB per chunk)."""

POSITION_CONVERSION_CM = 0.7
STANDING_IMPLAUSIBLE_BELOW_MONTHS = 9.0
WFL_RANGE_CM = (45.0, 110.0)
WFH_RANGE_CM = (65.0, 120.0)
WFL_BY_LENGTH_BELOW_CM = 87.0
"""Without age or position, WHO Anthro uses the length table below 87 cm."""

TABLE_NONE, TABLE_WFL, TABLE_WFH = 0, 1, 2
"""Codes of :attr:`BatchResult.wflh_table`."""

_R = {reason: np.int8(NO_SCORE_REASONS.index(reason)) for reason in NoScoreReason}
_C = {code: np.int8(CLASS_CODES.index(code)) for code in ClassCode}


@dataclass(frozen=True)
class MeasurementBatch:
    """Many measurements as parallel arrays of shape ``(n,)``.

    Attributes:
        sex: int8, 1 = male, 2 = female.
        age_days: float64, chronological age in whole days; NaN if unknown.
        weight_kg: float64; NaN if not measured.
        length_height_cm: float64, as measured; NaN if not measured.
        position: int8, 0 = not recorded, 1 = recumbent, 2 = standing.
        head_circumference_cm: float64; NaN if not measured.
        oedema: bool.
        gestational_age_weeks: float64; NaN if unknown or term.

    Build it with :meth:`from_arrays` or :meth:`from_measurements`; the constructor validates.

    Raises:
        GrowthInputError: ``invalid_batch`` (shapes, dtypes, sex or position codes, ages that are
            not whole days, gestational age outside 22–45 weeks), ``negative_value``,
            ``zero_value``, ``probable_grams``, ``probable_millimetres``,
            ``measurement_before_birth`` — naming the first offending row.
    """

    sex: Int8Array
    age_days: FloatArray
    weight_kg: FloatArray
    length_height_cm: FloatArray
    position: Int8Array
    head_circumference_cm: FloatArray
    oedema: BoolArray
    gestational_age_weeks: FloatArray

    def __post_init__(self) -> None:
        n = len(self.sex)
        expected = {
            "sex": np.int8,
            "position": np.int8,
            "oedema": np.bool_,
        }
        for field in fields(self):
            array = getattr(self, field.name)
            dtype = expected.get(field.name, np.float64)
            if not isinstance(array, np.ndarray) or array.shape != (n,) or array.dtype != dtype:
                raise GrowthInputError(
                    ErrorCode.INVALID_BATCH,
                    f"{field.name} must be a 1-D {np.dtype(dtype)} array of length {n}",
                    field=field.name,
                )
        _first_bad(~np.isin(self.sex, (1, 2)), ErrorCode.INVALID_BATCH, "sex is not 1 or 2")
        _first_bad(
            ~np.isin(self.position, (0, 1, 2)), ErrorCode.INVALID_BATCH, "position is not 0, 1, 2"
        )
        age = self.age_days
        known = ~np.isnan(age)
        _first_bad(
            known & ((age != np.floor(age)) | np.isinf(age)),
            ErrorCode.INVALID_BATCH,
            "age_days is not a whole number of days",
        )
        _first_bad(known & (age < 0), ErrorCode.MEASUREMENT_BEFORE_BIRTH, "age_days is negative")
        under_five = ~known | (age <= LAST_WHO_AGE_DAYS)
        for name, limit, unit_error in (
            ("weight_kg", PROBABLE_GRAMS_ABOVE_KG, ErrorCode.PROBABLE_GRAMS),
            ("length_height_cm", PROBABLE_MM_LENGTH_ABOVE_CM, ErrorCode.PROBABLE_MILLIMETRES),
            ("head_circumference_cm", PROBABLE_MM_HEAD_ABOVE_CM, ErrorCode.PROBABLE_MILLIMETRES),
        ):
            values = getattr(self, name)
            _first_bad(np.isinf(values), ErrorCode.NOT_A_NUMBER, f"{name} is infinite")
            _first_bad(values < 0, ErrorCode.NEGATIVE_VALUE, f"{name} is negative")
            _first_bad(values == 0, ErrorCode.ZERO_VALUE, f"{name} is zero")
            _first_bad(
                under_five & (values > limit),
                unit_error,
                f"{name} is above {limit:g} for a child under 5 years",
            )
        gestation = self.gestational_age_weeks
        _first_bad(
            ~np.isnan(gestation) & ~((gestation >= 22) & (gestation < 46)),
            ErrorCode.INVALID_BATCH,
            "gestational_age_weeks is outside 22–45 weeks",
        )

    def __len__(self) -> int:
        return len(self.sex)

    def rows(self, start: int, stop: int) -> MeasurementBatch:
        """Rows ``start:stop`` as a batch of views (no copy)."""
        return MeasurementBatch(**{f.name: getattr(self, f.name)[start:stop] for f in fields(self)})

    @classmethod
    def from_arrays(
        cls,
        *,
        sex: ArrayLike,
        age_days: ArrayLike | None = None,
        weight_kg: ArrayLike | None = None,
        length_height_cm: ArrayLike | None = None,
        position: ArrayLike | None = None,
        head_circumference_cm: ArrayLike | None = None,
        oedema: ArrayLike | None = None,
        gestational_age_weeks: ArrayLike | None = None,
    ) -> MeasurementBatch:
        """A batch from array-likes (lists, arrays); ``None`` means "none measured".

        ``sex`` uses 1/2 and ``position`` 0/1/2 as the class documents.

        Raises:
            GrowthInputError: as the class.
        """
        sex_array = np.asarray(sex, dtype=np.int8)
        n = len(sex_array)

        def floats(values: ArrayLike | None) -> FloatArray:
            if values is None:
                return np.full(n, np.nan)
            return np.array(values, dtype=np.float64)

        return cls(
            sex=sex_array,
            age_days=floats(age_days),
            weight_kg=floats(weight_kg),
            length_height_cm=floats(length_height_cm),
            position=(
                np.zeros(n, dtype=np.int8)
                if position is None
                else np.array(position, dtype=np.int8)
            ),
            head_circumference_cm=floats(head_circumference_cm),
            oedema=np.zeros(n, dtype=np.bool_) if oedema is None else np.array(oedema, dtype=bool),
            gestational_age_weeks=floats(gestational_age_weeks),
        )

    @classmethod
    def from_measurements(cls, measurements: Sequence[Measurement]) -> MeasurementBatch:
        """A batch of validated :class:`Measurement` objects (Decimals become float64)."""
        return cls.from_arrays(
            sex=[m.sex.code for m in measurements],
            age_days=[np.nan if m.age_days is None else m.age_days for m in measurements],
            weight_kg=[to_float(m.weight_kg, "weight_kg") for m in measurements],
            length_height_cm=[
                to_float(m.length_height_cm, "length_height_cm") for m in measurements
            ],
            position=[0 if m.position is None else m.position.code for m in measurements],
            head_circumference_cm=[
                to_float(m.head_circumference_cm, "head_circumference_cm") for m in measurements
            ],
            oedema=[m.oedema for m in measurements],
            gestational_age_weeks=[
                to_float(m.gestational_age_weeks, "gestational_age_weeks") for m in measurements
            ],
        )


def _first_bad(bad: BoolArray, code: ErrorCode, message: str) -> None:
    if np.any(bad):
        row = int(np.argmax(bad))
        raise GrowthInputError(code, f"row {row}: {message}")


@dataclass(frozen=True)
class ScoreArrays:
    """One indicator's results for every row (arrays of shape ``(n,)``).

    Attributes:
        z: float64 z-score at full precision; NaN where there is no score.
        flag: WHO flag for a biologically implausible value (on z rounded to 2 decimals).
        reason: int8 index into :data:`~health_records.growth.codes.NO_SCORE_REASONS`;
            0 where scored.
        who_class: int8 index into :data:`~health_records.growth.codes.CLASS_CODES`; −1 where
            not classified.
        china_class: int8 WS/T 423—2022 nutrition class (same codes; −1 none; always −1 for
            head circumference, which has growth levels only).
        china_level: int8 index into :data:`~health_records.growth.codes.GROWTH_LEVELS`; −1 none.
        china_reason: int8 reason index for the WS/T 423—2022 evaluation; 0 where graded.
    """

    z: FloatArray
    flag: BoolArray
    reason: Int8Array
    who_class: Int8Array
    china_class: Int8Array
    china_level: Int8Array
    china_reason: Int8Array

    @property
    def percentile(self) -> FloatArray:
        """100 · Φ(z), strictly inside (0, 100); NaN where there is no score."""
        return percentile(self.z)


@dataclass(frozen=True)
class BatchResult:
    """Results of :func:`evaluate_batch`, arrays of shape ``(n,)``.

    Attributes:
        age_days: age evaluated, in days: corrected age where it was used, else chronological;
            NaN if unknown.
        chronological_age_days: the input age.
        corrected_age_days: corrected age for preterm children (gestation < 37 weeks), else NaN.
        uses_corrected_age: whether ``age_days`` is the corrected age.
        length_height_cm: length/height used, after the ±0.7 cm position conversion.
        length_height_adjustment_cm: the conversion applied: +0.7, −0.7 or 0.
        position_disregarded: a standing measurement under 9 months, position treated as not
            recorded (WHO Anthro ``c9mo_flag``).
        bmi_kg_m2: weight / (length_height_cm / 100)², NaN if either is missing.
        wflh_table: 0 none, 1 weight-for-length, 2 weight-for-height.
        wfa, lhfa, wflh, bfa, hcfa: per-indicator :class:`ScoreArrays`.
    """

    age_days: FloatArray
    chronological_age_days: FloatArray
    corrected_age_days: FloatArray
    uses_corrected_age: BoolArray
    length_height_cm: FloatArray
    length_height_adjustment_cm: FloatArray
    position_disregarded: BoolArray
    bmi_kg_m2: FloatArray
    wflh_table: Int8Array
    wfa: ScoreArrays
    lhfa: ScoreArrays
    wflh: ScoreArrays
    bfa: ScoreArrays
    hcfa: ScoreArrays

    def __len__(self) -> int:
        return len(self.age_days)


INDICATOR_FIELDS = ("wfa", "lhfa", "wflh", "bfa", "hcfa")
_ROW_FIELDS = (
    "age_days",
    "chronological_age_days",
    "corrected_age_days",
    "uses_corrected_age",
    "length_height_cm",
    "length_height_adjustment_cm",
    "position_disregarded",
    "bmi_kg_m2",
    "wflh_table",
)
_SCORE_FIELDS = tuple(f.name for f in fields(ScoreArrays))


def evaluate_batch(
    batch: MeasurementBatch,
    *,
    age_basis: AgeBasisMode = "auto",
    level_method: LevelMethod = "sd",
) -> BatchResult:
    """Evaluate every row of ``batch`` against WHO 2006 and WS/T 423—2022.

    Args:
        batch: the measurements, shape ``(n,)``.
        age_basis: ``"auto"`` (corrected age for preterm children until it reaches 731 days,
            the clinical default), ``"chronological"`` (ignore gestational age) or
            ``"corrected"`` (corrected age for every preterm child, at any age).
        level_method: WS/T 423—2022 growth levels from the SD table (``"sd"``, Appendix B) or
            the percentile table (``"percentile"``, Appendix A); see :mod:`.china`.

    Returns:
        A :class:`BatchResult` of arrays of shape ``(n,)``. Rows are independent: a row's result
        never depends on the others.

    Memory: about 250 bytes per row for the result plus ~60 MB of temporaries per
    :data:`CHUNK_ROWS` rows.
    """
    n = len(batch)
    row_out: dict[str, NDArray[Any]] = {
        "age_days": np.empty(n),
        "chronological_age_days": np.empty(n),
        "corrected_age_days": np.empty(n),
        "uses_corrected_age": np.empty(n, dtype=np.bool_),
        "length_height_cm": np.empty(n),
        "length_height_adjustment_cm": np.empty(n),
        "position_disregarded": np.empty(n, dtype=np.bool_),
        "bmi_kg_m2": np.empty(n),
        "wflh_table": np.empty(n, dtype=np.int8),
    }
    score_out: dict[str, dict[str, NDArray[Any]]] = {
        name: {
            "z": np.empty(n),
            "flag": np.empty(n, dtype=np.bool_),
            "reason": np.empty(n, dtype=np.int8),
            "who_class": np.empty(n, dtype=np.int8),
            "china_class": np.empty(n, dtype=np.int8),
            "china_level": np.empty(n, dtype=np.int8),
            "china_reason": np.empty(n, dtype=np.int8),
        }
        for name in INDICATOR_FIELDS
    }
    for start in range(0, n, CHUNK_ROWS):
        stop = min(start + CHUNK_ROWS, n)
        chunk = batch if n <= CHUNK_ROWS else batch.rows(start, stop)
        rows, scores = _evaluate_chunk(chunk, age_basis, level_method)
        for key, values in rows.items():
            row_out[key][start:stop] = values
        for name, arrays in scores.items():
            for key, values in arrays.items():
                score_out[name][key][start:stop] = values
    return _assemble(row_out, score_out)


def _assemble(
    row_out: dict[str, NDArray[Any]], score_out: dict[str, dict[str, NDArray[Any]]]
) -> BatchResult:
    """Build the typed result from the arrays allocated by :func:`evaluate_batch`."""

    def score(name: str) -> ScoreArrays:
        arrays = score_out[name]
        return ScoreArrays(
            z=arrays["z"],
            flag=arrays["flag"],
            reason=arrays["reason"],
            who_class=arrays["who_class"],
            china_class=arrays["china_class"],
            china_level=arrays["china_level"],
            china_reason=arrays["china_reason"],
        )

    return BatchResult(
        age_days=row_out["age_days"],
        chronological_age_days=row_out["chronological_age_days"],
        corrected_age_days=row_out["corrected_age_days"],
        uses_corrected_age=row_out["uses_corrected_age"],
        length_height_cm=row_out["length_height_cm"],
        length_height_adjustment_cm=row_out["length_height_adjustment_cm"],
        position_disregarded=row_out["position_disregarded"],
        bmi_kg_m2=row_out["bmi_kg_m2"],
        wflh_table=row_out["wflh_table"],
        wfa=score("wfa"),
        lhfa=score("lhfa"),
        wflh=score("wflh"),
        bfa=score("bfa"),
        hcfa=score("hcfa"),
    )


def evaluation_age(
    batch: MeasurementBatch, mode: AgeBasisMode
) -> tuple[FloatArray, FloatArray, BoolArray, BoolArray]:
    """Rule 1 of this module, on arrays of shape ``(n,)``.

    Returns:
        The age to evaluate at (days), the corrected age (NaN unless gestation < 37 weeks),
        whether the corrected age is used, and whether the row is before term-equivalent age.
    """
    chrono = batch.age_days
    gestation = batch.gestational_age_weeks
    with np.errstate(invalid="ignore"):
        preterm = gestation < PRETERM_BELOW_WEEKS
    gestation_days = np.floor(gestation * 7 + 0.5)
    corrected = np.where(preterm, chrono - (TERM_DAYS - gestation_days), np.nan)
    known = ~np.isnan(chrono)
    if mode == "chronological":
        uses_corrected = np.zeros(len(chrono), dtype=np.bool_)
    elif mode == "corrected":
        uses_corrected = preterm & known
    else:
        with np.errstate(invalid="ignore"):
            uses_corrected = preterm & known & (corrected < STANDING_FROM_AGE_DAYS)
    age = np.where(uses_corrected, corrected, chrono)
    with np.errstate(invalid="ignore"):
        before_term = uses_corrected & (corrected < 0)
    return age, corrected, uses_corrected, before_term


def _lookup_age(
    table: LmsTable, sex_index: NDArray[np.intp], day: NDArray[np.intp]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    return table.l[sex_index, day], table.m[sex_index, day], table.s[sex_index, day]


def _lookup_length(
    table: LmsTable, sex_index: NDArray[np.intp], length_cm: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """L, M, S interpolated between the 0.1 cm rows exactly as ``anthro`` does it:
    lower row = trunc(length × 10) / 10, fraction = (length − lower) / 0.1."""
    tenths = np.trunc(length_cm * 10)
    fraction = (length_cm - tenths / 10) / 0.1
    low = tenths.astype(np.intp) - round(table.x_min * 10)
    up = np.minimum(low + 1, table.size - 1)
    result = []
    for column in (table.l, table.m, table.s):
        lower = column[sex_index, low]
        result.append(lower + fraction * (column[sex_index, up] - lower))
    return result[0], result[1], result[2]


def _flags(z: FloatArray, low: float, high: float) -> BoolArray:
    rounded = np.round(z, 2)
    with np.errstate(invalid="ignore"):
        return (rounded < low) | (rounded > high)


def who_classes(z: FloatArray, flag: BoolArray, indicator: str) -> Int8Array:
    """WHO class codes (index into ``CLASS_CODES``; −1 where no z) from z rounded to 2 decimals.

    Cut-offs (WHO Training Course on Child Growth Assessment, 2008, module C "Interpreting
    growth indicators"; WHO/UNICEF 2009 for severe wasting; WHO 2016 microcephaly definition
    for head circumference):

    - ``wfa``: z < −3 severe_underweight; z < −2 underweight; else normal.
    - ``lhfa``: z < −3 severe_stunting; z < −2 stunting; else normal.
    - ``wflh``, ``bfa``: z < −3 severe_wasting; z < −2 wasting; z > 3 obesity; z > 2
      overweight; z > 1 possible_risk_of_overweight; else normal.
    - ``hcfa``: z < −2 microcephaly; z > 2 macrocephaly; else normal.

    A flagged (biologically implausible) value is classed ``implausible``.
    """
    r = np.round(z, 2)
    c = _C
    rules: dict[str, list[tuple[BoolArray, np.int8]]]
    with np.errstate(invalid="ignore"):
        rules = {
            "wfa": [(r < -3, c[ClassCode.SEVERE_UNDERWEIGHT]), (r < -2, c[ClassCode.UNDERWEIGHT])],
            "lhfa": [(r < -3, c[ClassCode.SEVERE_STUNTING]), (r < -2, c[ClassCode.STUNTING])],
            "wflh": [
                (r < -3, c[ClassCode.SEVERE_WASTING]),
                (r < -2, c[ClassCode.WASTING]),
                (r > 3, c[ClassCode.OBESITY]),
                (r > 2, c[ClassCode.OVERWEIGHT]),
                (r > 1, c[ClassCode.POSSIBLE_RISK_OF_OVERWEIGHT]),
            ],
            "hcfa": [(r < -2, c[ClassCode.MICROCEPHALY]), (r > 2, c[ClassCode.MACROCEPHALY])],
        }
    rules["bfa"] = rules["wflh"]
    conditions = [flag] + [condition for condition, _ in rules[indicator]]
    choices = [c[ClassCode.IMPLAUSIBLE]] + [choice for _, choice in rules[indicator]]
    classes = np.select(conditions, choices, default=c[ClassCode.NORMAL]).astype(np.int8)
    classes[np.isnan(z)] = -1
    return classes


def _score(
    z: FloatArray,
    reason: Int8Array,
    indicator: str,
    flag_low: float,
    flag_high: float,
    china_result: china.ChinaArrays,
) -> dict[str, NDArray[Any]]:
    flag = _flags(z, flag_low, flag_high)
    return {
        "z": z,
        "flag": flag,
        "reason": reason,
        "who_class": who_classes(z, flag, indicator),
        "china_class": china_result.nutrition_class,
        "china_level": china_result.level,
        "china_reason": china_result.reason,
    }


def _evaluate_chunk(
    batch: MeasurementBatch, mode: AgeBasisMode, level_method: LevelMethod
) -> tuple[dict[str, NDArray[Any]], dict[str, dict[str, NDArray[Any]]]]:
    n = len(batch)
    sex_index = batch.sex.astype(np.intp) - 1
    age, corrected, uses_corrected, before_term = evaluation_age(batch, mode)
    known_age = ~np.isnan(age)
    with np.errstate(invalid="ignore"):
        under_731 = age < STANDING_FROM_AGE_DAYS
        from_731 = age >= STANDING_FROM_AGE_DAYS
        position_disregarded = (batch.position == 2) & (
            age / DAYS_PER_MONTH < STANDING_IMPLAUSIBLE_BELOW_MONTHS
        )
    position = np.where(position_disregarded, 0, batch.position)
    adjustment = np.zeros(n)
    adjustment[under_731 & (position == 2)] = POSITION_CONVERSION_CM
    adjustment[from_731 & (position == 1)] = -POSITION_CONVERSION_CM
    length_cm = batch.length_height_cm + adjustment
    bmi = batch.weight_kg / (length_cm / 100) ** 2
    oedema = batch.oedema

    # Reasons shared by the age-based indicators, first that applies.
    with np.errstate(invalid="ignore"):
        age_reason = np.select(
            [~known_age, before_term, age > LAST_WHO_AGE_DAYS],
            [
                _R[NoScoreReason.MISSING_AGE],
                _R[NoScoreReason.BEFORE_TERM_EQUIVALENT_AGE],
                _R[NoScoreReason.AGE_ABOVE_RANGE],
            ],
            default=np.int8(0),
        ).astype(np.int8)
    day = np.where(age_reason == 0, age, 0).astype(np.intp)
    months = age / DAYS_PER_MONTH

    scores: dict[str, dict[str, NDArray[Any]]] = {}
    specs: tuple[tuple[str, WhoTableName, FloatArray, bool, float, float], ...] = (
        ("wfa", "wfa", batch.weight_kg, True, -6.0, 5.0),
        ("lhfa", "lhfa", length_cm, False, -6.0, 6.0),
        ("bfa", "bmi", bmi, True, -5.0, 5.0),
        ("hcfa", "hcfa", batch.head_circumference_cm, False, -5.0, 5.0),
    )
    for name, table_name, values, weight_based, flag_low, flag_high in specs:
        measured = ~np.isnan(values)
        reason = np.where(measured, age_reason, _R[NoScoreReason.NOT_MEASURED]).astype(np.int8)
        if weight_based:
            reason[(reason == 0) & oedema] = _R[NoScoreReason.OEDEMA]
        ok = reason == 0
        z = np.full(n, np.nan)
        if np.any(ok):
            lms = _lookup_age(who_lms(table_name), sex_index[ok], day[ok])
            z[ok] = (restricted_z if weight_based else lms_z)(values[ok], *lms)
        china_result = china.classify(
            measure=table_name,
            sex_index=sex_index,
            x=months,
            value=values,
            blocked=np.where(
                measured,
                np.where(before_term, _R[NoScoreReason.BEFORE_TERM_EQUIVALENT_AGE], 0),
                _R[NoScoreReason.NOT_MEASURED],
            ).astype(np.int8),
            oedema=oedema if weight_based else None,
            length_equivalent=under_731 if name == "lhfa" else None,
            level_method=level_method,
            nutrition=name != "hcfa",
        )
        scores[name] = _score(z, reason, name, flag_low, flag_high, china_result)

    # Weight-for-length/height: the table by age, else by position, else by length < 87 cm.
    with np.errstate(invalid="ignore"):
        use_wfl = np.where(
            known_age,
            under_731,
            np.where(position == 1, True, np.where(position == 2, False, length_cm < 87.0)),
        )
    measured = ~np.isnan(batch.weight_kg) & ~np.isnan(length_cm)
    with np.errstate(invalid="ignore"):
        low_limit = np.where(use_wfl, WFL_RANGE_CM[0], WFH_RANGE_CM[0])
        high_limit = np.where(use_wfl, WFL_RANGE_CM[1], WFH_RANGE_CM[1])
        below = length_cm < low_limit
        above = length_cm > high_limit
        reason = np.select(
            [
                ~measured,
                before_term,
                known_age & (age > LAST_WHO_AGE_DAYS),
                oedema,
                below & use_wfl,
                above & use_wfl,
                below,
                above,
            ],
            [
                _R[NoScoreReason.NOT_MEASURED],
                _R[NoScoreReason.BEFORE_TERM_EQUIVALENT_AGE],
                _R[NoScoreReason.AGE_ABOVE_RANGE],
                _R[NoScoreReason.OEDEMA],
                _R[NoScoreReason.LENGTH_BELOW_RANGE],
                _R[NoScoreReason.LENGTH_ABOVE_RANGE],
                _R[NoScoreReason.HEIGHT_BELOW_RANGE],
                _R[NoScoreReason.HEIGHT_ABOVE_RANGE],
            ],
            default=np.int8(0),
        ).astype(np.int8)
    z = np.full(n, np.nan)
    tables: tuple[tuple[WhoTableName, BoolArray], ...] = (("wfl", use_wfl), ("wfh", ~use_wfl))
    for length_table, in_table in tables:
        ok = (reason == 0) & in_table
        if np.any(ok):
            lms = _lookup_length(who_lms(length_table), sex_index[ok], length_cm[ok])
            z[ok] = restricted_z(batch.weight_kg[ok], *lms)
    wflh_table = np.where(measured, np.where(use_wfl, TABLE_WFL, TABLE_WFH), TABLE_NONE).astype(
        np.int8
    )
    china_wflh = china.classify_weight_for_length(
        sex_index=sex_index,
        use_length_table=use_wfl,
        length_cm=length_cm,
        weight_kg=batch.weight_kg,
        months=months,
        blocked=np.where(
            measured,
            np.where(before_term, _R[NoScoreReason.BEFORE_TERM_EQUIVALENT_AGE], 0),
            _R[NoScoreReason.NOT_MEASURED],
        ).astype(np.int8),
        oedema=oedema,
        level_method=level_method,
    )
    scores["wflh"] = _score(z, reason, "wflh", -5.0, 5.0, china_wflh)

    rows: dict[str, NDArray[Any]] = {
        "age_days": age,
        "chronological_age_days": batch.age_days,
        "corrected_age_days": corrected,
        "uses_corrected_age": uses_corrected,
        "length_height_cm": length_cm,
        "length_height_adjustment_cm": adjustment,
        "position_disregarded": position_disregarded,
        "bmi_kg_m2": bmi,
        "wflh_table": wflh_table,
    }
    return rows, scores
