"""URLs of the audit and consent pages."""

from django.urls import path

from .views import audit, consent

urlpatterns = [
    path("centre/access-log/", audit.access_log_view, name="access_log"),
    path("children/<uuid:child_id>/consent/", consent.child_consent, name="child_consent"),
]
