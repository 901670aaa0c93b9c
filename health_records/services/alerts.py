"""Alerts: raise (with deduplication), page by escalation policy, escalate, triage, resolve.

Durability (issue 6): every write here runs inside the caller's transaction. The
:class:`~health_records.models.AlertDelivery` rows written with an alert are the durable outbox;
the Celery task ``health_records.alert_delivery_send`` is published only after commit
(``transaction.on_commit``), and the beat-driven sweep (:func:`alerts_sweep`) re-publishes any
delivery that is still pending at its ``next_dispatch_at``, escalates at
``Alert.next_escalation_at`` and re-pages at ``Alert.repage_at``. Nothing is held in a task
countdown longer than a transient-failure backoff.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import (
    Alert,
    AlertChannelConfig,
    AlertDelivery,
    AlertKind,
    AlertSeverity,
    AlertState,
    AlertTriageEntry,
    Centre,
    Channel,
    Child,
    DeliveryAudience,
    DeliveryStatus,
    EscalationPolicy,
    Guardianship,
    NotificationProfile,
    StaffMembership,
    StaffRole,
    TriageAction,
    TriageEntryKind,
)
from health_records.models.alerts import (
    GROUP_CHANNELS,
    SEVERITY_RANK,
    UNACKNOWLEDGED_STATES,
)
from health_records.models.checks import validate_not_fahrenheit

logger = logging.getLogger(__name__)

DELIVERY_TASK = "health_records.alert_delivery_send"


def _setting(name: str, default: float) -> float:
    """An alert timing from settings (seconds); read at call time, never at import."""
    return float(getattr(settings, name, default))


# --------------------------------------------------------------------------------------------
# Escalation policy
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    """Page everyone with one of ``roles`` at ``level``, ``after_seconds`` into the round."""

    level: int
    after_seconds: int
    roles: tuple[str, ...]


DEFAULT_STEPS: dict[str, tuple[Step, ...]] = {
    # Routine: the medical team reviews it in the app; no escalation.
    AlertSeverity.ROUTINE: (Step(0, 0, (StaffRole.NURSE, StaffRole.DOCTOR)),),
    # Urgent: the nurse on duty, the doctor after 5 min, the director after 10 (issue 6 defaults).
    AlertSeverity.URGENT: (
        Step(0, 0, (StaffRole.NURSE,)),
        Step(1, 300, (StaffRole.DOCTOR,)),
        Step(2, 600, (StaffRole.DIRECTOR,)),
    ),
    # Critical: everyone at once.
    AlertSeverity.CRITICAL: (Step(0, 0, (StaffRole.NURSE, StaffRole.DOCTOR, StaffRole.DIRECTOR)),),
}
DEFAULT_REPAGE_AFTER_ACK_SECONDS: dict[str, int | None] = {
    AlertSeverity.ROUTINE: None,
    AlertSeverity.URGENT: 30 * 60,
    AlertSeverity.CRITICAL: 15 * 60,
}
KIND_STEPS: dict[str, tuple[Step, ...]] = {
    # Outbreak warnings go to the doctor and the director (they report to the CDC within 24 h).
    AlertKind.OUTBREAK: (Step(0, 0, (StaffRole.DOCTOR, StaffRole.DIRECTOR)),),
    AlertKind.PIPELINE_STALL: (
        Step(0, 0, (StaffRole.NURSE, StaffRole.DOCTOR, StaffRole.DIRECTOR)),
    ),
}
FALLBACK_ROLES = (StaffRole.NURSE, StaffRole.DOCTOR, StaffRole.DIRECTOR)
"""Who is paged when a step's roles have nobody at the centre: an alert never goes to no one."""


@dataclass(frozen=True)
class Policy:
    steps: tuple[Step, ...]
    repage_after_ack_seconds: int | None


def escalation_policy_for(*, centre: Centre, severity: str, kind: str) -> Policy:
    """The steps (sorted by level) and re-page interval for an alert of ``severity`` and ``kind``.

    Outbreak and stall alerts have fixed recipients; otherwise the centre's
    :class:`EscalationPolicy` row for the severity, else :data:`DEFAULT_STEPS`.
    """
    repage = DEFAULT_REPAGE_AFTER_ACK_SECONDS[severity]
    if kind in KIND_STEPS:
        return Policy(KIND_STEPS[kind], repage)
    row = (
        EscalationPolicy.objects.filter(centre=centre, severity=severity)
        .prefetch_related("steps")
        .first()
    )
    if row is None or not row.steps.all():
        return Policy(DEFAULT_STEPS[severity], repage)
    by_level: dict[int, tuple[int, list[str]]] = {}
    for step in row.steps.all():
        after, roles = by_level.setdefault(step.level, (step.after_seconds, []))
        roles.append(step.role)
        by_level[step.level] = (min(after, step.after_seconds), roles)
    steps = tuple(
        Step(level, after, tuple(roles)) for level, (after, roles) in sorted(by_level.items())
    )
    return Policy(steps, row.repage_after_ack_seconds)


# --------------------------------------------------------------------------------------------
# Paging: which deliveries a level produces
# --------------------------------------------------------------------------------------------


def _staff_users(centre: Centre, roles: Iterable[str]) -> list[Any]:
    memberships = (
        StaffMembership.objects.filter(centre=centre, is_active=True, role__in=list(roles))
        .select_related("user", "user__notification_profile")
        .order_by("role", "user__username")
    )
    return [m.user for m in memberships if m.user.is_active]


def _profiles(users: Sequence[Any]) -> dict[Any, NotificationProfile]:
    """Profiles by user id; uses the ones already joined by :func:`_staff_users`."""
    found: dict[Any, NotificationProfile] = {}
    missing = []
    for user in users:
        cache = getattr(user, "_state", None)
        if cache is not None and "notification_profile" in cache.fields_cache:
            if cache.fields_cache["notification_profile"] is not None:
                found[user.pk] = cache.fields_cache["notification_profile"]
        else:
            missing.append(user.pk)
    if missing:
        found.update(
            (p.user_id, p) for p in NotificationProfile.objects.filter(user_id__in=missing)
        )
    return found


def _channel_configs(centre: Centre, severity: str) -> list[AlertChannelConfig]:
    rank = SEVERITY_RANK[AlertSeverity(severity)]
    return [
        c
        for c in AlertChannelConfig.objects.filter(centre=centre, enabled=True).order_by("name")
        if SEVERITY_RANK[AlertSeverity(c.min_severity)] <= rank
    ]


def _default_language() -> str:
    return str(settings.LANGUAGE_CODE)


def _plan_staff_deliveries(
    alert: Alert, users: Sequence[Any], level: int, now: datetime
) -> list[AlertDelivery]:
    """In-app to every user; e-mail / SMS to those reachable; one post per group channel."""
    configs = _channel_configs(alert.centre, alert.severity)
    profiles = _profiles(users)
    redispatch = timedelta(seconds=_setting("ALERT_REDISPATCH_AFTER_SECONDS", 15))
    rows: list[AlertDelivery] = []

    def add(channel: str, key: str, **kw: Any) -> None:
        rows.append(
            AlertDelivery(
                alert=alert,
                channel=channel,
                audience=DeliveryAudience.STAFF,
                recipient_key=key,
                level=level,
                round=alert.round,
                created_at=now,
                next_dispatch_at=now + redispatch,
                **kw,
            )
        )

    for user in users:
        profile = profiles.get(user.pk)
        language = profile.language if profile else _default_language()
        add(Channel.IN_APP, f"user:{user.pk}", recipient_user=user, language=language)
        for config in configs:
            if config.channel == Channel.EMAIL and user.email:
                add(
                    Channel.EMAIL,
                    f"user:{user.pk}",
                    recipient_user=user,
                    channel_config=config,
                    address=user.email,
                    language=language,
                )
            elif config.channel == Channel.SMS and profile and profile.mobile_phone:
                add(
                    Channel.SMS,
                    f"user:{user.pk}",
                    recipient_user=user,
                    channel_config=config,
                    address=profile.mobile_phone,
                    language=language,
                )
    for config in configs:
        if config.channel in GROUP_CHANNELS:
            add(
                config.channel,
                f"config:{config.pk}",
                channel_config=config,
                language=_default_language(),
            )
    return rows


def _insert_and_dispatch(
    rows: list[AlertDelivery], alert: Alert, level: int, *, fresh: bool = False
) -> list[uuid.UUID]:
    """Insert the planned rows (ignoring ones that already exist) and publish them on commit.

    ``fresh``: the alert was created in this transaction, so no row can exist yet.
    """
    if not rows:
        return []
    AlertDelivery.objects.bulk_create(rows, ignore_conflicts=not fresh)
    if fresh:
        new_ids = [r.pk for r in rows]
        transaction.on_commit(lambda: dispatch_deliveries(new_ids))
        return new_ids
    ids = list(
        AlertDelivery.objects.filter(
            alert=alert,
            level=level,
            round=alert.round,
            status=DeliveryStatus.PENDING,
            id__in=[r.pk for r in rows],
        ).values_list("id", flat=True)
    )
    transaction.on_commit(lambda: dispatch_deliveries(ids))
    return ids


def _page_level(alert: Alert, step: Step, now: datetime, *, fresh: bool = False) -> list[uuid.UUID]:
    users = _staff_users(alert.centre, step.roles)
    if not users:
        logger.warning(
            "alert %s level %s: no staff with roles %s; paging everyone",
            alert.pk,
            step.level,
            ",".join(step.roles),
        )
        users = _staff_users(alert.centre, FALLBACK_ROLES)
    rows = _plan_staff_deliveries(alert, users, step.level, now)
    return _insert_and_dispatch(rows, alert, step.level, fresh=fresh)


def _plan_round(alert: Alert, policy: Policy, now: datetime) -> list[Step]:
    """Start a page round: level 0 and every step due at 0 s; sets the level and next deadline
    on ``alert`` (not saved) and returns the steps to page."""
    alert.round_started_at = now
    due_now = [s for s in policy.steps if s.after_seconds <= 0] or list(policy.steps[:1])
    alert.escalation_level = max(step.level for step in due_now)
    alert.next_escalation_at = _next_deadline(alert, policy)
    return due_now


def _next_deadline(alert: Alert, policy: Policy) -> datetime | None:
    if alert.severity == AlertSeverity.ROUTINE:
        return None
    later = [s for s in policy.steps if s.level > alert.escalation_level]
    if not later:
        return None
    return alert.round_started_at + timedelta(seconds=min(s.after_seconds for s in later))


# --------------------------------------------------------------------------------------------
# Publishing after commit
# --------------------------------------------------------------------------------------------

_broker_down_until = 0.0
_broker_failures = 0
_broker_lock = threading.Lock()


def dispatch_deliveries(delivery_ids: Iterable[uuid.UUID]) -> int:
    """Publish one ``alert_delivery_send`` message per id; returns how many were published.

    Never raises. A broker that refuses connections costs ~10 ms, a frozen one at most the
    socket timeout (5 s, ``medcare/celery.py``); after a failure this process stops publishing
    for ``ALERT_PUBLISH_PAUSE_SECONDS`` (doubling with each further failure, at most 60 s) and
    leaves the pending rows to the sweep, so a broken broker slows at most one request per
    pause. Called from ``transaction.on_commit`` only: a rolled-back alert never sends a message.
    """
    global _broker_down_until, _broker_failures
    from medcare.celery import app

    published = 0
    for delivery_id in delivery_ids:
        if time.monotonic() < _broker_down_until:
            logger.warning("broker paused; delivery %s left for the sweep", delivery_id)
            continue
        try:
            app.send_task(DELIVERY_TASK, args=[str(delivery_id)], retry=False)
        except Exception:  # noqa: BLE001 — any broker failure: the sweep re-sends
            with _broker_lock:
                _broker_failures += 1
                pause = min(
                    _setting("ALERT_PUBLISH_PAUSE_SECONDS", 5) * 2 ** (_broker_failures - 1), 60
                )
                _broker_down_until = time.monotonic() + pause
            logger.warning(
                "publishing delivery %s failed; pausing %.0f s, the sweep will re-send",
                delivery_id,
                pause,
                exc_info=True,
            )
        else:
            _broker_failures = 0
            published += 1
    return published


def _reset_broker_pause() -> None:
    """Forget broker failures (tests; the sweep, which runs only when the broker delivers)."""
    global _broker_down_until, _broker_failures
    _broker_down_until = 0.0
    _broker_failures = 0


# --------------------------------------------------------------------------------------------
# Raise
# --------------------------------------------------------------------------------------------


def _set_source(alert: Alert, source: models.Model | None) -> None:
    if source is None:
        return
    alert.source_type = ContentType.objects.get_for_model(source)
    alert.source_id = str(source.pk)


def _timeline(alert: Alert, kind: str, at: datetime, by: Any = None, **fields: Any) -> None:
    entry = AlertTriageEntry(alert=alert, kind=kind, at=at, by=by, **fields)
    entry.full_clean(exclude=["alert", "by"], validate_unique=False)
    entry.save()


def _check_choice(value: str, choices: type[models.TextChoices], code: str, what: str) -> None:
    if value not in choices.values:
        raise DomainError(
            code, _("Unknown %(what)s “%(value)s”."), params={"what": what, "value": value}
        )


def alert_raise(
    *,
    centre: Centre,
    child: Child | None,
    kind: str,
    severity: str,
    dedup_key: str,
    title: str,
    rule: str = "",
    source: models.Model | None = None,
    detail: dict[str, object] | None = None,
    title_params: dict[str, str | int] | None = None,
) -> Alert:
    """Open an alert, or add to the active one with the same ``dedup_key``.

    ``kind``: symptom / growth_review / medication_missed / outbreak / pipeline_stall / care_note;
    ``severity``: routine (review by the medical team, no paging escalation) / urgent / critical.
    ``title``: the English msgid without names, never an already-translated string (mark it with
    ``gettext_noop``): it is stored as given and translated for each viewer and each message
    recipient by :meth:`Alert.headline`. ``title_params``: values for its ``%(name)s``
    placeholders (numbers, times; no names), stored as ``detail["title_params"]`` and filled in
    after translation. ``detail``: JSON-serialisable facts (ids, codes);
    ``detail["classroom_id"]`` sets the classroom of an alert without a child.

    New alert: writes the ``Alert``, a ``raised`` timeline entry and the level-0
    ``AlertDelivery`` rows of the centre's escalation policy; the delivery tasks are published
    after commit. Active alert with the same key: ``occurrences`` +1 and ``detail`` updated, no page
    — unless ``severity`` is higher, which starts a new page round at level 0 with the new
    severity (and re-opens an acknowledged alert). Must be called inside the caller's
    transaction (it is atomic itself, so it is also safe alone). Raises :class:`DomainError`
    (``unknown_kind``, ``unknown_severity``, ``child_other_centre``); ``KeyError`` /
    ``TypeError`` (a programming error) when ``title_params`` do not fit ``title``.
    """
    _check_choice(kind, AlertKind, "unknown_kind", "alert kind")
    _check_choice(severity, AlertSeverity, "unknown_severity", "severity")
    with translation.override(None):
        title = str(title)  # a lazy string becomes its English msgid, not the caller's language
    if title_params:
        title % title_params  # noqa: B018 - fails now, not when someone opens the alert
        detail = {**(detail or {}), "title_params": dict(title_params)}
    if child is not None and child.centre_id != centre.pk:
        raise DomainError("child_other_centre", _("The child belongs to another centre."))
    now = timezone.now()
    with transaction.atomic():
        existing = _active_for_update(dedup_key)
        if existing is None:
            try:
                with transaction.atomic():
                    return _alert_create(
                        centre,
                        child,
                        kind,
                        severity,
                        dedup_key,
                        title,
                        rule,
                        source,
                        detail or {},
                        now,
                    )
            except IntegrityError:
                existing = _active_for_update(dedup_key)
                if existing is None:
                    raise
        return _alert_merge(existing, severity, detail or {}, now)


def _active_for_update(dedup_key: str) -> Alert | None:
    return (
        Alert.objects.select_for_update(of=("self",))
        .select_related("centre")
        .filter(dedup_key=dedup_key)
        .exclude(state=AlertState.RESOLVED)
        .first()
    )


def _alert_create(
    centre: Centre,
    child: Child | None,
    kind: str,
    severity: str,
    dedup_key: str,
    title: str,
    rule: str,
    source: models.Model | None,
    detail: dict[str, object],
    now: datetime,
) -> Alert:
    classroom_id = child.classroom_id if child is not None else detail.get("classroom_id")
    assert classroom_id is None or isinstance(classroom_id, (str, uuid.UUID))
    alert = Alert(
        centre=centre,
        child=child,
        classroom_id=classroom_id,
        kind=kind,
        severity=severity,
        state=AlertState.OPEN,
        dedup_key=dedup_key[:200],
        title=str(title)[:200],
        rule=rule,
        detail=detail,
        opened_at=now,
        last_raised_at=now,
        round_started_at=now,
    )
    _set_source(alert, source)
    policy = escalation_policy_for(centre=centre, severity=severity, kind=kind)
    steps = _plan_round(alert, policy, now)
    # Foreign keys come from objects the caller holds (and child/centre are checked above).
    alert.full_clean(
        exclude=["centre", "child", "classroom", "source_type"],
        validate_unique=False,  # random UUID key; the dedup constraint is handled above
        validate_constraints=False,
    )
    alert.save()
    _timeline(alert, TriageEntryKind.RAISED, now, severity=severity)
    for step in steps:
        _page_level(alert, step, now, fresh=True)
    logger.info("alert %s raised kind=%s severity=%s", alert.pk, kind, severity)
    return alert


def _alert_merge(alert: Alert, severity: str, detail: dict[str, object], now: datetime) -> Alert:
    alert.occurrences += 1
    alert.last_raised_at = now
    alert.detail = {**alert.detail, **detail}
    risen = SEVERITY_RANK[AlertSeverity(severity)] > SEVERITY_RANK[AlertSeverity(alert.severity)]
    if risen:
        alert.severity = severity
        alert.round += 1
        alert.state = AlertState.OPEN
        alert.repage_at = None
        _timeline(alert, TriageEntryKind.SEVERITY_RAISED, now, severity=severity)
        policy = escalation_policy_for(centre=alert.centre, severity=severity, kind=alert.kind)
        for step in _plan_round(alert, policy, now):
            _page_level(alert, step, now)
        logger.info("alert %s severity rose to %s: round %s", alert.pk, severity, alert.round)
    else:
        _timeline(alert, TriageEntryKind.REPEATED, now, severity=severity)
    alert.full_clean(validate_constraints=False)
    alert.save()
    return alert


# --------------------------------------------------------------------------------------------
# Escalation and re-paging (called by the sweep)
# --------------------------------------------------------------------------------------------


@transaction.atomic
def alert_escalate_due(*, alert_id: uuid.UUID, now: datetime | None = None) -> Alert | None:
    """Page the next level of an unacknowledged alert whose ``next_escalation_at`` has passed.

    Locks the alert row; an acknowledgement committed first wins (nothing is paged), one committed
    after sees the escalation already done — never both. Returns the alert if it escalated, else
    ``None``. Side effects: deliveries of the new level (published after commit), a timeline entry,
    state ``escalated``, the next deadline (or none after the last level).
    """
    now = now or timezone.now()
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("centre")
        .filter(pk=alert_id)
        .first()
    )
    if (
        alert is None
        or alert.state not in UNACKNOWLEDGED_STATES
        or alert.next_escalation_at is None
        or alert.next_escalation_at > now
    ):
        return None
    policy = escalation_policy_for(centre=alert.centre, severity=alert.severity, kind=alert.kind)
    elapsed = (now - alert.round_started_at).total_seconds()
    due = [
        s for s in policy.steps if s.level > alert.escalation_level and s.after_seconds <= elapsed
    ]
    for step in due:
        _page_level(alert, step, now)
        alert.escalation_level = step.level
        _timeline(alert, TriageEntryKind.ESCALATED, now, level=step.level)
        logger.info("alert %s escalated to level %s", alert.pk, step.level)
    if due:
        alert.state = AlertState.ESCALATED
    alert.next_escalation_at = _next_deadline(alert, policy)
    alert.save()
    return alert if due else None


@transaction.atomic
def alert_repage_due(*, alert_id: uuid.UUID, now: datetime | None = None) -> Alert | None:
    """Re-page an alert acknowledged but not resolved by its ``repage_at`` deadline.

    Starts a new round: level 0 of the policy and the person who acknowledged it are paged again;
    ``repage_at`` moves on by the same interval. Returns the alert, or ``None`` if not due.
    """
    now = now or timezone.now()
    alert = (
        Alert.objects.select_for_update(of=("self",))
        .select_related("centre")
        .filter(pk=alert_id)
        .first()
    )
    if (
        alert is None
        or alert.state != AlertState.ACKNOWLEDGED
        or alert.repage_at is None
        or alert.repage_at > now
    ):
        return None
    policy = escalation_policy_for(centre=alert.centre, severity=alert.severity, kind=alert.kind)
    alert.round += 1
    alert.round_started_at = now
    users = _staff_users(alert.centre, policy.steps[0].roles)
    if alert.acknowledged_by is not None and alert.acknowledged_by not in users:
        users.append(alert.acknowledged_by)
    _insert_and_dispatch(_plan_staff_deliveries(alert, users, 0, now), alert, 0)
    interval = policy.repage_after_ack_seconds
    alert.repage_at = now + timedelta(seconds=interval) if interval else None
    _timeline(alert, TriageEntryKind.REPAGED, now, level=0)
    alert.save()
    logger.info("alert %s re-paged (acknowledged, unresolved): round %s", alert.pk, alert.round)
    return alert


# --------------------------------------------------------------------------------------------
# Triage by the medical team
# --------------------------------------------------------------------------------------------


def _membership(user: User, centre_id: Any) -> StaffMembership | None:
    return StaffMembership.objects.filter(user=user, centre_id=centre_id, is_active=True).first()


def _require_role(user: User, alert: Alert, *, director_ok: bool) -> None:
    membership = _membership(user, alert.centre_id)
    allowed = membership is not None and (
        membership.is_medical or (director_ok and membership.role == StaffRole.DIRECTOR)
    )
    if not allowed:
        raise PermissionDeniedError(
            "not_medical_team", _("Only the centre's medical team can do this.")
        )


def _locked(alert: Alert) -> Alert:
    return (
        Alert.objects.select_for_update(of=("self",))
        .select_related("centre", "child")
        .get(pk=alert.pk)
    )


def _ack(alert: Alert, by: User, now: datetime) -> None:
    if alert.state not in UNACKNOWLEDGED_STATES:
        return
    alert.state = AlertState.ACKNOWLEDGED
    alert.acknowledged_at = now
    alert.acknowledged_by = by
    alert.next_escalation_at = None
    policy = escalation_policy_for(centre=alert.centre, severity=alert.severity, kind=alert.kind)
    interval = policy.repage_after_ack_seconds
    alert.repage_at = now + timedelta(seconds=interval) if interval else None
    _timeline(alert, TriageEntryKind.ACKNOWLEDGED, now, by=by)
    AlertDelivery.objects.filter(
        alert=alert, channel=Channel.IN_APP, recipient_user=by, read_at__isnull=True
    ).update(read_at=now)


def _refuse_resolved(alert: Alert) -> None:
    if alert.state == AlertState.RESOLVED:
        raise DomainError("alert_resolved", _("This alert is already resolved."))


@transaction.atomic
def alert_acknowledge(*, alert: Alert, by: User) -> Alert:
    """Acknowledge an alert: stops escalation, sets the re-page deadline of the policy.

    Idempotent (acknowledging an acknowledged alert changes nothing). Allowed for the medical
    team and the director. Raises :class:`PermissionDeniedError` (``not_medical_team``),
    :class:`DomainError` (``alert_resolved``).
    """
    _require_role(by, alert, director_ok=True)
    alert = _locked(alert)
    _refuse_resolved(alert)
    _ack(alert, by, timezone.now())
    alert.save()
    logger.info("alert %s acknowledged by user %s", alert.pk, by.pk)
    return alert


@transaction.atomic
def alert_assessment_add(*, alert: Alert, by: User, note: str) -> AlertTriageEntry:
    """Add the medical team's assessment note (acknowledges the alert if it was not yet).

    Raises :class:`DomainError` (``note_required``, ``alert_resolved``),
    :class:`PermissionDeniedError` (``not_medical_team``).
    """
    _require_role(by, alert, director_ok=False)
    if not note.strip():
        raise DomainError("note_required", _("Write the assessment."), field="note")
    alert = _locked(alert)
    _refuse_resolved(alert)
    now = timezone.now()
    _ack(alert, by, now)
    alert.save()
    entry = AlertTriageEntry(
        alert=alert, kind=TriageEntryKind.ASSESSMENT, at=now, by=by, note=note.strip()
    )
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def alert_vitals_record(
    *,
    alert: Alert,
    by: User,
    temperature_c: Decimal | None = None,
    heart_rate_per_min: int | None = None,
    respiratory_rate_per_min: int | None = None,
    spo2_percent: int | None = None,
    note: str = "",
) -> AlertTriageEntry:
    """Record vital signs taken by the medical team (°C, /min, /min, %); at least one.

    Ranges are validated by the model (``ValidationError``; nothing stored). Acknowledges the
    alert if it was not yet. Raises :class:`DomainError` (``vitals_required``,
    ``alert_resolved``, ``temperature_fahrenheit`` on ``temperature_c`` for 93–110, the daily
    check's own rule :func:`~health_records.models.checks.validate_not_fahrenheit`),
    :class:`PermissionDeniedError` (``not_medical_team``).
    """
    _require_role(by, alert, director_ok=False)
    values = (temperature_c, heart_rate_per_min, respiratory_rate_per_min, spo2_percent)
    if all(v is None for v in values):
        raise DomainError("vitals_required", _("Enter at least one vital sign."))
    if temperature_c is not None:
        try:
            validate_not_fahrenheit(temperature_c)
        except ValidationError as exc:
            raise DomainError(
                exc.code or "temperature_fahrenheit",
                exc.message,
                field="temperature_c",
                params=exc.params,
            ) from exc
    alert = _locked(alert)
    _refuse_resolved(alert)
    now = timezone.now()
    entry = AlertTriageEntry(
        alert=alert,
        kind=TriageEntryKind.VITALS,
        at=now,
        by=by,
        note=note.strip(),
        temperature_c=temperature_c,
        heart_rate_per_min=heart_rate_per_min,
        respiratory_rate_per_min=respiratory_rate_per_min,
        spo2_percent=spo2_percent,
    )
    entry.full_clean()
    _ack(alert, by, now)
    alert.save()
    entry.save()
    return entry


@transaction.atomic
def alert_action_record(*, alert: Alert, by: User, action: str, note: str = "") -> AlertTriageEntry:
    """Record the action taken (observe / call the guardian / send home / refer to the hospital).

    Acknowledges the alert if needed, stores the action on the alert, and notifies the child's
    guardians (in-app, plus e-mail/SMS where the centre's channel says so) in each guardian's
    language, published after commit. Raises :class:`DomainError` (``unknown_action``,
    ``alert_resolved``), :class:`PermissionDeniedError` (``not_medical_team``).
    """
    _require_role(by, alert, director_ok=False)
    if action not in TriageAction.values:
        raise DomainError("unknown_action", _("Choose an action."), field="action")
    alert = _locked(alert)
    _refuse_resolved(alert)
    now = timezone.now()
    _ack(alert, by, now)
    alert.action = action
    alert.save()
    entry = AlertTriageEntry(
        alert=alert, kind=TriageEntryKind.ACTION, at=now, by=by, action=action, note=note.strip()
    )
    entry.full_clean()
    entry.save()
    if alert.child is not None:
        sequence = AlertTriageEntry.objects.filter(alert=alert, kind=TriageEntryKind.ACTION).count()
        _notify_guardians(alert, sequence, now)
    return entry


def _notify_guardians(alert: Alert, sequence: int, now: datetime) -> list[uuid.UUID]:
    """One guardian notice per action: rows in round ``sequence`` of the guardian audience."""
    links = list(
        Guardianship.objects.filter(child=alert.child).select_related("user").order_by("pk")
    )
    users = [link.user for link in links]
    profiles = _profiles(users)
    configs = list(
        AlertChannelConfig.objects.filter(
            centre=alert.centre, enabled=True, notify_guardians=True
        ).order_by("name")
    )
    redispatch = timedelta(seconds=_setting("ALERT_REDISPATCH_AFTER_SECONDS", 15))
    rows: list[AlertDelivery] = []
    for link in links:
        profile = profiles.get(link.user_id)
        language = profile.language if profile else _default_language()
        phone = (profile.mobile_phone if profile else "") or link.phone
        common = {
            "alert": alert,
            "audience": DeliveryAudience.GUARDIAN,
            "recipient_user": link.user,
            "language": language,
            "level": 0,
            "round": sequence,
            "created_at": now,
            "next_dispatch_at": now + redispatch,
        }
        rows.append(
            AlertDelivery(channel=Channel.IN_APP, recipient_key=f"guardian:{link.pk}", **common)
        )
        for config in configs:
            if config.channel == Channel.EMAIL and link.user.email:
                rows.append(
                    AlertDelivery(
                        channel=Channel.EMAIL,
                        channel_config=config,
                        recipient_key=f"guardian:{link.pk}",
                        address=link.user.email,
                        **common,
                    )
                )
            elif config.channel == Channel.SMS and phone:
                rows.append(
                    AlertDelivery(
                        channel=Channel.SMS,
                        channel_config=config,
                        recipient_key=f"guardian:{link.pk}",
                        address=phone,
                        **common,
                    )
                )
    if not rows:
        return []
    AlertDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = [r.pk for r in rows]
    transaction.on_commit(lambda: dispatch_deliveries(ids))
    return ids


@transaction.atomic
def alert_resolve(
    *,
    alert: Alert,
    by: User | None,
    note: str = "",
    note_params: dict[str, str | int] | None = None,
) -> Alert:
    """Resolve an alert (acknowledging it first if needed); clears both deadlines.

    ``by`` None is the system (a stall that cleared, a missed dose recorded). ``note_params``
    given: ``note`` is a system msgid (``gettext_noop``) translated for each reader with them.
    Raises :class:`DomainError` (``alert_resolved``), :class:`PermissionDeniedError`
    (``not_medical_team``).
    """
    if by is not None:
        _require_role(by, alert, director_ok=False)
    alert = _locked(alert)
    _refuse_resolved(alert)
    now = timezone.now()
    if by is not None:
        _ack(alert, by, now)
    alert.state = AlertState.RESOLVED
    alert.resolved_at = now
    alert.resolved_by = by
    alert.next_escalation_at = None
    alert.repage_at = None
    alert.save()
    _timeline(
        alert,
        TriageEntryKind.RESOLVED,
        now,
        by=by,
        note=note.strip(),
        note_params=dict(note_params) if note_params is not None else None,
    )
    logger.info("alert %s resolved", alert.pk)
    return alert


@transaction.atomic
def alert_inbox_mark_read(*, user: User, alert: Alert) -> int:
    """Mark ``user``'s in-app deliveries of ``alert`` read; returns how many changed."""
    return AlertDelivery.objects.filter(
        alert=alert, channel=Channel.IN_APP, recipient_user=user, read_at__isnull=True
    ).update(read_at=timezone.now())


# --------------------------------------------------------------------------------------------
# Sweep
# --------------------------------------------------------------------------------------------


@dataclass
class SweepReport:
    """What one sweep did (counts of ids; logged by the task)."""

    escalated: list[uuid.UUID] = field(default_factory=list)
    repaged: list[uuid.UUID] = field(default_factory=list)
    redispatched: int = 0
    stalled_centres: list[uuid.UUID] = field(default_factory=list)


def _redispatch_pending(now: datetime, limit: int) -> list[uuid.UUID]:
    """Bump and return pending (or abandoned ``sending``) deliveries due for a new message."""
    due = list(
        AlertDelivery.objects.filter(
            Q(status=DeliveryStatus.PENDING, next_dispatch_at__lte=now)
            | Q(status=DeliveryStatus.SENDING, claimed_until__lt=now)
        )
        .order_by("created_at")
        .values_list("id", "dispatches")[:limit]
    )
    base = _setting("ALERT_REDISPATCH_AFTER_SECONDS", 15)
    cap = _setting("ALERT_REDISPATCH_MAX_SECONDS", 300)
    ids: list[uuid.UUID] = []
    for delivery_id, dispatches in due:
        wait = min(base * 2 ** min(dispatches, 10), cap)
        AlertDelivery.objects.filter(pk=delivery_id).update(
            dispatches=F("dispatches") + 1, next_dispatch_at=now + timedelta(seconds=wait)
        )
        ids.append(delivery_id)
    return ids


def alerts_sweep(*, now: datetime | None = None, limit: int = 1000) -> SweepReport:
    """The periodic safety net (beat, every ``ALERT_SWEEP_INTERVAL_SECONDS``).

    1. escalates unacknowledged alerts past ``next_escalation_at``;
    2. re-pages acknowledged, unresolved alerts past ``repage_at``;
    3. re-publishes deliveries still pending at ``next_dispatch_at`` (lost messages, broker
       outages) or abandoned in ``sending`` by a killed worker, with exponential spacing;
    4. raises (and delivers inline, without the broker) a stall alert for each centre whose oldest
       undelivered alert is older than ``ALERT_STALL_SECONDS``, and resolves it once clear.
    Each step is its own transaction; a failure in one alert does not stop the others.
    """
    from health_records.services.stall import pipeline_stall_check

    now = now or timezone.now()
    _reset_broker_pause()  # the sweep itself arrived through the broker: it is up
    report = SweepReport()
    for alert_id in Alert.objects.filter(
        state__in=UNACKNOWLEDGED_STATES, next_escalation_at__lte=now
    ).values_list("id", flat=True)[:limit]:
        if alert_escalate_due(alert_id=alert_id, now=now) is not None:
            report.escalated.append(alert_id)
    for alert_id in Alert.objects.filter(
        state=AlertState.ACKNOWLEDGED, repage_at__lte=now
    ).values_list("id", flat=True)[:limit]:
        if alert_repage_due(alert_id=alert_id, now=now) is not None:
            report.repaged.append(alert_id)
    with transaction.atomic():
        ids = _redispatch_pending(now, limit)
    report.redispatched = dispatch_deliveries(ids) if ids else 0
    report.stalled_centres = pipeline_stall_check(now=now)
    return report
