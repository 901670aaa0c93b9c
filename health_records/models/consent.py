"""Guardian consent (单独同意) to keeping a child's health records.

China's Personal Information Protection Law (PIPL, 2021) art. 28 treats all personal information
of a minor under 14 as sensitive, and art. 29/31 require the *separate* consent of the parent or
guardian before it is processed. medcare keeps that consent as a record per child and guardian
against a versioned policy text; a new policy version needs new consent.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .child import Child


class ConsentPolicy(models.Model):
    """One version of the consent text guardians agree to (both languages, effective date)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    version = models.CharField(_("version"), max_length=20, unique=True)
    effective_from = models.DateField(_("effective from"))
    title_zh = models.CharField(_("title (Chinese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    text_zh = models.TextField(_("text (Chinese)"))
    text_en = models.TextField(_("text (English)"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent policy")
        verbose_name_plural = _("consent policies")
        ordering = ["-effective_from", "-version"]

    def __str__(self) -> str:
        return f"{self.version} ({self.effective_from:%Y-%m-%d})"


class GuardianConsent(models.Model):
    """A guardian's separate consent for one child under one policy version.

    ``withdrawn_at`` set means withdrawn (the row stays, for the record). Consent is active while
    it is not withdrawn. At most one row per child, guardian and policy version.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey(Child, on_delete=models.CASCADE, related_name="consents")
    guardian = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consents"
    )
    policy = models.ForeignKey(ConsentPolicy, on_delete=models.PROTECT, related_name="consents")
    given_at = models.DateTimeField(_("given at"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "guardian", "policy"], name="consent_once_per_policy"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child_id} / {self.guardian_id} / {self.policy_id}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None
