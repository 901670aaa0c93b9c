"""The Celery application.

The broker comes from ``CELERY_BROKER_URL``: ``redis://…`` in production, ``filesystem://`` (kombu's
filesystem transport under ``var/broker``, no server needed) for the embedded demo. Both run the
same tasks. The beat schedule lives in one place, :data:`BEAT_SCHEDULE`, each entry commented.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from celery import Celery

from . import kombu_filesystem

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcare.settings")

app = Celery("medcare")


def _broker_options(broker_url: str, filesystem_dir: str) -> dict[str, Any]:
    """Return transport options for the broker URL (creates the filesystem queue folders)."""
    if broker_url.startswith("filesystem://"):
        for sub in ("out", "processed", "control"):
            Path(filesystem_dir, sub).mkdir(parents=True, exist_ok=True)
        return {
            # Without control_folder kombu writes its exchange table to ./control in the cwd.
            "control_folder": str(Path(filesystem_dir, "control")),
            "data_folder_in": str(Path(filesystem_dir, "out")),
            "data_folder_out": str(Path(filesystem_dir, "out")),
            "processed_folder": str(Path(filesystem_dir, "processed")),
            "store_processed": False,
            "polling_interval": 0.1,
        }
    # A frozen Redis must not hang a web request: short socket timeouts, bounded retries.
    # Publishing (web requests, on commit) fails fast instead of retrying with kombu's default
    # 2 s + 4 s back-off: the alert rows are durable and the beat sweep re-sends them. A frozen
    # Redis costs one request about 3 × 2 s (connect handshake, retry, publish), then the web
    # process pauses publishing (services/alerts.py). 2 s stays above kombu's 1 s BRPOP poll.
    return {
        "socket_timeout": 2,
        "socket_connect_timeout": 2,
        "visibility_timeout": 3600,
        "max_retries": 1,
        "interval_start": 0,
        "interval_step": 0.2,
        "interval_max": 0.5,
    }


def _beat_schedule(settings: Any) -> dict[str, dict[str, Any]]:
    """BEAT_SCHEDULE with intervals that settings may override (the alert sweep's)."""
    schedule = {name: dict(entry) for name, entry in BEAT_SCHEDULE.items()}
    interval = getattr(settings, "ALERT_SWEEP_INTERVAL_SECONDS", None)
    if interval:
        schedule["alerts-sweep"]["schedule"] = float(interval)
    return schedule


def _broker_url(broker_url: str) -> str:
    """``filesystem://`` → our atomic-publish variant of kombu's filesystem transport."""
    if broker_url.startswith("filesystem://"):
        kombu_filesystem.register()
        return kombu_filesystem.ALIAS + broker_url.removeprefix("filesystem")
    return broker_url


def configure(app: Celery) -> None:
    """Apply the project's Celery configuration from Django settings (call once at import)."""
    from django.conf import settings

    app.conf.update(
        broker_url=_broker_url(settings.CELERY_BROKER_URL),
        broker_transport_options=_broker_options(
            settings.CELERY_BROKER_URL, str(settings.CELERY_BROKER_FILESYSTEM_DIR)
        ),
        broker_connection_retry_on_startup=True,
        broker_connection_timeout=3,
        task_ignore_result=True,
        result_backend=None,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,
        task_time_limit=120,
        task_soft_time_limit=90,
        task_serializer="json",
        accept_content=["json"],
        timezone=settings.TIME_ZONE,
        enable_utc=True,
        beat_schedule=_beat_schedule(settings),
        beat_schedule_filename=str(Path(settings.VAR_DIR, "celerybeat-schedule")),
        worker_hijack_root_logger=False,
    )


# Every periodic task, in one place. Later issues add their sweeps here.
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    # Liveness of worker and beat: records a heartbeat row the dashboard reads.
    "worker-heartbeat": {"task": "health_records.heartbeat", "schedule": 30.0},
    # Alert safety net (issue 6): escalate at Alert.next_escalation_at, re-page at repage_at,
    # re-send deliveries never confirmed, raise the stall alert. Interval: the
    # ALERT_SWEEP_INTERVAL_SECONDS setting (default 5 s), applied in configure(). Expires so a
    # backlog of sweeps after an outage collapses into one.
    "alerts-sweep": {
        "task": "health_records.alerts_sweep",
        "schedule": 5.0,
        "options": {"expires": 30},
    },
    # Missed medication doses (issue 5): every minute, alert each dose of a confirmed request not
    # recorded 30 min after its time (services.medication.medication_missed_doses_alert; one
    # alert per dose whatever the number of runs). Expires so a backlog collapses into one run.
    "medication-missed-doses": {
        "task": "health_records.medication_missed_doses_alert",
        "schedule": 60.0,
        "options": {"expires": 55},
    },
}

configure(app)
app.autodiscover_tasks()
