"""Anthropometric measurements (体格测量) and their stored growth evaluation.

- :class:`GrowthMeasurement` holds what the nurse measured, exactly as entered (``Decimal``\\ s in
  the units named by the fields). It is history-tracked, versioned for optimistic concurrency
  and carries ``recorded_by`` (never changed by an edit) like every record of the day
  (:class:`~health_records.models.record_base.DayRecord`). Raw values never change on recompute.
- :class:`GrowthMeasurementEvaluation` holds what the growth engine
  (:mod:`health_records.growth`) made of it, with the ``engine_version`` that made it: the key
  z-scores and classes in indexed columns (for lists and statistics), the rest in ``detail``
  (JSON, see :func:`health_records.services.growth.evaluation_detail`). It is derived data:
  recomputing rewrites it (``manage.py growth_recompute``) without touching the measurement or
  its history.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .record_base import DayRecord


class MeasurementPosition(models.TextChoices):
    """How length/height was measured (WHO: recumbent length under 2 years, standing after)."""

    RECUMBENT = "recumbent", _("Lying (recumbent length)")
    STANDING = "standing", _("Standing (height)")


POSITIVE = MinValueValidator(Decimal("0.001"))


class GrowthMeasurement(DayRecord):
    """One measuring of one child on ``measured_on`` (the centre-local date).

    At least one of weight, length/height and head circumference is given; a length/height has
    a position. One measurement per child and day: a second one is an edit of the first.
    ``confirmed_reason`` is the nurse's reason for keeping a value the plausibility checks
    questioned (see :mod:`health_records.services.growth`).
    """

    measured_on = models.DateField(_("measured on"))
    weight_kg = models.DecimalField(
        _("weight (kg)"),
        max_digits=6,
        decimal_places=3,
        null=True,
        blank=True,
        validators=[POSITIVE],
    )
    length_height_cm = models.DecimalField(
        _("length/height (cm)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[POSITIVE],
    )
    position = models.CharField(
        _("position"), max_length=10, choices=MeasurementPosition.choices, blank=True
    )
    head_circumference_cm = models.DecimalField(
        _("head circumference (cm)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[POSITIVE],
    )
    confirmed_reason = models.CharField(
        _("reason for keeping an unusual value"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("growth measurement")
        verbose_name_plural = _("growth measurements")
        ordering = ["child", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "measured_on"], name="growthmeasurement_one_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(weight_kg__isnull=False)
                | models.Q(length_height_cm__isnull=False)
                | models.Q(head_circumference_cm__isnull=False),
                name="growthmeasurement_something_measured",
            ),
            models.CheckConstraint(
                condition=models.Q(length_height_cm__isnull=True) | ~models.Q(position=""),
                name="growthmeasurement_length_has_position",
            ),
        ]
        indexes = [
            models.Index(fields=["centre", "-measured_on"], name="growthmeasurement_centre_day"),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} {self.measured_on}"

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if (
            self.weight_kg is None
            and self.length_height_cm is None
            and self.head_circumference_cm is None
        ):
            errors["weight_kg"] = ValidationError(
                _("Enter at least one of weight, length/height and head circumference."),
                code="nothing_measured",
            )
        if self.length_height_cm is not None and not self.position:
            errors["position"] = ValidationError(
                _("Say whether the child was measured lying or standing."),
                code="position_required",
            )
        if self.child_id and self.centre_id and self.child.centre_id != self.centre_id:
            errors["child"] = ValidationError(
                _("The child belongs to another centre."), code="child_other_centre"
            )
        if errors:
            raise ValidationError(errors)


class GrowthMeasurementEvaluation(models.Model):
    """The growth engine's evaluation of one :class:`GrowthMeasurement` (derived, recomputable).

    Columns (WHO 2006 z-scores full precision; classes are engine codes, "" when none):
    ``age_days`` the age evaluated (corrected while it applies), ``uses_corrected_age``;
    ``wfa_z``, ``lhfa_z``, ``wflh_z`` (``wflh_indicator`` says wfl or wfh), ``bfa_z``,
    ``hcfa_z``; WHO classes ``who_*_class``; WS/T 423—2022 classes ``china_*_class``; ``flagged``
    (any WHO flag for a biologically implausible value); ``faltering`` with the reasons against
    the previous weighed measurement. ``detail``: everything else, JSON (percentiles, values used,
    growth levels, notes, no-score reasons). ``chart``: the little a chart point needs, per
    indicator (see :func:`health_records.services.growth.chart_points`), so the chart data
    endpoint never parses ``detail``.
    """

    measurement = models.OneToOneField(
        GrowthMeasurement,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="evaluation",
    )
    engine_version = models.CharField(_("engine version"), max_length=20, db_index=True)
    evaluated_at = models.DateTimeField(_("evaluated at"))
    age_days = models.IntegerField(_("age evaluated (days)"), null=True, blank=True)
    uses_corrected_age = models.BooleanField(_("corrected age"), default=False)
    wfa_z = models.FloatField(null=True, blank=True, db_index=True)
    lhfa_z = models.FloatField(null=True, blank=True, db_index=True)
    wflh_z = models.FloatField(null=True, blank=True, db_index=True)
    wflh_indicator = models.CharField(max_length=3, blank=True)
    bfa_z = models.FloatField(null=True, blank=True)
    hcfa_z = models.FloatField(null=True, blank=True)
    who_wfa_class = models.CharField(max_length=40, blank=True, db_index=True)
    who_lhfa_class = models.CharField(max_length=40, blank=True, db_index=True)
    who_wflh_class = models.CharField(max_length=40, blank=True, db_index=True)
    who_bfa_class = models.CharField(max_length=40, blank=True)
    who_hcfa_class = models.CharField(max_length=40, blank=True)
    china_wfa_class = models.CharField(max_length=40, blank=True, db_index=True)
    china_lhfa_class = models.CharField(max_length=40, blank=True, db_index=True)
    china_wflh_class = models.CharField(max_length=40, blank=True, db_index=True)
    china_bfa_class = models.CharField(max_length=40, blank=True)
    flagged = models.BooleanField(_("WHO flag"), default=False, db_index=True)
    faltering = models.BooleanField(_("growth faltering"), default=False, db_index=True)
    faltering_reasons = models.CharField(max_length=100, blank=True)
    detail = models.JSONField(default=dict)
    chart = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("growth evaluation")
        verbose_name_plural = _("growth evaluations")

    def __str__(self) -> str:
        return f"evaluation of {self.measurement_id} ({self.engine_version})"
