"""Alert demo data (issue 6): the centre's escalation policy and channel examples, and today's
symptom flags in each state of triage, all through the services.

``seed_alerts(centre, today, rng)`` adds: the urgent escalation policy spelled out (nurse → doctor
after 5 min → director after 10), a DingTalk robot entry switched off (so the demo never posts
to the internet; fill in a real robot to try it), an English notification profile for the
doctor, and three flags raised this morning by caregivers — a cough (routine, open), a rash
(urgent, acknowledged with an assessment and vital signs) and vomiting (urgent, action "call the
guardian", so the parent sees it). Idempotent: nothing is added when the centre already has an
escalation policy.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from health_records.models import (
    AlertChannelConfig,
    Centre,
    Child,
    EscalationPolicy,
    EscalationStep,
    NotificationProfile,
    StaffMembership,
)
from health_records.services.alerts import (
    alert_acknowledge,
    alert_action_record,
    alert_assessment_add,
    alert_vitals_record,
)
from health_records.services.symptoms import symptom_flag_raise


def _staff(centre: Centre, role: str) -> StaffMembership:
    """The first active staff member with ``role`` (by username)."""
    return (
        StaffMembership.objects.filter(centre=centre, role=role, is_active=True)
        .select_related("user")
        .order_by("user__username")[:1]
        .get()
    )


def _caregiver_child(
    centre: Centre, rng: random.Random, index: int, today: dt.date
) -> tuple[Any, Child]:
    """A (caregiver user, child of their classroom enrolled today) pair."""
    caregivers = list(
        StaffMembership.objects.filter(centre=centre, role="caregiver", is_active=True)
        .prefetch_related("classrooms")
        .order_by("user__username")
    )
    caregiver = caregivers[index % len(caregivers)]
    rooms = list(caregiver.classrooms.all())
    children = [
        c
        for c in Child.objects.filter(classroom__in=rooms).order_by("family_name", "given_name")
        if c.is_enrolled_on(today)
    ]
    return caregiver.user, rng.choice(children)


def seed_alerts(centre: Centre, today: dt.date, rng: random.Random) -> None:
    """Add the alert demo data to ``centre`` once (see the module docstring)."""
    if EscalationPolicy.objects.filter(centre=centre).exists():
        return
    policy = EscalationPolicy.objects.create(
        centre=centre, severity="urgent", repage_after_ack_seconds=30 * 60
    )
    for level, after, role in ((0, 0, "nurse"), (1, 300, "doctor"), (2, 600, "director")):
        EscalationStep.objects.create(policy=policy, level=level, after_seconds=after, role=role)
    AlertChannelConfig.objects.create(
        centre=centre,
        channel="dingtalk",
        name="保健室钉钉群",
        enabled=False,
        url="https://oapi.dingtalk.com/robot/send?access_token=REPLACE_ME",
        secret="",  # the robot's 加签 secret (SEC…) goes here
    )
    doctor = _staff(centre, "doctor").user
    nurse = _staff(centre, "nurse").user
    NotificationProfile.objects.get_or_create(user=doctor, defaults={"language": "en"})
    now = timezone.now()
    caregiver, child = _caregiver_child(centre, rng, 0, today)
    symptom_flag_raise(
        child=child,
        symptom="cough",
        severity="mild",
        observed_at=now - dt.timedelta(minutes=40),
        raised_by=caregiver,
        note="干咳几声，精神好",
    )
    caregiver, child = _caregiver_child(centre, rng, 2, today)
    rash = symptom_flag_raise(
        child=child,
        symptom="rash",
        severity="moderate",
        observed_at=now - dt.timedelta(minutes=25),
        raised_by=caregiver,
        note="颈部少量红疹",
    )
    assert rash.alert is not None
    alert_acknowledge(alert=rash.alert, by=nurse)
    alert_assessment_add(alert=rash.alert, by=nurse, note="散在红色丘疹，无水疱，不痒。继续观察。")
    alert_vitals_record(
        alert=rash.alert, by=nurse, temperature_c=Decimal("36.8"), heart_rate_per_min=112
    )
    caregiver, child = _caregiver_child(centre, rng, 4, today)
    vomit = symptom_flag_raise(
        child=child,
        symptom="vomiting",
        severity="moderate",
        observed_at=now - dt.timedelta(minutes=10),
        raised_by=caregiver,
    )
    assert vomit.alert is not None
    alert_vitals_record(alert=vomit.alert, by=nurse, temperature_c=Decimal("37.9"))
    alert_action_record(
        alert=vomit.alert, by=nurse, action="call_guardian", note="已电话联系家长，建议接回观察"
    )
