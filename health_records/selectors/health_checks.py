"""The health-check due list: who is due or overdue for an examination or a haemoglobin test."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Max, Q

from health_records.models import Child, HealthCheckType
from health_records.rules.health_check_due import DueStatus, health_check_due

from .access import Viewer, children_visible_to
from .centre import NotStaff, _enrolled_on


@dataclass(frozen=True)
class DueRow:
    child: Child
    age_months: int
    last_check_on: dt.date | None
    last_haemoglobin_on: dt.date | None
    due: DueStatus


def health_checks_due(
    viewer: Viewer,
    today: dt.date,
    *,
    only_attention: bool = True,
    classroom_id: uuid.UUID | None = None,
) -> list[DueRow]:
    """Children enrolled today with their next examination and haemoglobin due dates.

    One query. ``only_attention``: keep only rows due within 30 days or overdue;
    ``classroom_id``: only that classroom's children (none for a room of another centre).
    Sorted by the earlier due date. Raises :class:`NotStaff` for a non-staff viewer.
    """
    if viewer.membership is None:
        raise NotStaff
    in_room = Q(classroom_id=classroom_id) if classroom_id is not None else Q()
    children = (
        children_visible_to(viewer)
        .filter(_enrolled_on(today), in_room, centre_id=viewer.membership.centre_id)
        .annotate(
            last_check_on=Max(
                "healthcheck__examined_on",
                filter=Q(
                    healthcheck__check_type__in=[
                        HealthCheckType.ADMISSION,
                        HealthCheckType.PERIODIC,
                    ]
                ),
            ),
            last_haemoglobin_on=Max(
                "healthcheck__examined_on", filter=Q(healthcheck__haemoglobin_g_per_l__isnull=False)
            ),
        )
    )
    rows = []
    for child in children:
        due = health_check_due(
            birth_date=child.birth_date,
            enrolled_on=child.enrolled_on,
            today=today,
            last_check_on=child.last_check_on,
            last_haemoglobin_on=child.last_haemoglobin_on,
        )
        if only_attention and not due.needs_attention:
            continue
        rows.append(
            DueRow(
                child, child.age_months(today), child.last_check_on, child.last_haemoglobin_on, due
            )
        )
    return sorted(rows, key=lambda r: min(r.due.check_due_on, r.due.haemoglobin_due_on))
