"""Injury incidents (flag for moderate/serious) and health checks (medical only, Hb in g/L)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from health_records.exceptions import DomainError, PermissionDeniedError
from health_records.models import SymptomFlag
from health_records.selectors.access import viewer_for
from health_records.selectors.health_checks import health_checks_due
from health_records.services.health_check import health_check_record
from health_records.services.injury import injury_incident_record


def injury(world, at, severity):
    return injury_incident_record(
        child=world.child_a1,
        occurred_at=at(10),
        place="滑梯",
        description="从滑梯滑下时擦伤",
        body_part="左膝",
        severity=severity,
        first_aid="清洗伤口，碘伏消毒",
        recorded_by=world.users["caregiver"],
        parent_informed_at=at(10, 20),
    )


def test_minor_injury_raises_no_flag(world, at, checked_in):
    """A minor graze is registered without a symptom flag."""
    injury(world, at, "minor")
    assert not SymptomFlag.objects.exists()


def test_moderate_injury_raises_an_injury_flag_by_the_recorder(world, at, checked_in):
    """A moderate injury → an 'injury' flag raised by the caregiver."""
    incident = injury(world, at, "moderate")
    flag = SymptomFlag.objects.get()
    assert (flag.symptom, flag.raised_by, flag.source_id) == (
        "injury",
        world.users["caregiver"],
        str(incident.pk),
    )


def test_injury_while_not_present_is_refused(world, at):
    """An injury at a time the child was not checked in → child_not_present."""
    with pytest.raises(DomainError):
        injury(world, at, "minor")


def test_caregiver_cannot_record_a_health_check(world):
    """Health checks are the doctor's or nurse's: a caregiver gets medical_only."""
    with pytest.raises(PermissionDeniedError):
        health_check_record(
            child=world.child_a1,
            examined_on=timezone.localdate(),
            check_type="periodic",
            conclusion="正常",
            recorded_by=world.users["caregiver"],
        )


def test_haemoglobin_in_g_per_dl_is_refused(world):
    """11.5 (g/dL typed as g/L) is under the 30 g/L floor and refused."""
    with pytest.raises(ValidationError):
        health_check_record(
            child=world.child_a1,
            examined_on=timezone.localdate(),
            check_type="periodic",
            conclusion="正常",
            haemoglobin_g_per_l=Decimal("11.5"),
            recorded_by=world.users["nurse"],
        )


def test_due_list_shows_child_without_admission_exam_as_overdue(world):
    """child_a1 (enrolled 2025-09-01, never examined) is overdue; after a check today it is not."""
    nurse = world.users["nurse"]
    today = timezone.localdate(timezone=world.centre_a.tz)
    viewer = viewer_for(nurse)
    rows = {r.child.pk: r for r in health_checks_due(viewer, today)}
    assert rows[world.child_a1.pk].due.check_status == "overdue"
    health_check_record(
        child=world.child_a1,
        examined_on=today,
        check_type="periodic",
        conclusion="正常",
        haemoglobin_g_per_l=Decimal("118"),
        recorded_by=nurse,
    )
    rows = {r.child.pk: r for r in health_checks_due(viewer, today)}
    assert world.child_a1.pk not in rows
    assert rows[world.child_a2.pk].due.check_due_on == dt.date(2025, 9, 1)
