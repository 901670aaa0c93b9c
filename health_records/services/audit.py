"""Audit trail: every read of a child's health data, and every refused edit, writes one
append-only row."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from health_records.exceptions import ConflictError
from health_records.models import AccessLog, Child, EditConflict
from health_records.selectors.access import Viewer

logger = logging.getLogger(__name__)


def access_log_record(
    *, viewer: Viewer, child: Child, what: str, request_id: str = ""
) -> AccessLog:
    """Record that ``viewer`` read ``what`` (a stable page/endpoint code) about ``child``.

    Side effect: inserts one :class:`AccessLog` row. Not atomic on its own: call inside the
    request so a failing page still leaves its log row (reads are logged even if rendering fails
    later).
    """
    return AccessLog.objects.create(
        user=viewer.user, role=viewer.role, child=child, what=what, request_id=request_id[:64]
    )


def _json_value(value: object) -> object:
    """A value the editor tried, as JSON: ISO datetimes, decimals as strings, objects as ids."""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


@transaction.atomic
def edit_conflict_record(
    *,
    record: models.Model,
    attempted_by: User,
    expected_version: int,
    changes: Mapping[str, object],
    error: ConflictError,
) -> EditConflict:
    """Record a refused edit of ``record`` (a day record with ``centre``, ``child``, ``version``).

    Called by :func:`~health_records.services.day_common.edit_conflicts_recorded` after the
    refused transaction rolled back, so the row survives the refusal. ``changes``: the fields the
    editor tried (stored as JSON, see :func:`_json_value`). ``error`` carries the version that won
    and who saved it when. Side effect: one append-only :class:`EditConflict` row.
    """
    conflict = EditConflict(
        centre_id=getattr(record, "centre_id"),  # noqa: B009 - every day record has one
        child_id=getattr(record, "child_id"),  # noqa: B009
        record_type=ContentType.objects.get_for_model(record),
        record_id=str(record.pk),
        attempted_by=attempted_by,
        attempted_at=timezone.now(),
        expected_version=expected_version,
        stored_version=error.stored_version or 0,
        attempted_values={name: _json_value(value) for name, value in changes.items()},
        changed_by_id=error.changed_by_id,
        changed_at=error.changed_at,
    )
    conflict.full_clean(exclude=["centre", "child", "record_type", "attempted_by", "changed_by"])
    conflict.save()
    logger.info(
        "refused edit %s of %s %s by user %s",
        conflict.pk,
        conflict.record_type_id,
        conflict.record_id,
        attempted_by.pk,
    )
    return conflict
