"""Alerts (issue 6): output, and the triage inputs (acknowledge, triage entry, resolve)."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from health_records.models import Alert, AlertTriageEntry, TriageAction

from .base import ModelOut

TRIAGE_KINDS = [("assessment", "assessment"), ("vitals", "vitals"), ("action", "action")]
"""The triage entries a caller may add (the other timeline kinds are written by the system)."""


class TriageEntryOut(ModelOut[AlertTriageEntry]):
    """One timeline entry; vitals in °C, /min, /min, %."""

    action = serializers.ChoiceField(choices=TriageAction.choices, allow_blank=True, read_only=True)
    note = serializers.CharField(source="note_text", read_only=True)

    class Meta:
        model = AlertTriageEntry
        fields = [
            "id",
            "kind",
            "at",
            "by",
            "note",
            "action",
            "temperature_c",
            "heart_rate_per_min",
            "respiratory_rate_per_min",
            "spo2_percent",
        ]
        read_only_fields = fields


class AlertTimelineEntryOut(TriageEntryOut):
    """One line of an alert's timeline. For a guardian (``context["full"]`` false) only
    ``id``, ``kind``, ``at`` and ``action`` are filled: ``by`` and the vitals are null and
    ``note`` is empty, as on the guardian's alert page."""

    REDACTED: dict[str, Any] = {
        "by": None,
        "note": "",
        "temperature_c": None,
        "heart_rate_per_min": None,
        "respiratory_rate_per_min": None,
        "spo2_percent": None,
    }

    def to_representation(self, instance: AlertTriageEntry) -> dict[str, Any]:
        data: dict[str, Any] = dict(super().to_representation(instance))
        if not self.context.get("full", False):
            data.update(self.REDACTED)
        return data


class AlertOut(ModelOut[Alert]):
    """An alert; ``title`` in the caller's language where the catalogue has it."""

    title = serializers.SerializerMethodField()
    action = serializers.ChoiceField(choices=TriageAction.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id",
            "centre",
            "child",
            "classroom",
            "kind",
            "severity",
            "state",
            "title",
            "rule",
            "occurrences",
            "opened_at",
            "last_raised_at",
            "escalation_level",
            "acknowledged_at",
            "acknowledged_by",
            "action",
            "resolved_at",
            "resolved_by",
        ]
        read_only_fields = fields

    def get_title(self, alert: Alert) -> str:
        """The headline in the request's language (the stored title is an English msgid)."""
        return alert.headline()


class TriageIn(serializers.Serializer[Any]):
    """``kind``: ``assessment`` (``note`` required), ``vitals`` (at least one of the four), or
    ``action`` (``action`` required: observe / call_guardian / send_home / refer_hospital)."""

    kind = serializers.ChoiceField(choices=TRIAGE_KINDS)
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    action = serializers.ChoiceField(choices=TriageAction.choices, required=False)
    # max_digits 4 lets a °F value (100.4) reach the service's "looks like Fahrenheit".
    temperature_c = serializers.DecimalField(
        max_digits=4, decimal_places=1, required=False, allow_null=True, default=None
    )
    heart_rate_per_min = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, allow_null=True, default=None
    )
    respiratory_rate_per_min = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, allow_null=True, default=None
    )
    spo2_percent = serializers.IntegerField(
        min_value=0, max_value=32767, required=False, allow_null=True, default=None
    )


class ResolveIn(serializers.Serializer[Any]):
    note = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class EmptyIn(serializers.Serializer[Any]):
    """No body."""
