"""Access log (访问日志): who read which child's data, when. Append-only."""

from __future__ import annotations

import uuid

from django.conf import settings
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
