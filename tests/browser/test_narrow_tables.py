"""The due list, the access log and an alert's deliveries on a phone: the tables stack (no
horizontal overflow at 390 px), and codes read as words; screenshots at 390 and 1280 px."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from health_records.management.commands.seed_demo import DEMO_PASSWORD
from health_records.models import AccessLog, StaffMembership, SymptomFlag
from health_records.selectors.access import Viewer
from health_records.services.audit import access_log_record

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

LANGUAGES_AND_WIDTHS = [(lang, width) for lang in ("zh-hans", "en") for width in (390, 1280)]
OVERFLOWS = "document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def demo(transactional_db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    from medcare.celery import app

    monkeypatch.setattr(app, "send_task", lambda *args, **kwargs: None)  # no broker here
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize(("language", "width"), LANGUAGES_AND_WIDTHS)
def test_tables_fit_a_phone(demo, live_server, page_for, language, width):
    """Nurse: the due list and a rule-raised alert's page; director: the access log with an API
    read and the classroom screen. No page is wider than the window; no raw code is shown."""
    flag = SymptomFlag.objects.exclude(rule="").select_related("alert", "child").first()
    assert flag is not None and flag.alert is not None
    nurse = StaffMembership.objects.get(user__username="nurse1")
    for what in ("api_growth_measurement_detail", "classroom_screen", "injury_follow_up"):
        access_log_record(viewer=Viewer(nurse.user, nurse), child=flag.child, what=what)
    page = page_for(width=width, language=language)
    login(page, live_server, "nurse1", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/health-checks/due/")
    screenshot(page, f"narrow-due-{language}-{width}")
    due_overflows = page.evaluate(OVERFLOWS)
    page.goto(f"{live_server.url}/alerts/{flag.alert.pk}/")
    screenshot(page, f"narrow-alert-{language}-{width}")
    alert_overflows, alert_text = page.evaluate(OVERFLOWS), page.locator("main").inner_text()
    director = page_for(width=width, language=language)
    login(director, live_server, "director", DEMO_PASSWORD)
    director.goto(f"{live_server.url}/centre/access-log/")
    screenshot(director, f"narrow-access-log-{language}-{width}")
    log_overflows, log_text = director.evaluate(OVERFLOWS), director.locator("main").inner_text()
    assert (due_overflows, alert_overflows, log_overflows) == (False, False, False)
    assert flag.rule not in alert_text
    assert (
        AccessLog.objects.exists() and "api_" not in log_text and "classroom_screen" not in log_text
    )
