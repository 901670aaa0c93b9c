"""URLs of the alert pages (issue 6), included from ``health_records/urls.py``."""

from django.urls import path

from .views import alerts

urlpatterns = [
    path("alerts/", alerts.alert_inbox, name="alert_inbox"),
    path("alerts/feed/", alerts.alert_feed, name="alert_feed"),
    path("alerts/<uuid:alert_id>/", alerts.alert_detail, name="alert_detail"),
    path(
        "alerts/<uuid:alert_id>/acknowledge/",
        alerts.alert_acknowledge_view,
        name="alert_acknowledge",
    ),
    path(
        "alerts/<uuid:alert_id>/<str:step>/",
        alerts.alert_triage,
        name="alert_triage",
    ),
    path("children/<uuid:child_id>/flag/", alerts.symptom_flag_new, name="symptom_flag_new"),
    path("my-children/alerts/", alerts.my_child_alerts, name="my_child_alerts"),
]
