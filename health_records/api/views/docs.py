"""The API docs page: Swagger UI from local static files (drf-spectacular-sidecar).

The HTML loads the Swagger UI bundle and its start-up script as separate files (no inline
script or style), so it works under the site's CSP (``script-src 'self'``). Signed-in users
only, like the schema it displays.
"""

from __future__ import annotations

from drf_spectacular.views import SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated


class DocsView(SpectacularSwaggerSplitView):
    """``GET /api/v1/docs/`` the page; ``GET /api/v1/docs/?script`` its start-up script."""

    permission_classes = [IsAuthenticated]
    template_name = "health_records/api_docs.html"
