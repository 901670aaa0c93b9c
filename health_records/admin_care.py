"""Admin for the day's records (issue 5): read and correct with history, never delete clinical rows.

Corrections in the admin go through ``save_model`` like any admin edit and are recorded in
history with the admin user; the version counter is bumped so an open edit page in the app
sees the conflict.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Attendance,
    AuthorisedPickup,
    BottleFeedRecord,
    CareNote,
    DailyHealthCheck,
    HealthCheck,
    HealthRuleSettings,
    InjuryIncident,
    MealRecord,
    MedicationAdministration,
    MedicationRequest,
    MoodRecord,
    SleepRecord,
    ToiletingRecord,
    VomitRecord,
    WaterRecord,
)


class DayRecordAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # SimpleHistoryAdmin is untyped
    """Shared: scoped filters, recorded_by read-only, no deletion, version bumped on change."""

    readonly_fields: tuple[str, ...] = ("recorded_by", "version", "created_at", "updated_at")
    list_filter: tuple[str, ...] = ("centre",)
    raw_id_fields = ("child",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            obj.version += 1
        else:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Attendance)
class AttendanceAdmin(DayRecordAdmin):
    list_display = (
        "day",
        "child",
        "checked_in_at",
        "checked_out_at",
        "absence_reason",
        "possibly_infectious",
        "cleared_at",
    )
    list_filter = ("centre", "absence_reason", "possibly_infectious")
    date_hierarchy = "day"


@admin.register(DailyHealthCheck)
class DailyHealthCheckAdmin(DayRecordAdmin):
    list_display = ("day", "session", "child", "temperature_c", "temperature_site", "outcome")
    list_filter = ("centre", "session", "outcome")
    date_hierarchy = "day"


@admin.register(MealRecord)
class MealRecordAdmin(DayRecordAdmin):
    list_display = ("day", "meal_type", "child", "amount_eaten")
    list_filter = ("centre", "meal_type", "amount_eaten")


@admin.register(SleepRecord)
class SleepRecordAdmin(DayRecordAdmin):
    list_display = ("child", "start_at", "end_at")


@admin.register(ToiletingRecord)
class ToiletingRecordAdmin(DayRecordAdmin):
    list_display = ("child", "occurred_at", "kind", "stool_type")
    list_filter = ("centre", "kind", "stool_type")


for _model in (BottleFeedRecord, WaterRecord, MoodRecord, VomitRecord, CareNote):
    admin.site.register(_model, DayRecordAdmin, list_display=("child", "occurred_at"))


@admin.register(InjuryIncident)
class InjuryIncidentAdmin(DayRecordAdmin):
    list_display = ("occurred_at", "child", "body_part", "severity", "parent_informed_at")
    list_filter = ("centre", "severity")


@admin.register(HealthCheck)
class HealthCheckAdmin(DayRecordAdmin):
    list_display = ("examined_on", "child", "check_type", "haemoglobin_g_per_l", "referral")
    list_filter = ("centre", "check_type")


@admin.register(MedicationAdministration)
class MedicationAdministrationAdmin(DayRecordAdmin):
    list_display = ("scheduled_for", "child", "outcome", "given_at", "recorded_by")
    list_filter = ("centre", "outcome")


@admin.register(MedicationRequest)
class MedicationRequestAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ("child", "drug_name", "dose", "start_date", "end_date", "status")
    list_filter = ("centre", "status")
    readonly_fields = ("requested_by", "guardian_confirmed_at", "version")
    raw_id_fields = ("child",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuthorisedPickup)
class AuthorisedPickupAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = ("child", "name", "relationship", "phone", "is_active")
    raw_id_fields = ("child",)
    search_fields = ("name",)


@admin.register(HealthRuleSettings)
class HealthRuleSettingsAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # untyped base
    list_display = (
        "centre",
        "fever_axillary_c",
        "low_temperature_c",
        "loose_stools_in_24h",
        "vomits_per_day",
        "refused_meals_in_row",
    )
    readonly_fields = ("version",)

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """A change in the admin bumps the version, so the thresholds page sees a conflict
        (a row created here starts at 2: version 1 is the defaults)."""
        obj.version += 1
        super().save_model(request, obj, form, change)
