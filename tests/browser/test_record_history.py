"""A refused edit in the browser: a caregiver saves a meal a nurse changed meanwhile; the 409
page says so, and the record's history lists the refusal with who saved first (screenshots at
phone and desktop width in both languages)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone

from health_records.management.commands.seed_demo import DEMO_PASSWORD
from health_records.models import EditConflict, MealRecord
from health_records.services.care import care_record_update

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

LANGUAGES_AND_WIDTHS = [(lang, width) for lang in ("zh-hans", "en") for width in (390, 1280)]
REFUSED = {"zh-hans": "被拒绝", "en": "Refused"}


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize(("language", "width"), LANGUAGES_AND_WIDTHS)
def test_stale_meal_edit_is_refused_and_kept_in_history(
    demo, live_server, page_for, language, width
):
    """caregiver1 opens a meal of her room; the nurse saves 'half' meanwhile; caregiver1's save
    of 'all' is refused (409, the meal stays 'half') and the history shows her refused try."""
    caregiver = User.objects.get(username="caregiver1")
    room = caregiver.staff_memberships.get().classrooms.get()
    meal = (
        MealRecord.objects.filter(child__classroom=room, day__lt=timezone.localdate())
        .order_by("-day")
        .first()
    )
    assert meal is not None
    page = page_for(width=width, language=language)
    login(page, live_server, "caregiver1", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/records/meal/{meal.pk}/edit/")
    care_record_update(
        record=meal,
        expected_version=meal.version,
        edited_by=User.objects.get(username="nurse1"),
        changes={"amount_eaten": "half"},
    )
    page.select_option("#id_amount_eaten", "all")
    response = None
    with page.expect_response(lambda r: r.request.method == "POST") as info:
        page.click("button[type=submit].primary")
    response = info.value
    screenshot(page, f"record-refused-409-{language}-{width}")
    page.goto(f"{live_server.url}/records/meal/{meal.pk}/edit/")
    screenshot(page, f"record-history-refused-{language}-{width}")
    meal.refresh_from_db()
    assert (response.status, meal.amount_eaten, EditConflict.objects.count()) == (409, "half", 1)
    assert REFUSED[language] in page.inner_text(".daytimeline")
