"""URLs of the health_records pages. Objects are addressed by UUID, never sequential ids."""

from django.urls import include, path

from .views import care, care_records, pages, rules

urlpatterns = [
    path("", pages.home, name="home"),
    path("classrooms/", pages.my_classrooms, name="my_classrooms"),
    # The classroom screen (issue 5) replaces the plain roster under the same name.
    path("classrooms/<uuid:classroom_id>/", care.classroom_screen, name="classroom_roster"),
    path("medical/", pages.medical_dashboard, name="medical_dashboard"),
    path("centre/", pages.centre_overview_view, name="centre_overview"),
    path("centre/thresholds/", rules.health_rule_settings_view, name="health_rule_settings"),
    path("my-children/", pages.my_children_view, name="my_children"),
    path("children/<uuid:child_id>/", pages.child_detail, name="child_detail"),
    # The caregiver's and nurse's day (issue 5).
    path(
        "classrooms/<uuid:classroom_id>/checks/<str:session>/",
        care.check_round,
        name="check_round",
    ),
    path("classrooms/<uuid:classroom_id>/meals/", care.classroom_meals, name="classroom_meals"),
    path("children/<uuid:child_id>/check-in/", care.check_in, name="check_in"),
    path("children/<uuid:child_id>/check-out/", care.check_out, name="check_out"),
    path("children/<uuid:child_id>/pickups/", care.pickup_add, name="pickup_add"),
    path("children/<uuid:child_id>/absence/", care.absence_new, name="absence_new"),
    path("children/<uuid:child_id>/checks/<str:session>/", care.check_record, name="check_record"),
    path("children/<uuid:child_id>/day/", care.child_day_view, name="child_day"),
    path("children/<uuid:child_id>/care/<str:kind>/", care.care_entry, name="care_entry"),
    path("children/<uuid:child_id>/report/", care.daily_report, name="daily_report"),
    path("records/<str:kind>/<uuid:record_id>/edit/", care.record_edit, name="record_edit"),
    path(
        "absences/<uuid:attendance_id>/follow-up/",
        care.absence_follow_up,
        name="absence_follow_up",
    ),
    path("children/<uuid:child_id>/clearance/", care.return_clearance, name="return_clearance"),
    path(
        "children/<uuid:child_id>/medication/",
        care_records.medication_request_new,
        name="medication_request_new",
    ),
    path("medication/", care_records.medication_doses, name="medication_doses"),
    path(
        "medication/<uuid:request_id>/confirm/",
        care_records.medication_request_confirm_view,
        name="medication_request_confirm",
    ),
    path(
        "medication/<uuid:request_id>/doses/",
        care_records.medication_dose_record,
        name="medication_dose_record",
    ),
    path("children/<uuid:child_id>/injuries/new/", care_records.injury_new, name="injury_new"),
    path(
        "injuries/<uuid:incident_id>/follow-up/",
        care_records.injury_follow_up,
        name="injury_follow_up",
    ),
    path(
        "children/<uuid:child_id>/sleep-at-home/",
        care.sleep_at_home,
        name="sleep_at_home",
    ),
    path(
        "children/<uuid:child_id>/health-checks/new/",
        care_records.health_check_new,
        name="health_check_new",
    ),
    path("health-checks/due/", care_records.health_checks_due_view, name="health_checks_due"),
    # Growth: measurements, charts, measuring day, report (issue 4).
    path("", include("health_records.urls_growth")),
    # Alerts, triage, symptom flags (issue 6).
    path("", include("health_records.urls_alerts")),
]
