"""Browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

Use ``page_for(width=390, language="zh-hans")`` for a fresh page (own context, viewport, locale),
``login(page, live_server, username, password)`` to sign in, and ``screenshot(page, name)`` to
write ``var/screenshots/<name>.png`` (not committed) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ..conftest import IN_CI

CHROMIUM = Path(os.environ.get("MEDCARE_CHROMIUM", "/usr/bin/chromium"))
SHOTS = Path(__file__).resolve().parent.parent.parent / "var" / "screenshots"
HEIGHTS = {390: 844, 1280: 800}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium per session; skipped (failed in CI) without Debian's chromium."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install chromium fonts-wqy-microhei"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself (fixtures, assertions) are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield instance
        instance.close()


@pytest.fixture
def page_for(browser: Any) -> Iterator[Callable[..., Any]]:
    """Factory of pages: ``page_for(width=390, language="zh-hans")``; contexts closed after."""
    contexts: list[Any] = []

    def make(width: int = 390, language: str = "zh-hans") -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": HEIGHTS.get(width, 900)},
            locale="zh-CN" if language == "zh-hans" else "en-GB",
            extra_http_headers={
                "Accept-Language": "zh-CN,zh;q=0.9" if language == "zh-hans" else "en-GB,en;q=0.9"
            },
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def login(page: Any, live_server: Any, username: str, password: str) -> None:
    """Sign in through the login form and wait for the landing page."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("button[type=submit].primary")


def screenshot(page: Any, name: str) -> Path:
    """Full-page PNG under var/screenshots/; returns its path."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
