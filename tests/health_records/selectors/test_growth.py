"""Growth selectors: edit history, ages as shown, the measuring-day roster."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from health_records.exceptions import ConflictError
from health_records.selectors.access import viewer_for
from health_records.selectors.growth import age_text, classroom_measuring_day, edit_history
from health_records.services.growth import growth_measurement_edit, growth_measurement_record
from tests.health_records.day_helpers import consented_child


def test_edit_history_names_editor_and_change(world):
    """After the doctor corrects a weight, the newest history entry is the doctor's change of
    the weight from 8.900 to 8.950."""
    m = growth_measurement_record(
        child=world.child_a1,
        measured_on=dt.date(2026, 3, 1),
        recorded_by=world.users["nurse"],
        weight_kg="8.9",
    )
    growth_measurement_edit(
        measurement=m,
        expected_version=1,
        edited_by=world.users["doctor"],
        changes={"weight_kg": "8.95"},
    )
    with translation.override("en"):
        newest = edit_history(world.child_a1)[0]
    assert (newest.who, newest.changes) == (
        world.users["doctor"],
        [("weight (kg)", "8.900", "8.950")],
    )


def test_edit_history_shows_a_refused_edit_with_the_values_tried(world):
    """The nurse saves version 2; the doctor's 8.95 kg from version 1 is refused: the newest
    history line is the refusal (the doctor, the weight tried, the nurse who saved first)."""
    m = growth_measurement_record(
        child=world.child_a1,
        measured_on=dt.date(2026, 3, 1),
        recorded_by=world.users["nurse"],
        weight_kg="8.9",
    )
    growth_measurement_edit(
        measurement=m, expected_version=1, edited_by=world.users["nurse"], changes={"note": "a"}
    )
    with pytest.raises(ConflictError):
        growth_measurement_edit(
            measurement=m,
            expected_version=1,
            edited_by=world.users["doctor"],
            changes={"weight_kg": "8.95"},
        )
    with translation.override("en"):
        newest = edit_history(world.child_a1)[0]
    assert (newest.kind, newest.who, newest.tried, newest.conflict.changed_by) == (
        "refused",
        world.users["doctor"],
        (("weight (kg)", "8.95"),),
        world.users["nurse"],
    )


def test_age_text_in_months_and_days_both_languages():
    """365 days is 11 months 30 days (months of 30.4375 days, WHO)."""
    assert (age_text(365, "en"), age_text(365, "zh")) == ("11 mo 30 d", "11个月30天")


def test_measuring_day_roster_uses_two_queries_and_expected_positions(world):
    """Room A1's roster on a day: every enrolled child with the position expected for the age
    (lying under 731 days, standing from then), in two queries."""
    older = consented_child(world.room_a1, birth_date=dt.date(2023, 1, 1))
    viewer = viewer_for(world.users["nurse"])
    assert viewer is not None
    with CaptureQueriesContext(connection) as queries:
        rows = classroom_measuring_day(viewer, world.room_a1, dt.date(2026, 3, 1))
    positions = {row.child.pk: row.expected_position for row in rows}
    assert (positions[world.child_a1.pk], positions[older.pk], len(queries)) == (
        "recumbent",
        "standing",
        2,
    )
