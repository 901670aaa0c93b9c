"""One error shape for the API: ``{"detail": str, "code": str}`` plus ``fields`` for field errors.

``fields`` maps an input field name to a list of ``{"detail": str, "code": str}``. Codes are
stable (``not_found``, ``permission_denied``, ``not_authenticated``, ``invalid``, a
:class:`~health_records.exceptions.DomainError` code such as ``edited_by_someone_else``, or a
Django/DRF validation code such as ``required``); messages are translated to the request's
language. Mapped here, and only here:

- :class:`DomainError` → its ``http_status`` (400, 403 ``PermissionDeniedError``, 409
  ``ConflictError``) with its code and message, and ``fields`` when it names a field;
- Django ``ValidationError`` (a model's ``full_clean``) and DRF ``ValidationError`` → 400
  ``invalid`` with ``fields``;
- ``ObjectDoesNotExist``/``Http404``/``NotStaff`` → 404 ``not_found`` (an object the viewer may
  not reach looks exactly like a missing one);
- Django/DRF permission errors → 403 ``permission_denied``; authentication errors → 401;
- DRF ``ParseError`` (a body that is not JSON) → 400 ``parse_error`` with our translated message
  (DRF's is English and quotes the decoder);
- any other DRF ``APIException`` → its status and ``default_code``.

DRF's own messages are translated by its catalogue (``zh_Hans``); the few it leaves unmarked
(``No data provided``) by ours (:data:`DRF_UNTRANSLATED`).

Anything else is a bug and propagates (a 500 with the request id in the logs).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import set_rollback

from health_records.exceptions import DomainError
from health_records.selectors.centre import NotStaff

FieldErrors = dict[str, list[dict[str, str]]]

DRF_UNTRANSLATED = {"No data provided": _("No data was sent.")}
"""Messages DRF (3.18) raises without marking them for translation, by their English text."""

PARSE_ERROR = _("The request body could not be read: send valid JSON.")
"""For DRF's ``ParseError``, whose detail is English ("JSON parse error - Expecting value…")."""


def _message(detail: object) -> str:
    """``detail`` as text in the request's language (DRF's untranslated ones via our catalogue)."""
    text = str(detail)
    return str(DRF_UNTRANSLATED.get(text, text))


class LockedOut(exceptions.APIException):
    """Too many failed logins for this username from this address (django-axes)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Too many failed login attempts: try again in 15 minutes.")
    default_code = "locked_out"


def _body(detail: object, code: str, fields: FieldErrors | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"detail": str(detail), "code": code}
    if fields:
        body["fields"] = fields
    return body


def _drf_fields(detail: Any, prefix: str = "") -> FieldErrors:
    """Flatten DRF's nested ``ErrorDetail`` structure into ``{"a.b": [{detail, code}]}``."""
    out: FieldErrors = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub, errors in _drf_fields(value, name).items():
                out.setdefault(sub, []).extend(errors)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                for sub, errors in _drf_fields(value, f"{prefix}.{index}").items():
                    out.setdefault(sub, []).extend(errors)
            else:
                code = getattr(value, "code", "invalid") or "invalid"
                out.setdefault(prefix or "non_field_errors", []).append(
                    {"detail": _message(value), "code": str(code)}
                )
    else:
        code = getattr(detail, "code", "invalid") or "invalid"
        out.setdefault(prefix or "non_field_errors", []).append(
            {"detail": _message(detail), "code": str(code)}
        )
    return out


def _django_fields(error: DjangoValidationError) -> FieldErrors:
    out: FieldErrors = {}
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            key = "non_field_errors" if name == "__all__" else name
            for item in errors:
                for message in item.messages:
                    out.setdefault(key, []).append(
                        {"detail": message, "code": item.code or "invalid"}
                    )
    else:
        for item in error.error_list:
            for message in item.messages:
                out.setdefault("non_field_errors", []).append(
                    {"detail": message, "code": item.code or "invalid"}
                )
    return out


def _validation_response(fields: FieldErrors) -> Response:
    """400: ``code`` is the single error's code when there is exactly one, else ``invalid``."""
    errors = [error for group in fields.values() for error in group]
    code = errors[0]["code"] if len(errors) == 1 else "invalid"
    detail = errors[0]["detail"] if len(errors) == 1 else _("The input has errors.")
    return Response(_body(detail, code, fields), status=status.HTTP_400_BAD_REQUEST)


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF ``EXCEPTION_HANDLER``: map ``exc`` to the one error shape, or ``None`` (a 500).

    Marks an open atomic block for rollback, as DRF's own handler does.
    """
    response = _map(exc)
    if response is not None:
        set_rollback()
    return response


def _map(exc: Exception) -> Response | None:
    if isinstance(exc, DomainError):
        fields = None
        if exc.field:
            # An error may carry the questions behind it (growth's ``NeedsConfirmation``).
            issues: list[DomainError] = list(getattr(exc, "issues", []))
            fields = {
                exc.field: [{"detail": str(error), "code": error.code} for error in [exc, *issues]]
            }
        return Response(_body(exc, exc.code, fields), status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        return _validation_response(_django_fields(exc))
    if isinstance(exc, ObjectDoesNotExist | Http404 | NotStaff | exceptions.NotFound):
        return Response(_body(_("Not found."), "not_found"), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if isinstance(exc, exceptions.ValidationError):
        return _validation_response(_drf_fields(exc.detail))
    if isinstance(exc, exceptions.ParseError):
        return Response(_body(PARSE_ERROR, "parse_error"), status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, exceptions.APIException):
        headers: dict[str, str] = {}
        auth_header = getattr(exc, "auth_header", None)  # set by APIView.handle_exception
        if auth_header:
            headers["WWW-Authenticate"] = str(auth_header)
        wait = getattr(exc, "wait", None)  # Throttled
        if wait is not None:
            headers["Retry-After"] = str(int(wait))
        detail = exc.detail if not isinstance(exc.detail, list | dict) else exc.default_detail
        code = getattr(exc.detail, "code", None) or exc.default_code
        return Response(_body(detail, str(code)), status=exc.status_code, headers=headers)
    return None
