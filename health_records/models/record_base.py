"""Shared shape of the day's clinical records (issue 5): who recorded it, a version, history.

Every record of the caregiver's and nurse's day (attendance, daily health checks, daily care,
medication administrations, injuries, health checks) carries:

- ``centre`` and ``child`` (the centre is the child's, denormalised so every query is scoped by
  centre without a join),
- ``recorded_by``: the staff user who first recorded it; editing never changes it (history keeps
  who made each later change),
- ``version``: an optimistic-concurrency counter. A service update names the version it was
  shown; a mismatch is a :class:`~health_records.exceptions.ConflictError` and nothing is saved,
- ``HistoricalRecords``: one historical row per save.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class DayRecord(models.Model):
    """Abstract base of the day's records; see the module docstring."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "health_records.Centre",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("centre"),
    )
    child = models.ForeignKey(
        "health_records.Child", on_delete=models.PROTECT, verbose_name=_("child")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
