"""URLs of the audit pages (director only)."""

from django.urls import path

from .views import audit

urlpatterns = [
    path("centre/access-log/", audit.access_log_view, name="access_log"),
]
