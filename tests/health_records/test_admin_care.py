"""The care admin: a thresholds change made there bumps the version the thresholds page checks."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from health_records.models import HealthRuleSettings
from health_records.services.care_rules import health_rule_settings_update
from tests.factories import UserFactory


def test_admin_change_of_thresholds_bumps_the_version(world):
    """Saved on the page (version 2), then changed in the admin → version 3."""
    saved = health_rule_settings_update(
        centre=world.centre_a,
        changed_by=world.users["director"],
        expected_version=1,
        values={
            "fever_axillary_c": Decimal("37.5"),
            "low_temperature_c": Decimal("35.0"),
            "loose_stools_in_24h": 3,
            "vomits_per_day": 2,
            "refused_meals_in_row": 2,
        },
    )
    client = Client()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    response = client.post(
        reverse("admin:health_records_healthrulesettings_change", args=[saved.pk]),
        {
            "centre": world.centre_a.pk,
            "fever_axillary_c": "37.6",
            "low_temperature_c": "35.0",
            "loose_stools_in_24h": "3",
            "vomits_per_day": "2",
            "refused_meals_in_row": "2",
        },
    )
    assert response.status_code == 302
    assert HealthRuleSettings.objects.get().version == 3
