"""symptom_flag_raise: the flag, its alert in the same transaction, the task only after commit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import Alert, AlertDelivery, AlertState, SymptomFlag
from health_records.services.symptoms import symptom_flag_raise

from ..alert_support import record_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    """Delivery ids published after commit."""
    return record_published(monkeypatch)


def _flag(world, **overrides):
    values = {
        "child": world.child_a1,
        "symptom": "fever",
        "severity": "moderate",
        "observed_at": timezone.now(),
        "raised_by": world.users["caregiver"],
        "temperature_c": Decimal("38.2"),
    }
    values.update(overrides)
    return symptom_flag_raise(**values)


def test_flag_writes_flag_and_alert_together(world, published):
    """A moderate fever writes one flag linked to one open urgent symptom alert."""
    flag = _flag(world)
    alert = Alert.objects.get()
    assert (flag.alert_id, alert.kind, alert.severity, alert.state) == (
        alert.pk,
        "symptom",
        "urgent",
        "open",
    )
    assert alert.dedup_key == f"symptom:{world.child_a1.pk}:fever"
    assert alert.source == flag


def test_delivery_task_is_published_only_after_commit(
    world, published, django_capture_on_commit_callbacks
):
    """Nothing is published inside the transaction; on commit, one message per delivery row."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _flag(world)
        assert published == []
    for callback in callbacks:
        callback()
    expected = sorted(str(i) for i in AlertDelivery.objects.values_list("id", flat=True))
    assert sorted(published) == expected
    assert len(expected) == 1  # urgent level 0: the one nurse, in-app (no other channel set up)


def test_rolled_back_flag_leaves_no_alert_and_no_task(
    world, published, django_capture_on_commit_callbacks
):
    """A flag raised in a transaction that rolls back stores nothing and publishes nothing."""
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _flag(world)
        raise RuntimeError("the source record failed")
    assert (SymptomFlag.objects.count(), Alert.objects.count(), published) == (0, 0, [])


def test_same_problem_adds_to_the_open_alert_without_paging(world, published):
    """A second fever flag on the same child joins the open alert; no new delivery rows."""
    first = _flag(world)
    second = _flag(world, raised_by=world.users["nurse"])
    alert = Alert.objects.get()
    assert (first.alert_id, second.alert_id, alert.occurrences) == (alert.pk, alert.pk, 2)
    assert AlertDelivery.objects.count() == 1


def test_rise_in_severity_pages_again(world, published):
    """Moderate (urgent) then severe (critical): a new round paging nurse, doctor and director."""
    _flag(world)
    _flag(world, severity="severe")
    alert = Alert.objects.get()
    assert (alert.severity, alert.round, alert.state) == ("critical", 1, AlertState.OPEN)
    round_1 = AlertDelivery.objects.filter(round=1).values_list(
        "recipient_user__username", flat=True
    )
    assert sorted(round_1) == ["director", "doctor", "nurse"]


def test_other_symptom_is_a_separate_alert(world, published):
    """Cough and fever on one child are two problems: two alerts."""
    _flag(world)
    _flag(world, symptom="cough", temperature_c=None)
    assert Alert.objects.count() == 2


def test_danger_sign_is_critical_even_if_mild(world, published):
    """A seizure flagged as mild still pages everyone at once (WHO IMCI danger sign)."""
    _flag(world, symptom="seizure", severity="mild", temperature_c=None)
    assert Alert.objects.get().severity == "critical"


def test_mild_fever_of_39_is_urgent(world, published):
    """Mild fever at 39.0 °C is raised to urgent."""
    _flag(world, severity="mild", temperature_c=Decimal("39.0"))
    assert Alert.objects.get().severity == "urgent"


def test_mild_fever_below_39_is_routine(world, published):
    """Mild fever at 37.8 °C is routine: review in the app, no escalation deadline."""
    _flag(world, severity="mild", temperature_c=Decimal("37.8"))
    alert = Alert.objects.get()
    assert (alert.severity, alert.next_escalation_at) == ("routine", None)


def test_rule_flag_needs_rule_name(world, published):
    """raised_by None without a rule name is refused with a stable code."""
    with pytest.raises(DomainError) as caught:
        _flag(world, raised_by=None)
    assert caught.value.code == "rule_missing"


def test_rule_flag_records_rule_and_source(world, published):
    """A health rule's flag names the rule and points at its source record."""
    flag = _flag(world, raised_by=None, rule="fever_axillary_37_3", source=world.child_a1)
    assert (flag.rule, flag.source, flag.raised_by) == (
        "fever_axillary_37_3",
        world.child_a1,
        None,
    )


def test_caregiver_cannot_flag_child_of_another_room(world, published):
    """The A1 caregiver flagging a child of A2 is refused; nothing stored."""
    with pytest.raises(PermissionDeniedError) as caught:
        _flag(world, child=world.child_a2)
    assert (caught.value.code, SymptomFlag.objects.count()) == ("not_your_classroom", 0)


def test_staff_of_another_centre_cannot_flag(world, published):
    """A nurse of centre B cannot flag a child of centre A."""
    with pytest.raises(PermissionDeniedError) as caught:
        _flag(world, raised_by=world.users["nurse_b"])
    assert caught.value.code == "not_centre_staff"


def test_implausible_temperature_is_refused(world, published):
    """45.0 °C is outside 30.0–43.5 °C: ValidationError on temperature_c, nothing stored."""
    with pytest.raises(ValidationError) as caught:
        _flag(world, temperature_c=Decimal("45.0"))
    assert "temperature_c" in caught.value.message_dict
    assert (SymptomFlag.objects.count(), Alert.objects.count()) == (0, 0)


def test_future_observation_is_refused(world, published):
    """An observation an hour in the future is refused."""
    with pytest.raises(DomainError) as caught:
        _flag(world, observed_at=timezone.now() + dt.timedelta(hours=1))
    assert caught.value.code == "observed_in_future"


def test_unknown_symptom_is_refused(world, published):
    """A symptom code outside the list is refused."""
    with pytest.raises(DomainError) as caught:
        _flag(world, symptom="headache")
    assert caught.value.code == "unknown_symptom"
