"""Medication on a guardian's written request (委托喂药) and each administration (服药记录).

The guardian writes the request in the app (drug, dose, route, times of day, first and last
date) and confirms it; staff give only confirmed, current requests and record each dose. A dose
not recorded 30 minutes after its scheduled time is listed for the nurse as overdue
(``selectors.medication.medication_doses_for_day``) and raises a ``medication_missed`` alert
(``services.medication.medication_missed_doses_alert``, run by beat every minute).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .record_base import DayRecord


class MedicationRoute(models.TextChoices):
    ORAL = "oral", _("By mouth")
    TOPICAL = "topical", _("On the skin")
    EYE = "eye", _("Eye drops")
    EAR = "ear", _("Ear drops")
    INHALED = "inhaled", _("Inhaled")
    OTHER = "other", _("Other")


class MedicationRequestStatus(models.TextChoices):
    AWAITING_CONFIRMATION = "awaiting", _("Awaiting the guardian's confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")


class MedicationRequest(models.Model):
    """A guardian's written request to give a medicine at the centre.

    ``times`` is a list of centre-local times of day as ``"HH:MM"`` strings; doses are due on
    every day from ``start_date`` to ``end_date`` inclusive at each time.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey("health_records.Centre", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "health_records.Child", on_delete=models.PROTECT, related_name="medication_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    drug_name = models.CharField(_("medicine"), max_length=200)
    dose = models.CharField(_("dose"), max_length=100, help_text=_("For example 5 ml or 1 tablet."))
    route = models.CharField(
        _("route"), max_length=10, choices=MedicationRoute.choices, default=MedicationRoute.ORAL
    )
    times = models.JSONField(_("times of day"), default=list)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    instructions = models.CharField(_("instructions"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MedicationRequestStatus.choices,
        default=MedicationRequestStatus.AWAITING_CONFIRMATION,
    )
    guardian_confirmed_at = models.DateTimeField(
        _("confirmed by guardian at"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("medication request")
        verbose_name_plural = _("medication requests")
        ordering = ["-start_date", "drug_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="medrequest_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.drug_name}"


class AdministrationOutcome(models.TextChoices):
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused by the child")
    SPAT_OUT = "spat_out", _("Spat out or vomited")
    WITHHELD = "withheld", _("Withheld by staff")


class MedicationAdministration(DayRecord):
    """One scheduled dose of a request and what happened (one per request and scheduled time)."""

    request = models.ForeignKey(
        MedicationRequest, on_delete=models.PROTECT, related_name="administrations"
    )
    scheduled_for = models.DateTimeField(_("scheduled for"))
    given_at = models.DateTimeField(_("time"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=AdministrationOutcome.choices)

    class Meta:
        verbose_name = _("medication administration")
        verbose_name_plural = _("medication administrations")
        ordering = ["scheduled_for"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "scheduled_for"], name="medadmin_one_per_dose"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.scheduled_for:%Y-%m-%d %H:%M}"
