"""The access log for the centre director's review (who read which child's data, when)."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from health_records.models import AccessLog

from .access import Viewer
from .centre import NotStaff


def access_log_for_review(
    viewer: Viewer,
    *,
    child_id: uuid.UUID | None = None,
    role: str = "",
    day: dt.date | None = None,
) -> QuerySet[AccessLog]:
    """Access-log rows about children of the director's centre, newest first, user and child joined.

    Filters: one child, one role (``parent``, ``nurse`` …), one centre-local calendar ``day``
    (``[00:00, next 00:00)`` in the centre's time zone). Raises :class:`NotStaff` unless the viewer
    is the centre director (the log itself holds who read what, so only the director reviews it).
    """
    if viewer.membership is None or not viewer.is_director:
        raise NotStaff
    rows = AccessLog.objects.filter(child__centre_id=viewer.membership.centre_id)
    if child_id is not None:
        rows = rows.filter(child_id=child_id)
    if role:
        rows = rows.filter(role=role)
    if day is not None:
        tz = ZoneInfo(viewer.membership.centre.time_zone)
        start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
        rows = rows.filter(at__gte=start, at__lt=start + dt.timedelta(days=1))
    return rows.select_related("user", "child").order_by("-at")
