"""Reads for exports of one child's record (FHIR ``$everything``): staff of the child's centre.

A guardian, or staff of another centre, gets ``Child.DoesNotExist`` (a 404), never a hint that
the child exists.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from health_records.models import Child, DailyHealthCheck, GrowthMeasurement, HealthCheck
from health_records.selectors.access import Viewer, children_visible_to


@dataclass(frozen=True)
class ChildRecords:
    """Everything exported about a child: measurements (with their stored evaluation, or
    none), daily checks (temperatures) and health checks with a haemoglobin value; each list in
    time order."""

    child: Child
    measurements: list[GrowthMeasurement]
    daily_checks: list[DailyHealthCheck]
    haemoglobin_checks: list[HealthCheck]


def child_records_for_export(viewer: Viewer, child_id: uuid.UUID | str) -> ChildRecords:
    """The child's records for a staff member of the child's own centre. Four queries.

    Raises ``Child.DoesNotExist`` for anyone else (guardians included: exports are a staff
    function) and for an unknown id.
    """
    if viewer.membership is None:
        raise Child.DoesNotExist
    child = children_visible_to(viewer).get(pk=child_id, centre_id=viewer.membership.centre_id)
    measurements = list(
        GrowthMeasurement.objects.filter(child=child)
        .select_related("evaluation")
        .order_by("measured_on", "pk")
    )
    daily_checks = list(DailyHealthCheck.objects.filter(child=child).order_by("checked_at", "pk"))
    haemoglobin_checks = list(
        HealthCheck.objects.filter(child=child, haemoglobin_g_per_l__isnull=False).order_by(
            "examined_on", "pk"
        )
    )
    return ChildRecords(child, measurements, daily_checks, haemoglobin_checks)
