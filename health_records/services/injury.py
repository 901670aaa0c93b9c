"""Injury incidents (伤害登记) and their follow-up."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from health_records.exceptions import DomainError
from health_records.models import Child, InjuryIncident, InjurySeverity

from .day_common import (
    lock_for_update,
    require_not_future,
    require_present,
    require_recordable,
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
    ``injury`` symptom flag (raised by the recorder) in the same transaction. Raises
    ``DomainError`` ``child_not_present``, ``future_time``, ``informed_before_injury``.
    """
    require_recordable(recorded_by, child)
    require_not_future(occurred_at, "occurred_at")
    require_present(child, occurred_at)
    if parent_informed_at is not None:
        require_not_future(parent_informed_at, "parent_informed_at")
        if parent_informed_at < occurred_at:
            raise DomainError(
                "informed_before_injury",
                _("The parent was informed before the injury happened."),
                field="parent_informed_at",
            )
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

    Raises ``ConflictError`` if someone else saved first; ``field_not_editable``.
    """
    require_recordable(edited_by, incident.child)
    informed = changes.get("parent_informed_at")
    if isinstance(informed, dt.datetime):
        require_not_future(informed, "parent_informed_at")
    locked = lock_for_update(incident, expected_version)
    return save_update(
        locked,
        changes,
        edited_by,
        frozenset({"parent_informed_at", "follow_up", "first_aid", "description", "note"}),
    )
