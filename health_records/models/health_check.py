"""Health checks by the doctor or nurse: admission (入托体检), periodic (定期健康检查)."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .record_base import DayRecord

HAEMOGLOBIN_MIN_G_PER_L = Decimal("30")
HAEMOGLOBIN_MAX_G_PER_L = Decimal("250")
"""Outside 30–250 g/L is a unit or typing error (g/dL entered as g/L is ten times too small)."""


class HealthCheckType(models.TextChoices):
    ADMISSION = "admission", _("Admission examination")
    PERIODIC = "periodic", _("Periodic health check")
    FOLLOW_UP = "follow_up", _("Follow-up")


class ScreeningResult(models.TextChoices):
    NORMAL = "normal", _("Normal / pass")
    ABNORMAL = "abnormal", _("Abnormal / refer")
    NOT_DONE = "not_done", _("Not done")


class HealthCheck(DayRecord):
    """One examination on ``examined_on`` (``recorded_by`` is the examining doctor or nurse)."""

    examined_on = models.DateField(_("examined on"))
    check_type = models.CharField(_("type"), max_length=10, choices=HealthCheckType.choices)
    haemoglobin_g_per_l = models.DecimalField(
        _("haemoglobin (g/L)"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(HAEMOGLOBIN_MIN_G_PER_L),
            MaxValueValidator(HAEMOGLOBIN_MAX_G_PER_L),
        ],
    )
    vision = models.CharField(
        _("vision"),
        max_length=10,
        choices=ScreeningResult.choices,
        default=ScreeningResult.NOT_DONE,
    )
    hearing = models.CharField(
        _("hearing"),
        max_length=10,
        choices=ScreeningResult.choices,
        default=ScreeningResult.NOT_DONE,
    )
    dental_caries_count = models.PositiveSmallIntegerField(
        _("teeth with caries"), null=True, blank=True, validators=[MaxValueValidator(20)]
    )
    development_notes = models.CharField(_("development screening"), max_length=1000, blank=True)
    conclusion = models.CharField(_("conclusion"), max_length=1000)
    referral = models.CharField(_("referral"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("health check")
        verbose_name_plural = _("health checks")
        ordering = ["-examined_on"]
        indexes = [models.Index(fields=["child", "-examined_on"], name="healthcheck_child_date")]

    def __str__(self) -> str:
        return f"{self.child_id} {self.examined_on} {self.check_type}"
