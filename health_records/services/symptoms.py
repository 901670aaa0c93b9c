"""Symptom flags (上报症状): the one write path for a caregiver's tap and for health rules."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from decimal import Decimal

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import (
    AlertKind,
    AlertSeverity,
    Child,
    StaffMembership,
    StaffRole,
    Symptom,
    SymptomFlag,
    SymptomSeverity,
)

from .alerts import alert_raise
from .clusters import cluster_check

logger = logging.getLogger(__name__)

DANGER_SIGNS = frozenset({Symptom.SEIZURE, Symptom.BREATHING_DIFFICULTY})
"""Always critical: convulsions and difficulty breathing are general danger signs needing urgent
care (WHO, Integrated Management of Childhood Illness, chart booklet 2014: "convulsions",
"chest indrawing / stridor")."""

AT_LEAST_URGENT = frozenset({Symptom.ALLERGIC_REACTION})
"""Never only routine: an allergic reaction can progress to anaphylaxis within minutes
(WAO anaphylaxis guidance 2020)."""

HIGH_FEVER_C = Decimal("39.0")
"""Fever ≥ 39 °C is at least urgent (NICE NG143 traffic-light table: ≥ 39 °C is an amber sign
at 3–6 months; the medical team should see the child, not only read a note)."""

FLAG_MAX_AGE = timedelta(days=7)
FLAG_MAX_FUTURE = timedelta(minutes=5)

SEVERITY_TO_ALERT = {
    SymptomSeverity.MILD: AlertSeverity.ROUTINE,
    SymptomSeverity.MODERATE: AlertSeverity.URGENT,
    SymptomSeverity.SEVERE: AlertSeverity.CRITICAL,
}


def alert_severity_for(*, symptom: str, severity: str, temperature_c: Decimal | None) -> str:
    """The alert severity for a flag: mild → routine, moderate → urgent, severe → critical,
    raised for danger signs (critical), allergic reactions and fever ≥ 39 °C (at least urgent)."""
    result = SEVERITY_TO_ALERT[SymptomSeverity(severity)]
    if symptom in DANGER_SIGNS:
        return AlertSeverity.CRITICAL
    floor_urgent = symptom in AT_LEAST_URGENT or (
        symptom == Symptom.FEVER and temperature_c is not None and temperature_c >= HIGH_FEVER_C
    )
    if floor_urgent and result == AlertSeverity.ROUTINE:
        return AlertSeverity.URGENT
    return result


def symptom_dedup_key(child: Child, symptom: str) -> str:
    """``symptom:<child id>:<symptom>``: one open alert per child and problem."""
    return f"symptom:{child.pk}:{symptom}"


def require_flagger(raised_by: User, child: Child) -> None:
    """Raise :class:`PermissionDeniedError` (``not_centre_staff`` / ``not_your_classroom``)
    unless ``raised_by`` may flag a symptom on ``child`` (centre staff; caregivers: own rooms)."""
    membership = StaffMembership.objects.filter(
        user=raised_by, centre_id=child.centre_id, is_active=True
    ).first()
    if membership is None:
        raise PermissionDeniedError(
            "not_centre_staff", _("Only the centre's staff can flag a symptom.")
        )
    if (
        membership.role == StaffRole.CAREGIVER
        and child.classroom_id is not None
        and not membership.classrooms.filter(pk=child.classroom_id).exists()
    ):
        raise PermissionDeniedError(
            "not_your_classroom", _("You can only flag children of your own classrooms.")
        )


@transaction.atomic
def symptom_flag_raise(
    *,
    child: Child,
    symptom: str,
    severity: str,
    observed_at: datetime,
    raised_by: User | None,
    temperature_c: Decimal | None = None,
    note: str = "",
    rule: str = "",
    source: models.Model | None = None,
) -> SymptomFlag:
    """Flag a symptom on ``child`` and raise (or add to) its alert in the same transaction.

    ``symptom`` ∈ :class:`Symptom` codes (fever, low_temperature, cough, rash, vomiting,
    diarrhoea, lethargy, breathing_difficulty, seizure, allergic_reaction, injury,
    hand_foot_mouth_signs, refusing_food, other); ``severity`` ∈ mild / moderate / severe;
    ``observed_at`` timezone-aware, at most 7 days ago and not in the future; ``temperature_c``
    in °C (30.0–43.5). ``raised_by`` ``None`` = a health rule, and ``rule`` names it (e.g.
    ``fever_axillary_37_3``); a person must be staff of the child's centre, a caregiver of the
    child's classroom. ``source`` = the record that triggered it (stored as a generic relation).

    Side effects: one ``SymptomFlag`` (with history), its ``Alert`` via
    :func:`~health_records.services.alerts.alert_raise` (dedup key ``symptom:<child>:<symptom>``,
    severity from :func:`alert_severity_for`), outbreak alerts from
    :func:`~health_records.services.clusters.cluster_check`; delivery tasks are published only
    after the outermost transaction commits. Raises :class:`DomainError` (``unknown_symptom``,
    ``unknown_severity``, ``observed_at_naive``, ``observed_in_future``, ``observed_too_old``,
    ``child_not_enrolled``, ``rule_missing``), :class:`PermissionDeniedError`
    (``not_centre_staff``, ``not_your_classroom``), ``ValidationError`` (temperature range).
    Nothing is stored when it raises.
    """
    if symptom not in Symptom.values:
        raise DomainError("unknown_symptom", _("Choose a symptom."), field="symptom")
    if severity not in SymptomSeverity.values:
        raise DomainError("unknown_severity", _("Choose a severity."), field="severity")
    if timezone.is_naive(observed_at):
        raise DomainError(
            "observed_at_naive", _("The observation time has no time zone."), field="observed_at"
        )
    now = timezone.now()
    if observed_at > now + FLAG_MAX_FUTURE:
        raise DomainError(
            "observed_in_future", _("The observation time is in the future."), field="observed_at"
        )
    if observed_at < now - FLAG_MAX_AGE:
        raise DomainError(
            "observed_too_old",
            _("The observation is more than 7 days old; record it as a note."),
            field="observed_at",
        )
    local_day = timezone.localtime(observed_at, child.centre.tz).date()
    if not child.is_enrolled_on(local_day):
        raise DomainError("child_not_enrolled", _("The child is not enrolled on that day."))
    if raised_by is None and not rule:
        raise DomainError("rule_missing", _("A flag raised by a health rule must name the rule."))
    if raised_by is not None:
        require_flagger(raised_by, child)

    flag = SymptomFlag(
        centre=child.centre,
        child=child,
        classroom_id=child.classroom_id,
        symptom=symptom,
        severity=severity,
        observed_at=observed_at,
        temperature_c=temperature_c,
        note=note.strip(),
        raised_by=raised_by,
        rule=rule,
    )
    if source is not None:
        flag.source_type = ContentType.objects.get_for_model(source)
        flag.source_id = str(source.pk)
    # Foreign keys are objects in hand (the child's centre and classroom, the checked user);
    # clean() still checks that the child belongs to the centre.
    flag.full_clean(exclude=["alert", "centre", "child", "classroom", "raised_by", "source_type"])
    with translation.override("en"):
        title = str(Symptom(symptom).label)
    alert = alert_raise(
        centre=child.centre,
        child=child,
        kind=AlertKind.SYMPTOM,
        severity=alert_severity_for(
            symptom=symptom, severity=severity, temperature_c=temperature_c
        ),
        dedup_key=symptom_dedup_key(child, symptom),
        title=title,
        rule=rule,
        source=flag,
        detail={
            "symptom": symptom,
            "symptom_severity": severity,
            "last_flag_id": str(flag.pk),
            "temperature_c": str(temperature_c) if temperature_c is not None else None,
        },
    )
    flag.alert = alert
    flag.save()
    logger.info("symptom flag %s child=%s alert=%s", flag.pk, child.pk, alert.pk)
    cluster_check(flag=flag)
    return flag
