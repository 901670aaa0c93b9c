"""Data migration 0008: care-note titles stored in Chinese become English msgids."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from health_records.models import Alert
from health_records.services.alerts import alert_raise

pytestmark = pytest.mark.django_db

migration = importlib.import_module("health_records.migrations.0008_alert_titles_as_msgids")


def test_chinese_meal_streak_title_becomes_msgid_with_its_count(world):
    """A row stored as "连续 3 餐拒食" (rule refused_3_meals_in_row) reads "Refused 3 meals in a
    row" in English after the migration."""
    alert_raise(
        centre=world.centre_a,
        child=world.child_a1,
        kind="care_note",
        severity="routine",
        dedup_key="care_note:old",
        title="连续 3 餐拒食",
        rule="refused_3_meals_in_row",
    )
    migration.titles_to_msgids(apps, None)
    alert = Alert.objects.get()
    with translation.override("en"):
        assert (alert.title, alert.headline()) == (
            "Refused %(n)s meals in a row",
            "Refused 3 meals in a row",
        )


def test_chinese_absence_title_becomes_msgid(world):
    """A row stored as "可能有传染性的病假" gets the English msgid back."""
    alert_raise(
        centre=world.centre_a,
        child=world.child_a1,
        kind="care_note",
        severity="urgent",
        dedup_key="care_note:old-absence",
        title="可能有传染性的病假",
        rule="sickness_absence_infectious",
    )
    migration.titles_to_msgids(apps, None)
    assert Alert.objects.get().title == "Sickness absence that may be infectious"
