"""Celery tasks: thin, take ids, explicit names, late acks (settings in medcare/celery.py)."""

from __future__ import annotations

import uuid

from celery import Task, shared_task
from django.utils import timezone

from health_records.models import WorkerHeartbeat


@shared_task(name="health_records.heartbeat", acks_late=True)
def heartbeat() -> None:
    """Record that a worker ran a beat-scheduled task now (idempotent upsert of one row)."""
    WorkerHeartbeat.objects.update_or_create(name="worker", defaults={"seen_at": timezone.now()})


# --- Alerts (issue 6) -------------------------------------------------------------------------


@shared_task(
    name="health_records.alert_delivery_send",
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    max_retries=None,
)
def alert_delivery_send(self: Task, delivery_id: str) -> str:
    """Send one alert delivery (idempotent: the row is claimed once; a second run is a no-op).

    Transient channel failures retry with the service's capped backoff (the service gives up
    after ``ALERT_MAX_ATTEMPTS`` and marks the row failed, so retries are bounded).
    """
    from health_records.services.alert_delivery import alert_delivery_send as send

    result = send(delivery_id=uuid.UUID(delivery_id))
    if result.retry_in is not None:
        raise self.retry(countdown=result.retry_in)
    return result.outcome


@shared_task(name="health_records.alerts_sweep", acks_late=True)
def alerts_sweep() -> dict[str, int]:
    """Beat: escalate due alerts, re-page, re-send unconfirmed deliveries, detect stalls."""
    from health_records.services.alerts import alerts_sweep as sweep

    report = sweep()
    return {
        "escalated": len(report.escalated),
        "repaged": len(report.repaged),
        "redispatched": report.redispatched,
        "stalled_centres": len(report.stalled_centres),
    }


# --- Medication (issue 5) ---------------------------------------------------------------------


@shared_task(name="health_records.medication_missed_doses_alert", acks_late=True)
def medication_missed_doses_alert() -> int:
    """Beat: alert doses not recorded 30 min after their time (idempotent: one alert per dose).

    Returns how many alerts this run raised.
    """
    from health_records.services.medication import medication_missed_doses_alert as check

    return len(check())


@shared_task(name="health_records.probe", acks_late=True)
def probe(key: str) -> None:
    """A no-op that records when it started (benchmarks: the broker's own dispatch latency)."""
    WorkerHeartbeat.objects.update_or_create(name=key[:64], defaults={"seen_at": timezone.now()})
