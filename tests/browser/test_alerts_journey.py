"""Alerts in the browser: a caregiver flags in two taps, the nurse's inbox shows it without a
reload, the nurse triages, the parent sees the action; screenshots of each page."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from health_records.management.commands.seed_demo import DEMO_PASSWORD
from health_records.models import Alert

from .conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from medcare.celery import app

    monkeypatch.setattr(
        app, "send_task", lambda *args, **kwargs: None
    )  # no broker in browser tests
    call_command("seed_demo", stdout=StringIO())


def test_flag_in_two_taps_appears_live_in_nurse_inbox(demo, live_server, page_for):
    """Caregiver: roster → "上报症状" → "呕吐" (2 taps). The nurse's open dashboard shows the new
    alert within a few seconds without reloading."""
    nurse = page_for(width=1280, language="zh-hans")
    login(nurse, live_server, "nurse1", DEMO_PASSWORD)
    nurse.goto(f"{live_server.url}/medical/")
    before = Alert.objects.filter(kind="symptom", detail__symptom="seizure").count()
    caregiver = page_for(width=390, language="zh-hans")
    login(caregiver, live_server, "caregiver1", DEMO_PASSWORD)
    with caregiver.expect_navigation():
        caregiver.locator("a.act.danger").first.click()  # tap 1
    screenshot(caregiver, "symptom-flag-form-zh-hans-390")
    with caregiver.expect_navigation():
        caregiver.click("button[value=seizure]")  # tap 2
    assert "已通知医护人员" in caregiver.content()
    assert Alert.objects.filter(kind="symptom", detail__symptom="seizure").count() == before + 1
    nurse.wait_for_selector("#alert-inbox >> text=抽搐", timeout=15000)
    screenshot(nurse, "medical-dashboard-live-zh-hans-1280")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("width", [390, 1280])
def test_alert_pages_render(demo, live_server, page_for, width, language):
    """Inbox, an alert's triage page, the flag screen and the parent's page, screenshotted."""
    alert = Alert.objects.filter(kind="symptom", action="call_guardian").first()
    assert alert is not None and alert.child is not None
    parent = alert.child.guardianships.select_related("user").first().user
    page = page_for(width=width, language=language)
    login(page, live_server, "nurse1", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/alerts/")
    screenshot(page, f"alert-inbox-{language}-{width}")
    page.goto(f"{live_server.url}/alerts/{alert.pk}/")
    assert ("处置措施" if language == "zh-hans" else "Action") in page.content()
    screenshot(page, f"alert-detail-{language}-{width}")
    outbreak = Alert.objects.get(kind="outbreak")  # the demo's diarrhoea cluster
    page.goto(f"{live_server.url}/alerts/{outbreak.pk}/")
    screenshot(page, f"alert-outbreak-{language}-{width}")
    page.goto(f"{live_server.url}/children/{alert.child.pk}/flag/")
    screenshot(page, f"symptom-flag-{language}-{width}")
    guardian = page_for(width=width, language=language)
    login(guardian, live_server, parent.get_username(), DEMO_PASSWORD)
    guardian.goto(f"{live_server.url}/my-children/alerts/")
    assert ("联系监护人" if language == "zh-hans" else "Call the guardian") in guardian.content()
    screenshot(guardian, f"alert-guardian-{language}-{width}")
