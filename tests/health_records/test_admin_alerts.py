"""The alert admin: policies and channels editable per centre; alerts and deliveries read-only."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

EDITABLE = ("alertchannelconfig", "escalationpolicy", "clusterrule", "notificationprofile")
READ_ONLY = ("alert", "alertdelivery", "symptomflag")


@pytest.fixture
def admin_client_() -> Client:
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("model", EDITABLE + READ_ONLY)
def test_changelist_loads(admin_client_, model):
    """Each alert model's changelist renders for a superuser."""
    url = reverse(f"admin:health_records_{model}_changelist")
    assert admin_client_.get(url).status_code == 200


@pytest.mark.parametrize("model", EDITABLE)
def test_policy_models_can_be_added(admin_client_, model):
    """Channels, escalation policies, cluster rules and profiles have an add form."""
    assert admin_client_.get(reverse(f"admin:health_records_{model}_add")).status_code == 200


@pytest.mark.parametrize("model", READ_ONLY)
def test_records_cannot_be_added(admin_client_, model):
    """Alerts, deliveries and flags are written only by the services (add → 403)."""
    assert admin_client_.get(reverse(f"admin:health_records_{model}_add")).status_code == 403
