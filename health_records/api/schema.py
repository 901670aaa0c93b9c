"""OpenAPI generation (drf-spectacular): input/output serializers and the error responses.

API views name ``input_serializer_class`` (POST), ``update_serializer_class`` (PATCH) and
``output_serializer_class`` (``output_many`` for a bare list); every operation documents the
one error shape for 400, 401, 403 and 404, writes also 409 (a stale ``version``), throttled
endpoints 429. Versioned records' detail operations document the ``ETag`` response header, and
their PATCH the ``If-Match`` request header and its 412 (``health_records.api.conditional``).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from health_records.api.conditional import IF_MATCH_PARAMETER

ETAG_HEADER = OpenApiParameter(
    name="ETag",
    type=OpenApiTypes.STR,
    location=OpenApiParameter.HEADER,
    response=[200],
    description='The record\'s strong entity tag, `"<version>"`: send it back as If-Match.',
)


class FieldErrorSerializer(serializers.Serializer[Any]):
    detail = serializers.CharField()
    code = serializers.CharField()


class ErrorSerializer(serializers.Serializer[Any]):
    """``{"detail": str, "code": str, "fields"?: {name: [{detail, code}]}}``."""

    detail = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]  # a field named "fields"
        child=FieldErrorSerializer(many=True), required=False
    )


class AutoSchema(SpectacularAutoSchema):
    """Reads the view's input/output serializer attributes and adds the error responses."""

    def _has_etag(self) -> bool:
        """A detail view (not a list) of a model with a ``version`` (``RecordDetailView``), or
        a view that says it is ``conditional`` (a versioned object without a child)."""
        from health_records.api.views.base import RecordDetailView

        if getattr(self.view, "conditional", False):
            return True
        model = getattr(self.view, "model", None)
        return (
            isinstance(self.view, RecordDetailView)
            and model is not None
            and any(field.name == "version" for field in model._meta.get_fields())
        )

    def _takes_if_match(self) -> bool:
        return self.method in ("PATCH", "PUT") and self._has_etag()

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self._takes_if_match():
            parameters.append(IF_MATCH_PARAMETER)
        if self.method in ("GET", "PATCH", "PUT") and self._has_etag():
            parameters.append(ETAG_HEADER)
        return parameters

    def _is_list_view(self, serializer: Any = None) -> bool:
        return bool(getattr(self.view, "is_list", False)) and self.method == "GET"

    def get_request_serializer(self) -> Any:
        if self.method == "PATCH":
            return getattr(self.view, "update_serializer_class", None)
        if self.method in ("POST", "PUT"):
            return getattr(self.view, "input_serializer_class", None)
        return None

    def get_response_serializers(self) -> Any:
        output = getattr(self.view, "output_serializer_class", None)
        if output is None:
            return super().get_response_serializers()
        if getattr(self.view, "output_many", False):
            output = output(many=True)
        success = "201" if self.method == "POST" and getattr(self.view, "creates", False) else "200"
        responses: dict[str, Any] = {success: output}
        for code in ("400", "401", "403", "404"):
            responses[code] = ErrorSerializer
        if self.method != "GET":
            responses["409"] = ErrorSerializer  # a stale version, or a record conflict
        if self._takes_if_match():
            responses["412"] = ErrorSerializer  # If-Match names another version
        if getattr(self.view, "throttle_classes", None):
            responses["429"] = ErrorSerializer  # throttled, or locked out (token endpoint)
        return responses
