"""Growth measurements (issue 4) through the growth services: list, record, read, correct."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import QuerySet

from health_records.api.filters import record_filterset
from health_records.api.serializers import growth as s
from health_records.api.views.base import RecordCreateMixin, RecordListView, RecordUpdateMixin
from health_records.models import Child, GrowthMeasurement
from health_records.selectors.records import records_visible_to
from health_records.services.growth import growth_measurement_edit, growth_measurement_record


class GrowthMeasurementList(RecordListView, RecordCreateMixin):
    """Measurements with their evaluation. POST (doctor or nurse) records and evaluates one."""

    model = GrowthMeasurement
    what = "api_growth_measurement_list"
    ordering = ("-measured_on", "pk")
    input_serializer_class = s.GrowthMeasurementIn
    output_serializer_class = s.GrowthMeasurementOut
    filterset_class = record_filterset(GrowthMeasurement, "measured_on", is_datetime=False)

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return GrowthMeasurement.objects.none()
        return (
            records_visible_to(self.viewer, GrowthMeasurement)
            .select_related("evaluation")
            .order_by(*self.ordering)
        )

    def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
        return growth_measurement_record(child=child, recorded_by=user, **data)


class GrowthMeasurementDetail(RecordUpdateMixin):
    """One measurement; PATCH corrects it (``version``) and re-evaluates."""

    model = GrowthMeasurement
    what = "api_growth_measurement_detail"
    output_serializer_class = s.GrowthMeasurementOut
    update_serializer_class = s.GrowthMeasurementUpdate

    def update(
        self, *, record: Any, expected_version: int, user: Any, changes: Mapping[str, object]
    ) -> models.Model:
        return growth_measurement_edit(
            measurement=record, expected_version=expected_version, edited_by=user, changes=changes
        )
