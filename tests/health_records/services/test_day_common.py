"""Shared record-service steps (services/day_common.py): what ``save_new`` still validates."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from health_records.exceptions import PermissionDeniedError
from health_records.models import WaterRecord
from health_records.services.day_common import require_writer, save_new


def test_save_new_still_validates_field_values(world, at):
    """600 ml of water is over the field's 500 ml limit: refused, nothing stored, although the
    loaded foreign keys and the new primary key are not re-checked."""
    record = WaterRecord(
        centre=world.centre_a,
        child=world.child_a1,
        occurred_at=at(10),
        volume_ml=600,
        recorded_by=world.users["caregiver"],
    )
    with pytest.raises(ValidationError) as caught:
        save_new(record, world.users["caregiver"])
    assert (list(caught.value.message_dict), WaterRecord.objects.count()) == (["volume_ml"], 0)


def test_save_new_checks_a_foreign_key_given_only_as_an_id(world, at):
    """A child given as a bare id that does not exist is refused by validation (no loaded object
    to trust), and nothing is stored."""
    record = WaterRecord(
        centre=world.centre_a,
        child_id="00000000-0000-0000-0000-000000000000",
        occurred_at=at(10),
        volume_ml=100,
        recorded_by=world.users["caregiver"],
    )
    with pytest.raises(ValidationError) as caught:
        save_new(record, world.users["caregiver"])
    assert ("child" in caught.value.message_dict, WaterRecord.objects.count()) == (True, 0)


def test_save_new_validation_costs_no_lookup_queries(world, at, django_assert_num_queries):
    """With loaded centre, child and user, saving costs the insert and its history row only."""
    record = WaterRecord(
        centre=world.centre_a,
        child=world.child_a1,
        occurred_at=at(10),
        volume_ml=100,
        recorded_by=world.users["caregiver"],
    )
    with django_assert_num_queries(2):
        save_new(record, world.users["caregiver"])


def test_caregiver_writes_only_for_own_classroom(world):
    """The caregiver of room A1 may write for child A1 and not for child A2 (room A2)."""
    require_writer(world.users["caregiver"], world.child_a1)
    with pytest.raises(PermissionDeniedError) as caught:
        require_writer(world.users["caregiver"], world.child_a2)
    assert caught.value.code == "not_your_classroom"
