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
from health_records.models import Child, InjuryIncident, InjurySeverity, StaffRole

from .day_common import (
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
    is not required (a legal duty; see the module docstring). Raises ``DomainError``
    ``child_not_present``, ``future_time``, ``informed_before_injury``.
    """
    require_writer(recorded_by, child)
    require_not_future(occurred_at, "occurred_at")
    require_present(child, occurred_at)
    _check_informed(parent_informed_at, occurred_at)
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


@transaction.atomic
def injury_incident_update(
    *,
    incident: InjuryIncident,
    expected_version: int,
    edited_by: User,
    changes: dict[str, object],
) -> InjuryIncident:
    """Add the parent-informed time or the follow-up, or correct the description.

    Raises ``ConflictError`` if someone else saved first; ``field_not_editable``,
    ``future_time``, ``informed_before_injury``.
    """
    require_writer(edited_by, incident.child)
    informed = changes.get("parent_informed_at")
    if isinstance(informed, dt.datetime):
        _check_informed(informed, incident.occurred_at)
    locked = lock_for_update(incident, expected_version)
    return save_update(
        locked,
        changes,
        edited_by,
        frozenset({"parent_informed_at", "follow_up", "first_aid", "description", "note"}),
    )


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
    membership = require_writer(recorded_by, incident.child)
    if membership.role == StaffRole.CAREGIVER and incident.recorded_by_id != recorded_by.pk:
        raise PermissionDeniedError(
            "not_your_incident",
            _("Only the caregiver who recorded this injury, or the medical team, can add to it."),
        )
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
