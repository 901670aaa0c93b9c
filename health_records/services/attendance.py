"""Attendance writes: check-in/out, absences, sickness absence follow-up and return clearance.

All functions are keyword-only, atomic, and raise :class:`~health_records.exceptions.DomainError`
(or ``ValidationError`` from ``full_clean``) with nothing stored when they refuse.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError
from health_records.models import (
    AbsenceReason,
    Attendance,
    AuthorisedPickup,
    Child,
    SleepRecord,
)

from .care_rules import apply_infectious_absence_escalation
from .day_common import (
    edit_conflicts_recorded,
    local_day,
    lock_for_update,
    require_enrolled,
    require_medical,
    require_not_future,
    require_recordable,
    require_writer,
    save_new,
    save_update,
)


def clearance_pending(child: Child, before: dt.date) -> Attendance | None:
    """The latest possibly infectious sickness absence before ``before`` not yet cleared."""
    return (
        Attendance.objects.filter(
            child=child,
            day__lt=before,
            absence_reason=AbsenceReason.SICK,
            possibly_infectious=True,
            cleared_at__isnull=True,
        )
        .order_by("-day")
        .first()
    )


@transaction.atomic
def attendance_check_in(
    *, child: Child, at: dt.datetime, recorded_by: User, dropped_off_by: str = ""
) -> Attendance:
    """Check ``child`` in at ``at`` (aware) on the centre-local day of ``at``.

    Raises ``DomainError``: ``future_time``, ``child_not_enrolled``, ``already_checked_in``,
    ``recorded_absent`` (an absence is recorded for the day), ``clearance_required`` (back after a
    possibly infectious illness without the doctor's clearance); ``PermissionDeniedError`` for a
    caregiver of another room. Side effect: one Attendance row (+ history).

    No guardian consent is needed: who is on the premises is not health data, and the centre must
    record it (see ``day_common.require_recordable``). Absences still need consent (symptoms).
    """
    require_writer(recorded_by, child)
    require_not_future(at, "at")
    day = local_day(child.centre, at)
    require_enrolled(child, day)
    existing = Attendance.objects.filter(child=child, day=day).first()
    if existing is not None and existing.checked_in_at is not None:
        raise DomainError("already_checked_in", _("The child is already checked in today."))
    if existing is not None:
        raise DomainError(
            "recorded_absent",
            _("An absence is recorded for today: change the absence instead."),
        )
    if clearance_pending(child, day) is not None:
        raise DomainError(
            "clearance_required",
            _(
                "The child is returning after an illness that may be infectious: the centre "
                "doctor must clear the return first."
            ),
        )
    return save_new(
        Attendance(
            centre=child.centre,
            child=child,
            day=day,
            checked_in_at=at,
            dropped_off_by=dropped_off_by,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )


@edit_conflicts_recorded(
    record="attendance",
    user="recorded_by",
    fields={"at": "checked_out_at", "picked_up_by": "picked_up_by"},
)
@transaction.atomic
def attendance_check_out(
    *,
    attendance: Attendance,
    at: dt.datetime,
    picked_up_by: AuthorisedPickup,
    recorded_by: User,
    expected_version: int,
) -> Attendance:
    """Check the child out at ``at``, collected by an authorised person.

    Raises ``DomainError``: ``not_checked_in``, ``already_checked_out``,
    ``check_out_before_check_in`` (``at`` ≤ check-in), ``pickup_not_authorised``,
    ``future_time``; ``ConflictError`` if the row changed since ``expected_version``. No guardian
    consent is needed, as for check-in. Side effect: a sleep at the centre still open ends at
    ``at`` (the child woke up to go home).
    """
    require_writer(recorded_by, attendance.child)
    require_not_future(at, "at")
    locked = lock_for_update(attendance, expected_version)
    if locked.checked_in_at is None:
        raise DomainError("not_checked_in", _("The child was not checked in."))
    if locked.checked_out_at is not None:
        raise DomainError("already_checked_out", _("The child is already checked out."))
    if at <= locked.checked_in_at:
        raise DomainError(
            "check_out_before_check_in",
            _("The check-out time is before the check-in time."),
            field="at",
        )
    if picked_up_by.child_id != locked.child_id or not picked_up_by.is_active:
        raise DomainError(
            "pickup_not_authorised",
            _("This person is not authorised to collect the child."),
            field="picked_up_by",
        )
    _end_open_sleeps(locked.child_id, at, recorded_by)
    return save_update(
        locked,
        {"checked_out_at": at, "picked_up_by": picked_up_by},
        recorded_by,
        frozenset({"checked_out_at", "picked_up_by"}),
    )


def _end_open_sleeps(child_id: uuid.UUID, at: dt.datetime, user: User) -> None:
    """A child collected while still marked asleep at the centre woke up to go home: the open
    sleep ends at the check-out time (version bumped, history names ``user``)."""
    open_sleeps = SleepRecord.objects.select_for_update().filter(
        child_id=child_id, at_home=False, end_at__isnull=True, start_at__lt=at
    )
    for sleep in open_sleeps:
        save_update(sleep, {"end_at": at}, user, frozenset({"end_at"}))


@transaction.atomic
def absence_record(
    *,
    child: Child,
    day: dt.date,
    reason: str,
    recorded_by: User,
    note: str = "",
    sick_symptoms: str = "",
    sick_diagnosis: str = "",
    possibly_infectious: bool = False,
) -> Attendance:
    """Record that ``child`` is absent on ``day`` (centre-local) for ``reason``.

    A sickness absence needs symptoms or a diagnosis; when it may be infectious it is escalated
    to the doctor at once (an urgent ``care_note`` alert in this transaction) and the child's
    return will need the doctor's clearance. Raises ``DomainError``: ``already_checked_in``,
    ``absence_already_recorded``, ``sick_needs_symptoms``, ``child_not_enrolled``,
    ``future_day`` (more than a week ahead).
    """
    require_recordable(recorded_by, child)
    require_enrolled(child, day)
    today = timezone.localdate(timezone=child.centre.tz)
    if day > today + dt.timedelta(days=7):
        raise DomainError(
            "future_day", _("Absences can be recorded up to a week ahead."), field="day"
        )
    existing = Attendance.objects.filter(child=child, day=day).first()
    if existing is not None and existing.checked_in_at is not None:
        raise DomainError("already_checked_in", _("The child is already checked in that day."))
    if existing is not None:
        raise DomainError(
            "absence_already_recorded", _("An absence is already recorded for that day.")
        )
    is_sick = reason == AbsenceReason.SICK
    if is_sick and not (sick_symptoms.strip() or sick_diagnosis.strip()):
        raise DomainError(
            "sick_needs_symptoms",
            _("For a sickness absence, give the symptoms or the diagnosis."),
            field="sick_symptoms",
        )
    infectious = is_sick and possibly_infectious
    absence = save_new(
        Attendance(
            centre=child.centre,
            child=child,
            day=day,
            absence_reason=reason,
            note=note,
            sick_symptoms=sick_symptoms if is_sick else "",
            sick_diagnosis=sick_diagnosis if is_sick else "",
            possibly_infectious=infectious,
            escalated_at=timezone.now() if infectious else None,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
    if infectious:
        apply_infectious_absence_escalation(absence)
    return absence


@edit_conflicts_recorded(record="absence", user="recorded_by", fields={"note": "follow_up_note"})
@transaction.atomic
def sickness_absence_follow_up(
    *, absence: Attendance, note: str, recorded_by: User, expected_version: int
) -> Attendance:
    """The caregiver's same-day follow-up call (因病缺勤追踪): what the family said.

    Raises ``DomainError`` ``not_sickness_absence``, ``follow_up_empty``; ``ConflictError``.
    """
    require_recordable(recorded_by, absence.child)
    if absence.absence_reason != AbsenceReason.SICK:
        raise DomainError("not_sickness_absence", _("This is not a sickness absence."))
    if not note.strip():
        raise DomainError("follow_up_empty", _("Write what the family said."), field="note")
    locked = lock_for_update(absence, expected_version)
    return save_update(
        locked,
        {
            "follow_up_note": note.strip(),
            "follow_up_at": timezone.now(),
            "follow_up_by": recorded_by,
        },
        recorded_by,
        frozenset({"follow_up_note", "follow_up_at", "follow_up_by"}),
    )


@transaction.atomic
def return_clearance_record(*, child: Child, cleared_by: User, note: str = "") -> list[Attendance]:
    """The centre doctor clears a child's return after a possibly infectious illness.

    Marks every uncleared possibly infectious sickness absence of the child cleared. Raises
    ``PermissionDeniedError`` ``doctor_only``; ``DomainError`` ``nothing_to_clear``.
    """
    require_medical(cleared_by, child.centre, doctor_only=True)
    pending = list(
        Attendance.objects.select_for_update().filter(
            child=child,
            absence_reason=AbsenceReason.SICK,
            possibly_infectious=True,
            cleared_at__isnull=True,
        )
    )
    if not pending:
        raise DomainError("nothing_to_clear", _("No return is waiting for clearance."))
    now = timezone.now()
    return [
        save_update(
            row,
            {"cleared_at": now, "cleared_by": cleared_by, "clearance_note": note},
            cleared_by,
            frozenset({"cleared_at", "cleared_by", "clearance_note"}),
        )
        for row in pending
    ]


@transaction.atomic
def authorised_pickup_add(
    *, child: Child, name: str, relationship: str, added_by: User, phone: str = ""
) -> AuthorisedPickup:
    """Add a person authorised to collect ``child`` (staff, from the guardians' written list).

    No guardian consent is needed, as for check-out: the list exists so that a child is handed
    only to an authorised person, not to keep health data.
    """
    require_writer(added_by, child)
    return save_new(
        AuthorisedPickup(child=child, name=name.strip(), relationship=relationship, phone=phone),
        added_by,
    )
