"""Django's error views for URLs that match no route: JSON in the API's error shape under
``/api/`` and ``/fhir/`` (an app must never have to parse an HTML page), the usual page
elsewhere. Installed as ``handler404``/``handler500`` in ``medcare/urls.py``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views import defaults

API_PREFIXES = ("/api/", "/fhir/")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """404: ``{"detail", "code": "not_found"}`` for API paths, else Django's page."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"detail": gettext("Not found."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """500: ``{"detail", "code": "server_error"}`` for API paths, else Django's page."""
    if request.path.startswith(API_PREFIXES):
        return JsonResponse(
            {"detail": gettext("Server error: the team has been told."), "code": "server_error"},
            status=500,
        )
    return defaults.server_error(request)
