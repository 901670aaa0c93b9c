"""Alerts (预警) for the on-site medical team, their deliveries, triage, and per-centre policy.

The durable record that "this must reach someone" is an :class:`AlertDelivery` row, written in the
same transaction as the alert (and so as the source record). Celery messages only say "look at
delivery <id> now"; a beat-driven sweep re-sends any delivery that was never confirmed, and reads
escalation deadlines from :attr:`Alert.next_escalation_at` / :attr:`Alert.repage_at`.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .symptoms import Symptom


class AlertKind(models.TextChoices):
    SYMPTOM = "symptom", _("Symptom")
    GROWTH_REVIEW = "growth_review", _("Growth review")
    MEDICATION_MISSED = "medication_missed", _("Missed medication")
    OUTBREAK = "outbreak", _("Possible outbreak")
    PIPELINE_STALL = "pipeline_stall", _("Alert delivery stalled")
    CARE_NOTE = "care_note", _("Care note")


class AlertSeverity(models.TextChoices):
    """routine: reviewed by the medical team in the app, no paging escalation; urgent: paged and
    escalated by the centre's policy; critical: everyone on the policy paged at once."""

    ROUTINE = "routine", _("Routine")
    URGENT = "urgent", _("Urgent")
    CRITICAL = "critical", _("Critical")


SEVERITY_RANK = {AlertSeverity.ROUTINE: 0, AlertSeverity.URGENT: 1, AlertSeverity.CRITICAL: 2}
"""Order of severities; a rise in rank re-pages an open alert."""


class AlertState(models.TextChoices):
    """open → (escalated →) acknowledged → resolved.

    ``escalated``: still unacknowledged and paged beyond level 0.
    """

    OPEN = "open", _("Open")
    ESCALATED = "escalated", _("Escalated")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    RESOLVED = "resolved", _("Resolved")


UNACKNOWLEDGED_STATES = (AlertState.OPEN, AlertState.ESCALATED)
ACTIVE_STATES = (AlertState.OPEN, AlertState.ESCALATED, AlertState.ACKNOWLEDGED)


class TriageAction(models.TextChoices):
    """What the medical team decided (the guardian is told this in their language)."""

    OBSERVE = "observe", _("Observe at the centre")
    CALL_GUARDIAN = "call_guardian", _("Call the guardian")
    SEND_HOME = "send_home", _("Send home")
    REFER_HOSPITAL = "refer_hospital", _("Refer to the hospital")


class Alert(models.Model):
    """One problem the medical team must see and act on.

    ``dedup_key`` identifies the problem (``symptom:<child>:<symptom>``): while an alert with that
    key is active (not resolved) a new raise adds to it (``occurrences``) instead of creating
    another; at most one active alert per key (partial unique constraint). ``round`` counts pages:
    it rises when the severity rises or an acknowledged alert is re-paged, and deliveries are
    unique per (channel, recipient, level, round). ``next_escalation_at`` is the deadline for paging
    the next level while unacknowledged; ``repage_at`` the deadline for re-paging when acknowledged
    but not resolved. Both are read by the sweep, never held in task countdowns.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "health_records.Centre", on_delete=models.PROTECT, related_name="alerts"
    )
    child = models.ForeignKey(
        "health_records.Child",
        on_delete=models.PROTECT,
        related_name="alerts",
        null=True,
        blank=True,
    )
    classroom = models.ForeignKey(
        "health_records.Classroom",
        on_delete=models.PROTECT,
        related_name="alerts",
        null=True,
        blank=True,
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AlertKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=AlertSeverity.choices)
    state = models.CharField(
        _("state"), max_length=14, choices=AlertState.choices, default=AlertState.OPEN
    )
    dedup_key = models.CharField(_("deduplication key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    rule = models.CharField(_("rule"), max_length=64, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    detail = models.JSONField(_("detail"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    occurrences = models.PositiveIntegerField(_("occurrences"), default=1)
    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    last_raised_at = models.DateTimeField(_("last raised at"))
    round = models.PositiveSmallIntegerField(_("page round"), default=0)
    round_started_at = models.DateTimeField(_("page round started at"))
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    next_escalation_at = models.DateTimeField(
        _("next escalation due"), null=True, blank=True, db_index=True
    )
    repage_at = models.DateTimeField(_("re-page due"), null=True, blank=True, db_index=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    action = models.CharField(_("action"), max_length=20, choices=TriageAction.choices, blank=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-opened_at"]
        indexes = [
            models.Index(fields=["centre", "state", "-opened_at"], name="alert_centre_state"),
            models.Index(fields=["child", "-opened_at"], name="alert_child_opened"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dedup_key"],
                condition=~models.Q(state="resolved"),
                name="alert_one_active_per_dedup_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind}/{self.severity}/{self.state} {self.pk}"

    @property
    def is_active(self) -> bool:
        """True until resolved."""
        return self.state != AlertState.RESOLVED

    @property
    def is_unacknowledged(self) -> bool:
        return self.state in UNACKNOWLEDGED_STATES

    def headline(self) -> str:
        """The problem in the active (viewer's or recipient's) language: the symptom's name, the
        outbreak warning, or the caller's English ``title`` msgid translated when the catalogue
        has it, with ``detail["title_params"]`` (a dict) filled in after translation."""
        detail = self.detail if isinstance(self.detail, dict) else {}
        symptom = detail.get("symptom")
        if self.kind == AlertKind.SYMPTOM and symptom in Symptom.values:
            return str(Symptom(symptom).label)
        if self.kind == AlertKind.OUTBREAK and symptom in Symptom.values:
            return gettext("Possible outbreak (%(symptom)s): report within 24 hours") % {
                "symptom": Symptom(symptom).label
            }
        text = gettext(self.title)
        params = detail.get("title_params")
        if not isinstance(params, dict) or not params:
            return text
        try:
            return text % params
        except (KeyError, TypeError, ValueError):  # a catalogue entry with other placeholders
            return text

    @property
    def child_initials(self) -> str:
        """The child's initials for outbound messages (no full names leave the system)."""
        if self.child is None:
            return ""
        return initials(self.child.family_name, self.child.given_name)


def initials(family_name: str, given_name: str) -> str:
    """Initials: the family name's first character for CJK names (王小明 → 王*), else "G.F."."""
    if family_name.isascii() and given_name.isascii():
        return f"{given_name[:1].upper()}.{family_name[:1].upper()}."
    return f"{family_name[:1]}*"


class TriageEntryKind(models.TextChoices):
    RAISED = "raised", _("Raised")
    REPEATED = "repeated", _("Raised again")
    SEVERITY_RAISED = "severity_raised", _("Severity raised")
    ESCALATED = "escalated", _("Escalated")
    REPAGED = "repaged", _("Re-paged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSESSMENT = "assessment", _("Assessment")
    VITALS = "vitals", _("Vital signs")
    ACTION = "action", _("Action")
    RESOLVED = "resolved", _("Resolved")


class AlertTriageEntry(models.Model):
    """One line of an alert's timeline (append-only): what happened, who did it, when.

    Vital signs use units in their names: ``temperature_c`` (°C), ``heart_rate_per_min``,
    ``respiratory_rate_per_min``, ``spo2_percent`` (oxygen saturation, %). ``by`` is ``None`` for
    the system (escalation, re-raise by a rule). ``note_params`` ``None``: ``note`` is a person's
    own words, shown as written; a dict: ``note`` is an English msgid written by the system
    ("Dose recorded at %(time)s."), translated for each reader by :meth:`note_text`.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alert = models.ForeignKey(Alert, on_delete=models.PROTECT, related_name="timeline")
    kind = models.CharField(_("kind"), max_length=20, choices=TriageEntryKind.choices)
    at = models.DateTimeField(_("when"), db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True, max_length=4000)
    action = models.CharField(_("action"), max_length=20, choices=TriageAction.choices, blank=True)
    temperature_c = models.DecimalField(
        _("temperature (°C)"),
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("30.0")),
            MaxValueValidator(Decimal("43.5")),
        ],
    )
    heart_rate_per_min = models.PositiveSmallIntegerField(
        _("heart rate (/min)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(30), MaxValueValidator(250)],
    )
    respiratory_rate_per_min = models.PositiveSmallIntegerField(
        _("respiratory rate (/min)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    spo2_percent = models.PositiveSmallIntegerField(
        _("oxygen saturation (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(50), MaxValueValidator(100)],
    )
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    severity = models.CharField(max_length=10, choices=AlertSeverity.choices, blank=True)
    note_params = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("alert timeline entry")
        verbose_name_plural = _("alert timeline")
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.kind} {self.at:%Y-%m-%d %H:%M:%S}"

    def note_text(self) -> str:
        """The note in the active language: a system note's msgid translated and filled in with
        ``note_params``; a person's note as written."""
        if not isinstance(self.note_params, dict):
            return self.note
        try:
            return gettext(self.note) % self.note_params
        except (KeyError, TypeError, ValueError):  # a catalogue entry with other placeholders
            return self.note % self.note_params


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app inbox")
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    WECOM = "wecom", _("WeCom group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")
    WEBHOOK = "webhook", _("JSON webhook")


GROUP_CHANNELS = (Channel.WECOM, Channel.DINGTALK, Channel.WEBHOOK)
"""Channels that post to a group (one delivery per configured endpoint, not per person)."""


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DeliveryAudience(models.TextChoices):
    STAFF = "staff", _("Staff")
    GUARDIAN = "guardian", _("Guardian")


class AlertDelivery(models.Model):
    """One message of one alert to one recipient over one channel at one escalation level.

    Unique per (alert, channel, recipient_key, level, round): a task run twice, or five times at
    once, finds the row already claimed or sent and sends nothing. ``recipient_key`` is
    ``user:<id>`` (in-app, e-mail, SMS to staff), ``guardian:<guardianship id>`` or
    ``config:<channel config id>`` (group robots, webhooks). Status: pending → sending (claimed by
    a worker until ``claimed_until``) → sent | failed (permanent error or attempts exhausted).
    ``next_dispatch_at`` is when the sweep re-sends the task if the delivery is still pending.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    audience = models.CharField(
        _("audience"), max_length=10, choices=DeliveryAudience.choices, default="staff"
    )
    recipient_key = models.CharField(_("recipient"), max_length=80)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="alert_deliveries",
        null=True,
        blank=True,
    )
    channel_config = models.ForeignKey(
        "health_records.AlertChannelConfig",
        on_delete=models.SET_NULL,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    address = models.CharField(_("address"), max_length=254, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    round = models.PositiveSmallIntegerField(_("page round"), default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default="pending"
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    dispatches = models.PositiveSmallIntegerField(_("dispatches"), default=0)
    created_at = models.DateTimeField(_("created at"), db_index=True)
    next_dispatch_at = models.DateTimeField(_("next dispatch"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("alert delivery")
        verbose_name_plural = _("alert deliveries")
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["alert", "channel", "recipient_key", "level", "round"],
                name="alertdelivery_once_per_recipient_level",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_dispatch_at"], name="alertdelivery_due"),
            models.Index(
                fields=["recipient_user", "channel", "status", "read_at"],
                name="alertdelivery_inbox",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.channel} {self.recipient_key} L{self.level}R{self.round}"


class AlertChannelConfig(models.Model):
    """A delivery channel switched on for one centre, for alerts of at least ``min_severity``.

    E-mail and SMS go to each paged person (their e-mail address / mobile number in their
    :class:`NotificationProfile`); WeCom, DingTalk and webhook post once per level to ``url``.
    ``secret``: DingTalk's signing secret (``SEC…``) or the HMAC key of the generic webhook.
    The in-app inbox is always on and needs no row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "health_records.Centre", on_delete=models.CASCADE, related_name="alert_channels"
    )
    channel = models.CharField(
        _("channel"),
        max_length=10,
        choices=[c for c in Channel.choices if c[0] != Channel.IN_APP],
    )
    name = models.CharField(_("name"), max_length=100)
    enabled = models.BooleanField(_("enabled"), default=True)
    min_severity = models.CharField(
        _("minimum severity"),
        max_length=10,
        choices=AlertSeverity.choices,
        default=AlertSeverity.URGENT,
    )
    url = models.URLField(_("webhook URL"), max_length=500, blank=True)
    secret = models.CharField(_("secret"), max_length=200, blank=True)
    notify_guardians = models.BooleanField(
        _("also notify guardians"),
        default=False,
        help_text=_("E-mail and SMS only: guardians are told the medical team's action."),
    )
    history = HistoricalRecords(excluded_fields=["secret"])

    class Meta:
        verbose_name = _("alert channel")
        verbose_name_plural = _("alert channels")
        ordering = ["centre", "channel", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "channel", "name"], name="alertchannel_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.name}"

    def clean(self) -> None:
        if self.channel in GROUP_CHANNELS and not self.url:
            raise ValidationError(
                {"url": _("This channel needs the robot's or webhook's URL.")}, code="url_missing"
            )


class EscalationPolicy(models.Model):
    """How one centre pages alerts of one severity.

    ``steps`` say who is paged at each level and how long after the alert opened (or rose in
    severity) without acknowledgement. ``repage_after_ack_seconds``: acknowledged but not resolved
    for this long → the acknowledging person and level 0 are paged again (blank: never).
    Without a row the defaults of ``services/alerts.py`` apply (urgent: nurse, doctor after 5 min,
    director after 10; critical: everyone at once).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "health_records.Centre", on_delete=models.CASCADE, related_name="escalation_policies"
    )
    severity = models.CharField(_("severity"), max_length=10, choices=AlertSeverity.choices)
    repage_after_ack_seconds = models.PositiveIntegerField(
        _("re-page if not resolved after (seconds)"), null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("escalation policy")
        verbose_name_plural = _("escalation policies")
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "severity"], name="escalationpolicy_one_per_severity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre} / {self.get_severity_display()}"


class EscalationStep(models.Model):
    """Page everyone with ``role`` at ``level``, ``after_seconds`` after the round started."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    policy = models.ForeignKey(EscalationPolicy, on_delete=models.CASCADE, related_name="steps")
    level = models.PositiveSmallIntegerField(_("level"), validators=[MaxValueValidator(9)])
    after_seconds = models.PositiveIntegerField(_("after (seconds without acknowledgement)"))
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=[
            ("nurse", _("Nurse")),
            ("doctor", _("Centre doctor")),
            ("director", _("Centre director")),
        ],
    )

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["level", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["policy", "level", "role"], name="escalationstep_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"L{self.level} +{self.after_seconds}s {self.role}"


class ClusterRule(models.Model):
    """A cluster threshold for one centre: ``min_children`` distinct children with ``symptom`` in
    one classroom within ``window_days`` centre-local days (today included) → outbreak alert.

    Without rows the national defaults in ``services/clusters.py`` apply.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey(
        "health_records.Centre", on_delete=models.CASCADE, related_name="cluster_rules"
    )
    symptom = models.CharField(_("syndrome"), max_length=32)
    window_days = models.PositiveSmallIntegerField(
        _("window (days)"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    min_children = models.PositiveSmallIntegerField(
        _("children (at least)"), validators=[MinValueValidator(2), MaxValueValidator(100)]
    )
    enabled = models.BooleanField(_("enabled"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cluster rule")
        verbose_name_plural = _("cluster rules")
        ordering = ["centre", "symptom", "window_days"]
        constraints = [
            models.UniqueConstraint(
                fields=["centre", "symptom", "window_days"], name="clusterrule_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symptom}: ≥{self.min_children} in {self.window_days} d"


class NotificationProfile(models.Model):
    """How to reach a person outside the app: language of messages, mobile number for SMS.

    E-mail uses the user's account address. Guardians' mobile numbers come from their
    guardianship when this profile has none.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_profile",
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=[("zh-hans", "简体中文"), ("en", "English")],
        default="zh-hans",
    )
    mobile_phone = models.CharField(_("mobile phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("notification profile")
        verbose_name_plural = _("notification profiles")

    def __str__(self) -> str:
        return f"{self.user_id} ({self.language})"
