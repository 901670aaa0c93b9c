"""Growth measurements: record, edit, evaluate, check plausibility, raise review alerts, recompute.

Every write here is a service (keyword-only, ``@transaction.atomic``, ``full_clean()`` before
save). Only the centre's medical team (doctor, nurse) records or edits measurements: caregivers
and the director read them (a caregiver weighing children is not the medical record the issue
asks for; the measuring is the nurse's job in 托育机构保育指导 practice and DESIGN.md §2).

Plausibility before anything is stored (nothing is stored when one fails):

- Refused outright (:class:`DomainError`, engine codes translated in :data:`ENGINE_ERRORS`):
  non-numbers, negative or zero values, a weight above 60 kg (grams typed as kg: 3562 for a
  3.562 kg baby), a length/height above 150 cm or head above 75 cm (mm typed as cm), a date before
  birth or after today (centre-local), an unknown position, too many decimals.
- Questioned (:class:`NeedsConfirmation`, code ``confirmation_required``): kept only when the
  nurse gives a reason (``confirmed_reason``, stored on the measurement):

  - ``length_shrank``: the length/height is more than 1.5 cm shorter than the previous one
    (both compared as recumbent length, a standing height + 0.7 cm, WHO). Source: issue 4; the
    WHO MGRS inter-observer technical error of measurement for length is under 0.5 cm, so a
    1.5 cm fall is a measuring or typing error or a real finding to confirm.
  - ``weight_change_implausible``: weight lost more than 10 % of the previous weight (severe
    dehydration is a loss of > 10 % of body weight, WHO IMCI), or gained more than 0.5 kg +
    70 g per day of the interval (above the 99th centile of every WHO 1-month weight increment,
    the highest being about 63 g/day for boys from birth to 4 weeks: WHO Child Growth Standards,
    Growth velocity based on weight, length and head circumference, 2009; the 0.5 kg allows for
    clothing and scales).
  - ``length_gain_implausible``: the length/height (as recumbent length) grew by more than
    1.5 cm + 5.0 cm per 30 days of the interval (+6 cm in 15 days is questioned; the limit is
    4.0 cm). ``head_circumference_gain_implausible``: the head circumference grew by more than
    1.0 cm + 3.0 cm per 30 days (+3 cm in 15 days is questioned; the limit is 2.5 cm).
    Source and honesty note: the WHO Child Growth Standards, *Growth velocity based on weight,
    length and head circumference* (2009), tabulate 1-month increments. Their largest values
    are in the first weeks of life (medians roughly 4–5 cm length and 2.5–3 cm head
    circumference from birth to 4 weeks) and fall quickly (roughly 2 cm length and under 1 cm
    head per month by 6 months). We could not check the 99th-centile table values while
    writing this, so the bounds are deliberately conservative rather than taken from the
    table: 5.0 cm and 3.0 cm per 30 days are above every monthly median and well above the
    increments after the first three months, and the fixed allowances (1.5 cm length, 1.0 cm
    head) absorb the error of two measurements (WHO MGRS technical error of measurement
    under 0.5 cm for length) and a standing/lying conversion. Beyond the first months of
    life they cannot fire on normal growth; for a newborn's first month a fast but real gain
    may be questioned, and is kept with a reason. Tighten only against the WHO tables.
  - ``outside_who_limits``: a WHO flag for a biologically implausible value (weight-for-age
    z < −6 or > 5, length/height-for-age |z| > 6, others |z| > 5; WHO Anthro).

After saving, the measurement is evaluated by the growth engine and the evaluation stored
(:class:`~health_records.models.GrowthMeasurementEvaluation`). A review alert for the medical
team (``growth_review``, routine) is raised in the same transaction when the measurement has an
abnormal class it did not have at the previous measurement (WHO 2006 or WS/T 423—2022), a WHO
flag, or growth faltering (:func:`health_records.growth.growth_faltering`: weight-for-age z fall
> 0.67 or weight loss).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from health_records import growth
from health_records.exceptions import DomainError
from health_records.growth import (
    ENGINE_VERSION,
    ClassCode,
    ErrorCode,
    GrowthEvaluation,
    GrowthFaltering,
    GrowthInputError,
    Position,
    Sex,
)
from health_records.growth.engine import Classification, GrowthResult, IndicatorResult
from health_records.models import (
    Child,
    GrowthMeasurement,
    GrowthMeasurementEvaluation,
    MeasurementPosition,
)

from .alerts import alert_raise
from .consent import consent_require
from .day_common import (
    edit_conflicts_recorded,
    lock_for_update,
    require_medical,
    save_new,
    save_update,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

logger = logging.getLogger(__name__)

LENGTH_SHRINK_LIMIT_CM = Decimal("1.5")
"""A length/height more than this below the previous one must be confirmed (issue 4)."""
WEIGHT_LOSS_LIMIT_FRACTION = 0.10
"""A loss of more than 10 % of the previous weight must be confirmed (WHO IMCI: > 10 % is
severe dehydration)."""
WEIGHT_GAIN_ALLOWANCE_KG = 0.5
WEIGHT_GAIN_LIMIT_KG_PER_DAY = 0.070
"""A gain above 0.5 kg + 70 g/day must be confirmed (above every WHO 1-month increment P99)."""
LENGTH_GAIN_ALLOWANCE_CM = Decimal("1.5")
LENGTH_GAIN_LIMIT_CM_PER_30_DAYS = Decimal("5.0")
"""A length/height gain above 1.5 cm + 5.0 cm per 30 days of the interval must be confirmed
(module docstring: a conservative bound, not a WHO table value)."""
HEAD_GAIN_ALLOWANCE_CM = Decimal("1.0")
HEAD_GAIN_LIMIT_CM_PER_30_DAYS = Decimal("3.0")
"""A head circumference gain above 1.0 cm + 3.0 cm per 30 days must be confirmed (same)."""
POSITION_CONVERSION_CM = Decimal("0.7")
"""WHO: standing height is 0.7 cm less than recumbent length."""

DECIMALS = {"weight_kg": 3, "length_height_cm": 1, "head_circumference_cm": 1}
"""Decimal places kept per field: grams for weight, millimetres for lengths."""

MEASURED_FIELDS = ("weight_kg", "length_height_cm", "head_circumference_cm")
EDITABLE = frozenset({*MEASURED_FIELDS, "measured_on", "position", "note", "confirmed_reason"})

REVIEW_TITLES = {
    "new_class": gettext_noop("Growth review: new abnormal growth class"),
    "flag": gettext_noop("Growth review: value outside the WHO plausibility limits"),
    "faltering": gettext_noop("Growth review: growth faltering"),
    "several": gettext_noop("Growth review: several growth findings"),
}
"""Alert titles (English, translated at display through the catalogue; no names)."""

NOT_ALERTED_CLASSES = frozenset(
    {ClassCode.NORMAL, ClassCode.POSSIBLE_RISK_OF_OVERWEIGHT, ClassCode.IMPLAUSIBLE}
)
"""Classes that do not by themselves call for a review (implausible is raised as a flag)."""

INDICATOR_KEYS = ("wfa", "lhfa", "wflh", "bfa", "hcfa")
"""Keys of the stored evaluation: wflh is weight-for-length or -height (see its indicator)."""
CHINA_CLASSED = ("wfa", "lhfa", "wflh", "bfa")


# ---------------------------------------------------------------------------------------------
# Errors: the engine's codes in the user's language, in one mapping
# ---------------------------------------------------------------------------------------------

ENGINE_ERRORS: dict[ErrorCode, StrPromise] = {
    ErrorCode.PROBABLE_GRAMS: _(
        "This weight looks like grams typed as kilograms (for example 3562 for 3.562 kg). "
        "Enter the weight in kg."
    ),
    ErrorCode.PROBABLE_MILLIMETRES: _(
        "This looks like millimetres typed as centimetres. Enter the value in cm."
    ),
    ErrorCode.NEGATIVE_VALUE: _("A measurement cannot be negative."),
    ErrorCode.ZERO_VALUE: _("A measurement cannot be zero."),
    ErrorCode.NOT_A_NUMBER: _("Enter a number, for example 9.35."),
    ErrorCode.MEASUREMENT_BEFORE_BIRTH: _("The measuring date is before the child's birth."),
    ErrorCode.MEASUREMENT_IN_FUTURE: _("The measuring date is in the future."),
    ErrorCode.UNKNOWN_POSITION: _("Choose lying (recumbent length) or standing (height)."),
    ErrorCode.UNKNOWN_SEX: _("The child's sex is not recorded: correct the child's record."),
    ErrorCode.INVALID_GESTATIONAL_AGE: _(
        "The child's gestational age at birth is outside 22–45 weeks: correct the child's record."
    ),
    ErrorCode.INVALID_AGE: _("The child's age could not be worked out from the dates."),
    ErrorCode.INVALID_DATE: _("Enter the date as YYYY-MM-DD."),
    ErrorCode.INVALID_OEDEMA: _("Oedema must be yes or no."),
    ErrorCode.MISSING_AGE: _("The child's age could not be worked out from the dates."),
    ErrorCode.MEASUREMENTS_OUT_OF_ORDER: _("The measurements are not in date order."),
    ErrorCode.INVALID_BATCH: _("The growth engine could not evaluate this measurement."),
    ErrorCode.INVALID_CSV: _("The growth engine could not evaluate this measurement."),
}
"""User message for every :class:`~health_records.growth.ErrorCode` (the test checks all are
here). The :class:`DomainError` keeps the engine's code."""

_ENGINE_FIELDS = {
    "weight_kg": "weight_kg",
    "length_height_cm": "length_height_cm",
    "head_circumference_cm": "head_circumference_cm",
    "position": "position",
    "measured_on": "measured_on",
    "age_days": "measured_on",
}


def domain_error_from_engine(exc: GrowthInputError) -> DomainError:
    """The engine's :class:`GrowthInputError` as a :class:`DomainError` with the same code, the
    user message of :data:`ENGINE_ERRORS` and the form field at fault (``None`` for the
    child's own data)."""
    return DomainError(
        exc.code.value,
        ENGINE_ERRORS[exc.code],
        field=_ENGINE_FIELDS.get(exc.field or ""),
    )


class NeedsConfirmation(DomainError):
    """Values the plausibility checks question (``code`` ``confirmation_required``).

    ``issues``: one :class:`DomainError` per question (``length_shrank``,
    ``length_gain_implausible``, ``weight_change_implausible``,
    ``head_circumference_gain_implausible``, ``outside_who_limits``), each with a translated
    message.
    Saving again with a ``confirmed_reason`` keeps the values and stores the reason.
    """

    def __init__(self, issues: Sequence[DomainError]) -> None:
        super().__init__(
            "confirmation_required",
            _(
                "Please check these values. If they are right, give a reason to keep them "
                "and save again."
            ),
            field="confirmed_reason",
        )
        self.issues = list(issues)

    def __str__(self) -> str:
        return " ".join([str(self.message), *(str(issue) for issue in self.issues)])

    def as_validation_error(self) -> ValidationError:
        """All the questions as one form error on ``confirmed_reason``."""
        errors = [ValidationError(self.message, code=self.code)]
        errors += [
            ValidationError(issue.message, code=issue.code, params=issue.params or None)
            for issue in self.issues
        ]
        return ValidationError({"confirmed_reason": errors})


# ---------------------------------------------------------------------------------------------
# Parsing and evaluation
# ---------------------------------------------------------------------------------------------


def parse_measurement_value(value: Decimal | str | float | None, name: str) -> Decimal | None:
    """A measured value as a ``Decimal`` with at most the field's decimals (:data:`DECIMALS`);
    ``None`` or blank text gives ``None``.

    Raises :class:`DomainError` on ``name``: ``not_a_number``, ``too_many_decimals``; the
    engine's range checks run later (:func:`engine_measurement`).
    """
    if value is None or (isinstance(value, str) and value.strip() == ""):
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except InvalidOperation:
        raise DomainError(
            "not_a_number", ENGINE_ERRORS[ErrorCode.NOT_A_NUMBER], field=name
        ) from None
    exponent = number.as_tuple().exponent
    if not number.is_finite() or not isinstance(exponent, int):
        raise DomainError("not_a_number", ENGINE_ERRORS[ErrorCode.NOT_A_NUMBER], field=name)
    if -exponent > DECIMALS[name]:
        raise DomainError(
            "too_many_decimals",
            _("Enter at most %(places)s decimals."),
            field=name,
            params={"places": DECIMALS[name]},
        )
    return number


def engine_measurement(
    *,
    child: Child,
    measured_on: dt.date,
    weight_kg: Decimal | None,
    length_height_cm: Decimal | None,
    position: str,
    head_circumference_cm: Decimal | None,
    today: dt.date | None = None,
) -> growth.Measurement:
    """The engine's :class:`~health_records.growth.Measurement` for a child's measurement.

    The age is from the birth date (whole days); the gestational age is passed so preterm
    children are evaluated at corrected age. ``today`` (centre-local) rejects future dates.

    Raises :class:`DomainError` with the engine's codes (see :data:`ENGINE_ERRORS`).
    """
    try:
        return growth.Measurement.from_dates(
            sex=Sex.parse(child.sex),
            birth_date=child.birth_date,
            measured_on=measured_on,
            today=today,
            weight_kg=weight_kg,
            length_height_cm=length_height_cm,
            position=Position.parse(position),
            head_circumference_cm=head_circumference_cm,
            gestational_age_weeks=child.gestational_age_weeks_decimal,
        )
    except GrowthInputError as exc:
        raise domain_error_from_engine(exc) from exc


def evaluate_stored(measurement: GrowthMeasurement) -> GrowthEvaluation:
    """Evaluate a stored measurement with the current engine (no database writes).

    Raises :class:`DomainError` if the stored values no longer pass the engine's input checks.
    """
    return growth.evaluate(
        engine_measurement(
            child=measurement.child,
            measured_on=measurement.measured_on,
            weight_kg=measurement.weight_kg,
            length_height_cm=measurement.length_height_cm,
            position=measurement.position,
            head_circumference_cm=measurement.head_circumference_cm,
        )
    )


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else value


def _indicator_detail(result: IndicatorResult) -> dict[str, Any]:
    return {
        "indicator": result.indicator.value,
        "value": result.value,
        "unit": result.unit,
        "z": _finite(result.z_score),
        "z_rounded": result.z_score_rounded,
        "percentile": _finite(result.percentile),
        "percentile_display": result.percentile_display,
        "flagged": result.flagged,
        "no_score_reason": None if result.no_score_reason is None else result.no_score_reason.value,
    }


def _classes(items: Iterable[Classification]) -> list[dict[str, str]]:
    return [{"indicator": c.indicator.value, "code": c.code.value, "basis": c.basis} for c in items]


def _indicator_key(indicator: str) -> str:
    return "wflh" if indicator in ("wfl", "wfh") else indicator


def evaluation_detail(
    evaluation: GrowthEvaluation, faltering: GrowthFaltering | None, previous_id: str | None
) -> dict[str, Any]:
    """The stored JSON of an evaluation (``GrowthMeasurementEvaluation.detail``).

    Shape: ``age_days`` (evaluated), ``chronological_age_days``, ``corrected_age_days``,
    ``uses_corrected_age``, ``length_height_used_cm``, ``length_height_adjustment_cm``,
    ``bmi_kg_m2``; ``indicators``: {wfa, lhfa, wflh, bfa, hcfa → {indicator, value, unit, z,
    z_rounded, percentile, percentile_display, flagged, no_score_reason}} for those measured;
    ``who_classes``, ``china_classes``, ``china_levels``: [{indicator, code, basis}];
    ``china_unavailable``: [{indicator, reason}]; ``notes``: [English sentences];
    ``faltering``: {reasons, weight_for_age_z_change, weight_change_kg, previous_id} or ``None``.
    """
    primary: GrowthResult = evaluation.primary
    return {
        "age_days": primary.age_days,
        "chronological_age_days": evaluation.chronological.age_days,
        "corrected_age_days": evaluation.corrected_age_days,
        "uses_corrected_age": evaluation.uses_corrected_age,
        "length_height_used_cm": primary.length_height_cm,
        "length_height_adjustment_cm": primary.length_height_adjustment_cm,
        "bmi_kg_m2": primary.bmi_kg_m2,
        "indicators": {
            _indicator_key(r.indicator.value): _indicator_detail(r) for r in primary.indicators
        },
        "who_classes": _classes(primary.who_classes),
        "china_classes": _classes(primary.china_classes),
        "china_levels": _classes(primary.china_levels),
        "china_unavailable": [
            {"indicator": u.indicator.value, "reason": u.reason.value}
            for u in primary.china_unavailable
        ],
        "notes": list(primary.notes),
        "faltering": None
        if faltering is None
        else {
            "reasons": [r.value for r in faltering.reasons],
            "weight_for_age_z_change": _finite(faltering.weight_for_age_z_change),
            "weight_change_kg": _finite(faltering.weight_change_kg),
            "previous_id": previous_id,
        },
    }


def chart_points(evaluation: GrowthEvaluation) -> dict[str, Any]:
    """The stored ``chart`` JSON: for each measured indicator key (wfa, lhfa, wfl or wfh, bfa,
    hcfa), ``{"x": cm or None, "y": value, "unit", "z" (2 decimals or None), "pct" (display
    text or ""), "flag", "china" (class code or ""), "level" (growth level code or "")}``; ``x``
    is the length/height used for wfl/wfh (age-based points take the evaluated age)."""
    primary = evaluation.primary
    china = {c.indicator.value: c.code.value for c in primary.china_classes}
    levels = {c.indicator.value: c.code.value for c in primary.china_levels}
    points: dict[str, Any] = {}
    for result in primary.indicators:
        key = result.indicator.value
        by_length = result.indicator.value in ("wfl", "wfh")
        points[key] = {
            "x": primary.length_height_cm if by_length else None,
            "y": round(result.value, 3),
            "unit": result.unit,
            "z": result.z_score_rounded,
            "pct": result.percentile_display or "",
            "flag": result.flagged,
            "china": china.get(key, ""),
            "level": levels.get(key, ""),
        }
    return points


def _class_columns(prefix: str, items: Iterable[Classification]) -> dict[str, str]:
    columns: dict[str, str] = {}
    for item in items:
        key = _indicator_key(item.indicator.value)
        if prefix == "china" and key not in CHINA_CLASSED:
            continue
        columns[f"{prefix}_{key}_class"] = item.code.value
    return columns


def _evaluation_row(
    measurement: GrowthMeasurement,
    evaluation: GrowthEvaluation,
    faltering: GrowthFaltering | None,
    previous: GrowthMeasurement | None,
) -> GrowthMeasurementEvaluation:
    """The stored evaluation of ``measurement`` as an unsaved, cleaned row."""
    primary = evaluation.primary
    z = {_indicator_key(r.indicator.value): _finite(r.z_score) for r in primary.indicators}
    columns: dict[str, Any] = {
        "engine_version": ENGINE_VERSION,
        "evaluated_at": timezone.now(),
        "age_days": primary.age_days,
        "uses_corrected_age": evaluation.uses_corrected_age,
        "wflh_indicator": primary.wflh.indicator.value if primary.wflh is not None else "",
        "flagged": any(r.flagged for r in primary.indicators),
        "faltering": faltering is not None and faltering.detected,
        "faltering_reasons": ""
        if faltering is None
        else ",".join(r.value for r in faltering.reasons),
        "detail": evaluation_detail(
            evaluation, faltering, None if previous is None else str(previous.pk)
        ),
        "chart": chart_points(evaluation),
    }
    for key in INDICATOR_KEYS:
        columns[f"{key}_z"] = z.get(key)
        columns[f"who_{key}_class"] = ""
    for key in CHINA_CLASSED:
        columns[f"china_{key}_class"] = ""
    columns.update(_class_columns("who", primary.who_classes))
    columns.update(_class_columns("china", primary.china_classes))
    stored = GrowthMeasurementEvaluation(measurement=measurement, **columns)
    stored.full_clean(exclude=["measurement"])
    return stored


def _store_evaluation(
    measurement: GrowthMeasurement,
    evaluation: GrowthEvaluation,
    faltering: GrowthFaltering | None,
    previous: GrowthMeasurement | None,
) -> GrowthMeasurementEvaluation:
    """Write (insert or overwrite) the stored evaluation of ``measurement``; bumps the child's
    ``growth_revision`` (cached charts of the child are no longer used)."""
    stored = _evaluation_row(measurement, evaluation, faltering, previous)
    stored.save()
    growth_revision_bump([measurement.child_id])
    return stored


def growth_revision_bump(child_ids: Iterable[uuid.UUID]) -> None:
    """Mark the children's stored growth evaluations as changed: ``Child.growth_revision`` + 1
    (one UPDATE, no history row). Call in the transaction that writes the evaluations, so the
    chart data cache (keyed by the revision) can never serve a chart older than the data."""
    Child.objects.filter(pk__in=set(child_ids)).update(growth_revision=F("growth_revision") + 1)


def series_evaluations(items: Sequence[GrowthMeasurement]) -> list[GrowthMeasurementEvaluation]:
    """Unsaved evaluations of one child's measurements given in date order, each measurement
    evaluated once; faltering against the previous weighed one, as :func:`evaluate_and_store`.
    No queries when ``child`` is loaded on the items."""
    rows: list[GrowthMeasurementEvaluation] = []
    last_weighed: tuple[GrowthMeasurement, GrowthEvaluation] | None = None
    for item in items:
        evaluation = evaluate_stored(item)
        faltering = None
        previous = None
        if last_weighed is not None and item.weight_kg is not None:
            previous = last_weighed[0]
            faltering = growth.growth_faltering(last_weighed[1], evaluation)
        rows.append(_evaluation_row(item, evaluation, faltering, previous))
        if item.weight_kg is not None:
            last_weighed = (item, evaluation)
    return rows


_EVALUATION_COLUMNS = [
    f.name for f in GrowthMeasurementEvaluation._meta.concrete_fields if not f.primary_key
]


def evaluations_save(rows: Sequence[GrowthMeasurementEvaluation]) -> None:
    """Insert or overwrite stored evaluations in one statement (derived data: no history), and
    bump the children's ``growth_revision`` (one more UPDATE)."""
    GrowthMeasurementEvaluation.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["measurement"],
        update_fields=_EVALUATION_COLUMNS,
    )
    growth_revision_bump(row.measurement.child_id for row in rows)


def _previous(measurement: GrowthMeasurement, *, weighed: bool = False) -> GrowthMeasurement | None:
    """The child's latest measurement before ``measurement``'s date (with a weight if asked)."""
    query = GrowthMeasurement.objects.filter(
        child_id=measurement.child_id, measured_on__lt=measurement.measured_on
    )
    if weighed:
        query = query.filter(weight_kg__isnull=False)
    return query.select_related("evaluation").order_by("-measured_on").first()


def _faltering(
    evaluation: GrowthEvaluation, previous_weighed: GrowthMeasurement | None
) -> GrowthFaltering | None:
    if previous_weighed is None or evaluation.measurement.weight_kg is None:
        return None
    return growth.growth_faltering(evaluate_stored(previous_weighed), evaluation)


def evaluate_and_store(
    measurement: GrowthMeasurement, evaluation: GrowthEvaluation | None = None
) -> GrowthMeasurementEvaluation:
    """Evaluate ``measurement`` (growth faltering against the previous weighed measurement) and
    write its stored evaluation; ``evaluation``: its engine evaluation if already made. Raw
    values are not touched. Not atomic on its own."""
    if evaluation is None:
        evaluation = evaluate_stored(measurement)
    previous_weighed = _previous(measurement, weighed=True)
    faltering = _faltering(evaluation, previous_weighed)
    return _store_evaluation(measurement, evaluation, faltering, previous_weighed)


# ---------------------------------------------------------------------------------------------
# Plausibility
# ---------------------------------------------------------------------------------------------


def _recumbent_equivalent(length_cm: Decimal, position: str) -> Decimal:
    return (
        length_cm + POSITION_CONVERSION_CM
        if position == MeasurementPosition.STANDING
        else length_cm
    )


def _gain_limit(allowance_cm: Decimal, per_30_days_cm: Decimal, days: int) -> Decimal:
    """``allowance_cm`` + ``per_30_days_cm`` × days / 30, to 0.1 cm (the largest gain kept
    without a question)."""
    return (allowance_cm + per_30_days_cm * days / 30).quantize(Decimal("0.1"))


def plausibility_issues(
    *,
    child: Child,
    measured_on: dt.date,
    weight_kg: Decimal | None,
    length_height_cm: Decimal | None,
    position: str,
    evaluation: GrowthEvaluation,
    head_circumference_cm: Decimal | None = None,
    exclude_pk: uuid.UUID | None = None,
) -> list[DomainError]:
    """The questions a nurse must confirm before these values are kept (module docstring).

    Compared with the child's latest earlier measurement that has the value (``exclude_pk``: the
    measurement being edited). Codes: ``length_shrank``, ``length_gain_implausible``,
    ``weight_change_implausible``, ``head_circumference_gain_implausible``,
    ``outside_who_limits``. Limits: length/height gain > 1.5 cm + 5.0 cm per 30 days, head
    circumference gain > 1.0 cm + 3.0 cm per 30 days (conservative bounds above the WHO 2009
    first-month increments; see the module docstring). Returns an empty list when nothing is
    questioned.
    """
    issues: list[DomainError] = []
    earlier = GrowthMeasurement.objects.filter(child=child, measured_on__lt=measured_on)
    if exclude_pk is not None:
        earlier = earlier.exclude(pk=exclude_pk)
    if length_height_cm is not None:
        last_length = (
            earlier.filter(length_height_cm__isnull=False).order_by("-measured_on").first()
        )
        if last_length is not None and last_length.length_height_cm is not None:
            before = _recumbent_equivalent(last_length.length_height_cm, last_length.position)
            now = _recumbent_equivalent(length_height_cm, position)
            if before - now > LENGTH_SHRINK_LIMIT_CM:
                issues.append(
                    DomainError(
                        "length_shrank",
                        _(
                            "The length/height is %(shrink)s cm shorter than on %(date)s. "
                            "Measure again, or check the position."
                        ),
                        field="length_height_cm",
                        params={"shrink": before - now, "date": last_length.measured_on},
                    )
                )
            days = (measured_on - last_length.measured_on).days
            limit = _gain_limit(LENGTH_GAIN_ALLOWANCE_CM, LENGTH_GAIN_LIMIT_CM_PER_30_DAYS, days)
            if now - before > limit:
                issues.append(
                    DomainError(
                        "length_gain_implausible",
                        _(
                            "The length/height grew by %(gain)s cm in %(days)s days since "
                            "%(date)s, more than %(limit)s cm, faster than children grow. "
                            "Measure again, or check the position."
                        ),
                        field="length_height_cm",
                        params={
                            "gain": now - before,
                            "days": days,
                            "date": last_length.measured_on,
                            "limit": limit,
                        },
                    )
                )
    if head_circumference_cm is not None:
        last_head = (
            earlier.filter(head_circumference_cm__isnull=False).order_by("-measured_on").first()
        )
        if last_head is not None and last_head.head_circumference_cm is not None:
            days = (measured_on - last_head.measured_on).days
            gain = head_circumference_cm - last_head.head_circumference_cm
            limit = _gain_limit(HEAD_GAIN_ALLOWANCE_CM, HEAD_GAIN_LIMIT_CM_PER_30_DAYS, days)
            if gain > limit:
                issues.append(
                    DomainError(
                        "head_circumference_gain_implausible",
                        _(
                            "The head circumference grew by %(gain)s cm in %(days)s days since "
                            "%(date)s, more than %(limit)s cm, faster than a head grows. "
                            "Measure again."
                        ),
                        field="head_circumference_cm",
                        params={
                            "gain": gain,
                            "days": days,
                            "date": last_head.measured_on,
                            "limit": limit,
                        },
                    )
                )
    if weight_kg is not None:
        last_weight = earlier.filter(weight_kg__isnull=False).order_by("-measured_on").first()
        if last_weight is not None and last_weight.weight_kg is not None:
            days = (measured_on - last_weight.measured_on).days
            change = float(weight_kg - last_weight.weight_kg)
            too_much_loss = -change > WEIGHT_LOSS_LIMIT_FRACTION * float(last_weight.weight_kg)
            too_much_gain = change > WEIGHT_GAIN_ALLOWANCE_KG + WEIGHT_GAIN_LIMIT_KG_PER_DAY * days
            if too_much_loss or too_much_gain:
                issues.append(
                    DomainError(
                        "weight_change_implausible",
                        _(
                            "The weight changed by %(change)s kg in %(days)s days since "
                            "%(date)s, more than a child's weight usually changes. Weigh again."
                        ),
                        field="weight_kg",
                        params={
                            "change": f"{change:+.2f}",
                            "days": days,
                            "date": last_weight.measured_on,
                        },
                    )
                )
    flagged = [r for r in evaluation.primary.indicators if r.flagged]
    if flagged:
        issues.append(
            DomainError(
                "outside_who_limits",
                _(
                    "A value is outside the WHO limits for plausible values (%(indicators)s). "
                    "Measure again."
                ),
                params={
                    "indicators": ", ".join(
                        str(INDICATOR_NAMES[_indicator_key(r.indicator.value)]) for r in flagged
                    )
                },
            )
        )
    return issues


INDICATOR_NAMES: dict[str, StrPromise] = {
    "wfa": _("Weight-for-age"),
    "lhfa": _("Length/height-for-age"),
    "wflh": _("Weight-for-length/height"),
    "wfl": _("Weight-for-length"),
    "wfh": _("Weight-for-height"),
    "bfa": _("BMI-for-age"),
    "hcfa": _("Head circumference-for-age"),
}
"""Names of the indicators (GLOSSARY.md terms in Chinese)."""


# ---------------------------------------------------------------------------------------------
# Review alerts
# ---------------------------------------------------------------------------------------------


def _abnormal(columns: Mapping[str, str]) -> set[str]:
    return {
        f"{name}:{code}"
        for name, code in columns.items()
        if code and ClassCode(code) not in NOT_ALERTED_CLASSES
    }


def _class_map(stored: GrowthMeasurementEvaluation | None) -> dict[str, str]:
    if stored is None:
        return {}
    names = [f"who_{k}_class" for k in INDICATOR_KEYS] + [f"china_{k}_class" for k in CHINA_CLASSED]
    return {name: str(getattr(stored, name)) for name in names}


def review_reasons(
    stored: GrowthMeasurementEvaluation, previous: GrowthMeasurementEvaluation | None
) -> list[str]:
    """Why a measurement needs the doctor's review, as stable codes (empty: no review).

    ``new_class:<standard>_<indicator>_class:<code>`` for each abnormal class the previous
    measurement did not have; ``flag`` for a WHO flag; ``faltering:<reason>`` for each
    faltering rule met.
    """
    reasons = [
        f"new_class:{item}"
        for item in sorted(_abnormal(_class_map(stored)) - _abnormal(_class_map(previous)))
    ]
    if stored.flagged:
        reasons.append("flag")
    if stored.faltering:
        reasons += [f"faltering:{r}" for r in stored.faltering_reasons.split(",") if r]
    return reasons


def _raise_review(measurement: GrowthMeasurement, reasons: list[str]) -> None:
    kinds = {reason.split(":")[0] for reason in reasons}
    title = REVIEW_TITLES[kinds.pop() if len(kinds) == 1 else "several"]
    alert_raise(
        centre=measurement.centre,
        child=measurement.child,
        kind="growth_review",
        severity="routine",
        dedup_key=f"growth_review:{measurement.child_id}",
        title=title,
        rule="growth_review",
        source=measurement,
        detail={
            "measurement_id": str(measurement.pk),
            "measured_on": measurement.measured_on.isoformat(),
            "reasons": reasons,
            "engine_version": ENGINE_VERSION,
        },
    )
    logger.info(
        "growth review alert for measurement %s (child %s): %s",
        measurement.pk,
        measurement.child_id,
        ",".join(reasons),
    )


def _evaluate_and_review(
    measurement: GrowthMeasurement, evaluation: GrowthEvaluation
) -> GrowthMeasurementEvaluation:
    stored = evaluate_and_store(measurement, evaluation)
    previous = _previous(measurement)
    previous_stored = getattr(previous, "evaluation", None) if previous is not None else None
    reasons = review_reasons(stored, previous_stored)
    if reasons:
        _raise_review(measurement, reasons)
    return stored


def _reevaluate_after(child_id: uuid.UUID, day: dt.date) -> None:
    """Re-evaluate the child's measurements after ``day`` (their faltering compares with the
    measurement recorded or moved). No alerts: they were reviewed when recorded."""
    later = GrowthMeasurement.objects.filter(child_id=child_id, measured_on__gt=day)
    for item in later.select_related("child", "centre").order_by("measured_on"):
        evaluate_and_store(item)


# ---------------------------------------------------------------------------------------------
# Services
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Values:
    measured_on: dt.date
    weight_kg: Decimal | None
    length_height_cm: Decimal | None
    position: str
    head_circumference_cm: Decimal | None
    evaluation: GrowthEvaluation


def _checked_values(
    *,
    child: Child,
    values: Mapping[str, Any],
    confirmed_reason: str,
    exclude_pk: uuid.UUID | None = None,
) -> _Values:
    parsed = {name: parse_measurement_value(values.get(name), name) for name in MEASURED_FIELDS}
    position = str(values.get("position") or "").strip()
    if parsed["length_height_cm"] is None:
        position = ""
    elif position not in MeasurementPosition.values:
        raise domain_error_from_engine(
            GrowthInputError(ErrorCode.UNKNOWN_POSITION, "position", field="position")
        )
    if all(value is None for value in parsed.values()):
        raise DomainError(
            "nothing_measured",
            _("Enter at least one of weight, length/height and head circumference."),
            field="weight_kg",
        )
    measured_on = values["measured_on"]
    if not isinstance(measured_on, dt.date):
        raise domain_error_from_engine(
            GrowthInputError(ErrorCode.INVALID_DATE, "measured_on", field="measured_on")
        )
    today = timezone.localdate(timezone=child.centre.tz)
    evaluation = growth.evaluate(
        engine_measurement(
            child=child,
            measured_on=measured_on,
            position=position,
            today=today,
            **parsed,
        )
    )
    issues = plausibility_issues(
        child=child,
        measured_on=measured_on,
        weight_kg=parsed["weight_kg"],
        length_height_cm=parsed["length_height_cm"],
        position=position,
        evaluation=evaluation,
        head_circumference_cm=parsed["head_circumference_cm"],
        exclude_pk=exclude_pk,
    )
    if issues and not confirmed_reason.strip():
        raise NeedsConfirmation(issues)
    return _Values(measured_on=measured_on, position=position, evaluation=evaluation, **parsed)


def _refuse_duplicate_day(
    child: Child, measured_on: dt.date, exclude_pk: uuid.UUID | None = None
) -> None:
    same_day = GrowthMeasurement.objects.filter(child=child, measured_on=measured_on)
    if exclude_pk is not None:
        same_day = same_day.exclude(pk=exclude_pk)
    if same_day.exists():
        raise DomainError(
            "already_measured_that_day",
            _("This child already has a measurement on %(date)s: edit it instead."),
            field="measured_on",
            params={"date": measured_on},
        )


@transaction.atomic
def growth_measurement_record(
    *,
    child: Child,
    measured_on: dt.date,
    recorded_by: User,
    weight_kg: Decimal | str | None = None,
    length_height_cm: Decimal | str | None = None,
    position: str = "",
    head_circumference_cm: Decimal | str | None = None,
    note: str = "",
    confirmed_reason: str = "",
) -> GrowthMeasurement:
    """Record one measurement of ``child`` taken on ``measured_on`` (centre-local date).

    Values: ``weight_kg`` (≤ 3 decimals), ``length_height_cm`` with ``position`` ``recumbent``
    or ``standing``, ``head_circumference_cm`` (≤ 1 decimal); at least one. ``confirmed_reason``
    keeps values the plausibility checks question and is stored.

    Raises :class:`~health_records.exceptions.PermissionDeniedError` (``medical_only``,
    ``not_your_centre`` via the doctor/nurse check); :class:`DomainError`: ``consent_missing`` /
    ``consent_policy_missing`` (guardian consent, PIPL), the engine's codes
    (:data:`ENGINE_ERRORS`), ``too_many_decimals``, ``nothing_measured``,
    ``already_measured_that_day``; :class:`NeedsConfirmation` (nothing stored for any).

    Side effects: the measurement (+ history, ``recorded_by`` as history user), its stored
    evaluation, and a ``growth_review`` alert when :func:`review_reasons` finds any (same
    transaction; the alert pipeline delivers after commit).
    """
    require_medical(recorded_by, child.centre)
    consent_require(child=child)
    values = _checked_values(
        child=child,
        values={
            "measured_on": measured_on,
            "weight_kg": weight_kg,
            "length_height_cm": length_height_cm,
            "position": position,
            "head_circumference_cm": head_circumference_cm,
        },
        confirmed_reason=confirmed_reason,
    )
    _refuse_duplicate_day(child, values.measured_on)
    measurement = save_new(
        GrowthMeasurement(
            centre=child.centre,
            child=child,
            recorded_by=recorded_by,
            measured_on=values.measured_on,
            weight_kg=values.weight_kg,
            length_height_cm=values.length_height_cm,
            position=values.position,
            head_circumference_cm=values.head_circumference_cm,
            note=note,
            confirmed_reason=confirmed_reason.strip(),
        ),
        recorded_by,
    )
    _evaluate_and_review(measurement, values.evaluation)
    _reevaluate_after(child.pk, measurement.measured_on)
    logger.info("growth measurement %s recorded for child %s", measurement.pk, child.pk)
    return measurement


@edit_conflicts_recorded(record="measurement", user="edited_by")
@transaction.atomic
def growth_measurement_edit(
    *,
    measurement: GrowthMeasurement,
    expected_version: int,
    edited_by: User,
    changes: Mapping[str, object],
) -> GrowthMeasurement:
    """Correct a measurement: any of ``measured_on``, ``weight_kg``, ``length_height_cm``,
    ``position``, ``head_circumference_cm``, ``note``, ``confirmed_reason``.

    The corrected values go through the same checks as :func:`growth_measurement_record`; the
    measurement and every later one of the child are re-evaluated, and a review alert is raised
    for this one as when recording. ``recorded_by`` never changes; history records
    ``edited_by``.

    Raises :class:`~health_records.exceptions.ConflictError` ``edited_by_someone_else`` when
    ``expected_version`` is stale; ``field_not_editable``; the errors of
    :func:`growth_measurement_record`. Nothing is stored when any is raised.
    """
    require_medical(edited_by, measurement.centre)
    consent_require(child=measurement.child)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise DomainError(
            "field_not_editable", _("This field cannot be changed."), field=min(unknown)
        )
    locked = lock_for_update(measurement, expected_version)
    merged: dict[str, Any] = {
        "measured_on": locked.measured_on,
        "weight_kg": locked.weight_kg,
        "length_height_cm": locked.length_height_cm,
        "position": locked.position,
        "head_circumference_cm": locked.head_circumference_cm,
        **changes,
    }
    reason = str(changes.get("confirmed_reason", locked.confirmed_reason) or "")
    values = _checked_values(
        child=locked.child, values=merged, confirmed_reason=reason, exclude_pk=locked.pk
    )
    _refuse_duplicate_day(locked.child, values.measured_on, exclude_pk=locked.pk)
    old_day = locked.measured_on
    saved = save_update(
        locked,
        {
            "measured_on": values.measured_on,
            "weight_kg": values.weight_kg,
            "length_height_cm": values.length_height_cm,
            "position": values.position,
            "head_circumference_cm": values.head_circumference_cm,
            "note": str(changes.get("note", locked.note)),
            "confirmed_reason": reason.strip(),
        },
        edited_by,
        EDITABLE,
    )
    _evaluate_and_review(saved, values.evaluation)
    _reevaluate_after(saved.child_id, min(old_day, saved.measured_on))
    logger.info("growth measurement %s edited (version %s)", saved.pk, saved.version)
    return saved


@dataclass(frozen=True)
class BatchEntry:
    """One row of the classroom batch screen: a child and the values typed for them."""

    child: Child
    weight_kg: Decimal | str | None = None
    length_height_cm: Decimal | str | None = None
    position: str = ""
    head_circumference_cm: Decimal | str | None = None
    note: str = ""
    confirmed_reason: str = ""


@dataclass
class BatchOutcome:
    """What happened to one :class:`BatchEntry`: ``measurement`` saved, or ``error``."""

    entry: BatchEntry
    measurement: GrowthMeasurement | None = None
    error: DomainError | ValidationError | None = None
    issues: list[DomainError] = field(default_factory=list)


def growth_measurements_record_batch(
    *,
    entries: Sequence[BatchEntry],
    measured_on: dt.date,
    recorded_by: User,
) -> list[BatchOutcome]:
    """Record a classroom's measuring day: each entry through :func:`growth_measurement_record`
    in its own transaction, so one child's refused values do not hold back the others'.

    Returns one :class:`BatchOutcome` per entry, in order. Refusals are returned, not raised,
    except :class:`~health_records.exceptions.PermissionDeniedError` (raised before anything is
    stored when ``recorded_by`` is not the medical team of every entry's centre).
    """
    for centre in {entry.child.centre for entry in entries}:
        require_medical(recorded_by, centre)
    outcomes: list[BatchOutcome] = []
    for entry in entries:
        outcome = BatchOutcome(entry=entry)
        try:
            outcome.measurement = growth_measurement_record(
                child=entry.child,
                measured_on=measured_on,
                recorded_by=recorded_by,
                weight_kg=entry.weight_kg,
                length_height_cm=entry.length_height_cm,
                position=entry.position,
                head_circumference_cm=entry.head_circumference_cm,
                note=entry.note,
                confirmed_reason=entry.confirmed_reason,
            )
        except NeedsConfirmation as exc:
            outcome.error = exc
            outcome.issues = exc.issues
        except (DomainError, ValidationError) as exc:
            outcome.error = exc
        outcomes.append(outcome)
    return outcomes


def growth_evaluations_recompute(
    *,
    stale_only: bool = False,
    child_ids: Iterable[object] | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Re-evaluate stored measurements with the current engine (``ENGINE_VERSION``).

    Child by child, in date order (faltering compares consecutive weights), each child in its
    own transaction. ``stale_only``: only children with an evaluation of another engine version
    or none. ``progress`` is called with the number of measurements done after each child.
    Raw values and measurement history are never touched; no alerts are raised (a recompute is
    not a new finding). Returns the number of measurements re-evaluated.
    """
    children = GrowthMeasurement.objects.all()
    if child_ids is not None:
        children = children.filter(child_id__in=list(child_ids))
    if stale_only:
        children = children.exclude(evaluation__engine_version=ENGINE_VERSION)
    done = 0
    for child_id in children.values_list("child_id", flat=True).distinct().order_by("child_id"):
        with transaction.atomic():
            items = list(
                GrowthMeasurement.objects.filter(child_id=child_id)
                .select_related("child", "centre")
                .order_by("measured_on")
            )
            evaluations_save(series_evaluations(items))
        done += len(items)
        if progress is not None:
            progress(len(items))
    logger.info("growth evaluations recomputed: %s measurements", done)
    return done
