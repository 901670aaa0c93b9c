"""Children (婴幼儿) and guardianship (监护人) linking parents' accounts to children."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .centre import Centre, Classroom


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class CarePlan(models.TextChoices):
    FULL_DAY = "full_day", _("Full-day care")
    HALF_DAY = "half_day", _("Half-day care")
    TEMPORARY = "temporary", _("Temporary care")
    HOURLY = "hourly", _("Hourly care")


TERM_GESTATION_WEEKS = 37
"""Births before 37 completed weeks are preterm (WHO definition of preterm birth)."""


class Child(models.Model):
    """A child enrolled at a centre.

    ``gestational_age_weeks`` + ``gestational_age_days`` (0–6) is the completed gestation at birth;
    blank means term or unknown. Under 37 weeks the child is preterm and growth is evaluated at
    corrected age (see ``health_records.growth``).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="children")
    classroom = models.ForeignKey(
        Classroom, on_delete=models.PROTECT, related_name="children", null=True, blank=True
    )
    family_name = models.CharField(_("family name"), max_length=50)
    given_name = models.CharField(_("given name"), max_length=50)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    birth_date = models.DateField(_("birth date"))
    gestational_age_weeks = models.PositiveSmallIntegerField(
        _("gestational age at birth (weeks)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(22), MaxValueValidator(44)],
    )
    gestational_age_days = models.PositiveSmallIntegerField(
        _("gestational age at birth (extra days)"),
        default=0,
        validators=[MaxValueValidator(6)],
    )
    care_plan = models.CharField(
        _("care plan"), max_length=20, choices=CarePlan.choices, default=CarePlan.FULL_DAY
    )
    allergies = models.TextField(_("allergies"), blank=True)
    enrolled_on = models.DateField(_("enrolment date"))
    left_on = models.DateField(_("leaving date"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    growth_revision = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Bumped in the same transaction as every write of the child's stored growth "
        "evaluations; part of the chart data cache key, so a cached chart is never stale.",
    )
    history = HistoricalRecords(excluded_fields=["growth_revision"])

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["family_name", "given_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True)
                | models.Q(left_on__gte=models.F("enrolled_on")),
                name="child_left_after_enrolled",
            ),
            models.CheckConstraint(
                condition=models.Q(enrolled_on__gte=models.F("birth_date")),
                name="child_enrolled_after_birth",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        """Family name then given name, as written in Chinese (no space between CJK names)."""
        if self.family_name.isascii() and self.given_name.isascii():
            return f"{self.given_name} {self.family_name}"
        return f"{self.family_name}{self.given_name}"

    @property
    def gestational_age_weeks_decimal(self) -> Decimal | None:
        """Gestation at birth in weeks with the extra days as a fraction (e.g. 32+3 → 32.43)."""
        if self.gestational_age_weeks is None:
            return None
        return (
            Decimal(self.gestational_age_weeks) + Decimal(self.gestational_age_days) / 7
        ).quantize(Decimal("0.01"))

    @property
    def is_preterm(self) -> bool:
        """True if born before 37 completed weeks."""
        return (
            self.gestational_age_weeks is not None
            and self.gestational_age_weeks < TERM_GESTATION_WEEKS
        )

    def age_days(self, on: dt.date) -> int:
        """Chronological age in completed days on ``on`` (WHO convention: age in days)."""
        return (on - self.birth_date).days

    def age_months(self, on: dt.date) -> int:
        """Age in completed calendar months on ``on`` (a 29 February birthday counts from 28/29)."""
        months = (on.year - self.birth_date.year) * 12 + on.month - self.birth_date.month
        if on.day < self.birth_date.day:
            months -= 1
        return max(months, 0)

    def is_enrolled_on(self, day: dt.date) -> bool:
        """True if the child is enrolled on ``day`` (enrolment date ≤ day, not yet left)."""
        return self.enrolled_on <= day and (self.left_on is None or day <= self.left_on)

    def clean(self) -> None:
        errors: dict[str, ValidationError] = {}
        if (
            self.classroom is not None
            and self.centre_id
            and self.classroom.centre_id != self.centre_id
        ):
            errors["classroom"] = ValidationError(
                _("The classroom belongs to another centre."), code="classroom_other_centre"
            )
        if self.birth_date and self.enrolled_on and self.enrolled_on < self.birth_date:
            errors["enrolled_on"] = ValidationError(
                _("The enrolment date is before the birth date."), code="enrolled_before_birth"
            )
        if self.left_on and self.enrolled_on and self.left_on < self.enrolled_on:
            errors["left_on"] = ValidationError(
                _("The leaving date is before the enrolment date."), code="left_before_enrolled"
            )
        if self.gestational_age_weeks is None and self.gestational_age_days:
            errors["gestational_age_days"] = ValidationError(
                _("Give the weeks of gestation as well as the days."), code="gestation_days_only"
            )
        if errors:
            raise ValidationError(errors)


class GuardianRelationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    GRANDPARENT = "grandparent", _("Grandparent")
    OTHER = "other", _("Other guardian")


class Guardianship(models.Model):
    """Links a guardian's user account to a child; a parent sees only children linked here."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardianships"
    )
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="guardianships")
    relationship = models.CharField(
        _("relationship"), max_length=20, choices=GuardianRelationship.choices
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(fields=["user", "child"], name="guardianship_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.child} ({self.get_relationship_display()})"
