"""What goes into the engine: sex, position, indicators, ages and one measurement.

Measurements are accepted as ``Decimal`` (as the app stores them), ``float`` or ``int``; the
engine computes in float64. Every constructor validates and raises
:class:`~health_records.growth.errors.GrowthInputError` with a stable code, so a
:class:`Measurement` that exists is one the engine can evaluate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from .errors import ErrorCode, GrowthInputError

Number = Decimal | float | int

DAYS_PER_MONTH = 30.4375
"""Days in a month as the WHO counts them (365.25 / 12); ``anthro``'s ANTHRO_DAYS_OF_MONTH."""

LAST_WHO_AGE_DAYS = 1826
"""Last day of the WHO 2006 standards (age < 60 months, as ``anthro`` requires)."""

STANDING_FROM_AGE_DAYS = 731
"""WHO 2006: recumbent length below 731 days (24 months), standing height from 731 days."""

TERM_DAYS = 280
"""Term-equivalent age: 40 weeks of gestation, the zero of corrected age."""

PRETERM_BELOW_WEEKS = 37
"""Preterm birth: gestational age under 37 completed weeks (WHO definition)."""

PROBABLE_GRAMS_ABOVE_KG = 60.0
"""Above this a weight for a child under 5 is read as grams typed as kg. WHO 2006 scores weights
up to 38.8 kg without a flag (+5 SD, girls at 60 months) and the validation vectors include
32.5 kg at 48 months, so a 30 kg line would reject children WHO evaluates; 60 kg is above
+9 SD at every age, and any weight in grams of a child over 60 g is above it."""
PROBABLE_MM_LENGTH_ABOVE_CM = 150.0
"""Above this a length/height for a child under 5 is read as mm (WHO +6 SD is at most 138 cm)."""
PROBABLE_MM_HEAD_ABOVE_CM = 75.0
"""Above this a head circumference for a child under 5 is read as mm (WHO +5 SD is at most
58.2 cm)."""


class Sex(StrEnum):
    """Sex as the standards tabulate it. ``code`` is the WHO's 1 = male, 2 = female."""

    MALE = "male"
    FEMALE = "female"

    @property
    def code(self) -> int:
        """1 for male, 2 for female (the WHO Anthro convention)."""
        return 1 if self is Sex.MALE else 2

    @classmethod
    def parse(cls, value: object) -> Sex:
        """Read ``male``/``female``, ``m``/``f``, ``1``/``2`` (any case, spaces ignored).

        Raises:
            GrowthInputError: ``unknown_sex`` for anything else, including empty values.
        """
        text = str(value).strip().lower() if value is not None else ""
        if text in {"male", "m", "1", "boy"}:
            return cls.MALE
        if text in {"female", "f", "2", "girl"}:
            return cls.FEMALE
        raise GrowthInputError(
            ErrorCode.UNKNOWN_SEX,
            f"sex {value!r} is not male/female (m/f, 1/2)",
            field="sex",
        )


class Position(StrEnum):
    """How length/height was measured: lying (recumbent length) or standing (height)."""

    RECUMBENT = "recumbent"
    STANDING = "standing"

    @property
    def code(self) -> int:
        """1 for recumbent, 2 for standing (0 is used for "not recorded" in batches)."""
        return 1 if self is Position.RECUMBENT else 2

    @classmethod
    def parse(cls, value: object) -> Position | None:
        """Read ``recumbent``/``standing``, ``L``/``H``, ``lying``/``length``/``height``.

        An empty value means "not recorded" and gives ``None``.

        Raises:
            GrowthInputError: ``unknown_position`` for anything else.
        """
        text = str(value).strip().lower() if value is not None else ""
        if text == "":
            return None
        if text in {"recumbent", "l", "lying", "length", "supine"}:
            return cls.RECUMBENT
        if text in {"standing", "h", "height", "stand"}:
            return cls.STANDING
        raise GrowthInputError(
            ErrorCode.UNKNOWN_POSITION,
            f"position {value!r} is not recumbent/standing (L/H)",
            field="position",
        )


def parse_oedema(value: object) -> bool:
    """Read bilateral pitting oedema: ``y``/``n``, ``yes``/``no``, ``1``/``2`` (WHO Anthro's
    coding, 1 = yes), ``true``/``false``. Empty means no oedema, as in WHO Anthro.

    Raises:
        GrowthInputError: ``invalid_oedema`` for anything else.
    """
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if value is not None else ""
    if text in {"y", "yes", "1", "true"}:
        return True
    if text in {"", "n", "no", "2", "false"}:
        return False
    raise GrowthInputError(ErrorCode.INVALID_OEDEMA, f"oedema {value!r} is not y/n", field="oedema")


class Indicator(StrEnum):
    """The WHO 2006 indicators. ``anthro_name`` is the WHO Anthro column (``zwei`` …).

    Weight-for-length (``wfl``, below 731 days) and weight-for-height (``wfh``, from 731 days)
    are two tables of one score, ``zwfl``.
    """

    WFA = "wfa"
    LHFA = "lhfa"
    WFL = "wfl"
    WFH = "wfh"
    BFA = "bfa"
    HCFA = "hcfa"

    @property
    def anthro_name(self) -> str:
        """WHO Anthro's name of the score: zwei, zlen, zwfl, zbmi or zhc (without the ``z``)."""
        return {
            "wfa": "wei",
            "lhfa": "len",
            "wfl": "wfl",
            "wfh": "wfl",
            "bfa": "bmi",
            "hcfa": "hc",
        }[self.value]


def to_float(value: Number | None, field: str) -> float:
    """``value`` as a float64, NaN for ``None``.

    Raises:
        GrowthInputError: ``not_a_number`` for booleans, NaN, infinities and non-numbers.
    """
    if value is None:
        return math.nan
    if isinstance(value, bool) or not isinstance(value, Decimal | float | int):
        raise GrowthInputError(
            ErrorCode.NOT_A_NUMBER, f"{field} {value!r} is not a number", field=field
        )
    result = float(value)
    if not math.isfinite(result):
        raise GrowthInputError(
            ErrorCode.NOT_A_NUMBER, f"{field} {value!r} is not a finite number", field=field
        )
    return result


def parse_number(text: str, field: str) -> Decimal | None:
    """Read a decimal number from text (CSV cells); an empty cell gives ``None``.

    Raises:
        GrowthInputError: ``not_a_number`` when the text is not a finite decimal number.
    """
    stripped = text.strip()
    if stripped == "":
        return None
    try:
        value = Decimal(stripped)
    except ArithmeticError:
        raise GrowthInputError(
            ErrorCode.NOT_A_NUMBER, f"{field} {text!r} is not a number", field=field
        ) from None
    if not value.is_finite():
        raise GrowthInputError(
            ErrorCode.NOT_A_NUMBER, f"{field} {text!r} is not a finite number", field=field
        )
    return value


def parse_iso_date(text: str, field: str) -> date:
    """Read an ISO date ``YYYY-MM-DD``.

    Raises:
        GrowthInputError: ``invalid_date`` when the text is not a real ISO date.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise GrowthInputError(
            ErrorCode.INVALID_DATE, f"{field} {text!r} is not a date (YYYY-MM-DD)", field=field
        ) from None


def round_half_up(value: float) -> int:
    """Round to the nearest whole number, halves upward (``anthro``'s ``round_up``)."""
    return math.floor(value + 0.5)


def age_days_between(birth_date: date, measured_on: date, *, today: date | None = None) -> int:
    """Age in completed days on ``measured_on`` (calendar difference; 29 February is a day
    like any other, so a child born 2024-02-29 is 365 days old on 2025-02-28).

    Args:
        birth_date: date of birth.
        measured_on: date of the measurement.
        today: if given, a measurement after this date is rejected.

    Raises:
        GrowthInputError: ``measurement_before_birth``; ``measurement_in_future``.
    """
    if measured_on < birth_date:
        raise GrowthInputError(
            ErrorCode.MEASUREMENT_BEFORE_BIRTH,
            f"measured on {measured_on.isoformat()}, before birth on {birth_date.isoformat()}",
            field="measured_on",
        )
    if today is not None and measured_on > today:
        raise GrowthInputError(
            ErrorCode.MEASUREMENT_IN_FUTURE,
            f"measured on {measured_on.isoformat()}, after today {today.isoformat()}",
            field="measured_on",
        )
    return (measured_on - birth_date).days


def age_days_from_months(age_months: Number) -> int:
    """Whole days for an age in months: round(months × 30.4375), halves up (24 months → 731).

    Source: WHO ``anthro`` ``age_to_days`` with ``is_age_in_month = TRUE``.

    Raises:
        GrowthInputError: ``not_a_number``; ``negative_value``.
    """
    months = to_float(age_months, "age_months")
    if math.isnan(months):
        raise GrowthInputError(ErrorCode.NOT_A_NUMBER, "age_months is missing", field="age_months")
    if months < 0:
        raise GrowthInputError(
            ErrorCode.NEGATIVE_VALUE, f"age_months {age_months} is negative", field="age_months"
        )
    return round_half_up(months * DAYS_PER_MONTH)


def corrected_age_days(age_days: int, gestational_age_weeks: Number) -> int:
    """Corrected age = chronological age − (40 weeks − gestational age), in whole days.

    Gestational age is in weeks and may carry days as a fraction (32 + 3/7); it is rounded to
    whole days first. Negative before term-equivalent age.
    """
    gestation_days = round_half_up(to_float(gestational_age_weeks, "gestational_age_weeks") * 7)
    return age_days - (TERM_DAYS - gestation_days)


def _check_measurement(
    value: Number | None,
    field: str,
    *,
    under_five: bool,
    probable_unit_error_above: float,
    unit_error: ErrorCode,
) -> None:
    number = to_float(value, field)
    if math.isnan(number):
        return
    if number < 0:
        raise GrowthInputError(
            ErrorCode.NEGATIVE_VALUE, f"{field} {value} is negative", field=field
        )
    if number == 0:
        raise GrowthInputError(ErrorCode.ZERO_VALUE, f"{field} is zero", field=field)
    if under_five and number > probable_unit_error_above:
        unit = "grams" if unit_error is ErrorCode.PROBABLE_GRAMS else "millimetres"
        raise GrowthInputError(
            unit_error,
            f"{field} {value} is above {probable_unit_error_above:g} for a child under 5 years: "
            f"probably {unit}",
            field=field,
        )


@dataclass(frozen=True)
class Measurement:
    """One anthropometric measurement of one child, validated on construction.

    Attributes:
        sex: the child's sex.
        age_days: chronological age in whole days on the day of measurement (see
            :func:`age_days_between`, :func:`age_days_from_months`); ``None`` if unknown (then
            only weight-for-length/height can be scored).
        weight_kg: weight in kilograms.
        length_height_cm: recumbent length or standing height in cm, as measured. The engine
            never changes it; it reports the ±0.7 cm-converted value it used separately.
        position: how ``length_height_cm`` was measured; ``None`` if not recorded (then the
            position expected for the age is assumed, as WHO Anthro does).
        head_circumference_cm: head circumference in cm.
        gestational_age_weeks: gestational age at birth in weeks (fractions for days), or
            ``None`` if unknown or term. Below 37 weeks the child is evaluated at corrected age.
        oedema: bilateral pitting oedema; no weight-based z-score is computed with oedema.

    Raises:
        GrowthInputError: ``unknown_sex``, ``unknown_position``, ``invalid_age``,
            ``measurement_before_birth`` (negative age), ``not_a_number``, ``negative_value``,
            ``zero_value``, ``probable_grams``, ``probable_millimetres``,
            ``invalid_gestational_age``.
    """

    sex: Sex
    age_days: int | None = None
    weight_kg: Number | None = None
    length_height_cm: Number | None = None
    position: Position | None = None
    head_circumference_cm: Number | None = None
    gestational_age_weeks: Number | None = None
    oedema: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.sex, Sex):
            raise GrowthInputError(
                ErrorCode.UNKNOWN_SEX, f"sex {self.sex!r} is not a Sex", field="sex"
            )
        if self.position is not None and not isinstance(self.position, Position):
            raise GrowthInputError(
                ErrorCode.UNKNOWN_POSITION,
                f"position {self.position!r} is not a Position",
                field="position",
            )
        if self.age_days is not None:
            if isinstance(self.age_days, bool) or not isinstance(self.age_days, int):
                raise GrowthInputError(
                    ErrorCode.INVALID_AGE,
                    f"age_days {self.age_days!r} is not a whole number of days",
                    field="age_days",
                )
            if self.age_days < 0:
                raise GrowthInputError(
                    ErrorCode.MEASUREMENT_BEFORE_BIRTH,
                    f"age_days {self.age_days} is before birth",
                    field="age_days",
                )
        under_five = self.age_days is None or self.age_days <= LAST_WHO_AGE_DAYS
        _check_measurement(
            self.weight_kg,
            "weight_kg",
            under_five=under_five,
            probable_unit_error_above=PROBABLE_GRAMS_ABOVE_KG,
            unit_error=ErrorCode.PROBABLE_GRAMS,
        )
        _check_measurement(
            self.length_height_cm,
            "length_height_cm",
            under_five=under_five,
            probable_unit_error_above=PROBABLE_MM_LENGTH_ABOVE_CM,
            unit_error=ErrorCode.PROBABLE_MILLIMETRES,
        )
        _check_measurement(
            self.head_circumference_cm,
            "head_circumference_cm",
            under_five=under_five,
            probable_unit_error_above=PROBABLE_MM_HEAD_ABOVE_CM,
            unit_error=ErrorCode.PROBABLE_MILLIMETRES,
        )
        gestation = to_float(self.gestational_age_weeks, "gestational_age_weeks")
        if not math.isnan(gestation) and not 22 <= gestation < 46:
            raise GrowthInputError(
                ErrorCode.INVALID_GESTATIONAL_AGE,
                f"gestational_age_weeks {self.gestational_age_weeks} is outside 22–45 weeks",
                field="gestational_age_weeks",
            )
        if not isinstance(self.oedema, bool):
            raise GrowthInputError(
                ErrorCode.INVALID_OEDEMA, f"oedema {self.oedema!r} is not a bool", field="oedema"
            )

    @classmethod
    def from_dates(
        cls,
        *,
        sex: Sex,
        birth_date: date,
        measured_on: date,
        today: date | None = None,
        weight_kg: Number | None = None,
        length_height_cm: Number | None = None,
        position: Position | None = None,
        head_circumference_cm: Number | None = None,
        gestational_age_weeks: Number | None = None,
        oedema: bool = False,
    ) -> Measurement:
        """A measurement with its age computed by :func:`age_days_between`.

        Raises:
            GrowthInputError: as :func:`age_days_between` and the class.
        """
        return cls(
            sex=sex,
            age_days=age_days_between(birth_date, measured_on, today=today),
            weight_kg=weight_kg,
            length_height_cm=length_height_cm,
            position=position,
            head_circumference_cm=head_circumference_cm,
            gestational_age_weeks=gestational_age_weeks,
            oedema=oedema,
        )

    @property
    def is_preterm(self) -> bool:
        """Born before 37 completed weeks of gestation."""
        gestation = to_float(self.gestational_age_weeks, "gestational_age_weeks")
        return not math.isnan(gestation) and gestation < PRETERM_BELOW_WEEKS
