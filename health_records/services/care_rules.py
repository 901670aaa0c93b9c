"""Apply the health rules after a day record is written (same transaction as the record).

Each ``apply_*`` reads what its rule needs, calls the pure rule in ``health_records.rules``, and
on a hit raises a symptom flag (``services.symptoms.symptom_flag_raise``, which writes its Alert
through ``alert_raise``) or, for refused meals and possibly infectious sickness absences, a
``care_note`` alert (``services.alerts.alert_raise``). The alert pipeline sends its task after
commit, so a refused record raises nothing. Rule-raised flags have ``raised_by=None`` and name
their rule.
"""

from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import (
    Attendance,
    Centre,
    DailyHealthCheck,
    HealthRuleSettings,
    MealRecord,
    StaffRole,
    StoolType,
    ToiletingRecord,
    VomitRecord,
)
from health_records.rules import RuleHit
from health_records.rules.meals import refused_meals_rule
from health_records.rules.stools import WINDOW, diarrhoea_rule
from health_records.rules.temperature import temperature_rule
from health_records.rules.vomiting import vomiting_rule

from .day_common import day_bounds, local_day, membership_of

logger = logging.getLogger(__name__)

RECENT_MEALS = 6
"""Enough recent meals to see a streak of refusals up to the largest allowed threshold."""


def thresholds_for(centre: Centre) -> HealthRuleSettings:
    """The centre's thresholds; an unsaved row with the defaults when none was configured."""
    found = HealthRuleSettings.objects.filter(centre=centre).first()
    return found if found is not None else HealthRuleSettings(centre=centre)


THRESHOLD_FIELDS = (
    "fever_axillary_c",
    "low_temperature_c",
    "loose_stools_in_24h",
    "vomits_per_day",
    "refused_meals_in_row",
)
"""The editable thresholds of :class:`HealthRuleSettings`, in the order the page shows them."""

RULE_EDITORS = frozenset({StaffRole.DIRECTOR, StaffRole.DOCTOR})
"""Who may change a centre's thresholds: the director (who answers for the centre's policies)
and the centre doctor (who answers for what the rules send to the medical team). Nurses and
caregivers work with the thresholds but do not set them."""


def threshold_limits(name: str) -> tuple[Decimal, Decimal]:
    """The allowed (lowest, highest) value of a threshold, read from the model's validators."""
    field = HealthRuleSettings._meta.get_field(name)
    assert isinstance(field, models.Field)
    low = next(v.limit_value for v in field.validators if isinstance(v, MinValueValidator))
    high = next(v.limit_value for v in field.validators if isinstance(v, MaxValueValidator))
    return Decimal(low), Decimal(high)


def _conflict() -> ConflictError:
    return ConflictError(
        "edited_by_someone_else",
        _(
            "Someone else saved this record while you were editing it. Your change was not "
            "saved: reload to see their version, then edit again."
        ),
    )


@transaction.atomic
def health_rule_settings_update(
    *,
    centre: Centre,
    changed_by: User,
    expected_version: int,
    values: dict[str, Decimal | int],
) -> HealthRuleSettings:
    """Set ``centre``'s health-rule thresholds to ``values`` (all of :data:`THRESHOLD_FIELDS`).

    Units: ``fever_axillary_c`` and ``low_temperature_c`` in °C (one decimal), the others counts.
    Every value is checked against its range (fever 37.0–39.0 °C, low temperature 34.0–36.0 °C,
    loose stools 2–10 in 24 h, vomits 1–10 a day, refused meals 1–6 in a row); all errors are
    raised together as one ``ValidationError`` keyed by field, and nothing is saved. The
    defaults count as version 1: the first save creates the centre's row at version 2.

    Raises :class:`PermissionDeniedError` ``director_or_doctor_only``; ``ValidationError``
    (``out_of_range``); :class:`DomainError` ``nothing_changed``; :class:`ConflictError`
    ``edited_by_someone_else``. Side effect: the row saved with ``changed_by`` in its history
    (which the page shows: who changed what, when). The new values apply to records written
    after the save; earlier flags are not recomputed.
    """
    membership = membership_of(changed_by, centre)
    if membership is None or membership.role not in RULE_EDITORS:
        raise PermissionDeniedError(
            "director_or_doctor_only",
            _("Only the centre director or the centre doctor can change the thresholds."),
        )
    errors: dict[str, list[ValidationError]] = {}
    for name in THRESHOLD_FIELDS:
        low, high = threshold_limits(name)
        value = values[name]
        if not low <= Decimal(value) <= high:
            errors[name] = [
                ValidationError(
                    _("Enter a value from %(low)s to %(high)s."),
                    code="out_of_range",
                    params={"low": low, "high": high},
                )
            ]
    if errors:
        raise ValidationError(errors)
    current = HealthRuleSettings.objects.select_for_update().filter(centre=centre).first()
    stored_version = current.version if current is not None else 1
    if stored_version != expected_version:
        raise _conflict()
    row = current if current is not None else HealthRuleSettings(centre=centre)
    if all(getattr(row, n) == values[n] for n in THRESHOLD_FIELDS):
        raise DomainError("nothing_changed", _("Nothing was changed."))
    for name in THRESHOLD_FIELDS:
        setattr(row, name, values[name])
    row.version = stored_version + 1
    row.full_clean()
    row._history_user = changed_by  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:  # another first save created the centre's row meanwhile
        raise _conflict() from exc
    logger.info("health rule thresholds of centre %s changed (version %s)", centre.pk, row.version)
    return row


def _raise_flag(
    hit: RuleHit,
    *,
    record: object,
    child: object,
    observed_at: dt.datetime,
    temperature_c: object = None,
) -> None:
    from health_records.services.symptoms import symptom_flag_raise

    logger.info("rule %s fired for child %s", hit.rule, getattr(child, "pk", None))
    symptom_flag_raise(
        child=child,  # type: ignore[arg-type]
        symptom=hit.symptom,
        severity=hit.severity,
        observed_at=observed_at,
        raised_by=None,
        temperature_c=temperature_c,  # type: ignore[arg-type]
        rule=hit.rule,
        source=record,  # type: ignore[arg-type]
    )


def apply_temperature_rules(check: DailyHealthCheck) -> RuleHit | None:
    """Fever / low temperature at a daily health check → symptom flag. Returns the hit."""
    limits = thresholds_for(check.centre)
    hit = temperature_rule(
        check.temperature_c,
        check.temperature_site,
        fever_from_c=limits.fever_axillary_c,
        low_below_c=limits.low_temperature_c,
    )
    if hit is not None:
        _raise_flag(
            hit,
            record=check,
            child=check.child,
            observed_at=check.checked_at,
            temperature_c=check.temperature_c,
        )
    return hit


def apply_stool_rule(record: ToiletingRecord) -> RuleHit | None:
    """≥ N loose/watery stools in 24 h (the record's time ends the window) → diarrhoea flag."""
    if not record.is_loose_stool:
        return None
    limits = thresholds_for(record.centre)
    times = list(
        ToiletingRecord.objects.filter(
            child=record.child,
            stool_type__in=[StoolType.LOOSE, StoolType.WATERY],
            occurred_at__gt=record.occurred_at - WINDOW,
            occurred_at__lte=record.occurred_at,
        ).values_list("occurred_at", flat=True)
    )
    hit = diarrhoea_rule(times, record.occurred_at, threshold=limits.loose_stools_in_24h)
    if hit is not None:
        _raise_flag(hit, record=record, child=record.child, observed_at=record.occurred_at)
    return hit


def apply_vomit_rule(record: VomitRecord) -> RuleHit | None:
    """N vomits in the centre-local day → vomiting flag."""
    limits = thresholds_for(record.centre)
    start, end = day_bounds(record.centre, local_day(record.centre, record.occurred_at))
    count = VomitRecord.objects.filter(
        child=record.child, occurred_at__gte=start, occurred_at__lt=end
    ).count()
    hit = vomiting_rule(count, threshold=limits.vomits_per_day)
    if hit is not None:
        _raise_flag(hit, record=record, child=record.child, observed_at=record.occurred_at)
    return hit


def apply_meal_rule(record: MealRecord) -> RuleHit | None:
    """Refused N meals in a row → a ``care_note`` alert for the nurse (routine)."""
    from health_records.services.alerts import alert_raise

    limits = thresholds_for(record.centre)
    recent = list(
        MealRecord.objects.filter(child=record.child, occurred_at__lte=record.occurred_at)
        .order_by("-occurred_at")
        .values_list("amount_eaten", flat=True)[
            : max(RECENT_MEALS, limits.refused_meals_in_row + 1)
        ]
    )
    hit = refused_meals_rule(list(reversed(recent)), threshold=limits.refused_meals_in_row)
    if hit is None:
        return None
    logger.info("rule %s fired for child %s", hit.rule, record.child_id)
    alert_raise(
        centre=record.centre,
        child=record.child,
        kind="care_note",
        severity=hit.severity,
        dedup_key=f"care_note:{hit.rule}:{record.child_id}:{record.day.isoformat()}",
        title=gettext_noop("Refused %(n)s meals in a row"),
        title_params={"n": limits.refused_meals_in_row},
        rule=hit.rule,
        source=record,
        detail=hit.detail,
    )
    return hit


def apply_infectious_absence_escalation(absence: Attendance) -> None:
    """A sickness absence that may be infectious → an urgent ``care_note`` alert to the doctor."""
    from health_records.services.alerts import alert_raise

    logger.info("sickness absence %s escalated (possibly infectious)", absence.pk)
    alert_raise(
        centre=absence.centre,
        child=absence.child,
        kind="care_note",
        severity="urgent",
        dedup_key=f"care_note:sickness_absence_infectious:{absence.child_id}:{absence.day}",
        title=gettext_noop("Sickness absence that may be infectious"),
        rule="sickness_absence_infectious",
        source=absence,
        detail={"day": absence.day.isoformat()},
    )
