"""HTTP optimistic concurrency for versioned records (RFC 9110 §8.8.3, §13.1.1): ``ETag`` out,
``If-Match`` in. The one place the API reads or writes these headers.

- **ETag.** A GET or PATCH of a versioned record's detail answers ``ETag: "<version>"``: a
  *strong* tag, because ``If-Match`` compares tags with the strong function (a weak tag could
  never match). The tag is the record's ``version`` alone, not its id or type: an entity tag
  is only ever compared with the current tag of the *same* URL, so ``"3"`` of one record can
  never be mistaken for ``"3"`` of another, and a client that already knows the ``version``
  field can build the header itself. The tag names the stored state of the record (what
  ``If-Match`` protects); the translated labels of a response do not change it.
- **If-Match** on PATCH (and PUT, should one appear): the record's current tag among the
  listed tags → the update proceeds with that version as the expected one; any other tag
  (stale, weak ``W/"…"``, or not a tag at all) → **412** ``precondition_failed``, nothing
  saved. ``*`` only says "the record exists": it names no version, so the body's ``version``
  is still needed.
- **Both** ``If-Match`` and a body ``version``: they must name the same version, else **412**
  ``if_match_disagrees`` (the request contradicts itself; nothing saved). A body ``version``
  alone keeps the existing behaviour: a stale one is the service's 409
  ``edited_by_someone_else``. **Neither**: 400 ``required`` on ``version``, as before.
- A change that lands between the precondition check and the service's row lock is caught by
  the service's own version check; when the version came from ``If-Match`` it is reported as
  the 412 it is.
"""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

STALE_CODE = "edited_by_someone_else"
"""The services' :class:`ConflictError` code for a stale expected version."""

IF_MATCH_PARAMETER = OpenApiParameter(
    name="If-Match",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        'The record\'s ETag as last read (`"<version>"`). Another version → 412 '
        "`precondition_failed`; disagreeing with the body's `version` → 412 "
        "`if_match_disagrees`. Without it the body's `version` is required (stale → 409)."
    ),
)


_ENTITY_TAG = re.compile(r'\A(?:W/)?"[^"]*"\Z')


def parse_etags(header: str) -> list[str]:
    """The entity tags of an ``If-Match`` value (``["*"]`` for ``*``); malformed items are
    dropped, so a header of nothing but garbage matches nothing (and is a 412)."""
    if header.strip() == "*":
        return ["*"]
    items = (item.strip() for item in header.split(","))
    return [item for item in items if _ENTITY_TAG.match(item)]


class PreconditionFailed(exceptions.APIException):
    """``If-Match`` names another version of the record than the stored one (412)."""

    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _(
        "This record has changed since you loaded it (If-Match does not name its current "
        "version). Nothing was saved: reload it, then edit again."
    )
    default_code = "precondition_failed"


def is_versioned(record: object) -> bool:
    """Whether the record carries an integer ``version`` (and so an ETag)."""
    return isinstance(getattr(record, "version", None), int)


def etag_of(record: object) -> str:
    """The strong entity tag of a versioned record: ``"<version>"`` with the quotes."""
    return f'"{getattr(record, "version")}"'  # noqa: B009 - typed ``object`` on purpose


def with_etag(response: Response, record: object) -> Response:
    """``response`` with the record's ``ETag`` header (unchanged for unversioned records)."""
    if is_versioned(record):
        response["ETag"] = etag_of(record)
    return response


def _version_required() -> serializers.ValidationError:
    message = serializers.Field.default_error_messages["required"]
    return serializers.ValidationError(
        {"version": [exceptions.ErrorDetail(str(message), code="required")]}
    )


def expected_version(request: Request, record: Any, body_version: int | None) -> int:
    """The version an update of ``record`` must find, from ``If-Match`` and/or the body.

    Raises :class:`PreconditionFailed` (412) as the module docstring says, or a DRF
    ``ValidationError`` (400 ``required`` on ``version``) when no version is named at all.
    """
    header = request.headers.get("If-Match", "").strip()
    if not header:
        if body_version is None:
            raise _version_required()
        return body_version
    tags = parse_etags(header)
    if tags == ["*"]:
        if body_version is None:
            raise _version_required()
        return body_version
    current: int = record.version
    if etag_of(record) not in tags:  # strong comparison: W/"3" never equals "3"
        raise PreconditionFailed
    if body_version is not None and body_version != current:
        raise PreconditionFailed(
            _(
                "The If-Match header and the version in the body name different versions. "
                "Nothing was saved: send one version."
            ),
            code="if_match_disagrees",
        )
    return current


def uses_if_match(request: Request) -> bool:
    """Whether the request named its version with an ``If-Match`` tag (not ``*``)."""
    header = request.headers.get("If-Match", "").strip()
    return bool(header) and parse_etags(header) != ["*"]
