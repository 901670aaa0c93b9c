"""seed_growth: realistic histories through the services, stories for the doctor, idempotent."""

from __future__ import annotations

import random
import time
from io import StringIO

from django.db import transaction
from django.utils import timezone

from health_records.demo.consent import seed_consent
from health_records.demo.growth import seed_growth
from health_records.management.commands.seed_demo import DEMO_CENTRE, SEED, Command
from health_records.models import (
    Alert,
    Centre,
    Child,
    GrowthMeasurement,
    GrowthMeasurementEvaluation,
)


def _seeded(db) -> Centre:
    """The demo centre and people (seed_demo's first step), the guardians' consent (the
    services refuse records without it), then its growth histories."""
    command = Command(stdout=StringIO())
    with transaction.atomic():
        command._seed_centre()
    centre = Centre.objects.get(name=DEMO_CENTRE)
    seed_consent(centre, timezone.localdate())
    seed_growth(centre, timezone.localdate(), random.Random(SEED))
    return centre


def test_every_enrolled_child_has_an_evaluated_history(db):
    """Each child has measurements 1–3 months apart since enrolment, all evaluated."""
    _seeded(db)
    gaps = []
    for child in Child.objects.all():
        days = list(
            GrowthMeasurement.objects.filter(child=child)
            .values_list("measured_on", flat=True)
            .order_by("measured_on")
        )
        gaps += [(b - a).days for a, b in zip(days, days[1:], strict=False)]
        assert days, child.pk
    evaluated = GrowthMeasurementEvaluation.objects.count()
    assert (max(gaps) <= 92, evaluated == GrowthMeasurement.objects.count()) == (True, True)


def test_stories_raise_review_alerts(db):
    """Faltering, stunting and overweight show up as growth review alerts for the doctor."""
    _seeded(db)
    reasons = [r for a in Alert.objects.filter(kind="growth_review") for r in a.detail["reasons"]]
    assert (
        any(r.startswith("faltering:") for r in reasons),
        "new_class:who_lhfa_class:stunting" in reasons,
        "new_class:who_wflh_class:overweight" in reasons,
    ) == (True, True, True)


def test_preterm_children_are_evaluated_at_corrected_age(db):
    """The demo's preterm children have measurements evaluated at corrected age."""
    _seeded(db)
    assert GrowthMeasurementEvaluation.objects.filter(uses_corrected_age=True).exists()


def test_second_run_adds_nothing_and_is_fast(db):
    """seed_growth on a seeded centre adds no measurement, quickly."""
    centre = _seeded(db)
    before = GrowthMeasurement.objects.count()
    started = time.perf_counter()
    added = seed_growth(centre, timezone.localdate(), random.Random(1))
    assert (added, GrowthMeasurement.objects.count(), time.perf_counter() - started < 1) == (
        0,
        before,
        True,
    )
