"""On PostgreSQL the database itself refuses to change or remove access-log and refused-edit
rows.

CI runs the suite on PostgreSQL as well as SQLite; these tests run in the PostgreSQL pass."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from health_records.exceptions import ConflictError
from health_records.models import AccessLog, EditConflict
from health_records.selectors.access import viewer_for
from health_records.services.attendance import attendance_check_in
from health_records.services.audit import access_log_record
from health_records.services.care import care_record_update, meal_record

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the database guard is installed on PostgreSQL only"
)


@pytest.fixture
def log_row(world):
    viewer = viewer_for(world.users["nurse"])
    return access_log_record(viewer=viewer, child=world.child_a1, what="child_detail")


def test_raw_update_is_refused(log_row):
    """A raw SQL UPDATE fails and the row keeps its values."""
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE health_records_accesslog SET what = 'tampered'")
    assert AccessLog.objects.get().what == "child_detail"


def test_queryset_delete_is_refused(log_row):
    """QuerySet.delete() (which skips the model's delete()) fails; the row stays."""
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.all().delete()
    assert AccessLog.objects.count() == 1


def test_queryset_update_is_refused(log_row):
    """QuerySet.update() fails too."""
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessLog.objects.update(what="tampered")
    assert AccessLog.objects.get().what == "child_detail"


def test_model_save_of_existing_row_is_refused(log_row):
    """The model refuses before the database has to."""
    log_row.what = "tampered"
    with pytest.raises(PermissionError):
        log_row.save()


def test_refused_edit_rows_are_append_only_too(world):
    """The refused-edit log (EditConflict) has the same guard: QuerySet.update() and delete()
    fail and the row keeps its values."""
    now = timezone.now()
    attendance_check_in(
        child=world.child_a1, at=now - dt.timedelta(hours=2), recorded_by=world.users["nurse"]
    )
    meal = meal_record(
        child=world.child_a1,
        meal_type="lunch",
        amount_eaten="most",
        occurred_at=now - dt.timedelta(hours=1),
        recorded_by=world.users["nurse"],
    )
    care_record_update(
        record=meal, expected_version=1, edited_by=world.users["nurse"], changes={"note": "a"}
    )
    with pytest.raises(ConflictError):
        care_record_update(
            record=meal, expected_version=1, edited_by=world.users["doctor"], changes={"note": "b"}
        )
    with pytest.raises(DatabaseError), transaction.atomic():
        EditConflict.objects.update(expected_version=2)
    with pytest.raises(DatabaseError), transaction.atomic():
        EditConflict.objects.all().delete()
    assert list(EditConflict.objects.values_list("expected_version", flat=True)) == [1]
