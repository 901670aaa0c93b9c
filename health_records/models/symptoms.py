"""Symptom flags (上报症状): a caregiver's or a health rule's report that a child looks unwell.

A flag is the clinical observation; the :class:`~health_records.models.alerts.Alert` it raises is
the medical team's work item. Several flags about the same child and problem feed one open alert
(deduplication lives in ``services/alerts.py``).
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Symptom(models.TextChoices):
    """What was seen. Codes are stable (health rules, clusters and the API use them)."""

    FEVER = "fever", _("Fever")
    LOW_TEMPERATURE = "low_temperature", _("Low temperature")
    COUGH = "cough", _("Cough")
    RASH = "rash", _("Rash")
    VOMITING = "vomiting", _("Vomiting")
    DIARRHOEA = "diarrhoea", _("Diarrhoea")
    LETHARGY = "lethargy", _("Lethargy")
    BREATHING_DIFFICULTY = "breathing_difficulty", _("Breathing difficulty")
    SEIZURE = "seizure", _("Seizure")
    ALLERGIC_REACTION = "allergic_reaction", _("Allergic reaction")
    INJURY = "injury", _("Injury")
    HAND_FOOT_MOUTH_SIGNS = "hand_foot_mouth_signs", _("Hand-foot-mouth signs")
    REFUSING_FOOD = "refusing_food", _("Refusing food")
    OTHER = "other", _("Other")


class SymptomSeverity(models.TextChoices):
    """How unwell the child looks to the person flagging (not a diagnosis)."""

    MILD = "mild", _("Mild")
    MODERATE = "moderate", _("Moderate")
    SEVERE = "severe", _("Severe")


TEMPERATURE_MIN_C = Decimal("30.0")
TEMPERATURE_MAX_C = Decimal("43.5")
"""Plausible body temperatures (°C); outside this range a reading is a device or typing error."""


class SymptomFlag(models.Model):
    """One symptom observed on one child at one time.

    ``raised_by`` is the caregiver or nurse who flagged it; ``None`` means a health rule raised it
    and ``rule`` names the rule (e.g. ``fever_axillary_37_3``). ``source`` is the record that
    triggered it (a daily check, a care record), as a generic relation. ``classroom`` is the
    child's classroom when flagged (cluster detection counts by it even if the child moves later).
    ``temperature_c`` is the body temperature in °C (one decimal), if one was taken.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "health_records.Centre", on_delete=models.PROTECT, related_name="symptom_flags"
    )
    child = models.ForeignKey(
        "health_records.Child", on_delete=models.PROTECT, related_name="symptom_flags"
    )
    classroom = models.ForeignKey(
        "health_records.Classroom",
        on_delete=models.PROTECT,
        related_name="symptom_flags",
        null=True,
        blank=True,
    )
    symptom = models.CharField(_("symptom"), max_length=32, choices=Symptom.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=SymptomSeverity.choices)
    observed_at = models.DateTimeField(_("observed at"))
    temperature_c = models.DecimalField(
        _("temperature (°C)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(TEMPERATURE_MIN_C), MaxValueValidator(TEMPERATURE_MAX_C)],
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="symptom_flags_raised",
        null=True,
        blank=True,
    )
    rule = models.CharField(_("rule"), max_length=64, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    alert = models.ForeignKey(
        "health_records.Alert",
        on_delete=models.PROTECT,
        related_name="symptom_flags",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("symptom flag")
        verbose_name_plural = _("symptom flags")
        ordering = ["-observed_at"]
        indexes = [
            models.Index(fields=["centre", "-observed_at"], name="symptomflag_centre_observed"),
            models.Index(
                fields=["classroom", "symptom", "observed_at"], name="symptomflag_room_symptom"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(raised_by__isnull=True, rule=""),
                name="symptomflag_person_or_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_symptom_display()} ({self.get_severity_display()}) {self.child_id}"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if self.child_id and self.centre_id and self.child.centre_id != self.centre_id:
            errors["child"] = ValidationError(
                _("The child belongs to another centre."), code="child_other_centre"
            )
        if self.raised_by_id is None and not self.rule:
            errors["rule"] = ValidationError(
                _("A flag raised by a health rule must name the rule."), code="rule_missing"
            )
        if errors:
            raise ValidationError(errors)
