"""Access logging for pages that show several children's health data at once."""

from __future__ import annotations

from collections.abc import Iterable

from health_records.models import AccessLog, Child
from health_records.selectors.access import Viewer


def access_log_record_many(
    *, viewer: Viewer, children: Iterable[Child], what: str, request_id: str = ""
) -> int:
    """One append-only :class:`AccessLog` row per child shown (e.g. the classroom screen).

    One INSERT whatever the number of children (``bulk_create``: access-log rows have no
    history and are never updated). Returns the number of rows written.
    """
    rows = [
        AccessLog(
            user=viewer.user, role=viewer.role, child=child, what=what, request_id=request_id[:64]
        )
        for child in children
    ]
    AccessLog.objects.bulk_create(rows)
    return len(rows)
