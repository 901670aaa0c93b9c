"""The measuring half of ``bench_alerts.py`` (imported after ``django.setup()``)."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Max, Min
from django.utils import timezone

from health_records.models import AlertDelivery, Child, SymptomFlag, WorkerHeartbeat
from health_records.services.centre import (
    centre_create,
    child_enrol,
    classroom_create,
    staff_membership_add,
)
from health_records.services.symptoms import symptom_flag_raise
from medcare.celery import app

SYMPTOMS = ("cough", "lethargy", "injury", "refusing_food", "other", "low_temperature")


@dataclass
class Steady:
    flag_latency_s: list[float] = field(default_factory=list)
    probe_latency_s: list[float] = field(default_factory=list)
    raise_s: list[float] = field(default_factory=list)


@dataclass
class Burst:
    """``drained_s``: first flag raised → last delivery sent; ``after_last_s``: last flag raised
    (the whole burst committed and queued) → last delivery sent."""

    raised_s: float
    drained_s: float
    after_last_s: float
    deliveries: int


class Bench:
    """Seeds one centre (one nurse, many children) and raises flags on fresh (child, symptom)
    pairs, so every flag opens an urgent alert that pages the nurse in-app."""

    def __init__(self, children: int) -> None:
        centre = centre_create(name="Bench Centre", operator="Bench MCH", capacity=10000)
        rooms = [
            classroom_create(centre=centre, name=f"B{i}", class_type="mixed", capacity=1000)
            for i in range(4)
        ]
        today = timezone.localdate(timezone=centre.tz)
        self.children: list[Child] = [
            child_enrol(
                centre=centre,
                classroom=rooms[i % len(rooms)],
                family_name="李",
                given_name=f"测{i}",
                sex="male",
                birth_date=today - dt.timedelta(days=600),
                enrolled_on=today - dt.timedelta(days=60),
                care_plan="full_day",
            )
            for i in range(children)
        ]
        nurse = get_user_model().objects.create_user(username="bench-nurse", password="x" * 12)
        staff_membership_add(user=nurse, centre=centre, role="nurse")
        self.pairs = ((c, s) for s in SYMPTOMS for c in self.children)

    def wait_worker_ready(self, timeout: float = 60) -> None:
        """Send probes until one runs (the worker is consuming)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            key = f"ready:{uuid.uuid4().hex[:8]}"
            app.send_task("health_records.probe", args=[key])
            until = time.monotonic() + 2
            while time.monotonic() < until:
                if WorkerHeartbeat.objects.filter(name=key).exists():
                    return
                time.sleep(0.05)
        raise RuntimeError("the worker did not start")

    def _flag(self) -> tuple[str, float, float]:
        child, symptom = next(self.pairs)
        started = time.time()
        flag = symptom_flag_raise(
            child=child,
            symptom=symptom,
            severity="moderate",
            observed_at=timezone.now(),
            raised_by=None,
            rule="benchmark",
        )
        return str(flag.alert_id), started, time.time() - started

    def steady(self, *, rate: float, seconds: float) -> Steady:
        """``rate`` flags/s and ``rate`` probes/s (offset by half a period) for ``seconds``."""
        result = Steady()
        period = 1.0 / rate
        flags: list[tuple[str, float]] = []
        probes: list[tuple[str, float]] = []
        start = time.monotonic()
        n = int(seconds * rate)
        for i in range(n):
            delay = start + i * period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            alert_id, started, took = self._flag()
            flags.append((alert_id, started))
            result.raise_s.append(took)
            delay = start + (i + 0.5) * period - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            key = f"probe:{i}:{uuid.uuid4().hex[:8]}"
            probes.append((key, time.time()))
            app.send_task("health_records.probe", args=[key])
        self._wait_sent(timeout=60)
        first = dict(
            AlertDelivery.objects.filter(status="sent")
            .values("alert_id")
            .annotate(first=Min("sent_at"))
            .values_list("alert_id", "first")
        )
        for alert_id, started in flags:
            sent = first.get(uuid.UUID(alert_id))
            if sent is not None:
                result.flag_latency_s.append(sent.timestamp() - started)
        seen = dict(
            WorkerHeartbeat.objects.filter(name__startswith="probe:").values_list("name", "seen_at")
        )
        for key, sent_at in probes:
            if key in seen:
                result.probe_latency_s.append(seen[key].timestamp() - sent_at)
        return result

    def burst(self, *, size: int) -> Burst:
        """Raise ``size`` flags back to back; time until every delivery is sent."""
        before = AlertDelivery.objects.count()
        started = time.time()
        for _ in range(size):
            self._flag()
        raised = time.time() - started
        self._wait_sent(timeout=300)
        last = AlertDelivery.objects.aggregate(last=Max("sent_at"))["last"]
        return Burst(
            raised_s=raised,
            drained_s=last.timestamp() - started,
            after_last_s=last.timestamp() - (started + raised),
            deliveries=AlertDelivery.objects.count() - before,
        )

    def _wait_sent(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not AlertDelivery.objects.exclude(status="sent").exists():
                return
            time.sleep(0.2)
        raise RuntimeError("deliveries still pending after the timeout")

    @staticmethod
    def flags() -> int:
        return SymptomFlag.objects.count()
