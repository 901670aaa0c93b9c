"""Alerts (issue 6): list and read (medical team and director: their centre; guardians: their
children's), acknowledge, triage (assessment, vitals, action) and resolve through the alert
services. Reads are access-logged for the children concerned."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from health_records.api.filters import record_filterset
from health_records.api.serializers.alerts import (
    AlertOut,
    AlertTimelineEntryOut,
    EmptyIn,
    ResolveIn,
    TriageEntryOut,
    TriageIn,
)
from health_records.api.views.base import ApiView
from health_records.exceptions import DomainError
from health_records.models import Alert
from health_records.selectors.alerts import alert_get, alert_timeline_get, alerts_visible_to
from health_records.services.alerts import (
    alert_acknowledge,
    alert_action_record,
    alert_assessment_add,
    alert_resolve,
    alert_vitals_record,
)


class AlertList(ApiView):
    """Alerts the caller may read, newest first. Filters: child, classroom, date range."""

    is_list = True
    model = Alert
    what = "api_alert_list"
    output_serializer_class = AlertOut
    filterset_class = record_filterset(Alert, "opened_at", is_datetime=True)

    def get_queryset(self) -> QuerySet[Alert]:
        if getattr(self, "swagger_fake_view", False):
            return Alert.objects.none()
        return alerts_visible_to(self.viewer).order_by("-opened_at", "pk")

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = list(self.paginate_queryset(self.filter_queryset(self.get_queryset())) or [])
        self.log_reads(alert.child for alert in rows if alert.child is not None)
        return self.get_paginated_response(AlertOut(rows, many=True).data)


class AlertDetail(ApiView):
    """One alert the caller may read (404 otherwise)."""

    what = "api_alert_detail"
    output_serializer_class = AlertOut

    def get(self, request: Request, pk: Any) -> Response:
        alert = alert_get(self.viewer, pk)
        if alert.child is not None:
            self.log_reads([alert.child])
        return self.render(alert)


class AlertTimeline(ApiView):
    """The alert's timeline, oldest first, for whoever may read the alert (404 otherwise): the
    medical team and the director of its centre see every entry; a guardian only what their
    alert page shows (raised, the action taken, resolved: no notes, vitals or names).
    Access-logged for the child concerned."""

    is_list = True
    pagination_class = None
    what = "api_alert_timeline"
    queryset = Alert.objects.none()  # for the schema: ``pk`` is an alert's id
    output_serializer_class = AlertTimelineEntryOut

    def get(self, request: Request, pk: Any) -> Response:
        found = alert_timeline_get(self.viewer, pk)
        if found.alert.child is not None:
            self.log_reads([found.alert.child])
        context = {"request": request, "full": found.full}
        return Response(AlertTimelineEntryOut(found.entries, many=True, context=context).data)


class AlertAcknowledge(ApiView):
    """Acknowledge (medical team, director): stops escalation. Idempotent."""

    input_serializer_class = EmptyIn
    output_serializer_class = AlertOut

    def post(self, request: Request, pk: Any) -> Response:
        return self.render(alert_acknowledge(alert=alert_get(self.viewer, pk), by=self.user))


class AlertTriage(ApiView):
    """Add a triage entry (medical team): assessment, vital signs, or the action taken."""

    creates = True
    input_serializer_class = TriageIn
    output_serializer_class = TriageEntryOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(TriageIn)
        alert = alert_get(self.viewer, pk)
        kind = data.pop("kind")
        if kind == "assessment":
            entry = alert_assessment_add(alert=alert, by=self.user, note=data["note"])
        elif kind == "vitals":
            data.pop("action", None)
            entry = alert_vitals_record(alert=alert, by=self.user, **data)
        else:
            if "action" not in data:
                raise DomainError("action_required", _("Choose the action taken."), field="action")
            entry = alert_action_record(
                alert=alert, by=self.user, action=data["action"], note=data["note"]
            )
        return self.render(entry, status_code=status.HTTP_201_CREATED)


class AlertResolve(ApiView):
    """Resolve (medical team): clears the escalation and re-page deadlines."""

    input_serializer_class = ResolveIn
    output_serializer_class = AlertOut

    def post(self, request: Request, pk: Any) -> Response:
        data = self.parse(ResolveIn)
        alert = alert_resolve(alert=alert_get(self.viewer, pk), by=self.user, note=data["note"])
        return self.render(alert)
