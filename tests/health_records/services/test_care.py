"""Daily care: presence, times, sleeps as half-open intervals, bulk meals, rules to flags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import (
    Alert,
    EditConflict,
    MealRecord,
    SleepRecord,
    SymptomFlag,
    ToiletingRecord,
)
from health_records.services.attendance import attendance_check_in
from health_records.services.care import (
    care_record_update,
    meal_record,
    meals_record_for_classroom,
    sleep_at_home_record,
    sleep_end,
    sleep_record,
    toileting_record,
    vomit_record,
    water_record,
)
from tests.health_records.day_helpers import consented_child


def test_record_for_child_not_checked_in_is_refused(world, at):
    """Water for a child who was never checked in → child_not_present, nothing stored."""
    with pytest.raises(DomainError) as caught:
        water_record(
            child=world.child_a1,
            occurred_at=at(10),
            volume_ml=100,
            recorded_by=world.users["caregiver"],
        )
    assert caught.value.code == "child_not_present"


def test_record_before_check_in_time_is_refused(world, at, checked_in):
    """Water at 07:00 when the child arrived at 07:30 → child_not_present."""
    with pytest.raises(DomainError) as caught:
        water_record(
            child=world.child_a1,
            occurred_at=at(7),
            volume_ml=100,
            recorded_by=world.users["caregiver"],
        )
    assert caught.value.code == "child_not_present"


def test_volume_over_500_ml_is_refused(world, at, checked_in):
    """600 ml of water in one go is refused by validation."""
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        water_record(
            child=world.child_a1,
            occurred_at=at(10),
            volume_ml=600,
            recorded_by=world.users["caregiver"],
        )


def test_sleep_that_ends_before_it_starts_is_refused(world, at, checked_in):
    """12:30 → 12:00 is refused with sleep_ends_before_start."""
    with pytest.raises(DomainError) as caught:
        sleep_record(
            child=world.child_a1,
            start_at=at(12, 30),
            end_at=at(12),
            recorded_by=world.users["caregiver"],
        )
    assert caught.value.code == "sleep_ends_before_start"


def test_touching_sleeps_are_accepted_overlapping_refused(world, at, checked_in):
    """[12:00, 13:00) then [13:00, 14:00) both fit; [13:30, 14:30) overlaps and is refused."""
    sleep_record(
        child=world.child_a1, start_at=at(12), end_at=at(13), recorded_by=world.users["caregiver"]
    )
    sleep_record(
        child=world.child_a1, start_at=at(13), end_at=at(14), recorded_by=world.users["caregiver"]
    )
    with pytest.raises(DomainError) as caught:
        sleep_record(
            child=world.child_a1,
            start_at=at(13, 30),
            end_at=at(14, 30),
            recorded_by=world.users["caregiver"],
        )
    assert caught.value.code == "sleep_overlaps"
    assert SleepRecord.objects.count() == 2


def test_running_sleep_is_ended_with_a_version(world, at, checked_in):
    """A sleep started at 12:10 ends at 14:25; a stale second end is a conflict."""
    sleep = sleep_record(
        child=world.child_a1, start_at=at(12, 10), recorded_by=world.users["caregiver"]
    )
    ended = sleep_end(
        sleep=sleep, end_at=at(14, 25), recorded_by=world.users["caregiver"], expected_version=1
    )
    assert (ended.end_at, ended.version) == (at(14, 25), 2)


def test_editing_keeps_recorded_by_and_refuses_the_stale_save(world, at, checked_in):
    """Nurse edits the caregiver's meal; a second edit from version 1 is refused."""
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=at(11, 30),
        recorded_by=world.users["caregiver"],
    )
    care_record_update(
        record=meal,
        expected_version=1,
        edited_by=world.users["nurse"],
        changes={"amount_eaten": "half"},
    )
    with pytest.raises(ConflictError):
        care_record_update(
            record=meal,
            expected_version=1,
            edited_by=world.users["caregiver"],
            changes={"amount_eaten": "all"},
        )
    meal.refresh_from_db()
    assert (meal.amount_eaten, meal.recorded_by, meal.history.count()) == (
        "half",
        world.users["caregiver"],
        2,
    )


def test_everyone_ate_most_then_the_exceptions(world, at):
    """Three present in A1: default 'most', one exception 'refused'; the absent one skipped."""
    second = consented_child(world.room_a1)
    third = consented_child(world.room_a1)
    consented_child(world.room_a1)  # not checked in
    for child in (world.child_a1, second, third):
        attendance_check_in(child=child, at=at(7, 45), recorded_by=world.users["caregiver"])
    saved = meals_record_for_classroom(
        classroom=world.room_a1,
        meal_type="lunch",
        occurred_at=at(11, 30),
        recorded_by=world.users["caregiver"],
        exceptions={second.pk: "refused"},
    )
    amounts = {m.child_id: m.amount_eaten for m in saved}
    assert amounts == {world.child_a1.pk: "most", second.pk: "refused", third.pk: "most"}


def test_everyone_ate_most_for_another_room_is_refused_even_when_empty(world, at):
    """The A1 caregiver for room A2 with nobody present: not_your_classroom, not an empty
    success (the room rule is checked before anyone is looked up)."""
    with pytest.raises(PermissionDeniedError) as caught:
        meals_record_for_classroom(
            classroom=world.room_a2,
            meal_type="lunch",
            occurred_at=at(11, 30),
            recorded_by=world.users["caregiver"],
        )
    assert caught.value.code == "not_your_classroom"


def test_everyone_ate_most_skips_a_child_present_only_on_an_earlier_day(world, at, checked_in):
    """A child checked in two days ago (never checked out) and absent today is not 'present':
    only child_a1, checked in today, gets the meal (all conditions on one attendance row)."""
    earlier = consented_child(world.room_a1)
    attendance_check_in(child=earlier, at=at(8, 0, days=-2), recorded_by=world.users["caregiver"])
    saved = meals_record_for_classroom(
        classroom=world.room_a1,
        meal_type="lunch",
        occurred_at=at(11, 30),
        recorded_by=world.users["caregiver"],
    )
    assert [m.child_id for m in saved] == [world.child_a1.pk]


def test_classroom_meal_exception_for_absent_child_stores_nothing(world, at, checked_in):
    """An exception naming a child who is not present refuses the whole batch."""
    absent = consented_child(world.room_a1)
    with pytest.raises(DomainError) as caught:
        meals_record_for_classroom(
            classroom=world.room_a1,
            meal_type="lunch",
            occurred_at=at(11, 30),
            recorded_by=world.users["caregiver"],
            exceptions={absent.pk: "half"},
        )
    assert caught.value.code == "exception_not_present"
    assert not MealRecord.objects.exists()


def test_third_loose_stool_in_24_hours_raises_a_diarrhoea_flag(world, at, checked_in):
    """Loose stools at 09:00, 11:00, 15:00 → one diarrhoea flag, from the rule."""
    for hour in (9, 11, 15):
        toileting_record(
            child=world.child_a1,
            occurred_at=at(hour),
            kind="dirty",
            stool_type="loose",
            recorded_by=world.users["caregiver"],
        )
    flag = SymptomFlag.objects.get()
    assert (flag.symptom, flag.rule) == ("diarrhoea", "diarrhoea_3_loose_stools_24h")


def test_formed_stools_raise_nothing(world, at, checked_in):
    """Three formed stools → no flag."""
    for hour in (9, 11, 15):
        toileting_record(
            child=world.child_a1,
            occurred_at=at(hour),
            kind="dirty",
            stool_type="formed",
            recorded_by=world.users["caregiver"],
        )
    assert not SymptomFlag.objects.exists()


def test_dirty_nappy_needs_a_stool_type(world, at, checked_in):
    """kind=dirty without stool_type → stool_type_required, nothing stored."""
    with pytest.raises(DomainError):
        toileting_record(
            child=world.child_a1,
            occurred_at=at(9),
            kind="dirty",
            recorded_by=world.users["caregiver"],
        )
    assert not ToiletingRecord.objects.exists()


def test_second_vomit_of_the_day_raises_a_vomiting_flag(world, at, checked_in):
    """Vomits at 10:00 and 14:00 → one vomiting flag."""
    vomit_record(child=world.child_a1, occurred_at=at(10), recorded_by=world.users["caregiver"])
    assert not SymptomFlag.objects.exists()
    vomit_record(child=world.child_a1, occurred_at=at(14), recorded_by=world.users["caregiver"])
    assert SymptomFlag.objects.get().symptom == "vomiting"


def test_refusing_two_meals_in_a_row_notes_the_nurse(world, at, checked_in):
    """Breakfast and lunch refused → one routine care_note alert."""
    for meal_type, hour in (("breakfast", 8), ("lunch", 11)):
        meal_record(
            child=world.child_a1,
            meal_type=meal_type,
            amount_eaten="refused",
            occurred_at=at(hour),
            recorded_by=world.users["caregiver"],
        )
    alert = Alert.objects.get()
    assert (alert.kind, alert.severity, alert.rule) == (
        "care_note",
        "routine",
        "refused_2_meals_in_row",
    )


def _two_refused_meals(world, at) -> Alert:
    for meal_type, hour in (("breakfast", 8), ("lunch", 11)):
        meal_record(
            child=world.child_a1,
            meal_type=meal_type,
            amount_eaten="refused",
            occurred_at=at(hour),
            recorded_by=world.users["caregiver"],
        )
    return Alert.objects.get()


def test_refused_meals_alert_raised_in_chinese_reads_in_english(world, at, checked_in):
    """Meals recorded on a zh-hans page: the alert stores the English msgid and n=2, and an
    English reader sees "Refused 2 meals in a row"."""
    with translation.override("zh-hans"):
        alert = _two_refused_meals(world, at)
    with translation.override("en"):
        headline = alert.headline()
    assert (alert.title, alert.detail["title_params"], headline) == (
        "Refused %(n)s meals in a row",
        {"n": 2},
        "Refused 2 meals in a row",
    )


def test_refused_meals_alert_raised_in_english_reads_in_chinese(world, at, checked_in):
    """Meals recorded on an English page: a zh-hans reader sees "连续 2 餐拒食"."""
    with translation.override("en"):
        alert = _two_refused_meals(world, at)
    with translation.override("zh-hans"):
        assert alert.headline() == "连续 2 餐拒食"


def test_refused_edit_is_recorded_after_the_rollback(world, at, checked_in):
    """The nurse saves 'half' (version 2); the caregiver's stale 'all' at 11:45 is refused and
    leaves one EditConflict: caregiver, version 1 shown vs 2 saved, the nurse who saved it,
    the values tried (time as ISO, amount as its code); the meal itself is unchanged."""
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=at(11, 30),
        recorded_by=world.users["caregiver"],
    )
    care_record_update(
        record=meal,
        expected_version=1,
        edited_by=world.users["nurse"],
        changes={"amount_eaten": "half"},
    )
    with pytest.raises(ConflictError):
        care_record_update(
            record=meal,
            expected_version=1,
            edited_by=world.users["caregiver"],
            changes={"amount_eaten": "all", "occurred_at": at(11, 45)},
        )
    conflict = EditConflict.objects.get()
    meal.refresh_from_db()
    assert (conflict.record, conflict.child, conflict.attempted_by, conflict.changed_by) == (
        meal,
        world.child_a1,
        world.users["caregiver"],
        world.users["nurse"],
    )
    assert (conflict.expected_version, conflict.stored_version) == (1, 2)
    assert conflict.attempted_values == {
        "amount_eaten": "all",
        "occurred_at": at(11, 45).isoformat(),
    }
    assert (meal.amount_eaten, meal.version) == ("half", 2)


def test_successful_edit_records_no_conflict(world, at, checked_in):
    """An edit from the current version saves and writes no EditConflict."""
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=at(11, 30),
        recorded_by=world.users["caregiver"],
    )
    care_record_update(
        record=meal,
        expected_version=1,
        edited_by=world.users["nurse"],
        changes={"amount_eaten": "half"},
    )
    assert not EditConflict.objects.exists()


def test_refused_edit_row_is_append_only(world, at, checked_in):
    """A recorded refusal can be neither changed nor deleted."""
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=at(11, 30),
        recorded_by=world.users["caregiver"],
    )
    care_record_update(
        record=meal, expected_version=1, edited_by=world.users["nurse"], changes={"note": "x"}
    )
    with pytest.raises(ConflictError):
        care_record_update(
            record=meal, expected_version=1, edited_by=world.users["nurse"], changes={"note": "y"}
        )
    conflict = EditConflict.objects.get()
    with pytest.raises(PermissionError):
        conflict.save()
    with pytest.raises(PermissionError):
        conflict.delete()


# --- sleep at home, reported by the guardian at the morning check ------------------------------


def home_sleep(world, start, end, user="caregiver"):
    return sleep_at_home_record(
        child=world.child_a1, start_at=start, end_at=end, recorded_by=world.users[user]
    )


def test_sleep_at_home_needs_no_check_in(world, at):
    """Last night's 21:30 → 06:15 is stored, at home, though the child was never checked in."""
    sleep = home_sleep(world, at(21, 30, days=-1), at(6, 15))
    assert (sleep.at_home, sleep.start_at, sleep.end_at) == (True, at(21, 30, days=-1), at(6, 15))


def test_sleep_at_home_ending_before_it_starts_is_refused(world, at):
    """06:15 → 05:00 → sleep_ends_before_start on end_at; nothing stored."""
    with pytest.raises(DomainError) as caught:
        home_sleep(world, at(6, 15), at(5))
    assert (caught.value.code, caught.value.field) == ("sleep_ends_before_start", "end_at")
    assert not SleepRecord.objects.exists()


def test_sleep_at_home_in_the_future_is_refused(world):
    """A wake-up time an hour from now → future_time."""
    now = timezone.now()
    with pytest.raises(DomainError) as caught:
        home_sleep(world, now - dt.timedelta(hours=8), now + dt.timedelta(hours=1))
    assert caught.value.code == "future_time"


def test_sleep_at_home_overlapping_another_sleep_is_refused(world, at):
    """A second report of 22:00 → 05:00 over a stored 21:30 → 06:15 → sleep_overlaps."""
    home_sleep(world, at(21, 30, days=-1), at(6, 15))
    with pytest.raises(DomainError) as caught:
        home_sleep(world, at(22, days=-1), at(5))
    assert caught.value.code == "sleep_overlaps"


def test_sleep_at_home_during_a_stay_at_the_centre_is_refused(world, at, checked_in):
    """Home sleep 06:00 → 08:00 when the child was checked in at 07:30 →
    sleep_at_home_during_stay."""
    with pytest.raises(DomainError) as caught:
        home_sleep(world, at(6), at(8))
    assert caught.value.code == "sleep_at_home_during_stay"


def test_sleep_at_home_of_over_16_hours_is_refused(world, at):
    """18:00 the day before → 11:00 (17 h) → sleep_too_long."""
    with pytest.raises(DomainError) as caught:
        home_sleep(world, at(18, days=-1), at(11))
    assert caught.value.code == "sleep_too_long"


def test_sleep_at_home_still_needs_guardian_consent(world, at):
    """Sleep is care data: after consent is withdrawn it is refused (consent_missing)."""
    from health_records.services.consent import consent_withdraw

    consent_withdraw(guardian=world.users["parent_a"], child=world.child_a1)
    with pytest.raises(DomainError) as caught:
        home_sleep(world, at(21, 30, days=-1), at(6, 15))
    assert caught.value.code == "consent_missing"


def test_sleep_at_home_is_corrected_without_check_in(world, at):
    """Editing a home sleep's wake-up to 06:45 uses the home rules (no presence needed)."""
    sleep = home_sleep(world, at(21, 30, days=-1), at(6, 15))
    saved = care_record_update(
        record=sleep,
        expected_version=1,
        edited_by=world.users["caregiver"],
        changes={"end_at": at(6, 45)},
    )
    assert (saved.end_at, saved.version, saved.at_home) == (at(6, 45), 2, True)


def test_refused_wake_up_time_is_recorded(world, at, checked_in):
    """The nurse ends a 12:30 sleep at 14:00 (version 2); the caregiver's wake-up at 14:10 from
    version 1 is refused and leaves one EditConflict: the caregiver, version 1 shown, 2 saved,
    end_at tried as ISO; the sleep still ends at 14:00."""
    sleep = sleep_record(
        child=world.child_a1, start_at=at(12, 30), recorded_by=world.users["caregiver"]
    )
    sleep_end(sleep=sleep, end_at=at(14), recorded_by=world.users["nurse"], expected_version=1)
    sleep.end_at = None  # the caregiver's page still shows a running sleep
    with pytest.raises(ConflictError):
        sleep_end(
            sleep=sleep,
            end_at=at(14, 10),
            recorded_by=world.users["caregiver"],
            expected_version=1,
        )
    conflict = EditConflict.objects.get()
    sleep.refresh_from_db()
    assert (
        conflict.record,
        conflict.attempted_by,
        conflict.expected_version,
        conflict.stored_version,
        conflict.attempted_values,
        sleep.end_at,
    ) == (sleep, world.users["caregiver"], 1, 2, {"end_at": at(14, 10).isoformat()}, at(14))
