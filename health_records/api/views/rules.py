"""The centre's health-rule thresholds, as on the thresholds page (``/centre/thresholds/``):
the director and the centre doctor read and change them; anyone else gets 404."""

from __future__ import annotations

from rest_framework.request import Request
from rest_framework.response import Response

from health_records.api.conditional import with_etag
from health_records.api.permissions import IsStaffMember
from health_records.api.serializers import rules as s
from health_records.api.views.base import ApiView, conditional_update
from health_records.models import HealthRuleSettings
from health_records.selectors.rules import health_rule_settings_page
from health_records.services.care_rules import THRESHOLD_FIELDS, health_rule_settings_update


class HealthRuleThresholds(ApiView):
    """GET: the viewer's centre thresholds with defaults, ranges, sources and who changed what
    (``health_rule_settings_page``), ``ETag`` the version. PATCH: ``health_rule_settings_update``
    with the thresholds sent (the others keep their value) and the version shown (body
    ``version``: stale 409; ``If-Match``: stale 412); out of range → 400 with the field, nothing
    saved; 400 ``nothing_changed``. No child's data is shown, so nothing is access-logged."""

    permission_classes = [IsStaffMember]
    conditional = True
    queryset = HealthRuleSettings.objects.none()  # for the schema
    update_serializer_class = s.ThresholdsUpdate
    output_serializer_class = s.ThresholdsOut

    def get(self, request: Request) -> Response:
        page = health_rule_settings_page(self.viewer)
        return with_etag(self.render(page), page.settings)

    def patch(self, request: Request) -> Response:
        page = health_rule_settings_page(self.viewer)  # NotStaff (404) unless director/doctor
        membership = self.viewer.membership
        assert membership is not None
        data = self.parse(s.ThresholdsUpdate)
        body_version = data.pop("version", None)
        values = {name: data.get(name, getattr(page.settings, name)) for name in THRESHOLD_FIELDS}
        conditional_update(
            request,
            page.settings,
            body_version,
            lambda version: health_rule_settings_update(
                centre=membership.centre,
                changed_by=self.user,
                expected_version=version,
                values=values,
            ),
        )
        page = health_rule_settings_page(self.viewer)
        return with_etag(self.render(page), page.settings)
