"""Template context: the viewer (role, centre) for the page header and navigation."""

from __future__ import annotations

from django.http import HttpRequest

from health_records.selectors.access import Viewer, viewer_for


def membership(request: HttpRequest) -> dict[str, Viewer | None]:
    """Adds ``viewer`` (``None`` when anonymous). Reuses the view's viewer when it set one."""
    viewer = getattr(request, "viewer", None)
    if viewer is None and hasattr(request, "user"):
        viewer = viewer_for(request.user)
    return {"viewer": viewer}
