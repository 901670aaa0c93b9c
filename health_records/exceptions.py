"""Domain errors with stable codes, mapped to HTTP and forms in one place.

Every service raises :class:`DomainError` (or Django's ``ValidationError`` from ``full_clean``)
for input it refuses; nothing is stored when it does (services are atomic). ``code`` is stable
(``measurement_out_of_range``) and is what API clients and tests match on; ``message`` is a lazy
translated string shown to the user in their language.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


class DomainError(Exception):
    """A refused operation. ``code``: stable identifier; ``message``: translated text;
    ``field``: the input field at fault, if one is; ``params``: values for the message."""

    http_status = 400

    def __init__(
        self,
        code: str,
        message: str | StrPromise,
        *,
        field: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.field = field
        self.params = params or {}
        super().__init__(code)

    def __str__(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text

    def as_validation_error(self) -> ValidationError:
        """The same error as a Django ``ValidationError`` (for forms: ``form.add_error``)."""
        error = ValidationError(self.message, code=self.code, params=self.params or None)
        return ValidationError({self.field: error}) if self.field else error


class ConflictError(DomainError):
    """The record changed since the user loaded it (optimistic concurrency); nothing saved.

    ``stored_version``: the version that won; ``changed_by_id`` / ``changed_at``: who saved it and
    when (from its history), when known — what the refused attempt's audit row records.
    """

    http_status = 409
    stored_version: int | None = None
    changed_by_id: int | None = None
    changed_at: datetime | None = None


class PermissionDeniedError(DomainError):
    """The user may see the object but not do this to it (a caregiver outside their room)."""

    http_status = 403
