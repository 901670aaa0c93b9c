"""URLs of the REST API, mounted at ``/api/v1/``. Objects are addressed by UUID.

Every route here (and under ``/fhir/``) must have an entry in the access matrix test
(``tests/health_records/api/test_access_matrix.py``); a new one without fails it.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path
from drf_spectacular.views import SpectacularAPIView

from health_records.api.views import alerts, children, growth, records, rules
from health_records.api.views.docs import DocsView

app_name = "api"

urlpatterns: list[URLPattern | URLResolver] = [
    path("auth/token/", children.ObtainToken.as_view(), name="token"),
    path("me/", children.Me.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    path("children/", children.ChildList.as_view(), name="child-list"),
    path("children/<uuid:pk>/", children.ChildDetail.as_view(), name="child-detail"),
    path("children/<uuid:pk>/pickups/", children.ChildPickups.as_view(), name="child-pickups"),
    path(
        "children/<uuid:pk>/return-clearance/",
        children.ReturnClearance.as_view(),
        name="child-return-clearance",
    ),
    path(
        "children/<uuid:pk>/growth-chart/",
        growth.GrowthChart.as_view(),
        name="child-growth-chart",
    ),
    path("classrooms/", children.ClassroomList.as_view(), name="classroom-list"),
    path("classrooms/<uuid:pk>/", children.ClassroomDetail.as_view(), name="classroom-detail"),
    path(
        "classrooms/<uuid:pk>/meals/",
        records.ClassroomMeals.as_view(),
        name="classroom-meals",
    ),
    path("guardianships/", children.GuardianshipList.as_view(), name="guardianship-list"),
    path("attendance/", records.AttendanceList.as_view(), name="attendance-list"),
    path("attendance/check-in/", records.AttendanceCheckIn.as_view(), name="attendance-check-in"),
    path("attendance/absences/", records.AbsenceCreate.as_view(), name="attendance-absence"),
    path("attendance/<uuid:pk>/", records.AttendanceDetail.as_view(), name="attendance-detail"),
    path(
        "attendance/<uuid:pk>/check-out/",
        records.AttendanceCheckOut.as_view(),
        name="attendance-check-out",
    ),
    path(
        "attendance/<uuid:pk>/follow-up/",
        records.AbsenceFollowUp.as_view(),
        name="attendance-follow-up",
    ),
    path(
        "daily-health-checks/",
        records.DailyHealthCheckList.as_view(),
        name="daily-health-check-list",
    ),
    path(
        "daily-health-checks/<uuid:pk>/",
        records.DailyHealthCheckDetail.as_view(),
        name="daily-health-check-detail",
    ),
    path("care/sleeps/<uuid:pk>/end/", records.SleepEnd.as_view(), name="care-sleep-end"),
    path("care/sleeps/at-home/", records.SleepAtHome.as_view(), name="care-sleep-at-home"),
    path("centre/thresholds/", rules.HealthRuleThresholds.as_view(), name="centre-thresholds"),
    path("health-checks/", records.HealthCheckList.as_view(), name="health-check-list"),
    path("health-checks/due/", records.HealthChecksDue.as_view(), name="health-check-due"),
    path(
        "health-checks/<uuid:pk>/",
        records.HealthCheckDetail.as_view(),
        name="health-check-detail",
    ),
    path("injuries/", records.InjuryList.as_view(), name="injury-list"),
    path("injuries/<uuid:pk>/", records.InjuryDetail.as_view(), name="injury-detail"),
    path(
        "injuries/<uuid:pk>/follow-up/",
        records.InjuryFollowUp.as_view(),
        name="injury-follow-up",
    ),
    path(
        "medication-requests/",
        records.MedicationRequestList.as_view(),
        name="medication-request-list",
    ),
    path(
        "medication-requests/<uuid:pk>/",
        records.MedicationRequestDetail.as_view(),
        name="medication-request-detail",
    ),
    path(
        "medication-requests/<uuid:pk>/confirm/",
        records.MedicationRequestConfirm.as_view(),
        name="medication-request-confirm",
    ),
    path(
        "medication-administrations/",
        records.MedicationAdministrationList.as_view(),
        name="medication-administration-list",
    ),
    path(
        "medication-administrations/<uuid:pk>/",
        records.MedicationAdministrationDetail.as_view(),
        name="medication-administration-detail",
    ),
    path(
        "growth-measurements/",
        growth.GrowthMeasurementList.as_view(),
        name="growth-measurement-list",
    ),
    path(
        "growth-measurements/<uuid:pk>/",
        growth.GrowthMeasurementDetail.as_view(),
        name="growth-measurement-detail",
    ),
    path("symptom-flags/", records.SymptomFlagList.as_view(), name="symptom-flag-list"),
    path(
        "symptom-flags/<uuid:pk>/",
        records.SymptomFlagDetail.as_view(),
        name="symptom-flag-detail",
    ),
    path("alerts/", alerts.AlertList.as_view(), name="alert-list"),
    path("alerts/<uuid:pk>/", alerts.AlertDetail.as_view(), name="alert-detail"),
    path(
        "alerts/<uuid:pk>/acknowledge/",
        alerts.AlertAcknowledge.as_view(),
        name="alert-acknowledge",
    ),
    path("alerts/<uuid:pk>/triage/", alerts.AlertTriage.as_view(), name="alert-triage"),
    path("alerts/<uuid:pk>/timeline/", alerts.AlertTimeline.as_view(), name="alert-timeline"),
    path("alerts/<uuid:pk>/resolve/", alerts.AlertResolve.as_view(), name="alert-resolve"),
]

for _segment, (_list_view, _detail_view) in records.CARE_VIEWS.items():
    urlpatterns += [
        path(f"care/{_segment}/", _list_view.as_view(), name=f"care-{_segment}-list"),
        path(f"care/{_segment}/<uuid:pk>/", _detail_view.as_view(), name=f"care-{_segment}-detail"),
    ]
