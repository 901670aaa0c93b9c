"""The API docs page (Swagger UI from local files) runs under the site's strict CSP."""

from __future__ import annotations

import pytest

from health_records.models import StaffRole
from tests.factories import TEST_PASSWORD, CentreFactory, StaffMembershipFactory, UserFactory

from .conftest import login, screenshot

pytestmark = pytest.mark.browser


@pytest.fixture
def nurse(transactional_db: None):
    return StaffMembershipFactory(
        user=UserFactory(username="docs_nurse"), centre=CentreFactory(), role=StaffRole.NURSE
    ).user


def test_docs_page_renders_the_schema_without_csp_violations(nurse, live_server, page_for):
    """Swagger UI shows the medcare API and its operations; the console reports no CSP refusal
    and every script came from this server."""
    page = page_for(width=1280, language="en")
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    login(page, live_server, nurse.username, TEST_PASSWORD)
    page.goto(f"{live_server.url}/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector("text=/api/v1/children/")
    screenshot(page, "api_docs_1280_en")
    assert "medcare API" in page.inner_text(".swagger-ui .info .title")
    assert [m for m in messages if "Content Security Policy" in m] == []
    assert [url for url in requests if not url.startswith(live_server.url)] == []
