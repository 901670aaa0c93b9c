"""On PostgreSQL the database itself refuses to change or remove access-log rows.

CI runs the suite on PostgreSQL as well as SQLite; these tests run in the PostgreSQL pass."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from health_records.models import AccessLog
from health_records.selectors.access import viewer_for
from health_records.services.audit import access_log_record

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
