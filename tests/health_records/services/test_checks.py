"""Daily health checks: temperatures as entered, refusals with nothing stored, fever flags."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import DailyHealthCheck, HealthRuleSettings, SymptomFlag
from health_records.services.attendance import absence_record
from health_records.services.checks import daily_health_check_record, daily_health_check_update


def record(world, at, **kwargs):
    values = {
        "child": world.child_a1,
        "session": "morning",
        "checked_at": at(7, 35),
        "temperature_c": "36.6",
        "outcome": "cleared",
        "recorded_by": world.users["caregiver"],
    }
    values.update(kwargs)
    return daily_health_check_record(**values)


def test_temperature_is_stored_exactly_as_entered(world, at):
    """38.0 reads back as Decimal('38.0') (not 38 or 38.00)."""
    check = record(world, at, temperature_c="38.0", outcome="watch")
    check.refresh_from_db()
    assert str(check.temperature_c) == "38.0"


def test_fahrenheit_value_is_refused_with_its_own_message(world, at):
    """98.6 is refused as 'looks like Fahrenheit' and nothing is stored."""
    with pytest.raises(DomainError) as caught:
        record(world, at, temperature_c="98.6")
    assert caught.value.code == "temperature_fahrenheit"
    with translation.override("en"):
        assert "Fahrenheit" in str(caught.value)
    assert not DailyHealthCheck.objects.exists()


@pytest.mark.parametrize("value", ["33.9", "43.1", "abc", "36.65"])
def test_implausible_temperatures_are_refused(world, at, value):
    """Outside 34.0–43.0, not a number, or two decimals: refused, nothing stored."""
    with pytest.raises(DomainError):
        record(world, at, temperature_c=value)
    assert not DailyHealthCheck.objects.exists()


@pytest.mark.parametrize("value", ["34.0", "43.0"])
def test_range_limits_are_accepted(world, at, value):
    """34.0 and 43.0 °C are inside the accepted range."""
    assert record(world, at, temperature_c=value, outcome="watch").temperature_c == Decimal(value)


def test_fever_at_check_raises_a_rule_flag_linked_to_the_check(world, at):
    """37.3 °C axillary → one fever flag raised by the rule, pointing at the check."""
    check = record(world, at, temperature_c="37.3", outcome="watch")
    flag = SymptomFlag.objects.get()
    assert (flag.symptom, flag.rule, flag.raised_by, flag.source_id) == (
        "fever",
        "fever_axillary_37_3",
        None,
        str(check.pk),
    )


def test_fever_with_outcome_cleared_is_refused_on_the_outcome(world, at):
    """38.5 °C (≥ the default 37.3 °C) with "cleared": fever_not_cleared on outcome, nothing
    stored, no flag."""
    with pytest.raises(DomainError) as caught:
        record(world, at, temperature_c="38.5", outcome="cleared")
    with translation.override("en"):
        text = str(caught.value)
    assert (caught.value.code, caught.value.field, text) == (
        "fever_not_cleared",
        "outcome",
        "38.5 °C is a fever (from 37.3 °C at this centre): choose “Watch” or “Sent home”, "
        "not “Cleared”.",
    )
    assert not DailyHealthCheck.objects.exists() and not SymptomFlag.objects.exists()


def test_fever_threshold_of_the_centre_decides_what_may_be_cleared(world, at):
    """The centre sets fever from 38.0 °C: 37.8 may be cleared; 38.0 may not."""
    HealthRuleSettings.objects.create(centre=world.child_a1.centre, fever_axillary_c="38.0")
    record(world, at, temperature_c="37.8", outcome="cleared")
    with pytest.raises(DomainError) as caught:
        record(world, at, session="noon", checked_at=at(11, 0), temperature_c="38.0")
    assert caught.value.code == "fever_not_cleared"


def test_low_temperature_with_outcome_cleared_is_refused(world, at):
    """34.8 °C (< the default 35.0 °C) with "cleared": low_temperature_not_cleared on outcome."""
    with pytest.raises(DomainError) as caught:
        record(world, at, temperature_c="34.8", outcome="cleared")
    assert (caught.value.code, caught.value.field) == ("low_temperature_not_cleared", "outcome")


@pytest.mark.parametrize("outcome", ["watch", "sent_home"])
def test_fever_with_watch_or_sent_home_is_saved(world, at, outcome):
    """38.5 °C with watch / sent home is stored with its outcome."""
    assert record(world, at, temperature_c="38.5", outcome=outcome).outcome == outcome


def test_correction_to_a_fever_keeping_cleared_is_refused(world, at):
    """A 36.6 °C cleared check corrected to 38.5 °C without changing the outcome: refused,
    the stored check unchanged."""
    check = record(world, at, temperature_c="36.6", outcome="cleared")
    with pytest.raises(DomainError) as caught:
        daily_health_check_update(
            check=check,
            expected_version=1,
            edited_by=world.users["caregiver"],
            changes={"temperature_c": "38.5"},
        )
    check.refresh_from_db()
    assert (caught.value.code, str(check.temperature_c), check.version) == (
        "fever_not_cleared",
        "36.6",
        1,
    )


def test_normal_temperature_raises_no_flag(world, at):
    """36.6 °C → no flag."""
    record(world, at, temperature_c="36.6")
    assert not SymptomFlag.objects.exists()


def test_low_temperature_raises_a_low_temperature_flag(world, at):
    """34.8 °C → low_temperature flag."""
    record(world, at, temperature_c="34.8", outcome="watch")
    assert SymptomFlag.objects.get().symptom == "low_temperature"


def test_second_morning_check_same_day_is_refused(world, at):
    """One morning check per child and day."""
    record(world, at)
    with pytest.raises(DomainError) as caught:
        record(world, at, checked_at=at(8, 0))
    assert caught.value.code == "check_already_recorded"


def test_check_in_the_future_is_refused(world, at):
    """A check time tomorrow is refused."""
    with pytest.raises(DomainError) as caught:
        record(world, at, checked_at=at(9, 0, days=2))
    assert caught.value.code == "future_time"


def test_check_of_absent_child_is_refused(world, at, day):
    """A child recorded absent that day cannot be checked."""
    absence_record(child=world.child_a1, day=day, reason="family", recorded_by=world.users["nurse"])
    with pytest.raises(DomainError) as caught:
        record(world, at)
    assert caught.value.code == "child_absent"


def test_caregiver_of_another_room_cannot_record(world, at):
    """caregiver_a1 writing for child_a2 (room A2) is refused with not_your_classroom."""
    with pytest.raises(PermissionDeniedError) as caught:
        record(world, at, child=world.child_a2)
    assert caught.value.code == "not_your_classroom"


def test_nurse_records_for_any_room(world, at):
    """The nurse may check a child of room A2."""
    assert record(world, at, child=world.child_a2, recorded_by=world.users["nurse"]).pk


def test_second_concurrent_edit_is_refused_and_history_keeps_the_first(world, at):
    """Two editors load version 1; the first saves 37.0, the second's 36.0 is refused."""
    check = record(world, at, temperature_c="36.6")
    daily_health_check_update(
        check=check,
        expected_version=1,
        edited_by=world.users["nurse"],
        changes={"temperature_c": "37.0"},
    )
    with pytest.raises(ConflictError):
        daily_health_check_update(
            check=check,
            expected_version=1,
            edited_by=world.users["caregiver"],
            changes={"temperature_c": "36.0"},
        )
    check.refresh_from_db()
    history = [
        (str(h.temperature_c), h.history_user) for h in check.history.order_by("history_date")
    ]
    assert (str(check.temperature_c), check.version, check.recorded_by) == (
        "37.0",
        2,
        world.users["caregiver"],
    )
    assert history == [("36.6", world.users["caregiver"]), ("37.0", world.users["nurse"])]


def test_refused_check_edit_is_recorded(world, at):
    """The second editor's stale 36.0 is refused and recorded: EditConflict with the check,
    the caregiver, temperature "36.0" tried, version 1 shown against 2 saved by the nurse."""
    from health_records.models import EditConflict

    check = record(world, at, temperature_c="36.6")
    daily_health_check_update(
        check=check,
        expected_version=1,
        edited_by=world.users["nurse"],
        changes={"temperature_c": "37.0"},
    )
    with pytest.raises(ConflictError):
        daily_health_check_update(
            check=check,
            expected_version=1,
            edited_by=world.users["caregiver"],
            changes={"temperature_c": "36.0"},
        )
    conflict = EditConflict.objects.get()
    assert (conflict.record, conflict.attempted_by, conflict.changed_by) == (
        check,
        world.users["caregiver"],
        world.users["nurse"],
    )
    assert (conflict.attempted_values, conflict.expected_version, conflict.stored_version) == (
        {"temperature_c": "36.0"},
        1,
        2,
    )
