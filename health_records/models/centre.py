"""Centres (托育中心), classrooms (班级) and staff membership with a role."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def validate_time_zone(value: str) -> None:
    """Raise ValidationError unless ``value`` is an IANA time zone name (e.g. Asia/Shanghai)."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            _("“%(value)s” is not a known time zone."),
            code="invalid_time_zone",
            params={"value": value},
        ) from exc


class Centre(models.Model):
    """A childcare centre run by a maternal and child health (MCH) hospital (医育结合)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("name"), max_length=200, unique=True)
    operator = models.CharField(
        _("operator hospital"),
        max_length=200,
        help_text=_("The MCH hospital that runs the centre."),
    )
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Asia/Shanghai", validators=[validate_time_zone]
    )
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("childcare centre")
        verbose_name_plural = _("childcare centres")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def tz(self) -> ZoneInfo:
        """The centre's time zone; day boundaries and "today" use it."""
        return ZoneInfo(self.time_zone)


class ClassType(models.TextChoices):
    INFANT = "infant", _("Infant class (6–12 months)")
    YOUNG_TODDLER = "young_toddler", _("Young toddler class (12–24 months)")
    OLDER_TODDLER = "older_toddler", _("Older toddler class (24–36 months)")
    MIXED = "mixed", _("Mixed-age class")


class Classroom(models.Model):
    """A classroom (班级) of one centre."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(_("name"), max_length=100)
    class_type = models.CharField(_("class type"), max_length=20, choices=ClassType.choices)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("classroom")
        verbose_name_plural = _("classrooms")
        ordering = ["centre", "name"]
        constraints = [
            models.UniqueConstraint(fields=["centre", "name"], name="classroom_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class StaffRole(models.TextChoices):
    DIRECTOR = "director", _("Centre director")
    DOCTOR = "doctor", _("Centre doctor")
    NURSE = "nurse", _("Nurse")
    CAREGIVER = "caregiver", _("Caregiver")


MEDICAL_ROLES = frozenset({StaffRole.DOCTOR, StaffRole.NURSE})


class StaffMembership(models.Model):
    """A user's role at one centre; caregivers are assigned to classrooms."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_memberships"
    )
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="staff")
    role = models.CharField(_("role"), max_length=20, choices=StaffRole.choices)
    classrooms = models.ManyToManyField(Classroom, blank=True, related_name="caregivers")
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[classrooms])

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "centre"], name="staff_one_role_per_centre"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.centre} ({self.get_role_display()})"

    @property
    def is_medical(self) -> bool:
        """True for the on-site medical team (centre doctor, nurse)."""
        return self.role in MEDICAL_ROLES
