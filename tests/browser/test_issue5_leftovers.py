"""Injury follow-up, last night's sleep at the morning check, and the thresholds page in the
browser, at phone and desktop width in both languages (screenshots for a person to look at)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from health_records.management.commands.seed_demo import DEMO_PASSWORD
from health_records.models import Classroom, Guardianship, InjuryIncident, SleepRecord

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

LANGUAGES_AND_WIDTHS = [(lang, width) for lang in ("zh-hans", "en") for width in (390, 1280)]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize(("language", "width"), LANGUAGES_AND_WIDTHS)
def test_doctor_adds_the_injury_review(demo, live_server, page_for, language, width):
    """The doctor opens the demo injury from the child's page, writes a review and the outcome;
    the child's page then shows the outcome."""
    incident = InjuryIncident.objects.get()
    page = page_for(width=width, language=language)
    login(page, live_server, "doctor", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/children/{incident.child_id}/")
    page.click(f"a[href='/injuries/{incident.pk}/follow-up/']")
    screenshot(page, f"injury-follow-up-{language}-{width}")
    page.fill("#id_review_note", "伤口愈合良好")
    page.select_option("#id_outcome", "recovered")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    page.goto(f"{live_server.url}/children/{incident.child_id}/")
    screenshot(page, f"injury-child-page-{language}-{width}")
    assert InjuryIncident.objects.get().outcome == "recovered"


@pytest.mark.parametrize(("language", "width"), LANGUAGES_AND_WIDTHS)
def test_caregiver_enters_last_nights_sleep_and_parent_reads_it(
    demo, live_server, page_for, language, width
):
    """caregiver1 enters 21:30 → 06:15 from the roster for a child of 乳儿班 (not yet checked in);
    the guardian's report for today shows the night, at home."""
    if timezone.localtime(timezone.now()).hour < 7:
        pytest.skip("06:15 today must be in the past")
    room = Classroom.objects.get(name="乳儿班")
    guardianship = Guardianship.objects.filter(child__classroom=room).select_related("user").first()
    child = guardianship.child
    page = page_for(width=width, language=language)
    login(page, live_server, "caregiver1", DEMO_PASSWORD)
    page.click(f"#child-{child.pk} a[href$='/sleep-at-home/']")
    page.fill("#id_start", "21:30")
    page.fill("#id_end", "06:15")
    screenshot(page, f"sleep-at-home-form-{language}-{width}")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    sleep = SleepRecord.objects.get(child=child, at_home=True)
    assert sleep.end_at - sleep.start_at == dt.timedelta(hours=8, minutes=45)
    parent = page_for(width=width, language=language)
    guardianship.user.set_password(DEMO_PASSWORD)
    guardianship.user.save()
    login(parent, live_server, guardianship.user.username, DEMO_PASSWORD)
    parent.goto(f"{live_server.url}/children/{child.pk}/report/")
    screenshot(parent, f"sleep-at-home-report-{language}-{width}")
    assert "21:30" in parent.content()


@pytest.mark.parametrize(("language", "width"), LANGUAGES_AND_WIDTHS)
def test_director_edits_the_thresholds(demo, live_server, page_for, language, width):
    """The director follows the link from the centre overview, sees the refusal of 39.5 °C,
    then saves 37.5 °C, which is listed under the changes."""
    page = page_for(width=width, language=language)
    login(page, live_server, "director", DEMO_PASSWORD)
    page.click("a[href='/centre/thresholds/']")
    screenshot(page, f"thresholds-{language}-{width}")
    page.fill("#id_fever_axillary_c", "39.5")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    screenshot(page, f"thresholds-error-{language}-{width}")
    assert page.locator(".error").count() == 1
    page.fill("#id_fever_axillary_c", "37.5")
    with page.expect_navigation():
        page.click("button[type=submit].primary")
    screenshot(page, f"thresholds-saved-{language}-{width}")
    assert "37.3 → 37.5" in page.content()
