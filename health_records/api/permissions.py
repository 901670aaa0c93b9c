"""Who is calling: the :class:`Viewer` of a DRF request, and the permission classes of the API.

Object-level reach is never decided here: it is the selectors' job (``children_visible_to``
and friends), so a foreign object is a 404 exactly as on the pages. These classes only keep
anonymous callers out (401) and staff-only endpoints away from guardians (404, as the pages do).
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from health_records.selectors.access import Viewer, viewer_for
from health_records.selectors.centre import NotStaff


def viewer_of(request: Request) -> Viewer:
    """The request's :class:`Viewer` (computed once per request: two queries).

    Only called behind ``IsAuthenticated``, so the user is signed in.
    """
    cached: Viewer | None = getattr(request, "_medcare_viewer", None)
    if cached is None:
        cached = viewer_for(request.user)
        assert cached is not None  # IsAuthenticated ran first
        request._medcare_viewer = cached  # type: ignore[attr-defined]  # per-request cache
    return cached


class IsStaffMember(BasePermission):
    """Staff of a centre only; anyone else gets a 404 (``NotStaff``), as on the staff pages."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if not request.user or not request.user.is_authenticated:
            return False
        if not viewer_of(request).is_staff_member:
            raise NotStaff
        return True
