"""The sweep: re-sends unconfirmed deliveries, escalates at deadlines, raises stall alerts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from health_records.models import Alert, AlertDelivery
from health_records.services.alert_delivery import alert_delivery_send
from health_records.services.alerts import alert_raise, alerts_sweep

from ..alert_support import record_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    return record_published(monkeypatch)


def _raise(world, key="k1", severity="urgent"):
    return alert_raise(
        centre=world.centre_a,
        child=world.child_a1,
        kind="care_note",
        severity=severity,
        dedup_key=key,
        title="Care note",
    )


def test_pending_delivery_resent_after_redispatch_delay(world, published):
    """A delivery whose message was lost is re-published 15 s after creation, not before."""
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert)
    alerts_sweep(now=delivery.created_at + dt.timedelta(seconds=14))
    assert published == []
    alerts_sweep(now=delivery.created_at + dt.timedelta(seconds=15))
    assert published == [str(delivery.pk)]


def test_resend_spacing_doubles(world, published):
    """After a re-send the next one waits 30 s (15 s doubled), so a backlog is not flooded."""
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert)
    t0 = delivery.created_at + dt.timedelta(seconds=15)
    alerts_sweep(now=t0)
    alerts_sweep(now=t0 + dt.timedelta(seconds=29))
    alerts_sweep(now=t0 + dt.timedelta(seconds=30))
    assert published == [str(delivery.pk), str(delivery.pk)]


def test_sent_delivery_is_not_resent(world, published):
    """Once sent, the sweep leaves it alone."""
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert)
    alert_delivery_send(delivery_id=delivery.pk)
    alerts_sweep(now=timezone.now() + dt.timedelta(minutes=10))
    assert published == []


def test_sweep_escalates_at_deadline(world, published):
    """At 300 s the sweep pages the doctor (level 1) of an unacknowledged urgent alert."""
    alert = _raise(world)
    report = alerts_sweep(now=alert.opened_at + dt.timedelta(seconds=300))
    assert report.escalated == [alert.pk]
    assert (
        AlertDelivery.objects.filter(alert=alert, level=1).get().recipient_user
        == world.users["doctor"]
    )


def test_stall_raises_one_stall_alert_delivered_inline(world, published):
    """A delivery undelivered for over 120 s raises one stall alert whose in-app deliveries
    are sent in the sweep itself (no broker)."""
    alert = _raise(world)
    late = alert.opened_at + dt.timedelta(seconds=121)
    alerts_sweep(now=late)
    alerts_sweep(now=late + dt.timedelta(seconds=5))
    stall = Alert.objects.get(kind="pipeline_stall")
    statuses = set(AlertDelivery.objects.filter(alert=stall).values_list("status", flat=True))
    assert statuses == {"sent"}


def test_stall_alert_resolves_when_backlog_clears(world, published):
    """Once the late delivery is sent, the next sweep resolves the stall alert."""
    alert = _raise(world)
    alerts_sweep(now=alert.opened_at + dt.timedelta(seconds=121))
    alert_delivery_send(delivery_id=AlertDelivery.objects.get(alert=alert).pk)
    alerts_sweep(now=alert.opened_at + dt.timedelta(seconds=130))
    assert Alert.objects.get(kind="pipeline_stall").state == "resolved"


def test_no_stall_within_two_minutes(world, published):
    """A delivery pending for 119 s is not a stall."""
    alert = _raise(world)
    alerts_sweep(now=alert.opened_at + dt.timedelta(seconds=119))
    assert not Alert.objects.filter(kind="pipeline_stall").exists()
