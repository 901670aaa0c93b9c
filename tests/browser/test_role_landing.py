"""Each role logs in through the real login form and lands on its page, in both languages."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from health_records.management.commands.seed_demo import DEMO_PASSWORD

from .conftest import login, screenshot

pytestmark = pytest.mark.browser

LANDINGS = [
    # username, path prefix of the landing page, a heading in zh-hans, the same in English
    ("caregiver1", "/classrooms/", "乳儿班", "乳儿班"),
    ("nurse1", "/medical/", "预警收件箱", "Alert inbox"),
    ("director", "/centre/", "班级", "Classrooms"),
    ("parent01", "/my-children/", "我的孩子", "My children"),
]
VIEWS = [(390, "zh-hans"), (390, "en"), (1280, "zh-hans"), (1280, "en")]


@pytest.fixture
def demo(transactional_db: None) -> None:
    call_command("seed_demo", stdout=StringIO())


@pytest.mark.parametrize(("username", "path", "zh_text", "en_text"), LANDINGS)
def test_role_lands_on_its_page(demo, live_server, page_for, username, path, zh_text, en_text):
    """At phone and desktop width, in Chinese and English, login lands the role on its page with
    its text in that language; a screenshot of each is kept (one demo seed for all four)."""
    landed = []
    for width, language in VIEWS:
        page = page_for(width=width, language=language)
        login(page, live_server, username, DEMO_PASSWORD)
        text = zh_text if language == "zh-hans" else en_text
        landed.append((page.url.startswith(f"{live_server.url}{path}"), text in page.content()))
        screenshot(page, f"landing-{username}-{language}-{width}")
    assert landed == [(True, True)] * len(VIEWS)


def test_wrong_password_then_language_switch(demo, live_server, page_for):
    """A wrong password keeps the user on the login page with the generic message; after a
    correct login, tapping English in the header turns the page English and the choice sticks."""
    page = page_for(width=390, language="zh-hans")
    login(page, live_server, "nurse1", "wrong-password")
    assert "/accounts/login/" in page.url
    assert "请输入一个正确的用户名和密码" in page.content()
    screenshot(page, "login-wrong-zh-hans-390")
    login(page, live_server, "nurse1", DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("form.lang button[value=en]")
    assert "Alert inbox" in page.content()
    page.goto(f"{live_server.url}/medical/")
    assert "Alert inbox" in page.content()
