"""Injury incidents (伤害登记) and their follow-up.

No guardian consent is asked for (``require_writer``, not ``require_recordable``): a centre must
record an injury whatever the guardians decided; see ``day_common.require_recordable``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import (
    Child,
    InjuryIncident,
    InjurySeverity,
    StaffMembership,
    StaffRole,
)

from .day_common import (
    edit_conflicts_recorded,
    lock_for_update,
    require_not_future,
    require_present,
    require_writer,
    save_new,
    save_update,
)

FLAG_SEVERITY = {InjurySeverity.MODERATE: "moderate", InjurySeverity.SERIOUS: "severe"}
"""Injuries beyond first aid go to the medical team as an ``injury`` symptom flag."""


@transaction.atomic
def injury_incident_record(
    *,
    child: Child,
    occurred_at: dt.datetime,
    place: str,
    description: str,
    body_part: str,
    severity: str,
    first_aid: str,
    recorded_by: User,
    parent_informed_at: dt.datetime | None = None,
    follow_up: str = "",
) -> InjuryIncident:
    """Register an injury: time, place, what happened, body part, first aid, parent informed.

    The child must have been present at ``occurred_at``. A moderate or serious injury raises an
    ``injury`` symptom flag (raised by the recorder) in the same transaction. Guardian consent
    is not required (a legal duty; see the module docstring).

    The same incident is stored once (:func:`_refuse_duplicate`: a double-click, a resent form):
    the child's row is locked first, so two simultaneous records for one child run one after
    the other and the second sees the first.

    Raises ``DomainError`` ``child_not_present``, ``future_time``, ``informed_before_injury``,
    ``injury_already_recorded``.
    """
    require_writer(recorded_by, child)
    require_not_future(occurred_at, "occurred_at")
    Child.objects.select_for_update().filter(pk=child.pk).exists()
    require_present(child, occurred_at)
    _check_informed(parent_informed_at, occurred_at)
    _refuse_duplicate(child, occurred_at, place, body_part, description)
    incident = save_new(
        InjuryIncident(
            centre=child.centre,
            child=child,
            occurred_at=occurred_at,
            place=place,
            description=description,
            body_part=body_part,
            severity=severity,
            first_aid=first_aid,
            parent_informed_at=parent_informed_at,
            follow_up=follow_up,
            recorded_by=recorded_by,
        ),
        recorded_by,
    )
    if severity in FLAG_SEVERITY:
        from .symptoms import symptom_flag_raise

        symptom_flag_raise(
            child=child,
            symptom="injury",
            severity=FLAG_SEVERITY[InjurySeverity(severity)],
            observed_at=occurred_at,
            raised_by=recorded_by,
            note=body_part,
            source=incident,
        )
    return incident


DUPLICATE_WINDOW = dt.timedelta(minutes=1)
"""How close in time a stored incident with the same place, body part and description is taken
to be the same incident. The form takes the time to the minute (blank: the moment of saving), so
a double-click or a resent form lands within it; two different injuries identical in all of
these within a minute are not plausible."""


def _refuse_duplicate(
    child: Child, occurred_at: dt.datetime, place: str, body_part: str, description: str
) -> None:
    """Raise ``DomainError`` ``injury_already_recorded`` if ``child`` already has this incident.

    Identity of an incident: the child, the place, the body part and the description (exactly as
    stored) and a time within :data:`DUPLICATE_WINDOW` of ``occurred_at``.
    """
    same = InjuryIncident.objects.filter(
        child=child,
        place=place,
        body_part=body_part,
        description=description,
        occurred_at__gte=occurred_at - DUPLICATE_WINDOW,
        occurred_at__lte=occurred_at + DUPLICATE_WINDOW,
    )
    if same.exists():
        raise DomainError(
            "injury_already_recorded",
            _(
                "This injury is already recorded for this child (same time, place, body part "
                "and description): it was not saved twice."
            ),
        )


FOLLOW_UP_FIELDS = frozenset({"follow_up", "parent_informed_at", "review_note", "outcome"})
"""Written only by :func:`injury_incident_follow_up`, under its rules of who may write what."""

CORRECTABLE_FIELDS = frozenset({"first_aid", "description", "note"})
"""What :func:`injury_incident_update` corrects."""


def _require_incident_writer(user: User, incident: InjuryIncident) -> StaffMembership:
    """The user's membership if they may add to ``incident``: the centre's medical staff and
    director, or the caregiver who recorded it. Raises :class:`PermissionDeniedError`
    ``not_your_centre`` / ``not_your_classroom`` (:func:`~.day_common.require_writer`) or
    ``not_your_incident`` (another caregiver's incident)."""
    membership = require_writer(user, incident.child)
    if membership.role == StaffRole.CAREGIVER and incident.recorded_by_id != user.pk:
        raise PermissionDeniedError(
            "not_your_incident",
            _("Only the caregiver who recorded this injury, or the medical team, can add to it."),
        )
    return membership


@edit_conflicts_recorded(record="incident", user="edited_by")
@transaction.atomic
def injury_incident_update(
    *,
    incident: InjuryIncident,
    expected_version: int,
    edited_by: User,
    changes: dict[str, object],
) -> InjuryIncident:
    """Correct what was recorded: ``first_aid``, ``description``, ``note``.

    The follow-up (:data:`FOLLOW_UP_FIELDS`) is never changed here, so its rules of who may
    write what cannot be bypassed: it goes through :func:`injury_incident_follow_up`. Who: as
    for the follow-up (medical staff, the director, the caregiver who recorded the incident).

    Raises :class:`PermissionDeniedError` as :func:`_require_incident_writer`;
    :class:`DomainError` ``follow_up_separately`` (a follow-up field named),
    ``field_not_editable``; :class:`ConflictError` if someone else saved first (then one
    ``EditConflict`` row is written after the rollback). Nothing is stored when it refuses.
    """
    _require_incident_writer(edited_by, incident)
    follow_up = sorted(FOLLOW_UP_FIELDS.intersection(changes))
    if follow_up:
        raise DomainError(
            "follow_up_separately",
            _("Add the follow-up on its own, without other changes."),
            field=follow_up[0],
        )
    locked = lock_for_update(incident, expected_version)
    return save_update(locked, changes, edited_by, CORRECTABLE_FIELDS)


def _check_informed(informed_at: dt.datetime | None, occurred_at: dt.datetime) -> None:
    if informed_at is None:
        return
    require_not_future(informed_at, "parent_informed_at")
    if informed_at < occurred_at:
        raise DomainError(
            "informed_before_injury",
            _("The parent was informed before the injury happened."),
            field="parent_informed_at",
        )


@edit_conflicts_recorded(
    record="incident",
    user="recorded_by",
    fields={
        "follow_up": "follow_up",
        "parent_informed_at": "parent_informed_at",
        "review_note": "review_note",
        "outcome": "outcome",
    },
)
@transaction.atomic
def injury_incident_follow_up(
    *,
    incident: InjuryIncident,
    expected_version: int,
    recorded_by: User,
    follow_up: str,
    parent_informed_at: dt.datetime | None,
    review_note: str | None = None,
    outcome: str | None = None,
) -> InjuryIncident:
    """Add the follow-up of an injury: what was done since, when the parent was informed, and
    (doctor or nurse only) the medical review and the outcome.

    Who: the centre doctor or a nurse (everything); the director, or the caregiver who recorded
    the incident, may write ``follow_up`` and ``parent_informed_at`` only. ``review_note`` /
    ``outcome`` ``None`` leave the stored review as it is; a changed review stamps
    ``reviewed_by``/``reviewed_at`` (now). Guardian consent is not required (module docstring).

    Raises :class:`PermissionDeniedError` (``not_your_centre``, ``not_your_classroom``,
    ``not_your_incident`` for another caregiver's incident, ``medical_only`` for a review by
    someone else); :class:`DomainError` ``future_time``, ``informed_before_injury``,
    ``nothing_changed``; ``ValidationError`` for an unknown outcome; :class:`ConflictError` when
    someone saved the incident since ``expected_version``. Nothing is stored when it refuses.
    Side effect: the incident's version + 1 and one history row naming ``recorded_by``.
    """
    membership = _require_incident_writer(recorded_by, incident)
    _check_informed(parent_informed_at, incident.occurred_at)
    locked = lock_for_update(incident, expected_version)
    changes: dict[str, object] = {}
    if follow_up.strip() != locked.follow_up:
        changes["follow_up"] = follow_up.strip()
    if parent_informed_at != locked.parent_informed_at:
        changes["parent_informed_at"] = parent_informed_at
    review = {"review_note": review_note, "outcome": outcome}
    review_changes = {
        name: value.strip()
        for name, value in review.items()
        if value is not None and value.strip() != getattr(locked, name)
    }
    if review_changes:
        if membership.role not in (StaffRole.DOCTOR, StaffRole.NURSE):
            raise PermissionDeniedError(
                "medical_only", _("Only the centre doctor or a nurse can do this.")
            )
        changes.update(review_changes)
        changes["reviewed_by"] = recorded_by
        changes["reviewed_at"] = timezone.now()
    if not changes:
        raise DomainError("nothing_changed", _("Nothing was changed."))
    return save_update(
        locked,
        changes,
        recorded_by,
        frozenset(
            {
                "follow_up",
                "parent_informed_at",
                "review_note",
                "outcome",
                "reviewed_by",
                "reviewed_at",
            }
        ),
    )
