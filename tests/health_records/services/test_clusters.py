"""Cluster detection per classroom (national reporting thresholds)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from health_records.models import Alert, AlertDelivery, ClusterRule
from health_records.services.symptoms import symptom_flag_raise
from tests.factories import ChildFactory

from ..alert_support import record_published

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(monkeypatch):
    return record_published(monkeypatch)


def _noon(days_ago: int = 0) -> dt.datetime:
    """Today's (or an earlier day's) 12:00 in Asia/Shanghai, never in the future."""
    tz = dt.timezone(dt.timedelta(hours=8))
    today = timezone.localdate(timezone=tz)
    moment = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(12), tzinfo=tz)
    return min(moment, timezone.now() - dt.timedelta(minutes=1))


def _flag(world, child, symptom="diarrhoea", when=None):
    return symptom_flag_raise(
        child=child,
        symptom=symptom,
        severity="mild",
        observed_at=when or _noon(),
        raised_by=world.users["nurse"],
    )


def test_three_children_one_room_one_day_fire_once(world, published):
    """Three children of A1 with diarrhoea today: exactly one outbreak alert, to doctor+director."""
    children = [world.child_a1, *ChildFactory.create_batch(2, classroom=world.room_a1)]
    for child in children:
        _flag(world, child)
    outbreak = Alert.objects.get(kind="outbreak")
    assert outbreak.detail["count"] == 3
    assert sorted(outbreak.detail["children"]) == sorted(str(c.pk) for c in children)
    recipients = AlertDelivery.objects.filter(alert=outbreak).values_list(
        "recipient_user__username", flat=True
    )
    assert sorted(recipients) == ["director", "doctor"]


def test_fourth_child_joins_the_same_outbreak_alert(world, published):
    """A fourth child the same day adds to the open outbreak alert (count 4), no second alert."""
    for child in [world.child_a1, *ChildFactory.create_batch(3, classroom=world.room_a1)]:
        _flag(world, child)
    outbreak = Alert.objects.get(kind="outbreak")
    assert (outbreak.detail["count"], outbreak.occurrences) == (4, 2)


def test_three_children_in_three_rooms_do_not_fire(world, published):
    """One child with diarrhoea in each of three classrooms: no outbreak alert."""
    room_a3 = ChildFactory(classroom__centre=world.centre_a, classroom__name="A3")
    for child in (world.child_a1, world.child_a2, room_a3):
        _flag(world, child)
    assert not Alert.objects.filter(kind="outbreak").exists()


def test_same_child_three_times_does_not_fire(world, published):
    """Three flags on one child are one child, not a cluster."""
    for _ in range(3):
        _flag(world, world.child_a1)
    assert not Alert.objects.filter(kind="outbreak").exists()


def test_two_children_with_hand_foot_mouth_signs_in_a_week_fire(world, published):
    """HFMD signs in two children of one room 5 days apart: outbreak (≥2 within 7 days)."""
    other = ChildFactory(classroom=world.room_a1)
    _flag(world, world.child_a1, "hand_foot_mouth_signs", _noon(days_ago=5))
    _flag(world, other, "hand_foot_mouth_signs", _noon())
    assert Alert.objects.get(kind="outbreak").detail["window_days"] == 7


def test_six_children_over_three_days_fire_the_three_day_rule(world, published):
    """Two vomiting children a day for 3 days: the 1-day rule (≥3) never fires, the 3-day does."""
    children = ChildFactory.create_batch(6, classroom=world.room_a1)
    for i, child in enumerate(children):
        _flag(world, child, "vomiting", _noon(days_ago=2 - i // 2))
    outbreak = Alert.objects.get(kind="outbreak")
    assert (outbreak.detail["window_days"], outbreak.detail["count"]) == (3, 6)


def test_five_children_over_three_days_do_not_fire(world, published):
    """Five children in three days is not more than five."""
    for i, child in enumerate(ChildFactory.create_batch(5, classroom=world.room_a1)):
        _flag(world, child, "vomiting", _noon(days_ago=2 - i // 2))
    assert not Alert.objects.filter(kind="outbreak").exists()


def test_centre_rule_replaces_defaults(world, published):
    """A centre rule of 2 children a day for fever fires on the second child."""
    ClusterRule.objects.create(
        centre=world.centre_a, symptom="fever", window_days=1, min_children=2
    )
    _flag(world, world.child_a1, "fever")
    _flag(world, ChildFactory(classroom=world.room_a1), "fever")
    assert Alert.objects.filter(kind="outbreak").count() == 1
