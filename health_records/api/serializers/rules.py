"""A centre's health-rule thresholds (the director's or doctor's thresholds page): the values in
force with their defaults, ranges and sources, and who changed what. Temperatures in °C as
decimal strings (one decimal), the others counts."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from health_records.selectors.rules import ThresholdChange

Ser = serializers.Serializer[Any]


def _temperature(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=3, decimal_places=1, **kwargs)


def _count(**kwargs: Any) -> serializers.IntegerField:
    return serializers.IntegerField(**kwargs)


class ThresholdRowOut(Ser):
    """One threshold: field ``name``, ``label`` (with its unit, in the request's language), the
    ``value`` in force, the ``default`` and its ``source``, the allowed range ``low``–``high``
    (numbers as decimal strings)."""

    # ``label`` and ``source`` are also attributes of a DRF Field: the metaclass
    # takes declared fields off the class, so only the type checker sees the clash.
    name = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    value = serializers.CharField()
    default = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]  # a field named "source"
    low = serializers.DecimalField(max_digits=3, decimal_places=1)
    high = serializers.DecimalField(max_digits=3, decimal_places=1)


class ThresholdValueChangeOut(Ser):
    label = serializers.CharField()  # type: ignore[assignment]  # a field named "label"
    old = serializers.CharField()
    new = serializers.CharField()


class ThresholdChangeOut(Ser):
    """One save: when (``at``), by whom (``user``, an id; null for a change without a user),
    and the thresholds it changed (``label``, ``old`` → ``new``)."""

    at = serializers.DateTimeField()
    user = serializers.SerializerMethodField()
    changes = serializers.SerializerMethodField()

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_user(self, change: ThresholdChange) -> int | None:
        return change.user.pk if change.user is not None else None

    @extend_schema_field(ThresholdValueChangeOut(many=True))
    def get_changes(self, change: ThresholdChange) -> list[dict[str, str]]:
        return [
            {"label": label, "old": str(old), "new": str(new)} for label, old, new in change.changes
        ]


class ThresholdsOut(Ser):
    """The centre's thresholds at ``version`` (also the ``ETag``): the five values, each row
    with its default, range and source, and the last saves, newest first."""

    version = serializers.IntegerField(source="settings.version")
    fever_axillary_c = _temperature(source="settings.fever_axillary_c")
    low_temperature_c = _temperature(source="settings.low_temperature_c")
    loose_stools_in_24h = _count(source="settings.loose_stools_in_24h")
    vomits_per_day = _count(source="settings.vomits_per_day")
    refused_meals_in_row = _count(source="settings.refused_meals_in_row")
    rows = ThresholdRowOut(many=True)
    history = ThresholdChangeOut(many=True)


class ThresholdsUpdate(Ser):
    """PATCH body: ``version`` (required unless ``If-Match`` names it) and the thresholds to
    change; the others keep their value. Ranges: fever 37.0–39.0 °C, low temperature
    34.0–36.0 °C, loose stools 2–10 in 24 h, vomits 1–10 a day, refused meals 1–6 in a row
    (``out_of_range`` on the field otherwise; nothing saved)."""

    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=(
            "The version the client was shown; a stale one is a 409. Required unless the "
            "If-Match header names it (both given: they must agree, else 412)."
        ),
    )
    fever_axillary_c = _temperature(required=False)
    low_temperature_c = _temperature(required=False)
    loose_stools_in_24h = _count(required=False)
    vomits_per_day = _count(required=False)
    refused_meals_in_row = _count(required=False)
