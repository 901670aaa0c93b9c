"""FHIR R4 export: ``GET /fhir/Patient/<uuid>/$everything`` (staff of the child's centre).

Returns a ``searchset`` Bundle as ``application/fhir+json``: the Patient and its Observations
(see :mod:`health_records.fhir.mapping`). A guardian, staff of another centre or an unknown id
get a 404. Side effect: one access-log row (``fhir_everything``).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from health_records.api.schema import ErrorSerializer
from health_records.api.views.base import ApiView
from health_records.fhir.mapping import everything_bundle
from health_records.selectors.export import child_records_for_export
from health_records.services.audit import access_log_record


class FhirJSONRenderer(JSONRenderer):
    media_type = "application/fhir+json"
    format = "fhir"


class PatientEverything(ApiView):
    """The child's record as a FHIR R4 Bundle (Patient + Observations)."""

    renderer_classes = [FhirJSONRenderer, JSONRenderer]

    @extend_schema(
        operation_id="fhir_patient_everything",
        responses={
            200: OpenApiResponse(description="A FHIR R4 Bundle (searchset)."),
            401: ErrorSerializer,
            403: ErrorSerializer,
            404: ErrorSerializer,
        },
    )
    def get(self, request: Request, pk: Any) -> Response:
        records = child_records_for_export(self.viewer, pk)
        access_log_record(
            viewer=self.viewer,
            child=records.child,
            what="fhir_everything",
            request_id=self.request_id,
        )
        bundle = everything_bundle(
            child=records.child,
            measurements=records.measurements,
            daily_checks=records.daily_checks,
            haemoglobin_checks=records.haemoglobin_checks,
            base_url=request.build_absolute_uri("/fhir/"),
            now=timezone.now(),
        )
        return Response(bundle)
