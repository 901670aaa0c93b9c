"""Driver for the alert pipeline integration tests and the benchmark: one command per run.

Run as ``python -m tests.integration.alert_driver <command> '<json args>'`` with the environment of
the pipeline under test (``DATABASE_URL`` of a file database shared with the worker,
``CELERY_BROKER_URL`` of the test's own Redis). Prints one JSON document on stdout. Everything
is written through the services (or the HTTP views, through Django's test client), exactly as
the web process would.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "medcare.settings")

import django  # noqa: E402

django.setup()

import datetime as dt  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from health_records.models import (  # noqa: E402
    Alert,
    AlertChannelConfig,
    AlertDelivery,
    Centre,
    Child,
    EscalationPolicy,
    EscalationStep,
)
from health_records.services import alerts as alert_services  # noqa: E402
from health_records.services.centre import (  # noqa: E402
    centre_create,
    child_enrol,
    classroom_create,
    staff_membership_add,
)
from health_records.services.symptoms import symptom_flag_raise  # noqa: E402

User = get_user_model()


def seed(args: dict[str, Any]) -> dict[str, Any]:
    """A centre with ``rooms`` classrooms, ``children`` children in room 0 and one in each other
    room, a nurse, doctor, director and caregiver; optional webhook and escalation policy."""
    centre = centre_create(name="Pipeline Centre", operator="Test MCH Hospital", capacity=1000)
    rooms = [
        classroom_create(centre=centre, name=f"R{i}", class_type="young_toddler", capacity=500)
        for i in range(int(args.get("rooms", 3)))
    ]
    today = timezone.localdate(timezone=centre.tz)
    birth = today - dt.timedelta(days=500)
    enrolled = today - dt.timedelta(days=30)

    def enrol(room: Any, n: int) -> str:
        child = child_enrol(
            centre=centre,
            classroom=room,
            family_name="王",
            given_name=f"小{n}",
            sex="female",
            birth_date=birth,
            enrolled_on=enrolled,
            care_plan="full_day",
        )
        return str(child.pk)

    children = [enrol(rooms[0], n) for n in range(int(args.get("children", 10)))]
    others = [enrol(room, 1000 + i) for i, room in enumerate(rooms[1:])]
    users = {}
    for role in ("nurse", "doctor", "director", "caregiver"):
        user = User.objects.create_user(username=role, password="pipeline-test-pw")
        staff_membership_add(
            user=user,
            centre=centre,
            role=role,
            classrooms=rooms if role == "caregiver" else None,
        )
        users[role] = user.pk
    if args.get("webhook_url"):
        AlertChannelConfig.objects.create(
            centre=centre,
            channel="webhook",
            name="hook",
            url=args["webhook_url"],
            min_severity="routine",
        )
    if args.get("escalate_after_seconds"):
        policy = EscalationPolicy.objects.create(centre=centre, severity="urgent")
        EscalationStep.objects.create(policy=policy, level=0, after_seconds=0, role="nurse")
        EscalationStep.objects.create(
            policy=policy, level=1, after_seconds=int(args["escalate_after_seconds"]), role="doctor"
        )
    return {"centre": str(centre.pk), "children": children, "other_rooms_children": others}


def flag_api(args: dict[str, Any]) -> dict[str, Any]:
    """POST the two-tap flag form as the caregiver for each child id; report status codes and the
    slowest request in seconds."""
    client = Client(SERVER_NAME="localhost")
    client.force_login(User.objects.get(username="caregiver"))
    statuses: Counter[int] = Counter()
    slowest = 0.0
    started = time.monotonic()
    for child_id in args["children"]:
        t0 = time.monotonic()
        response = client.post(
            reverse("symptom_flag_new", args=[child_id]),
            {"symptom": args.get("symptom", "cough"), "severity": args.get("severity", "moderate")},
        )
        slowest = max(slowest, time.monotonic() - t0)
        statuses[response.status_code] += 1
    return {
        "statuses": dict(statuses),
        "slowest_s": slowest,
        "total_s": time.monotonic() - started,
    }


def flag_rolled_back(args: dict[str, Any]) -> dict[str, Any]:
    """Raise a flag inside a transaction that then fails; report what is stored."""
    child = Child.objects.get(pk=args["child"])
    try:
        with transaction.atomic():
            symptom_flag_raise(
                child=child,
                symptom="fever",
                severity="severe",
                observed_at=timezone.now(),
                raised_by=None,
                rule="integration_test",
            )
            raise RuntimeError("the source record failed")
    except RuntimeError:
        pass
    return {"alerts": Alert.objects.count(), "deliveries": AlertDelivery.objects.count()}


def flag_committed(args: dict[str, Any]) -> dict[str, Any]:
    """Raise one committed flag (positive control); report the alert and its delivery count."""
    flag = symptom_flag_raise(
        child=Child.objects.get(pk=args["child"]),
        symptom=args.get("symptom", "fever"),
        severity=args.get("severity", "severe"),
        observed_at=timezone.now(),
        raised_by=None,
        rule="integration_test",
    )
    assert flag.alert is not None
    return {
        "alert": str(flag.alert_id),
        "deliveries": AlertDelivery.objects.filter(alert=flag.alert).count(),
        "opened_at": flag.alert.opened_at.timestamp(),
    }


def raise_alerts(args: dict[str, Any]) -> dict[str, Any]:
    """Raise one urgent alert per child through the flag service (cough: no cluster rule)."""
    out = []
    for child_id in args["children"]:
        flag = symptom_flag_raise(
            child=Child.objects.get(pk=child_id),
            symptom=args.get("symptom", "cough"),
            severity="moderate",
            observed_at=timezone.now(),
            raised_by=None,
            rule="integration_test",
        )
        alert = flag.alert
        assert alert is not None
        out.append(
            {
                "alert": str(alert.pk),
                "opened_at": alert.opened_at.timestamp(),
                "deadline": alert.next_escalation_at.timestamp()
                if alert.next_escalation_at
                else None,
            }
        )
    return {"alerts": out}


def acknowledge(args: dict[str, Any]) -> dict[str, Any]:
    """Acknowledge each alert id as the nurse at (or after) the given epoch times."""
    nurse = User.objects.get(username="nurse")
    done = []
    for alert_id, at in sorted(zip(args["alerts"], args["at"], strict=True), key=lambda p: p[1]):
        delay = at - time.time()
        if delay > 0:
            time.sleep(delay)
        alert = alert_services.alert_acknowledge(alert=Alert.objects.get(pk=alert_id), by=nurse)
        assert alert.acknowledged_at is not None
        done.append({"alert": alert_id, "acknowledged_at": alert.acknowledged_at.timestamp()})
    return {"acknowledged": done}


def publish_same(args: dict[str, Any]) -> dict[str, Any]:
    """Publish the delivery task ``times`` times at once for one delivery of the given channel."""
    delivery = AlertDelivery.objects.filter(channel=args["channel"]).order_by("created_at").first()
    assert delivery is not None
    from medcare.celery import app

    for _ in range(int(args["times"])):
        app.send_task(alert_services.DELIVERY_TASK, args=[str(delivery.pk)])
    return {"delivery": str(delivery.pk)}


def summary(args: dict[str, Any]) -> dict[str, Any]:
    """Counts the tests assert on (alerts by kind/state, deliveries by status, attempts)."""
    deliveries = AlertDelivery.objects.all()
    per_alert_levels = (
        {
            str(a.pk): {
                "state": a.state,
                "kind": a.kind,
                "acknowledged_at": a.acknowledged_at.timestamp() if a.acknowledged_at else None,
                "opened_at": a.opened_at.timestamp(),
                "detail_count": a.detail.get("count"),
                "deliveries": [
                    {
                        "level": d.level,
                        "channel": d.channel,
                        "user": d.recipient_user.get_username() if d.recipient_user else None,
                        "status": d.status,
                        "attempts": d.attempts,
                        "created_at": d.created_at.timestamp(),
                        "sent_at": d.sent_at.timestamp() if d.sent_at else None,
                    }
                    for d in a.deliveries.select_related("recipient_user").order_by("created_at")
                ],
            }
            for a in Alert.objects.all()
        }
        if args.get("detail")
        else {}
    )
    return {
        "alerts": Alert.objects.count(),
        "alerts_by_kind": dict(Counter(Alert.objects.values_list("kind", flat=True))),
        "deliveries": deliveries.count(),
        "by_status": dict(Counter(deliveries.values_list("status", flat=True))),
        "attempts": dict(Counter(deliveries.values_list("attempts", flat=True))),
        "per_alert": per_alert_levels,
        "centres": Centre.objects.count(),
    }


COMMANDS = {
    "seed": seed,
    "flag_api": flag_api,
    "flag_rolled_back": flag_rolled_back,
    "flag_committed": flag_committed,
    "raise_alerts": raise_alerts,
    "acknowledge": acknowledge,
    "publish_same": publish_same,
    "summary": summary,
}

if __name__ == "__main__":
    command = sys.argv[1]
    arguments = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    result = COMMANDS[command](arguments)
    sys.stdout.write("\n@@RESULT@@" + json.dumps(result) + "\n")
