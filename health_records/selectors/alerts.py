"""Reads for the alert inbox, triage, today's flags, the stall banner and parents' alerts.

Scoping: the medical team (doctor, nurse) and the director see their centre's alerts; a guardian
sees alerts about their own children only (never outbreak or stall alerts, which have no child);
anyone else sees nothing (:class:`Alert.DoesNotExist` → 404 at the edge).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Min, Q, QuerySet
from django.utils import timezone

from health_records.models import (
    Alert,
    AlertDelivery,
    AlertKind,
    AlertTriageEntry,
    Channel,
    DeliveryAudience,
    DeliveryStatus,
    StaffRole,
    SymptomFlag,
    TriageEntryKind,
)
from health_records.models.alerts import ACTIVE_STATES

from .access import Viewer


def _stall_seconds() -> float:
    return float(getattr(settings, "ALERT_STALL_SECONDS", 120))


def _undelivered(now: dt.datetime) -> QuerySet[AlertDelivery]:
    """Staff deliveries still pending/sending after the stall threshold (stall alerts excluded)."""
    return AlertDelivery.objects.filter(
        status__in=(DeliveryStatus.PENDING, DeliveryStatus.SENDING),
        audience=DeliveryAudience.STAFF,
        created_at__lt=now - dt.timedelta(seconds=_stall_seconds()),
    ).exclude(alert__kind=AlertKind.PIPELINE_STALL)


def stalled_centre_ids(*, now: dt.datetime) -> list[uuid.UUID]:
    """Centres whose oldest undelivered alert is older than ``ALERT_STALL_SECONDS`` (120 s)."""
    return sorted(set(_undelivered(now).values_list("alert__centre_id", flat=True)))


@dataclass(frozen=True)
class PipelineStatus:
    """``stalled`` when the oldest undelivered alert is older than the threshold;
    ``oldest_at`` its creation time; ``waiting`` how many deliveries are that late."""

    stalled: bool
    oldest_at: dt.datetime | None
    waiting: int


def pipeline_status(viewer: Viewer, *, now: dt.datetime | None = None) -> PipelineStatus:
    """The stall banner's state for the viewer's centre (never stalled for non-staff)."""
    if viewer.membership is None:
        return PipelineStatus(False, None, 0)
    now = now or timezone.now()
    late = _undelivered(now).filter(alert__centre_id=viewer.membership.centre_id)
    summary = late.aggregate(oldest=Min("created_at"))
    waiting = late.count()
    return PipelineStatus(waiting > 0, summary["oldest"], waiting)


def _can_see_centre_alerts(viewer: Viewer) -> bool:
    return viewer.membership is not None and (viewer.is_medical or viewer.is_director)


def alerts_visible_to(viewer: Viewer) -> QuerySet[Alert]:
    """Alerts the viewer may read (see module docstring), with child and classroom joined."""
    scope = Q(child__guardianships__user=viewer.user)
    if _can_see_centre_alerts(viewer):
        assert viewer.membership is not None
        scope |= Q(centre_id=viewer.membership.centre_id)
    return Alert.objects.filter(scope).select_related("child", "classroom", "centre").distinct()


def alert_get(viewer: Viewer, alert_id: uuid.UUID) -> Alert:
    """One alert the viewer may read; raises :class:`Alert.DoesNotExist` otherwise."""
    return alerts_visible_to(viewer).get(pk=alert_id)


def staff_alert_get(viewer: Viewer, alert_id: uuid.UUID) -> Alert:
    """One alert of the viewer's centre for the medical team / director (triage pages)."""
    if not _can_see_centre_alerts(viewer):
        raise Alert.DoesNotExist
    assert viewer.membership is not None
    return (
        Alert.objects.select_related("child", "classroom", "centre", "acknowledged_by")
        .filter(centre_id=viewer.membership.centre_id)
        .get(pk=alert_id)
    )


@dataclass(frozen=True)
class InboxItem:
    alert: Alert
    unread: bool


def inbox(viewer: Viewer, *, limit: int = 50) -> list[InboxItem]:
    """Active alerts of the viewer's centre, most severe and oldest unacknowledged first, with
    whether the viewer has an unread in-app delivery for each. Empty for non-medical staff."""
    if not _can_see_centre_alerts(viewer):
        return []
    assert viewer.membership is not None
    alerts = list(
        Alert.objects.filter(centre_id=viewer.membership.centre_id, state__in=ACTIVE_STATES)
        .select_related("child", "classroom")
        .order_by("-opened_at")[:limit]
    )
    unread = set(
        AlertDelivery.objects.filter(
            recipient_user=viewer.user,
            channel=Channel.IN_APP,
            status=DeliveryStatus.SENT,
            read_at__isnull=True,
            alert__in=alerts,
        ).values_list("alert_id", flat=True)
    )
    rank: dict[str, int] = {"critical": 0, "urgent": 1, "routine": 2}
    state_rank: dict[str, int] = {"escalated": 0, "open": 0, "acknowledged": 1}
    alerts.sort(key=lambda a: (state_rank.get(a.state, 2), rank.get(a.severity, 3)))
    return [InboxItem(alert=a, unread=a.pk in unread) for a in alerts]


def unread_count(viewer: Viewer) -> int:
    """In-app deliveries sent to the viewer and not yet read (all audiences)."""
    return AlertDelivery.objects.filter(
        recipient_user=viewer.user,
        channel=Channel.IN_APP,
        status=DeliveryStatus.SENT,
        read_at__isnull=True,
    ).count()


def flags_today(viewer: Viewer, day: dt.date) -> list[SymptomFlag]:
    """Symptom flags observed on centre-local ``day`` in the viewer's centre (medical/director)."""
    if not _can_see_centre_alerts(viewer):
        return []
    assert viewer.membership is not None
    tz = viewer.membership.centre.tz
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return list(
        SymptomFlag.objects.filter(
            centre_id=viewer.membership.centre_id,
            observed_at__gte=start,
            observed_at__lt=start + dt.timedelta(days=1),
        )
        .select_related("child", "classroom", "raised_by", "alert")
        .order_by("-observed_at")
    )


def timeline(alert: Alert) -> list[AlertTriageEntry]:
    """The alert's timeline, oldest first, with who did each step."""
    return list(alert.timeline.select_related("by").order_by("at"))


GUARDIAN_TIMELINE_KINDS = (
    TriageEntryKind.RAISED,
    TriageEntryKind.ACTION,
    TriageEntryKind.RESOLVED,
)
"""What a guardian's alert page shows: when it was raised, the medical team's action, that it
was resolved (never assessments, vital signs, escalations, notes or who did what)."""


@dataclass(frozen=True)
class AlertTimeline:
    """An alert's timeline as the viewer may read it. ``full``: the medical team's or the
    director's view of their centre's alert; otherwise a guardian's (``GUARDIAN_TIMELINE_KINDS``
    only, and only the kind, time and action of each entry are theirs to read)."""

    alert: Alert
    entries: list[AlertTriageEntry]
    full: bool


def alert_timeline_get(viewer: Viewer, alert_id: uuid.UUID) -> AlertTimeline:
    """The timeline of one alert the viewer may read (:func:`alert_get`'s scope), oldest first.

    Two queries. Raises :class:`Alert.DoesNotExist` when the viewer may not read the alert.
    """
    alert = alert_get(viewer, alert_id)
    full = _can_see_centre_alerts(viewer) and (
        viewer.membership is not None and alert.centre_id == viewer.membership.centre_id
    )
    entries = alert.timeline.select_related("by").order_by("at", "pk")
    if not full:
        entries = entries.filter(kind__in=GUARDIAN_TIMELINE_KINDS)
    return AlertTimeline(alert=alert, entries=list(entries), full=full)


def deliveries(alert: Alert) -> list[AlertDelivery]:
    """All deliveries of the alert (for the triage page's delivery table)."""
    return list(
        alert.deliveries.select_related("recipient_user", "channel_config").order_by(
            "round", "level", "channel", "created_at"
        )
    )


def guardian_alerts(viewer: Viewer) -> list[Alert]:
    """Alerts about the viewer's own children, newest first (symptom, growth, medication, notes)."""
    return list(
        Alert.objects.filter(child__guardianships__user=viewer.user)
        .exclude(kind__in=(AlertKind.OUTBREAK, AlertKind.PIPELINE_STALL))
        .select_related("child", "classroom")
        .distinct()
        .order_by("-opened_at")[:100]
    )


def open_alert_child_ids(viewer: Viewer, child_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``child_ids`` have an active alert (roster "on watch" badges; staff only)."""
    if viewer.membership is None:
        return set()
    return set(
        Alert.objects.filter(
            centre_id=viewer.membership.centre_id,
            child_id__in=child_ids,
            state__in=ACTIVE_STATES,
        ).values_list("child_id", flat=True)
    )


def is_triage_role(viewer: Viewer) -> bool:
    """Doctors and nurses triage; the director may acknowledge only."""
    return viewer.is_medical


def may_acknowledge(viewer: Viewer) -> bool:
    return viewer.is_medical or (
        viewer.membership is not None and viewer.membership.role == StaffRole.DIRECTOR
    )
