"""OpenAPI generation (drf-spectacular): input/output serializers and the error responses.

API views name ``input_serializer_class`` (POST), ``update_serializer_class`` (PATCH) and
``output_serializer_class`` (``output_many`` for a bare list); every operation documents the
one error shape for 400, 401, 403 and 404, writes also 409 (a stale ``version``), throttled
endpoints 429.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers


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
        if getattr(self.view, "throttle_classes", None):
            responses["429"] = ErrorSerializer  # throttled, or locked out (token endpoint)
        return responses
