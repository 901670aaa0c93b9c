"""Celery tasks called directly (twice, to prove idempotency): thin wrappers over one service."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from health_records import tasks
from health_records.models import Alert, AlertTriageEntry

from .services.test_medication import Clock, nine_oclock_dose

pytestmark = pytest.mark.django_db


def test_missed_dose_task_run_twice_raises_one_alert(world, monkeypatch):
    """Beat's missed-dose task at 09:31 and again at 09:32 for an unrecorded 09:00 dose: 1 then
    0 alerts raised; one alert with a single "raised" timeline entry (nobody paged twice)."""
    tomorrow = timezone.localdate(timezone=world.centre_a.tz) + dt.timedelta(days=1)
    clock = Clock(monkeypatch, world.centre_a.tz, tomorrow)
    nine_oclock_dose(world, clock)
    clock.at(9, 31)
    first = tasks.medication_missed_doses_alert()
    clock.at(9, 32)
    second = tasks.medication_missed_doses_alert()
    alert = Alert.objects.get()
    assert (first, second, alert.kind) == (1, 0, "medication_missed")
    assert list(AlertTriageEntry.objects.values_list("kind", flat=True)) == ["raised"]


def test_missed_dose_task_is_on_the_beat_schedule():
    """BEAT_SCHEDULE runs the task by its explicit name every 60 s."""
    from medcare.celery import BEAT_SCHEDULE

    entry = BEAT_SCHEDULE["medication-missed-doses"]
    assert (entry["task"], entry["schedule"]) == (
        tasks.medication_missed_doses_alert.name,
        60.0,
    )
