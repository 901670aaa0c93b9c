"""Django admin for back-office work; clinical and master data keep their history."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AccessLog,
    Centre,
    Child,
    Classroom,
    ConsentPolicy,
    EditConflict,
    GuardianConsent,
    Guardianship,
    StaffMembership,
)


@admin.register(Centre)
class CentreAdmin(SimpleHistoryAdmin):
    list_display = ("name", "operator", "capacity", "time_zone")
    search_fields = ("name", "operator")


@admin.register(Classroom)
class ClassroomAdmin(SimpleHistoryAdmin):
    list_display = ("name", "centre", "class_type", "capacity")
    list_filter = ("centre", "class_type")


class GuardianshipInline(admin.TabularInline[Guardianship, Child]):
    model = Guardianship
    extra = 0
    autocomplete_fields = ("user",)


@admin.register(Child)
class ChildAdmin(SimpleHistoryAdmin):
    list_display = (
        "full_name",
        "sex",
        "birth_date",
        "classroom",
        "care_plan",
        "enrolled_on",
        "left_on",
    )
    list_filter = ("centre", "classroom", "sex", "care_plan")
    search_fields = ("family_name", "given_name")
    inlines = (GuardianshipInline,)


@admin.register(StaffMembership)
class StaffMembershipAdmin(SimpleHistoryAdmin):
    list_display = ("user", "centre", "role", "is_active")
    list_filter = ("centre", "role", "is_active")
    filter_horizontal = ("classrooms",)
    autocomplete_fields = ("user",)


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin[AccessLog]):
    """Read-only: the access log cannot be added to, edited or deleted through the admin."""

    list_display = ("at", "user", "role", "child", "what", "request_id")
    list_filter = ("role", "what")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(EditConflict)
class EditConflictAdmin(admin.ModelAdmin[EditConflict]):
    """Read-only: refused edits (version conflicts) are append-only, like the access log."""

    list_display = ("attempted_at", "attempted_by", "child", "record_type", "changed_by")
    date_hierarchy = "attempted_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


# Admin registrations of other areas (imported for their side effect).
from . import admin_alerts, admin_care  # noqa: E402,F401  (issue 6: alerts; issue 5: day records)


@admin.register(ConsentPolicy)
class ConsentPolicyAdmin(SimpleHistoryAdmin):
    list_display = ("version", "effective_from", "title_zh")


@admin.register(GuardianConsent)
class GuardianConsentAdmin(SimpleHistoryAdmin):
    """Consent is given and withdrawn by the guardian in the app; the admin only shows it."""

    list_display = ("child", "guardian", "policy", "given_at", "withdrawn_at")
    list_filter = ("policy",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
