"""Access log (访问日志): who read which child's data, when; refused edits. Both append-only."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """One read of a child's data by a user. Rows are only ever inserted.

    ``save()`` refuses to update an existing row and ``delete()`` refuses outright, so neither the
    app nor the admin can edit the log. ``what`` is a stable code of the page or endpoint (e.g.
    ``child_detail``), never the data itself.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_logs"
    )
    role = models.CharField(_("role"), max_length=20)
    child = models.ForeignKey(
        "health_records.Child", on_delete=models.PROTECT, related_name="access_logs"
    )
    what = models.CharField(_("what"), max_length=64)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at"]
        indexes = [models.Index(fields=["child", "-at"], name="accesslog_child_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.what} {self.child_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError("access log rows are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("access log rows are append-only")


class EditConflict(models.Model):
    """A refused edit (version conflict): who tried, when, on which record, with which values.

    Written after the refused transaction rolled back (``services.day_common``), so the record's
    history keeps both attempts' outcome: the save that won (its history row) and this refusal.
    ``expected_version`` is the version the editor was shown, ``stored_version`` the one that won,
    ``changed_by``/``changed_at`` who saved it and when (from its history). ``attempted_values``:
    the fields and values the editor tried (JSON; datetimes as ISO strings, decimals as strings).
    Append-only like :class:`AccessLog`: no update, no delete.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    centre = models.ForeignKey("health_records.Centre", on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(
        "health_records.Child", on_delete=models.PROTECT, related_name="edit_conflicts"
    )
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.CharField(max_length=64)
    record = GenericForeignKey("record_type", "record_id")
    attempted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("attempted by"),
    )
    attempted_at = models.DateTimeField(_("attempted at"), db_index=True)
    expected_version = models.PositiveIntegerField(_("version shown"))
    stored_version = models.PositiveIntegerField(_("version saved"))
    attempted_values = models.JSONField(
        _("values tried"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("refused edit")
        verbose_name_plural = _("refused edits")
        ordering = ["-attempted_at"]
        indexes = [
            models.Index(
                fields=["record_type", "record_id", "-attempted_at"], name="editconflict_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.attempted_at:%Y-%m-%d %H:%M} {self.record_type_id}/{self.record_id}"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self._state.adding:
            raise PermissionError("refused-edit rows are append-only")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise PermissionError("refused-edit rows are append-only")
