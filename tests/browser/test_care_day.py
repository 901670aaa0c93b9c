"""The caregiver's morning in the browser: check in, the morning check round, lunch for all
with two exceptions; a parent reads the daily report. Phone width, both languages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from health_records.management.commands.seed_demo import DEMO_PASSWORD
from health_records.models import Attendance, Classroom, DailyHealthCheck, MealRecord

from .conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", stdout=StringIO())


def _click_until_gone(page, selector: str) -> int:
    """Click the first match and wait for the reload, until none is left; returns the count."""
    done = 0
    while page.locator(selector).count():
        with page.expect_navigation():
            page.locator(selector).first.click()
        done += 1
    return done


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_caregiver_morning_check_and_lunch_with_two_exceptions(
    demo, live_server, page_for, language
):
    """caregiver1 checks in 乳儿班, does each morning check, logs lunch: 2 exceptions, rest most."""
    room = Classroom.objects.get(name="乳儿班")
    today = timezone.localdate()
    page = page_for(width=390, language=language)
    login(page, live_server, "caregiver1", DEMO_PASSWORD)
    assert page.url.endswith(f"/classrooms/{room.pk}/")
    screenshot(page, f"care-roster-start-{language}-390")
    arrived = _click_until_gone(page, "form[action$='/check-in/'] button")
    assert (
        arrived
        == Attendance.objects.filter(
            child__classroom=room, day=today, checked_in_at__isnull=False
        ).count()
    )

    page.goto(f"{live_server.url}/classrooms/{room.pk}/checks/morning/")
    page.locator(".round-item").first.locator("input[name=temperature_c]").fill("36.6")
    screenshot(page, f"care-check-round-{language}-390")
    temperatures = iter(
        [
            "36.6",
            "36.8",
            "37.0",
            "36.5",
            "36.9",
            "36.7",
            "36.4",
            "36.6",
            "36.8",
            "36.5",
            "36.6",
            "36.7",
        ]
    )
    while page.locator(".round-item").count():
        item = page.locator(".round-item").first
        item.locator("input[name=temperature_c]").fill(next(temperatures))
        with page.expect_navigation():
            item.locator("button[value=cleared]").click()
    assert (
        DailyHealthCheck.objects.filter(child__classroom=room, day=today, session="morning").count()
        == arrived
    )

    page.goto(f"{live_server.url}/classrooms/{room.pk}/meals/?meal=lunch")
    rows = page.locator(".meal-row")
    rows.nth(1).locator("label.amount:has(input[value=half]) span").click()
    rows.nth(2).locator("label.amount:has(input[value=refused]) span").click()
    screenshot(page, f"care-lunch-{language}-390")
    with page.expect_navigation():
        page.locator("form.meal-form button[type=submit]").click()
    lunch = MealRecord.objects.filter(child__classroom=room, day=today, meal_type="lunch")
    assert sorted(lunch.values_list("amount_eaten", flat=True)) == sorted(
        ["half", "refused"] + ["most"] * (arrived - 2)
    )
    screenshot(page, f"care-roster-after-lunch-{language}-390")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_parent_reads_yesterdays_daily_report(demo, live_server, page_for, language):
    """parent01 opens a child's daily report, steps to the previous day and sees meals and sleep."""
    page = page_for(width=390, language=language)
    login(page, live_server, "parent01", DEMO_PASSWORD)
    page.locator("a.tile").last.click()
    page.wait_for_load_state()
    with page.expect_navigation():
        page.locator("a[href$='/report/']").first.click()
    for _ in range(3):  # back to the last day the child was at the centre
        with page.expect_navigation():
            page.locator("a[rel=prev]").click()
        if page.locator(".tl-meal").count():
            break
    text = page.locator("main").inner_text()
    assert ("一日报告" if language == "zh-hans" else "Daily report") in text
    assert page.locator(".tl-meal").count() >= 1
    assert ("小时" if language == "zh-hans" else " h ") in page.locator(".summary").inner_text()
    screenshot(page, f"care-daily-report-{language}-390")


def test_nurse_sees_the_due_list_and_medication_at_desktop_width(demo, live_server, page_for):
    """nurse1 opens the medication doses and the health-check due list at 1280 px."""
    page = page_for(width=1280, language="zh-hans")
    login(page, live_server, "nurse1", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/medication/")
    assert "今日喂药" in page.content()
    screenshot(page, "care-medication-zh-hans-1280")
    page.goto(f"{live_server.url}/health-checks/due/")
    assert "待体检" in page.content()
    screenshot(page, "care-due-zh-hans-1280")
