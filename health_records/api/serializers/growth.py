"""Growth measurements (issue 4) and their stored evaluation (WHO 2006, WS/T 423—2022).

Measurements in the units of the field names (kg to 3 decimals, cm to 1 decimal), as decimal
strings. The evaluation is derived data written by the growth service; ``indicators`` is its
per-indicator detail (value, unit, z, percentile, flags; see
``health_records.services.growth.evaluation_detail``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from health_records.models import GrowthMeasurement, GrowthMeasurementEvaluation
from health_records.models.growth import MeasurementPosition
from health_records.selectors.growth import CHART_INDICATORS, STANDARDS

from .base import ModelOut
from .records import DAY_RECORD_FIELDS, versioned_update


class GrowthEvaluationOut(ModelOut[GrowthMeasurementEvaluation]):
    """z-scores (WHO 2006, full precision, null when not scored), classes (engine codes, ""
    when none), ``flagged`` (a WHO implausibility flag), ``faltering``; ``indicators``: the
    per-indicator detail with percentiles."""

    indicators = serializers.SerializerMethodField()

    class Meta:
        model = GrowthMeasurementEvaluation
        fields = [
            "engine_version",
            "evaluated_at",
            "age_days",
            "uses_corrected_age",
            "wfa_z",
            "lhfa_z",
            "wflh_z",
            "wflh_indicator",
            "bfa_z",
            "hcfa_z",
            "who_wfa_class",
            "who_lhfa_class",
            "who_wflh_class",
            "who_bfa_class",
            "who_hcfa_class",
            "china_wfa_class",
            "china_lhfa_class",
            "china_wflh_class",
            "china_bfa_class",
            "flagged",
            "faltering",
            "faltering_reasons",
            "indicators",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "object"}})
    def get_indicators(self, evaluation: GrowthMeasurementEvaluation) -> dict[str, Any]:
        indicators: dict[str, Any] = dict(evaluation.detail.get("indicators") or {})
        return indicators


class GrowthMeasurementOut(ModelOut[GrowthMeasurement]):
    """A measurement; ``position`` blank when no length/height; ``evaluation`` null until the
    engine has evaluated it."""

    position = serializers.ChoiceField(
        choices=MeasurementPosition.choices, allow_blank=True, read_only=True
    )
    evaluation = serializers.SerializerMethodField()

    class Meta:
        model = GrowthMeasurement
        fields = [
            *DAY_RECORD_FIELDS,
            "measured_on",
            "weight_kg",
            "length_height_cm",
            "position",
            "head_circumference_cm",
            "confirmed_reason",
            "evaluation",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(GrowthEvaluationOut(allow_null=True))
    def get_evaluation(self, measurement: GrowthMeasurement) -> dict[str, Any] | None:
        evaluation = getattr(measurement, "evaluation", None)
        if evaluation is None:
            return None
        data: dict[str, Any] = dict(GrowthEvaluationOut(evaluation).data)
        return data


class GrowthMeasurementIn(serializers.Serializer[Any]):
    """At least one of weight, length/height (with ``position``) and head circumference.
    Values the plausibility checks question are refused with ``confirmation_required`` (the
    questions are listed under ``fields.confirmed_reason``); send them again with a
    ``confirmed_reason`` to keep them."""

    child = serializers.UUIDField()
    measured_on = serializers.DateField()
    # Any number is accepted here (no max_digits / decimal_places): the service checks the
    # decimals and the ranges, so 3562 "kg" gets its "looks like grams" message and 520 "cm"
    # its "looks like millimetres" one, as on the web form, not a generic digit-count error.
    weight_kg = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True, default=None
    )
    length_height_cm = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True, default=None
    )
    position = serializers.ChoiceField(
        choices=MeasurementPosition.choices, required=False, allow_blank=True, default=""
    )
    head_circumference_cm = serializers.DecimalField(
        max_digits=None, decimal_places=None, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    confirmed_reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default=""
    )


GrowthMeasurementUpdate = versioned_update(GrowthMeasurementIn, "GrowthMeasurementUpdate")


class GrowthChartQuery(serializers.Serializer[Any]):
    """``indicator``: wfa, lhfa, wfl, wfh, bfa, hcfa; ``standard``: who_2006 or
    ws_t_423_2022; ``kind``: sd (z-score lines) or percentile; ``range_months``: 24, 36 or 60
    (age-based charts; default 36, or 60 once the child is older than three)."""

    indicator = serializers.ChoiceField(
        choices=[(key, key) for key in CHART_INDICATORS], required=False, default="wfa"
    )
    standard = serializers.ChoiceField(
        choices=[(key, key) for key in STANDARDS], required=False, default="who_2006"
    )
    kind = serializers.ChoiceField(
        choices=[("sd", "sd"), ("percentile", "percentile")], required=False, default="sd"
    )
    range_months = serializers.ChoiceField(
        choices=[(24, "24"), (36, "36"), (60, "60")], required=False
    )


class GrowthChartOut(serializers.Serializer[Any]):
    """Chart data (``health_records.selectors.growth.chart_data``): reference ``curves``
    (``x`` and ``lines`` [{key, label, z, values}]) and the child's ``points`` [{id, x, y, date,
    age, corrected, value, z, percentile, flagged, china_class, china_level}]; x is the age in
    months (corrected while it applies) or the length/height in cm (``x_axis``)."""

    indicator = serializers.CharField()
    indicator_name = serializers.CharField()
    standard = serializers.DictField(child=serializers.CharField())
    kind = serializers.CharField()
    unit = serializers.CharField()
    x_axis = serializers.CharField()
    x_min = serializers.FloatField()
    x_max = serializers.FloatField()
    curves = serializers.DictField()
    points = serializers.ListField(child=serializers.DictField())
