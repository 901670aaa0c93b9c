"""manage.py growth_recompute: rewrites stored evaluations, never the measurements."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command

from health_records.growth import ENGINE_VERSION
from health_records.models import GrowthMeasurement, GrowthMeasurementEvaluation
from health_records.services.growth import growth_measurement_record


def _measure(world, day: dt.date, weight: str) -> GrowthMeasurement:
    return growth_measurement_record(
        child=world.child_a1, measured_on=day, recorded_by=world.users["nurse"], weight_kg=weight
    )


def test_recompute_rewrites_stale_evaluations_and_reports_count(world):
    """Two evaluations marked as an old engine are recomputed; the command says how many."""
    _measure(world, dt.date(2026, 2, 1), "8.8")
    _measure(world, dt.date(2026, 3, 1), "8.946")
    GrowthMeasurementEvaluation.objects.update(engine_version="0.9.0")
    out = StringIO()
    call_command("growth_recompute", "--stale-only", stdout=out)
    versions = set(GrowthMeasurementEvaluation.objects.values_list("engine_version", flat=True))
    assert (versions, "Re-evaluated 2 measurements" in out.getvalue()) == ({ENGINE_VERSION}, True)


def test_recompute_leaves_raw_values_and_history_alone(world):
    """Raw values and the history row count are the same after a full recompute."""
    m = _measure(world, dt.date(2026, 3, 1), "8.946")
    history_before = GrowthMeasurement.history.count()
    call_command("growth_recompute", stdout=StringIO())
    m_after = GrowthMeasurement.objects.get(pk=m.pk)
    assert (m_after.weight_kg, m_after.version, GrowthMeasurement.history.count()) == (
        m.weight_kg,
        1,
        history_before,
    )


def test_stale_only_skips_current_evaluations(world):
    """With every evaluation current, --stale-only re-evaluates nothing."""
    _measure(world, dt.date(2026, 3, 1), "8.946")
    out = StringIO()
    call_command("growth_recompute", "--stale-only", stdout=out)
    assert "Re-evaluated 0 measurements" in out.getvalue()
