"""A second click on a form's Save sends nothing more (static/js/forms.js): the injury form, which
the tester saw save the same injury twice."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from health_records.management.commands.seed_demo import DEMO_PASSWORD
from health_records.models import Child

from .conftest import login

pytestmark = pytest.mark.browser


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", stdout=StringIO())


def test_injury_form_is_sent_once(demo, live_server, page_for):
    """caregiver1 saves the injury form of a child of 乳儿班 (the POST answered without leaving
    the page): Save is then disabled and a second submit sends nothing."""
    caregiver = User.objects.get(username="caregiver1")
    room = caregiver.staff_memberships.get().classrooms.get()
    child = Child.objects.filter(classroom=room).first()
    assert child is not None
    page = page_for(width=390, language="zh-hans")
    login(page, live_server, "caregiver1", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/children/{child.pk}/injuries/new/")
    page.fill("#id_place", "滑梯")
    page.fill("#id_description", "从滑梯滑下时擦伤")
    page.fill("#id_body_part", "左膝")
    page.fill("#id_first_aid", "清洗伤口")
    posts: list[str] = []

    def answer(route: Any) -> None:
        # The POST is answered "204 No Content", so the page stays where it is after sending.
        if route.request.method == "POST":
            posts.append(route.request.url)
            route.fulfill(status=204)
        else:
            route.continue_()

    from playwright.sync_api import expect

    page.route("**/injuries/new/", answer)
    button = page.locator("main form button[type=submit]")
    button.click()
    expect(button).to_be_disabled()
    page.locator("main form").evaluate("form => form.requestSubmit()")
    page.wait_for_timeout(300)
    assert (len(posts), button.is_disabled()) == (1, True)
