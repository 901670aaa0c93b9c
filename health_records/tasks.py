"""Celery tasks: thin, take ids, explicit names, late acks (settings in medcare/celery.py)."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from health_records.models import WorkerHeartbeat


@shared_task(name="health_records.heartbeat", acks_late=True)
def heartbeat() -> None:
    """Record that a worker ran a beat-scheduled task now (idempotent upsert of one row)."""
    WorkerHeartbeat.objects.update_or_create(name="worker", defaults={"seen_at": timezone.now()})
