"""Growth measurements (issue 4) through the growth services: list, record, read, correct."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from health_records.api.filters import record_filterset
from health_records.api.serializers import growth as s
from health_records.api.views.base import (
    ApiView,
    RecordCreateMixin,
    RecordListView,
    RecordUpdateMixin,
)
from health_records.models import Child, GrowthMeasurement
from health_records.selectors.growth import (
    ChartRequest,
    chart_data,
    chart_rows,
    default_range_months,
    growth_child_get,
)
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


class GrowthChart(ApiView):
    """A child's growth chart data: reference lines of a standard and the child's points."""

    what = "api_growth_chart"
    output_serializer_class = s.GrowthChartOut

    @extend_schema(parameters=[s.GrowthChartQuery])
    def get(self, request: Request, pk: Any) -> Response:
        query = s.GrowthChartQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        child = growth_child_get(self.viewer, pk)
        self.log_reads([child])
        today = timezone.localdate(timezone=child.centre.tz)
        chart = ChartRequest(
            indicator=params["indicator"],
            standard=params["standard"],
            kind=params["kind"],
            range_months=params.get("range_months") or default_range_months(child, today),
        )
        return self.render(chart_data(child, chart_rows(child), chart))
