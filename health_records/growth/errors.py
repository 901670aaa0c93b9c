"""The one exception type of the growth engine, and its stable codes.

Every input the engine cannot evaluate raises :class:`GrowthInputError`. Its ``code`` is part of
the public contract: the app translates messages by code, stores codes, and tests match on them,
so a code is never renamed or reused. Messages are English and may be reworded freely.

Codes (``ErrorCode``):

``unknown_sex``
    Sex is missing or not one of male/female (also m/f, 1/2, as WHO Anthro accepts).
``unknown_position``
    A length/height position that is not recumbent/standing (also L/H).
``invalid_oedema``
    An oedema value that is not y/n (also yes/no, 1/2 as WHO Anthro accepts, true/false).
``not_a_number``
    A measurement, age or gestational age that is not a finite number (text, NaN, infinity).
``negative_value``
    A measurement or age below zero.
``zero_value``
    A measurement of exactly zero (no child weighs or measures 0).
``probable_grams``
    A weight above 60 kg for a child under 5 years (or of unknown age): almost certainly grams
    typed as kilograms (3562 for a 3.562 kg baby). WHO 2006 scores weights up to 38.8 kg without
    an implausibility flag (+5 SD, girls at 60 months), so the line sits above +9 SD at every
    age; weights between the flag and the line are scored and flagged, not rejected.
``probable_millimetres``
    A length/height above 150 cm or a head circumference above 75 cm for a child under 5 years
    (or of unknown age): almost certainly millimetres typed as centimetres. Both lines are above
    the WHO 2006 flag limits at 60 months (+6 SD 138 cm; +5 SD 58.2 cm).
``invalid_age``
    An age in days that is not a whole number of days.
``invalid_gestational_age``
    A gestational age at birth outside 22–45 completed weeks.
``invalid_date``
    A date that cannot be parsed as an ISO date (YYYY-MM-DD).
``measurement_before_birth``
    The measurement date is before the birth date.
``measurement_in_future``
    The measurement date is after today.
``missing_age``
    Neither an age in days nor both a birth date and a measurement date was given, where the
    caller needs one (growth faltering).
``measurements_out_of_order``
    Growth faltering was asked for with the later measurement first, or for two measurements of
    different children (different sex).
``invalid_batch``
    Arrays handed to the vectorised path have different lengths or a wrong dtype.
``invalid_csv``
    A CSV for bulk evaluation lacks a required column (``sex``) or repeats a column name.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """Stable codes of :class:`GrowthInputError` (see the module docstring for each meaning)."""

    UNKNOWN_SEX = "unknown_sex"
    UNKNOWN_POSITION = "unknown_position"
    INVALID_OEDEMA = "invalid_oedema"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE_VALUE = "negative_value"
    ZERO_VALUE = "zero_value"
    PROBABLE_GRAMS = "probable_grams"
    PROBABLE_MILLIMETRES = "probable_millimetres"
    INVALID_AGE = "invalid_age"
    INVALID_GESTATIONAL_AGE = "invalid_gestational_age"
    INVALID_DATE = "invalid_date"
    MEASUREMENT_BEFORE_BIRTH = "measurement_before_birth"
    MEASUREMENT_IN_FUTURE = "measurement_in_future"
    MISSING_AGE = "missing_age"
    MEASUREMENTS_OUT_OF_ORDER = "measurements_out_of_order"
    INVALID_BATCH = "invalid_batch"
    INVALID_CSV = "invalid_csv"


class GrowthInputError(ValueError):
    """An input the growth engine cannot evaluate.

    Attributes:
        code: an :class:`ErrorCode`, stable across releases; translate and branch on this.
        message: an English sentence naming the field and the offending value.
        field: the input field at fault (``"weight_kg"``, ``"sex"``, ...), or ``None``.
    """

    def __init__(self, code: ErrorCode, message: str, *, field: str | None = None) -> None:
        super().__init__(f"{code.value}: {message}")
        self.code = code
        self.message = message
        self.field = field
