"""alert_raise, escalation by deadline columns, acknowledgement, re-paging, triage, resolve."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import (
    Alert,
    AlertDelivery,
    AlertState,
    AlertTriageEntry,
    EscalationPolicy,
    EscalationStep,
)
from health_records.services.alerts import (
    alert_acknowledge,
    alert_action_record,
    alert_escalate_due,
    alert_raise,
    alert_repage_due,
    alert_resolve,
    alert_vitals_record,
)

from ..alert_support import record_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """Delivery ids published after commit."""
    return record_published(monkeypatch)


def _raise(world, severity="urgent", key="growth:1", kind="growth_review"):
    return alert_raise(
        centre=world.centre_a,
        child=world.child_a1,
        kind=kind,
        severity=severity,
        dedup_key=key,
        title="Weight-for-age fell by more than 0.67 z",
        rule="growth_faltering",
    )


def _paged(alert, level=None):
    rows = AlertDelivery.objects.filter(alert=alert)
    if level is not None:
        rows = rows.filter(level=level)
    return sorted(rows.values_list("recipient_user__username", flat=True))


def test_routine_goes_to_nurse_and_doctor_without_deadline(world, published):
    """Routine: in-app to nurse and doctor, no escalation deadline."""
    alert = _raise(world, severity="routine")
    assert _paged(alert) == ["doctor", "nurse"]
    assert alert.next_escalation_at is None


def test_urgent_pages_nurse_then_sets_five_minute_deadline(world, published):
    """Urgent by default: level 0 is the nurse; the next deadline is 300 s after opening."""
    alert = _raise(world)
    assert _paged(alert) == ["nurse"]
    assert alert.next_escalation_at == alert.opened_at + dt.timedelta(seconds=300)


def test_critical_pages_everyone_at_once(world, published):
    """Critical: nurse, doctor and director at level 0; nothing left to escalate."""
    alert = _raise(world, severity="critical")
    assert _paged(alert, level=0) == ["director", "doctor", "nurse"]
    assert alert.next_escalation_at is None


def test_escalation_not_due_before_deadline(world, published):
    """One second before the deadline the sweep's escalation does nothing."""
    alert = _raise(world)
    assert (
        alert_escalate_due(alert_id=alert.pk, now=alert.opened_at + dt.timedelta(seconds=299))
        is None
    )
    assert _paged(alert) == ["nurse"]


def test_escalation_pages_doctor_at_deadline_then_director(world, published):
    """At 300 s the doctor is paged (level 1); at 600 s the director (level 2)."""
    alert = _raise(world)
    alert_escalate_due(alert_id=alert.pk, now=alert.opened_at + dt.timedelta(seconds=300))
    alert.refresh_from_db()
    assert (_paged(alert, 1), alert.state, alert.next_escalation_at) == (
        ["doctor"],
        AlertState.ESCALATED,
        alert.opened_at + dt.timedelta(seconds=600),
    )
    alert_escalate_due(alert_id=alert.pk, now=alert.opened_at + dt.timedelta(seconds=600))
    alert.refresh_from_db()
    assert (_paged(alert, 2), alert.next_escalation_at) == (["director"], None)


def test_acknowledgement_stops_escalation(world, published):
    """Acknowledged before the deadline: the escalation at the deadline pages nobody."""
    alert = _raise(world)
    alert_acknowledge(alert=alert, by=world.users["nurse"])
    late = alert.opened_at + dt.timedelta(seconds=301)
    assert alert_escalate_due(alert_id=alert.pk, now=late) is None
    assert _paged(alert) == ["nurse"]


def test_policy_from_centre_row(world, published):
    """A centre policy paging the doctor at level 0 and the director after 60 s is used."""
    policy = EscalationPolicy.objects.create(centre=world.centre_a, severity="urgent")
    EscalationStep.objects.create(policy=policy, level=0, after_seconds=0, role="doctor")
    EscalationStep.objects.create(policy=policy, level=1, after_seconds=60, role="director")
    alert = _raise(world)
    assert (_paged(alert), alert.next_escalation_at) == (
        ["doctor"],
        alert.opened_at + dt.timedelta(seconds=60),
    )


def test_repage_when_acknowledged_but_not_resolved(world, published):
    """Urgent acknowledged and unresolved for 30 min: the nurse is paged again in round 1."""
    alert = _raise(world)
    alert = alert_acknowledge(alert=alert, by=world.users["nurse"])
    assert alert.repage_at == alert.acknowledged_at + dt.timedelta(minutes=30)
    alert_repage_due(alert_id=alert.pk, now=alert.repage_at)
    assert list(
        AlertDelivery.objects.filter(round=1).values_list("recipient_user__username", flat=True)
    ) == ["nurse"]


def test_resolved_key_opens_a_new_alert(world, published):
    """After resolution the same dedup key opens a new alert."""
    first = _raise(world)
    alert_resolve(alert=first, by=world.users["doctor"])
    second = _raise(world)
    assert first.pk != second.pk
    assert Alert.objects.filter(state="resolved").count() == 1


def test_caregiver_cannot_acknowledge(world, published):
    """Acknowledging is for the medical team and the director."""
    alert = _raise(world)
    with pytest.raises(PermissionDeniedError):
        alert_acknowledge(alert=alert, by=world.users["caregiver"])


def test_vitals_require_one_value(world, published):
    """Vitals with no value are refused with a stable code."""
    alert = _raise(world)
    with pytest.raises(DomainError) as caught:
        alert_vitals_record(alert=alert, by=world.users["nurse"])
    assert caught.value.code == "vitals_required"


def test_vitals_acknowledge_and_record(world, published):
    """Recording 38.4 °C and 120/min acknowledges the alert and adds a vitals entry."""
    alert = _raise(world)
    entry = alert_vitals_record(
        alert=alert, by=world.users["nurse"], temperature_c=Decimal("38.4"), heart_rate_per_min=120
    )
    alert.refresh_from_db()
    assert (alert.state, entry.temperature_c, entry.heart_rate_per_min) == (
        "acknowledged",
        Decimal("38.4"),
        120,
    )


def test_vitals_in_fahrenheit_get_the_daily_checks_message(world, published):
    """98.6 as a temperature: temperature_fahrenheit on temperature_c (the daily check's
    message), nothing stored, alert still open."""
    alert = _raise(world)
    with pytest.raises(DomainError) as caught:
        alert_vitals_record(alert=alert, by=world.users["nurse"], temperature_c=Decimal("98.6"))
    alert.refresh_from_db()
    with translation.override("en"):
        text = str(caught.value)
    assert (caught.value.code, caught.value.field, text, alert.state) == (
        "temperature_fahrenheit",
        "temperature_c",
        "98.6 looks like Fahrenheit: enter the temperature in °C (for example 37.0).",
        "open",
    )
    assert not AlertTriageEntry.objects.filter(kind="vitals").exists()


def test_action_notifies_each_guardian_once(world, published):
    """Sending home notifies parent_a (guardian of child_a1) in-app: one guardian delivery."""
    alert = _raise(world)
    alert_action_record(alert=alert, by=world.users["nurse"], action="send_home")
    guardian_rows = AlertDelivery.objects.filter(alert=alert, audience="guardian")
    assert list(guardian_rows.values_list("recipient_user__username", "channel")) == [
        ("parent_a", "in_app")
    ]


def test_resolve_twice_is_refused(world, published):
    """A resolved alert cannot be resolved again."""
    alert = _raise(world)
    alert_resolve(alert=alert, by=world.users["nurse"])
    with pytest.raises(DomainError) as caught:
        alert_resolve(alert=alert, by=world.users["nurse"])
    assert caught.value.code == "alert_resolved"


def test_timeline_records_each_step(world, published):
    """Raise, acknowledge, action, resolve: four timeline entries in order."""
    alert = _raise(world)
    alert_acknowledge(alert=alert, by=world.users["nurse"])
    alert_action_record(alert=alert, by=world.users["nurse"], action="observe")
    alert_resolve(alert=alert, by=world.users["nurse"], note="temperature down")
    kinds = list(AlertTriageEntry.objects.filter(alert=alert).values_list("kind", flat=True))
    assert kinds == ["raised", "acknowledged", "action", "resolved"]


def test_child_of_other_centre_refused(world, published):
    """An alert for centre A about centre B's child is refused."""
    with pytest.raises(DomainError) as caught:
        alert_raise(
            centre=world.centre_a,
            child=world.child_b,
            kind="symptom",
            severity="urgent",
            dedup_key="x",
            title="Fever",
        )
    assert caught.value.code == "child_other_centre"
