"""Attendance (出勤): check-in and check-out, absences, sickness absence (因病缺勤) and clearance.

One :class:`Attendance` row per child and centre-local day: either the child came (check-in,
perhaps check-out) or was absent with a reason. A sickness absence carries symptoms or a
diagnosis, the caregiver's same-day follow-up, and, when the cause may be infectious, the
escalation to the doctor and the doctor's clearance before the child may return.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .record_base import DayRecord


class AuthorisedPickup(models.Model):
    """A person the guardians authorised to collect the child (the check-out names one)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(
        "health_records.Child", on_delete=models.CASCADE, related_name="authorised_pickups"
    )
    name = models.CharField(_("name"), max_length=100)
    relationship = models.CharField(_("relationship"), max_length=50)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("authorised pick-up person")
        verbose_name_plural = _("authorised pick-up people")
        ordering = ["child", "name"]
        constraints = [
            models.UniqueConstraint(fields=["child", "name"], name="pickup_unique_name"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.relationship})"


class AbsenceReason(models.TextChoices):
    SICK = "sick", _("Sick (sickness absence)")
    FAMILY = "family", _("Family reasons")
    HOLIDAY = "holiday", _("Holiday")
    OTHER = "other", _("Other")


class Attendance(DayRecord):
    """A child's attendance on one centre-local ``day``.

    Present: ``checked_in_at`` (and later ``checked_out_at``, strictly after it; the stay is the
    half-open interval [in, out)). Absent: ``absence_reason`` set and no check-in. Sickness
    absence (``absence_reason = sick``): ``sick_symptoms``/``sick_diagnosis``,
    ``possibly_infectious``, the follow-up, the escalation time, and the doctor's clearance.
    """

    day = models.DateField(_("day"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    dropped_off_by = models.CharField(_("dropped off by"), max_length=100, blank=True)
    checked_out_at = models.DateTimeField(_("checked out at"), null=True, blank=True)
    picked_up_by = models.ForeignKey(
        AuthorisedPickup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picked up by"),
    )
    absence_reason = models.CharField(
        _("absence reason"), max_length=20, choices=AbsenceReason.choices, blank=True
    )
    sick_symptoms = models.CharField(_("symptoms"), max_length=300, blank=True)
    sick_diagnosis = models.CharField(_("diagnosis"), max_length=200, blank=True)
    possibly_infectious = models.BooleanField(_("may be infectious"), default=False)
    follow_up_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    follow_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("followed up by"),
    )
    follow_up_note = models.CharField(_("follow-up"), max_length=500, blank=True)
    escalated_at = models.DateTimeField(_("escalated to the doctor at"), null=True, blank=True)
    cleared_at = models.DateTimeField(_("cleared to return at"), null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cleared by"),
    )
    clearance_note = models.CharField(_("clearance note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["-day", "child"]
        constraints = [
            models.UniqueConstraint(fields=["child", "day"], name="attendance_one_per_day"),
            models.CheckConstraint(
                condition=Q(checked_out_at__isnull=True)
                | Q(checked_in_at__isnull=False, checked_out_at__gt=F("checked_in_at")),
                name="attendance_out_after_in",
            ),
            models.CheckConstraint(
                condition=Q(absence_reason="") | Q(checked_in_at__isnull=True),
                name="attendance_absent_or_present",
            ),
        ]
        indexes = [models.Index(fields=["centre", "day"], name="attendance_centre_day")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.day}"

    @property
    def is_present(self) -> bool:
        """Checked in and not yet checked out."""
        return self.checked_in_at is not None and self.checked_out_at is None

    @property
    def is_absent(self) -> bool:
        return bool(self.absence_reason)

    @property
    def needs_clearance(self) -> bool:
        """A possibly infectious sickness absence not yet cleared by the doctor."""
        return (
            self.absence_reason == AbsenceReason.SICK
            and self.possibly_infectious
            and self.cleared_at is None
        )
