"""Access logging: every read of a child's health data writes one append-only row."""

from __future__ import annotations

from health_records.models import AccessLog, Child
from health_records.selectors.access import Viewer


def access_log_record(
    *, viewer: Viewer, child: Child, what: str, request_id: str = ""
) -> AccessLog:
    """Record that ``viewer`` read ``what`` (a stable page/endpoint code) about ``child``.

    Side effect: inserts one :class:`AccessLog` row. Not atomic on its own: call inside the
    request so a failing page still leaves its log row (reads are logged even if rendering fails
    later).
    """
    return AccessLog.objects.create(
        user=viewer.user, role=viewer.role, child=child, what=what, request_id=request_id[:64]
    )
