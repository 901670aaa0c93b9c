"""The consent page: guardians read and give/withdraw; staff read; others get 404."""

from __future__ import annotations

from django.urls import reverse

from health_records.models import AccessLog, GuardianConsent


def _url(child):
    return reverse("child_consent", args=[child.pk])


def test_guardian_sees_policy_in_chinese(world, client_as):
    """The Chinese page shows the Chinese policy text and that consent is on record."""
    body = client_as("parent_a", language="zh-hans").get(_url(world.child_a1)).content.decode()
    assert "同意书正文。" in body
    assert "撤回我的同意" in body


def test_guardian_withdraws_then_gives_again(world, client_as):
    """Withdraw, then give: one row, active again, history with both changes."""
    client = client_as("parent_a")
    client.post(_url(world.child_a1), {"action": "withdraw"})
    assert GuardianConsent.objects.get(child=world.child_a1).withdrawn_at is not None
    policy = GuardianConsent.objects.get(child=world.child_a1).policy
    client.post(_url(world.child_a1), {"action": "give", "policy": policy.pk})
    consent = GuardianConsent.objects.get(child=world.child_a1)
    assert consent.withdrawn_at is None
    assert consent.history.count() == 3


def test_staff_see_status_without_buttons(world, client_as):
    """A nurse sees whether consent covers the child but cannot act for the family."""
    body = client_as("nurse").get(_url(world.child_a1)).content.decode()
    assert "consent is on record: the centre may keep" in body
    assert 'name="action"' not in body


def test_staff_post_is_refused_and_changes_nothing(world, client_as):
    """A nurse posting 'withdraw' gets a message; the guardian's consent stays."""
    client_as("nurse").post(_url(world.child_a1), {"action": "withdraw"})
    assert GuardianConsent.objects.get(child=world.child_a1).withdrawn_at is None


def test_other_parent_gets_404(world, client_as):
    """Another family's child's consent page is 404, GET and POST."""
    client = client_as("parent_b")
    assert client.get(_url(world.child_a1)).status_code == 404
    assert client.post(_url(world.child_a1), {"action": "withdraw"}).status_code == 404


def test_reading_the_page_is_logged(world, client_as):
    """Opening the consent page writes an access-log row 'child_consent'."""
    client_as("parent_a").get(_url(world.child_a1))
    assert AccessLog.objects.get().what == "child_consent"
