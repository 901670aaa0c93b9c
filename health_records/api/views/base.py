"""Shared shapes of API views: parse → one service or selector → render, with access logging.

A view class names its serializers (``input_serializer_class`` for POST,
``update_serializer_class`` for PATCH, ``output_serializer_class``), the model it lists, and
``what`` (the stable access-log code). Reads of children's health data write access-log rows
(one bulk INSERT per request, one row per child shown).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, TypeVar

from django.contrib.auth.models import User
from django.db import models
from django.db.models import QuerySet
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from health_records.api.conditional import (
    STALE_CODE,
    PreconditionFailed,
    expected_version,
    uses_if_match,
    with_etag,
)
from health_records.api.permissions import viewer_of
from health_records.exceptions import ConflictError
from health_records.models import Child
from health_records.selectors.access import Viewer
from health_records.selectors.care import child_get
from health_records.selectors.records import record_get, records_visible_to
from health_records.services.care_audit import access_log_record_many

SerializerClass = type[serializers.BaseSerializer[Any]]
R = TypeVar("R")


class ApiView(GenericAPIView[Any]):
    """Base of every API view: the viewer, input parsing, output rendering, access logging."""

    is_list: ClassVar[bool] = False
    creates: ClassVar[bool] = False
    model: ClassVar[type[models.Model] | None] = None
    what: ClassVar[str] = ""
    ordering: ClassVar[tuple[str, ...]] = ("pk",)
    output_serializer_class: ClassVar[SerializerClass | None] = None
    input_serializer_class: ClassVar[SerializerClass | None] = None
    update_serializer_class: ClassVar[SerializerClass | None] = None
    filterset_class: ClassVar[Any] = None
    conditional: ClassVar[bool] = False
    """Answers an ``ETag`` and takes ``If-Match`` (for the schema), beside record detail views."""

    @property
    def user(self) -> User:
        """The signed-in user (every API view but the token endpoint requires one)."""
        user = self.request.user
        assert isinstance(user, User)
        return user

    @property
    def viewer(self) -> Viewer:
        return viewer_of(self.request)

    @property
    def request_id(self) -> str:
        return str(getattr(self.request._request, "request_id", ""))

    def parse(self, serializer_class: SerializerClass | None) -> dict[str, Any]:
        """Validate the request body; a DRF ``ValidationError`` (400 with ``fields``) if bad."""
        assert serializer_class is not None
        serializer = serializer_class(data=self.request.data, context={"request": self.request})
        serializer.is_valid(raise_exception=True)
        data: dict[str, Any] = dict(serializer.validated_data)
        return data

    def render(self, instance: object, *, status_code: int = status.HTTP_200_OK) -> Response:
        assert self.output_serializer_class is not None
        return Response(
            self.output_serializer_class(instance, context={"request": self.request}).data,
            status=status_code,
        )

    def log_reads(self, children: Iterable[Child], what: str | None = None) -> None:
        """One access-log row per distinct child shown (one INSERT; nothing for no child)."""
        unique = list({child.pk: child for child in children}.values())
        if unique:
            access_log_record_many(
                viewer=self.viewer,
                children=unique,
                what=what or self.what,
                request_id=self.request_id,
            )

    def get_serializer_class(self) -> SerializerClass:
        assert self.output_serializer_class is not None
        return self.output_serializer_class


class RecordListView(ApiView):
    """GET: a page of the model's rows about children the viewer may read (filters apply)."""

    is_list = True

    def get_queryset(self) -> QuerySet[Any]:
        assert self.model is not None
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return self.model._default_manager.none()
        return records_visible_to(self.viewer, self.model).order_by(*self.ordering)

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = list(page or [])
        self.log_reads(row.child for row in rows)
        assert self.output_serializer_class is not None
        data = self.output_serializer_class(rows, many=True, context={"request": request}).data
        return self.get_paginated_response(data)


class RecordCreateMixin(ApiView):
    """POST: parse, resolve ``child`` through the viewer's scope (404), call :meth:`create`."""

    creates = True

    def create(self, *, child: Child, user: Any, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parse(self.input_serializer_class)
        child = child_in_scope(self.viewer, data.pop("child"))
        record = self.create(child=child, user=self.user, data=data)
        return self.render(record, status_code=status.HTTP_201_CREATED)


class RecordDetailView(ApiView):
    """GET one row the viewer may read (404 otherwise); access-logged. A versioned row answers
    with its ``ETag`` (``health_records.api.conditional``)."""

    def get_object(self) -> Any:
        assert self.model is not None
        return record_get(self.viewer, self.model, self.kwargs["pk"])

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        self.log_reads([record.child])
        return with_etag(self.render(record), record)


class RecordUpdateMixin(RecordDetailView):
    """PATCH naming the version the client was shown, in the body (``version``: stale → 409)
    and/or as ``If-Match`` (stale → 412); nothing saved on either. Answers with the new ``ETag``.
    The rules are :mod:`health_records.api.conditional`'s."""

    def update(
        self, *, record: Any, expected_version: int, user: Any, changes: Mapping[str, object]
    ) -> models.Model:
        raise NotImplementedError

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = self.parse(self.update_serializer_class)
        record = self.get_object()
        updated = conditional_update(
            request,
            record,
            data.pop("version", None),
            lambda version: self.update(
                record=record, expected_version=version, user=self.user, changes=data
            ),
        )
        return with_etag(self.render(updated), updated)


def conditional_update(
    request: Request, record: Any, body_version: int | None, update: Callable[[int], R]
) -> R:
    """Call ``update(expected_version)`` with the version ``If-Match`` and/or the body name
    (:func:`~health_records.api.conditional.expected_version`: 412 or 400 before any call).

    A stale version caught by the service's row lock is its 409, or a 412 when the version
    came from ``If-Match`` (saved by someone else between the check and the lock).
    """
    version = expected_version(request, record, body_version)
    try:
        return update(version)
    except ConflictError as exc:
        if exc.code == STALE_CODE and uses_if_match(request):
            raise PreconditionFailed from exc
        raise


def child_in_scope(viewer: Viewer, child_id: uuid.UUID) -> Child:
    """The child the viewer may read, else ``Child.DoesNotExist`` (a 404)."""
    return child_get(viewer, child_id)
