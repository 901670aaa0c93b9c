"""Sending a delivery: idempotent claim, channel outcomes recorded, messages without names."""

from __future__ import annotations

import pytest
from django.core import mail

from health_records.models import AlertChannelConfig, AlertDelivery, NotificationProfile
from health_records.services.alert_delivery import alert_delivery_send, alert_message
from health_records.services.alerts import alert_raise

from ..alert_support import record_published, serve_http

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    return record_published(monkeypatch)


@pytest.fixture
def http_server():
    with serve_http() as server:
        yield server


def _raise(world, severity="urgent"):
    return alert_raise(
        centre=world.centre_a,
        child=world.child_a1,
        kind="symptom",
        severity=severity,
        dedup_key=f"symptom:{world.child_a1.pk}:fever",
        title="Fever",
        detail={"symptom": "fever"},
    )


def test_in_app_delivery_sent_once_when_run_twice(world, published):
    """Running the send twice: first sends, second finds nothing to claim."""
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert)
    first = alert_delivery_send(delivery_id=delivery.pk)
    second = alert_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (first.outcome, second.outcome, delivery.status, delivery.attempts) == (
        "sent",
        "skipped",
        "sent",
        1,
    )


def test_email_to_paged_nurse(world, published):
    """With an e-mail channel for urgent alerts, the nurse gets one e-mail without the name."""
    AlertChannelConfig.objects.create(centre=world.centre_a, channel="email", name="mail")
    world.users["nurse"].email = "nurse@example.org"
    world.users["nurse"].save()
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert, channel="email")
    alert_delivery_send(delivery_id=delivery.pk)
    alert_delivery_send(delivery_id=delivery.pk)
    (sent,) = mail.outbox
    assert sent.to == ["nurse@example.org"]
    assert world.child_a1.full_name not in sent.subject + sent.body
    assert f"/alerts/{alert.pk}/" in sent.body


def test_message_in_recipient_language(world, published):
    """A nurse whose profile says English gets English; Chinese (default) gets Chinese."""
    NotificationProfile.objects.create(user=world.users["nurse"], language="en")
    alert = _raise(world, severity="critical")
    english = AlertDelivery.objects.get(alert=alert, recipient_user=world.users["nurse"])
    chinese = AlertDelivery.objects.get(alert=alert, recipient_user=world.users["doctor"])
    assert alert_message(english).title.startswith("[Critical] Fever")
    assert alert_message(chinese).title.startswith("[危急] 发热")


def test_message_carries_initials_and_classroom(world, published):
    """Staff message title: severity, problem, initials (王*), classroom A1."""
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert)
    delivery.language = "en"
    assert alert_message(delivery).title == "[Urgent] Fever · 王* · A1"


def test_webhook_transient_failure_goes_back_to_pending(world, published, http_server):
    """HTTP 503 from the webhook: pending again with a retry delay of 5 s (first attempt)."""
    http_server.status = 503
    AlertChannelConfig.objects.create(
        centre=world.centre_a, channel="webhook", name="hook", url=http_server.url
    )
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert, channel="webhook")
    result = alert_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (result.outcome, result.retry_in, delivery.status, delivery.last_error) == (
        "retry",
        5.0,
        "pending",
        "http_503",
    )


def test_webhook_permanent_failure_is_failed(world, published, http_server):
    """HTTP 404: failed, not retried."""
    http_server.status = 404
    AlertChannelConfig.objects.create(
        centre=world.centre_a, channel="webhook", name="hook", url=http_server.url
    )
    alert = _raise(world)
    delivery = AlertDelivery.objects.get(alert=alert, channel="webhook")
    result = alert_delivery_send(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert (result.outcome, delivery.status) == ("failed", "failed")


def test_wecom_robot_receives_one_post_per_level(world, published, http_server):
    """A WeCom robot configured for the centre gets exactly one post for level 0."""
    AlertChannelConfig.objects.create(
        centre=world.centre_a, channel="wecom", name="robot", url=f"{http_server.url}/send?key=k"
    )
    alert = _raise(world)
    for delivery in AlertDelivery.objects.filter(alert=alert):
        alert_delivery_send(delivery_id=delivery.pk)
        alert_delivery_send(delivery_id=delivery.pk)
    assert len(http_server.requests) == 1
    assert http_server.requests[0].json["msgtype"] == "markdown"


def test_routine_alert_skips_urgent_only_channels(world, published, http_server):
    """A channel with minimum severity urgent gets nothing for a routine alert."""
    AlertChannelConfig.objects.create(
        centre=world.centre_a, channel="webhook", name="hook", url=http_server.url
    )
    alert = _raise(world, severity="routine")
    assert not AlertDelivery.objects.filter(alert=alert, channel="webhook").exists()


def test_sms_to_guardian_after_action(world, published):
    """With SMS for guardians on, the guardian's phone gets the action (logging backend)."""
    from health_records.channels.sms import LoggingSmsBackend
    from health_records.models import Guardianship
    from health_records.services.alerts import alert_action_record

    LoggingSmsBackend.sent.clear()
    AlertChannelConfig.objects.create(
        centre=world.centre_a, channel="sms", name="sms", notify_guardians=True
    )
    Guardianship.objects.filter(child=world.child_a1).update(phone="13800001111")
    alert = _raise(world)
    alert_action_record(alert=alert, by=world.users["nurse"], action="send_home")
    delivery = AlertDelivery.objects.get(alert=alert, channel="sms", audience="guardian")
    alert_delivery_send(delivery_id=delivery.pk)
    ((phone, text, reference),) = LoggingSmsBackend.sent
    assert (phone, reference) == ("13800001111", str(delivery.pk))
    assert "王*" in text


def test_guardian_message_in_guardians_language_whatever_the_raisers(world, published):
    """A care-note alert raised on a zh-hans page (refused 2 meals), acted on by the nurse: the
    guardian whose profile says English gets "Refused 2 meals in a row" in English."""
    from django.utils import translation
    from django.utils.translation import gettext_noop

    from health_records.services.alerts import alert_action_record

    NotificationProfile.objects.create(user=world.users["parent_a"], language="en")
    with translation.override("zh-hans"):
        alert = alert_raise(
            centre=world.centre_a,
            child=world.child_a1,
            kind="care_note",
            severity="routine",
            dedup_key=f"care_note:refused:{world.child_a1.pk}",
            title=gettext_noop("Refused %(n)s meals in a row"),
            title_params={"n": 2},
        )
        alert_action_record(alert=alert, by=world.users["nurse"], action="call_guardian")
    delivery = AlertDelivery.objects.get(alert=alert, audience="guardian")
    with translation.override("zh-hans"):
        message = alert_message(delivery)
    assert message.lines == (
        "Refused 2 meals in a row",
        "The medical team's action: Call the guardian",
    )
