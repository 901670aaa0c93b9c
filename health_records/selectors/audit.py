"""The access log for the centre director's review (who read which child's data, when), and a
record's edit history with its refused edits."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from health_records.models import AccessLog, EditConflict

from .access import Viewer
from .centre import NotStaff


def access_log_for_review(
    viewer: Viewer,
    *,
    child_id: uuid.UUID | None = None,
    role: str = "",
    day: dt.date | None = None,
) -> QuerySet[AccessLog]:
    """Access-log rows about children of the director's centre, newest first, user and child joined.

    Filters: one child, one role (``parent``, ``nurse`` …), one centre-local calendar ``day``
    (``[00:00, next 00:00)`` in the centre's time zone). Raises :class:`NotStaff` unless the viewer
    is the centre director (the log itself holds who read what, so only the director reviews it).
    """
    if viewer.membership is None or not viewer.is_director:
        raise NotStaff
    rows = AccessLog.objects.filter(child__centre_id=viewer.membership.centre_id)
    if child_id is not None:
        rows = rows.filter(child_id=child_id)
    if role:
        rows = rows.filter(role=role)
    if day is not None:
        tz = ZoneInfo(viewer.membership.centre.time_zone)
        start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
        rows = rows.filter(at__gte=start, at__lt=start + dt.timedelta(days=1))
    return rows.select_related("user", "child").order_by("-at")


@dataclass(frozen=True)
class HistoryLine:
    """One line of a record's history: a saved change (``conflict`` None; ``label`` Created /
    Changed) or a refused edit (``conflict`` set; ``tried``: (field label, value) pairs as the
    editor entered them, times centre-local)."""

    at: dt.datetime
    user: Any
    label: str
    conflict: EditConflict | None = None
    tried: tuple[tuple[str, str], ...] = ()


def _tried_value(field: models.Field[Any, Any] | None, raw: object, tz: ZoneInfo) -> str:
    if raw is None or raw == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(raw, raw))
    if isinstance(field, models.BooleanField):
        return gettext("yes") if raw else gettext("no")
    if isinstance(field, models.DateTimeField) and isinstance(raw, str):
        return timezone.localtime(dt.datetime.fromisoformat(raw), tz).strftime("%H:%M")
    return str(raw)


def tried_values(
    conflict: EditConflict, model: type[models.Model], tz: ZoneInfo
) -> tuple[tuple[str, str], ...]:
    """What a refused edit tried, as (field label, value as entered) pairs: choices by their
    label, times centre-local (``tz``), names that are not a field of ``model`` as they are."""
    pairs = []
    for name, raw in conflict.attempted_values.items():
        try:
            found = model._meta.get_field(name)
        except FieldDoesNotExist:
            found = None
        field = found if isinstance(found, models.Field) else None
        label = str(field.verbose_name) if field is not None else name
        pairs.append((label, _tried_value(field, raw, tz)))
    return tuple(pairs)


def record_history(record: models.Model, tz: ZoneInfo, limit: int = 10) -> list[HistoryLine]:
    """The ``limit`` latest lines of a record's history, newest first: its saved versions
    (django-simple-history) and its refused edits (:class:`EditConflict`), merged by time.

    Two queries, users joined. The caller has already scoped ``record`` to the viewer.
    """
    history = getattr(record, "history")  # noqa: B009 - tracked models only
    saved = [
        HistoryLine(h.history_date, h.history_user, str(h.get_history_type_display()))
        for h in history.select_related("history_user").order_by("-history_date")[:limit]
    ]
    model = type(record)
    refused = [
        HistoryLine(
            c.attempted_at, c.attempted_by, gettext("Edit refused"), c, tried_values(c, model, tz)
        )
        for c in EditConflict.objects.filter(
            record_type=ContentType.objects.get_for_model(record), record_id=str(record.pk)
        ).select_related("attempted_by", "changed_by")[:limit]
    ]
    return sorted(saved + refused, key=lambda line: line.at, reverse=True)[:limit]
