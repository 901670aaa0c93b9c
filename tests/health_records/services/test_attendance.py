"""Attendance: check-in/out order, authorised pick-up, absences, infectious return clearance."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import Alert, Attendance, EditConflict
from health_records.services.attendance import (
    absence_record,
    attendance_check_in,
    attendance_check_out,
    authorised_pickup_add,
    return_clearance_record,
    sickness_absence_follow_up,
)
from health_records.services.care import sleep_record


@pytest.fixture
def grandma(world):
    return authorised_pickup_add(
        child=world.child_a1,
        name="王奶奶",
        relationship="grandmother",
        added_by=world.users["nurse"],
    )


def test_check_in_records_who_and_when(world, at, checked_in):
    """Check-in stores the time, the day and who dropped off; recorded_by is the caregiver."""
    assert (checked_in.checked_in_at, checked_in.dropped_off_by, checked_in.recorded_by) == (
        at(7, 30),
        "妈妈",
        world.users["caregiver"],
    )


def test_check_out_before_check_in_is_refused(world, at, checked_in, grandma):
    """Check-out at 07:00 after a 07:30 check-in is refused; the row stays open."""
    with pytest.raises(DomainError) as caught:
        attendance_check_out(
            attendance=checked_in,
            at=at(7, 0),
            picked_up_by=grandma,
            recorded_by=world.users["caregiver"],
            expected_version=1,
        )
    assert caught.value.code == "check_out_before_check_in"
    checked_in.refresh_from_db()
    assert checked_in.checked_out_at is None


def test_check_out_by_an_unauthorised_person_is_refused(world, at, checked_in):
    """A pick-up person of another child is refused."""
    stranger = authorised_pickup_add(
        child=world.child_a2, name="李四", relationship="uncle", added_by=world.users["nurse"]
    )
    with pytest.raises(DomainError) as caught:
        attendance_check_out(
            attendance=checked_in,
            at=at(17, 0),
            picked_up_by=stranger,
            recorded_by=world.users["caregiver"],
            expected_version=1,
        )
    assert caught.value.code == "pickup_not_authorised"


def test_check_out_records_the_authorised_person(world, at, checked_in, grandma):
    """Check-out at 17:00 by grandma: stored with version 2, recorded_by unchanged."""
    out = attendance_check_out(
        attendance=checked_in,
        at=at(17, 0),
        picked_up_by=grandma,
        recorded_by=world.users["nurse"],
        expected_version=1,
    )
    assert (out.checked_out_at, out.picked_up_by, out.version, out.recorded_by) == (
        at(17, 0),
        grandma,
        2,
        world.users["caregiver"],
    )


def test_stale_check_out_is_a_conflict(world, at, checked_in, grandma):
    """A second check-out from a page showing version 1 is refused with a conflict."""
    attendance_check_out(
        attendance=checked_in,
        at=at(17, 0),
        picked_up_by=grandma,
        recorded_by=world.users["nurse"],
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        attendance_check_out(
            attendance=checked_in,
            at=at(17, 5),
            picked_up_by=grandma,
            recorded_by=world.users["caregiver"],
            expected_version=1,
        )


def test_double_check_in_is_refused(world, at, checked_in):
    """The same child cannot be checked in twice on one day."""
    with pytest.raises(DomainError) as caught:
        attendance_check_in(child=world.child_a1, at=at(8), recorded_by=world.users["caregiver"])
    assert caught.value.code == "already_checked_in"


def test_check_in_of_a_child_not_yet_enrolled_is_refused(world, at):
    """A child enrolled from tomorrow cannot be checked in today."""
    world.child_a1.enrolled_on = at(0).date() + dt.timedelta(days=1)
    world.child_a1.save()
    with pytest.raises(DomainError) as caught:
        attendance_check_in(child=world.child_a1, at=at(8), recorded_by=world.users["caregiver"])
    assert caught.value.code == "child_not_enrolled"


def test_caregiver_cannot_check_in_another_rooms_child(world, at):
    """caregiver_a1 checking in child_a2 → PermissionDeniedError."""
    with pytest.raises(PermissionDeniedError):
        attendance_check_in(child=world.child_a2, at=at(8), recorded_by=world.users["caregiver"])


def test_sickness_absence_needs_symptoms_or_diagnosis(world, day):
    """reason=sick with neither symptoms nor diagnosis is refused."""
    with pytest.raises(DomainError) as caught:
        absence_record(
            child=world.child_a1, day=day, reason="sick", recorded_by=world.users["nurse"]
        )
    assert caught.value.code == "sick_needs_symptoms"
    assert not Attendance.objects.exists()


def test_possibly_infectious_absence_escalates_and_blocks_return(world, day, at):
    """An infectious absence raises an urgent care-note alert; next day check-in needs clearance."""
    absence_record(
        child=world.child_a1,
        day=day - dt.timedelta(days=1),
        reason="sick",
        sick_symptoms="发热、皮疹",
        possibly_infectious=True,
        recorded_by=world.users["caregiver"],
    )
    alert = Alert.objects.get()
    assert (alert.kind, alert.severity, alert.rule) == (
        "care_note",
        "urgent",
        "sickness_absence_infectious",
    )
    with pytest.raises(DomainError) as caught:
        attendance_check_in(child=world.child_a1, at=at(8), recorded_by=world.users["caregiver"])
    assert caught.value.code == "clearance_required"


def test_doctor_clearance_lets_the_child_return(world, day, at):
    """After the doctor's clearance the check-in succeeds."""
    absence_record(
        child=world.child_a1,
        day=day - dt.timedelta(days=1),
        reason="sick",
        sick_diagnosis="手足口病",
        possibly_infectious=True,
        recorded_by=world.users["caregiver"],
    )
    return_clearance_record(child=world.child_a1, cleared_by=world.users["doctor"], note="痊愈")
    stay = attendance_check_in(child=world.child_a1, at=at(8), recorded_by=world.users["caregiver"])
    assert stay.checked_in_at == at(8)


def test_only_the_doctor_clears_a_return(world, day):
    """A nurse's clearance is refused (doctor_only)."""
    absence_record(
        child=world.child_a1,
        day=day,
        reason="sick",
        sick_symptoms="腹泻",
        possibly_infectious=True,
        recorded_by=world.users["caregiver"],
    )
    with pytest.raises(PermissionDeniedError) as caught:
        return_clearance_record(child=world.child_a1, cleared_by=world.users["nurse"])
    assert caught.value.code == "doctor_only"


def test_follow_up_is_stored_with_who_and_when(world, day):
    """The caregiver's follow-up note is stored with the caregiver as follow_up_by."""
    absence = absence_record(
        child=world.child_a1,
        day=day,
        reason="sick",
        sick_symptoms="咳嗽",
        recorded_by=world.users["caregiver"],
    )
    done = sickness_absence_follow_up(
        absence=absence,
        note="已就诊，普通感冒",
        recorded_by=world.users["caregiver"],
        expected_version=1,
    )
    assert (done.follow_up_note, done.follow_up_by, done.version) == (
        "已就诊，普通感冒",
        world.users["caregiver"],
        2,
    )


def test_check_in_without_guardian_consent_is_accepted(world, at):
    """Check-in needs no guardian consent: who is on the premises is not health data and the
    centre must know it (PIPL art. 13 legal duty; see day_common.require_recordable)."""
    from tests.factories import ChildFactory

    child = ChildFactory(classroom=world.room_a1)
    stay = attendance_check_in(child=child, at=at(8), recorded_by=world.users["caregiver"])
    assert Attendance.objects.get(child=child).pk == stay.pk


def test_check_out_without_guardian_consent_is_accepted(world, at):
    """Check-out and the authorised pick-up list, like check-in, need no consent (the child is
    handed to an authorised person on record)."""
    from tests.factories import ChildFactory

    child = ChildFactory(classroom=world.room_a1)
    stay = attendance_check_in(child=child, at=at(8), recorded_by=world.users["caregiver"])
    pickup = authorised_pickup_add(
        child=child, name="王奶奶", relationship="grandmother", added_by=world.users["caregiver"]
    )
    done = attendance_check_out(
        attendance=stay,
        at=at(16),
        picked_up_by=pickup,
        recorded_by=world.users["caregiver"],
        expected_version=1,
    )
    assert done.checked_out_at == at(16)


def test_sickness_absence_without_guardian_consent_is_refused(world, day):
    """An absence keeps symptoms, so it still needs consent: consent_missing, nothing stored."""
    from tests.factories import ChildFactory

    child = ChildFactory(classroom=world.room_a1)
    with pytest.raises(DomainError) as caught:
        absence_record(
            child=child,
            day=day,
            reason="sick",
            sick_symptoms="发热",
            recorded_by=world.users["caregiver"],
        )
    assert caught.value.code == "consent_missing"
    assert not Attendance.objects.filter(child=child).exists()


def test_infectious_absence_alert_raised_in_chinese_reads_in_english(world, day):
    """Recorded on a zh-hans page, the alert stores the English msgid: the English headline is
    "Sickness absence that may be infectious", the Chinese one "可能有传染性的病假"."""
    with translation.override("zh-hans"):
        absence_record(
            child=world.child_a1,
            day=day,
            reason="sick",
            sick_symptoms="发热",
            possibly_infectious=True,
            recorded_by=world.users["caregiver"],
        )
    alert = Alert.objects.get()
    with translation.override("en"):
        english = alert.headline()
    with translation.override("zh-hans"):
        chinese = alert.headline()
    assert (english, chinese) == ("Sickness absence that may be infectious", "可能有传染性的病假")


def test_refused_check_out_is_recorded(world, at, checked_in, grandma):
    """The nurse checks out at 17:00 (version 2); the caregiver's 17:05 from version 1 is
    refused and leaves one EditConflict naming the caregiver, version 1 shown, the time and
    the person tried; the stay still ends at 17:00."""
    attendance_check_out(
        attendance=checked_in,
        at=at(17, 0),
        picked_up_by=grandma,
        recorded_by=world.users["nurse"],
        expected_version=1,
    )
    with pytest.raises(ConflictError):
        attendance_check_out(
            attendance=checked_in,
            at=at(17, 5),
            picked_up_by=grandma,
            recorded_by=world.users["caregiver"],
            expected_version=1,
        )
    conflict = EditConflict.objects.get()
    checked_in.refresh_from_db()
    assert (
        conflict.record,
        conflict.attempted_by,
        conflict.expected_version,
        conflict.attempted_values,
        checked_in.checked_out_at,
    ) == (
        checked_in,
        world.users["caregiver"],
        1,
        {"checked_out_at": at(17, 5).isoformat(), "picked_up_by": str(grandma.pk)},
        at(17, 0),
    )


def test_refused_absence_follow_up_is_recorded(world, day):
    """The nurse's follow-up saves version 2; the caregiver's from version 1 is refused and
    leaves one EditConflict with the note tried; the stored note is the nurse's."""
    absence = absence_record(
        child=world.child_a1,
        day=day,
        reason="sick",
        sick_symptoms="咳嗽",
        recorded_by=world.users["caregiver"],
    )
    sickness_absence_follow_up(
        absence=absence, note="已就诊", recorded_by=world.users["nurse"], expected_version=1
    )
    with pytest.raises(ConflictError):
        sickness_absence_follow_up(
            absence=absence,
            note="在家休息",
            recorded_by=world.users["caregiver"],
            expected_version=1,
        )
    conflict = EditConflict.objects.get()
    absence.refresh_from_db()
    assert (
        conflict.attempted_by,
        conflict.expected_version,
        conflict.attempted_values,
        absence.follow_up_note,
    ) == (world.users["caregiver"], 1, {"follow_up_note": "在家休息"}, "已就诊")


def test_check_out_ends_a_sleep_still_open(world, at, checked_in, grandma):
    """Asleep since 13:00 and collected at 15:10: the sleep ends at 15:10 (130 minutes), so the
    child is no longer 'asleep' at the centre after going home."""
    sleep = sleep_record(
        child=world.child_a1, start_at=at(13, 0), recorded_by=world.users["caregiver"]
    )
    attendance_check_out(
        attendance=checked_in,
        at=at(15, 10),
        picked_up_by=grandma,
        recorded_by=world.users["caregiver"],
        expected_version=1,
    )
    sleep.refresh_from_db()
    assert (sleep.end_at, (sleep.end_at - sleep.start_at).seconds // 60) == (at(15, 10), 130)
