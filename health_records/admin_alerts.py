"""Admin for alerts (issue 6): channels, escalation policy and cluster rules are edited here per
centre; alerts, flags and deliveries are read-only (they change only through the services)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Alert,
    AlertChannelConfig,
    AlertDelivery,
    AlertTriageEntry,
    ClusterRule,
    EscalationPolicy,
    EscalationStep,
    NotificationProfile,
    SymptomFlag,
)


class ReadOnlyMixin:
    """Rows written only by services: visible, never added, edited or deleted here."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AlertChannelConfig)
class AlertChannelConfigAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple_history is untyped
    list_display = ("name", "centre", "channel", "enabled", "min_severity", "notify_guardians")
    list_filter = ("centre", "channel", "enabled")
    fields = (
        "centre",
        "channel",
        "name",
        "enabled",
        "min_severity",
        "url",
        "secret",
        "notify_guardians",
    )


class EscalationStepInline(admin.TabularInline[EscalationStep, EscalationPolicy]):
    model = EscalationStep
    extra = 1


@admin.register(EscalationPolicy)
class EscalationPolicyAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple_history is untyped
    list_display = ("centre", "severity", "repage_after_ack_seconds")
    list_filter = ("centre", "severity")
    inlines = (EscalationStepInline,)


@admin.register(ClusterRule)
class ClusterRuleAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple_history is untyped
    list_display = ("centre", "symptom", "window_days", "min_children", "enabled")
    list_filter = ("centre", "symptom", "enabled")


@admin.register(NotificationProfile)
class NotificationProfileAdmin(admin.ModelAdmin[NotificationProfile]):
    list_display = ("user", "language", "mobile_phone")
    autocomplete_fields = ("user",)


class AlertTriageEntryInline(ReadOnlyMixin, admin.TabularInline[AlertTriageEntry, Alert]):
    model = AlertTriageEntry
    extra = 0


class AlertDeliveryInline(ReadOnlyMixin, admin.TabularInline[AlertDelivery, Alert]):
    model = AlertDelivery
    extra = 0
    fields = (
        "channel",
        "recipient_key",
        "level",
        "round",
        "status",
        "attempts",
        "sent_at",
        "last_error",
    )


@admin.register(Alert)
class AlertAdmin(ReadOnlyMixin, SimpleHistoryAdmin):  # type: ignore[misc]  # simple_history is untyped
    list_display = ("opened_at", "centre", "kind", "severity", "state", "escalation_level")
    list_filter = ("centre", "kind", "severity", "state")
    date_hierarchy = "opened_at"
    inlines = (AlertTriageEntryInline, AlertDeliveryInline)


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyMixin, admin.ModelAdmin[AlertDelivery]):
    list_display = (
        "created_at",
        "alert",
        "channel",
        "recipient_key",
        "level",
        "round",
        "status",
        "attempts",
    )
    list_filter = ("channel", "status", "audience")


@admin.register(SymptomFlag)
class SymptomFlagAdmin(ReadOnlyMixin, SimpleHistoryAdmin):  # type: ignore[misc]  # simple_history is untyped
    list_display = ("observed_at", "centre", "classroom", "symptom", "severity", "rule")
    list_filter = ("centre", "symptom", "severity")
    date_hierarchy = "observed_at"
