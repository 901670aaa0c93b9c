"""Growth in the browser: a nurse's measuring day for a classroom (keyboard entry, results at
once, a refused row), and a parent tapping a point on their child's chart. Phone and desktop
widths in both languages; screenshots kept under var/screenshots/ for a person to look at."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from health_records.management.commands.seed_demo import DEMO_PASSWORD
from health_records.models import Child, Classroom, GrowthMeasurement, Guardianship

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

COMBOS = [(390, "zh-hans"), (1280, "en")]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", stdout=StringIO())


def _last(child: Child) -> GrowthMeasurement:
    return GrowthMeasurement.objects.filter(child=child).order_by("-measured_on").first()


@pytest.mark.parametrize(("width", "language"), COMBOS)
def test_nurse_records_a_classroom_batch(demo, live_server, page_for, width, language):
    """nurse1 opens measuring day from the dashboard, types two children's values with the
    keyboard (Tab moves weight → length → position → head), saves once: the first child's
    z-scores and classes appear at once, the second's grams typed as kg are refused on its row."""
    room = Classroom.objects.get(name="托小班")
    page = page_for(width=width, language=language)
    login(page, live_server, "nurse1", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("a[href='/growth/measuring-day/']")
    with page.expect_navigation():
        page.click(f"a[href='/growth/measuring-day/{room.pk}/']")
    rows = page.locator("li.batch-row")
    first_id = rows.nth(0).get_attribute("id").removeprefix("child-")
    second_id = rows.nth(1).get_attribute("id").removeprefix("child-")
    previous = _last(Child.objects.get(pk=first_id))
    rows.nth(0).locator("input[name$='-weight_kg']").click()
    page.keyboard.type(str(previous.weight_kg + Decimal("0.10")))
    page.keyboard.press("Tab")
    page.keyboard.type(str(previous.length_height_cm + Decimal("0.4")))
    page.keyboard.press("Tab")  # position: left as expected for the age
    page.keyboard.press("Tab")
    page.keyboard.type(str((previous.head_circumference_cm or Decimal("46.0")) + Decimal("0.1")))
    rows.nth(1).locator("input[name$='-weight_kg']").fill("10450")
    screenshot(page, f"growth-batch-typed-{language}-{width}")
    with page.expect_navigation():
        page.click("button.batch-save")
    first = page.locator(f"#child-{first_id}")
    second = page.locator(f"#child-{second_id}")
    saved_word, z_word, grams_word = (
        ("已保存", "Z评分", "克") if language == "zh-hans" else ("Saved.", "Z-score", "grams")
    )
    assert saved_word in first.inner_text()
    assert z_word in first.inner_text()
    assert grams_word in second.inner_text()
    assert (
        GrowthMeasurement.objects.filter(
            child_id=second_id, measured_on=timezone.localdate(timezone=room.centre.tz)
        ).count()
        == 0
    )
    screenshot(page, f"growth-batch-saved-{language}-{width}")
    # The saved child's result table scrolls inside its card; the page itself never gets wider.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize(("width", "language"), COMBOS)
def test_parent_taps_a_point_and_sees_its_values(demo, live_server, page_for, width, language):
    """parent01 opens a child's growth chart, taps the latest point and reads its date, age,
    value, z-score and percentile under the chart."""
    child = (
        Guardianship.objects.filter(user__username="parent01")
        .order_by("child__birth_date")
        .last()
        .child
    )
    latest = _last(child)
    page = page_for(width=width, language=language)
    login(page, live_server, "parent01", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/children/{child.pk}/growth/")
    page.wait_for_selector("figure.growth-chart[data-ready=true]")
    page.locator("figure.growth-chart canvas").scroll_into_view_if_needed()
    point = page.evaluate(
        """() => {
          const canvas = document.querySelector('figure.growth-chart canvas');
          const chart = Chart.getChart(canvas);
          const meta = chart.getDatasetMeta(chart.data.datasets.length - 1);
          const el = meta.data[meta.data.length - 1];
          const box = canvas.getBoundingClientRect();
          return {x: box.left + el.x, y: box.top + el.y};
        }"""
    )
    page.mouse.click(point["x"], point["y"])
    detail = page.locator(".growth-point")
    detail.locator("dl").wait_for()
    text = detail.inner_text()
    z_label = "Z评分" if language == "zh-hans" else "Z-score"
    assert latest.measured_on.isoformat() in text
    assert z_label in text
    screenshot(page, f"growth-chart-parent-{language}-{width}")


@pytest.mark.parametrize(("width", "language"), [(390, "en"), (1280, "zh-hans")])
def test_doctor_views_and_report_render_in_both_languages(
    demo, live_server, page_for, width, language
):
    """The doctor's chart (China percentiles), the printable report and measuring day render
    with their charts in the other width/language pairs; screenshots kept."""
    child = Child.objects.filter(classroom__name="托大班").order_by("birth_date").first()
    page = page_for(width=width, language=language)
    login(page, live_server, "doctor", DEMO_PASSWORD)
    page.goto(
        f"{live_server.url}/children/{child.pk}/growth/?indicator=lhfa&standard=ws_t_423_2022"
        "&kind=percentile&range=36"
    )
    page.wait_for_selector("figure.growth-chart[data-ready=true]")
    screenshot(page, f"growth-chart-doctor-{language}-{width}")
    page.goto(f"{live_server.url}/children/{child.pk}/growth/report/")
    from playwright.sync_api import expect

    expect(page.locator("figure.growth-chart[data-ready=true]")).to_have_count(5)
    page.emulate_media(media="print")
    screenshot(page, f"growth-report-print-{language}-{width}")
    page.emulate_media(media="screen")
    room = Classroom.objects.get(name="乳儿班")
    page.goto(f"{live_server.url}/growth/measuring-day/{room.pk}/")
    assert page.locator("li.batch-row").count() == Child.objects.filter(classroom=room).count()
    screenshot(page, f"growth-batch-empty-{language}-{width}")
