"""Injury incidents without consent, and their follow-up (parent informed, medical review)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from health_records.exceptions import ConflictError, DomainError, PermissionDeniedError
from health_records.models import EditConflict, InjuryIncident
from health_records.services.attendance import attendance_check_in
from health_records.services.consent import consent_withdraw
from health_records.services.injury import (
    injury_incident_follow_up,
    injury_incident_record,
    injury_incident_update,
)
from tests.factories import StaffMembershipFactory, UserFactory


@pytest.fixture
def incident(world, at, checked_in) -> InjuryIncident:
    """A minor graze of child_a1 at 10:00 on ``day``, recorded by room A1's caregiver."""
    return injury_incident_record(
        child=world.child_a1,
        occurred_at=at(10),
        place="滑梯",
        description="从滑梯滑下时擦伤",
        body_part="左膝",
        severity="minor",
        first_aid="清洗伤口，碘伏消毒",
        recorded_by=world.users["caregiver"],
    )


def follow_up(incident, user, **fields):
    values = {"follow_up": "", "parent_informed_at": None, **fields}
    return injury_incident_follow_up(
        incident=incident, expected_version=incident.version, recorded_by=user, **values
    )


def test_injury_is_recorded_without_guardian_consent(world, at):
    """With the only guardian's consent withdrawn, an injury is still recorded: the centre must
    record it (PIPL art. 13 vital interests / legal duty), unlike the rest of the day."""
    attendance_check_in(child=world.child_a1, at=at(8), recorded_by=world.users["caregiver"])
    consent_withdraw(guardian=world.users["parent_a"], child=world.child_a1)
    incident = injury_incident_record(
        child=world.child_a1,
        occurred_at=at(10),
        place="教室",
        description="摔倒",
        body_part="额头",
        severity="moderate",
        first_aid="冷敷",
        recorded_by=world.users["caregiver"],
    )
    assert InjuryIncident.objects.get().pk == incident.pk


def test_caregiver_who_recorded_adds_follow_up_and_informed_time(world, at, incident):
    """The recording caregiver writes the follow-up and the informed time; version 1 → 2,
    history names her."""
    saved = follow_up(
        incident,
        world.users["caregiver"],
        follow_up="下午复查无红肿",
        parent_informed_at=at(10, 30),
    )
    assert (saved.follow_up, saved.parent_informed_at, saved.version, saved.reviewed_by) == (
        "下午复查无红肿",
        at(10, 30),
        2,
        None,
    )
    assert saved.history.first().history_user == world.users["caregiver"]


def test_doctor_review_stamps_reviewer_and_outcome(world, incident):
    """The doctor's review and outcome are stored with who reviewed it."""
    saved = follow_up(
        incident,
        world.users["doctor"],
        follow_up=incident.follow_up,
        review_note="伤口愈合良好",
        outcome="recovered",
    )
    assert (saved.review_note, saved.outcome, saved.reviewed_by) == (
        "伤口愈合良好",
        "recovered",
        world.users["doctor"],
    )


def test_caregiver_cannot_write_the_medical_review(world, incident):
    """A caregiver sending a review → medical_only; nothing stored."""
    with pytest.raises(PermissionDeniedError) as caught:
        follow_up(incident, world.users["caregiver"], follow_up="好了", outcome="recovered")
    assert caught.value.code == "medical_only"
    assert InjuryIncident.objects.get().version == 1


def test_another_caregiver_cannot_follow_up(world, incident):
    """A caregiver of the same room who did not record the injury → not_your_incident."""
    other = StaffMembershipFactory(user=UserFactory(), centre=world.centre_a, role="caregiver")
    other.classrooms.set([world.room_a1])
    with pytest.raises(PermissionDeniedError) as caught:
        follow_up(incident, other.user, follow_up="已告知")
    assert caught.value.code == "not_your_incident"


def test_staff_of_another_centre_cannot_follow_up(world, incident):
    """Centre B's nurse → not_your_centre."""
    with pytest.raises(PermissionDeniedError) as caught:
        follow_up(incident, world.users["nurse_b"], follow_up="已告知")
    assert caught.value.code == "not_your_centre"


def test_parent_informed_before_the_injury_is_refused(world, at, incident):
    """Informed at 09:00 for a 10:00 injury → informed_before_injury."""
    with pytest.raises(DomainError) as caught:
        follow_up(incident, world.users["nurse"], parent_informed_at=at(9))
    assert (caught.value.code, caught.value.field) == (
        "informed_before_injury",
        "parent_informed_at",
    )


def test_parent_informed_in_the_future_is_refused(world, incident):
    """Informed an hour from now → future_time."""
    with pytest.raises(DomainError) as caught:
        follow_up(
            incident,
            world.users["nurse"],
            parent_informed_at=timezone.now() + dt.timedelta(hours=1),
        )
    assert caught.value.code == "future_time"


def test_empty_follow_up_is_refused(world, incident):
    """Sending the stored values unchanged → nothing_changed."""
    with pytest.raises(DomainError) as caught:
        follow_up(incident, world.users["nurse"])
    assert caught.value.code == "nothing_changed"


def test_unknown_outcome_is_refused(world, incident):
    """An outcome outside the choices fails full_clean; nothing stored."""
    with pytest.raises(ValidationError):
        follow_up(incident, world.users["doctor"], outcome="cured")
    assert InjuryIncident.objects.get().outcome == ""


def test_stale_follow_up_is_a_conflict(world, incident):
    """A follow-up based on version 1 after someone saved version 2 → ConflictError."""
    follow_up(incident, world.users["nurse"], follow_up="已电话告知家长")
    with pytest.raises(ConflictError):
        injury_incident_follow_up(
            incident=incident,
            expected_version=1,
            recorded_by=world.users["doctor"],
            follow_up="另一条",
            parent_informed_at=None,
        )
    assert InjuryIncident.objects.get().follow_up == "已电话告知家长"


def test_refused_follow_up_is_recorded(world, incident):
    """The nurse's follow-up saves version 2; the doctor's from version 1 is refused and leaves
    one EditConflict: the doctor, version 1 shown, 2 saved, the values tried; the incident keeps
    the nurse's follow-up."""
    follow_up(incident, world.users["nurse"], follow_up="已电话告知家长")
    with pytest.raises(ConflictError):
        injury_incident_follow_up(
            incident=incident,
            expected_version=1,
            recorded_by=world.users["doctor"],
            follow_up="复查无碍",
            parent_informed_at=None,
            outcome="recovered",
        )
    conflict = EditConflict.objects.get()
    incident.refresh_from_db()
    assert (
        conflict.attempted_by,
        conflict.expected_version,
        conflict.stored_version,
        conflict.attempted_values,
        incident.follow_up,
        incident.outcome,
    ) == (
        world.users["doctor"],
        1,
        2,
        {"follow_up": "复查无碍", "parent_informed_at": None, "outcome": "recovered"},
        "已电话告知家长",
        "",
    )


def test_refused_correction_is_recorded(world, incident):
    """A correction of the first aid from version 1 after the nurse's follow-up (version 2) is
    refused and leaves one EditConflict with the first aid tried."""
    follow_up(incident, world.users["nurse"], follow_up="已电话告知家长")
    with pytest.raises(ConflictError):
        injury_incident_update(
            incident=incident,
            expected_version=1,
            edited_by=world.users["caregiver"],
            changes={"first_aid": "冷敷"},
        )
    conflict = EditConflict.objects.get()
    incident.refresh_from_db()
    assert (conflict.attempted_by, conflict.attempted_values, incident.first_aid) == (
        world.users["caregiver"],
        {"first_aid": "冷敷"},
        "清洗伤口，碘伏消毒",
    )


def test_correction_cannot_carry_the_follow_up(world, incident):
    """The follow-up text through the correction service is refused (follow_up_separately), so
    the follow-up's rules of who may write what cannot be bypassed; nothing is stored."""
    with pytest.raises(DomainError) as caught:
        injury_incident_update(
            incident=incident,
            expected_version=1,
            edited_by=world.users["caregiver"],
            changes={"follow_up": "已告知", "description": "擦伤"},
        )
    incident.refresh_from_db()
    assert (caught.value.code, incident.follow_up, incident.version) == (
        "follow_up_separately",
        "",
        1,
    )


def test_another_caregiver_cannot_correct_the_incident(world, incident):
    """A second caregiver of room A1 who did not record the injury: not_your_incident, as for
    the follow-up."""
    other = StaffMembershipFactory(user=UserFactory(), centre=world.centre_a, role="caregiver")
    other.classrooms.set([world.room_a1])
    with pytest.raises(PermissionDeniedError) as caught:
        injury_incident_update(
            incident=incident,
            expected_version=1,
            edited_by=other.user,
            changes={"description": "擦伤"},
        )
    assert caught.value.code == "not_your_incident"


def test_the_same_injury_recorded_twice_is_refused(world, at, incident):
    """A second record of the same incident (same child, place, body part and description,
    within a minute: a double-click with the time left blank) is refused; one is stored."""
    with pytest.raises(DomainError) as refused:
        injury_incident_record(
            child=world.child_a1,
            occurred_at=at(10) + dt.timedelta(seconds=2),
            place="滑梯",
            description="从滑梯滑下时擦伤",
            body_part="左膝",
            severity="minor",
            first_aid="清洗伤口，碘伏消毒",
            recorded_by=world.users["nurse"],
        )
    assert refused.value.code == "injury_already_recorded"
    assert InjuryIncident.objects.filter(child=world.child_a1).count() == 1


def test_another_injury_at_the_same_time_is_recorded(world, at, incident):
    """The same time and place but another body part is another incident, and is stored."""
    injury_incident_record(
        child=world.child_a1,
        occurred_at=at(10),
        place="滑梯",
        description="从滑梯滑下时擦伤",
        body_part="右手",
        severity="minor",
        first_aid="清洗伤口",
        recorded_by=world.users["caregiver"],
    )
    assert InjuryIncident.objects.filter(child=world.child_a1).count() == 2
